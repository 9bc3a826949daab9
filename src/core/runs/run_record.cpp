// Run records to and from JSON (see run_record.h). Doubles are written by nlohmann's
// shortest round-trip printer and read back by strtod, so they come back bit for bit;
// NaN and infinities, which JSON lacks, are the strings "nan", "inf" and "-inf".
// The weights are float32 little-endian in base64: exact, and parsing 20 records of
// 30,000 weights stays far below a second (see tst_core_runs).
#include "runs/run_record.h"

#include "io/atomic_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace rnnlab {

using nlohmann::json;

namespace {

constexpr const char *kFormat = "rnnlab-run";
constexpr int kVersion = 1;
constexpr const char *kWeightEncoding = "float32-le-base64";
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t(1) << 30;

// --- writing

json real(double x)
{
    if (std::isnan(x)) {
        return "nan";
    }
    if (std::isinf(x)) {
        return x > 0 ? "inf" : "-inf";
    }
    return x;
}

json reals(const std::vector<double> &v)
{
    json a = json::array();
    for (double x : v) {
        a.push_back(real(x));
    }
    return a;
}

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string floatsToBase64(const std::vector<float> &v)
{
    std::string bytes(v.size() * 4, '\0');
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::uint32_t u = std::bit_cast<std::uint32_t>(v[i]);
        for (int b = 0; b < 4; ++b) {
            bytes[4 * i + b] = char((u >> (8 * b)) & 0xff);
        }
    }
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t x = std::uint32_t((unsigned char)bytes[i]) << 16;
        if (n > 1) {
            x |= std::uint32_t((unsigned char)bytes[i + 1]) << 8;
        }
        if (n > 2) {
            x |= std::uint32_t((unsigned char)bytes[i + 2]);
        }
        out += kBase64[(x >> 18) & 63];
        out += kBase64[(x >> 12) & 63];
        out += n > 1 ? kBase64[(x >> 6) & 63] : '=';
        out += n > 2 ? kBase64[x & 63] : '=';
    }
    return out;
}

json metricsToJson(const NamedMetrics &m)
{
    return {{"name", m.name},
            {"mae", real(m.metrics.mae)},
            {"rmse", real(m.metrics.rmse)},
            {"mape", m.metrics.mape ? real(*m.metrics.mape) : json(nullptr)},
            {"smape", real(m.metrics.smape)},
            {"mase", m.metrics.mase ? real(*m.metrics.mase) : json(nullptr)},
            {"note", m.metrics.note}};
}

json epochToJson(const EpochStats &e)
{
    json hidden = json::array();
    for (const auto &layer : e.hiddenGradNorms) {
        hidden.push_back(reals(layer));
    }
    json j = {{"epoch", e.epoch},
              {"train_loss", real(e.trainLoss)},
              {"val_loss", e.valLoss ? real(*e.valLoss) : json(nullptr)},
              {"grad_norm", real(e.gradNorm)},
              {"grad_norm_clipped", real(e.gradNormClipped)},
              {"hidden_grad_norms", hidden},
              {"spectral_radius", reals(e.spectralRadius)},
              {"tensor_grad_norms", reals(e.tensorGradNorms)},
              {"seconds", real(e.seconds)},
              {"batches", e.batches},
              {"stopped", e.stopped}};
    if (e.nonFinite.found) {
        j["non_finite"] = {{"layer", e.nonFinite.layer}, {"tensor", e.nonFinite.tensor}, {"time_step", e.nonFinite.timeStep}};
    }
    return j;
}

// --- reading: every accessor names the field's path and the range it wanted

class Reader {
public:
    explicit Reader(const std::string &source) : m_source(source) { }

    [[noreturn]] void fail(const std::string &path, const std::string &problem) const
    {
        throw RunRecordError(m_source + ": " + path + ": " + problem);
    }

    const json &at(const json &obj, const std::string &path, const char *key) const
    {
        if (!obj.is_object()) {
            fail(path, "must be an object");
        }
        const auto it = obj.find(key);
        if (it == obj.end()) {
            fail(join(path, key), "is missing");
        }
        return *it;
    }

