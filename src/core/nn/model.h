// A stack of recurrent layers and a dense head over one flat parameter buffer and
// a gradient buffer of the same layout (so optimizers and clipping are one loop).
// Many-to-one: every recurrent layer but the last hands its whole sequence on; the
// last hands h_T to the head. Templated on the scalar: float trains, double checks.
#pragma once
#include "nn/model_spec.h"
#include "nn/tensor.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rnnlab {

template <class S> class Layer;

// One named tensor inside the flat buffer, shaped and named as PyTorch's state_dict.
struct TensorInfo {
    int layer = 0;      // index into ModelSpec::layers
    std::string name;   // weight_ih, weight_hh, bias_ih, bias_hh | weight, bias
    int rows = 0, cols = 0; // a bias has cols == 1
    long long offset = 0;   // into params()/grads()
    long long size() const { return (long long)rows * cols; }
    std::string label() const; // "layer 1 weight_hh": layers counted from 1, as users see them
};

struct InitConfig {
    double recurrentGain = 1.0; // multiplies every W_hh after orthogonal init
    bool forgetBias = true;     // global switch; a layer's own forgetBias must also be on
};

// Where a non-finite value first appeared.
struct NonFiniteReport {
    bool found = false;
    int layer = -1;        // model layer index, -1 for the loss
    std::string tensor;    // "loss", "output", "dL/dh", or a parameter tensor name
    int timeStep = -1;     // -1 when not a per-step quantity
    std::string message() const;
};

template <class S>
class Model {
public:
    explicit Model(const ModelSpec &spec); // validates; parameters start at zero
    ~Model();
    Model(const Model &) = delete;
    Model &operator=(const Model &) = delete;

    const ModelSpec &spec() const { return m_spec; }
    int inputSize() const { return m_spec.inputSize; }
    int horizon() const { return m_spec.horizon(); }

    // Keras defaults: Glorot-uniform W_ih and dense W, orthogonal W_hh times the gain,
    // zero biases, LSTM forget-gate bias_ih = 1 (bias_hh stays 0).
    void initialize(const InitConfig &init, std::uint64_t seed);

    Vec<S> &params() { return m_params; }
    const Vec<S> &params() const { return m_params; }
    Vec<S> &grads() { return m_grads; }
    const Vec<S> &grads() const { return m_grads; }
    const std::vector<TensorInfo> &tensors() const { return m_tensors; }
    MatMap<S> tensor(int i);
    MatMap<S> gradTensor(int i);
    int findTensor(int layer, const std::string &name) const; // -1 if none

    // requires: X is inputSize x (T*B), column t*B + b.
    // ensures: returns the head's output, horizon x B.
    const Mat<S> &forward(const Eigen::Ref<const Mat<S>> &X, int T, int B);

    // requires: forward() on the same batch just before. dY = dLoss/dY (horizon x B).
    // ensures: grads() holds dLoss/dparams (overwritten, not accumulated); inputGrad()
    // and hiddenGradNorms() are filled. truncate > 0 backpropagates only the last
    // `truncate` steps (truncated BPTT); earlier steps get zero gradient.
    void backward(const Eigen::Ref<const Mat<S>> &dY, int truncate = 0);

    const Mat<S> &inputGrad() const { return m_dX; }
    // [recurrent layer][t]: ||dL/dH_t||_F, the total derivative (through later steps
    // and later layers), recorded inside backward. t = 0 is the oldest step.
    const std::vector<std::vector<double>> &hiddenGradNorms() const { return m_hiddenGradNorms; }

    // The output sequence of model layer i after forward (H x T*B; dense: units x B).
    const Mat<S> &layerOutput(int layer) const;

    // Test hook: adds delta (H x T*B) to the output h_t of recurrent layer `recurrent`
    // right after it is computed, before the recurrence and the next layer use it.
    // Pass nullptr to clear. The pointer must outlive the forward calls.
    void setHiddenOffset(int recurrent, const Mat<S> *delta);

    // First non-finite value in the last forward outputs (found=false if none).
    NonFiniteReport findNonFiniteForward() const;
    // First non-finite value in the last backward (hidden grads, then parameter grads).
    NonFiniteReport findNonFiniteBackward() const;

    // Largest |eigenvalue| of each gate block of each recurrent W_hh:
    // [recurrent layer][gate] (gate order of the layer type).
    std::vector<std::vector<double>> spectralRadii() const;
    // L2 norm of each tensor's gradient, in tensors() order.
    std::vector<double> tensorGradNorms() const;

    int recurrentCount() const { return m_spec.recurrentCount(); }
    int lastT() const { return m_T; }
    int lastB() const { return m_B; }

private:
    ModelSpec m_spec;
    Vec<S> m_params;
    Vec<S> m_grads;
    std::vector<TensorInfo> m_tensors;
    std::vector<std::unique_ptr<Layer<S>>> m_layers;
    std::vector<const Mat<S> *> m_hiddenOffsets;
    std::vector<std::vector<double>> m_hiddenGradNorms;
    Mat<S> m_dX;
    std::vector<Mat<S>> m_dH; // gradient flowing into each layer's output
    Mat<S> m_X;               // the last forward's input
    Mat<S> m_lastH;           // last step of the last recurrent layer (H x B)
    Mat<S> m_dHead;           // dL/dh_{T-1} from the head (H x B)
    int m_T = 0, m_B = 0;
};

extern template class Model<float>;
extern template class Model<double>;

} // namespace rnnlab
