// Theta: seasonal indices, line slope, SES weight, and open-loop forecasts.
#include "forecasting/theta.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace rnnlab {

namespace {

// Classical decomposition indices (statsmodels' seasonal_decompose): a centred moving
// average, the ratio (or difference) to it, averaged per season position, then
// normalised to mean 1 (or 0).
std::vector<double> seasonalIndices(std::span<const double> y, int m, bool multiplicative)
{
    // The centred moving average as a sliding sum: O(n), not O(n m) (a 7M-row training
    // split with a 31,416-row season took minutes, holding the baseline job and Quit).
    // Even m: weights 1/(2m), 1/m ... 1/m, 1/(2m) over m+1 values; odd m: 1/m over m.
    // The inner sum is recomputed exactly every max(m, 1024) steps, so rounding does
    // not accumulate over millions of rows (and the cost stays O(n)).
    const int n = (int)y.size();
    const bool even = m % 2 == 0;
    const int half = m / 2;
    // Inner terms: [t-half+1, t+half-1] for even m (m-1 values), [t-half, t+half] for odd.
    const int lo = even ? 1 - half : -half;
    const int hi = even ? half - 1 : half;
    auto innerAt = [&](int t) {
        double sum = 0.0;
        for (int j = t + lo; j <= t + hi; ++j) {
            sum += y[j];
        }
        return sum;
    };
    const int refresh = std::max(m, 1024);
    std::vector<double> sum(m, 0.0);
    std::vector<int> count(m, 0);
    double inner = 0.0;
    for (int t = half, k = 0; t + half < n; ++t, ++k) {
        if (k % refresh == 0) {
            inner = innerAt(t);
        } else {
            inner += y[t + hi] - y[t + lo - 1];
        }
        const double trend = even ? (inner + 0.5 * (y[t - half] + y[t + half])) / m : inner / m;
        sum[t % m] += multiplicative ? y[t] / trend : y[t] - trend;
        ++count[t % m];
    }
    std::vector<double> idx(m);
    double mean = 0.0;
    for (int j = 0; j < m; ++j) {
        idx[j] = count[j] > 0 ? sum[j] / count[j] : (multiplicative ? 1.0 : 0.0);
        mean += idx[j] / m;
    }
    for (double &v : idx) {
        v = multiplicative ? v / mean : v - mean;
    }
    return idx;
}

double sesSse(std::span<const double> x, double alpha)
{
    double level = x[0], sse = 0.0;
    for (std::size_t t = 1; t < x.size(); ++t) {
        const double e = x[t] - level;
        sse += e * e;
        level += alpha * e;
    }
    return sse;
}

// SSE is smooth in alpha but can have several minima: a grid, then golden section
// around the best grid point.
double fitSesAlpha(std::span<const double> x)
{
    constexpr double lo = 1e-4, hi = 1.0;
    constexpr int grid = 100;
    int best = 0;
    double bestF = INFINITY;
    for (int i = 0; i <= grid; ++i) {
        const double f = sesSse(x, lo + (hi - lo) * i / grid);
        if (f < bestF) {
            bestF = f;
            best = i;
        }
    }
    double a = lo + (hi - lo) * std::max(0, best - 1) / grid;
    double b = lo + (hi - lo) * std::min(grid, best + 1) / grid;
    const double g = (std::sqrt(5.0) - 1.0) / 2.0;
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = sesSse(x, c), fd = sesSse(x, d);
    for (int it = 0; it < 80 && b - a > 1e-10; ++it) {
        if (fc < fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = sesSse(x, c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = sesSse(x, d);
        }
    }
    return (a + b) / 2.0;
}

} // namespace

ThetaFit fitTheta(std::span<const double> y, int period)
{
    const int n = (int)y.size();
    if (n < 3) {
        throw std::invalid_argument("Theta needs at least 3 training rows; there are " + std::to_string(n));
    }
    ThetaFit fit;
    fit.observations = n;
    if (period >= 2 && 2 * period <= n) {
        const std::vector<double> r = autocorrelation(y, period);
        double denom = 0.0;
        for (int k = 0; k < period; ++k) {
            denom += r[k] * r[k];
        }
        // 2.7055 = 1.645^2, the 90% point of chi2 with one degree of freedom.
        if (n * r[period] * r[period] / denom > 2.705543454095404) {
            fit.period = period;
            fit.multiplicative = *std::min_element(y.begin(), y.end()) > 0;
            fit.seasonIndex = seasonalIndices(y, period, fit.multiplicative);
            if (fit.multiplicative && *std::min_element(fit.seasonIndex.begin(), fit.seasonIndex.end()) <= 0) {
                fit.multiplicative = false;
                fit.seasonIndex = seasonalIndices(y, period, false);
            }
        }
    }
    std::vector<double> x(y.begin(), y.end());
    if (fit.period > 0) {
        for (int t = 0; t < n; ++t) {
            x[t] = fit.multiplicative ? x[t] / fit.seasonIndex[t % fit.period] : x[t] - fit.seasonIndex[t % fit.period];
        }
    }
    const double tMean = (n - 1) / 2.0;
    double xMean = 0.0;
    for (double v : x) {
        xMean += v / n;
    }
    double stx = 0.0, stt = 0.0;
    for (int t = 0; t < n; ++t) {
        stx += (t - tMean) * (x[t] - xMean);
        stt += (t - tMean) * (t - tMean);
    }
    fit.b0 = stx / stt;
    fit.alpha = fitSesAlpha(x);
    return fit;
}

Eigen::MatrixXd thetaForecasts(const ThetaFit &fit, std::span<const double> y, std::span<const int> origins, int H)
{
    const int rows = (int)y.size();
    // The SES level after each row, on the deseasonalised series.
    std::vector<double> level(rows);
    auto deseason = [&](int t) {
        if (fit.period == 0) {
            return y[t];
        }
        const double s = fit.seasonIndex[t % fit.period];
        return fit.multiplicative ? y[t] / s : y[t] - s;
    };
    double l = rows > 0 ? deseason(0) : 0.0;
    for (int t = 0; t < rows; ++t) {
        l += fit.alpha * (deseason(t) - l);
        level[t] = l;
    }
    Eigen::MatrixXd out(H, (Eigen::Index)origins.size());
    for (std::size_t n = 0; n < origins.size(); ++n) {
        const int T = origins[n];
        if (T < 1 || T > rows) {
            throw std::invalid_argument("Theta forecast origin " + std::to_string(T) + " is outside the "
                + std::to_string(rows) + " rows of the series");
        }
        for (int h = 1; h <= H; ++h) {
            double v = level[T - 1]
                + 0.5 * fit.b0 * (h - 1 + 1.0 / fit.alpha - std::pow(1.0 - fit.alpha, T) / fit.alpha);
            if (fit.period > 0) {
                const double s = fit.seasonIndex[(T + h - 1) % fit.period];
                v = fit.multiplicative ? v * s : v + s;
            }
            out(h - 1, (Eigen::Index)n) = v;
        }
    }
    return out;
}

BaselineForecast thetaBaseline(const Eigen::Ref<const Eigen::VectorXd> &y, const Windows &w, std::span<const int> starts, int period)
{
    BaselineForecast b{"Theta", {}, {}};
    try {
        const ThetaFit fit = fitTheta(std::span<const double>(y.data(), w.trainEnd), period);
        std::vector<int> origins(starts.size());
        for (std::size_t n = 0; n < starts.size(); ++n) {
            origins[n] = starts[n] + w.lookback;
        }
        b.pred = thetaForecasts(fit, std::span<const double>(y.data(), y.size()), origins, w.horizon);
        char buf[160];
        std::snprintf(buf, sizeof buf, "SES (alpha %.3g) plus half the training line's slope (%.4g per row)", fit.alpha,
                      fit.b0);
        b.note = buf;
        if (fit.period > 0) {
            b.note += std::string(", ") + (fit.multiplicative ? "multiplicative" : "additive")
                + " seasonal indices, m " + std::to_string(fit.period);
        }
    } catch (const std::invalid_argument &e) {
        b.pred.resize(0, 0);
        b.note = std::string("skipped: ") + e.what();
    }
    return b;
}

} // namespace rnnlab
