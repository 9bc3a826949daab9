// Dense layer: Y = act(W X + b).
//   W (out x in), b (out), X (in x B), Y (out x B). PyTorch names: weight, bias.
#pragma once
#include "layer.h"

namespace rnnlab {

template <class S> class DenseLayer final : public Layer<S> {
public:
    DenseLayer(int in, int out, Activation act)
        : m_in(in)
        , m_out(out)
        , m_act(act)
    {
    }

    std::vector<TensorShape> shapes() const override { return {{"weight", m_out, m_in}, {"bias", m_out, 1}}; }

    void bind(S *p, S *g) override
    {
        new (&W) MatMap<S>(p, m_out, m_in);
        new (&b) VecMap<S>(p + m_out * m_in, m_out);
        new (&dW) MatMap<S>(g, m_out, m_in);
        new (&db) VecMap<S>(g + m_out * m_in, m_out);
    }

    void forward(const Eigen::Ref<const Mat<S>> &X, int, int B, const Mat<S> *) override
    {
        m_y.resize(m_out, B);
        m_y.noalias() = W * X;
        m_y.colwise() += b;
        activate<S>(m_act, m_y);
    }

    void backward(const Eigen::Ref<const Mat<S>> &X, const Eigen::Ref<const Mat<S>> &dY, Mat<S> *dX, int, int B, int,
        double *) override
    {
        m_dz.resize(m_out, B);
        activationBackward<S>(m_act, m_y, dY, m_dz); // backprop through the activation
        dW.noalias() = m_dz * X.transpose();
        db = m_dz.rowwise().sum();
        if (dX) {
            dX->resize(m_in, B);
            dX->noalias() = W.transpose() * m_dz;
        }
    }

    const Mat<S> &output() const override { return m_y; }

private:
    int m_in, m_out;
    Activation m_act;
    MatMap<S> W {nullptr, 0, 0}, dW {nullptr, 0, 0};
    VecMap<S> b {nullptr, 0}, db {nullptr, 0};
    Mat<S> m_y, m_dz;
};

} // namespace rnnlab
