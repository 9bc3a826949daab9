// Reading and writing the model file. Every check happens before anything is
// returned, so a bad file never half-loads.
#include "io/model_file.h"

#include "io/atomic_file.h"
#include "io/bounded_read.h"
#include "io/json_fields.h"
#include "nn/memory_estimate.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace rnnlab {

using nlohmann::json;

json modelToJson(const Model<float> &model, const json &extra)
{
    json j = extra.is_object() ? extra : json::object();
    j["format"] = "rnnlab-model";
    j["version"] = 1;
    const ModelSpec &spec = model.spec();
    json layers = json::array();
    int in = spec.inputSize;
    for (int l = 0; l < (int)spec.layers.size(); ++l) {
        const LayerSpec &ls = spec.layers[l];
        json lj;
        lj["type"] = toString(ls.type);
        lj["input_size"] = in;
        if (ls.type == LayerType::Dense) {
            lj["output_size"] = ls.units;
            lj["activation"] = toString(ls.activation);
        } else {
            lj["hidden_size"] = ls.units;
            if (ls.type == LayerType::Rnn) {
                lj["activation"] = toString(ls.activation);
            }
            if (ls.type == LayerType::Lstm) {
                lj["forget_bias"] = ls.forgetBias;
            }
        }
        json tensors = json::object();
        for (const TensorInfo &ti : model.tensors()) {
            if (ti.layer != l) {
                continue;
            }
            const Eigen::Map<const Mat<float>> w(model.params().data() + ti.offset, ti.rows, ti.cols);
            if (ti.cols == 1 && (ti.name == "bias" || ti.name.rfind("bias_", 0) == 0)) {
                std::vector<double> v(ti.rows);
                for (int r = 0; r < ti.rows; ++r) {
                    v[r] = w(r, 0);
                }
                tensors[ti.name] = v;
            } else {
                json rows = json::array();
                for (int r = 0; r < ti.rows; ++r) {
                    std::vector<double> row(ti.cols);
                    for (int c = 0; c < ti.cols; ++c) {
                        row[c] = w(r, c);
                    }
                    rows.push_back(std::move(row));
                }
                tensors[ti.name] = std::move(rows);
            }
        }
        lj["tensors"] = std::move(tensors);
        layers.push_back(std::move(lj));
        in = ls.units;
    }
    j["layers"] = std::move(layers);
    return j;
}

namespace {

[[noreturn]] void fail(const std::string &source, const std::string &problem)
{
    throw ModelFileError(source + ": " + problem);
}

int intField(const json &o, const char *key, const std::string &source, const std::string &where)
{
    if (!o.contains(key)) {
        fail(source, where + ": missing \"" + key + "\"");
    }
    const json &v = o[key];
    if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 100000) {
        fail(source, where + ": \"" + key + "\" must be a whole number from 1 to 100000");
    }
    return v.get<int>();
}

double number(const json &v, const std::string &source, const std::string &where)
{
    if (!v.is_number()) {
        fail(source, where + ": " + (v.is_structured() ? std::string(v.type_name()) : v.dump().substr(0, 40))
                         + " is not a number");
    }
    const double d = v.get<double>();
    if (!std::isfinite(d) || std::fabs(d) > double(std::numeric_limits<float>::max())) {
        fail(source, where + ": value is not a finite float");
    }
    return d;
}

// Numbers in the layers' tensors (a row of a matrix counts its entries), bounded by
// the JSON already in memory.
long long tensorValueCount(const json &layers)
{
    long long n = 0;
    for (const json &lj : layers) {
        if (!lj.is_object() || !lj.contains("tensors") || !lj["tensors"].is_object()) {
            continue;
        }
        for (const json &t : lj["tensors"]) {
            if (!t.is_array()) {
                continue;
            }
            for (const json &row : t) {
                n += row.is_array() ? (long long)row.size() : 1;
            }
        }
    }
    return n;
}

} // namespace

