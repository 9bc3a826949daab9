// The training loop as plain code: runEpoch() -> EpochStats. No threads, no Qt;
// the GUI's worker and the CLI both drive it. Deterministic for a given seed, data,
// configuration and thread count.
#pragma once
#include "nn/loss.h"
#include "nn/model.h"
#include "nn/optimizer.h"
#include "data/windows.h"

#include <functional>
#include <memory>
#include <optional>
#include <random>

namespace rnnlab {

struct TrainConfig {
    LossKind loss = LossKind::Mse;
    OptimizerConfig optimizer;
    ClipConfig clip;
    int batchSize = 32;   // larger than the training set: one batch of all of it
    int epochs = 20;
    bool shuffle = true;  // reshuffle the training windows each epoch from the seed
    int tbptt = 0;        // > 0: backpropagate only the last k steps
    int patience = 0;     // > 0: early stopping on validation loss, best weights restored
    InitConfig init;
    std::uint64_t seed = 1;
    int threads = 1;      // Eigen threads
    // Share of the epoch's step time the spectral radius may cost (it is computed at
    // epoch 1, then every k epochs: nn/stats_schedule.h). 0: every epoch.
    double statsBudget = 0.10;
};

struct EpochStats {
    int epoch = 0;                 // 1-based
    double trainLoss = 0;          // mean over batches of each batch's pre-update loss (normalised units)
    std::optional<double> valLoss; // none without a validation split
    double gradNorm = 0;           // global L2, before clipping, of the epoch's last batch
    double gradNormClipped = 0;    // after clipping
    std::vector<std::vector<double>> hiddenGradNorms; // [recurrent layer][t], last batch
    std::vector<double> spectralRadius;               // per recurrent layer (max over gate blocks)
    int spectralRadiusEpoch = 0;                      // the epoch it was computed at (<= epoch)
    std::vector<double> tensorGradNorms;              // per tensor, last batch
    double seconds = 0;
    int batches = 0;
    bool stopped = false;          // cancelled part-way (the epoch is incomplete)
    NonFiniteReport nonFinite;     // found: the step was refused, weights are the last finite ones
};

// What one optimisation step saw (the pre-update loss and gradient statistics).
struct StepStats {
    double loss = 0;               // mean over the batch, before the update
    double gradNorm = 0, gradNormClipped = 0;
    NonFiniteReport nonFinite;     // found: the update was refused
};

class Trainer {
public:
    // requires: spec.inputSize == data.features(), spec.horizon() == data.horizon.
    // Initialises the model from config.seed. `data` must outlive the trainer.
    Trainer(const ModelSpec &spec, const TrainConfig &config, const Windows &data);
    ~Trainer();

    Model<float> &model() { return m_model; }
    const Model<float> &model() const { return m_model; }
    const TrainConfig &config() const { return m_config; }
    const Windows &data() const { return m_data; }

    // One pass over the training windows. onBatch(batchIndex, batchCount) is called
    // after each batch; returning false stops the epoch there (stats.stopped).
    // `cancelled`, when given, is asked between the validation pass's batches: true
    // abandons the pass and reports the epoch as stopped (its batches stay applied), so
    // a Stop near an epoch's end does not wait for a whole validation pass of a big model.
    // A non-finite loss or gradient refuses that step and ends the epoch with
    // stats.nonFinite set.
    EpochStats runEpoch(const std::function<bool(int, int)> &onBatch = {},
                        const std::function<bool()> &cancelled = {});

    // One forward + BPTT + clip + update on the given windows. With threads > 1 the
    // batch is split into that many contiguous parts, run on model replicas in
    // parallel and their gradients summed in a fixed order (one fork/join per step,
    // deterministic for a given thread count). Fills lastHiddenGradNorms().
    StepStats trainStep(std::span<const int> starts);
    const std::vector<std::vector<double>> &lastHiddenGradNorms() const { return m_hiddenGradNorms; }

    // Mean loss over the given windows (normalised units), no update. NaN if empty, or
    // if `cancelled` (asked before each batch of windows) returns true.
    double evaluate(std::span<const int> starts, const std::function<bool()> &cancelled = {});
    // Open-loop predictions, normalised: horizon x starts.size().
    Eigen::MatrixXf predict(std::span<const int> starts);

    int epochsRun() const { return m_epoch; }
    // Early stopping: true once patience epochs passed without a better val loss.
    bool shouldStop() const;
    int bestEpoch() const { return m_bestEpoch; }
    // The spectral radius is recomputed every this many epochs (see TrainConfig::statsBudget).
    int spectralRadiusEvery() const { return m_radiusEvery; }
    double bestValLoss() const { return m_bestVal; }
    // Puts the best-validation weights back (no-op without validation/patience).
    void restoreBest();

    // Applied from the next batch.
    void setLearningRate(double lr);
    void setClip(const ClipConfig &clip) { m_config.clip = clip; }

private:
    struct Replica; // a model copy and its batch buffers, one per thread

    TrainConfig m_config;
    const Windows &m_data;
    Model<float> m_model; // the master: its params are the weights, its grads the summed gradient
    Optimizer<float> m_optimizer;
    std::mt19937_64 m_rng;
    std::vector<int> m_order;
    std::vector<std::unique_ptr<Replica>> m_replicas; // [0] works on m_model itself
    std::vector<std::vector<double>> m_hiddenGradNorms;
    std::vector<double> m_tensorGradNorms;
    Vec<float> m_lastGood, m_best;
    int m_epoch = 0;
    int m_bestEpoch = 0;
    double m_bestVal = 0;
    int m_sinceBest = 0;
    int m_radiusEvery = 1;
    int m_radiusEpoch = 0;
    std::vector<double> m_radius;
};

} // namespace rnnlab
