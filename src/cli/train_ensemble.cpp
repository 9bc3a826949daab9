// TrainEnsemble: std::async for the background members, median via elementwiseQuantile.
#include "train_ensemble.h"

#include "forecasting/forecast.h"

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

namespace rnnlab::cli {

TrainEnsemble::TrainEnsemble(const ModelSpec &spec, const TrainConfig &config, const Windows &data, int members)
    : m_spec(spec)
    , m_config(config)
    , m_data(data)
    , m_size(std::max(1, members))
    , m_seed(config.seed)
{
    if (m_size == 1) {
        return;
    }
    std::vector<std::uint64_t> seeds;
    for (int k = 1; k < m_size; ++k) {
        seeds.push_back(config.seed + std::uint64_t(k));
    }
    // The foreground member takes config.threads cores; the rest share what is left.
    const int cores = std::max(1u, std::thread::hardware_concurrency());
    const int workers = std::max(1, cores - std::max(1, config.threads));
    // Eigen's thread count is one global that every Trainer's step reads and writes when it
    // is not 1: set it here, before the members' threads start beside the foreground
    // training, so they only read it (TSan found the members writing it at once).
    Eigen::setNbThreads(1);
    m_future = std::async(std::launch::async, [spec, config, &data, seeds, workers] {
        return trainMembers(spec, config, data, seeds, workers);
    });
}

TrainEnsemble::~TrainEnsemble()
{
    if (m_future.valid()) {
        m_future.wait();
    }
}

void TrainEnsemble::wait()
{
    if (!m_members && m_future.valid()) {
        m_members = m_future.get();
    }
}

void TrainEnsemble::refit(const Trainer &first)
{
    wait();
    m_merged = withValidationInTraining(m_data);
    // Each member's epoch count: its best epoch, or all it ran without validation.
    std::vector<std::pair<std::uint64_t, int>> jobs{{m_seed, first.bestEpoch() > 0 ? first.bestEpoch() : first.epochsRun()}};
    if (m_members) {
        for (const EnsembleMember &m : *m_members) {
            jobs.emplace_back(m.seed, m.trainer->bestEpoch() > 0 ? m.trainer->bestEpoch() : m.epochs);
        }
    }
    m_refitted.resize(jobs.size());
    m_refitNotes.assign(jobs.size(), std::string());
    m_refitEpochs.clear();
    for (const auto &j : jobs) {
        m_refitEpochs.push_back(j.second);
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(jobs.size());
    auto work = [&] {
        for (std::size_t k = next++; k < jobs.size(); k = next++) {
            try {
                TrainConfig c = m_config;
                c.seed = jobs[k].first;
                c.threads = 1;
                m_refitted[k] = rnnlab::refit(m_spec, c, *m_merged, jobs[k].second, m_refitNotes[k]);
            } catch (...) {
                errors[k] = std::current_exception();
            }
        }
    };
    const int workers = std::clamp(int(std::thread::hardware_concurrency()), 1, int(jobs.size()));
    std::vector<std::thread> pool;
    for (int i = 0; i < workers; ++i) {
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
}

Eigen::MatrixXd TrainEnsemble::predict(Model<float> &first, std::span<const int> starts)
{
    if (!m_refitted.empty()) {
        std::vector<Eigen::MatrixXd> all;
        for (std::unique_ptr<Trainer> &t : m_refitted) {
            all.push_back(openLoopPredict(t->model(), m_data, starts));
        }
        return elementwiseQuantile(all, 0.5);
    }
    Eigen::MatrixXd own = openLoopPredict(first, m_data, starts);
    if (m_size == 1) {
        return own;
    }
    wait();
    std::vector<Eigen::MatrixXd> all{std::move(own)};
    for (EnsembleMember &m : *m_members) {
        all.push_back(openLoopPredict(m.trainer->model(), m_data, starts));
    }
    return elementwiseQuantile(all, 0.5);
}

nlohmann::json TrainEnsemble::describe(const Trainer &first) const
{
    nlohmann::json j;
    j["members"] = m_size;
    j["seeds"] = {m_seed};
    j["epochs"] = {first.epochsRun()};
    if (m_members) {
        for (const EnsembleMember &m : *m_members) {
            j["seeds"].push_back(m.seed);
            j["epochs"].push_back(m.epochs);
            if (!m.diverged.empty()) {
                j["diverged"].push_back("seed " + std::to_string(m.seed) + ": " + m.diverged);
            }
        }
    }
    j["combined_by"] = "median of the members' forecasts";
    if (!m_refitted.empty()) {
        j["refit_epochs"] = m_refitEpochs;
        for (const std::string &n : m_refitNotes) {
            if (!n.empty()) {
                j["diverged"].push_back(n);
            }
        }
    }
    return j;
}

} // namespace rnnlab::cli
