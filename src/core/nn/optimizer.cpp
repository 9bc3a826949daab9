// torch.optim's SGD, RMSprop and Adam update rules, and gradient clipping, written
// as one pass over the flat buffers. The formulas follow PyTorch's documentation
// line by line so that a test can check them against hand-computed numbers.
#include "nn/optimizer.h"

#include <cmath>
#include <stdexcept>

namespace rnnlab {

const char *toString(OptimizerKind k)
{
    switch (k) {
    case OptimizerKind::Sgd: return "sgd";
    case OptimizerKind::RmsProp: return "rmsprop";
    case OptimizerKind::Adam: return "adam";
    }
    return "?";
}

OptimizerKind optimizerFromString(const std::string &s)
{
    if (s == "sgd") return OptimizerKind::Sgd;
    if (s == "rmsprop") return OptimizerKind::RmsProp;
    if (s == "adam") return OptimizerKind::Adam;
    throw std::invalid_argument("unknown optimizer \"" + s + "\" (expected adam, sgd or rmsprop)");
}

const char *toString(ClipKind k)
{
    switch (k) {
    case ClipKind::None: return "none";
    case ClipKind::Norm: return "norm";
    case ClipKind::Value: return "value";
    }
    return "?";
}

template <class S>
Optimizer<S>::Optimizer(const OptimizerConfig &config, Eigen::Index size) : m_config(config)
{
    m_m = Vec<S>::Zero(size);
    m_v = Vec<S>::Zero(size);
}

template <class S>
void Optimizer<S>::reset()
{
    m_m.setZero();
    m_v.setZero();
    m_t = 0;
}

template <class S>
void Optimizer<S>::step(Vec<S> &p, Vec<S> &g)
{
    const OptimizerConfig &c = m_config;
    ++m_t;
    if (c.weightDecay != 0.0) {
        g += S(c.weightDecay) * p;
    }
    switch (c.kind) {
    case OptimizerKind::Sgd:
        if (c.momentum != 0.0) {
            // b_t = mu b_{t-1} + g (b_1 = g); nesterov: g + mu b_t, else b_t
            if (m_t == 1) {
                m_m = g;
            } else {
                m_m = S(c.momentum) * m_m + g;
            }
            if (c.nesterov) {
                p -= S(c.lr) * (g + S(c.momentum) * m_m);
            } else {
                p -= S(c.lr) * m_m;
            }
        } else {
            p -= S(c.lr) * g;
        }
        break;
    case OptimizerKind::RmsProp: {
        // v_t = alpha v + (1-alpha) g^2; p -= lr g / (sqrt(v_t) + eps), momentum on that ratio
        m_v = S(c.alpha) * m_v + S(1.0 - c.alpha) * g.cwiseAbs2();
        if (c.momentum > 0.0) {
            m_m = S(c.momentum) * m_m + (g.array() / (m_v.array().sqrt() + S(c.eps))).matrix();
            p -= S(c.lr) * m_m;
        } else {
            p.array() -= S(c.lr) * g.array() / (m_v.array().sqrt() + S(c.eps));
        }
        break;
    }
    case OptimizerKind::Adam: {
        // m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
        // p -= (lr / (1-b1^t)) m / (sqrt(v) / sqrt(1-b2^t) + eps)
        m_m = S(c.beta1) * m_m + S(1.0 - c.beta1) * g;
        m_v = S(c.beta2) * m_v + S(1.0 - c.beta2) * g.cwiseAbs2();
        const double bc1 = 1.0 - std::pow(c.beta1, double(m_t));
        const double bc2 = 1.0 - std::pow(c.beta2, double(m_t));
        const S stepSize = S(c.lr / bc1);
        const S invSqrtBc2 = S(1.0 / std::sqrt(bc2));
        p.array() -= stepSize * m_m.array() / (m_v.array().sqrt() * invSqrtBc2 + S(c.eps));
        break;
    }
    }
}

template <class S>
double clipGradients(Vec<S> &grads, const ClipConfig &clip)
{
    const double norm = double(grads.template cast<double>().norm());
    if (clip.kind == ClipKind::Norm) {
        const double coef = clip.threshold / (norm + 1e-6);
        if (coef < 1.0) {
            grads *= S(coef);
        }
    } else if (clip.kind == ClipKind::Value) {
        grads = grads.cwiseMax(S(-clip.threshold)).cwiseMin(S(clip.threshold));
    }
    return norm;
}

template class Optimizer<float>;
template class Optimizer<double>;
template double clipGradients<float>(Vec<float> &, const ClipConfig &);
template double clipGradients<double>(Vec<double> &, const ClipConfig &);

} // namespace rnnlab
