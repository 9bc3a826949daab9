// GRU layer (torch.nn.GRU), gates in PyTorch's order r, z, n, with the reset gate
// applied after the recurrent product (PyTorch's placement, not the 2014 paper's):
//   [Px_r Px_z Px_n] = Wx x_t + bx,   [Ph_r Ph_z Ph_n] = Wh h_{t-1} + bh
//   r = sig(Px_r + Ph_r),  z = sig(Px_z + Ph_z),  n = tanh(Px_n + r*Ph_n)
//   h_t = (1-z)*n + z*h_{t-1},  h_{-1} = 0
// X (in, T*B) -> H (H, T*B). Caches: activated r z n (3H, T*B), Ph (3H, T*B).
#pragma once
#include "recurrent.h"

namespace rnnlab {

template <class S> class GruLayer final : public RecurrentLayer<S> {
    using Base = RecurrentLayer<S>;
    using Base::Wx, Base::Wh, Base::bx, Base::bh, Base::H, Base::m_h, Base::m_dh, Base::m_dhNext;

public:
    GruLayer(int in, int hidden)
        : Base(in, hidden, 3)
    {
    }

    void forward(const Eigen::Ref<const Mat<S>> &X, int T, int B, const Mat<S> *offset) override
    {
        m_gates.resize(3 * H, T * B);
        m_ph.resize(3 * H, T * B);
        m_h.resize(H, T * B);
        m_gates.noalias() = Wx * X; // Px of every step in one product
        m_gates.colwise() += bx;
        const SerialScope serial;
        for (int t = 0; t < T; ++t) {
            auto gt = m_gates.middleCols(t * B, B);
            auto ph = m_ph.middleCols(t * B, B);
            if (t > 0) {
                ph.noalias() = Wh * m_h.middleCols((t - 1) * B, B);
                ph.colwise() += bh;
            } else {
                ph.colwise() = bh;
            }
            gt.topRows(2 * H).array() = sigmoid((gt.topRows(2 * H) + ph.topRows(2 * H)).array()); // r, z
            auto r = gt.topRows(H).array();
            auto z = gt.middleRows(H, H).array();
            auto n = gt.bottomRows(H).array();
            n = (n + r * ph.bottomRows(H).array()).tanh();
            auto h = m_h.middleCols(t * B, B).array();
            if (t > 0) {
                h = (S(1) - z) * n + z * m_h.middleCols((t - 1) * B, B).array();
            } else {
                h = (S(1) - z) * n;
            }
            if (offset) {
                m_h.middleCols(t * B, B) += offset->middleCols(t * B, B);
            }
        }
    }

    void backward(const Eigen::Ref<const Mat<S>> &X, const Eigen::Ref<const Mat<S>> &dOut, Mat<S> *dX, int T, int B,
        int tStop, double *norms) override
    {
        m_dPx.resize(3 * H, T * B);
        m_dPh.resize(3 * H, T * B);
        if (tStop > 0) {
            m_dPx.leftCols(tStop * B).setZero();
            m_dPh.leftCols(tStop * B).setZero();
        }
        m_dhNext.setZero(H, B);
        m_dh.resize(H, B);
        {
            const SerialScope serial;
            for (int t = T - 1; t >= tStop; --t) {
                m_dh = dOut.middleCols(t * B, B) + m_dhNext; // from the layer above and from step t+1
                norms[t] = double(m_dh.norm());
                auto gt = m_gates.middleCols(t * B, B);
                auto r = gt.topRows(H).array();
                auto z = gt.middleRows(H, H).array();
                auto n = gt.bottomRows(H).array();
                auto dPx = m_dPx.middleCols(t * B, B);
                auto dPh = m_dPh.middleCols(t * B, B);
                auto dh = m_dh.array();
                // backprop through h = (1-z)*n + z*h_prev, then through tanh into n's pre-activation
                dPx.bottomRows(H).array() = dh * (S(1) - z) * (S(1) - n.square());
                dPh.bottomRows(H).array() = dPx.bottomRows(H).array() * r;
                // through z's sigmoid (h_prev - n is dh/dz)
                if (t > 0) {
                    dPx.middleRows(H, H).array() = dh * (m_h.middleCols((t - 1) * B, B).array() - n) * z * (S(1) - z);
                } else {
                    dPx.middleRows(H, H).array() = -dh * n * z * (S(1) - z);
                }
                // through r, which scales Ph_n
                dPx.topRows(H).array()
                    = dPx.bottomRows(H).array() * m_ph.middleCols(t * B, B).bottomRows(H).array() * r * (S(1) - r);
                dPh.topRows(2 * H) = dPx.topRows(2 * H);
                // into h_{t-1}: through Wh, and directly through z*h_prev
                m_dhNext.noalias() = Wh.transpose() * dPh;
                m_dhNext.array() += dh * z;
            }
        } // the serial scope ends before the big products
        for (int t = 0; t < tStop; ++t) {
            norms[t] = 0.0;
        }
        Base::finishBackward(X, m_dPx, m_dPh, dX, T, B);
    }

private:
    Mat<S> m_gates; // (3H, T*B) Px, then activated r z n
    Mat<S> m_ph; // (3H, T*B) Wh h_{t-1} + bh
    Mat<S> m_dPx, m_dPh; // (3H, T*B) gradients of Px and Ph
};

} // namespace rnnlab
