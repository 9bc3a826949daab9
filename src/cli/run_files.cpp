// A run's directory (see run_files.h); the formats are those of `train --out`.
#include "run_files.h"

#include "forecasting/baselines.h"
#include "forecasting/forecast.h"
#include "io/model_file.h"
#include "io/atomic_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace rnnlab::cli {

std::string csvNumber(double x)
{
    if (!std::isfinite(x)) {
        return "";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

std::string csvQuote(const std::string &s)
{
    if (s.find_first_of(",\"\n") == std::string::npos) {
        return s;
    }
    std::string out = "\"";
    for (char c : s) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

void writeRunFiles(const std::string &dir, const RunRecord &run, const Series &raw)
{
    std::filesystem::create_directories(dir);
    if (run.params.empty()) {
        saveRunRecord(dir + "/run.json", run); // never trained: the record says why
        return;
    }
    const RunSettings &s = run.settings;
    Series series = raw;
    std::vector<int> used;
    // The columns trainRun applied the policy to: the target and the inputs, once each.
    for (const std::string &name : s.windows.inputs) {
        used.push_back(series.columnIndex(name));
    }
    if (std::find(used.begin(), used.end(), series.columnIndex(s.windows.target)) == used.end()) {
        used.push_back(series.columnIndex(s.windows.target));
    }
    applyMissingPolicy(series, s.windows.missing, used);
    const Windows windows = makeWindows(series, s.windows);
    Model<float> model(s.spec);
    if (model.params().size() != Eigen::Index(run.params.size())) {
        throw std::runtime_error(dir + ": run \"" + run.name + "\" has no weights to write");
    }
    model.params() = Eigen::Map<const Vec<float>>(run.params.data(), Eigen::Index(run.params.size()));

    std::string metrics = "epoch,train_loss,val_loss,grad_norm,grad_norm_clipped,seconds\n";
    std::string grads = "epoch,layer";
    for (int t = 0; t < windows.lookback; ++t) {
        grads += ",t" + std::to_string(t);
    }
    grads += '\n';
    for (const EpochStats &st : run.history) {
        if (st.nonFinite.found || st.stopped) {
            continue; // train --out logs complete epochs only
        }
        metrics += std::to_string(st.epoch) + ',' + csvNumber(st.trainLoss) + ',' + (st.valLoss ? csvNumber(*st.valLoss) : "")
            + ',' + csvNumber(st.gradNorm) + ',' + csvNumber(st.gradNormClipped) + ',' + csvNumber(st.seconds) + '\n';
        for (std::size_t l = 0; l < st.hiddenGradNorms.size(); ++l) {
            grads += std::to_string(st.epoch) + ',' + std::to_string(l + 1);
            for (double v : st.hiddenGradNorms[l]) {
                grads += ',' + csvNumber(v);
            }
            grads += '\n';
        }
    }
    writeFileAtomically(dir + "/metrics.csv", metrics);
    writeFileAtomically(dir + "/gradnorms.csv", grads);

    nlohmann::json extra;
    extra["data"] = toJson(s.windows, windows);
    extra["data"]["file"] = std::filesystem::path(s.data.file).filename().string();
    int epochs = 0;
    for (const EpochStats &st : run.history) {
        epochs += st.nonFinite.found || st.stopped ? 0 : 1;
    }
    extra["training"] = {{"model", formatModelSpec(s.spec)},
                         {"loss", toString(s.train.loss)},
                         {"optimizer", toString(s.train.optimizer.kind)},
                         {"lr", s.train.optimizer.lr},
                         {"batch", s.train.batchSize},
                         {"epochs", epochs},
                         {"seed", s.train.seed},
                         {"gain", s.train.init.recurrentGain}};
    saveModelFile(dir + "/model.json", model, extra);

    // One row per window: its first target row, the actual value, the split and each
    // forecast of that row (horizon step 1).
    std::vector<int> all;
    std::vector<const char *> splitOf;
    for (auto [starts, name] : {std::pair{&windows.train, "train"}, std::pair{&windows.val, "val"},
                                std::pair{&windows.test, "test"}}) {
        for (int st : *starts) {
            all.push_back(st);
            splitOf.push_back(name);
        }
    }
    const Eigen::MatrixXd pred = openLoopPredict(model, windows, all);
    const Eigen::MatrixXd actual = actualsMatrix(series, windows, all);
    const std::vector<BaselineForecast> baselines = runBaselines(series, windows, all);
    std::string csv = "time,actual,split,model";
    for (const BaselineForecast &b : baselines) {
        if (!b.skipped()) {
            csv += ',' + csvQuote(b.name);
        }
    }
    csv += '\n';
    for (std::size_t n = 0; n < all.size(); ++n) {
        const int row = all[n] + windows.lookback;
        const std::string time = series.timeText.empty() || series.timeText[std::size_t(row)].empty()
            ? std::to_string(row)
            : series.timeText[std::size_t(row)];
        csv += csvQuote(time) + ',' + csvNumber(actual(0, Eigen::Index(n))) + ',' + splitOf[n] + ','
            + csvNumber(pred(0, Eigen::Index(n)));
        for (const BaselineForecast &b : baselines) {
            if (!b.skipped()) {
                csv += ',' + csvNumber(b.pred(0, Eigen::Index(n)));
            }
        }
        csv += '\n';
    }
    writeFileAtomically(dir + "/predictions.csv", csv);
    saveRunRecord(dir + "/run.json", run);
}

} // namespace rnnlab::cli
