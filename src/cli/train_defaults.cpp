// decideDataDefaults: the season on the training rows picks the lookback, then
// chooseTransform picks the transform.
#include "train_defaults.h"

#include "data/auto_transform.h"
#include "forecasting/baselines.h"
#include "nn/training_defaults.h"

#include <cstdio>

namespace rnnlab::cli {

nlohmann::json decideDataDefaults(const Series &series, DataConfig &config, bool autoTransform, bool autoLookback,
                                  bool autoWindowNorm)
{
    nlohmann::json j;
    if (autoLookback) {
        DataConfig plain = config;
        plain.transform = Transform::None;
        const Windows w = makeWindows(series, plain);
        const std::span<const double> y(w.targetLevels.data(), (std::size_t)w.trainEnd);
        const int m = detectSeasonalPeriod(y);
        const int L = defaultLookback(m, w.trainEnd);
        if (L != config.lookback) {
            std::fprintf(stderr, "rnnlab-cli train: lookback %d: one season of the training rows\n", L);
        }
        config.lookback = L;
    }
    if (autoTransform) {
        const TransformChoice c = chooseTransform(series, config);
        config.transform = c.transform;
        if (autoWindowNorm) {
            config.windowNorm = c.windowNorm;
        }
        std::fprintf(stderr, "rnnlab-cli train: transform auto: %s\n", c.reason.c_str());
        j["transform_reason"] = c.reason;
    }
    j["transform"] = toString(config.transform);
    j["window_norm"] = toString(config.windowNorm);
    j["lookback"] = config.lookback;
    return j;
}

} // namespace rnnlab::cli
