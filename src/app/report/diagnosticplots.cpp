// The report's residual and horizon plots (see diagnosticplots.h).
#include "report/diagnosticplots.h"

#include "forecasting/forecast.h"
#include "forecasting/testspanreport.h"
#include "plots/horizonerrorplot.h"
#include "plots/residualsview.h"
#include "runs/run_trainer.h"

#include <qcustomplot.h>

#include <QWidget>

namespace rnnlab {

namespace {
// Short enough for one line of a PDF page; the view's full caption is too long for a title.
QString acfTitle(const QString &run, const std::optional<ResidualCheck> &c)
{
    if (!c) {
        return QObject::tr("Residual autocorrelation (%1)").arg(run);
    }
    return QObject::tr("Residual autocorrelation (%1; Ljung–Box Q = %2 over %3 lags, p = %4)")
        .arg(run)
        .arg(c->ljungBox, 0, 'f', 2)
        .arg(c->lags)
        .arg(c->pValue, 0, 'g', 3);
}
} // namespace

QList<RunOverlayPlot> makeDiagnosticPlots(const RunRecord &run, const Series &raw, QWidget *parent, int width,
                                          int height)
{
    if (run.params.empty() || run.end == RunEnd::Diverged) {
        return {};
    }
    const Series prepared = preparedSeries(raw, run.settings.windows);
    const Windows w = makeWindows(prepared, run.settings.windows);
    if (w.test.empty()) {
        return {};
    }
    ModelSpec spec = run.settings.spec;
    spec.inputSize = w.features();
    Model<float> model(spec);
    if (model.params().size() != Eigen::Index(run.params.size())) {
        throw std::invalid_argument("run \"" + run.name + "\": its weights do not fit its model");
    }
    model.params() = Eigen::Map<const Vec<float>>(run.params.data(), Eigen::Index(run.params.size()));
    const std::vector<int> starts(w.test.begin(), w.test.end());
    const Eigen::MatrixXd pred = openLoopPredict(model, w, starts);
    const TestSpanReport r = testSpanReport(prepared, w, starts, pred, runBaselines(prepared, w, starts), starts);
    if (r.residuals.empty()) {
        return {};
    }
    const QString unit = QString::fromStdString(prepared.columns[std::size_t(w.targetColumn)]);
    const QString name = QString::fromStdString(run.name);
    auto *residuals = new ResidualsView(parent);
    residuals->setResiduals(prepared, r.residualRows, r.residuals, r.seasonalPeriod, unit);
    QList<RunOverlayPlot> out{{QObject::tr("Residuals on the test span (%1)").arg(name), residuals->timePlot()},
                              {acfTitle(name, residuals->check()), residuals->acfPlot()},
                              {QObject::tr("Residual histogram (%1)").arg(name), residuals->histogramPlot()}};
    if (w.horizon > 1) {
        auto *horizon = new HorizonErrorPlot(parent);
        std::vector<HorizonErrorPlot::Curve> curves;
        for (const HorizonErrors &e : r.byStep) {
            curves.push_back({e.name, e.mae});
        }
        horizon->setErrors(curves, unit);
        out.append({QObject::tr("MAE by forecast step (%1)").arg(name), horizon->plot()});
    }
    for (const RunOverlayPlot &p : out) {
        p.plot->resize(width, height);
        p.plot->replot();
    }
    return out;
}

} // namespace rnnlab
