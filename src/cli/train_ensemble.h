// `rnnlab-cli train --ensemble N`: the extra members (seeds seed+1 .. seed+N-1) train in
// the background while the first one trains in the foreground and prints its epochs;
// the model's forecasts are then the median over all N (forecasting/ensemble.h).
#pragma once
#include "forecasting/ensemble.h"

#include <nlohmann/json_fwd.hpp>

#include <future>
#include <optional>

namespace rnnlab::cli {

class TrainEnsemble {
public:
    // members: N >= 1 (1: no ensemble, predict() is the first model's). Starts the
    // background training at once. `data` must outlive this object.
    TrainEnsemble(const ModelSpec &spec, const TrainConfig &config, const Windows &data, int members);
    ~TrainEnsemble(); // waits for the background members

    int size() const { return m_size; }
    // Waits for the background members (rethrows their errors), then: the median of the
    // N open-loop forecasts, H x starts.size(), original units.
    Eigen::MatrixXd predict(Model<float> &first, std::span<const int> starts);
    // {"members": N, "seeds": [...], "epochs": [...], "diverged": [...]} after predict().
    nlohmann::json describe(const Trainer &first) const;
    // Waits for the background members; rethrows the first error of theirs.
    void wait();

private:
    const Windows &m_data;
    int m_size = 1;
    std::uint64_t m_seed = 1;
    std::future<std::vector<EnsembleMember>> m_future;
    std::optional<std::vector<EnsembleMember>> m_members;
};

} // namespace rnnlab::cli
