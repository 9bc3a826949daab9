// A seed ensemble: N networks of one spec trained on the same windows from seeds
// seed, seed+1, ..., each with early stopping and best-weight restore, combined by the
// median of their forecasts (and quantiles for a spread band). Members train in
// parallel, one thread each, so the result does not depend on how many run at once.
#pragma once
#include "nn/trainer.h"

#include <Eigen/Core>

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace rnnlab {

struct EnsembleMember {
    std::unique_ptr<Trainer> trainer; // the trained model (best weights restored)
    std::uint64_t seed = 0;
    int epochs = 0;
    std::string diverged; // non-empty: why it stopped early; its last finite weights are kept
};

// Trains one member per seed, `workers` at a time (>= 1), each with config.threads = 1.
// requires: what Trainer requires; `data` outlives the members.
std::vector<EnsembleMember> trainMembers(const ModelSpec &spec, const TrainConfig &config, const Windows &data,
                                         std::span<const std::uint64_t> seeds, int workers);

// Element-wise quantile q in [0, 1] (linear between order statistics) of same-shaped
// matrices; q = 0.5 is the median. Throws std::invalid_argument on no input or shapes
// that differ.
Eigen::MatrixXd elementwiseQuantile(const std::vector<Eigen::MatrixXd> &preds, double q);

} // namespace rnnlab
