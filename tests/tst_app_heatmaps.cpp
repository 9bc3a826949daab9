// The run overlays' heat maps and legends in the window: the gradient heat map shows
// the selected run (two selected: two maps on one colour scale whose range is the
// union of theirs, each titled in its run's colour), the live training while it runs;
// the layer picker lists the layers of the runs shown; no legend lists an empty graph
// (a compare-only session), entries come back with data; and at 1024x700 and 1366x768
// no legend entry is squeezed and no vertical axis title is longer than its axis.
#include "mainwindow.h"
#include "modelpanel.h"
#include "plots/gradientplot.h"
#include "plots/lossplot.h"
#include "plots/predictionplot.h"
#include "runs/rundock.h"
#include "runs/runlistmodel.h"
#include "trainingpanel.h"

#include <qcustomplot.h>

#include <QStandardPaths>
#include <QtTest>

#include <cmath>

using namespace rnnlab;

namespace {
const QString kAir = QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv");

// A run of `cell` 4 -> Dense whose ||dL/dh_t|| over `epochs` epochs and 5 steps spans
// [lo, hi] (log-spaced), every cell distinct.
RunRecord syntheticRun(const std::string &name, LayerType cell, double lo, double hi, int epochs = 3)
{
    RunRecord r;
    r.name = name;
    r.settings.spec.inputSize = 1;
    r.settings.spec.layers = {LayerSpec{cell, 4, Activation::Tanh, true}, LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
    const int T = 5;
    const int cells = epochs * T;
    for (int e = 0; e < epochs; ++e) {
        EpochStats s;
        s.epoch = e + 1;
        s.trainLoss = 1.0 / (e + 1);
        s.valLoss = 1.2 / (e + 1);
        s.gradNorm = 2.0 / (e + 1);
        s.gradNormClipped = s.gradNorm;
        s.spectralRadius = {0.9};
        std::vector<double> norms;
        for (int t = 0; t < T; ++t) {
            const double f = double(e * T + t) / (cells - 1);
            norms.push_back(lo * std::pow(hi / lo, f));
        }
        s.hiddenGradNorms = {norms};
        r.history.push_back(s);
    }
    r.endEpoch = epochs;
    return r;
}

// The map's cells equal the run's history, epoch by epoch and step by step.
bool mapHolds(QCPColorMap *map, const RunRecord &r, QString *why)
{
    const int E = int(r.history.size());
    const int T = int(r.history.front().hiddenGradNorms[0].size());
    if (map->data()->keySize() != E || map->data()->valueSize() != T) {
        *why = QStringLiteral("size %1 x %2").arg(map->data()->keySize()).arg(map->data()->valueSize());
        return false;
    }
    for (int e = 0; e < E; ++e) {
        for (int t = 0; t < T; ++t) {
            if (map->data()->cell(e, t) != r.history[std::size_t(e)].hiddenGradNorms[0][std::size_t(t)]) {
                *why = QStringLiteral("cell %1,%2").arg(e).arg(t);
                return false;
            }
        }
    }
    return true;
}

QList<QCPTextElement *> titles(QCustomPlot *plot)
{
    QList<QCPTextElement *> out;
    for (QCPLayoutElement *el : plot->plotLayout()->elements(false)) {
        if (auto *t = qobject_cast<QCPTextElement *>(el)) {
            out << t;
        }
    }
    return out;
}

QList<QCustomPlot *> legendPlots(MainWindow &w)
{
    return {w.lossPlot()->plot(), w.gradientPlot()->timePlot(), w.gradientPlot()->normPlot(),
            w.gradientPlot()->radiusPlot(), w.predictionPlot()->plot()};
}
} // namespace

class TestHeatMaps : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void heatMapFollowsTheSelection()
    {
        MainWindow w;
        w.setInteractive(false);
        const RunRecord a = syntheticRun("lstm a", LayerType::Lstm, 2e-3, 0.3);
        const RunRecord b = syntheticRun("rnn b", LayerType::Rnn, 4e-7, 5e-2, 4);
        w.addRuns({a, b}, false);
        GradientPlot *g = w.gradientPlot();
        QCOMPARE(g->heatMaps().size(), 1); // nothing selected: the window's own (empty) training

