// The honest verdict on a test span: which method scored best, and whether the model
// beats the naive forecast and the best classical baseline. Shared by the CLI summary
// and the GUI's verdict label, so both say the same thing.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rnnlab {

struct Verdict {
    std::string metric;                     // "mase", or "mae" when a MASE is missing
    std::string best;                       // the best method overall ("model" or a baseline's name)
    double bestScore = 0.0;
    std::string bestClassical;              // the best baseline; empty when none was scored
    double bestClassicalScore = 0.0;
    std::optional<double> modelScore;       // empty without a model
    std::optional<double> naiveScore;
    std::optional<bool> beatsNaive;         // model < naive (strictly)
    std::optional<bool> beatsBestClassical; // model < best baseline (strictly)
    std::string text() const;               // one sentence, e.g. "ETS(A,A,M) is best (MASE 0.61); the model ..."
};

// scores: (name, value) of each baseline, lower is better; the naive one is named "naive".
// Throws std::invalid_argument when there is neither a model score nor any baseline.
Verdict judgeForecasts(const std::string &metric, std::optional<double> model,
                       const std::vector<std::pair<std::string, double>> &baselines);

} // namespace rnnlab
