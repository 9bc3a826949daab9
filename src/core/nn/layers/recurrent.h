// What RNN, LSTM and GRU layers share: the four PyTorch tensors
//   Wx = weight_ih (G*H x in), Wh = weight_hh (G*H x H), bx = bias_ih, bh = bias_hh (G*H)
// as views into the flat buffers, and the gradient steps done once per sequence
// (not per time step): dWx = dPx X^T, dWh = dPh H_{t-1}^T, dX = Wx^T dPx.
#pragma once
#include "layer.h"

namespace rnnlab {

template <class S> class RecurrentLayer : public Layer<S> {
public:
    RecurrentLayer(int in, int hidden, int gates)
        : m_in(in)
        , H(hidden)
        , G(gates)
    {
    }

    std::vector<TensorShape> shapes() const override
    {
        return {{"weight_ih", G * H, m_in}, {"weight_hh", G * H, H}, {"bias_ih", G * H, 1}, {"bias_hh", G * H, 1}};
    }

    void bind(S *p, S *g) override
    {
        const long long nx = (long long)G * H * m_in, nh = (long long)G * H * H;
        new (&Wx) MatMap<S>(p, G * H, m_in);
        new (&Wh) MatMap<S>(p + nx, G * H, H);
        new (&bx) VecMap<S>(p + nx + nh, G * H);
        new (&bh) VecMap<S>(p + nx + nh + G * H, G * H);
        new (&dWx) MatMap<S>(g, G * H, m_in);
        new (&dWh) MatMap<S>(g + nx, G * H, H);
        new (&dbx) VecMap<S>(g + nx + nh, G * H);
        new (&dbh) VecMap<S>(g + nx + nh + G * H, G * H);
    }

    const Mat<S> &output() const override { return m_h; }
    int hidden() const { return H; }

protected:
    // requires: dPx, dPh (G*H x T*B) hold the gradients of the x- and h-projections
    // (zero before tStop); m_h holds the outputs.
    // ensures: all four parameter gradients and dX are written.
    void finishBackward(
        const Eigen::Ref<const Mat<S>> &X, const Mat<S> &dPx, const Mat<S> &dPh, Mat<S> *dX, int T, int B)
    {
        dWx.noalias() = dPx * X.transpose();
        dbx = dPx.rowwise().sum();
        dbh = dPh.rowwise().sum();
        if (T > 1) {
            // h_{-1} = 0, so step 0 adds nothing to dWh.
            dWh.noalias() = dPh.rightCols((T - 1) * B) * m_h.leftCols((T - 1) * B).transpose();
        } else {
            dWh.setZero();
        }
        if (dX) {
            dX->resize(m_in, T * B);
            dX->noalias() = Wx.transpose() * dPx;
        }
    }

    int m_in, H, G;
    MatMap<S> Wx {nullptr, 0, 0}, Wh {nullptr, 0, 0}, dWx {nullptr, 0, 0}, dWh {nullptr, 0, 0};
    VecMap<S> bx {nullptr, 0}, bh {nullptr, 0}, dbx {nullptr, 0}, dbh {nullptr, 0};
    Mat<S> m_h; // (H, T*B) outputs h_t
    Mat<S> m_dh, m_dhNext; // (H, B) per-step scratch
};

} // namespace rnnlab
