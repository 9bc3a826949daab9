// The files of a run directory that `train --out` and `compare` (run_files.h) both write:
// metrics.csv and gradnorms.csv grown one complete epoch at a time, predictions.csv over
// every window, and the "training" object of model.json. One writer, so the two commands'
// directories cannot drift apart (they had: compare wrote the file's raw time cells,
// train the ISO 8601 labels).
#pragma once
#include "data/series.h"
#include "data/windows.h"
#include "forecasting/baselines.h"
#include "nn/model_spec.h"
#include "nn/trainer.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace rnnlab::cli {

// CSV cells: 10 significant digits, empty for a non-finite value; quoted when needed.
std::string csvNumber(double x);
std::string csvQuote(const std::string &s);

class EpochCsv {
public:
    explicit EpochCsv(int lookback); // gradnorms.csv has one column per time step
    void add(const EpochStats &st);  // a complete epoch (not diverged, not stopped in a batch)
    const std::string &metrics() const { return m_metrics; }
    const std::string &gradNorms() const { return m_grads; }

private:
    std::string m_metrics, m_grads;
};

// Every window, train then validation then test: its start and its split's name.
struct AllWindows {
    std::vector<int> starts;
    std::vector<const char *> split;
};
AllWindows allWindows(const Windows &windows);

// One row per window: its first target row's time label, the actual value, the split, the
// model's forecast and each baseline's that was not skipped (horizon step 1).
// requires: pred and every baseline's pred have one column per entry of `all`.
std::string predictionsCsv(const Series &series, const Windows &windows, const AllWindows &all,
                           const Eigen::MatrixXd &pred, const std::vector<BaselineForecast> &baselines);

// model.json's "training": the settings a reader needs, and the epochs run.
nlohmann::json trainingJson(const ModelSpec &spec, const TrainConfig &train, int epochs);

} // namespace rnnlab::cli
