// An experiment file (JSON, "rnnlab-experiment" version 1): where the data came from
// (path and SHA-256, or the generator and its parameters), every setting, the seed,
// the trained weights in the engine's model format, and the metric and gradient
// history, so reopening restores every control and every plot; and the run list
// ("runs", as core/runs writes them: each record checked whole when it is read).
#pragma once
#include "runs/run_record.h"
#include "training/trainingsnapshot.h"

#include <nlohmann/json.hpp>

#include <QString>
#include <QStringList>

#include <stdexcept>

namespace rnnlab {

struct ExperimentError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct GeneratorSettings {
    QString kind;          // empty: the data is a file; "sine", "random_walk", "echo"
    int n = 0;
    double period = 0, noise = 0;        // sine
    double start = 0, drift = 0, vol = 0; // random walk
    int lag = 0;                          // echo
    std::uint64_t seed = 1;
};

struct Experiment {
    QString dataPath;       // absolute when saved
    QString dataChecksum;   // "sha256:<hex>" of the file bytes
    GeneratorSettings generator;
    DataConfig data;
    ModelSpec spec;
    TrainConfig train;      // includes the seed and the initialisation
    int ensemble = 1;       // seeds of a seed ensemble (the Training tab's Ensemble); 1: none
    std::vector<float> params; // empty: not trained
    std::vector<EpochRecord> history;
    int bestEpoch = 0;
    std::vector<int> predictionStarts;
    Eigen::MatrixXd predictions;
    int forecastOrigin = 0;
    int forecastSteps = 0;
    QStringList visibleBaselines;
    bool lossLogScale = true;
    int lossSmoothing = 60;
    int horizonStep = 1;                 // which of the H steps the open-loop curve shows
    std::vector<double> predictionView;  // x0, x1, y0, y1 of the prediction plot's zoom; empty: fit
    std::vector<double> lossView;        // the same for the loss plot
    // The run list: every run with its settings, seed, threads, history and final weights.
    std::vector<RunRecord> runs;
    std::vector<int> selectedRuns; // indices into runs: the ones overlaid when it was saved
    int referenceRun = 0;          // index into runs: what the "differs from reference" column compares with
};

nlohmann::json experimentToJson(const Experiment &e);
Experiment experimentFromJson(const nlohmann::json &j, const std::string &source); // throws ExperimentError
void saveExperiment(const QString &path, const Experiment &e);                     // throws ExperimentError
Experiment loadExperiment(const QString &path);                                    // throws ExperimentError
// "sha256:<hex>" of a file's bytes; empty when it cannot be read.
QString fileChecksum(const QString &path);

} // namespace rnnlab