ModelFile modelFromJson(const json &j, const std::string &source)
{
    if (!j.is_object()) {
        fail(source, "not a model file (the top level is not a JSON object)");
    }
    if (!j.contains("format") || j["format"] != "rnnlab-model") {
        fail(source, "not an rnnlab model file (\"format\" is not \"rnnlab-model\")");
    }
    if (!j.contains("version") || !j["version"].is_number_integer()) {
        fail(source, "missing or invalid \"version\"");
    }
    if (j["version"].get<long long>() != 1) {
        fail(source, "unsupported model file version " + j["version"].dump() + " (this build reads version 1)");
    }
    if (!j.contains("layers") || !j["layers"].is_array() || j["layers"].empty()) {
        fail(source, "\"layers\" must be a non-empty array");
    }
    ModelFile out;
    const json &layers = j["layers"];
    for (size_t l = 0; l < layers.size(); ++l) {
        const json &lj = layers[l];
        const std::string where = "layer " + std::to_string(l + 1);
        if (!lj.is_object() || !lj.contains("type") || !lj["type"].is_string()) {
            fail(source, where + ": missing \"type\"");
        }
        LayerSpec ls;
        try {
            ls.type = layerTypeFromString(lj["type"].get<std::string>());
        } catch (const SpecError &e) {
            fail(source, where + ": " + e.what());
        }
        const int in = intField(lj, "input_size", source, where);
        if (l == 0) {
            out.spec.inputSize = in;
        } else if (in != out.spec.layers.back().units) {
            fail(source, where + ": input_size " + std::to_string(in) + " does not match the previous layer's "
                             + std::to_string(out.spec.layers.back().units) + " outputs");
        }
        ls.units = intField(lj, ls.type == LayerType::Dense ? "output_size" : "hidden_size", source, where);
        ls.activation = ls.type == LayerType::Dense ? Activation::Linear : Activation::Tanh;
        if (lj.contains("activation")) {
            if (!lj["activation"].is_string()) {
                fail(source, where + ": \"activation\" must be a string");
            }
            try {
                ls.activation = activationFromString(lj["activation"].get<std::string>());
            } catch (const SpecError &e) {
                fail(source, where + ": " + e.what());
            }
        }
        if (lj.contains("forget_bias")) {
            if (!lj["forget_bias"].is_boolean()) {
                fail(source, where + ": \"forget_bias\" must be true or false");
            }
            ls.forgetBias = lj["forget_bias"].get<bool>();
        }
        out.spec.layers.push_back(ls);
    }
    try {
        validate(out.spec);
    } catch (const SpecError &e) {
        fail(source, e.what());
    }
    // Nothing large is allocated before the file proves it holds as many values as its
    // sizes claim: a 243-byte file claiming hidden_size 20000 must not cost gigabytes.
    // Small models go on to the tensor-by-tensor check, whose messages name the tensor.
    const long long needed = parameterCount(out.spec);
    const long long present = tensorValueCount(layers);
    if (present < needed && needed > (1LL << 22)) {
        fail(source, "the layer sizes need " + std::to_string(needed) + " weights but the file holds only "
                         + std::to_string(present) + " values (missing or truncated tensors)");
    }
    try {
        requireMemory(modelBytes(out.spec), MemoryLimits::forThisMachine(), "the model");
    } catch (const std::length_error &e) {
        fail(source, e.what());
    }
    Model<float> shape(out.spec); // the layout the tensors must fill
    out.params = Vec<float>::Zero(shape.params().size());
    for (const TensorInfo &ti : shape.tensors()) {
        const std::string where = "layer " + std::to_string(ti.layer + 1) + " tensor \"" + ti.name + "\"";
        const json &lj = layers[ti.layer];
        if (!lj.contains("tensors") || !lj["tensors"].is_object() || !lj["tensors"].contains(ti.name)) {
            fail(source, where + " is missing");
        }
        const json &t = lj["tensors"][ti.name];
        const std::string shapeText = std::to_string(ti.rows) + (ti.cols == 1 ? "" : " x " + std::to_string(ti.cols));
        Eigen::Map<Mat<float>> w(out.params.data() + ti.offset, ti.rows, ti.cols);
        const bool isBias = ti.name == "bias" || ti.name.rfind("bias_", 0) == 0;
        if (!t.is_array() || t.size() != size_t(ti.rows)) {
            fail(source, where + " has the wrong shape (expected " + shapeText + ")");
        }
        for (int r = 0; r < ti.rows; ++r) {
            if (isBias) {
                w(r, 0) = float(number(t[r], source, where));
                continue;
            }
            const json &row = t[r];
            if (!row.is_array() || row.size() != size_t(ti.cols)) {
                fail(source, where + " has the wrong shape (expected " + shapeText + ")");
            }
            for (int c = 0; c < ti.cols; ++c) {
                w(r, c) = float(number(row[c], source, where));
            }
        }
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() != "format" && it.key() != "version" && it.key() != "layers") {
            out.extra[it.key()] = it.value();
        }
    }
    return out;
}

