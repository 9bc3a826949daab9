// Report tables from run records (see reportcontent.h).
#include "report/reportcontent.h"

#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace rnnlab {

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString clipText(const ClipConfig &c)
{
    switch (c.kind) {
    case ClipKind::None: return QStringLiteral("off");
    case ClipKind::Norm: return QStringLiteral("global norm %1").arg(c.threshold);
    case ClipKind::Value: return QStringLiteral("value %1").arg(c.threshold);
    }
    return {};
}

QString yesNo(bool b)
{
    return b ? QStringLiteral("yes") : QStringLiteral("no");
}

// The same windows the run trained on: its missing-value policy, then makeWindows.
Windows windowsOf(const RunRecord &run, const Series &raw, Series *prepared)
{
    *prepared = raw;
    std::vector<int> used;
    for (const std::string &name : run.settings.windows.inputs) {
        used.push_back(prepared->columnIndex(name));
    }
    if (std::find(used.begin(), used.end(), prepared->columnIndex(run.settings.windows.target)) == used.end()) {
        used.push_back(prepared->columnIndex(run.settings.windows.target));
    }
    for (int c : used) {
        if (c < 0) {
            throw std::invalid_argument(raw.source + ": has no column the run \"" + run.name + "\" read");
        }
    }
    applyMissingPolicy(*prepared, run.settings.windows.missing, used);
    return makeWindows(*prepared, run.settings.windows);
}

const EpochStats *lastComplete(const RunRecord &r)
{
    for (auto it = r.history.rbegin(); it != r.history.rend(); ++it) {
        if (!it->stopped && !it->nonFinite.found) {
            return &*it;
        }
    }
    return nullptr;
}

} // namespace

QString reportNumber(double x)
{
    return std::isfinite(x) ? QString::number(x, 'g', 4) : QStringLiteral("–");
}

