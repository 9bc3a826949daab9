// Parsing, printing and validating model specs; parameter counts.
#include "nn/model_spec.h"

#include <charconv>
#include <sstream>

namespace rnnlab {

bool isRecurrent(LayerType t)
{
    return t != LayerType::Dense;
}

int gateCount(LayerType t)
{
    switch (t) {
    case LayerType::Lstm: return 4;
    case LayerType::Gru: return 3;
    default: return 1;
    }
}

const char *toString(LayerType t)
{
    switch (t) {
    case LayerType::Rnn: return "rnn";
    case LayerType::Lstm: return "lstm";
    case LayerType::Gru: return "gru";
    case LayerType::Dense: return "dense";
    }
    return "?";
}

const char *toString(Activation a)
{
    switch (a) {
    case Activation::Linear: return "linear";
    case Activation::Tanh: return "tanh";
    case Activation::Relu: return "relu";
    case Activation::Sigmoid: return "sigmoid";
    }
    return "?";
}

LayerType layerTypeFromString(const std::string &s)
{
    if (s == "rnn") return LayerType::Rnn;
    if (s == "lstm") return LayerType::Lstm;
    if (s == "gru") return LayerType::Gru;
    if (s == "dense") return LayerType::Dense;
    throw SpecError("unknown layer type \"" + s + "\" (expected rnn, lstm, gru or dense)");
}

Activation activationFromString(const std::string &s)
{
    if (s == "linear") return Activation::Linear;
    if (s == "tanh") return Activation::Tanh;
    if (s == "relu") return Activation::Relu;
    if (s == "sigmoid") return Activation::Sigmoid;
    throw SpecError("unknown activation \"" + s + "\" (expected linear, tanh, relu or sigmoid)");
}

int ModelSpec::recurrentCount() const
{
    int n = 0;
    for (const LayerSpec &l : layers) {
        n += isRecurrent(l.type) ? 1 : 0;
    }
    return n;
}

static std::vector<std::string> split(const std::string &s, char sep)
{
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, sep)) {
        out.push_back(cur);
    }
    if (!s.empty() && s.back() == sep) {
        out.emplace_back();
    }
    return out;
}

static std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) {
        return {};
    }
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

ModelSpec parseModelSpec(const std::string &text, int inputSize, int horizon)
{
    if (inputSize < 1) {
        throw SpecError("input size must be at least 1");
    }
    if (horizon < 1) {
        throw SpecError("horizon must be at least 1");
    }
    ModelSpec spec;
    spec.inputSize = inputSize;
    const std::vector<std::string> items = split(text, ',');
    if (trim(text).empty()) {
        throw SpecError("empty model specification");
    }
    std::vector<bool> unitsGiven;
    for (const std::string &raw : items) {
        const std::string item = trim(raw);
        if (item.empty()) {
            throw SpecError("empty layer in model \"" + text + "\"");
        }
        const std::vector<std::string> parts = split(item, ':');
        if (parts.size() > 3) {
            throw SpecError("layer \"" + item + "\": too many fields (type[:units[:activation]])");
        }
        LayerSpec layer;
        layer.type = layerTypeFromString(trim(parts[0]));
        layer.activation = layer.type == LayerType::Dense ? Activation::Linear : Activation::Tanh;
        bool given = false;
        if (parts.size() >= 2) {
            const std::string u = trim(parts[1]);
            int units = 0;
            const auto res = std::from_chars(u.data(), u.data() + u.size(), units);
            if (res.ec != std::errc() || res.ptr != u.data() + u.size() || units < 1 || units > 100000) {
                throw SpecError("layer \"" + item + "\": units \"" + u + "\" is not a whole number from 1 to 100000");
            }
            layer.units = units;
            given = true;
        }
        if (parts.size() == 3) {
            layer.activation = activationFromString(trim(parts[2]));
        }
        spec.layers.push_back(layer);
        unitsGiven.push_back(given);
    }
    if (spec.layers.empty() || spec.layers.back().type != LayerType::Dense) {
        // A recurrent stack with no head: add the dense output the syntax implies.
        spec.layers.push_back(LayerSpec{LayerType::Dense, horizon, Activation::Linear, true});
        unitsGiven.push_back(false);
    }
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        LayerSpec &l = spec.layers[i];
        const bool last = i + 1 == spec.layers.size();
        if (last) {
            if (unitsGiven[i] && l.units != horizon) {
                throw SpecError("the last dense layer outputs the horizon (" + std::to_string(horizon) + "), not "
                                + std::to_string(l.units) + " (write just \"dense\")");
            }
            l.units = horizon;
        } else if (!unitsGiven[i]) {
            throw SpecError(std::string("layer ") + std::to_string(i + 1) + " (" + toString(l.type)
                            + ") needs a number of units, e.g. " + toString(l.type) + ":32");
        }
    }
    validate(spec);
    return spec;
}

std::string formatModelSpec(const ModelSpec &spec)
{
    std::string out;
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec &l = spec.layers[i];
        if (i) {
            out += ',';
        }
        out += toString(l.type);
        const bool last = i + 1 == spec.layers.size();
        if (last) {
            if (l.activation != Activation::Linear) {
                out += ':' + std::to_string(l.units) + ':' + toString(l.activation);
            }
            continue;
        }
        out += ':' + std::to_string(l.units);
        const Activation def = l.type == LayerType::Dense ? Activation::Linear : Activation::Tanh;
        if (l.activation != def) {
            out += std::string(":") + toString(l.activation);
        }
    }
    return out;
}

void validate(const ModelSpec &spec)
{
    if (spec.inputSize < 1) {
        throw SpecError("input size must be at least 1");
    }
    if (spec.layers.empty()) {
        throw SpecError("the model has no layers");
    }
    bool seenDense = false;
    int recurrent = 0;
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec &l = spec.layers[i];
        const std::string where = "layer " + std::to_string(i + 1) + " (" + toString(l.type) + ")";
        if (l.units < 1) {
            throw SpecError(where + ": units must be at least 1");
        }
        if (isRecurrent(l.type)) {
            if (seenDense) {
                throw SpecError(where + ": a recurrent layer cannot follow a dense layer "
                                        "(the dense head works on the last hidden state)");
            }
            ++recurrent;
            if (l.type == LayerType::Rnn && l.activation == Activation::Linear) {
                throw SpecError(where + ": an rnn layer takes tanh, relu or sigmoid");
            }
            if (l.type != LayerType::Rnn && l.activation != Activation::Tanh) {
                throw SpecError(where + ": lstm and gru layers have fixed activations");
            }
        } else {
            seenDense = true;
        }
    }
    if (recurrent == 0) {
        throw SpecError("the model needs at least one recurrent layer (rnn, lstm or gru) before the dense head");
    }
    if (!seenDense) {
        throw SpecError("the model needs a dense layer at the end");
    }
}

long long parameterCount(const ModelSpec &spec, int layer)
{
    const LayerSpec &l = spec.layers.at(layer);
    const long long in = layer == 0 ? spec.inputSize : spec.layers[layer - 1].units;
    const long long h = l.units;
    if (l.type == LayerType::Dense) {
        return h * in + h;
    }
    const long long g = gateCount(l.type);
    // PyTorch keeps two bias vectors (bias_ih and bias_hh).
    return g * h * in + g * h * h + 2 * g * h;
}

long long parameterCount(const ModelSpec &spec)
{
    long long n = 0;
    for (int i = 0; i < (int)spec.layers.size(); ++i) {
        n += parameterCount(spec, i);
    }
    return n;
}

} // namespace rnnlab