void saveModelFile(const std::string &path, const Model<float> &model, const json &extra)
{
    try {
        writeFileAtomically(path, modelToJson(model, extra).dump() + '\n');
    } catch (const FileWriteError &e) {
        throw ModelFileError(e.what());
    }
}

ModelFile loadModelFile(const std::string &path)
{
    std::string text;
    try {
        text = readBoundedFile(path, std::size_t(1) << 31);
    } catch (const FileReadError &e) {
        throw ModelFileError(path + ": " + e.what());
    }
    if (text.empty()) {
        throw ModelFileError(path + ": the file is empty");
    }
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error &e) {
        throw ModelFileError(path + ": not valid JSON (truncated or corrupted) at byte " + std::to_string(e.byte));
    } catch (const json::exception &e) {
        // e.g. a number too large for a double ("1e999")
        throw ModelFileError(path + ": not valid JSON: " + jsonReason(e));
    }
    text = std::string(); // the parsed tree is what remains
    return modelFromJson(j, path);
}

namespace {

// The first difference between two specs in words: the formatted specs alone can
// be identical (the dense head's units follow the horizon and are not printed).
std::string specDifference(const ModelSpec &file, const ModelSpec &model)
{
    if (file.inputSize != model.inputSize) {
        return "the file reads " + std::to_string(file.inputSize) + " input columns, this run has "
            + std::to_string(model.inputSize);
    }
    if (file.layers.size() != model.layers.size()) {
        return "the file has " + std::to_string(file.layers.size()) + " layers, this model "
            + std::to_string(model.layers.size());
    }
    for (std::size_t l = 0; l < file.layers.size(); ++l) {
        const LayerSpec &a = file.layers[l];
        const LayerSpec &b = model.layers[l];
        const std::string where = "layer " + std::to_string(l + 1) + ": ";
        const bool last = l + 1 == file.layers.size() && a.type == LayerType::Dense;
        if (a.type != b.type) {
            return where + "the file has " + toString(a.type) + ", this model " + toString(b.type);
        }
        if (a.units != b.units) {
            return where + "the file has " + std::to_string(a.units) + " units, this model " + std::to_string(b.units)
                + (last ? " (the output layer has one unit per horizon step: the horizons differ)" : "");
        }
        if (a.activation != b.activation) {
            return where + "the file's activation is " + toString(a.activation) + ", this model's " + toString(b.activation);
        }
        if (a.forgetBias != b.forgetBias) {
            return where + "the forget-gate bias differs";
        }
    }
    return "the specs differ";
}

} // namespace

void applyModelFile(const ModelFile &file, Model<float> &model)
{
    if (!(file.spec == model.spec())) {
        throw ModelFileError("the file's architecture " + formatModelSpec(file.spec) + " does not fit this model "
                             + formatModelSpec(model.spec()) + ": " + specDifference(file.spec, model.spec()));
    }
    model.params() = file.params;
}

} // namespace rnnlab
