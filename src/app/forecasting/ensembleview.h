// What the GUI shows of a seed ensemble: the members' open-loop predictions combined
// by the core's elementwiseQuantile into the median (the ensemble's forecast, as the
// CLI's --ensemble reports it) and the min–max spread band. A value type that travels
// in the final training snapshot. Not here: the training (core forecasting/ensemble.h).
#pragma once
#include "data/windows.h"
#include "nn/model.h"

#include <Eigen/Core>

#include <functional>
#include <vector>

namespace rnnlab {

struct EnsembleView {
    int members = 0;               // 0: no ensemble
    std::vector<std::uint64_t> seeds;
    std::vector<int> starts;       // the windows, as TrainingSnapshot::predictionStarts
    Eigen::MatrixXd median, low, high; // H x starts, original units; low/high = min/max over members
    std::vector<std::vector<float>> params; // every member's weights, the first member first
    bool empty() const { return members == 0; }
};

// Open-loop predictions of every model over `starts` (openLoopPredict), combined.
// Returns an empty view when `interrupted` (asked between members) turns true.
// requires: models non-empty, each fitting w (what openLoopPredict requires).
EnsembleView ensembleView(const std::vector<Model<float> *> &models, const std::vector<std::uint64_t> &seeds,
                          const Windows &w, const std::vector<int> &starts,
                          const std::function<bool()> &interrupted = {});

} // namespace rnnlab
