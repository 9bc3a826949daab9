// Model<S>: builds the layers over one flat buffer, runs them forward in order and
// backward in reverse, and reads statistics (gradient norms, spectral radii, the
// first non-finite value) off the caches without a second pass.
#include "nn/model.h"

#include "nn/layers/dense.h"
#include "nn/layers/gru.h"
#include "nn/layers/lstm.h"
#include "nn/layers/rnn.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>

#include <cmath>
#include <random>

namespace rnnlab {

std::string TensorInfo::label() const
{
    return "layer " + std::to_string(layer + 1) + " " + name;
}

std::string NonFiniteReport::message() const
{
    if (!found) {
        return "all values finite";
    }
    std::string s = "non-finite value (NaN or Inf) in " + tensor;
    if (layer >= 0) {
        s += " of layer " + std::to_string(layer + 1);
    }
    if (timeStep >= 0) {
        s += " at time step " + std::to_string(timeStep);
    }
    return s;
}

template <class S>
Model<S>::Model(const ModelSpec &spec) : m_spec(spec)
{
    validate(spec);
    long long offset = 0;
    int in = spec.inputSize;
    for (int l = 0; l < (int)spec.layers.size(); ++l) {
        const LayerSpec &ls = spec.layers[l];
        switch (ls.type) {
        case LayerType::Rnn: m_layers.push_back(std::make_unique<RnnLayer<S>>(in, ls.units, ls.activation)); break;
        case LayerType::Lstm: m_layers.push_back(std::make_unique<LstmLayer<S>>(in, ls.units)); break;
        case LayerType::Gru: m_layers.push_back(std::make_unique<GruLayer<S>>(in, ls.units)); break;
        case LayerType::Dense:
            m_layers.push_back(std::make_unique<DenseLayer<S>>(in, ls.units, ls.activation));
            break;
        }
        for (const TensorShape &sh : m_layers.back()->shapes()) {
            m_tensors.push_back(TensorInfo{l, sh.name, sh.rows, sh.cols, offset});
            offset += (long long)sh.rows * sh.cols;
        }
        in = ls.units;
    }
    m_params = Vec<S>::Zero(offset);
    m_grads = Vec<S>::Zero(offset);
    int t = 0;
    for (int l = 0; l < (int)m_layers.size(); ++l) {
        m_layers[l]->bind(m_params.data() + m_tensors[t].offset, m_grads.data() + m_tensors[t].offset);
        t += (int)m_layers[l]->shapes().size();
    }
    m_hiddenOffsets.assign(spec.recurrentCount(), nullptr);
    m_hiddenGradNorms.assign(spec.recurrentCount(), {});
    m_dH.resize(m_layers.size());
}

template <class S>
Model<S>::~Model() = default;

template <class S>
MatMap<S> Model<S>::tensor(int i)
{
    const TensorInfo &t = m_tensors.at(i);
    return MatMap<S>(m_params.data() + t.offset, t.rows, t.cols);
}

template <class S>
MatMap<S> Model<S>::gradTensor(int i)
{
    const TensorInfo &t = m_tensors.at(i);
    return MatMap<S>(m_grads.data() + t.offset, t.rows, t.cols);
}

template <class S>
int Model<S>::findTensor(int layer, const std::string &name) const
{
    for (int i = 0; i < (int)m_tensors.size(); ++i) {
        if (m_tensors[i].layer == layer && m_tensors[i].name == name) {
            return i;
        }
    }
    return -1;
}

namespace {

// Portable uniform in [0,1) and normal draws: std:: distributions differ between
// standard libraries, and a seed must mean the same weights everywhere.
double uniform01(std::mt19937_64 &rng)
{
    return double(rng() >> 11) * 0x1.0p-53;
}

double normal(std::mt19937_64 &rng)
{
    double u1 = uniform01(rng);
    while (u1 <= 0.0) {
        u1 = uniform01(rng);
    }
    const double u2 = uniform01(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

} // namespace

template <class S>
void Model<S>::initialize(const InitConfig &init, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    m_params.setZero();
    for (int i = 0; i < (int)m_tensors.size(); ++i) {
        const TensorInfo &ti = m_tensors[i];
        const LayerSpec &ls = m_spec.layers[ti.layer];
        MatMap<S> w = tensor(i);
        if (ti.name == "weight_ih" || ti.name == "weight") {
            // Glorot uniform with Keras' fans: kernel (in, gates*units).
            const double limit = std::sqrt(6.0 / double(ti.rows + ti.cols));
            for (Eigen::Index c = 0; c < w.cols(); ++c) {
                for (Eigen::Index r = 0; r < w.rows(); ++r) {
                    w(r, c) = S((2.0 * uniform01(rng) - 1.0) * limit);
                }
            }
        } else if (ti.name == "weight_hh") {
            // Orthogonal (Keras): QR of a normal (gates*H x H) matrix, signs fixed by diag(R).
            Eigen::MatrixXd a(ti.rows, ti.cols);
            for (Eigen::Index c = 0; c < a.cols(); ++c) {
                for (Eigen::Index r = 0; r < a.rows(); ++r) {
                    a(r, c) = normal(rng);
                }
            }
            Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
            Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(ti.rows, ti.cols);
            const Eigen::MatrixXd R = qr.matrixQR().topRows(ti.cols).template triangularView<Eigen::Upper>();
            for (Eigen::Index c = 0; c < q.cols(); ++c) {
                if (R(c, c) < 0) {
                    q.col(c) = -q.col(c);
                }
            }
            w = (init.recurrentGain * q).template cast<S>();
        } else if (ti.name == "bias_ih" && ls.type == LayerType::Lstm && ls.forgetBias && init.forgetBias) {
            w.middleRows(ls.units, ls.units).setOnes(); // forget gate f: rows [H, 2H)
        }
    }
}

template <class S>
const Mat<S> &Model<S>::forward(const Eigen::Ref<const Mat<S>> &X, int T, int B)
{
    m_T = T;
    m_B = B;
    m_X = X; // kept for backward (dWx of the first layer)
    const int nR = recurrentCount();
    for (int l = 0; l < nR; ++l) {
        m_layers[l]->forward(l == 0 ? m_X : m_layers[l - 1]->output(), T, B, m_hiddenOffsets[l]);
    }
    m_lastH = m_layers[nR - 1]->output().rightCols(B); // h_{T-1} goes to the head
    for (int l = nR; l < (int)m_layers.size(); ++l) {
        m_layers[l]->forward(l == nR ? m_lastH : m_layers[l - 1]->output(), 1, B, nullptr);
    }
    return m_layers.back()->output();
}

template <class S>
void Model<S>::backward(const Eigen::Ref<const Mat<S>> &dY, int truncate)
{
    const int T = m_T, B = m_B;
    const int nR = recurrentCount();
    const int nL = (int)m_layers.size();
    const int tStop = truncate > 0 ? std::max(0, T - truncate) : 0;
    // The head, in reverse; the first dense layer's input gradient is dL/dh_{T-1}.
    for (int l = nL - 1; l >= nR; --l) {
        const Mat<S> &in = l == nR ? m_lastH : m_layers[l - 1]->output();
        Mat<S> *dIn = l == nR ? &m_dHead : &m_dH[l - 1];
        if (l == nL - 1) {
            m_layers[l]->backward(in, dY, dIn, 1, B, 0, nullptr);
        } else {
            m_layers[l]->backward(in, m_dH[l], dIn, 1, B, 0, nullptr);
        }
    }
    // Only h_{T-1} of the last recurrent layer reaches the head.
    Mat<S> &dTop = m_dH[nR - 1];
    dTop.setZero(m_dHead.rows(), (Eigen::Index)T * B);
    dTop.rightCols(B) = m_dHead;
    for (int l = nR - 1; l >= 0; --l) {
        m_hiddenGradNorms[l].assign(T, 0.0);
        m_layers[l]->backward(l == 0 ? m_X : m_layers[l - 1]->output(), m_dH[l], l == 0 ? &m_dX : &m_dH[l - 1], T,
                              B, tStop, m_hiddenGradNorms[l].data());
    }
}

template <class S>
const Mat<S> &Model<S>::layerOutput(int layer) const
{
    return m_layers.at(layer)->output();
}

template <class S>
void Model<S>::setHiddenOffset(int recurrent, const Mat<S> *delta)
{
    m_hiddenOffsets.at(recurrent) = delta;
}

template <class S>
NonFiniteReport Model<S>::findNonFiniteForward() const
{
    NonFiniteReport r;
    const int nR = recurrentCount();
    for (int l = 0; l < (int)m_layers.size(); ++l) {
        const Mat<S> &y = m_layers[l]->output();
        if (y.allFinite()) {
            continue;
        }
        r.found = true;
        r.layer = l;
        r.tensor = "output";
        if (l < nR && m_B > 0) {
            for (Eigen::Index c = 0; c < y.cols(); ++c) {
                if (!y.col(c).allFinite()) {
                    r.timeStep = int(c / m_B);
                    break;
                }
            }
        }
        return r;
    }
    return r;
}

template <class S>
NonFiniteReport Model<S>::findNonFiniteBackward() const
{
    // In the order backward produced them: the head, then each recurrent layer from
    // the top down, within a layer from the newest step to the oldest.
    NonFiniteReport r;
    auto tensorsOf = [&](int layer) -> bool {
        for (const TensorInfo &ti : m_tensors) {
            if (ti.layer != layer) {
                continue;
            }
            if (!m_grads.segment(ti.offset, ti.size()).allFinite()) {
                r = NonFiniteReport{true, layer, "gradient of " + ti.name, -1};
                return true;
            }
        }
        return false;
    };
    const int nR = recurrentCount();
    for (int l = (int)m_layers.size() - 1; l >= nR; --l) {
        if (tensorsOf(l)) {
            return r;
        }
    }
    for (int l = nR - 1; l >= 0; --l) {
        const std::vector<double> &norms = m_hiddenGradNorms[l];
        for (int t = (int)norms.size() - 1; t >= 0; --t) {
            if (!std::isfinite(norms[t])) {
                return NonFiniteReport{true, l, "dL/dh", t};
            }
        }
        if (tensorsOf(l)) {
            return r;
        }
    }
    return r;
}

template <class S>
std::vector<std::vector<double>> Model<S>::spectralRadii() const
{
    std::vector<std::vector<double>> out;
    for (const TensorInfo &ti : m_tensors) {
        if (ti.name != "weight_hh") {
            continue;
        }
        const int H = ti.cols;
        const int gates = ti.rows / H;
        const Eigen::Map<const Mat<S>> W(m_params.data() + ti.offset, ti.rows, ti.cols);
        std::vector<double> radii;
        for (int g = 0; g < gates; ++g) {
            const Eigen::MatrixXd block = W.middleRows(g * H, H).template cast<double>();
            if (!block.allFinite()) {
                radii.push_back(std::numeric_limits<double>::quiet_NaN());
                continue;
            }
            Eigen::EigenSolver<Eigen::MatrixXd> es(block, /*computeEigenvectors=*/false);
            radii.push_back(es.eigenvalues().cwiseAbs().maxCoeff());
        }
        out.push_back(std::move(radii));
    }
    return out;
}

template <class S>
std::vector<double> Model<S>::tensorGradNorms() const
{
    std::vector<double> out;
    out.reserve(m_tensors.size());
    for (const TensorInfo &ti : m_tensors) {
        out.push_back(double(m_grads.segment(ti.offset, ti.size()).norm()));
    }
    return out;
}

template class Model<float>;
template class Model<double>;

} // namespace rnnlab
