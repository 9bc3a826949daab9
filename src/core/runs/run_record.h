// One training run as a value: what was trained on what (every data, model and training
// setting, the seed, the thread count, the data's identity), everything it logged per
// epoch, its final weights, how it ended and its test metrics. JSON ("rnnlab-run"
// version 1) round trips every double bit for bit; loading rejects a bad record whole
// with a message naming the source, the field and the problem. Training lives in run_trainer.h.
#pragma once
#include "data/windows.h"
#include "forecasting/metrics.h"
#include "nn/model_spec.h"
#include "nn/trainer.h"

#include <nlohmann/json_fwd.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace rnnlab {

struct RunRecordError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Which data a run saw: enough to refuse a replay on a different file.
struct DataIdentity {
    std::string file;                 // as given to the loader
    std::string checksum;             // "sha256:<hex>" of the file's bytes; empty: unknown (generated data)
    int rows = 0;                     // after the missing-value policy; 0: never trained
    std::vector<std::string> columns; // value columns of the file
    bool operator==(const DataIdentity &) const = default;
};

// Everything that decides a run's numbers.
struct RunSettings {
    DataIdentity data;
    DataConfig windows; // target, inputs, missing policy, lookback, horizon, stride, split, normalisation, transform
    ModelSpec spec;
    TrainConfig train;  // loss, optimizer, clipping, batch, epochs, init, seed, threads
};

enum class RunEnd { Finished, EarlyStopped, Stopped, Diverged };
const char *toString(RunEnd e);                      // "finished", "early_stopped", "stopped", "diverged"
RunEnd runEndFromString(const std::string &s);       // throws std::invalid_argument
// "finished", "stopped at epoch 7", "diverged at epoch 12", "early stop at epoch 30".
std::string describeEnd(RunEnd end, int epoch);

struct NamedMetrics {
    std::string name; // "model", then each baseline ("naive", "AR(12)", ...)
    Metrics metrics;  // test split, original units, all horizon steps
};

struct RunRecord {
    std::string name;
    RunSettings settings;
    // Every epoch as the trainer logged it, in order: the complete ones, then the last
    // incomplete one of a stopped or diverged run (its `stopped`/`nonFinite` set).
    std::vector<EpochStats> history;
    std::vector<float> params;  // final weights in Model<float>::tensors() layout; empty: never trained
    RunEnd end = RunEnd::Finished;
    int endEpoch = 0;           // the epoch it ended in (1-based; 0: never started)
    std::string endMessage;     // why it diverged (the non-finite report), else empty
    int bestEpoch = 0;          // early stopping: the epoch whose weights were restored (0: none)
    double wallSeconds = 0;
    std::vector<NamedMetrics> test; // empty without a test split or after a divergence
};

// The settings of `run` that differ from `reference`'s, as "name value" with the run's
// value ("model gru:32,dense", "gain 0.5", "clip norm 1", "seed 2"), in a fixed order.
// The data identity counts too ("data other.csv"). Empty when they train alike.
std::vector<std::string> settingDifferences(const RunSettings &run, const RunSettings &reference);

// ||dL/dh_0|| / ||dL/dh_{T-1}|| of the first recurrent layer in the last logged epoch
// that has hidden gradient norms: how much of the gradient reaches the oldest step.
// NaN when there is none or the last step's norm is 0.
double gradRatio(const RunRecord &run);

nlohmann::json runToJson(const RunRecord &run);
// source names the file (or "experiment.json runs[3]") in every message. Throws RunRecordError.
RunRecord runFromJson(const nlohmann::json &j, const std::string &source);
// A list of runs, as an experiment file's "runs" array; messages name "source runs[i]: field".
nlohmann::json runsToJson(const std::vector<RunRecord> &runs);
std::vector<RunRecord> runsFromJson(const nlohmann::json &j, const std::string &source); // throws RunRecordError

// The clipping threshold a clipping A/B suggests: a quarter of the median over the
// complete epochs of the global gradient norm before clipping, so most batches are
// clipped and the two runs differ where one can see it (with Adam, clipping at the
// median changed the airline LSTM's loss by 0.3% on average; at a quarter of it by 3%,
// and its after-clipping norm sits 0.6 decades below the unclipped one).
// NaN when no epoch completed.
double suggestedClipNorm(const RunRecord &run);

// Atomic (temp + checked close + rename). Throws RunRecordError.
void saveRunRecord(const std::string &path, const RunRecord &run);
// Throws RunRecordError naming the file: missing, too large, not JSON, or any field invalid.
RunRecord loadRunRecord(const std::string &path);

} // namespace rnnlab
