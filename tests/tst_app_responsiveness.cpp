// The window never makes the class wait: snapshots are coalesced however slow the GUI
// (bounded queue, no epoch lost), an old run's late snapshot is dropped, Stop ends the
// run before the display work (final predictions come after finished()), a new run or
// new data clears the old run's plots, counters and labels, and a typed number applies
// once. Behaviour only: the latencies are measured by scripts/bench-gui-latency.
#include "datapanel.h"
#include "mainwindow.h"
#include "modelpanel.h"
#include "plots/gradientplot.h"
#include "plots/lossplot.h"
#include "training/snapshotmailbox.h"
#include "training/trainingcontroller.h"
#include "trainingpanel.h"

#include <qcustomplot.h>

#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

using namespace rnnlab;

namespace {
EpochRecord epochRecord(int epoch)
{
    EpochRecord r;
    r.epoch = epoch;
    r.trainLoss = 1.0 / epoch;
    return r;
}

TrainingJob quickJob(int epochs, LayerType cell = LayerType::Gru, int units = 8)
{
    TrainingJob job;
    job.series = loadSeries(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
    job.data.lookback = 12;
    job.spec.inputSize = 1;
    job.spec.layers = {LayerSpec{cell, units, Activation::Tanh, true},
                       LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
    job.train.epochs = epochs;
    job.train.batchSize = 8;
    return job;
}

void configure(MainWindow &w, LayerType cell, int epochs)
{
    ModelSpec s;
    s.inputSize = 1;
    s.layers = {LayerSpec{cell, 8, Activation::Tanh, true}, LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
    w.modelPanel()->setSpec(s);
    TrainConfig t = w.trainingPanel()->config();
    t.epochs = epochs;
    t.batchSize = 16;
    w.trainingPanel()->setConfig(t);
}
} // namespace

class TestResponsiveness : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void mailboxMergesEpochsAndKeepsTheLatest()
    {
        SnapshotMailbox box;
        TrainingSnapshot a;
        a.runId = 1;
        a.epoch = 1;
        a.newEpochs = {epochRecord(1)};
        a.predictionStarts = {0, 1};
        a.predictions = Eigen::MatrixXd::Constant(1, 2, 5.0);
        a.params = {1.0f};
        QVERIFY(box.post(a)); // empty box: the reader must be told
        TrainingSnapshot b;
        b.runId = 1;
        b.epoch = 2;
        b.newEpochs = {epochRecord(2)};
        b.params = {2.0f};
        QVERIFY(!box.post(b)); // merged: no second notification
        TrainingSnapshot c;
        c.runId = 1;
        c.epoch = 3;
        c.state = TrainingState::Paused;
        c.newEpochs = {epochRecord(3)};
        QVERIFY(!box.post(c));
        QCOMPARE(box.maxMerged(), 3);
        const std::optional<TrainingSnapshot> got = box.take();
        QVERIFY(got.has_value());
        QCOMPARE(int(got->newEpochs.size()), 3); // no epoch lost
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(got->newEpochs[std::size_t(i)].epoch, i + 1);
        }
        QCOMPARE(got->epoch, 3);                     // progress: latest wins
        QCOMPARE(got->state, TrainingState::Paused); // so does the state
        QVERIFY(got->hasPredictions());              // the last predictions sent survive
        QCOMPARE(got->predictions(0, 1), 5.0);
        QCOMPARE(got->params, std::vector<float>{2.0f}); // the newest weights
        QVERIFY(!box.take().has_value());
    }

    void mailboxDropsTheOldRunsLeftovers()
    {
        SnapshotMailbox box;
        TrainingSnapshot old;
        old.runId = 1;
        old.newEpochs = {epochRecord(7)};
        box.post(old);
        TrainingSnapshot fresh;
        fresh.runId = 2;
        fresh.newEpochs = {epochRecord(1)};
        QVERIFY(box.post(fresh));
        const auto got = box.take();
        QCOMPARE(got->runId, 2);
        QCOMPARE(int(got->newEpochs.size()), 1);
        QCOMPARE(got->newEpochs[0].epoch, 1);
    }

    void aBusyGuiGetsOneMergedSnapshot()
    {
        TrainingController controller;
        int deliveries = 0;
        int epochsSeen = 0;
        int lastEpoch = 0;
        connect(&controller, &TrainingController::snapshotReady, this, [&](const TrainingSnapshot &s) {
            ++deliveries;
            epochsSeen += int(s.newEpochs.size());
            lastEpoch = s.epoch;
        });
        controller.start(quickJob(100000));
        QTRY_VERIFY_WITH_TIMEOUT(lastEpoch >= 2, 30000);
        // The GUI is busy for a while: the worker goes on posting.
        QThread::msleep(800);
        const int before = deliveries;
        QCoreApplication::processEvents();
        // Without coalescing ~16 queued snapshots (20/s) would be delivered here.
        QVERIFY2(deliveries - before <= 2, qPrintable(QString::number(deliveries - before)));
        QVERIFY(deliveries > before);
        QCOMPARE(epochsSeen, lastEpoch); // every finished epoch arrived, none twice
        controller.requestStop();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(), 10000);
    }

