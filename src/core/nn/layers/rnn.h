// Elman RNN layer (torch.nn.RNN):
//   h_t = act(Wx x_t + bx + Wh h_{t-1} + bh),  act = tanh | relu | sigmoid,  h_{-1} = 0
// X (in, T*B) -> H (H, T*B); column t*B + b is sample b at step t.
#pragma once
#include "recurrent.h"

namespace rnnlab {

template <class S> class RnnLayer final : public RecurrentLayer<S> {
    using Base = RecurrentLayer<S>;
    using Base::Wx, Base::Wh, Base::bx, Base::bh, Base::H, Base::m_h, Base::m_dh, Base::m_dhNext;

public:
    RnnLayer(int in, int hidden, Activation act)
        : Base(in, hidden, 1)
        , m_act(act)
    {
    }

    void forward(const Eigen::Ref<const Mat<S>> &X, int T, int B, const Mat<S> *offset) override
    {
        m_h.resize(H, T * B);
        m_h.noalias() = Wx * X; // the input projection of every step in one product
        m_h.colwise() += bx + bh;
        const SerialScope serial;
        for (int t = 0; t < T; ++t) {
            auto ht = m_h.middleCols(t * B, B);
            if (t > 0) {
                ht.noalias() += Wh * m_h.middleCols((t - 1) * B, B);
            }
            activate<S>(m_act, ht);
            if (offset) {
                ht += offset->middleCols(t * B, B);
            }
        }
    }

    void backward(const Eigen::Ref<const Mat<S>> &X, const Eigen::Ref<const Mat<S>> &dOut, Mat<S> *dX, int T, int B,
        int tStop, double *norms) override
    {
        m_dz.resize(H, T * B);
        if (tStop > 0) {
            m_dz.leftCols(tStop * B).setZero();
        }
        m_dhNext.setZero(H, B);
        m_dh.resize(H, B);
        {
            const SerialScope serial;
            for (int t = T - 1; t >= tStop; --t) {
                m_dh = dOut.middleCols(t * B, B) + m_dhNext; // from the layer above and from step t+1
                norms[t] = double(m_dh.norm());
                auto dz = m_dz.middleCols(t * B, B);
                activationBackward<S>(m_act, m_h.middleCols(t * B, B), m_dh, dz); // backprop through act
                m_dhNext.noalias() = Wh.transpose() * dz; // into h_{t-1}
            }
        } // the serial scope ends before the big products
        for (int t = 0; t < tStop; ++t) {
            norms[t] = 0.0;
        }
        Base::finishBackward(X, m_dz, m_dz, dX, T, B);
    }

private:
    Activation m_act;
    Mat<S> m_dz; // (H, T*B) gradient of the pre-activation
};

} // namespace rnnlab
