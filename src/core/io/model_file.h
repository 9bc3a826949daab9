// The model file (JSON, "rnnlab-model" version 1): layers with their tensors named,
// shaped and gate-ordered as PyTorch's state_dict, plus free keys (normalisation,
// data and training settings). Written atomically; a bad file is rejected whole.
#pragma once
#include "nn/model.h"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace rnnlab {

struct ModelFileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ModelFile {
    ModelSpec spec;
    Vec<float> params; // the flat buffer in Model<float>::tensors() layout
    nlohmann::json extra = nlohmann::json::object(); // every top-level key but format/version/layers
};

nlohmann::json modelToJson(const Model<float> &model, const nlohmann::json &extra = nlohmann::json::object());
ModelFile modelFromJson(const nlohmann::json &j, const std::string &source); // throws ModelFileError

// Written atomically (io/atomic_file.h). Throws ModelFileError naming the OS reason.
void saveModelFile(const std::string &path, const Model<float> &model,
                   const nlohmann::json &extra = nlohmann::json::object());
// Throws ModelFileError naming the file and the problem (truncated, not JSON,
// wrong format or version, unknown layer type, wrong tensor shape, non-finite value).
ModelFile loadModelFile(const std::string &path);
// Copies the file's weights into a model of the same spec (throws ModelFileError naming the difference).
void applyModelFile(const ModelFile &file, Model<float> &model);

} // namespace rnnlab
