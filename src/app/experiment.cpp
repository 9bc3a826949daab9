// Experiment files (see experiment.h).
#include "experiment.h"

#include "io/model_file.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace rnnlab {

using nlohmann::json;

namespace {
constexpr const char *kFormat = "rnnlab-experiment";
constexpr int kVersion = 1;

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

double numberOr(const json &j, double fallback)
{
    return j.is_number() ? j.get<double>() : fallback;
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
            {"transform", toString(d.transform)}};
}

DataConfig dataFromJson(const json &j)
{
    DataConfig d;
    d.target = j.at("target").get<std::string>();
    d.inputs = j.at("inputs").get<std::vector<std::string>>();
    d.missing = missingPolicyFromString(j.at("missing").get<std::string>());
    d.lookback = j.at("lookback").get<int>();
    d.horizon = j.at("horizon").get<int>();
    d.stride = j.at("stride").get<int>();
    const auto split = j.at("split").get<std::vector<double>>();
    if (split.size() != 3) {
        throw ExperimentError("data.split must hold three fractions");
    }
    d.trainFraction = split[0];
    d.valFraction = split[1];
    d.testFraction = split[2];
    d.normalization = normalizationFromString(j.at("normalize").get<std::string>());
    d.transform = transformFromString(j.value("transform", std::string("none")));
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

TrainConfig trainFromJson(const json &j)
{
    TrainConfig t;
    t.loss = lossFromString(j.at("loss").get<std::string>());
    t.optimizer.kind = optimizerFromString(j.at("optimizer").get<std::string>());
    t.optimizer.lr = j.at("lr").get<double>();
    t.optimizer.momentum = j.at("momentum").get<double>();
    t.optimizer.weightDecay = j.value("weight_decay", 0.0);
    t.clip.kind = clipFromString(j.at("clip").get<std::string>());
    t.clip.threshold = j.at("clip_threshold").get<double>();
    t.batchSize = j.at("batch").get<int>();
    t.epochs = j.at("epochs").get<int>();
    t.shuffle = j.at("shuffle").get<bool>();
    t.tbptt = j.at("tbptt").get<int>();
    t.patience = j.at("patience").get<int>();
    t.init.recurrentGain = j.at("gain").get<double>();
    t.init.forgetBias = j.value("forget_bias", true);
    t.seed = j.at("seed").get<std::uint64_t>();
    t.threads = j.value("threads", 1);
    return t;
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
    return j;
}

Experiment experimentFromJson(const json &j, const std::string &source)
{
    Experiment e;
    try {
        if (!j.is_object() || j.value("format", std::string()) != kFormat) {
            throw ExperimentError(source + ": not an RNN Lab experiment (\"format\" is not \"" + kFormat + "\")");
        }
        if (j.at("version").get<int>() != kVersion) {
            throw ExperimentError(source + ": experiment version " + std::to_string(j.at("version").get<int>())
                                  + " is not supported (expected " + std::to_string(kVersion) + ")");
        }
        const json &src = j.at("source");
        if (src.contains("generator")) {
            const json &g = src.at("generator");
            e.generator.kind = QString::fromStdString(g.at("kind").get<std::string>());
            e.generator.n = g.at("n").get<int>();
            e.generator.period = g.at("period").get<double>();
            e.generator.noise = g.at("noise").get<double>();
            e.generator.start = g.at("start").get<double>();
            e.generator.drift = g.at("drift").get<double>();
            e.generator.vol = g.at("vol").get<double>();
            e.generator.lag = g.at("lag").get<int>();
            e.generator.seed = g.at("seed").get<std::uint64_t>();
        } else {
            e.dataPath = QString::fromStdString(src.at("path").get<std::string>());
            e.dataChecksum = QString::fromStdString(src.value("checksum", std::string()));
        }
        e.data = dataFromJson(j.at("data"));
        e.spec = parseModelSpec(j.at("model_spec").get<std::string>(), j.at("input_size").get<int>(), e.data.horizon);
        const json &opts = j.value("layer_options", json::array());
        for (std::size_t i = 0; i < opts.size() && i < e.spec.layers.size(); ++i) {
            e.spec.layers[i].forgetBias = opts[i].value("forget_bias", true);
        }
        e.train = trainFromJson(j.at("training"));
        if (j.contains("weights")) {
            const ModelFile file = modelFromJson(j.at("weights"), source + " (weights)");
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
        for (const json &h : j.at("history")) {
            EpochRecord r;
            r.epoch = h.at("epoch").get<int>();
            r.trainLoss = numberOr(h.at("train_loss"), std::nan(""));
            r.valLoss = numberOr(h.at("val_loss"), std::nan(""));
            r.gradNorm = numberOr(h.at("grad_norm"), std::nan(""));
            r.gradNormClipped = numberOr(h.at("grad_norm_clipped"), std::nan(""));
            r.clipThreshold = h.value("clip_threshold", 0.0);
            r.spectralRadius = h.at("spectral_radius").get<std::vector<double>>();
            r.spectralRadiusEpoch = h.value("spectral_radius_epoch", 0);
            r.hiddenGradNorms = h.at("hidden_grad_norms").get<std::vector<std::vector<double>>>();
            r.seconds = h.value("seconds", 0.0);
            e.history.push_back(std::move(r));
        }
        e.bestEpoch = j.value("best_epoch", 0);
        const json &pred = j.at("predictions");
        e.predictionStarts = pred.at("starts").get<std::vector<int>>();
        const json &rows = pred.at("values");
        e.predictions.resize(Eigen::Index(rows.size()), Eigen::Index(e.predictionStarts.size()));
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const auto row = rows[r].get<std::vector<double>>();
            if (row.size() != e.predictionStarts.size()) {
                throw ExperimentError(source + ": predictions row " + std::to_string(r) + " has "
                                      + std::to_string(row.size()) + " values for "
                                      + std::to_string(e.predictionStarts.size()) + " windows");
            }
            for (std::size_t c = 0; c < row.size(); ++c) {
                e.predictions(Eigen::Index(r), Eigen::Index(c)) = row[c];
            }
        }
        const json &view = j.value("view", json::object());
        e.forecastOrigin = view.value("forecast_origin", 0);
        e.forecastSteps = view.value("forecast_steps", 0);
        for (const auto &b : view.value("baselines", json::array())) {
            e.visibleBaselines << QString::fromStdString(b.get<std::string>());
        }
        e.lossLogScale = view.value("loss_log_scale", true);
        e.lossSmoothing = view.value("loss_smoothing", 60);
        e.horizonStep = view.value("horizon_step", 1);
        if (e.horizonStep < 1 || e.horizonStep > std::max(1, e.data.horizon)) {
            throw ExperimentError(source + ": view.horizon_step must be between 1 and the horizon "
                                  + std::to_string(e.data.horizon) + " (got " + std::to_string(e.horizonStep) + ")");
        }
        for (const auto &[key, out] : {std::pair<const char *, std::vector<double> *>{"prediction_range", &e.predictionView},
                                       {"loss_range", &e.lossView}}) {
            if (!view.contains(key)) {
                continue;
            }
            *out = view.at(key).get<std::vector<double>>();
            const std::vector<double> &r = *out;
            if (r.size() != 4 || !std::isfinite(r[0]) || !std::isfinite(r[1]) || !std::isfinite(r[2]) || !std::isfinite(r[3])
                || !(r[0] < r[1]) || !(r[2] < r[3])) {
                throw ExperimentError(source + ": view." + key + " must be 4 finite numbers [x0, x1, y0, y1] with x0 < x1 and y0 < y1");
            }
        }
    } catch (const ExperimentError &) {
        throw;
    } catch (const std::exception &ex) {
        throw ExperimentError(source + ": " + ex.what());
    }
    return e;
}

void saveExperiment(const QString &path, const Experiment &e)
{
    const std::string text = experimentToJson(e).dump(1);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size())
        || !file.commit()) {
        throw ExperimentError(path.toStdString() + ": cannot write: " + file.errorString().toStdString());
    }
}

Experiment loadExperiment(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throw ExperimentError(path.toStdString() + ": cannot open: " + file.errorString().toStdString());
    }
    const QByteArray bytes = file.readAll();
    json j;
    try {
        j = json::parse(bytes.constBegin(), bytes.constEnd());
    } catch (const json::parse_error &ex) {
        throw ExperimentError(path.toStdString() + ": not valid JSON (byte " + std::to_string(ex.byte) + ")");
    }
    return experimentFromJson(j, path.toStdString());
}

} // namespace rnnlab