        w.runDock()->selectRows({0});
        QCOMPARE(g->heatMaps().size(), 1);
        QString why;
        QVERIFY2(mapHolds(g->heatMaps()[0], a, &why), qPrintable(why));
        QCOMPARE(g->heatScale()->dataRange().lower, 1e-3);
        QCOMPARE(g->heatScale()->dataRange().upper, 1.0);
        QCOMPARE(titles(g->heatPlot()).size(), 1);
        QCOMPARE(titles(g->heatPlot())[0]->text(), QStringLiteral("lstm a"));
        QCOMPARE(titles(g->heatPlot())[0]->textColor().rgb(), w.runDock()->model()->colour(0).rgb());
        QCOMPARE(g->layerPickerItems(), QStringList{QStringLiteral("LSTM 4 (layer 1)")});

        w.runDock()->selectRows({0, 1});
        const QList<QCPColorMap *> maps = g->heatMaps();
        QCOMPARE(maps.size(), 2);
        QVERIFY2(mapHolds(maps[0], a, &why), qPrintable(why));
        QVERIFY2(mapHolds(maps[1], b, &why), qPrintable(why));
        QVERIFY(maps[0]->keyAxis()->axisRect() != maps[1]->keyAxis()->axisRect()); // side by side
        // One colour scale, its range the union of both runs' (in whole decades).
        for (QCPColorMap *m : maps) {
            QCOMPARE(m->colorScale(), g->heatScale());
            QCOMPARE(m->dataRange().lower, 1e-7);
            QCOMPARE(m->dataRange().upper, 1.0);
        }
        QCOMPARE(g->heatScale()->dataScaleType(), QCPAxis::stLogarithmic);
        const QList<QCPTextElement *> t = titles(g->heatPlot());
        QCOMPARE(t.size(), 2);
        QCOMPARE(t[1]->text(), QStringLiteral("rnn b"));
        QCOMPARE(t[1]->textColor().rgb(), w.runDock()->model()->colour(1).rgb());
        QCOMPARE(g->layerPickerItems(), QStringList{QStringLiteral("LSTM 4 / RNN 4 (layer 1)")});

        // None selected: back to one untitled map and the model panel's layers.
        w.runDock()->selectRows({});
        QCOMPARE(g->heatMaps().size(), 1);
        QVERIFY(titles(g->heatPlot()).isEmpty());
        QVERIFY(!g->layerPickerItems().contains(QStringLiteral("LSTM 4 / RNN 4 (layer 1)")));
    }

