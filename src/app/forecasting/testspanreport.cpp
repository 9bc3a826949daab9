// The test-span report (see testspanreport.h): the rows updateMetrics used to build
// inline, plus the residuals and per-step errors of the diagnostics views.
#include "forecasting/testspanreport.h"

#include "forecasting/residual_checks.h"

#include <QCoreApplication>

#include <optional>

namespace rnnlab {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("TestSpanReport", text, disambiguation, n);
}

// The columns of pred (over `starts`) that are the test windows, in order.
std::optional<Eigen::MatrixXd> testColumns(const Windows &w, const std::vector<int> &starts, const Eigen::MatrixXd &pred)
{
    Eigen::MatrixXd out(pred.rows(), Eigen::Index(w.test.size()));
    std::size_t j = 0;
    for (std::size_t i = 0; i < starts.size() && j < w.test.size(); ++i) {
        if (starts[i] == w.test[j]) {
            out.col(Eigen::Index(j++)) = pred.col(Eigen::Index(i));
        }
    }
    return j == w.test.size() ? std::optional<Eigen::MatrixXd>(out) : std::nullopt;
}

std::vector<double> maeByStep(const MetricsReport &r)
{
    std::vector<double> out;
    if (r.perStep.empty()) {
        out.push_back(r.overall.mae);
    }
    for (const Metrics &m : r.perStep) {
        out.push_back(m.mae);
    }
    return out;
}

// Ljung-Box of the one-step errors; empty when there are too few (checkResiduals throws).
std::optional<ResidualCheck> oneStepCheck(const Eigen::MatrixXd &pred, const Eigen::MatrixXd &actual, int m)
{
    const Eigen::VectorXd e = (actual.row(0) - pred.row(0)).transpose();
    try {
        return checkResiduals(std::span<const double>(e.data(), std::size_t(e.size())), m);
    } catch (const std::invalid_argument &) {
        return std::nullopt;
    }
}

} // namespace

TestSpanReport testSpanReport(const Series &series, const Windows &w, const std::vector<int> &predStarts,
                              const Eigen::MatrixXd &pred, const std::vector<BaselineForecast> &baselines,
                              const std::vector<int> &allStarts, const EnsembleView &ensemble,
                              int seasonalPeriod)
{
    TestSpanReport out;
    try {
        const Eigen::MatrixXd actual = actualsMatrix(series, w, w.test);
        const std::optional<double> scale = naiveScale(series, w);
        const TargetView y = targetValues(series, w);
        out.seasonalPeriod = seasonalPeriod > 0
            ? seasonalPeriod : detectSeasonalPeriod(std::span<const double>(y.data(), std::size_t(w.trainEnd)));
        if (pred.size() > 0) {
            if (auto p = testColumns(w, predStarts, pred)) {
                const MetricsReport r = computeMetrics(*p, actual, scale);
                out.rows.push_back({tr("model"), r.overall, oneStepCheck(*p, actual, out.seasonalPeriod)});
                if (r.perStep.size() > 1) {
                    for (std::size_t h = 0; h < r.perStep.size(); ++h) {
                        out.rows.push_back({tr("  model, step %1").arg(h + 1), r.perStep[h], std::nullopt});
                    }
                }
                if (!r.overall.note.empty()) {
                    out.notes << QString::fromStdString(r.overall.note);
                }
                out.byStep.push_back({tr("model"), maeByStep(r)});
                for (std::size_t n = 0; n < w.test.size(); ++n) {
                    out.residualRows.push_back(w.test[n] + w.lookback);
                    out.residuals.push_back(actual(0, Eigen::Index(n)) - (*p)(0, Eigen::Index(n)));
                }
            }
        }
        if (!ensemble.empty()) {
            if (auto p = testColumns(w, ensemble.starts, ensemble.median)) {
                const QString name = tr("ensemble median (%1 seeds)").arg(ensemble.members);
                const MetricsReport r = computeMetrics(*p, actual, scale);
                out.rows.push_back({name, r.overall, oneStepCheck(*p, actual, out.seasonalPeriod)});
                out.byStep.push_back({name, maeByStep(r)});
            }
        }
        for (const BaselineForecast &b : baselines) {
            const QString name = QString::fromStdString(b.name);
            if (b.skipped()) {
                // The engine's note may already start with "skipped".
                QString note = QString::fromStdString(b.note);
                if (note.startsWith(QLatin1String("skipped: "))) {
                    note.remove(0, 9);
                }
                out.notes << tr("%1 skipped: %2.").arg(name, note);
                continue;
            }
            if (auto p = testColumns(w, allStarts, b.pred)) {
                const MetricsReport r = computeMetrics(*p, actual, scale);
                out.rows.push_back({name, r.overall, oneStepCheck(*p, actual, out.seasonalPeriod)});
                out.byStep.push_back({name, maeByStep(r)});
            }
        }
    } catch (const std::exception &e) {
        out.notes << QString::fromStdString(e.what());
    }
    out.notes.prepend(tr("Test span: %n windows, original units.", nullptr, int(w.test.size())));
    return out;
}

} // namespace rnnlab
