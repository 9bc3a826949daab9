// Is anything left in the residuals? The sample autocorrelation of a forecast's errors
// with its +-1.96/sqrt(n) bounds, and the Ljung-Box portmanteau test: a small p-value
// says the errors are still correlated, so a better model could use that structure.
#pragma once
#include <span>
#include <vector>

namespace rnnlab {

struct ResidualCheck {
    std::vector<double> acf; // r_1 .. r_lags
    double bound = 0.0;      // 1.96 / sqrt(n)
    int lags = 0;
    double ljungBox = 0.0;   // Q = n (n+2) sum_k r_k^2 / (n-k)
    double pValue = 1.0;     // P(chi2_lags > Q)
};

// lags: 2m for a seasonal series (m >= 2), else 10, never above n/5 (Hyndman &
// Athanasopoulos' rule). Throws std::invalid_argument with fewer than 10 residuals.
ResidualCheck checkResiduals(std::span<const double> residuals, int seasonalPeriod);

// P(X > x) for X ~ chi2 with `dof` degrees of freedom (regularised upper incomplete gamma).
double chiSquareSurvival(double x, int dof);

} // namespace rnnlab
