// The value types that cross from the training worker thread to the GUI: the job
// a worker copies when it starts, and the snapshots it emits (at most ~20 per second
// plus one at the end). Plain copies, no pointers into the worker's state.
#pragma once
#include "nn/model_spec.h"
#include "data/series.h"
#include "nn/trainer.h"
#include "data/windows.h"
#include "forecasting/ensembleview.h"
#include "runs/run_record.h"

#include <QMetaType>
#include <QString>

#include <limits>
#include <vector>

namespace rnnlab {

// Everything a training run needs, copied by value into the worker.
struct TrainingJob {
    Series series;          // raw, the missing policy not yet applied
    DataConfig data;
    ModelSpec spec;
    TrainConfig train;
    int ensemble = 1;            // > 1: a seed ensemble, members 2.. from seeds train.seed+1 ..
    bool startPaused = false;    // Step from idle: run one epoch, then pause
    std::vector<float> initialParams; // empty: initialise from train.seed
    // The run record the job makes when it ends (finished, stopped or diverged).
    std::string runName;
    DataIdentity dataIdentity;        // file and checksum; rows and columns are filled in
    // A retrain of a stopped run stops where it did: after `stopAfterBatches` batches
    // of epoch `stopAfterEpochs` (< 0: no planned stop), or after that whole epoch when
    // the run was stopped between epochs (stopAfterBatches = INT_MAX).
    int stopAfterEpochs = -1;
    int stopAfterBatches = 0;
};

// One finished epoch, as the plots need it.
struct EpochRecord {
    int epoch = 0;
    double trainLoss = 0;
    double valLoss = std::numeric_limits<double>::quiet_NaN(); // NaN: no validation split
    double gradNorm = 0;
    double gradNormClipped = 0;
    double clipThreshold = 0;  // 0: clipping off (kind Norm draws the threshold line)
    std::vector<double> spectralRadius;               // per recurrent layer, max over its gate blocks
    int spectralRadiusEpoch = 0;                      // the epoch whose weights gave it (computed every k epochs)
    std::vector<std::vector<double>> hiddenGradNorms; // [recurrent layer][t]
    double seconds = 0;
};

enum class TrainingState { Running, Paused, Finished, Stopped, EarlyStopped, Diverged };
QString toDisplayString(TrainingState s);

struct TrainingSnapshot {
    int runId = 0;            // the controller's job number: a late snapshot of an old run is dropped
    TrainingState state = TrainingState::Running;
    int epoch = 0;            // epochs completed
    int epochs = 0;           // epochs requested
    int batch = 0;            // batches done in the current epoch
    int batchCount = 0;
    double stepsPerSecond = 0;
    double secondsLeft = 0;
    std::vector<EpochRecord> newEpochs; // epochs finished since the previous snapshot
    int bestEpoch = 0;                  // 0: none yet
    QString nonFiniteMessage;           // set when training diverged (a non-finite value ended the run)

    // Open-loop predictions in original units for every window (train, val, test in
    // time order), step h of window i predicts row starts[i] + lookback + h.
    // Empty when this snapshot carries none (they are throttled).
    std::vector<int> predictionStarts;
    Eigen::MatrixXd predictions;      // horizon x starts
    int predictionEpoch = 0;
    std::vector<float> params;        // weights that made the predictions
    bool finalPredictions = false;    // the end-of-run pass, sent after finished()
    // A seed ensemble (train.ensemble > 1): the member being trained (1-based; 1 is the
    // live one, 2.. train after it, several at once) of `members`; 0: no ensemble.
    int member = 0, members = 0;
    EnsembleView ensemble; // with the final predictions, when every member finished
    bool hasPredictions() const { return !predictionStarts.empty(); }
};

// "epoch 3/20 · batch 5/9", plus " · member 2/5" while an ensemble's members train.
QString snapshotProgressText(const TrainingSnapshot &s);

} // namespace rnnlab

Q_DECLARE_METATYPE(rnnlab::TrainingSnapshot)
Q_DECLARE_METATYPE(rnnlab::RunRecord)
