// Reading and writing the model file. Every check happens before anything is
// returned, so a bad file never half-loads.
#include "io/model_file.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

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
        fail(source, where + ": " + v.dump().substr(0, 40) + " is not a number");
    }
    const double d = v.get<double>();
    if (!std::isfinite(d) || std::fabs(d) > double(std::numeric_limits<float>::max())) {
        fail(source, where + ": value is not a finite float");
    }
    return d;
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
    const std::string tmp = path + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) {
            throw ModelFileError(path + ": cannot open for writing");
        }
        f << modelToJson(model, extra).dump() << '\n';
        f.flush();
        if (!f) {
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            throw ModelFileError(path + ": write failed (disk full?)");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw ModelFileError(path + ": cannot replace the file: " + ec.message());
    }
}

ModelFile loadModelFile(const std::string &path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw ModelFileError(path + ": no such file");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > (std::uintmax_t(1) << 31)) {
        throw ModelFileError(path + ": cannot read (or larger than 2 GiB)");
    }
    if (size == 0) {
        throw ModelFileError(path + ": the file is empty");
    }
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    json j;
    try {
        j = json::parse(ss.str());
    } catch (const json::parse_error &e) {
        throw ModelFileError(path + ": not valid JSON (truncated or corrupted) at byte " + std::to_string(e.byte));
    } catch (const json::exception &e) {
        // e.g. a number too large for a double ("1e999")
        throw ModelFileError(path + ": unreadable JSON: " + e.what());
    }
    return modelFromJson(j, path);
}

void applyModelFile(const ModelFile &file, Model<float> &model)
{
    if (!(file.spec == model.spec())) {
        throw ModelFileError("the file's architecture " + formatModelSpec(file.spec) + " (input "
                             + std::to_string(file.spec.inputSize) + ") differs from the model's "
                             + formatModelSpec(model.spec()) + " (input " + std::to_string(model.spec().inputSize) + ")");
    }
    model.params() = file.params;
}

} // namespace rnnlab
