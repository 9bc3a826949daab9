// What a model is made of, as plain values: the `--model` syntax
// ("lstm:64,lstm:32,dense", "rnn:64:relu", "dense:16:tanh") parsed and printed.
// No weights here; see model.h.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace rnnlab {

enum class LayerType { Rnn, Lstm, Gru, Dense };
enum class Activation { Linear, Tanh, Relu, Sigmoid };

struct LayerSpec {
    LayerType type = LayerType::Lstm;
    int units = 0;                 // hidden size; for the last dense layer, the horizon
    Activation activation = Activation::Tanh; // rnn: tanh|relu|sigmoid; dense: linear|tanh|relu|sigmoid
    bool forgetBias = true;        // lstm only: forget-gate bias initialised to 1
    bool operator==(const LayerSpec &) const = default;
};

struct ModelSpec {
    int inputSize = 1;             // features per time step
    std::vector<LayerSpec> layers; // 1..N recurrent, then 1..M dense; last dense has `horizon` units
    bool operator==(const ModelSpec &) const = default;
    int horizon() const { return layers.empty() ? 0 : layers.back().units; }
    int recurrentCount() const;
};

struct SpecError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

bool isRecurrent(LayerType t);
int gateCount(LayerType t); // rnn 1, lstm 4, gru 3, dense 1
const char *toString(LayerType t);
const char *toString(Activation a);
LayerType layerTypeFromString(const std::string &s);   // throws SpecError
Activation activationFromString(const std::string &s); // throws SpecError

// Parses "lstm:64,lstm:32,dense". A bare "dense" (and the last dense) gets `horizon`
// units; a dense layer with no units elsewhere is an error. Throws SpecError naming
// the offending item.
ModelSpec parseModelSpec(const std::string &text, int inputSize, int horizon);
std::string formatModelSpec(const ModelSpec &spec); // inverse of parseModelSpec
// Throws SpecError if the stack cannot work (no recurrent layer, dense before a
// recurrent layer, units < 1, activation not allowed for the layer type...).
void validate(const ModelSpec &spec);
// Number of parameters of layer i (with its input size from the stack).
long long parameterCount(const ModelSpec &spec, int layer);
long long parameterCount(const ModelSpec &spec);

} // namespace rnnlab