    static std::string join(const std::string &path, const char *key) { return path.empty() ? key : path + "." + key; }
    static std::string index(const std::string &path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

    const json &array(const json &j, const std::string &path, std::size_t maxSize) const
    {
        if (!j.is_array()) {
            fail(path, "must be an array");
        }
        if (j.size() > maxSize) {
            fail(path, std::to_string(j.size()) + " entries, at most " + std::to_string(maxSize) + " allowed");
        }
        return j;
    }

    // A number or one of "nan", "inf", "-inf" (what real() writes).
    double anyReal(const json &j, const std::string &path) const
    {
        if (j.is_number()) {
            return j.get<double>();
        }
        if (j.is_string()) {
            const std::string &s = j.get_ref<const std::string &>();
            if (s == "nan") {
                return std::numeric_limits<double>::quiet_NaN();
            }
            if (s == "inf") {
                return std::numeric_limits<double>::infinity();
            }
            if (s == "-inf") {
                return -std::numeric_limits<double>::infinity();
            }
        }
        fail(path, "must be a number (or \"nan\", \"inf\", \"-inf\"), not " + std::string(j.type_name()));
    }

    // A loss, a norm or an error metric: never below 0 (NaN and +inf are what a
    // diverging run logs, so they pass).
    double nonNegative(const json &j, const std::string &path) const
    {
        const double v = anyReal(j, path);
        if (v < 0) {
            std::ostringstream s;
            s << v << " is negative (losses, norms and errors are >= 0)";
            fail(path, s.str());
        }
        return v;
    }

    double finiteReal(const json &j, const std::string &path, double lo, double hi) const
    {
        if (!j.is_number()) {
            fail(path, "must be a number, not " + std::string(j.type_name()));
        }
        const double v = j.get<double>();
        if (!(v >= lo && v <= hi)) {
            std::ostringstream s;
            s << v << " is out of range [" << lo << ", " << hi << "]";
            fail(path, s.str());
        }
        return v;
    }

    long long integer(const json &j, const std::string &path, long long lo, long long hi) const
    {
        if (!j.is_number_integer()) {
            fail(path, "must be a whole number, not " + std::string(j.is_number() ? "a fraction" : j.type_name()));
        }
        if (j.is_number_unsigned() && j.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<long long>::max())) {
            fail(path, "is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        }
        const long long v = j.get<long long>();
        if (v < lo || v > hi) {
            fail(path, std::to_string(v) + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        }
        return v;
    }

    std::uint64_t unsigned64(const json &j, const std::string &path) const
    {
        if (!j.is_number_unsigned()) {
            fail(path, "must be a whole number >= 0");
        }
        return j.get<std::uint64_t>();
    }

    bool boolean(const json &j, const std::string &path) const
    {
        if (!j.is_boolean()) {
            fail(path, "must be true or false, not " + std::string(j.type_name()));
        }
        return j.get<bool>();
    }

    std::string string(const json &j, const std::string &path, std::size_t maxSize = 1 << 16) const
    {
        if (!j.is_string()) {
            fail(path, "must be a string, not " + std::string(j.type_name()));
        }
        const std::string &s = j.get_ref<const std::string &>();
        if (s.size() > maxSize) {
            fail(path, "longer than " + std::to_string(maxSize) + " characters");
        }
        return s;
    }

    // An enum through its fromString function, which throws std::invalid_argument.
    template <class F>
    auto choice(const json &j, const std::string &path, F fromString) const
    {
        const std::string s = string(j, path);
        try {
            return fromString(s);
        } catch (const std::exception &e) {
            fail(path, e.what());
        }
    }

    // `expected` non-negative values (norms, radii).
    std::vector<double> realArray(const json &j, const std::string &path, std::size_t expected) const
    {
        array(j, path, expected);
        if (j.size() != expected) {
            fail(path, std::to_string(j.size()) + " values, expected " + std::to_string(expected));
        }
        std::vector<double> v(expected);
        for (std::size_t i = 0; i < expected; ++i) {
            v[i] = nonNegative(j[i], index(path, i));
        }
        return v;
    }

private:
    const std::string &m_source;
};

int base64Value(char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

// requires: count was validated against the model's parameter count.
std::vector<float> floatsFromBase64(const Reader &r, const std::string &text, std::size_t count, const std::string &path)
{
    const std::size_t bytes = count * 4;
    const std::size_t expected = (bytes + 2) / 3 * 4;
    if (text.size() != expected) {
        r.fail(path, std::to_string(text.size()) + " base64 characters, expected " + std::to_string(expected) + " for "
                         + std::to_string(count) + " float32 values");
    }
    std::string raw;
    raw.reserve(expected / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        int v[4];
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + k];
            const bool padAllowed = i + 4 == text.size() && k >= 2;
            v[k] = c == '=' && padAllowed ? 0 : base64Value(c);
            if (v[k] < 0) {
                r.fail(path, "character " + std::to_string(i + k) + " is not base64");
            }
        }
        const std::uint32_t x = std::uint32_t(v[0]) << 18 | std::uint32_t(v[1]) << 12 | std::uint32_t(v[2]) << 6 | v[3];
        raw += char(x >> 16);
        raw += char((x >> 8) & 0xff);
        raw += char(x & 0xff);
    }
    std::vector<float> out(count);
    for (std::size_t i = 0; i < count; ++i) {
        std::uint32_t u = 0;
        for (int b = 0; b < 4; ++b) {
            u |= std::uint32_t((unsigned char)raw[4 * i + b]) << (8 * b);
        }
        out[i] = std::bit_cast<float>(u);
        if (!std::isfinite(out[i])) {
            r.fail(path, "weight " + std::to_string(i) + " is not finite");
        }
    }
    return out;
}

ClipKind clipFromString(const std::string &s)
{
    for (ClipKind k : {ClipKind::None, ClipKind::Norm, ClipKind::Value}) {
        if (s == toString(k)) {
            return k;
        }
    }
    throw std::invalid_argument("unknown clipping \"" + s + "\" (expected none, norm or value)");
}

json dataToJson(const RunSettings &s)
{
    const DataConfig &d = s.windows;
    return {{"file", s.data.file},
            {"checksum", s.data.checksum},
            {"rows", s.data.rows},
            {"columns", s.data.columns},
            {"target", d.target},
            {"inputs", d.inputs},
            {"missing", toString(d.missing)},
            {"lookback", d.lookback},
            {"horizon", d.horizon},
            {"stride", d.stride},
            {"split", {d.trainFraction, d.valFraction, d.testFraction}},
            {"normalize", toString(d.normalization)},
            {"transform", toString(d.transform)}};
}

void dataFromJson(const Reader &r, const json &j, RunSettings &s)
{
    const std::string p = "data";
    s.data.file = r.string(r.at(j, p, "file"), p + ".file");
    s.data.checksum = r.string(r.at(j, p, "checksum"), p + ".checksum");
    if (!s.data.checksum.empty()) {
        const std::string &c = s.data.checksum;
        const bool ok = c.size() == 7 + 64 && c.rfind("sha256:", 0) == 0
            && c.find_first_not_of("0123456789abcdef", 7) == std::string::npos;
        if (!ok) {
            r.fail(p + ".checksum", "\"" + c + "\" is not \"sha256:\" and 64 lowercase hex digits");
        }
    }
    // 0: never trained (a comparison run skipped by cancel); checked against the history below.
    s.data.rows = int(r.integer(r.at(j, p, "rows"), p + ".rows", 0, std::numeric_limits<int>::max()));
    const json &cols = r.array(r.at(j, p, "columns"), p + ".columns", 1 << 16);
    s.data.columns.clear();
    for (std::size_t i = 0; i < cols.size(); ++i) {
        s.data.columns.push_back(r.string(cols[i], Reader::index(p + ".columns", i)));
    }
    DataConfig &d = s.windows;
    d.target = r.string(r.at(j, p, "target"), p + ".target");
    const json &inputs = r.array(r.at(j, p, "inputs"), p + ".inputs", 1 << 16);
    d.inputs.clear();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        d.inputs.push_back(r.string(inputs[i], Reader::index(p + ".inputs", i)));
    }
    d.missing = r.choice(r.at(j, p, "missing"), p + ".missing", missingPolicyFromString);
    d.lookback = int(r.integer(r.at(j, p, "lookback"), p + ".lookback", 1, 100000));
    d.horizon = int(r.integer(r.at(j, p, "horizon"), p + ".horizon", 1, 10000));
    d.stride = int(r.integer(r.at(j, p, "stride"), p + ".stride", 1, 1000000));
    const json &split = r.array(r.at(j, p, "split"), p + ".split", 3);
    if (split.size() != 3) {
        r.fail(p + ".split", "must hold three fractions (train, validation, test)");
    }
    d.trainFraction = r.finiteReal(split[0], p + ".split[0]", 0.0, 1.0);
    d.valFraction = r.finiteReal(split[1], p + ".split[1]", 0.0, 1.0);
    d.testFraction = r.finiteReal(split[2], p + ".split[2]", 0.0, 1.0);
    if (std::abs(d.trainFraction + d.valFraction + d.testFraction - 1.0) > 1e-6) {
        r.fail(p + ".split", "the fractions sum to " + std::to_string(d.trainFraction + d.valFraction + d.testFraction)
                                 + ", not 1");
    }
    d.normalization = r.choice(r.at(j, p, "normalize"), p + ".normalize", normalizationFromString);
    d.transform = r.choice(r.at(j, p, "transform"), p + ".transform", transformFromString);
}

json modelToJsonSpec(const ModelSpec &spec)
{
    json layers = json::array();
    for (const LayerSpec &l : spec.layers) {
        layers.push_back({{"type", toString(l.type)},
                          {"units", l.units},
                          {"activation", toString(l.activation)},
                          {"forget_bias", l.forgetBias}});
    }
    // "spec" is for people reading the file; the loader builds the model from "layers".
    return {{"input_size", spec.inputSize}, {"layers", layers}, {"spec", formatModelSpec(spec)}};
}

ModelSpec modelFromJsonSpec(const Reader &r, const json &j, int horizon)
{
    const std::string p = "model";
    ModelSpec spec;
    spec.inputSize = int(r.integer(r.at(j, p, "input_size"), p + ".input_size", 1, 1 << 20));
    const json &layers = r.array(r.at(j, p, "layers"), p + ".layers", 1024);
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::string lp = Reader::index(p + ".layers", i);
        LayerSpec l;
        l.type = r.choice(r.at(layers[i], lp, "type"), lp + ".type",
                          [](const std::string &s) {
                              try {
                                  return layerTypeFromString(s);
                              } catch (const SpecError &e) {
                                  throw std::invalid_argument(e.what());
                              }
                          });
        l.units = int(r.integer(r.at(layers[i], lp, "units"), lp + ".units", 1, 1 << 20));
        l.activation = r.choice(r.at(layers[i], lp, "activation"), lp + ".activation", [](const std::string &s) {
            try {
                return activationFromString(s);
            } catch (const SpecError &e) {
                throw std::invalid_argument(e.what());
            }
        });
        l.forgetBias = r.boolean(r.at(layers[i], lp, "forget_bias"), lp + ".forget_bias");
        spec.layers.push_back(l);
    }
    try {
        validate(spec);
    } catch (const SpecError &e) {
        r.fail(p + ".layers", e.what());
    }
    if (spec.horizon() != horizon) {
        r.fail(p + ".layers", "the last layer has " + std::to_string(spec.horizon()) + " units, the horizon is "
                                  + std::to_string(horizon));
    }
    // Every parameter count is validated before anything is allocated for it.
    if (parameterCount(spec) > (1LL << 31)) {
        r.fail(p + ".layers", std::to_string(parameterCount(spec)) + " parameters, more than 2^31");
    }
    return spec;
}

