// checkResiduals: ACF, Ljung-Box Q and its chi-square p-value (series expansion below
// a+1, continued fraction above, as in Numerical Recipes' gammp/gammq).
#include "forecasting/residual_checks.h"

#include "forecasting/baselines.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace rnnlab {

namespace {

// Regularised upper incomplete gamma Q(a, x).
double gammaQ(double a, double x)
{
    if (x <= 0.0) {
        return 1.0;
    }
    const double lnPrefix = -x + a * std::log(x) - std::lgamma(a);
    if (x < a + 1.0) {
        double sum = 1.0 / a, term = sum;
        for (int n = 1; n < 1000; ++n) {
            term *= x / (a + n);
            sum += term;
            if (std::abs(term) < std::abs(sum) * 1e-15) {
                break;
            }
        }
        return 1.0 - sum * std::exp(lnPrefix);
    }
    // Lentz's continued fraction for Q.
    const double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 1000; ++i) {
        const double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        d = std::abs(d) < tiny ? tiny : d;
        c = b + an / c;
        c = std::abs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::abs(delta - 1.0) < 1e-15) {
            break;
        }
    }
    return std::exp(lnPrefix) * h;
}

} // namespace

double chiSquareSurvival(double x, int dof)
{
    if (dof < 1) {
        throw std::invalid_argument("chi-square needs at least one degree of freedom");
    }
    return std::clamp(gammaQ(0.5 * dof, 0.5 * x), 0.0, 1.0);
}

ResidualCheck checkResiduals(std::span<const double> e, int seasonalPeriod)
{
    const int n = (int)e.size();
    if (n < 10) {
        throw std::invalid_argument("residual checks need at least 10 residuals; there are " + std::to_string(n));
    }
    ResidualCheck c;
    c.lags = std::max(1, std::min(seasonalPeriod >= 2 ? 2 * seasonalPeriod : 10, n / 5));
    const std::vector<double> r = autocorrelation(e, c.lags);
    c.acf.assign(r.begin() + 1, r.end());
    c.bound = 1.96 / std::sqrt(double(n));
    for (int k = 1; k <= c.lags; ++k) {
        c.ljungBox += r[k] * r[k] / double(n - k);
    }
    c.ljungBox *= double(n) * (n + 2.0);
    c.pValue = chiSquareSurvival(c.ljungBox, c.lags);
    return c;
}

} // namespace rnnlab
