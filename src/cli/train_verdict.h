// The summary fields of `rnnlab-cli train` that judge the forecast rather than report
// it: "test_span", "mase_scale" and "verdict" (forecasting/verdict.h), computed from
// the summary's "test" object so they can never disagree with it.
#pragma once
#include "data/windows.h"

#include <nlohmann/json_fwd.hpp>

namespace rnnlab::cli {

// requires: summary["test"] holds "model" and the baselines as reportJson writes them.
void addVerdictFields(nlohmann::json &summary, const Series &series, const Windows &w);

} // namespace rnnlab::cli
