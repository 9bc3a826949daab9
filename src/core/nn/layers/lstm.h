// LSTM layer (torch.nn.LSTM), gates in PyTorch's order i, f, g, o:
//   [i f g o] = [sig sig tanh sig](Wx x_t + bx + Wh h_{t-1} + bh)
//   c_t = f*c_{t-1} + i*g,   h_t = o*tanh(c_t),   h_{-1} = c_{-1} = 0
// X (in, T*B) -> H (H, T*B). Caches: activated gates (4H, T*B), c and tanh(c) (H, T*B).
#pragma once
#include "recurrent.h"

namespace rnnlab {

template <class S> class LstmLayer final : public RecurrentLayer<S> {
    using Base = RecurrentLayer<S>;
    using Base::Wx, Base::Wh, Base::bx, Base::bh, Base::H, Base::m_h, Base::m_dh, Base::m_dhNext;

public:
    LstmLayer(int in, int hidden)
        : Base(in, hidden, 4)
    {
    }

    void forward(const Eigen::Ref<const Mat<S>> &X, int T, int B, const Mat<S> *offset) override
    {
        m_gates.resize(4 * H, T * B);
        m_c.resize(H, T * B);
        m_tc.resize(H, T * B);
        m_h.resize(H, T * B);
        m_gates.noalias() = Wx * X; // the input projection of every step in one product
        m_gates.colwise() += bx + bh;
        const SerialScope serial;
        for (int t = 0; t < T; ++t) {
            auto gt = m_gates.middleCols(t * B, B);
            if (t > 0) {
                gt.noalias() += Wh * m_h.middleCols((t - 1) * B, B);
            }
            gt.topRows(2 * H).array() = sigmoid(gt.topRows(2 * H).array()); // i, f
            gt.middleRows(2 * H, H).array() = gt.middleRows(2 * H, H).array().tanh(); // g
            gt.bottomRows(H).array() = sigmoid(gt.bottomRows(H).array()); // o
            auto i = gt.topRows(H).array();
            auto f = gt.middleRows(H, H).array();
            auto g = gt.middleRows(2 * H, H).array();
            auto o = gt.bottomRows(H).array();
            auto c = m_c.middleCols(t * B, B).array();
            if (t > 0) {
                c = f * m_c.middleCols((t - 1) * B, B).array() + i * g;
            } else {
                c = i * g;
            }
            auto tc = m_tc.middleCols(t * B, B).array();
            tc = c.tanh();
            m_h.middleCols(t * B, B).array() = o * tc;
            if (offset) {
                m_h.middleCols(t * B, B) += offset->middleCols(t * B, B);
            }
        }
    }

    void backward(const Eigen::Ref<const Mat<S>> &X, const Eigen::Ref<const Mat<S>> &dOut, Mat<S> *dX, int T, int B,
        int tStop, double *norms) override
    {
        m_dG.resize(4 * H, T * B);
        if (tStop > 0) {
            m_dG.leftCols(tStop * B).setZero();
        }
        m_dhNext.setZero(H, B);
        m_dcNext.setZero(H, B);
        m_dh.resize(H, B);
        m_dc.resize(H, B);
        {
            const SerialScope serial;
            for (int t = T - 1; t >= tStop; --t) {
                m_dh = dOut.middleCols(t * B, B) + m_dhNext; // from the layer above and from step t+1
                norms[t] = double(m_dh.norm());
                auto gt = m_gates.middleCols(t * B, B);
                auto i = gt.topRows(H).array();
                auto f = gt.middleRows(H, H).array();
                auto g = gt.middleRows(2 * H, H).array();
                auto o = gt.bottomRows(H).array();
                auto tc = m_tc.middleCols(t * B, B).array();
                auto dG = m_dG.middleCols(t * B, B);
                auto dh = m_dh.array();
                // backprop through h = o * tanh(c)
                m_dc.array() = m_dcNext.array() + dh * o * (S(1) - tc.square());
                dG.bottomRows(H).array() = dh * tc * o * (S(1) - o);
                // backprop through c = f*c_prev + i*g, then through each gate's nonlinearity
                dG.topRows(H).array() = m_dc.array() * g * i * (S(1) - i);
                if (t > 0) {
                    dG.middleRows(H, H).array()
                        = m_dc.array() * m_c.middleCols((t - 1) * B, B).array() * f * (S(1) - f);
                } else {
                    dG.middleRows(H, H).setZero();
                }
                dG.middleRows(2 * H, H).array() = m_dc.array() * i * (S(1) - g.square());
                m_dcNext.array() = m_dc.array() * f;
                m_dhNext.noalias() = Wh.transpose() * dG; // into h_{t-1}
            }
        } // the serial scope ends before the big products
        for (int t = 0; t < tStop; ++t) {
            norms[t] = 0.0;
        }
        Base::finishBackward(X, m_dG, m_dG, dX, T, B);
    }

private:
    Mat<S> m_gates; // (4H, T*B) activated gates i f g o
    Mat<S> m_c, m_tc; // (H, T*B) cell state and its tanh
    Mat<S> m_dG; // (4H, T*B) gradient of the gate pre-activations
    Mat<S> m_dc, m_dcNext; // (H, B)
};

} // namespace rnnlab
