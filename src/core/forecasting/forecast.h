// Running a trained Model<float> over windows: open-loop (every window's forecast from
// true inputs) and closed-loop (the model's own predictions fed back as the target
// input; other inputs come from the data's rows past the origin). Results are in the target's original units:
// toLevels() is the one place where predictions leave normalised, transformed space.
#pragma once
#include "nn/model.h"
#include "data/windows.h"

#include <Eigen/Core>

#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace rnnlab {

// Levels (original units) of rows origin, origin+1, ... from the model's normalised
// predictions of those rows' transformed values: invert w.targetNorm, then undo
// w.transform (Log: exp; Difference: w.targetLevels[origin-1] plus the running sum;
// LogDifference: exp of log w.targetLevels[origin-1] plus the running sum;
// SeasonalDifference: plus the level m rows back, true before the origin, else the
// forecast one; LogSeasonalDifference: the same in logs, then exp).
// requires: 1 (m for the seasonal ones) <= origin <= w.rows when w.transform differences
//           (else std::invalid_argument).
std::vector<double> toLevels(const Windows &w, int origin, std::span<const float> predNorm);
// The same from values already in transformed (not normalised) units: the inverse of
// transformColumn for the rows origin, origin+1, ...
std::vector<double> levelsFromTransformed(const Windows &w, int origin, std::span<const double> transformed);
// The same per window: column n of predNorm (H x N) forecasts rows
// [starts[n]+L, starts[n]+L+H); returns H x N levels.
Eigen::MatrixXd toLevels(const Windows &w, std::span<const int> starts, const Eigen::MatrixXf &predNorm);

// requires: model.inputSize() == w.features() and model.horizon() == w.horizon
//           (else std::invalid_argument); every start a valid window start.
// ensures:  H x N, column n = the forecast for window starts[n] in original units
//           (toLevels). Runs in batches of `batchSize` windows per forward call;
//           `progress` as for closedLoopForecast below, with the windows done.
Eigen::MatrixXd openLoopPredict(Model<float> &model, const Windows &w, std::span<const int> starts,
                                int batchSize = 256, const std::function<bool(int windows)> &progress = {});

// Forecasts `steps` rows from `origin` on: the first window's inputs are the true rows
// [origin-L, origin); after each forward call all H predictions are appended to the
// window and it advances by H, so the forecast may run past the end of the data.
// The window holds transformed values; the returned forecasts are levels cumulated
// from the true level of row origin-1 (toLevels).
// Inputs other than the target (a calendar, a planned promotion) cannot be fed back:
// their values are read from the rows the data has past the origin, so the forecast
// ends where those rows end, and `note` (when given) says so; with no such row it
// throws std::invalid_argument naming the columns (`columnNames` gives their names).
// `progress`, when given, is called with the steps made so far after every forward
// call; returning false stops the forecast with ForecastStopped (nothing is returned).
// Time and memory are linear in steps: one forward call of L steps per H steps.
// requires: L + w.firstRow() <= origin <= w.rows; steps >= 0.
// Bytes a forecast of `steps` rows holds (the fed-back window, the levels, the open
// loop's H x steps results): what the CLI checks before it starts.
double forecastBytes(long long steps, int lookback, int horizon);
struct ForecastStopped : std::runtime_error {
    ForecastStopped() : std::runtime_error("forecast stopped") {}
};
std::vector<double> closedLoopForecast(
    Model<float> &model, const Windows &w, int origin, int steps, const std::vector<std::string> &columnNames = {},
    std::string *note = nullptr, const std::function<bool(int steps)> &progress = {});

} // namespace rnnlab
