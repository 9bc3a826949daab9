// TrainEnsemble: std::async for the background members, median via elementwiseQuantile.
#include "train_ensemble.h"

#include "forecasting/forecast.h"

#include <nlohmann/json.hpp>

#include <thread>

namespace rnnlab::cli {

TrainEnsemble::TrainEnsemble(const ModelSpec &spec, const TrainConfig &config, const Windows &data, int members)
    : m_data(data)
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

Eigen::MatrixXd TrainEnsemble::predict(Model<float> &first, std::span<const int> starts)
{
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
    return j;
}

} // namespace rnnlab::cli
