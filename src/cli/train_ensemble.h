// `rnnlab-cli train --ensemble N`: the extra members (seeds seed+1 .. seed+N-1) train in
// the background while the first one trains in the foreground and prints its epochs;
// the model's forecasts are then the median over all N (forecasting/ensemble.h).
// With --refit every member is trained again from its seed on train + validation for
// the epoch count its early stopping picked (nn/refit.h), and those models forecast.
#pragma once
#include "forecasting/ensemble.h"
#include "nn/refit.h"

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
    // Refits every member (see above), in parallel, one core each. After it, predict()
    // uses the refitted models; `first` is the foreground member.
    void refit(const Trainer &first);
    // The model a model file gets: the first member, refitted when refit() ran.
    Model<float> &savedModel(Trainer &first) { return m_refitted.empty() ? first.model() : m_refitted[0]->model(); }

private:
    ModelSpec m_spec;
    TrainConfig m_config;
    std::optional<Windows> m_merged;
    std::vector<std::unique_ptr<Trainer>> m_refitted;
    std::vector<int> m_refitEpochs;
    std::vector<std::string> m_refitNotes;
    const Windows &m_data;
    int m_size = 1;
    std::uint64_t m_seed = 1;
    std::future<std::vector<EnsembleMember>> m_future;
    std::optional<std::vector<EnsembleMember>> m_members;
};

} // namespace rnnlab::cli
