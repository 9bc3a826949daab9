// The verdict beside the test metrics table, in words: the best method on the test span
// and whether the model beats naive and the best classical baseline (core's
// forecasting/verdict.h, the same sentence the CLI summary carries). Red when the model
// loses to naive, green when it beats every baseline.
#pragma once
#include "forecasting/metrics.h"

#include <QLabel>

#include <utility>
#include <vector>

namespace rnnlab {

class VerdictLabel : public QLabel {
    Q_OBJECT
public:
    explicit VerdictLabel(QWidget *parent = nullptr);

    // model: the model's test metrics (empty before training); baselines: (name, metrics)
    // of every scored baseline. Ranks by MASE when all have one, else by MAE.
    void showVerdict(const std::optional<Metrics> &model, const std::vector<std::pair<QString, Metrics>> &baselines);
    void clearVerdict();

    enum class Tone { None, Loses, Middling, Wins };
    Tone tone() const { return m_tone; } // for tests

private:
    Tone m_tone = Tone::None;
};

} // namespace rnnlab
