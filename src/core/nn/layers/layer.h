// The interface every layer implements, and the pieces they share. A layer owns
// no parameters: it holds Map views into the model's flat parameter and gradient
// buffers, and preallocated caches for one batch (resized only when T or B change).
#pragma once
#include "nn/model_spec.h"
#include "nn/tensor.h"

#include <cmath>
#include <string>
#include <vector>

namespace rnnlab {

struct TensorShape {
    std::string name;
    int rows, cols;
};

template <class S> class Layer {
public:
    virtual ~Layer() = default;
    // Tensor names and shapes in PyTorch state_dict order.
    virtual std::vector<TensorShape> shapes() const = 0;
    // Points the layer at its slices of the flat buffers (in shapes() order).
    virtual void bind(S *params, S *grads) = 0;
    // X: in x (T*B) for recurrent layers, in x B for dense. offset: optional H x (T*B)
    // added to every h_t as soon as it is computed (test hook for dL/dh_t checks).
    virtual void forward(const Eigen::Ref<const Mat<S>> &X, int T, int B, const Mat<S> *offset) = 0;
    // dOut: gradient into this layer's output (same shape as output()). Writes the
    // parameter gradients (overwriting), and dX (same shape as X) when dX != nullptr.
    // Recurrent layers walk t from T-1 down to tStop and write ||dL/dh_t|| to norms[t].
    virtual void backward(const Eigen::Ref<const Mat<S>> &X, const Eigen::Ref<const Mat<S>> &dOut, Mat<S> *dX, int T,
        int B, int tStop, double *norms)
        = 0;
    virtual const Mat<S> &output() const = 0;
};

// Runs a time loop single-threaded: its per-step products are too small to share
// between threads, and OpenMP's fork/join per step costs more than it saves (and
// collapses when the other core is busy). The big per-sequence products outside
// the loop keep the configured thread count.
class SerialScope {
public:
    // Writes Eigen's (global) thread count only when it is not 1 already, so the
    // replicas that Trainer runs in parallel, with the count at 1, never touch it.
    SerialScope() : m_prev(Eigen::nbThreads())
    {
        if (m_prev != 1) {
            Eigen::setNbThreads(1);
        }
    }
    ~SerialScope()
    {
        if (m_prev != 1) {
            Eigen::setNbThreads(m_prev);
        }
    }
    SerialScope(const SerialScope &) = delete;
    SerialScope &operator=(const SerialScope &) = delete;

private:
    int m_prev;
};

// Sigmoid through tanh: Eigen vectorises tanh, and this form never overflows.
template <class Derived> inline auto sigmoid(const Eigen::ArrayBase<Derived> &x)
{
    using S = typename Derived::Scalar;
    return (S(0.5) * (S(0.5) * x).tanh() + S(0.5));
}

// Applies an activation in place.
template <class S> inline void activate(Activation a, Eigen::Ref<Mat<S>> z)
{
    switch (a) {
    case Activation::Linear: break;
    case Activation::Tanh: z.array() = z.array().tanh(); break;
    case Activation::Relu: z.array() = z.array().max(S(0)); break;
    case Activation::Sigmoid: z.array() = sigmoid(z.array()); break;
    }
}

// dz = dy * act'(z), written with the activation's output y (all four allow it).
template <class S>
inline void activationBackward(
    Activation a, const Eigen::Ref<const Mat<S>> &y, const Eigen::Ref<const Mat<S>> &dy, Eigen::Ref<Mat<S>> dz)
{
    switch (a) {
    case Activation::Linear: dz = dy; break;
    case Activation::Tanh: dz.array() = dy.array() * (S(1) - y.array().square()); break;
    case Activation::Relu: dz.array() = (y.array() > S(0)).select(dy.array(), S(0)); break;
    case Activation::Sigmoid: dz.array() = dy.array() * y.array() * (S(1) - y.array()); break;
    }
}

} // namespace rnnlab
