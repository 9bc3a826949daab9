// Running a trained Model<float> over windows: open-loop (every window's forecast from
// true inputs) and closed-loop (the model's own predictions fed back as inputs, which
// only works for a univariate model). Results are in the target's original units.
#pragma once
#include "model.h"
#include "windows.h"

#include <Eigen/Core>

#include <span>
#include <string>
#include <vector>

namespace rnnlab {

// requires: model.inputSize() == w.features() and model.horizon() == w.horizon
//           (else std::invalid_argument); every start a valid window start.
// ensures:  H x N, column n = the forecast for window starts[n], de-normalised with
//           w.targetNorm. Runs in batches of `batchSize` windows per forward call.
Eigen::MatrixXd openLoopPredict(
    Model<float> &model, const Windows &w, std::span<const int> starts, int batchSize = 256);

// Forecasts `steps` rows from `origin` on: the first window's inputs are the true rows
// [origin-L, origin); after each forward call all H predictions are appended to the
// window and it advances by H, so the forecast may run past the end of the data.
// requires: the model reads exactly the target column (inputColumns == {targetColumn}),
//           else std::invalid_argument naming the input columns that would need future
//           values (`columnNames`, usually Series::columns, gives their names);
//           L <= origin <= w.rows; steps >= 0.
std::vector<double> closedLoopForecast(
    Model<float> &model, const Windows &w, int origin, int steps, const std::vector<std::string> &columnNames = {});

} // namespace rnnlab
