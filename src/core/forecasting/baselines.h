// Classical forecasts on the same windows as the network, so a model can be judged
// against something simple: naive, seasonal naive, drift and a linear AR(p) fitted by
// least squares on the training rows, plus ETS and Theta (ets.h, theta.h). All predictions are in the target's original units.
#pragma once
#include "data/windows.h"

#include <Eigen/Core>

#include <span>
#include <string>
#include <vector>

namespace rnnlab {

struct BaselineOptions {
    int seasonalPeriod = -1; // -1: detect from the training rows; 0: skip seasonal naive
    int arOrder = 0; // 0: min(lookback, 24); always capped at the lookback
    bool naive = true, seasonalNaive = true, drift = true, ar = true;
    bool ets = true, theta = true; // ets.h, theta.h: fitted on the training rows
};

struct BaselineForecast {
    std::string name; // "naive", "seasonal naive (m=12)", "drift", "AR(12)"
    Eigen::MatrixXd pred; // H x windows, original units; empty when skipped
    std::string note; // why it was skipped, or how it was fitted
    bool skipped() const { return pred.size() == 0; }
};

// For window i (inputs rows [i, i+L)) and step h = 0..H-1 (forecasting row i+L+h),
// with y the target column:
//   naive:          y[i+L-1]
//   seasonal naive: y[i+L-m + (h mod m)]  (the value one season before, repeated
//                   every m steps); needs 2 <= m <= L so it uses only the window
//   drift:          y[i+L-1] + (h+1) * (y[i+L-1] - y[i]) / (L-1); needs L >= 2
//   AR(p):          y_t = c + a_1 y_{t-1} + ... + a_p y_{t-p}, least squares over the
//                   training targets t in [p, trainEnd) (the last 100,000 of them on a
//                   long series), run recursively from the window's last p values. p = min(L, arOrder or 24); skipped when
//                   the training rows give fewer than 2(p+1) equations.
// Skipped baselines are returned with an empty pred and a note.
// requires: `series` is the one given to makeWindows (after the missing-value
//           policy, if that changed it: the target rows must be finite and
//           series.rows() == w.rows, else std::invalid_argument).
// ETS and Theta (fitted on the training rows, run over the whole series) follow, named
// "ETS(A,Ad,M)" (the form AICc chose) and "Theta".
std::vector<BaselineForecast> runBaselines(
    const Series &series, const Windows &w, std::span<const int> starts, const BaselineOptions &options = {});

// Seasonal period from the sample autocorrelation r_k of y (pass the training rows):
// y is first detrended by a least-squares line, then the answer is the first lag k in
// 2..n/3 where r_k is a local maximum, above max(0.15, 3/sqrt(n)) and above the lowest
// r_j (1 <= j < k) by at least 0.2 (then the highest lag of that hump, while r stays
// within 0.1 of r_k). Returns 0 when there is no such lag. Finds 12 on
// AirPassengers, co2 and nottem, 0 on Nile, EuStockMarkets, white noise, random walks.
// A series longer than 100,000 values is read from its last 100,000.
int detectSeasonalPeriod(std::span<const double> y);

// Sample autocorrelation r_0..r_maxLag of y (r_0 = 1; all 0 for a constant y).
std::vector<double> autocorrelation(std::span<const double> y, int maxLag);

// The target column in original units, checked against w (see runBaselines): a view
// into series.values, valid while `series` lives (a copy would be 8 MB per million rows).
using TargetView = Eigen::Map<const Eigen::VectorXd>;
TargetView targetValues(const Series &series, const Windows &w);

} // namespace rnnlab
