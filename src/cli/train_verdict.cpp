// addVerdictFields: the test span's first and last time, the MASE denominator, and the
// ranking of the model against every scored baseline.
#include "data/time_axis.h"
#include "train_verdict.h"

#include "forecasting/baselines.h"
#include "forecasting/intervals.h"
#include "forecasting/residual_checks.h"
#include "forecasting/metrics.h"
#include "forecasting/verdict.h"

#include <nlohmann/json.hpp>

namespace rnnlab::cli {

namespace {

std::string rowTime(const Series &series, int row)
{
    return timeLabel(series, row); // ISO 8601 at the data's resolution, as predictions.csv
}

} // namespace

void addVerdictFields(nlohmann::json &summary, const Series &series, const Windows &w)
{
    using nlohmann::json;
    if (!w.test.empty()) {
        const int first = w.test.front() + w.lookback, last = w.test.back() + w.lookback + w.horizon - 1;
        summary["test_span"] = {rowTime(series, first), rowTime(series, last)};
    }
    const std::optional<double> scale = naiveScale(series, w);
    summary["mase_scale"] = {{"value", scale ? json(*scale) : json(nullptr)},
                             {"what", "mean |y_t - y_{t-1}| over the training rows (in-sample one-step naive MAE)"}};
    if (!summary.contains("test") || !summary["test"].is_object()) {
        return;
    }
    const json &test = summary["test"];
    // MASE when every scored method has one, else MAE (same units for all).
    std::string metric = "mase";
    for (const auto &[name, m] : test.items()) {
        if (m.contains("mae") && !(m.contains("mase") && m["mase"].is_number())) {
            metric = "mae";
        }
    }
    std::optional<double> model;
    std::vector<std::pair<std::string, double>> baselines;
    for (const auto &[name, m] : test.items()) {
        if (!m.contains(metric) || !m[metric].is_number()) {
            continue; // skipped baselines
        }
        if (name == "model") {
            model = m[metric].get<double>();
        } else {
            baselines.emplace_back(name, m[metric].get<double>());
        }
    }
    if (!model && baselines.empty()) {
        return;
    }
    const Verdict v = judgeForecasts(metric, model, baselines);
    json j;
    j["metric"] = v.metric;
    j["best"] = v.best;
    j["best_score"] = v.bestScore;
    j["best_classical"] = v.bestClassical.empty() ? json(nullptr) : json(v.bestClassical);
    j["best_classical_score"] = v.bestClassical.empty() ? json(nullptr) : json(v.bestClassicalScore);
    j["beats_naive"] = v.beatsNaive ? json(*v.beatsNaive) : json(nullptr);
    j["beats_best_classical"] = v.beatsBestClassical ? json(*v.beatsBestClassical) : json(nullptr);
    j["text"] = v.text();
    summary["verdict"] = j;
}

void addIntervalFields(nlohmann::json &summary, Model<float> &model, const Windows &w)
{
    using nlohmann::json;
    try {
        const IntervalBands b = validationBands(model, w, w.lookback);
        const IntervalCoverage c = testCoverage(model, w, b);
        summary["intervals"] = {
            {"method", "symmetric: 80% and 95% quantiles of |error| by closed-loop step over the validation origins"},
            {"steps", b.half80.size()},
            {"validation_origins", b.origins},
            {"half_width_80", b.half80},
            {"half_width_95", b.half95},
            {"test_coverage_80", c.coverage80},
            {"test_coverage_95", c.coverage95},
            {"test_points", c.points}};
    } catch (const std::invalid_argument &e) {
        summary["intervals"] = {{"skipped", e.what()}};
    }
}

void addResidualFields(nlohmann::json &summary, const Series &series, const Windows &w, const Eigen::MatrixXd &errors)
{
    try {
        const TargetView y = targetValues(series, w);
        const int m = detectSeasonalPeriod(std::span<const double>(y.data(), (std::size_t)w.trainEnd));
        const Eigen::VectorXd e = errors.row(0).transpose();
        const ResidualCheck c = checkResiduals(std::span<const double>(e.data(), (std::size_t)e.size()), m);
        summary["residuals"] = {{"what", "one-step test errors of the model (forecast - actual)"},
                                {"acf", c.acf},
                                {"acf_bound", c.bound},
                                {"ljung_box", c.ljungBox},
                                {"lags", c.lags},
                                {"p_value", c.pValue}};
    } catch (const std::invalid_argument &e) {
        summary["residuals"] = {{"skipped", e.what()}};
    }
}

} // namespace rnnlab::cli
