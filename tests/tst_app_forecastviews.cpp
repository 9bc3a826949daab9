// The views that say whether a forecast is good, on the offscreen platform: the
// prediction-interval bands around the closed-loop forecast, the residuals view (its
// ACF against a direct computation) and the per-horizon error plot; then a window
// trained on a sample shows all three, with the coverage and Ljung-Box columns filled.
#include "datapanel.h"
#include "experiment.h"
#include "mainwindow.h"
#include "modelpanel.h"
#include "plots/horizonerrorplot.h"
#include "plots/predictionplot.h"
#include "plots/residualsview.h"
#include "trainingpanel.h"
#include "training/trainingcontroller.h"

#include <qcustomplot.h>

#include <QFile>
#include <QTableWidget>

#include <nlohmann/json.hpp>
#include <QtTest>

#include <cmath>

using namespace rnnlab;

namespace {

Series ramp(int rows)
{
    Series s;
    s.source = "ramp.csv";
    s.columns = {"y"};
    s.values.resize(rows, 1);
    for (int r = 0; r < rows; ++r) {
        s.time.push_back(r);
        s.lines.push_back(r + 2);
        s.values(r, 0) = 10.0 + r + 3.0 * std::sin(0.9 * r);
    }
    return s;
}

// The direct definition: r_k = sum_{t>=k} (e_t - m)(e_{t-k} - m) / sum_t (e_t - m)^2.
double acfDirect(const std::vector<double> &e, int k)
{
    double m = 0;
    for (double v : e) {
        m += v;
    }
    m /= double(e.size());
    double num = 0, den = 0;
    for (std::size_t t = 0; t < e.size(); ++t) {
        den += (e[t] - m) * (e[t] - m);
        if (t >= std::size_t(k)) {
            num += (e[t] - m) * (e[t - std::size_t(k)] - m);
        }
    }
    return num / den;
}

int metricsRow(QTableWidget *table, const QString &name)
{
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, 0) && table->item(r, 0)->text() == name) {
            return r;
        }
    }
    return -1;
}

void trainSmall(MainWindow &w, int horizon)
{
    QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
    DataConfig d = w.dataPanel()->config();
    d.lookback = 12;
    d.horizon = horizon;
    w.dataPanel()->setConfig(d);
    ModelSpec s;
    s.inputSize = 1;
    s.layers = {LayerSpec{LayerType::Gru, 6, Activation::Tanh, true},
                LayerSpec{LayerType::Dense, horizon, Activation::Linear, true}};
    w.modelPanel()->setSpec(s);
    TrainConfig t = w.trainingPanel()->config();
    t.epochs = 5;
    t.batchSize = 16;
    w.trainingPanel()->setConfig(t);
    QSignalSpy done(&w, &MainWindow::trainingFinished);
    w.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isSettling(), 30000);
}

} // namespace