    void deliveriesArePacedByTheGuisCost()
    {
        TrainingController controller;
        controller.setMinDeliveryInterval(300); // as a window whose redraws cost ~75 ms sets it
        int deliveries = 0;
        int epochsSeen = 0;
        int lastEpoch = 0;
        connect(&controller, &TrainingController::snapshotReady, this, [&](const TrainingSnapshot &s) {
            ++deliveries;
            epochsSeen += int(s.newEpochs.size());
            lastEpoch = s.epoch;
        });
        controller.start(quickJob(100000));
        QTRY_VERIFY_WITH_TIMEOUT(lastEpoch >= 1, 30000);
        const int before = deliveries;
        QTest::qWait(1500);
        // 20 snapshots a second come from the worker; at most one per 300 ms is handed over.
        QVERIFY2(deliveries - before <= 6, qPrintable(QString::number(deliveries - before)));
        QVERIFY(deliveries - before >= 3);
        QCOMPARE(epochsSeen, lastEpoch); // merged, never lost
        controller.requestStop();
        // The end is never held back by the pacing.
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(), 10000);
    }

    void stopEndsTheRunBeforeTheDisplayWork()
    {
        TrainingController controller;
        QStringList events;
        connect(&controller, &TrainingController::snapshotReady, this, [&](const TrainingSnapshot &s) {
            if (s.finalPredictions) {
                events << QStringLiteral("final-predictions");
            }
        });
        connect(&controller, &TrainingController::finished, this, [&] { events << QStringLiteral("finished"); });
        connect(&controller, &TrainingController::settled, this, [&] { events << QStringLiteral("settled"); });
        // Thousands of windows at lookback 100: the final predictions take a while.
        TrainingJob job = quickJob(100000, LayerType::Lstm, 64);
        job.series = loadSeries(RNNLAB_SAMPLE_DATA "/echo_lag20.csv");
        job.data.target = "target";
        job.data.inputs = {"input"};
        job.data.lookback = 100;
        job.train.batchSize = 64;
        controller.start(job);
        QTRY_VERIFY_WITH_TIMEOUT(controller.isRunning(), 1000);
        QTest::qWait(200);
        controller.requestStop();
        QVERIFY(controller.isStopping());
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(), 10000);
        QVERIFY(controller.isSettling()); // Start is enabled while the display work goes on
        QTRY_VERIFY_WITH_TIMEOUT(events.contains(QStringLiteral("settled")), 30000);
        QCOMPARE(events, (QStringList{QStringLiteral("finished"), QStringLiteral("final-predictions"),
                                      QStringLiteral("settled")}));
        QVERIFY(!controller.isRunning());
        QVERIFY(!controller.isStopping());
    }

    void aNewRunAbandonsTheOldRunsDisplayWork()
    {
        TrainingController controller;
        int lateFromOld = 0;
        int currentRun = 0;
        connect(&controller, &TrainingController::snapshotReady, this, [&](const TrainingSnapshot &s) {
            if (s.runId != currentRun) {
                ++lateFromOld;
            }
        });
        controller.start(quickJob(100000));
        currentRun = controller.runId();
        QTest::qWait(100);
        controller.requestStop();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(), 10000);
        controller.start(quickJob(2)); // while the first run may still settle
        currentRun = controller.runId();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning() && !controller.isSettling(), 30000);
        QCOMPARE(lateFromOld, 0);
    }

    void aNewRunClearsTheOldRunsView()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        configure(w, LayerType::Rnn, 3);
        QSignalSpy done(&w, &MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(30000));
        QVERIFY(w.lossPlot()->pointCount() > 0);
        QCOMPARE(w.gradientPlot()->radiusPlot()->graph(0)->name(), QStringLiteral("RNN 8 (layer 1)"));
        configure(w, LayerType::Lstm, 100000);
        w.startTraining();
        // Before the worker has said anything: nothing of the old run is left.
        QCOMPARE(w.lossPlot()->pointCount(), 0);
        QCOMPARE(w.gradientPlot()->epochCount(), 0);
        QCOMPARE(w.gradientPlot()->radiusPlot()->graph(0)->name(), QStringLiteral("LSTM 8 (layer 1)"));
        QVERIFY2(w.progressText().startsWith(QStringLiteral("epoch 0/100000")), qPrintable(w.progressText()));
        QCOMPARE(w.rateText(), QString());
        QCOMPARE(w.stateText(), QStringLiteral("training"));
        w.stopTraining();
        QCOMPARE(w.stateText(), QStringLiteral("stopping…"));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining(), 10000);
        // Stopped at once; the final predictions follow, and the label says so until they are in.
        QVERIFY2(w.stateText() == QStringLiteral("stopped") || w.stateText() == QStringLiteral("stopped · final predictions…"),
                 qPrintable(w.stateText()));
        QTRY_COMPARE_WITH_TIMEOUT(w.stateText(), QStringLiteral("stopped"), 30000);
    }

    void newDataClearsTheOldRun()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        configure(w, LayerType::Rnn, 3);
        QSignalSpy done(&w, &MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(done.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isSettling(), 10000);
        QVERIFY(w.gradientPlot()->epochCount() > 0);
        configure(w, LayerType::Lstm, 3); // the model changed, then another series opens
        QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/nile.csv")));
        QCOMPARE(w.lossPlot()->pointCount(), 0);
        QCOMPARE(w.gradientPlot()->epochCount(), 0);
        QCOMPARE(w.gradientPlot()->radiusPlot()->graph(0)->name(), QStringLiteral("LSTM 8 (layer 1)"));
        QCOMPARE(w.progressText(), QStringLiteral("no run"));
        QCOMPARE(w.stateText(), QStringLiteral("idle"));
        QVERIFY(w.trainedParams().empty());
    }

    void aTypedNumberAppliesOnce()
    {
        DataPanel panel;
        QVERIFY(panel.loadFile(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        panel.show();
        auto *lookback = panel.findChild<QSpinBox *>(QStringLiteral("lookbackSpin"));
        QVERIFY(lookback);
        QSignalSpy changed(&panel, &DataPanel::configChanged);
        lookback->setFocus();
        lookback->selectAll();
        QTest::keyClicks(lookback, QStringLiteral("30"));
        QCOMPARE(changed.count(), 0); // not per keystroke
        QTest::keyClick(lookback, Qt::Key_Return);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(panel.config().lookback, 30);
        QCOMPARE(panel.windows()->lookback, 30);
    }
};

QTEST_MAIN(TestResponsiveness)
#include "tst_app_responsiveness.moc"
