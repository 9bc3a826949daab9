// The training loop: shuffle, batch, forward, loss, BPTT, sentinel, clip, update.
// Everything that decides a number (the shuffle, the init) is drawn from the seed
// with portable code, so a run is repeatable for a given thread count.
#include "trainer.h"

#include <Eigen/Core>

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace rnnlab {

namespace {

constexpr int kEvalBatch = 256;

// Unbiased integer in [0, n) from a 64-bit engine, the same on every standard library.
std::uint64_t below(std::mt19937_64 &rng, std::uint64_t n)
{
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
    std::uint64_t x = rng();
    while (x >= limit) {
        x = rng();
    }
    return x % n;
}

} // namespace

Trainer::Trainer(const ModelSpec &spec, const TrainConfig &config, const Windows &data)
    : m_config(config)
    , m_data(data)
    , m_model(spec)
    , m_optimizer(config.optimizer, m_model.params().size())
    , m_rng(config.seed ^ 0x9e3779b97f4a7c15ULL)
{
    if (spec.inputSize != data.features()) {
        throw std::invalid_argument("the model takes " + std::to_string(spec.inputSize) + " input features but the data has "
                                    + std::to_string(data.features()));
    }
    if (spec.horizon() != data.horizon) {
        throw std::invalid_argument("the model outputs " + std::to_string(spec.horizon())
                                    + " values but the horizon is " + std::to_string(data.horizon));
    }
    if (config.batchSize < 1) {
        throw std::invalid_argument("batch size must be at least 1");
    }
    if (!(config.optimizer.lr > 0.0) || !std::isfinite(config.optimizer.lr)) {
        throw std::invalid_argument("learning rate must be a positive number");
    }
    m_model.initialize(config.init, config.seed);
    m_order = data.train;
    m_lastGood = m_model.params();
}

void Trainer::setLearningRate(double lr)
{
    m_config.optimizer.lr = lr;
    m_optimizer.setLearningRate(lr);
}

EpochStats Trainer::runEpoch(const std::function<bool(int, int)> &onBatch)
{
    Eigen::setNbThreads(std::max(1, m_config.threads));
    const auto t0 = std::chrono::steady_clock::now();
    EpochStats st;
    st.epoch = m_epoch + 1;

    const int n = (int)m_order.size();
    if (m_config.shuffle) {
        m_order = m_data.train; // from the same start each epoch: the order depends on the seed and epoch only
        for (int i = n - 1; i > 0; --i) {
            std::swap(m_order[i], m_order[below(m_rng, std::uint64_t(i) + 1)]);
        }
    }
    const int batch = std::min(m_config.batchSize, std::max(n, 1));
    const int batches = n == 0 ? 0 : (n + batch - 1) / batch;
    const int T = m_data.lookback;
    double lossSum = 0.0;
    for (int b = 0; b < batches; ++b) {
        const int first = b * batch;
        const int count = std::min(batch, n - first);
        const std::span<const int> starts(m_order.data() + first, count);
        gatherBatch(m_data, starts, m_X, m_Y);
        const Mat<float> &Y = m_model.forward(m_X, T, count);
        const double loss = computeLoss<float>(m_config.loss, Y, m_Y, m_dY);
        if (!std::isfinite(loss)) {
            st.nonFinite = m_model.findNonFiniteForward();
            if (!st.nonFinite.found) {
                st.nonFinite = NonFiniteReport{true, -1, "loss", -1};
            }
            break;
        }
        m_model.backward(m_dY, m_config.tbptt);
        st.nonFinite = m_model.findNonFiniteBackward();
        if (st.nonFinite.found) {
            break;
        }
        st.hiddenGradNorms = m_model.hiddenGradNorms();
        st.tensorGradNorms = m_model.tensorGradNorms();
        st.gradNorm = clipGradients<float>(m_model.grads(), m_config.clip);
        st.gradNormClipped = m_config.clip.kind == ClipKind::None ? st.gradNorm
                                                                   : double(m_model.grads().norm());
        m_lastGood = m_model.params();
        m_optimizer.step(m_model.params(), m_model.grads());
        if (!m_model.params().allFinite()) {
            // The update itself overflowed: name the tensor, keep the last finite weights.
            st.nonFinite = NonFiniteReport{true, -1, "weights after the update", -1};
            for (const TensorInfo &ti : m_model.tensors()) {
                if (!m_model.params().segment(ti.offset, ti.size()).allFinite()) {
                    st.nonFinite = NonFiniteReport{true, ti.layer, ti.name + " after the update", -1};
                    break;
                }
            }
            m_model.params() = m_lastGood;
            break;
        }
        lossSum += loss;
        ++st.batches;
        if (onBatch && !onBatch(b, batches)) {
            st.stopped = b + 1 < batches;
            break;
        }
    }
    st.trainLoss = st.batches > 0 ? lossSum / st.batches : std::numeric_limits<double>::quiet_NaN();
    if (!st.stopped && !st.nonFinite.found) {
        ++m_epoch;
        if (!m_data.val.empty()) {
            st.valLoss = evaluate(m_data.val);
            if (m_config.patience > 0 && std::isfinite(*st.valLoss)) {
                if (m_bestEpoch == 0 || *st.valLoss < m_bestVal) {
                    m_bestVal = *st.valLoss;
                    m_bestEpoch = m_epoch;
                    m_best = m_model.params();
                    m_sinceBest = 0;
                } else {
                    ++m_sinceBest;
                }
            }
        }
    }
    for (const std::vector<double> &radii : m_model.spectralRadii()) {
        double mx = 0.0;
        for (double r : radii) {
            mx = std::max(mx, r);
        }
        st.spectralRadius.push_back(mx);
    }
    st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return st;
}

double Trainer::evaluate(std::span<const int> starts)
{
    if (starts.empty()) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    Eigen::MatrixXf X, Y;
    double sum = 0.0;
    long long count = 0;
    for (size_t first = 0; first < starts.size(); first += kEvalBatch) {
        const int b = (int)std::min<size_t>(kEvalBatch, starts.size() - first);
        gatherBatch(m_data, starts.subspan(first, b), X, Y);
        const Mat<float> &out = m_model.forward(X, m_data.lookback, b);
        sum += lossValue<float>(m_config.loss, out, Y) * double(Y.size());
        count += Y.size();
    }
    return sum / double(count);
}

Eigen::MatrixXf Trainer::predict(std::span<const int> starts)
{
    Eigen::MatrixXf out(m_model.horizon(), (Eigen::Index)starts.size());
    Eigen::MatrixXf X, Y;
    for (size_t first = 0; first < starts.size(); first += kEvalBatch) {
        const int b = (int)std::min<size_t>(kEvalBatch, starts.size() - first);
        gatherBatch(m_data, starts.subspan(first, b), X, Y);
        out.middleCols(first, b) = m_model.forward(X, m_data.lookback, b);
    }
    return out;
}

bool Trainer::shouldStop() const
{
    return m_config.patience > 0 && m_bestEpoch > 0 && m_sinceBest >= m_config.patience;
}

void Trainer::restoreBest()
{
    if (m_bestEpoch > 0 && m_best.size() == m_model.params().size()) {
        m_model.params() = m_best;
    }
}

} // namespace rnnlab
