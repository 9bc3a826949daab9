// Experiment files (see experiment.h).
#include "experiment.h"

#include "io/atomic_file.h"
#include "io/bounded_read.h"
#include "io/json_fields.h"
#include "io/model_file.h"
#include "nn/memory_estimate.h"

#include <QCryptographicHash>
#include <QFile>

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

namespace rnnlab {

using nlohmann::json;

namespace {
constexpr const char *kFormat = "rnnlab-experiment";
constexpr int kVersion = 1;
// Weights of the largest model the form makes, history and predictions: far below this.
constexpr std::size_t kMaxExperimentBytes = std::size_t(1) << 30;
// Row numbers: far above any loadable series, far below int overflow when the plots add
// the lookback and the horizon.
constexpr long long kMaxRow = 1000000000;

json number(double v)
{
    return std::isfinite(v) ? json(v) : json(nullptr);
}

// Non-finite entries of per-step arrays become 0 (a diverged step): JSON has no NaN.
std::vector<double> finite(std::vector<double> v)
{
    for (double &x : v) {
        if (!std::isfinite(x)) {
            x = 0;
        }
    }
    return v;
}

json dataToJson(const DataConfig &d)
{
    return {{"target", d.target},
            {"inputs", d.inputs},
            {"missing", toString(d.missing)},
            {"lookback", d.lookback},
            {"horizon", d.horizon},
            {"stride", d.stride},
            {"split", {d.trainFraction, d.valFraction, d.testFraction}},
            {"normalize", toString(d.normalization)},
            {"transform", toString(d.transform)},
            {"period", d.seasonalPeriod},
            {"windowNorm", toString(d.windowNorm)}};
}

// The ranges are the form's: a value the form cannot show is refused, not clamped.
DataConfig dataFromJson(const JsonFields &f)
{
    DataConfig d;
    d.target = f.string("target");
    for (const json &name : f.array("inputs")) {
        if (!name.is_string()) {
            f.fail("inputs", "every entry must be a column name (a string)");
        }
        d.inputs.push_back(name.get<std::string>());
    }
    d.missing = missingPolicyFromString(f.string("missing"));
    d.lookback = int(f.integer("lookback", 1, 10000));
    d.horizon = int(f.integer("horizon", 1, 1000));
    d.stride = int(f.integer("stride", 1, 1000));
    const json &split = f.array("split");
    if (split.size() != 3) {
        f.fail("split", "must hold three fractions (train, validation, test)");
    }
    d.trainFraction = checkedReal(split[0], 0.05, 1, f.source() + ": field \"data.split[0]\" (train)");
    d.valFraction = checkedReal(split[1], 0, 0.9, f.source() + ": field \"data.split[1]\" (validation)");
    d.testFraction = checkedReal(split[2], 0, 0.9, f.source() + ": field \"data.split[2]\" (test)");
    if (std::abs(d.trainFraction + d.valFraction + d.testFraction - 1.0) > 1e-6) {
        f.fail("split", "the three fractions must add up to 1");
    }
    d.normalization = normalizationFromString(f.string("normalize"));
    d.transform = transformFromString(f.string("transform", "none"));
    d.seasonalPeriod = int(f.integer("period", 0, 100000, 0)); // 0: detected (sdiff, logsdiff)
    d.windowNorm = windowNormFromString(f.string("windowNorm", "none"));
    return d;
}

json trainToJson(const TrainConfig &t)
{
    return {{"loss", toString(t.loss)},
            {"optimizer", toString(t.optimizer.kind)},
            {"lr", t.optimizer.lr},
            {"momentum", t.optimizer.momentum},
            {"weight_decay", t.optimizer.weightDecay},
            {"clip", toString(t.clip.kind)},
            {"clip_threshold", t.clip.threshold},
            {"batch", t.batchSize},
            {"epochs", t.epochs},
            {"shuffle", t.shuffle},
            {"tbptt", t.tbptt},
            {"patience", t.patience},
            {"gain", t.init.recurrentGain},
            {"forget_bias", t.init.forgetBias},
            {"seed", t.seed},
            {"threads", t.threads}};
}

ClipKind clipFromString(const std::string &s)
{
    for (ClipKind k : {ClipKind::None, ClipKind::Norm, ClipKind::Value}) {
        if (s == toString(k)) {
            return k;
        }
    }
    throw ExperimentError("training.clip: unknown clipping \"" + s + "\"");
}

TrainConfig trainFromJson(const JsonFields &f)
{
    TrainConfig t;
    t.loss = lossFromString(f.string("loss"));
    t.optimizer.kind = optimizerFromString(f.string("optimizer"));
    t.optimizer.lr = f.real("lr", 1e-6, 1000);
    t.optimizer.momentum = f.real("momentum", 0, 0.999);
    t.optimizer.weightDecay = f.real("weight_decay", 0, 1e6, 0.0);
    t.clip.kind = clipFromString(f.string("clip"));
    t.clip.threshold = f.real("clip_threshold", 0, 1000);
    t.batchSize = int(f.integer("batch", 1, 100000));
    t.epochs = int(f.integer("epochs", 0, 100000));
    t.shuffle = f.boolean("shuffle");
    t.tbptt = int(f.integer("tbptt", 0, 100000));
    t.patience = int(f.integer("patience", 0, 100000));
    t.init.recurrentGain = f.real("gain", 0.01, 10);
    t.init.forgetBias = f.boolean("forget_bias", true);
    t.seed = f.unsignedInteger("seed", 2147483647);
    t.threads = int(f.integer("threads", 1, 64, 1));
    return t;
}

GeneratorSettings generatorFromJson(const JsonFields &f)
{
    GeneratorSettings g;
    g.kind = QString::fromStdString(f.string("kind"));
    if (g.kind != QLatin1String("sine") && g.kind != QLatin1String("random_walk") && g.kind != QLatin1String("echo")) {
        f.fail("kind", "\"" + g.kind.toStdString() + "\" is not sine, random_walk or echo");
    }
    g.n = int(f.integer("n", 10, 1000000));
    // The fields of the other kinds are stored as 0; only this kind's are range-checked.
    const bool sine = g.kind == QLatin1String("sine"), walk = g.kind == QLatin1String("random_walk");
    g.period = sine ? f.real("period", 2, 100000) : f.real("period", -1e300, 1e300);
    g.noise = sine ? f.real("noise", 0, 10) : f.real("noise", -1e300, 1e300);
    g.start = walk ? f.real("start", 0.01, 1e6) : f.real("start", -1e300, 1e300);
    g.drift = walk ? f.real("drift", -1, 1) : f.real("drift", -1e300, 1e300);
    g.vol = walk ? f.real("vol", 0, 1) : f.real("vol", -1e300, 1e300);
    g.lag = int(g.kind == QLatin1String("echo") ? f.integer("lag", 0, 10000) : f.integer("lag", INT_MIN, INT_MAX));
    g.seed = f.unsignedInteger("seed", 2147483647);
    return g;
}

// Non-negative finite reals, at most `maxSize` of them.
std::vector<double> reals(const json &a, std::size_t maxSize, const std::string &what)
{
    if (!a.is_array() || a.size() > maxSize) {
        throw JsonFieldError(what + ": must be an array of at most " + std::to_string(maxSize) + " numbers");
    }
    std::vector<double> out;
    out.reserve(a.size());
    for (const json &v : a) {
        out.push_back(checkedReal(v, 0, std::numeric_limits<double>::max(), what));
    }
    return out;
}

EpochRecord epochFromJson(const JsonFields &h, const ModelSpec &spec, int lookback)
{
    int recurrent = 0;
    for (const LayerSpec &l : spec.layers) {
        recurrent += isRecurrent(l.type) ? 1 : 0;
    }
    const double big = std::numeric_limits<double>::max();
    EpochRecord r;
    r.epoch = int(h.integer("epoch", 1, 100000));
    r.trainLoss = h.realOrNull("train_loss", 0, big);
    r.valLoss = h.realOrNull("val_loss", 0, big);
    r.gradNorm = h.realOrNull("grad_norm", 0, big);
    r.gradNormClipped = h.realOrNull("grad_norm_clipped", 0, big);
    r.clipThreshold = h.real("clip_threshold", 0, big, 0.0);
    // One entry per recurrent layer, one norm per time step: more would be cells
    // of the heat map that no run can make (and memory a hostile file could claim).
    r.spectralRadius = reals(h.array("spectral_radius"), std::size_t(recurrent), h.source() + ": field \"" + h.name("spectral_radius") + "\"");
    r.spectralRadiusEpoch = int(h.integer("spectral_radius_epoch", 0, 100000, 0));
    const json &hidden = h.array("hidden_grad_norms");
    if (hidden.size() > std::size_t(recurrent)) {
        h.fail("hidden_grad_norms", "has " + std::to_string(hidden.size()) + " layers, the model has " + std::to_string(recurrent) + " recurrent layers");
    }
    for (const json &layer : hidden) {
        r.hiddenGradNorms.push_back(reals(layer, std::size_t(lookback), h.source() + ": field \"" + h.name("hidden_grad_norms") + "\" (at most the lookback of values per layer)"));
    }
    r.seconds = h.real("seconds", 0, big, 0.0);
    return r;
}
} // namespace

QString fileChecksum(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return QStringLiteral("sha256:") + QString::fromLatin1(hash.result().toHex());
}

json experimentToJson(const Experiment &e)
{
    json j;
    j["format"] = kFormat;
    j["version"] = kVersion;
    json source;
    if (e.generator.kind.isEmpty()) {
        source["path"] = e.dataPath.toStdString();
        source["checksum"] = e.dataChecksum.toStdString();
    } else {
        const GeneratorSettings &g = e.generator;
        source["generator"] = {{"kind", g.kind.toStdString()}, {"n", g.n}, {"period", g.period}, {"noise", g.noise},
                               {"start", g.start}, {"drift", g.drift}, {"vol", g.vol}, {"lag", g.lag}, {"seed", g.seed}};
    }
    j["source"] = source;
    j["data"] = dataToJson(e.data);
    j["model_spec"] = formatModelSpec(e.spec);
    j["input_size"] = e.spec.inputSize;
    json layers = json::array();
    for (const LayerSpec &l : e.spec.layers) {
        layers.push_back({{"forget_bias", l.forgetBias}});
    }
    j["layer_options"] = layers;
    j["training"] = trainToJson(e.train);
    j["training"]["ensemble"] = e.ensemble;
    if (!e.params.empty()) {
        Model<float> model(e.spec);
        if (model.params().size() != Eigen::Index(e.params.size())) {
            throw ExperimentError("the weights do not fit the model (" + std::to_string(e.params.size())
                                  + " values for " + std::to_string(model.params().size()) + " parameters)");
        }
        model.params() = Eigen::Map<const Vec<float>>(e.params.data(), Eigen::Index(e.params.size()));
        j["weights"] = modelToJson(model);
    }
    json history = json::array();
    for (const EpochRecord &r : e.history) {
        json hidden = json::array();
        for (const auto &layer : r.hiddenGradNorms) {
            hidden.push_back(finite(layer));
        }
        history.push_back({{"epoch", r.epoch},
                           {"train_loss", number(r.trainLoss)},
                           {"val_loss", number(r.valLoss)},
                           {"grad_norm", number(r.gradNorm)},
                           {"grad_norm_clipped", number(r.gradNormClipped)},
                           {"clip_threshold", r.clipThreshold},
                           {"spectral_radius", finite(r.spectralRadius)},
                           {"spectral_radius_epoch", r.spectralRadiusEpoch},
                           {"hidden_grad_norms", hidden},
                           {"seconds", r.seconds}});
    }
    j["history"] = history;
    j["best_epoch"] = e.bestEpoch;
    json pred = json::array();
    for (Eigen::Index r = 0; r < e.predictions.rows(); ++r) {
        std::vector<double> row(std::size_t(e.predictions.cols()));
        for (Eigen::Index c = 0; c < e.predictions.cols(); ++c) {
            row[std::size_t(c)] = e.predictions(r, c);
        }
        pred.push_back(row);
    }
    j["predictions"] = {{"starts", e.predictionStarts}, {"values", pred}};
    json view;
    view["forecast_origin"] = e.forecastOrigin;
    view["forecast_steps"] = e.forecastSteps;
    json baselines = json::array();
    for (const QString &b : e.visibleBaselines) {
        baselines.push_back(b.toStdString());
    }
    view["baselines"] = baselines;
    view["loss_log_scale"] = e.lossLogScale;
    view["loss_smoothing"] = e.lossSmoothing;
    view["horizon_step"] = e.horizonStep;
    if (e.predictionView.size() == 4) {
        view["prediction_range"] = e.predictionView;
    }
    if (e.lossView.size() == 4) {
        view["loss_range"] = e.lossView;
    }
    j["view"] = view;
    if (!e.runs.empty()) {
        j["runs"] = runsToJson(e.runs);
        j["view"]["selected_runs"] = e.selectedRuns;
        j["view"]["reference_run"] = e.referenceRun;
    }
    return j;
}

Experiment experimentFromJson(const json &j, const std::string &source)
{
    Experiment e;
    try {
        if (!j.is_object() || j.value("format", std::string()) != kFormat) {
            throw ExperimentError(source + ": not an RNN Lab experiment (\"format\" is not \"" + kFormat + "\")");
        }
        const JsonFields top(j, source, "");
        const long long version = top.integer("version", 0, INT_MAX);
        if (version != kVersion) {
            throw ExperimentError(source + ": experiment version " + std::to_string(version)
                                  + " is not supported (expected " + std::to_string(kVersion) + ")");
        }
        const JsonFields src = top.child("source");
        if (src.has("generator")) {
            e.generator = generatorFromJson(src.child("generator"));
        } else {
            e.dataPath = QString::fromStdString(src.string("path"));
            e.dataChecksum = QString::fromStdString(src.string("checksum", std::string()));
        }
        e.data = dataFromJson(top.child("data"));
        const int inputSize = int(top.integer("input_size", 1, 100000));
        e.spec = parseModelSpec(top.string("model_spec"), inputSize, e.data.horizon);
        const json &opts = j.contains("layer_options") ? top.array("layer_options") : json::array();
        for (std::size_t i = 0; i < opts.size() && i < e.spec.layers.size(); ++i) {
            e.spec.layers[i].forgetBias = JsonFields(opts[i], source, "layer_options[" + std::to_string(i) + "]").boolean("forget_bias", true);
        }
        e.train = trainFromJson(top.child("training"));
        e.ensemble = int(top.child("training").integer("ensemble", 1, 50, 1)); // seeds of a seed ensemble; 1: none
        // The model is made when the experiment opens: its size before anything is
        // allocated (a new run is checked again, with its batch, when it starts).
        requireMemory(modelBytes(e.spec), MemoryLimits::forThisMachine(), "the experiment's model " + formatModelSpec(e.spec));
        if (j.contains("weights")) {
            const ModelFile file = modelFromJson(top.object("weights"), source + " (weights)");
            if (!(file.spec == e.spec)) {
                // Per-layer flags such as the forget bias are not part of the weights' spec.
                ModelSpec a = file.spec;
                ModelSpec b = e.spec;
                for (auto &l : a.layers) {
                    l.forgetBias = true;
                }
                for (auto &l : b.layers) {
                    l.forgetBias = true;
                }
                if (!(a == b)) {
                    throw ExperimentError(source + ": the weights are for \"" + formatModelSpec(file.spec)
                                          + "\", the experiment's model is \"" + formatModelSpec(e.spec) + "\"");
                }
            }
            e.params.assign(file.params.data(), file.params.data() + file.params.size());
        }
        const json &history = top.array("history");
        for (std::size_t i = 0; i < history.size(); ++i) {
            e.history.push_back(epochFromJson(JsonFields(history[i], source, "history[" + std::to_string(i) + "]"),
                                              e.spec, e.data.lookback));
            if (i > 0 && e.history[i].epoch <= e.history[i - 1].epoch) {
                throw ExperimentError(source + ": field \"history[" + std::to_string(i) + "].epoch\": epochs must increase");
            }
        }
        e.bestEpoch = int(top.integer("best_epoch", 0, 100000, 0));
        const JsonFields pred = top.child("predictions");
        for (const json &s : pred.array("starts")) {
            e.predictionStarts.push_back(int(checkedInteger(s, 0, kMaxRow, source + ": field \"predictions.starts\"")));
        }
        const json &rows = pred.array("values");
        if (!rows.empty() && rows.size() != std::size_t(e.data.horizon)) {
            pred.fail("values", "has " + std::to_string(rows.size()) + " rows, not one per horizon step ("
                                    + std::to_string(e.data.horizon) + ")");
        }
        e.predictions.resize(Eigen::Index(rows.size()), Eigen::Index(e.predictionStarts.size()));
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const std::string what = source + ": field \"predictions.values[" + std::to_string(r) + "]\"";
            if (!rows[r].is_array() || rows[r].size() != e.predictionStarts.size()) {
                throw ExperimentError(what + ": must hold " + std::to_string(e.predictionStarts.size())
                                      + " values, one per window");
            }
            for (std::size_t c = 0; c < rows[r].size(); ++c) {
                e.predictions(Eigen::Index(r), Eigen::Index(c)) = checkedReal(rows[r][c], -std::numeric_limits<double>::max(),
                                                                              std::numeric_limits<double>::max(), what);
            }
        }
        // JsonFields keeps a reference: the empty default must outlive it (found by fuzzing:
        // a temporary json::object() here was a stack-use-after-scope).
        static const json kNoView = json::object();
        const JsonFields view = j.contains("view") ? top.child("view") : JsonFields(kNoView, source, "view");
        e.forecastOrigin = int(view.integer("forecast_origin", 0, kMaxRow, 0));
        e.forecastSteps = int(view.integer("forecast_steps", 0, 100000, 0));
        if (view.has("baselines")) {
            for (const auto &b : view.array("baselines")) {
                if (!b.is_string()) {
                    view.fail("baselines", "every entry must be a baseline name (a string)");
                }
                e.visibleBaselines << QString::fromStdString(b.get<std::string>());
            }
        }
        e.lossLogScale = view.boolean("loss_log_scale", true);
        e.lossSmoothing = int(view.integer("loss_smoothing", 0, 95, 60));
        e.horizonStep = int(view.integer("horizon_step", 1, std::max(1, e.data.horizon), 1));
        for (const char *key : {"prediction_range", "loss_range"}) {
            if (!view.has(key)) {
                continue;
            }
            const json &r = view.array(key);
            std::vector<double> v;
            for (const json &x : r) {
                v.push_back(checkedReal(x, -std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                                        source + ": field \"view." + key + "\""));
            }
            if (v.size() != 4 || !(v[0] < v[1]) || !(v[2] < v[3])) {
                view.fail(key, "must be 4 finite numbers [x0, x1, y0, y1] with x0 < x1 and y0 < y1");
            }
            (std::string(key) == "prediction_range" ? e.predictionView : e.lossView) = v;
        }
        if (j.contains("runs")) {
            e.runs = runsFromJson(j.at("runs"), source);
        }
        if (view.has("selected_runs")) {
            for (const json &i : view.array("selected_runs")) {
                e.selectedRuns.push_back(int(checkedInteger(i, 0, std::max<long long>(0, (long long)e.runs.size() - 1),
                                                            source + ": field \"view.selected_runs\" (a run index)")));
            }
            if (e.runs.empty() && !e.selectedRuns.empty()) {
                view.fail("selected_runs", "selects runs but the experiment has none");
            }
        }
        e.referenceRun = int(view.integer("reference_run", 0, std::max<long long>(0, (long long)e.runs.size() - 1), 0));
    } catch (const ExperimentError &) {
        throw;
    } catch (const RunRecordError &ex) {
        throw ExperimentError(ex.what());
    } catch (const JsonFieldError &ex) {
        throw ExperimentError(ex.what());
    } catch (const ModelFileError &ex) {
        throw ExperimentError(ex.what());
    } catch (const std::exception &ex) {
        throw ExperimentError(source + ": " + jsonReason(ex));
    }
    return e;
}

void saveExperiment(const QString &path, const Experiment &e)
{
    try {
        writeFileAtomically(path.toStdString(), experimentToJson(e).dump(1));
    } catch (const FileWriteError &ex) {
        throw ExperimentError(ex.what());
    }
}

Experiment loadExperiment(const QString &path)
{
    const std::string name = path.toStdString();
    std::string text;
    try {
        text = readBoundedFile(name, kMaxExperimentBytes);
    } catch (const FileReadError &ex) {
        throw ExperimentError(name + ": " + ex.what());
    }
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error &ex) {
        throw ExperimentError(name + ": not valid JSON (byte " + std::to_string(ex.byte) + ")");
    } catch (const json::exception &ex) {
        throw ExperimentError(name + ": not valid JSON: " + jsonReason(ex)); // e.g. 1e999
    }
    return experimentFromJson(j, name);
}

} // namespace rnnlab