class TestForecastViews : public QObject {
    Q_OBJECT
private slots:
    void bandsHaveTheirLevelsAndHoldTheForecast()
    {
        PredictionPlot plot;
        DataConfig c;
        c.lookback = 5;
        const Series s = ramp(60);
        plot.setData(s, makeWindows(s, c));
        const std::vector<double> forecast = {60, 61, 63, 62, 64, 66};
        plot.setForecast(51, forecast);
        // Widths grow with the step; only 4 steps had validation residuals.
        plot.setForecastIntervals({1, 2, 3, 4}, {2, 3.5, 5, 7}, QStringLiteral("validation residuals by step"));
        QCPGraph *up80 = plot.band80(), *lo80 = plot.band80Lower(), *up95 = plot.band95(), *lo95 = plot.band95Lower();
        QVERIFY(up80 && lo80 && up95 && lo95);
        QCOMPARE(up80->name(), QStringLiteral("80% interval (validation residuals by step)"));
        QCOMPARE(up95->name(), QStringLiteral("95% interval (validation residuals by step)"));
        QVERIFY(up80->channelFillGraph() == lo80 && up95->channelFillGraph() == lo95);
        QVERIFY(up80->brush().style() != Qt::NoBrush);
        QCOMPARE(up80->data()->size(), 4);
        QCOMPARE(lo95->data()->size(), 4);
        // Same keys as the forecast's steps, the forecast inside, 95% around 80%.
        QCPGraph *f = plot.forecastGraph();
        for (int k = 0; k < 4; ++k) {
            const double key = (up80->data()->begin() + k)->key;
            const double fc = (f->data()->begin() + k + 1)->value; // the forecast line starts one row early
            QCOMPARE((f->data()->begin() + k + 1)->key, key);
            QCOMPARE(fc, forecast[std::size_t(k)]);
            const double l80 = (lo80->data()->begin() + k)->value, u80 = (up80->data()->begin() + k)->value;
            const double l95 = (lo95->data()->begin() + k)->value, u95 = (up95->data()->begin() + k)->value;
            QVERIFY(l95 < l80 && l80 < fc && fc < u80 && u80 < u95);
            QCOMPARE(u80 - fc, double(k + 1));
        }
        // In the legend, and in view.
        QVERIFY(plot.plot()->legend->hasItemWithPlottable(up80));
        QVERIFY(!plot.plot()->legend->hasItemWithPlottable(lo80));
        QVERIFY(plot.plot()->yAxis->range().contains(forecast[3] + 7));
        // A note instead of a forecast takes the bands away.
        plot.setForecastNote(QStringLiteral("no forecast"));
        QCOMPARE(up80->data()->size(), 0);
        QVERIFY(!plot.plot()->legend->hasItemWithPlottable(up80));
    }

    void coverageAndLjungBoxInTheTable()
    {
        PredictionPlot plot;
        Metrics m;
        m.mae = 1;
        ResidualCheck lb;
        lb.ljungBox = 31.24;
        lb.pValue = 0.004;
        lb.lags = 24;
        plot.setMetrics({{"model", m, lb}, {"naive", m}}, QString());
        IntervalCoverage cov;
        cov.coverage80 = 0.75;
        cov.coverage95 = 0.9;
        cov.points = 40;
        plot.setIntervalCoverage(cov);
        QTableWidget *t = plot.metricsTable();
        QCOMPARE(t->horizontalHeaderItem(PredictionPlot::kCoverageColumn)->text(), QStringLiteral("PI cover %"));
        QCOMPARE(t->item(0, PredictionPlot::kCoverageColumn)->text(), QStringLiteral("75 / 90"));
        QCOMPARE(t->item(1, PredictionPlot::kCoverageColumn)->text(), QStringLiteral("–"));
        QCOMPARE(t->item(0, PredictionPlot::kLjungBoxColumn)->text(), QStringLiteral("31.2 (0.004)"));
        QCOMPARE(t->item(1, PredictionPlot::kLjungBoxColumn)->text(), QStringLiteral("–"));
        // A new set of metrics (the next snapshot) keeps the coverage until the next forecast.
        plot.setMetrics({{"model", m, lb}}, QString());
        QCOMPARE(t->item(0, PredictionPlot::kCoverageColumn)->text(), QStringLiteral("75 / 90"));
    }

