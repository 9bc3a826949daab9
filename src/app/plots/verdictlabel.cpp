// VerdictLabel: metrics to core's judgeForecasts, the sentence and its colour.
#include "plots/verdictlabel.h"

#include "forecasting/verdict.h"

namespace rnnlab {

VerdictLabel::VerdictLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setObjectName(QStringLiteral("verdictLabel"));
    setToolTip(tr("Ranked by test MASE (MAE when a MASE is missing); the baselines are fitted on the training rows"));
}

void VerdictLabel::clearVerdict()
{
    m_tone = Tone::None;
    setText(QString());
    setStyleSheet(QString());
}

void VerdictLabel::showVerdict(const std::optional<Metrics> &model, const std::vector<std::pair<QString, Metrics>> &baselines)
{
    bool mase = !model || model->mase.has_value();
    for (const auto &b : baselines) {
        mase = mase && b.second.mase.has_value();
    }
    auto score = [&](const Metrics &m) { return mase ? *m.mase : m.mae; };
    std::vector<std::pair<std::string, double>> scores;
    for (const auto &[name, m] : baselines) {
        scores.emplace_back(name.toStdString(), score(m));
    }
    if (!model && scores.empty()) {
        clearVerdict();
        return;
    }
    const Verdict v = judgeForecasts(mase ? "mase" : "mae", model ? std::optional<double>(score(*model)) : std::nullopt, scores);
    setText(QString::fromStdString(v.text()));
    if (v.modelScore && v.naiveScore && *v.modelScore > *v.naiveScore) {
        m_tone = Tone::Loses;
        setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold;"));
    } else if (v.beatsBestClassical && *v.beatsBestClassical) {
        m_tone = Tone::Wins;
        setStyleSheet(QStringLiteral("color: #2e7d32;"));
    } else {
        m_tone = model ? Tone::Middling : Tone::None;
        setStyleSheet(QString());
    }
}

} // namespace rnnlab