    void liveTrainingShowsItsOwnHeatMap()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(kAir));
        ModelSpec s;
        s.inputSize = 1;
        s.layers = {LayerSpec{LayerType::Gru, 5, Activation::Tanh, true}, LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
        w.modelPanel()->setSpec(s);
        TrainConfig t = w.trainingPanel()->config();
        t.epochs = 3;
        w.trainingPanel()->setConfig(t);
        w.addRuns({syntheticRun("a", LayerType::Lstm, 1e-3, 1), syntheticRun("b", LayerType::Rnn, 1e-5, 1)}, true);
        QCOMPARE(w.gradientPlot()->heatMaps().size(), 2);
        w.startTraining();
        QVERIFY(w.isTraining());
        QCOMPARE(w.gradientPlot()->heatMaps().size(), 1);
        QVERIFY(titles(w.gradientPlot()->heatPlot()).isEmpty());
        QCOMPARE(w.gradientPlot()->layerPickerItems(), QStringList{QStringLiteral("GRU 5 (layer 1)")});
        QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining() && w.runDock()->model()->rowCount() == 3, 60000);
        QCOMPARE(w.gradientPlot()->heatMaps().size(), 2); // the selection again
    }

    void emptyGraphsHaveNoLegendEntry()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(kAir));
        // A compare-only session: runs, no training of the window's own.
        w.addRuns({syntheticRun("compare rnn", LayerType::Rnn, 1e-6, 1), syntheticRun("compare lstm", LayerType::Lstm, 1e-2, 1)}, true);
        QStringList entries;
        for (QCustomPlot *p : legendPlots(w)) {
            p->replot();
            int withData = 0;
            for (int i = 0; i < p->graphCount(); ++i) {
                withData += p->legend->hasItemWithPlottable(p->graph(i)) && !p->graph(i)->data()->isEmpty() ? 1 : 0;
            }
            QCOMPARE(p->legend->itemCount(), withData);
            for (int i = 0; i < p->legend->itemCount(); ++i) {
                entries << qobject_cast<QCPPlottableLegendItem *>(p->legend->item(i))->plottable()->name();
            }
        }
        QVERIFY2(!entries.contains(QStringLiteral("before clipping")), qPrintable(entries.join(", ")));
        QVERIFY2(entries.contains(QStringLiteral("compare rnn")), qPrintable(entries.join(", ")));
        QCustomPlot *norm = w.gradientPlot()->normPlot();
        QCOMPARE(norm->legend->itemCount(), 2); // one per run

        // A training of the window's own brings its entries back, before the runs'.
        TrainConfig t = w.trainingPanel()->config();
        t.epochs = 2;
        w.trainingPanel()->setConfig(t);
        w.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining() && w.runDock()->model()->rowCount() == 3, 60000);
        norm->replot();
        QCOMPARE(norm->legend->itemCount(), 4);
        auto name = [&](int i) { return qobject_cast<QCPPlottableLegendItem *>(norm->legend->item(i))->plottable()->name(); };
        QCOMPARE(name(0), QStringLiteral("before clipping"));
        QCOMPARE(name(2), QStringLiteral("compare rnn"));
    }

    // With no run yet every legend is empty: its plots still span their width (an empty
    // legend on top once squeezed the loss plot's axis rect into a 50 px column).
    void emptyPlotsKeepTheirWidth()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(kAir));
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // legendPlots() holds the loss plot already. (Not `legendPlots(w) << x`: the range would
        // be a reference into a temporary list destroyed before the loop runs.)
        const QList<QCustomPlot *> plots = legendPlots(w);
        for (QCustomPlot *p : plots) {
            if (!p->isVisible()) {
                continue;
            }
            p->replot();
            p->replot();
            const int width = p->axisRect()->width();
            QVERIFY2(width > p->width() / 2, qPrintable(QStringLiteral("%1: axis rect %2 px of %3 (layout %4 x %5, legend %6 items)")
                                                          .arg(p->objectName())
                                                          .arg(width)
                                                          .arg(p->width())
                                                          .arg(p->plotLayout()->rowCount())
                                                          .arg(p->plotLayout()->columnCount())
                                                          .arg(p->legend->itemCount())));
        }
    }

    void legendsAndAxisTitlesFit_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1024x700") << QSize(1024, 700);
        QTest::newRow("1366x768") << QSize(1366, 768);
    }

    void legendsAndAxisTitlesFit()
    {
        QFETCH(QSize, size);
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(kAir));
        w.addRuns({syntheticRun("rnn", LayerType::Rnn, 1e-6, 1), syntheticRun("lstm", LayerType::Lstm, 1e-2, 1),
                   syntheticRun("gru", LayerType::Gru, 1e-2, 1)},
                  true);
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.showPlotTab(QStringLiteral("gradients"));
        QTest::qWait(50);
        QList<QCustomPlot *> plots = legendPlots(w);
        plots << w.gradientPlot()->heatPlot();
        for (QCustomPlot *p : plots) {
            p->replot();
            p->replot(); // the second with the axis rects the first laid out
            for (int i = 0; i < p->legend->itemCount(); ++i) {
                QCPAbstractLegendItem *item = p->legend->item(i);
                QVERIFY2(item->outerRect().width() >= item->minimumOuterSizeHint().width(),
                         qPrintable(QStringLiteral("%1: legend entry %2 squeezed to %3 px")
                                        .arg(p->objectName())
                                        .arg(i)
                                        .arg(item->outerRect().width())));
            }
            for (QCPAxisRect *rect : p->axisRects()) {
                QCPAxis *y = rect->axis(QCPAxis::atLeft);
                const int text = QFontMetrics(y->labelFont()).horizontalAdvance(y->label());
                QVERIFY2(text <= rect->height(), qPrintable(QStringLiteral("\"%1\": %2 px on a %3 px axis")
                                                                .arg(y->label())
                                                                .arg(text)
                                                                .arg(rect->height())));
            }
            for (QCPLayoutElement *el : p->plotLayout()->elements(false)) {
                if (auto *scale = qobject_cast<QCPColorScale *>(el)) {
                    const int text = QFontMetrics(scale->axis()->labelFont()).horizontalAdvance(scale->axis()->label());
                    QVERIFY2(text <= scale->rect().height(), qPrintable(QStringLiteral("colour scale \"%1\": %2 px on %3 px")
                                                                            .arg(scale->axis()->label())
                                                                            .arg(text)
                                                                            .arg(scale->rect().height())));
                }
            }
        }
    }
};

QTEST_MAIN(TestHeatMaps)
#include "tst_app_heatmaps.moc"