    void residualAcfEqualsDirectComputation()
    {
        ResidualsView view;
        const Series s = ramp(80);
        std::vector<int> rows;
        std::vector<double> e;
        for (int r = 20; r < 80; ++r) {
            rows.push_back(r);
            e.push_back(std::sin(1.3 * r) + 0.5 * std::cos(0.21 * r * r) + (r % 3 == 0 ? 0.8 : -0.4));
        }
        view.setResiduals(s, rows, e, 0, QStringLiteral("y"));
        QVERIFY(view.check().has_value());
        // 60 residuals, no season: 10 lags (never above n/5 = 12).
        QCOMPARE(view.acfBars()->data()->size(), 10);
        for (int k = 1; k <= 10; ++k) {
            const auto bar = view.acfBars()->data()->begin() + (k - 1);
            QCOMPARE(bar->key, double(k));
            QVERIFY2(std::abs(bar->value - acfDirect(e, k)) < 1e-12,
                     qPrintable(QStringLiteral("lag %1: %2 vs %3").arg(k).arg(bar->value).arg(acfDirect(e, k))));
        }
        // The bounds are +-1.96/sqrt(n), drawn across all lags, and named in the legend.
        bool upper = false;
        for (int i = 0; i < view.acfPlot()->graphCount(); ++i) {
            QCPGraph *g = view.acfPlot()->graph(i);
            if (g->data()->isEmpty()) {
                continue;
            }
            QCOMPARE(std::abs(g->data()->begin()->value), 1.96 / std::sqrt(60.0));
            upper = upper || g->name().contains(QStringLiteral("1.96"));
        }
        QVERIFY(upper);
        // Residuals over time on the rows' times; the histogram counts every residual.
        QCOMPARE(view.residualGraph()->data()->size(), 60);
        QCOMPARE(view.residualGraph()->data()->begin()->key, 20.0);
        double total = 0;
        for (auto it = view.histogramBars()->data()->begin(); it != view.histogramBars()->data()->end(); ++it) {
            total += it->value;
        }
        QCOMPARE(total, 60.0);
        QVERIFY(view.acfPlot()->xAxis->label().contains(QStringLiteral("lag")));
        QVERIFY(view.timePlot()->yAxis->label().contains(QStringLiteral("(y)")));
        QVERIFY(view.histogramPlot()->xAxis->label().contains(QStringLiteral("(y)")));
        QVERIFY2(view.caption().contains(QStringLiteral("Ljung–Box Q")), qPrintable(view.caption()));
        // Too few residuals: a reason, not an empty plot.
        view.setResiduals(s, {1, 2, 3}, {0.1, 0.2, 0.3}, 0, QStringLiteral("y"));
        QVERIFY(!view.check());
        QCOMPARE(view.acfBars()->data()->size(), 0);
        QVERIFY(view.acfPlot()->itemCount() > 0);
    }