ReportContent reportFromRuns(const std::vector<RunRecord> &runs, const Series &raw)
{
    if (runs.empty()) {
        throw std::invalid_argument("a report needs at least one run");
    }
    ReportContent c;
    const RunRecord &first = runs.front();
    const RunSettings &s = first.settings;
    Series series;
    const Windows w = windowsOf(first, raw, &series);

    // --- data
    c.data.append({QStringLiteral("file"), QFileInfo(q(s.data.file)).fileName()});
    c.data.append({QStringLiteral("checksum"), s.data.checksum.empty() ? QStringLiteral("–") : q(s.data.checksum)});
    c.data.append({QStringLiteral("rows"), QString::number(series.rows())});
    if (series.rows() > 0) {
        const auto text = [&](int r) {
            return series.timeText.empty() || series.timeText[std::size_t(r)].empty() ? QStringLiteral("row %1").arg(r)
                                                                                        : q(series.timeText[std::size_t(r)]);
        };
        c.data.append({QStringLiteral("span"), text(0) + QStringLiteral(" – ") + text(series.rows() - 1)});
    }
    QStringList columns;
    for (const std::string &col : series.columns) {
        columns << q(col);
    }
    c.data.append({QStringLiteral("columns"), columns.join(QStringLiteral(", "))});
    QStringList inputs;
    for (const std::string &col : s.windows.inputs) {
        inputs << q(col);
    }
    c.data.append({QStringLiteral("target / inputs"), q(s.windows.target) + QStringLiteral(" / ") + inputs.join(QStringLiteral(", "))});
    c.data.append({QStringLiteral("missing values"), QString::fromLatin1(toString(s.windows.missing))});
    c.data.append({QStringLiteral("transform"), QString::fromLatin1(toString(s.windows.transform))});
    c.data.append({QStringLiteral("normalisation"), QString::fromLatin1(toString(s.windows.normalization))
                                                        + QStringLiteral(" (fitted on the training rows)")});
    c.data.append({QStringLiteral("windows"), QStringLiteral("lookback %1, horizon %2, stride %3")
                                                  .arg(s.windows.lookback)
                                                  .arg(s.windows.horizon)
                                                  .arg(s.windows.stride)});
    c.data.append({QStringLiteral("split"),
                   QStringLiteral("train %1 / validation %2 / test %3: %4 / %5 / %6 windows")
                       .arg(s.windows.trainFraction)
                       .arg(s.windows.valFraction)
                       .arg(s.windows.testFraction)
                       .arg(w.train.size())
                       .arg(w.val.size())
                       .arg(w.test.size())});

    // --- model summary, per run and layer
    c.model.header = {QStringLiteral("run"), QStringLiteral("layer"), QStringLiteral("type"), QStringLiteral("units"),
                      QStringLiteral("activation"), QStringLiteral("parameters")};
    for (const RunRecord &r : runs) {
        const ModelSpec &spec = r.settings.spec;
        for (std::size_t i = 0; i < spec.layers.size(); ++i) {
            const LayerSpec &l = spec.layers[i];
            c.model.rows.append({q(r.name), QString::number(i + 1), QString::fromLatin1(toString(l.type)),
                                 QString::number(l.units), QString::fromLatin1(toString(l.activation)),
                                 QString::number(parameterCount(spec, int(i)))});
        }
        c.model.rows.append({q(r.name), QStringLiteral("all"), QString(), QString(), QString(),
                             QString::number(parameterCount(spec))});
    }

    // --- every setting, one column per run; rows that differ between runs are marked
    c.settings.header << QStringLiteral("setting");
    for (const RunRecord &r : runs) {
        c.settings.header << q(r.name);
    }
    using Getter = QString (*)(const RunSettings &);
    const QList<QPair<QString, Getter>> rows = {
        {"model", [](const RunSettings &x) { return q(formatModelSpec(x.spec)); }},
        {"loss", [](const RunSettings &x) { return QString::fromLatin1(toString(x.train.loss)); }},
        {"optimizer", [](const RunSettings &x) { return QString::fromLatin1(toString(x.train.optimizer.kind)); }},
        {"learning rate", [](const RunSettings &x) { return QString::number(x.train.optimizer.lr); }},
        {"momentum", [](const RunSettings &x) { return QString::number(x.train.optimizer.momentum); }},
        {"nesterov", [](const RunSettings &x) { return yesNo(x.train.optimizer.nesterov); }},
        {"weight decay", [](const RunSettings &x) { return QString::number(x.train.optimizer.weightDecay); }},
        {"adam betas / rmsprop alpha",
         [](const RunSettings &x) {
             return QStringLiteral("%1, %2 / %3").arg(x.train.optimizer.beta1).arg(x.train.optimizer.beta2).arg(x.train.optimizer.alpha);
         }},
        {"eps", [](const RunSettings &x) { return QString::number(x.train.optimizer.eps); }},
        {"batch", [](const RunSettings &x) { return QString::number(x.train.batchSize); }},
        {"epochs", [](const RunSettings &x) { return QString::number(x.train.epochs); }},
        {"shuffle", [](const RunSettings &x) { return yesNo(x.train.shuffle); }},
        {"clipping", [](const RunSettings &x) { return clipText(x.train.clip); }},
        {"truncated BPTT", [](const RunSettings &x) {
             return x.train.tbptt > 0 ? QString::number(x.train.tbptt) : QStringLiteral("off");
         }},
        {"early stopping patience", [](const RunSettings &x) {
             return x.train.patience > 0 ? QString::number(x.train.patience) : QStringLiteral("off");
         }},
        {"recurrent gain", [](const RunSettings &x) { return QString::number(x.train.init.recurrentGain); }},
        {"LSTM forget bias 1", [](const RunSettings &x) { return yesNo(x.train.init.forgetBias); }},
        {"seed", [](const RunSettings &x) { return QString::number(x.train.seed); }},
        {"threads", [](const RunSettings &x) { return QString::number(x.train.threads); }},
    };
    int differing = 0;
    for (const auto &[name, get] : rows) {
        QStringList row;
        bool differs = false;
        for (const RunRecord &r : runs) {
            row << get(r.settings);
            differs = differs || row.last() != row.first();
        }
        differing += differs ? 1 : 0;
        row.prepend(differs ? name + QStringLiteral(" *") : name);
        c.settings.rows.append(row);
    }
    if (differing > 0) {
        c.settings.note = QStringLiteral("* differs between runs");
    }
    // A clipping A/B: say how its automatic threshold was chosen.
    bool unclipped = false, clipped = false;
    for (const RunRecord &r : runs) {
        unclipped = unclipped || r.settings.train.clip.kind == ClipKind::None;
        clipped = clipped || r.settings.train.clip.kind == ClipKind::Norm;
    }
    if (unclipped && clipped) {
        c.settings.note += QStringLiteral("%1clipping A/B: its automatic threshold (auto) is a quarter of the median global "
                                          "gradient norm of the unclipped run.")
                               .arg(c.settings.note.isEmpty() ? QString() : QStringLiteral("; "));
    }

    // --- metrics: one row per run, then the baselines of the first run
    ReportTable runsTable;
    runsTable.title = QStringLiteral("Runs (test metrics in original units)");
    runsTable.header = {QStringLiteral("run"), QStringLiteral("end"), QStringLiteral("epochs"), QStringLiteral("train loss"),
                        QStringLiteral("val loss"), QStringLiteral("MAE"), QStringLiteral("RMSE"), QStringLiteral("sMAPE %"),
                        QStringLiteral("MASE"), QStringLiteral("grad ratio"), QStringLiteral("wall s")};
    for (const RunRecord &r : runs) {
        const EpochStats *last = lastComplete(r);
        const Metrics *m = !r.test.empty() && r.test[0].name == "model" ? &r.test[0].metrics : nullptr;
        const double nan = std::nan("");
        runsTable.rows.append({q(r.name), q(describeEnd(r.end, r.endEpoch)), QString::number(last ? last->epoch : 0),
                               reportNumber(last ? last->trainLoss : nan),
                               reportNumber(last && last->valLoss ? *last->valLoss : nan), reportNumber(m ? m->mae : nan),
                               reportNumber(m ? m->rmse : nan), reportNumber(m ? m->smape : nan),
                               reportNumber(m && m->mase ? *m->mase : nan), reportNumber(gradRatio(r)),
                               QString::number(r.wallSeconds, 'f', 2)});
    }
    runsTable.note = QStringLiteral("grad ratio: ‖dL/dh_0‖ / ‖dL/dh_T-1‖ of the first recurrent layer in the last epoch; "
                                    "losses in normalised units.");
    c.metrics.append(runsTable);
    ReportTable baselines;
    baselines.title = QStringLiteral("Baselines on the same test windows");
    baselines.header = {QStringLiteral("forecast"), QStringLiteral("MAE"), QStringLiteral("RMSE"), QStringLiteral("sMAPE %"),
                        QStringLiteral("MASE")};
    for (const NamedMetrics &m : first.test) {
        if (m.name != "model") {
            baselines.rows.append({q(m.name), reportNumber(m.metrics.mae), reportNumber(m.metrics.rmse),
                                   reportNumber(m.metrics.smape),
                                   reportNumber(m.metrics.mase ? *m.metrics.mase : std::nan(""))});
        }
    }
    if (!baselines.rows.isEmpty()) {
        c.metrics.append(baselines);
    }
    return c;
}

} // namespace rnnlab
