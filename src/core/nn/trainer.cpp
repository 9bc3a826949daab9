// The training loop: shuffle, batch, forward, loss, BPTT, sentinel, clip, update.
// Everything that decides a number (the shuffle, the init) is drawn from the seed
// with portable code, so a run is repeatable for a given thread count.
#include "nn/trainer.h"

#include "nn/stats_schedule.h"

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
    m_radiusEvery = config.statsBudget > 0
        ? spectralRadiusInterval(spec, data.lookback, (long long)data.train.size(), config.statsBudget)
        : 1;
    m_lastGood = m_model.params();
    const int threads = std::max(1, config.threads);
    for (int k = 0; k < threads; ++k) {
        m_replicas.push_back(std::make_unique<Replica>(k == 0 ? nullptr : &spec));
    }
}

Trainer::~Trainer() = default;

struct Trainer::Replica {
    explicit Replica(const ModelSpec *spec)
    {
        if (spec) {
            own = std::make_unique<Model<float>>(*spec);
        }
    }
    std::unique_ptr<Model<float>> own; // null for replica 0, which uses the master
    Eigen::MatrixXf X, Y, dY;
    double loss = 0;
    int count = 0;
    NonFiniteReport nonFinite;
};

StepStats Trainer::trainStep(std::span<const int> starts)
{
    StepStats st;
    const int count = (int)starts.size();
    const int K = std::min<int>((int)m_replicas.size(), std::max(count, 1));
    const int T = m_data.lookback;
    // Contiguous parts, the first count % K one sample larger.
    std::vector<int> first(K + 1, 0);
    for (int k = 0; k < K; ++k) {
        first[k + 1] = first[k] + count / K + (k < count % K ? 1 : 0);
    }
    auto run = [&](int k) {
        Replica &r = *m_replicas[k];
        Model<float> &model = k == 0 ? m_model : *r.own;
        if (k > 0) {
            model.params() = m_model.params();
        }
        r.count = first[k + 1] - first[k];
        r.nonFinite = NonFiniteReport{};
        gatherBatch(m_data, starts.subspan(first[k], r.count), r.X, r.Y);
        const Mat<float> &Y = model.forward(r.X, T, r.count);
        r.loss = computeLoss<float>(m_config.loss, Y, r.Y, r.dY);
        if (!std::isfinite(r.loss)) {
            r.nonFinite = model.findNonFiniteForward();
            if (!r.nonFinite.found) {
                r.nonFinite = NonFiniteReport{true, -1, "loss", -1};
            }
            return;
        }
        model.backward(r.dY, m_config.tbptt);
        r.nonFinite = model.findNonFiniteBackward();
    };
    // Parallel over replicas, not inside their products. Eigen's thread count is one
    // global: write it only when it differs, so runs training on several std::threads
    // at once (runs/comparison) only read it.
    if (Eigen::nbThreads() != 1) {
        Eigen::setNbThreads(1);
    }
    if (K == 1) {
        run(0);
    } else {
#pragma omp parallel for num_threads(K) schedule(static, 1)
        for (int k = 0; k < K; ++k) {
            run(k);
        }
    }
    for (int k = 0; k < K; ++k) {
        if (m_replicas[k]->nonFinite.found) {
            st.nonFinite = m_replicas[k]->nonFinite;
            return st;
        }
    }
    // Each part's loss is a mean over its own samples: weight by its share.
    m_hiddenGradNorms = m_model.hiddenGradNorms();
    const double w0 = double(first[1]) / count;
    st.loss = w0 * m_replicas[0]->loss;
    if (K > 1) {
        m_model.grads() *= float(w0);
        for (auto &layer : m_hiddenGradNorms) {
            for (double &v : layer) {
                v = (w0 * v) * (w0 * v);
            }
        }
        for (int k = 1; k < K; ++k) {
            const double w = double(first[k + 1] - first[k]) / count;
            m_model.grads() += float(w) * m_replicas[k]->own->grads();
            st.loss += w * m_replicas[k]->loss;
            const auto &norms = m_replicas[k]->own->hiddenGradNorms();
            for (size_t l = 0; l < norms.size(); ++l) {
                for (size_t t = 0; t < norms[l].size(); ++t) {
                    m_hiddenGradNorms[l][t] += (w * norms[l][t]) * (w * norms[l][t]);
                }
            }
        }
        // The parts hold different samples, so dL/dH_t splits into orthogonal blocks.
        for (auto &layer : m_hiddenGradNorms) {
            for (double &v : layer) {
                v = std::sqrt(v);
            }
        }
    }
    m_tensorGradNorms = m_model.tensorGradNorms(); // before clipping
    st.gradNorm = clipGradients<float>(m_model.grads(), m_config.clip);
    st.gradNormClipped = m_config.clip.kind == ClipKind::None ? st.gradNorm : double(m_model.grads().norm());
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
    }
    return st;
}