json trainToJson(const TrainConfig &t)
{
    return {{"loss", toString(t.loss)},
            {"optimizer", toString(t.optimizer.kind)},
            {"lr", t.optimizer.lr},
            {"momentum", t.optimizer.momentum},
            {"nesterov", t.optimizer.nesterov},
            {"weight_decay", t.optimizer.weightDecay},
            {"alpha", t.optimizer.alpha},
            {"beta1", t.optimizer.beta1},
            {"beta2", t.optimizer.beta2},
            {"eps", t.optimizer.eps},
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

TrainConfig trainFromJson(const Reader &r, const json &j)
{
    const std::string p = "training";
    auto f = [&](const char *key) -> const json & { return r.at(j, p, key); };
    auto path = [&](const char *key) { return p + "." + key; };
    TrainConfig t;
    t.loss = r.choice(f("loss"), path("loss"), lossFromString);
    t.optimizer.kind = r.choice(f("optimizer"), path("optimizer"), optimizerFromString);
    t.optimizer.lr = r.finiteReal(f("lr"), path("lr"), 1e-300, 1e6);
    t.optimizer.momentum = r.finiteReal(f("momentum"), path("momentum"), 0.0, 1.0);
    t.optimizer.nesterov = r.boolean(f("nesterov"), path("nesterov"));
    t.optimizer.weightDecay = r.finiteReal(f("weight_decay"), path("weight_decay"), 0.0, 1e6);
    t.optimizer.alpha = r.finiteReal(f("alpha"), path("alpha"), 0.0, 1.0);
    t.optimizer.beta1 = r.finiteReal(f("beta1"), path("beta1"), 0.0, 1.0);
    t.optimizer.beta2 = r.finiteReal(f("beta2"), path("beta2"), 0.0, 1.0);
    t.optimizer.eps = r.finiteReal(f("eps"), path("eps"), 0.0, 1.0);
    t.clip.kind = r.choice(f("clip"), path("clip"), clipFromString);
    t.clip.threshold = r.finiteReal(f("clip_threshold"), path("clip_threshold"), 0.0, 1e12);
    if (t.clip.kind != ClipKind::None && !(t.clip.threshold > 0)) {
        r.fail(path("clip_threshold"), "must be > 0 when clipping is on");
    }
    t.batchSize = int(r.integer(f("batch"), path("batch"), 1, 10000000));
    t.epochs = int(r.integer(f("epochs"), path("epochs"), 0, 10000000));
    t.shuffle = r.boolean(f("shuffle"), path("shuffle"));
    t.tbptt = int(r.integer(f("tbptt"), path("tbptt"), 0, 100000));
    t.patience = int(r.integer(f("patience"), path("patience"), 0, 1000000));
    t.init.recurrentGain = r.finiteReal(f("gain"), path("gain"), 0.0, 1000.0);
    t.init.forgetBias = r.boolean(f("forget_bias"), path("forget_bias"));
    t.seed = r.unsigned64(f("seed"), path("seed"));
    t.threads = int(r.integer(f("threads"), path("threads"), 1, 1024));
    return t;
}

EpochStats epochFromJson(const Reader &r, const json &j, const std::string &p, const RunSettings &s)
{
    EpochStats e;
    e.epoch = int(r.integer(r.at(j, p, "epoch"), p + ".epoch", 1, std::numeric_limits<int>::max()));
    e.trainLoss = r.nonNegative(r.at(j, p, "train_loss"), p + ".train_loss");
    const json &val = r.at(j, p, "val_loss");
    if (!val.is_null()) {
        e.valLoss = r.nonNegative(val, p + ".val_loss");
    }
    e.gradNorm = r.nonNegative(r.at(j, p, "grad_norm"), p + ".grad_norm");
    e.gradNormClipped = r.nonNegative(r.at(j, p, "grad_norm_clipped"), p + ".grad_norm_clipped");
    e.batches = int(r.integer(r.at(j, p, "batches"), p + ".batches", 0, std::numeric_limits<int>::max()));
    // Per-layer arrays: one per recurrent layer of the spec, one value per time step.
    const std::size_t layers = std::size_t(s.spec.recurrentCount());
    const std::size_t T = std::size_t(s.windows.lookback);
    const std::string hp = p + ".hidden_grad_norms";
    const json &hidden = r.array(r.at(j, p, "hidden_grad_norms"), hp, layers);
    if (!hidden.empty() && hidden.size() != layers) {
        r.fail(hp, std::to_string(hidden.size()) + " layers, the model has " + std::to_string(layers)
                       + " recurrent layers");
    }
    for (std::size_t l = 0; l < hidden.size(); ++l) {
        e.hiddenGradNorms.push_back(r.realArray(hidden[l], Reader::index(hp, l), T));
    }
    e.spectralRadius = r.realArray(r.at(j, p, "spectral_radius"), p + ".spectral_radius", layers);
    const json &tensors = r.at(j, p, "tensor_grad_norms");
    const std::size_t tensorCount = tensors.is_array() && tensors.empty() ? 0 : [&] {
        std::size_t n = 0;
        for (int l = 0; l < int(s.spec.layers.size()); ++l) {
            n += isRecurrent(s.spec.layers[std::size_t(l)].type) ? 4 : 2;
        }
        return n;
    }();
    e.tensorGradNorms = r.realArray(tensors, p + ".tensor_grad_norms", tensorCount);
    e.seconds = r.finiteReal(r.at(j, p, "seconds"), p + ".seconds", 0.0, 1e9);
    e.stopped = r.boolean(r.at(j, p, "stopped"), p + ".stopped");
    if (j.contains("non_finite")) {
        const std::string np = p + ".non_finite";
        const json &n = j.at("non_finite");
        e.nonFinite.found = true;
        e.nonFinite.layer = int(r.integer(r.at(n, np, "layer"), np + ".layer", -1, 1024));
        e.nonFinite.tensor = r.string(r.at(n, np, "tensor"), np + ".tensor", 256);
        e.nonFinite.timeStep = int(r.integer(r.at(n, np, "time_step"), np + ".time_step", -1, 100000));
    }
    return e;
}

NamedMetrics metricsFromJson(const Reader &r, const json &j, const std::string &p)
{
    NamedMetrics m;
    m.name = r.string(r.at(j, p, "name"), p + ".name", 256);
    m.metrics.mae = r.nonNegative(r.at(j, p, "mae"), p + ".mae");
    m.metrics.rmse = r.nonNegative(r.at(j, p, "rmse"), p + ".rmse");
    if (!r.at(j, p, "mape").is_null()) {
        m.metrics.mape = r.nonNegative(j.at("mape"), p + ".mape");
    }
    m.metrics.smape = r.nonNegative(r.at(j, p, "smape"), p + ".smape");
    if (!r.at(j, p, "mase").is_null()) {
        m.metrics.mase = r.nonNegative(j.at("mase"), p + ".mase");
    }
    m.metrics.note = r.string(r.at(j, p, "note"), p + ".note");
    return m;
}

} // namespace

const char *toString(RunEnd e)
{
    switch (e) {
    case RunEnd::Finished: return "finished";
    case RunEnd::EarlyStopped: return "early_stopped";
    case RunEnd::Stopped: return "stopped";
    case RunEnd::Diverged: return "diverged";
    }
    return "?";
}

RunEnd runEndFromString(const std::string &s)
{
    for (RunEnd e : {RunEnd::Finished, RunEnd::EarlyStopped, RunEnd::Stopped, RunEnd::Diverged}) {
        if (s == toString(e)) {
            return e;
        }
    }
    throw std::invalid_argument("unknown end \"" + s + "\" (expected finished, early_stopped, stopped or diverged)");
}

std::string describeEnd(RunEnd end, int epoch)
{
    switch (end) {
    case RunEnd::Finished: return "finished";
    case RunEnd::EarlyStopped: return "early stop at epoch " + std::to_string(epoch);
    case RunEnd::Stopped: return "stopped at epoch " + std::to_string(epoch);
    case RunEnd::Diverged: return "diverged at epoch " + std::to_string(epoch);
    }
    return "?";
}

std::vector<std::string> settingDifferences(const RunSettings &a, const RunSettings &b)
{
    std::vector<std::string> out;
    auto num = [](double x) {
        std::ostringstream s;
        s << x;
        return s.str();
    };
    auto add = [&](bool differs, const std::string &name, const std::string &value) {
        if (differs) {
            out.push_back(name + " " + value);
        }
    };
    const auto join = [](const std::vector<std::string> &v) {
        std::string s;
        for (const std::string &x : v) {
            s += (s.empty() ? "" : ",") + x;
        }
        return s;
    };
    add(a.data.file != b.data.file || a.data.checksum != b.data.checksum, "data", a.data.file);
    const DataConfig &x = a.windows, &y = b.windows;
    add(x.target != y.target, "target", x.target);
    add(x.inputs != y.inputs, "inputs", join(x.inputs));
    add(x.missing != y.missing, "missing", toString(x.missing));
    add(x.lookback != y.lookback, "lookback", std::to_string(x.lookback));
    add(x.horizon != y.horizon, "horizon", std::to_string(x.horizon));
    add(x.stride != y.stride, "stride", std::to_string(x.stride));
    add(x.trainFraction != y.trainFraction || x.valFraction != y.valFraction || x.testFraction != y.testFraction,
        "split", num(x.trainFraction) + "/" + num(x.valFraction) + "/" + num(x.testFraction));
    add(x.normalization != y.normalization, "normalize", toString(x.normalization));
    add(x.transform != y.transform, "transform", toString(x.transform));
    add(!(a.spec == b.spec), "model", formatModelSpec(a.spec));
    const TrainConfig &s = a.train, &t = b.train;
    add(s.loss != t.loss, "loss", toString(s.loss));
    add(s.optimizer.kind != t.optimizer.kind, "optimizer", toString(s.optimizer.kind));
    add(s.optimizer.lr != t.optimizer.lr, "lr", num(s.optimizer.lr));
    add(s.optimizer.momentum != t.optimizer.momentum, "momentum", num(s.optimizer.momentum));
    add(s.optimizer.nesterov != t.optimizer.nesterov, "nesterov", s.optimizer.nesterov ? "on" : "off");
    add(s.optimizer.weightDecay != t.optimizer.weightDecay, "weight decay", num(s.optimizer.weightDecay));
    add(s.optimizer.alpha != t.optimizer.alpha || s.optimizer.beta1 != t.optimizer.beta1
            || s.optimizer.beta2 != t.optimizer.beta2 || s.optimizer.eps != t.optimizer.eps,
        "optimizer constants", num(s.optimizer.beta1) + "/" + num(s.optimizer.beta2) + "/" + num(s.optimizer.alpha) + "/"
            + num(s.optimizer.eps));
    const bool clipDiffers = s.clip.kind != t.clip.kind || (s.clip.kind != ClipKind::None && s.clip.threshold != t.clip.threshold);
    add(clipDiffers, s.clip.kind == ClipKind::Value ? "clip value" : "clip norm",
        s.clip.kind == ClipKind::None ? std::string("off") : num(s.clip.threshold));
    add(s.batchSize != t.batchSize, "batch", std::to_string(s.batchSize));
    add(s.epochs != t.epochs, "epochs", std::to_string(s.epochs));
    add(s.shuffle != t.shuffle, "shuffle", s.shuffle ? "on" : "off");
    add(s.tbptt != t.tbptt, "tbptt", std::to_string(s.tbptt));
    add(s.patience != t.patience, "patience", std::to_string(s.patience));
    add(s.init.recurrentGain != t.init.recurrentGain, "gain", num(s.init.recurrentGain));
    add(s.init.forgetBias != t.init.forgetBias, "forget bias", s.init.forgetBias ? "on" : "off");
    add(s.seed != t.seed, "seed", std::to_string(s.seed));
    add(s.threads != t.threads, "threads", std::to_string(s.threads));
    return out;
}

double gradRatio(const RunRecord &run)
{
    for (auto it = run.history.rbegin(); it != run.history.rend(); ++it) {
        if (!it->hiddenGradNorms.empty() && !it->hiddenGradNorms[0].empty()) {
            const std::vector<double> &h = it->hiddenGradNorms[0];
            return h.back() > 0 ? h.front() / h.back() : std::numeric_limits<double>::quiet_NaN();
        }
    }
    return std::numeric_limits<double>::quiet_NaN();
}

json runToJson(const RunRecord &run)
{
    json j;
    j["format"] = kFormat;
    j["version"] = kVersion;
    j["name"] = run.name;
    j["data"] = dataToJson(run.settings);
    j["model"] = modelToJsonSpec(run.settings.spec);
    j["training"] = trainToJson(run.settings.train);
    json history = json::array();
    for (const EpochStats &e : run.history) {
        history.push_back(epochToJson(e));
    }
    j["history"] = std::move(history);
    j["weights"] = {{"encoding", kWeightEncoding}, {"count", run.params.size()}, {"data", floatsToBase64(run.params)}};
    j["end"] = {{"kind", toString(run.end)}, {"epoch", run.endEpoch}, {"message", run.endMessage}};
    j["best_epoch"] = run.bestEpoch;
    j["wall_seconds"] = real(run.wallSeconds);
    json test = json::array();
    for (const NamedMetrics &m : run.test) {
        test.push_back(metricsToJson(m));
    }
    j["test"] = std::move(test);
    return j;
}

RunRecord runFromJson(const json &j, const std::string &source)
{
    const Reader r(source);
    if (!j.is_object()) {
        throw RunRecordError(source + ": not an RNN Lab run record (not a JSON object)");
    }
    const auto format = j.find("format");
    if (format == j.end() || !format->is_string() || format->get<std::string>() != kFormat) {
        throw RunRecordError(source + ": not an RNN Lab run record (\"format\" is not \"" + kFormat + "\")");
    }
    const long long version = r.integer(r.at(j, "", "version"), "version", 0, std::numeric_limits<int>::max());
    if (version != kVersion) {
        r.fail("version", std::to_string(version) + " is not supported (expected " + std::to_string(kVersion) + ")");
    }
    RunRecord run;
    run.name = r.string(r.at(j, "", "name"), "name", 1024);
    dataFromJson(r, r.at(j, "", "data"), run.settings);
    run.settings.spec = modelFromJsonSpec(r, r.at(j, "", "model"), run.settings.windows.horizon);
    run.settings.train = trainFromJson(r, r.at(j, "", "training"));
    // The data settings and the model must fit each other and the file's columns.
    const RunSettings &rs = run.settings;
    const int features = rs.windows.inputs.empty() ? 1 : int(rs.windows.inputs.size());
    if (features != rs.spec.inputSize) {
        r.fail("model.input_size", std::to_string(rs.spec.inputSize) + ", but data.inputs lists "
                                       + std::to_string(rs.windows.inputs.size()) + " columns");
    }
    if (!rs.data.columns.empty()) {
        auto known = [&](const std::string &c) {
            return std::find(rs.data.columns.begin(), rs.data.columns.end(), c) != rs.data.columns.end();
        };
        if (!rs.windows.target.empty() && !known(rs.windows.target)) {
            r.fail("data.target", "\"" + rs.windows.target + "\" is not one of data.columns");
        }
        for (std::size_t i = 0; i < rs.windows.inputs.size(); ++i) {
            if (!known(rs.windows.inputs[i])) {
                r.fail(Reader::index("data.inputs", i), "\"" + rs.windows.inputs[i] + "\" is not one of data.columns");
            }
        }
    }

    const json &history = r.array(r.at(j, "", "history"), "history", std::size_t(run.settings.train.epochs) + 1);
    run.history.reserve(history.size());
    for (std::size_t i = 0; i < history.size(); ++i) {
        const std::string p = Reader::index("history", i);
        run.history.push_back(epochFromJson(r, history[i], p, run.settings));
        if (run.history.back().epoch != int(i) + 1) {
            r.fail(p + ".epoch", std::to_string(run.history.back().epoch) + ", expected " + std::to_string(i + 1)
                                     + " (epochs are numbered 1, 2, ... in order)");
        }
    }

    if (run.settings.data.rows == 0 && !run.history.empty()) {
        r.fail("data.rows", "0, but the run has a history (a trained run saw at least one row)");
    }
    const json &w = r.at(j, "", "weights");
    if (r.string(r.at(w, "weights", "encoding"), "weights.encoding") != kWeightEncoding) {
        r.fail("weights.encoding", std::string("must be \"") + kWeightEncoding + "\"");
    }
    const long long params = parameterCount(run.settings.spec);
    const long long count = r.integer(r.at(w, "weights", "count"), "weights.count", 0, params);
    if (count != 0 && count != params) {
        r.fail("weights.count", std::to_string(count) + " weights, the model has " + std::to_string(params)
                                    + " parameters (or 0: not trained)");
    }
    run.params = floatsFromBase64(r, r.string(r.at(w, "weights", "data"), "weights.data", std::size_t(1) << 33),
                                  std::size_t(count), "weights.data");

    const json &end = r.at(j, "", "end");
    run.end = r.choice(r.at(end, "end", "kind"), "end.kind", runEndFromString);
    run.endEpoch = int(r.integer(r.at(end, "end", "epoch"), "end.epoch", 0, std::max<long long>(run.history.size(), 0)));
    run.endMessage = r.string(r.at(end, "end", "message"), "end.message");
    run.bestEpoch = int(r.integer(r.at(j, "", "best_epoch"), "best_epoch", 0, (long long)run.history.size()));
    run.wallSeconds = r.finiteReal(r.at(j, "", "wall_seconds"), "wall_seconds", 0.0, 1e12);
    const json &test = r.array(r.at(j, "", "test"), "test", 64);
    for (std::size_t i = 0; i < test.size(); ++i) {
        run.test.push_back(metricsFromJson(r, test[i], Reader::index("test", i)));
    }
    return run;
}

json runsToJson(const std::vector<RunRecord> &runs)
{
    json a = json::array();
    for (const RunRecord &r : runs) {
        a.push_back(runToJson(r));
    }
    return a;
}

std::vector<RunRecord> runsFromJson(const json &j, const std::string &source)
{
    if (!j.is_array()) {
        throw RunRecordError(source + ": runs: must be an array");
    }
    std::vector<RunRecord> runs;
    runs.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
        runs.push_back(runFromJson(j[i], source + " runs[" + std::to_string(i) + "]"));
    }
    return runs;
}

