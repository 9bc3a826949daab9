// trainMembers: a small pool of std::threads over the seeds; elementwiseQuantile.
#include "forecasting/ensemble.h"

#include <Eigen/Core>

#include <algorithm>
#include <atomic>
#include <exception>
#include <stdexcept>
#include <thread>

namespace rnnlab {

std::vector<EnsembleMember> trainMembers(const ModelSpec &spec, const TrainConfig &config, const Windows &data,
                                         std::span<const std::uint64_t> seeds, int workers,
                                         const MemberProgress &progress)
{
    std::vector<EnsembleMember> out(seeds.size());
    // Built on this thread: a bad spec or config throws here, not inside a worker.
    for (std::size_t k = 0; k < seeds.size(); ++k) {
        TrainConfig c = config;
        c.seed = seeds[k];
        c.threads = 1;
        out[k].seed = seeds[k];
        out[k].trainer = std::make_unique<Trainer>(spec, c, data);
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(seeds.size());
    auto work = [&] {
        for (std::size_t k = next++; k < seeds.size(); k = next++) {
            try {
                Trainer &t = *out[k].trainer;
                for (int e = 0; e < config.epochs; ++e) {
                    std::function<bool(int, int)> onBatch;
                    if (progress) {
                        onBatch = [&, k, e](int b, int n) { return progress(k, e + 1, b + 1, n); };
                    }
                    const EpochStats st = t.runEpoch(onBatch);
                    if (st.stopped) {
                        out[k].stopped = true;
                        break;
                    }
                    if (st.nonFinite.found) {
                        out[k].diverged = "diverged in epoch " + std::to_string(st.epoch) + ": " + st.nonFinite.message();
                        break;
                    }
                    if (t.shouldStop()) {
                        break;
                    }
                }
                out[k].epochs = t.epochsRun();
                if (!out[k].stopped && out[k].diverged.empty() && config.patience > 0 && t.bestEpoch() > 0) {
                    t.restoreBest();
                }
            } catch (...) {
                errors[k] = std::current_exception();
            }
        }
    };
    // Eigen's thread count is one global the members' steps read (and write, when it is not
    // 1): set it once here, before they start, as runComparison does.
    if (Eigen::nbThreads() != 1) {
        Eigen::setNbThreads(1);
    }
    std::vector<std::thread> pool;
    const int n = std::clamp(workers, 1, std::max(1, (int)seeds.size()));
    for (int i = 0; i < n; ++i) {
        pool.emplace_back(work);
    }
    for (std::thread &t : pool) {
        t.join();
    }
    for (const std::exception_ptr &e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
    return out;
}

Eigen::MatrixXd elementwiseQuantile(const std::vector<Eigen::MatrixXd> &preds, double q)
{
    if (preds.empty()) {
        throw std::invalid_argument("a quantile of no forecasts");
    }
    if (!(q >= 0.0 && q <= 1.0)) {
        throw std::invalid_argument("quantile " + std::to_string(q) + " is outside [0, 1]");
    }
    const Eigen::Index rows = preds[0].rows(), cols = preds[0].cols();
    for (const Eigen::MatrixXd &p : preds) {
        if (p.rows() != rows || p.cols() != cols) {
            throw std::invalid_argument("ensemble forecasts of different shapes");
        }
    }
    Eigen::MatrixXd out(rows, cols);
    std::vector<double> v(preds.size());
    const double pos = q * double(preds.size() - 1);
    const std::size_t lo = (std::size_t)pos;
    const std::size_t hi = std::min(lo + 1, preds.size() - 1);
    const double frac = pos - double(lo);
    for (Eigen::Index c = 0; c < cols; ++c) {
        for (Eigen::Index r = 0; r < rows; ++r) {
            for (std::size_t k = 0; k < preds.size(); ++k) {
                v[k] = preds[k](r, c);
            }
            std::sort(v.begin(), v.end());
            out(r, c) = v[lo] + frac * (v[hi] - v[lo]);
        }
    }
    return out;
}

} // namespace rnnlab
