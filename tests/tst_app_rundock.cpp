// The run list in the window: every training becomes a run in the dock with its
// settings, history and weights (equal to the core's trainRun of the same settings);
// selected runs overlay the plots, one graph per run and plot, and add a metrics row;
// delete and undo in the dock; runs survive save and reopen of the experiment; and a
// retrain of a reopened run repeats every logged number bit for bit.
#include "datapanel.h"
#include "mainwindow.h"
#include "modelpanel.h"
#include "plots/gradientplot.h"
#include "plots/lossplot.h"
#include "plots/predictionplot.h"
#include "runs/rundock.h"
#include "runs/runlistmodel.h"
#include "runs/runoverlays.h"
#include "runs/runreportexport.h"
#include "runs/run_trainer.h"
#include "training/trainingcontroller.h"
#include "trainingpanel.h"

#include <qcustomplot.h>

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace rnnlab;

namespace {
const QString kAir = QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv");

// A tiny model on the airline series: `cell` 6 -> Dense, a few epochs.
void configure(MainWindow &w, LayerType cell, int epochs, int seed = 3)
{
    ModelSpec s;
    s.inputSize = 1;
    s.layers = {LayerSpec{cell, 6, Activation::Tanh, true}, LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
    w.modelPanel()->setSpec(s);
    w.modelPanel()->setSeed(seed);
    TrainConfig t = w.trainingPanel()->config();
    t.epochs = epochs;
    t.batchSize = 16;
    w.trainingPanel()->setConfig(t);
}

// Starts a training and waits until its run is in the list.
bool trainOnce(MainWindow &w)
{
    const int before = w.runDock()->model()->rowCount();
    w.startTraining();
    if (!w.isTraining()) {
        return false;
    }
    return QTest::qWaitFor([&] { return !w.isTraining() && w.runDock()->model()->rowCount() == before + 1; }, 60000);
}
} // namespace

class TestRunDock : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void threeTrainingsMakeThreeRuns()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(kAir));
        const LayerType cells[] = {LayerType::Rnn, LayerType::Lstm, LayerType::Gru};
        for (LayerType c : cells) {
            configure(w, c, 3);
            QVERIFY(trainOnce(w));
        }
        RunListModel *m = w.runDock()->model();
        QCOMPARE(m->rowCount(), 3);
        for (int i = 0; i < 3; ++i) {
            const RunRecord &r = m->run(i);
            QCOMPARE(r.settings.spec.layers[0].type, cells[i]);
            QCOMPARE(int(r.history.size()), 3);
            QCOMPARE(r.end, RunEnd::Finished);
            QCOMPARE(r.endEpoch, 3);
            QVERIFY(!r.params.empty());
            QCOMPARE(int(r.history.back().hiddenGradNorms.size()), 1); // gradient through time kept
            QVERIFY(!r.test.empty() && r.test.front().name == "model" && r.test.front().metrics.mase);
            QCOMPARE(r.settings.data.rows, 144);
            QVERIFY(QString::fromStdString(r.settings.data.checksum).startsWith(QLatin1String("sha256:")));
            QCOMPARE(m->data(m->index(i, RunListModel::End)).toString(), QStringLiteral("finished"));
        }
        QCOMPARE(m->data(m->index(0, RunListModel::Name)).toString(), QStringLiteral("run 1"));
        // The reference is the first run: the others differ in their model, and say so.
        QVERIFY(m->data(m->index(1, RunListModel::Differences)).toString().contains(QLatin1String("lstm")));

        // The window's run is the core's: trainRun of the recorded settings gives the same numbers.
        const RunRecord &gru = m->run(2);
        const RunRecord core = trainRun(gru.name, gru.settings, loadSeries(kAir.toStdString()));
        QCOMPARE(QString::fromStdString(firstDifference(gru, core)), QString());
    }

    void overlaysHoldOneGraphPerSelectedRun()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(kAir));
        configure(w, LayerType::Lstm, 2);
        QVERIFY(trainOnce(w));
        configure(w, LayerType::Gru, 2);
        QVERIFY(trainOnce(w));
        RunOverlays *o = w.runOverlays();
        QCOMPARE(o->runCount(), 0); // a finished training is listed, not selected
        const int ownLoss = w.lossPlot()->plot()->graphCount();
        const int ownTime = w.gradientPlot()->timePlot()->graphCount();

        w.runDock()->selectRows({0, 1});
        QCOMPARE(o->runCount(), 2);
        // Loss: train and validation per run; gradient through time: one per run.
        QCOMPARE(o->graphCount(w.lossPlot()->plot()), 4);
        QCOMPARE(w.lossPlot()->plot()->graphCount(), ownLoss + 4);
        QCOMPARE(o->graphCount(w.gradientPlot()->timePlot()), 2);
        QCOMPARE(w.gradientPlot()->timePlot()->graphCount(), ownTime + 2);
        QCOMPARE(o->graphCount(w.gradientPlot()->normPlot()), 4);
        QCOMPARE(o->graphCount(w.gradientPlot()->radiusPlot()), 2);
        QCOMPARE(o->predictedRuns(), 2);
        QCOMPARE(o->graphCount(w.predictionPlot()->plot()), 2);
        // Each in its run's colour, with a legend entry naming it.
        QCustomPlot *time = w.gradientPlot()->timePlot();
        QCPGraph *g = time->graph(time->graphCount() - 1);
        QCOMPARE(g->name(), QStringLiteral("run 2"));
        QCOMPARE(g->pen().color().rgb(), w.runDock()->model()->colour(1).rgb());
        QVERIFY(time->legend->hasItemWithPlottable(g));
        // Below the window's own curves, so the current training draws on top.
        QVERIFY(g->layer()->index() < time->graph(0)->layer()->index());
        // The metrics table gains one row per run.
        QTableWidget *table = w.predictionPlot()->metricsTable();
        QStringList names;
        for (int r = 0; r < table->rowCount(); ++r) {
            names << table->item(r, 0)->text();
        }
        QVERIFY2(names.contains(QStringLiteral("run \u201crun 1\u201d")), qPrintable(names.join(", ")));
        QVERIFY(names.contains(QStringLiteral("run \u201crun 2\u201d")));

        // A hidden run leaves the overlays; a new training keeps them (live on top).
        w.runDock()->model()->setRunVisible(0, false);
        QCOMPARE(o->runCount(), 1);
        QCOMPARE(o->graphCount(w.lossPlot()->plot()), 2);
        configure(w, LayerType::Rnn, 2);
        w.startTraining();
        QCOMPARE(o->graphCount(w.gradientPlot()->timePlot()), 1); // survived setLayers()
        QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining() && w.runDock()->model()->rowCount() == 3, 60000);
        QCOMPARE(o->graphCount(w.lossPlot()->plot()), 2);
    }

    void deleteAndUndoInTheDock()
    {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openData(kAir));
        configure(w, LayerType::Rnn, 1);
        QVERIFY(trainOnce(w));
        QVERIFY(trainOnce(w));
        RunDock *dock = w.runDock();
        QVERIFY(dock->isVisible()); // shown with the first run
        dock->selectRows({0});
        QCOMPARE(w.runOverlays()->runCount(), 1);
        dock->view()->setFocus();
        QTest::keyClick(dock->view(), Qt::Key_Delete);
        QCOMPARE(dock->model()->rowCount(), 1);
        QCOMPARE(dock->model()->data(dock->model()->index(0, RunListModel::Name)).toString(), QStringLiteral("run 2"));
        QCOMPARE(w.runOverlays()->runCount(), 0);
        QTest::keyClick(dock->view(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(dock->model()->rowCount(), 2);
        QCOMPARE(dock->model()->data(dock->model()->index(0, RunListModel::Name)).toString(), QStringLiteral("run 1"));
        // Rename goes through the model's undo too.
        dock->model()->setData(dock->model()->index(1, RunListModel::Name), QStringLiteral("baseline"));
        QCOMPARE(dock->runs()[1].name, std::string("baseline"));
        QTest::keyClick(dock->view(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(dock->runs()[1].name, std::string("run 2"));
    }

    void addRunsSelectsThem()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(kAir));
        configure(w, LayerType::Gru, 2);
        QVERIFY(trainOnce(w));
        RunRecord a = w.runDock()->model()->run(0), b = a;
        a.name = "compare lstm";
        b.name = "compare gru";
        w.addRuns({a, b}, true);
        QCOMPARE(w.runDock()->model()->rowCount(), 3);
        QCOMPARE(w.runDock()->overlaidRows(), (QList<int>{1, 2}));
        QCOMPARE(w.runOverlays()->runCount(), 2);
    }

    void runsSurviveSaveAndRetrainIsBitExact()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.json"));
        std::vector<RunRecord> saved;
        {
            MainWindow w;
            w.setInteractive(false);
            QVERIFY(w.openData(kAir));
            configure(w, LayerType::Lstm, 3, 11);
            TrainConfig t = w.trainingPanel()->config();
            t.threads = 2;
            w.trainingPanel()->setConfig(t);
            QVERIFY(trainOnce(w));
            configure(w, LayerType::Rnn, 2, 5);
            QVERIFY(trainOnce(w));
            w.runDock()->model()->rename(1, QStringLiteral("plain rnn"));
            w.runDock()->model()->setReference(1);
            w.runDock()->selectRows({1});
            QVERIFY2(w.saveExperiment(path), qPrintable(w.lastError()));
            saved = w.runDock()->runs();
        }
        MainWindow w;
        w.setInteractive(false);
        QVERIFY2(w.openExperiment(path), qPrintable(w.lastError()));
        const std::vector<RunRecord> reopened = w.runDock()->runs();
        QCOMPARE(reopened.size(), std::size_t(2));
        for (std::size_t i = 0; i < 2; ++i) {
            QCOMPARE(reopened[i].name, saved[i].name);
            QCOMPARE(QString::fromStdString(firstDifference(reopened[i], saved[i])), QString());
        }
        QCOMPARE(reopened[0].settings.train.threads, 2);
        QCOMPARE(reopened[1].name, std::string("plain rnn"));
        // The reference and the selection come back with them.
        QCOMPARE(w.runDock()->model()->reference(), 1);
        QCOMPARE(w.runDock()->overlaidRows(), QList<int>{1});
        QCOMPARE(w.runOverlays()->runCount(), 1);

        // Retrain the first (2 threads) from the reopened file: every logged number again.
        w.retrainRun(reopened[0]);
        QVERIFY(w.isTraining());
        QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining() && w.runDock()->model()->rowCount() == 3, 60000);
        QCOMPARE(w.lastRetrainDifference(), QString());
        const RunRecord again = w.runDock()->model()->run(2);
        QCOMPARE(again.name, reopened[0].name + " (retrain)");
        QCOMPARE(QString::fromStdString(firstDifference(again, reopened[0])), QString());
        QCOMPARE(again.settings.train.threads, 2);
    }

    void stoppedRunRetrainsToTheSameBatch()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(kAir));
        configure(w, LayerType::Gru, 2000);
        TrainConfig t = w.trainingPanel()->config();
        t.patience = 0;
        w.trainingPanel()->setConfig(t);
        w.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(w.history().size() >= 2, 60000);
        w.stopTraining();
        QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining() && w.runDock()->model()->rowCount() == 1, 60000);
        const RunRecord stopped = w.runDock()->model()->run(0);
        QCOMPARE(stopped.end, RunEnd::Stopped);
        QVERIFY(stopped.endEpoch >= 2);
        w.retrainRun(stopped);
        QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining() && w.runDock()->model()->rowCount() == 2, 60000);
        QCOMPARE(w.lastRetrainDifference(), QString());
        QCOMPARE(w.runDock()->model()->run(1).end, RunEnd::Stopped);
    }

    void reportOfTheSelectedRuns()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(kAir));
        configure(w, LayerType::Lstm, 2);
        QVERIFY(trainOnce(w));
        configure(w, LayerType::Gru, 2);
        QVERIFY(trainOnce(w));
        QTemporaryDir dir;
        QString error, pdf;
        QVERIFY2(exportRunReport(w.runDock()->runs(), loadSeries(kAir.toStdString()), dir.filePath("r.html"), &error, &pdf),
                 qPrintable(error));
        QFile html(dir.filePath("r.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QByteArray text = html.readAll();
        // Loss, gradient through time, norm, spectral radius; then run 1's residuals over
        // time, their ACF and histogram (horizon 1: no error-by-step plot).
        QCOMPARE(text.count("<svg"), 7);
        QVERIFY(text.contains("Residual autocorrelation (run 1"));
        QVERIFY(text.contains("run 1") && text.contains("run 2"));
        QCOMPARE(pdf, dir.filePath("r.pdf"));
        QVERIFY(QFileInfo(pdf).size() > 1000);
        // No runs: a message, no file.
        QVERIFY(!exportRunReport({}, loadSeries(kAir.toStdString()), dir.filePath("none.html"), &error));
        QVERIFY(!error.isEmpty() && !QFileInfo::exists(dir.filePath("none.html")));
    }

    void badRunInTheExperimentNamesTheField()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("e.json"));
        {
            MainWindow w;
            w.setInteractive(false);
            QVERIFY(w.openData(kAir));
            configure(w, LayerType::Rnn, 1);
            QVERIFY(trainOnce(w));
            QVERIFY(w.saveExperiment(path));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        nlohmann::json j = nlohmann::json::parse(f.readAll().toStdString());
        f.close();
        j["runs"][0]["training"]["seed"] = "seven";
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::fromStdString(j.dump()));
        f.close();
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(!w.openExperiment(path));
        QVERIFY2(w.lastError().contains(QLatin1String("runs[0]")) && w.lastError().contains(QLatin1String("seed")),
                 qPrintable(w.lastError()));
    }
};

QTEST_MAIN(TestRunDock)
#include "tst_app_rundock.moc"