double suggestedClipNorm(const RunRecord &run)
{
    std::vector<double> norms;
    for (const EpochStats &e : run.history) {
        if (!e.stopped && !e.nonFinite.found && std::isfinite(e.gradNorm)) {
            norms.push_back(e.gradNorm);
        }
    }
    if (norms.empty()) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    std::sort(norms.begin(), norms.end());
    const std::size_t n = norms.size();
    const double median = n % 2 == 1 ? norms[n / 2] : 0.5 * (norms[n / 2 - 1] + norms[n / 2]);
    return median / 4;
}

void saveRunRecord(const std::string &path, const RunRecord &run)
{
    try {
        writeFileAtomically(path, runToJson(run).dump() + '\n');
    } catch (const std::runtime_error &e) {
        throw RunRecordError(e.what());
    }
}

RunRecord loadRunRecord(const std::string &path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw RunRecordError(path + ": no such file");
    }
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec || size > kMaxFileBytes) {
        throw RunRecordError(path + ": cannot read (or larger than 1 GiB)");
    }
    std::string text(std::size_t(size), '\0');
    std::ifstream f(path, std::ios::binary);
    if (!f.read(text.data(), std::streamsize(size))) {
        throw RunRecordError(path + ": read error");
    }
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error &e) {
        throw RunRecordError(path + ": not valid JSON (byte " + std::to_string(e.byte) + "): the file is truncated or corrupt");
    }
    return runFromJson(j, path);
}

} // namespace rnnlab