void Trainer::setLearningRate(double lr)
{
    m_config.optimizer.lr = lr;
    m_optimizer.setLearningRate(lr);
}

EpochStats Trainer::runEpoch(const std::function<bool(int, int)> &onBatch, const std::function<bool()> &cancelled)
{
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
    double lossSum = 0.0;
    for (int b = 0; b < batches; ++b) {
        const int first = b * batch;
        const int count = std::min(batch, n - first);
        const std::span<const int> starts(m_order.data() + first, count);
        const StepStats step = trainStep(starts);
        if (step.nonFinite.found) {
            st.nonFinite = step.nonFinite;
            break;
        }
        st.gradNorm = step.gradNorm;
        st.gradNormClipped = step.gradNormClipped;
        lossSum += step.loss;
        ++st.batches;
        if (onBatch && !onBatch(b, batches)) {
            // Stopped even after the last batch: the epoch's validation pass is skipped, as
            // when a Stop arrives during it, so a replay that stops after the same batches
            // logs the same numbers however the original stop fell.
            st.stopped = true;
            break;
        }
    }
    if (st.batches > 0) {
        st.hiddenGradNorms = m_hiddenGradNorms; // of the last successful batch
        st.tensorGradNorms = m_tensorGradNorms;
    }
    st.trainLoss = st.batches > 0 ? lossSum / st.batches : std::numeric_limits<double>::quiet_NaN();
    if (!st.stopped && !st.nonFinite.found) {
        ++m_epoch;
        if (!m_data.val.empty()) {
            bool abandoned = false;
            std::function<bool()> ask;
            if (cancelled) {
                ask = [&] { return abandoned = cancelled(); };
            }
            st.valLoss = evaluate(m_data.val, ask);
            if (abandoned) {
                // No statistics for this epoch, and it does not count (as a stop during its batches).
                --m_epoch;
                st.valLoss.reset();
                st.stopped = true;
            } else if (m_config.patience > 0 && std::isfinite(*st.valLoss)) {
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
    // A stopped epoch never computes the radius: it is display work, and at the end of
    // the first epoch (no radius yet) its cold start was most of what kept a Stop waiting.
    if (!st.stopped && (m_radiusEpoch == 0 || m_epoch - m_radiusEpoch >= m_radiusEvery)) {
        m_radius.clear();
        for (const std::vector<double> &radii : m_model.spectralRadii()) {
            double mx = 0.0;
            for (double r : radii) {
                mx = std::isnan(r) ? r : std::max(mx, r);
            }
            m_radius.push_back(mx);
        }
        m_radiusEpoch = std::max(1, m_epoch);
    }
    st.spectralRadius = m_radius;
    st.spectralRadiusEpoch = m_radiusEpoch;
    st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return st;
}

double Trainer::evaluate(std::span<const int> starts, const std::function<bool()> &cancelled)
{
    if (starts.empty()) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    Eigen::MatrixXf X, Y;
    double sum = 0.0;
    long long count = 0;
    for (size_t first = 0; first < starts.size(); first += kEvalBatch) {
        if (cancelled && cancelled()) {
            return std::numeric_limits<double>::quiet_NaN();
        }
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
    addWindowLevels(m_data, starts, out);
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
