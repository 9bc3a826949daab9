// A seed ensemble: N networks of one spec trained on the same windows from seeds
// seed, seed+1, ..., each with early stopping and best-weight restore, combined by the
// median of their forecasts (and quantiles for a spread band). Members train in
// parallel, one thread each, so the result does not depend on how many run at once.
#pragma once
#include "nn/trainer.h"

#include <Eigen/Core>

#include <functional>
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
    bool stopped = false; // the progress callback stopped it part-way: not a finished member
};

// Called after every batch of member k (an index into the seeds), on that member's
// worker thread, so it must be thread-safe; returning false stops that member. It may
// block (the GUI's Pause holds every member there until Resume or Stop).
using MemberProgress = std::function<bool(std::size_t member, int epoch, int batch, int batches)>;

// Trains one member per seed, `workers` at a time (>= 1), each with config.threads = 1.
// requires: what Trainer requires; `data` outlives the members.
std::vector<EnsembleMember> trainMembers(const ModelSpec &spec, const TrainConfig &config, const Windows &data,
                                         std::span<const std::uint64_t> seeds, int workers,
                                         const MemberProgress &progress = {});

// Element-wise quantile q in [0, 1] (linear between order statistics) of same-shaped
// matrices; q = 0.5 is the median. Throws std::invalid_argument on no input or shapes
// that differ.
Eigen::MatrixXd elementwiseQuantile(const std::vector<Eigen::MatrixXd> &preds, double q);

} // namespace rnnlab
