// What `rnnlab-cli train` decides for the user when they leave a setting out: the
// transform (`--transform auto`, data/auto_transform.h) and the lookback
// (nn/training_defaults.h). Each decision and its reason goes to stderr and into the summary.
#pragma once
#include "data/windows.h"

#include <nlohmann/json.hpp>

namespace rnnlab::cli {

// Sets config.transform / config.lookback (and config.windowNorm, with autoTransform
// and autoWindowNorm: auto's choice, see chooseTransform) when asked to decide them.
// Returns {"transform": name, "transform_reason": why (auto only), "window_norm": name, "lookback": L}.
// Throws what makeWindows throws (e.g. too few rows).
nlohmann::json decideDataDefaults(const Series &series, DataConfig &config, bool autoTransform, bool autoLookback,
                                  bool autoWindowNorm = false); // autoWindowNorm: take auto's window normalisation

} // namespace rnnlab::cli
