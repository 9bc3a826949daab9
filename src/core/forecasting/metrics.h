// Forecast error metrics in original units, overall and per horizon step: MAE, RMSE,
// MAPE, sMAPE and MASE (scaled by the one-step naive error on the training rows).
// Predictions and actuals are H x N: one column per window, row h = step h+1.
#pragma once
#include "data/windows.h"

#include <Eigen/Core>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rnnlab {

struct Metrics {
    double mae = 0.0, rmse = 0.0;
    std::optional<double> mape; // percent; empty when an actual is ~0 (|y| < 1e-12)
    double smape = 0.0; // percent, 200 |e| / (|y| + |yhat|); a 0/0 term counts as 0
    std::optional<double> mase; // MAE / naive scale; empty when the scale is ~0 or unknown
    std::string note; // why mape or mase is empty
};

struct MetricsReport {
    Metrics overall;
    std::vector<Metrics> perStep; // H entries, step 1..H
};

// Throws std::invalid_argument when the shapes differ, N == 0, or a value is not finite.
// naiveScale: the MASE denominator (see naiveScale()); pass std::nullopt to skip MASE.
MetricsReport computeMetrics(
    const Eigen::MatrixXd &pred, const Eigen::MatrixXd &actual, std::optional<double> naiveScale);

// In-sample one-step naive MAE of the training rows: mean |y_t - y_{t-1}| over
// t in [1, trainEnd). Empty when trainEnd < 2.
std::optional<double> naiveScale(const Series &series, const Windows &w);

// The actual targets, H x N in original units: column n holds rows
// [starts[n]+L, starts[n]+L+H) of the target column. Same requirement on `series`
// as runBaselines (the series given to makeWindows).
Eigen::MatrixXd actualsMatrix(const Series &series, const Windows &w, std::span<const int> starts);

} // namespace rnnlab
