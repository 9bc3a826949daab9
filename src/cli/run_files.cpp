// A run's directory (see run_files.h); the formats are those of `train --out`.
#include "run_files.h"
#include "run_csv.h"

#include "forecasting/baselines.h"
#include "forecasting/forecast.h"
#include "io/model_file.h"
#include "io/atomic_file.h"
#include "runs/run_trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace rnnlab::cli {

void writeRunFiles(const std::string &dir, const RunRecord &run, const Series &raw)
{
    std::filesystem::create_directories(dir);
    if (run.params.empty()) {
        saveRunRecord(dir + "/run.json", run); // never trained: the record says why
        return;
    }
    const RunSettings &s = run.settings;
    const Series series = preparedSeries(raw, s.windows); // as trainRun prepared it
    const Windows windows = makeWindows(series, s.windows);
    Model<float> model(s.spec);
    if (model.params().size() != Eigen::Index(run.params.size())) {
        throw std::runtime_error(dir + ": run \"" + run.name + "\" has no weights to write");
    }
    model.params() = Eigen::Map<const Vec<float>>(run.params.data(), Eigen::Index(run.params.size()));

    EpochCsv csv(windows.lookback);
    for (const EpochStats &st : run.history) {
        if (!st.nonFinite.found && !st.stopped) {
            csv.add(st); // train --out logs complete epochs only
        }
    }
    writeFileAtomically(dir + "/metrics.csv", csv.metrics());
    writeFileAtomically(dir + "/gradnorms.csv", csv.gradNorms());

    nlohmann::json extra;
    extra["data"] = toJson(s.windows, windows);
    extra["data"]["file"] = std::filesystem::path(s.data.file).filename().string();
    int epochs = 0;
    for (const EpochStats &st : run.history) {
        epochs += st.nonFinite.found || st.stopped ? 0 : 1;
    }
    extra["training"] = trainingJson(s.spec, s.train, epochs);
    saveModelFile(dir + "/model.json", model, extra);

    const AllWindows all = allWindows(windows);
    const Eigen::MatrixXd pred = openLoopPredict(model, windows, all.starts);
    writeFileAtomically(dir + "/predictions.csv",
                        predictionsCsv(series, windows, all, pred, runBaselines(series, windows, all.starts)));
    saveRunRecord(dir + "/run.json", run);
}

} // namespace rnnlab::cli
