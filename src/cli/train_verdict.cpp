// addVerdictFields: the test span's first and last time, the MASE denominator, and the
// ranking of the model against every scored baseline.
#include "train_verdict.h"

#include "forecasting/metrics.h"
#include "forecasting/verdict.h"

#include <nlohmann/json.hpp>

namespace rnnlab::cli {

namespace {

std::string rowTime(const Series &series, int row)
{
    return row < (int)series.timeText.size() && !series.timeText[row].empty() ? series.timeText[row]
                                                                               : std::to_string(row);
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

} // namespace rnnlab::cli
