// One run from settings to record, and its replay (see run_trainer.h).
#include "runs/run_trainer.h"

#include "forecasting/baselines.h"
#include "forecasting/forecast.h"

#include <limits>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>

namespace rnnlab {

namespace {

// Where training stops early on purpose: after `epochs` epochs, the last one after
// `batches` batches (a replayed stop). epochs < 0: no such stop.
struct PlannedStop {
    int epochs = -1;
    int batches = 0;
};

RunRecord train(const std::string &name, const RunSettings &settings, const Series &series, const RunHooks &hooks,
                const PlannedStop &stop)
{
    const auto t0 = std::chrono::steady_clock::now();
    RunRecord run;
    run.name = name;
    const Windows windows = makeWindows(series, settings.windows);
    run.settings = recordedSettings(settings, series, windows);
    Trainer trainer(settings.spec, settings.train, windows);
    const int epochs = stop.epochs >= 0 ? std::min(stop.epochs, settings.train.epochs) : settings.train.epochs;
    bool cancelled = false;
    for (int e = 0; e < epochs; ++e) {
        const bool lastPlanned = stop.epochs >= 0 && e + 1 == stop.epochs;
        EpochStats st = trainer.runEpoch([&](int b, int n) {
            if (hooks.onBatch) {
                hooks.onBatch(e, b, n);
            }
            if (lastPlanned && b + 1 >= stop.batches) {
                return false;
            }
            if (hooks.cancel && hooks.cancel->load(std::memory_order_relaxed)) {
                cancelled = true;
                return false;
            }
            return true;
        });
        if (hooks.onEpoch) {
            hooks.onEpoch(st);
        }
        run.history.push_back(st);
        run.endEpoch = st.epoch;
        if (st.nonFinite.found) {
            run.end = RunEnd::Diverged;
            run.endMessage = st.nonFinite.message();
            break;
        }
        // A cancel between epochs stops before the next one starts.
        const bool cancelledBetween = hooks.cancel && hooks.cancel->load(std::memory_order_relaxed) && e + 1 < epochs;
        if (cancelled || st.stopped || lastPlanned || cancelledBetween) {
            run.end = RunEnd::Stopped;
            break;
        }
        if (trainer.shouldStop()) {
            run.end = RunEnd::EarlyStopped;
            break;
        }
    }
    if (run.end != RunEnd::Diverged && settings.train.patience > 0 && trainer.bestEpoch() > 0) {
        trainer.restoreBest();
        run.bestEpoch = trainer.bestEpoch();
    }
    const Vec<float> &p = trainer.model().params();
    run.params.assign(p.data(), p.data() + p.size());

    if (run.end != RunEnd::Diverged) {
        run.test = testMetrics(trainer.model(), series, windows);
    }
    run.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return run;
}

bool same(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

bool same(const std::optional<double> &a, const std::optional<double> &b)
{
    return a.has_value() == b.has_value() && (!a || same(*a, *b));
}

bool same(const std::vector<double> &a, const std::vector<double> &b)
{
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

std::string epochDifference(const EpochStats &a, const EpochStats &b)
{
    if (a.epoch != b.epoch) {
        return "epoch";
    }
    if (!same(a.trainLoss, b.trainLoss)) {
        return "train_loss";
    }
    if (!same(a.valLoss, b.valLoss)) {
        return "val_loss";
    }
    if (!same(a.gradNorm, b.gradNorm)) {
        return "grad_norm";
    }
    if (!same(a.gradNormClipped, b.gradNormClipped)) {
        return "grad_norm_clipped";
    }
    if (a.hiddenGradNorms.size() != b.hiddenGradNorms.size()) {
        return "hidden_grad_norms (layer count)";
    }
    for (std::size_t l = 0; l < a.hiddenGradNorms.size(); ++l) {
        if (!same(a.hiddenGradNorms[l], b.hiddenGradNorms[l])) {
            return "hidden_grad_norms[" + std::to_string(l) + "]";
        }
    }
    if (!same(a.spectralRadius, b.spectralRadius)) {
        return "spectral_radius";
    }
    if (!same(a.tensorGradNorms, b.tensorGradNorms)) {
        return "tensor_grad_norms";
    }
    if (a.batches != b.batches || a.stopped != b.stopped) {
        return "batches";
    }
    if (a.nonFinite.found != b.nonFinite.found || a.nonFinite.message() != b.nonFinite.message()) {
        return "non_finite";
    }
    return {};
}

std::string metricsDifference(const NamedMetrics &a, const NamedMetrics &b)
{
    if (a.name != b.name) {
        return "name";
    }
    const Metrics &x = a.metrics, &y = b.metrics;
    if (!same(x.mae, y.mae) || !same(x.rmse, y.rmse) || !same(x.mape, y.mape) || !same(x.smape, y.smape)
        || !same(x.mase, y.mase) || x.note != y.note) {
        return a.name;
    }
    return {};
}

} // namespace

Series preparedSeries(const Series &raw, const DataConfig &dc)
{
    Series series = raw;
    prepareSeries(series, dc);
    return series;
}

void prepareSeries(Series &series, const DataConfig &dc)
{
    std::vector<int> used;
    const int target = dc.target.empty() ? 0 : series.columnIndex(dc.target);
    if (target >= 0) {
        used.push_back(target);
    }
    for (const std::string &name : dc.inputs) {
        const int c = series.columnIndex(name);
        if (c >= 0) {
            used.push_back(c);
        }
    }
    applyMissingPolicy(series, dc.missing, used);
}

void nameReadColumns(DataConfig &dc, const Series &prepared, const Windows &windows)
{
    dc.target = prepared.columns[std::size_t(windows.targetColumn)];
    dc.inputs.clear();
    for (int c : windows.inputColumns) {
        dc.inputs.push_back(prepared.columns[std::size_t(c)]);
    }
}

RunSettings recordedSettings(const RunSettings &settings, const Series &series, const Windows &windows)
{
    RunSettings s = settings;
    s.data.rows = series.rows();
    s.data.columns = series.columns;
    nameReadColumns(s.windows, series, windows);
    return s;
}

std::vector<NamedMetrics> testMetrics(Model<float> &model, const Series &series, const Windows &windows)
{
    std::vector<NamedMetrics> out;
    if (windows.test.empty()) {
        return out;
    }
    const Eigen::MatrixXd actual = actualsMatrix(series, windows, windows.test);
    const std::optional<double> scale = naiveScale(series, windows);
    out.push_back({"model", computeMetrics(openLoopPredict(model, windows, windows.test), actual, scale).overall});
    for (const BaselineForecast &b : runBaselines(series, windows, windows.test)) {
        if (!b.skipped()) {
            out.push_back({b.name, computeMetrics(b.pred, actual, scale).overall});
        }
    }
    return out;
}

RunRecord trainRun(const std::string &name, const RunSettings &settings, const Series &series, const RunHooks &hooks)
{
    return train(name, settings, preparedSeries(series, settings.windows), hooks, {});
}

RunRecord replayRun(const RunRecord &record, const Series &raw, const RunHooks &hooks)
{
    const Series series = preparedSeries(raw, record.settings.windows);
    const DataIdentity &id = record.settings.data;
    if (series.rows() != id.rows) {
        throw RunRecordError("cannot replay \"" + record.name + "\": " + raw.source + " has " + std::to_string(series.rows())
                             + " rows (after the missing-value policy), the run was trained on " + std::to_string(id.rows));
    }
    if (series.columns != id.columns) {
        throw RunRecordError("cannot replay \"" + record.name + "\": " + raw.source
                             + " does not have the columns the run was trained on");
    }
    PlannedStop stop;
    if (record.end == RunEnd::Stopped && !record.history.empty()) {
        stop.epochs = int(record.history.size());
        // Stopped between epochs: the last epoch is complete, with its validation pass.
        stop.batches = record.history.back().stopped ? record.history.back().batches : std::numeric_limits<int>::max();
    }
    RunRecord again = train(record.name, record.settings, series, hooks, stop);
    again.settings.data.file = id.file;
    again.settings.data.checksum = id.checksum;
    return again;
}

std::string firstDifference(const RunRecord &a, const RunRecord &b)
{
    const nlohmann::json ja = runToJson(a), jb = runToJson(b);
    for (const char *key : {"data", "model", "training"}) {
        if (ja.at(key) != jb.at(key)) {
            return std::string("settings: ") + key;
        }
    }
    if (a.history.size() != b.history.size()) {
        return "history: " + std::to_string(a.history.size()) + " vs " + std::to_string(b.history.size()) + " epochs";
    }
    for (std::size_t i = 0; i < a.history.size(); ++i) {
        const std::string d = epochDifference(a.history[i], b.history[i]);
        if (!d.empty()) {
            return "history[" + std::to_string(i) + "]." + d;
        }
    }
    if (a.params.size() != b.params.size()
        || (!a.params.empty() && std::memcmp(a.params.data(), b.params.data(), a.params.size() * sizeof(float)) != 0)) {
        return "weights";
    }
    if (a.end != b.end || a.endEpoch != b.endEpoch || a.endMessage != b.endMessage) {
        return "end";
    }
    if (a.bestEpoch != b.bestEpoch) {
        return "best_epoch";
    }
    if (a.test.size() != b.test.size()) {
        return "test (count)";
    }
    for (std::size_t i = 0; i < a.test.size(); ++i) {
        const std::string d = metricsDifference(a.test[i], b.test[i]);
        if (!d.empty()) {
            return "test[" + std::to_string(i) + "] " + d;
        }
    }
    return {};
}

} // namespace rnnlab
