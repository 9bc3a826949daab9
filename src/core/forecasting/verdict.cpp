// judgeForecasts: a ranking by one metric and the sentence that states it.
#include "forecasting/verdict.h"

#include <cstdio>
#include <stdexcept>

namespace rnnlab {

Verdict judgeForecasts(const std::string &metric, std::optional<double> model,
                       const std::vector<std::pair<std::string, double>> &baselines)
{
    if (!model && baselines.empty()) {
        throw std::invalid_argument("no forecast was scored on the test span");
    }
    Verdict v;
    v.metric = metric;
    v.modelScore = model;
    bool haveClassical = false;
    for (const auto &[name, score] : baselines) {
        if (!haveClassical || score < v.bestClassicalScore) {
            v.bestClassical = name;
            v.bestClassicalScore = score;
            haveClassical = true;
        }
        if (name == "naive") {
            v.naiveScore = score;
        }
    }
    if (model && (!haveClassical || *model < v.bestClassicalScore)) {
        v.best = "model";
        v.bestScore = *model;
    } else {
        v.best = v.bestClassical;
        v.bestScore = v.bestClassicalScore;
    }
    if (model && v.naiveScore) {
        v.beatsNaive = *model < *v.naiveScore;
    }
    if (model && haveClassical) {
        v.beatsBestClassical = *model < v.bestClassicalScore;
    }
    return v;
}

std::string Verdict::text() const
{
    const std::string m = metric == "mase" ? "MASE" : "MAE";
    auto fmt = [&](double x) {
        char b[32];
        std::snprintf(b, sizeof b, "%.4g", x);
        return std::string(b);
    };
    // A tie is not a win (beatsNaive is strict) but is not a loss either.
    auto versus = [&](double other) {
        return *modelScore < other ? " beats " : *modelScore == other ? " ties with " : " loses to ";
    };
    std::string s = best + " is best on the test span (" + m + " " + fmt(bestScore) + ")";
    if (modelScore) {
        s += "; the model (" + fmt(*modelScore) + ")";
        if (beatsNaive) {
            s += versus(*naiveScore) + std::string("naive (") + fmt(*naiveScore) + ")";
        }
        if (beatsBestClassical && bestClassical != "naive") {
            s += std::string(beatsNaive ? " and" : "") + versus(bestClassicalScore) + bestClassical + " ("
                + fmt(bestClassicalScore) + ")";
        }
    }
    return s + ".";
}

} // namespace rnnlab
