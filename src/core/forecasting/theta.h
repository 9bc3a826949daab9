// The Theta method in the form of Hyndman & Billah (2003): simple exponential smoothing
// plus half the slope of a least-squares line (theta = 2), on the series divided by
// classical multiplicative seasonal indices when a season is found. Follows statsmodels'
// ThetaModel (default two-step estimation) so it can be checked against it.
#pragma once
#include "forecasting/baselines.h"

#include <Eigen/Core>

#include <span>
#include <string>
#include <vector>

namespace rnnlab {

struct ThetaFit {
    int period = 0;                  // m of the seasonal indices; 0: not deseasonalised
    bool multiplicative = true;      // indices divide (else they are subtracted)
    std::vector<double> seasonIndex; // m indices, row r uses seasonIndex[r mod m]
    double alpha = 0.5;              // SES weight, least squares with the first value as level
    double b0 = 0.0;                 // slope of the line fitted to the deseasonalised rows
    int observations = 0;
};

// Fits on y (the training rows, row 0 first). Deseasonalises when 2 <= period and
// 2 * period <= n and the lag-m autocorrelation passes statsmodels' 90% test
// n r_m^2 / sum_{k<m} r_k^2 > chi2_1(0.9); indices by classical decomposition (centred
// moving average of length m, 2 x m for even m), multiplicative when y > 0 and every
// index > 0, else additive. Throws std::invalid_argument when y has fewer than 3 rows.
ThetaFit fitTheta(std::span<const double> y, int period);

// Open-loop forecasts over y (the whole series; rows [0, origins[n]) observed): at origin
// T, step h, x^_{T+h} = SES level after row T-1 + b0/2 (h - 1 + 1/alpha - (1-alpha)^T/alpha),
// re-seasonalised. H x N; an origin < 1 throws std::invalid_argument.
Eigen::MatrixXd thetaForecasts(const ThetaFit &fit, std::span<const double> y, std::span<const int> origins, int H);

// The baseline entry, named "Theta": fitted on the training rows.
BaselineForecast thetaBaseline(const Eigen::Ref<const Eigen::VectorXd> &y, const Windows &w, std::span<const int> starts, int period);

} // namespace rnnlab