    void horizonPlotHasOneCurvePerMethod()
    {
        HorizonErrorPlot p;
        p.setErrors({{"model", {1, 2, 3, 4}}, {"naive", {2, 3, 4, 5}}, {"ETS(A,A,M)", {1.5, 1.6, 1.7, 1.8}}},
                    QStringLiteral("passengers"));
        QCOMPARE(p.plot()->graphCount(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(p.plot()->graph(i)->data()->size(), 4);
        }
        QCOMPARE(p.plot()->graph(2)->name(), QStringLiteral("ETS(A,A,M)"));
        QCOMPARE((p.plot()->graph(1)->data()->begin() + 3)->value, 5.0);
        QCOMPARE(p.plot()->yAxis->label(), QStringLiteral("MAE (passengers)"));
        QVERIFY(p.plot()->legend->visible());
        // One step: a sentence, no curves.
        p.setErrors({{"model", {1}}, {"naive", {2}}}, QStringLiteral("passengers"));
        QCOMPARE(p.plot()->graphCount(), 0);
        QCOMPARE(p.plot()->itemCount(), 1);
    }

    // The new data settings survive the Data tab and the experiment file.
    void seasonalDifferenceAndWindowLevelRoundTrip()
    {
        DataPanel panel;
        QVERIFY(panel.loadFile(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        DataConfig c = panel.config();
        c.transform = Transform::LogSeasonalDifference;
        c.windowNorm = WindowNorm::Last;
        panel.setConfig(c);
        QCOMPARE(panel.config().transform, Transform::LogSeasonalDifference);
        QCOMPARE(panel.config().windowNorm, WindowNorm::Last);
        // An experiment file of the fuzz corpus, with the new fields set.
        QFile f(QStringLiteral(RNNLAB_TEST_DATA "/../fuzz/corpus/experiment/generated_untrained.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        nlohmann::json j = nlohmann::json::parse(f.readAll().toStdString());
        Experiment e = experimentFromJson(j, "generated_untrained.json");
        QCOMPARE(e.data.windowNorm, WindowNorm::None); // a file from before window normalisation
        e.data.transform = Transform::LogSeasonalDifference;
        e.data.windowNorm = WindowNorm::Last;
        e.data.seasonalPeriod = 12;
        const nlohmann::json written = experimentToJson(e);
        QCOMPARE(written.at("data").at("windowNorm").get<std::string>(), std::string("last"));
        const Experiment back = experimentFromJson(written, "roundtrip.json");
        QCOMPARE(back.data.transform, Transform::LogSeasonalDifference);
        QCOMPARE(back.data.windowNorm, WindowNorm::Last);
        QCOMPARE(back.data.seasonalPeriod, 12);
        nlohmann::json bad = written;
        bad["data"]["windowNorm"] = "mean";
        QString message;
        try {
            experimentFromJson(bad, "bad.json");
        } catch (const std::exception &x) {
            message = QString::fromUtf8(x.what());
        }
        QVERIFY2(message.contains(QStringLiteral("mean")), qPrintable(message));
    }

    void trainedWindowShowsAllThree()
    {
        MainWindow w;
        w.setInteractive(false);
        trainSmall(w, 3);
        // Bands around the closed-loop forecast, from the validation residuals.
        PredictionPlot *pp = w.predictionPlot();
        QTRY_VERIFY_WITH_TIMEOUT(pp->band80()->data()->size() > 0, 20000);
        QVERIFY(pp->band95()->data()->size() == pp->band80()->data()->size());
        QVERIFY(pp->band80()->name().contains(QStringLiteral("validation residuals")));
        QTableWidget *table = pp->metricsTable();
        const int model = metricsRow(table, QStringLiteral("model"));
        QVERIFY(model >= 0);
        QVERIFY2(table->item(model, PredictionPlot::kCoverageColumn)->text().contains(QLatin1Char('/')),
                 qPrintable(table->item(model, PredictionPlot::kCoverageColumn)->text()));
        QVERIFY(table->item(model, PredictionPlot::kLjungBoxColumn)->text().contains(QLatin1Char('(')));
        const int naive = metricsRow(table, QStringLiteral("naive"));
        QVERIFY(naive >= 0);
        QVERIFY(table->item(naive, PredictionPlot::kLjungBoxColumn)->text().contains(QLatin1Char('(')));
        // The residuals of the test span, and the Ljung-Box figure in the table is theirs.
        QVERIFY(w.residualsView()->check().has_value());
        QVERIFY(w.residualsView()->residualGraph()->data()->size() > 10);
        QVERIFY(table->item(model, PredictionPlot::kLjungBoxColumn)
                    ->text()
                    .startsWith(QString::number(w.residualsView()->check()->ljungBox, 'f', 1)));
        // One curve per method, H = 3 points each: the model and every baseline that ran.
        QCustomPlot *h = w.horizonErrorPlot()->plot();
        QVERIFY2(h->graphCount() >= 5, qPrintable(QString::number(h->graphCount())));
        QCOMPARE(h->graph(0)->name(), QStringLiteral("model"));
        bool ets = false;
        for (int i = 0; i < h->graphCount(); ++i) {
            QCOMPARE(h->graph(i)->data()->size(), 3);
            ets = ets || h->graph(i)->name().startsWith(QStringLiteral("ETS("));
        }
        QVERIFY(ets);
        // The per-step rows of the table are the plot's model points.
        for (int step = 1; step <= 3; ++step) {
            const int r = metricsRow(table, QStringLiteral("  model, step %1").arg(step));
            QVERIFY(r >= 0);
            const double mae = table->item(r, 1)->text().toDouble();
            const double plotted = (h->graph(0)->data()->begin() + (step - 1))->value;
            QVERIFY2(std::abs(plotted - mae) <= 1e-3 * std::abs(mae),
                     qPrintable(QStringLiteral("step %1: %2 vs %3").arg(step).arg(plotted).arg(mae)));
        }
    }
};

QTEST_MAIN(TestForecastViews)
#include "tst_app_forecastviews.moc"
