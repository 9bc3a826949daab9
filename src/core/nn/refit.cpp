// withValidationInTraining and refit.
#include "nn/refit.h"

#include <algorithm>

namespace rnnlab {

Windows withValidationInTraining(const Windows &w)
{
    Windows m = w;
    m.train.insert(m.train.end(), w.val.begin(), w.val.end());
    std::sort(m.train.begin(), m.train.end());
    m.val.clear();
    return m;
}

std::unique_ptr<Trainer> refit(const ModelSpec &spec, TrainConfig config, const Windows &merged, int epochs,
                               std::string &diverged)
{
    config.epochs = epochs;
    config.patience = 0;
    auto t = std::make_unique<Trainer>(spec, config, merged);
    diverged.clear();
    for (int e = 0; e < epochs; ++e) {
        const EpochStats st = t->runEpoch();
        if (st.nonFinite.found) {
            diverged = "refit diverged in epoch " + std::to_string(st.epoch) + ": " + st.nonFinite.message();
            break;
        }
    }
    return t;
}

} // namespace rnnlab
