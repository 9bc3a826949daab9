// The summary fields of `rnnlab-cli train` that judge the forecast rather than report
// it: "test_span", "mase_scale" and "verdict" (forecasting/verdict.h), computed from
// the summary's "test" object so they can never disagree with it; and "intervals", the
// closed-loop prediction intervals and their test coverage (forecasting/intervals.h);
// and "residuals", the Ljung-Box check of the model's test errors.
#pragma once
#include "data/windows.h"
#include "nn/model.h"

#include <nlohmann/json_fwd.hpp>

namespace rnnlab::cli {

// requires: summary["test"] holds "model" and the baselines as reportJson writes them.
void addVerdictFields(nlohmann::json &summary, const Series &series, const Windows &w);

// summary["intervals"]: 80/95% bands over `lookback` closed-loop steps from the
// validation residuals, their coverage on the test span; {"skipped": why} when they
// cannot be made (a model with other inputs, no validation or test span).
void addIntervalFields(nlohmann::json &summary, Model<float> &model, const Windows &w);

// summary["residuals"]: the model's one-step test errors (row 0 of `errors`, H x test
// windows) checked by forecasting/residual_checks.h - ACF, its bound, Ljung-Box Q, lags
// and p-value; {"skipped": why} with fewer than 10 test windows.
void addResidualFields(nlohmann::json &summary, const Series &series, const Windows &w, const Eigen::MatrixXd &errors);

} // namespace rnnlab::cli
