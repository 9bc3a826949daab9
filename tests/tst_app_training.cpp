// The training worker and controller seen from the window: snapshots arrive while
// training, Stop ends the worker, Pause/Resume/Step behave, closing the window during
// a run joins the thread, and a diverging run ends (as in the CLI) with a banner, finite
// weights and a run-list entry "diverged at epoch k".
#include "datapanel.h"
#include "plots/lossplot.h"
#include "mainwindow.h"
#include "modelpanel.h"
#include "runs/rundock.h"
#include "training/trainingcontroller.h"
#include "trainingpanel.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <cmath>

using namespace rnnlab;

namespace {
// A small, quick model on the airline series: RNN 8 -> Dense.
void configureSmall(MainWindow &w, int epochs, int batch = 16)
{
    QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
    ModelSpec s;
    s.inputSize = 1;
    s.layers = {LayerSpec{LayerType::Rnn, 8, Activation::Tanh, true}, LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
    w.modelPanel()->setSpec(s);
    TrainConfig t = w.trainingPanel()->config();
    t.epochs = epochs;
    t.batchSize = batch;
    t.patience = 0; // exactly `epochs` epochs: early stopping (on by default) would end runs sooner
    w.trainingPanel()->setConfig(t);
}

TrainingJob smallJob(int epochs)
{
    TrainingJob job;
    job.series = loadSeries(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
    job.data.lookback = 12;
    job.spec.inputSize = 1;
    job.spec.layers = {LayerSpec{LayerType::Gru, 8, Activation::Tanh, true},
                       LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
    job.train.epochs = epochs;
    job.train.batchSize = 8;
    return job;
}
} // namespace

class TestTraining : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void snapshotsArriveAndRunFinishes()
    {
        TrainingController controller;
        QSignalSpy snapshots(&controller, &TrainingController::snapshotReady);
        QSignalSpy finished(&controller, &TrainingController::finished);
        controller.start(smallJob(3));
        QVERIFY(controller.isRunning());
        QSignalSpy settled(&controller, &TrainingController::settled);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        QVERIFY(!controller.isRunning());
        QCOMPARE(finished.first().first().value<TrainingState>(), TrainingState::Finished);
        // The final predictions are display work done after finished(): wait for them.
        QTRY_VERIFY_WITH_TIMEOUT(settled.count() == 1, 60000);
        // Every epoch arrives exactly once, in order, across however many snapshots.
        std::vector<int> epochs;
        bool finalHasPredictions = false, finalHasWeights = false;
        for (const auto &args : snapshots) {
            const auto s = args.first().value<TrainingSnapshot>();
            for (const EpochRecord &e : s.newEpochs) {
                epochs.push_back(e.epoch);
                QVERIFY(std::isfinite(e.trainLoss));
                QCOMPARE(int(e.hiddenGradNorms.size()), 1);   // one recurrent layer
                QCOMPARE(int(e.hiddenGradNorms[0].size()), 12); // one norm per time step
                QCOMPARE(int(e.spectralRadius.size()), 1);
            }
            // The final state carries the weights; its predictions may travel in the same
            // snapshot (coalesced) or in a later one.
            if (s.state == TrainingState::Finished && !s.params.empty()) {
                finalHasWeights = true;
            }
            if (s.state == TrainingState::Finished && s.hasPredictions()) {
                finalHasPredictions = true;
                QCOMPARE(s.predictions.rows(), 1);
                QCOMPARE(int(s.predictionStarts.size()), 132);
            }
        }
        QCOMPARE(epochs, (std::vector<int>{1, 2, 3}));
        QVERIFY(finalHasPredictions);
        QVERIFY(finalHasWeights);
    }

    void stopEndsTheWorker()
    {
        TrainingController controller;
        QSignalSpy snapshots(&controller, &TrainingController::snapshotReady);
        QSignalSpy finished(&controller, &TrainingController::finished);
        controller.start(smallJob(100000));
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 3, 30000);
        controller.requestStop();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 5000);
        QCOMPARE(finished.first().first().value<TrainingState>(), TrainingState::Stopped);
        QVERIFY(!controller.isRunning());
    }

    void clippingChangesApplyWhileTraining()
    {
        TrainingController controller;
        std::vector<EpochRecord> epochs;
        connect(&controller, &TrainingController::snapshotReady, this, [&epochs](const TrainingSnapshot &s) {
            epochs.insert(epochs.end(), s.newEpochs.begin(), s.newEpochs.end());
        });
        QSignalSpy finished(&controller, &TrainingController::finished);
        controller.start(smallJob(100000));
        QTRY_VERIFY_WITH_TIMEOUT(epochs.size() >= 2, 30000);
        QCOMPARE(epochs.front().clipThreshold, 0.0); // clipping off at the start
        controller.setClip(ClipConfig{ClipKind::Norm, 0.125});
        controller.setLearningRate(1e-4);
        // Snapshots already queued were computed before the change: wait for the first
        // epoch that used the new threshold.
        QTRY_VERIFY_WITH_TIMEOUT(epochs.back().clipThreshold == 0.125, 30000);
        QVERIFY(epochs.back().gradNormClipped <= 0.125 * 1.0001);
        controller.requestStop();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 5000);
    }

    void pauseResumeStep()
    {
        MainWindow w;
        w.setInteractive(false);
        configureSmall(w, 100000, 4);
        w.startTraining();
        QVERIFY(w.isTraining());
        QTRY_VERIFY_WITH_TIMEOUT(w.history().size() >= 2, 30000);
        w.pauseTraining();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->isPaused(), 5000);
        const std::size_t atPause = w.history().size();
        QTest::qWait(300);
        QCOMPARE(w.history().size(), atPause); // nothing trains while paused
        QVERIFY(!w.trainingPanel()->pauseButton()->isEnabled());
        QVERIFY(w.trainingPanel()->resumeButton()->isEnabled());
        // Step: the current (paused) epoch is finished, then it pauses again.
        w.stepTraining();
        QTRY_VERIFY_WITH_TIMEOUT(w.history().size() == atPause + 1 && w.controller()->isPaused(), 10000);
        QTest::qWait(200);
        QCOMPARE(w.history().size(), atPause + 1);
        w.resumeTraining();
        QTRY_VERIFY_WITH_TIMEOUT(w.history().size() >= atPause + 3, 30000);
        QVERIFY(!w.controller()->isPaused());
        w.stopTraining();
        QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining(), 5000);
        QVERIFY(w.trainingPanel()->startButton()->isEnabled());
    }

    void stepFromIdleRunsOneEpoch()
    {
        MainWindow w;
        w.setInteractive(false);
        configureSmall(w, 50);
        w.stepTraining();
        QVERIFY(w.isTraining());
        QTRY_VERIFY_WITH_TIMEOUT(w.history().size() == 1 && w.controller()->isPaused(), 10000);
        QTest::qWait(200);
        QCOMPARE(w.history().size(), std::size_t(1));
        QCOMPARE(w.lossPlot()->pointCount(), 1);
        w.stopTraining();
        QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining(), 5000);
    }

    void closingDuringTrainingIsClean()
    {
        auto *w = new MainWindow;
        w->setInteractive(false);
        configureSmall(*w, 100000);
        w->show();
        w->startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(w->history().size() >= 1, 30000);
        QVERIFY(w->isTraining());
        // Closing never waits for the worker: the window goes at once, the worker is
        // told to stop, and deleting the window joins it (within one batch).
        QVERIFY(w->close());
        QVERIFY(!w->isVisible());
        QVERIFY(w->controller()->isStopping());
        delete w;
    }

    void destroyingControllerWhileRunningJoins()
    {
        auto *controller = new TrainingController;
        QSignalSpy snapshots(controller, &TrainingController::snapshotReady);
        controller->start(smallJob(100000));
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 1, 30000);
        delete controller; // requests stop, quits and waits
        QVERIFY(true);
    }

    void hugeLearningRateEndsTheRunAsDiverged()
    {
        MainWindow w;
        w.setInteractive(false);
        configureSmall(w, 200, 8);
        ModelSpec s = w.modelPanel()->spec();
        s.layers[0].activation = Activation::Relu;
        w.modelPanel()->setSpec(s);
        w.modelPanel()->setRecurrentGain(3.0);
        TrainConfig t = w.trainingPanel()->config();
        t.optimizer.kind = OptimizerKind::Sgd;
        t.optimizer.lr = 1000;
        w.trainingPanel()->setConfig(t);
        QCOMPARE(w.trainingPanel()->learningRate(), 1000.0);
        QSignalSpy finished(&w, &MainWindow::trainingFinished);
        w.startTraining();
        // The divergence ends the run by itself: no Stop, no pause to resume.
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        QCOMPARE(finished.first().first().value<TrainingState>(), TrainingState::Diverged);
        QCOMPARE(w.headlessExitCode(), 3); // a hands-free run exits as rnnlab-cli train does
        QVERIFY(!w.isTraining());
        QVERIFY(!w.controller()->isPaused());
        QVERIFY(w.trainingPanel()->startButton()->isEnabled());
        QVERIFY(!w.trainingPanel()->resumeButton()->isEnabled());
        QVERIFY2(w.bannerText().contains(QStringLiteral("diverged at epoch"), Qt::CaseInsensitive), qPrintable(w.bannerText()));
        QVERIFY2(w.bannerText().contains(QStringLiteral("learning rate")), qPrintable(w.bannerText()));
        // One run in the list, ended "diverged at epoch k" with its history up to k.
        QTRY_COMPARE_WITH_TIMEOUT(int(w.runDock()->runs().size()), 1, 30000);
        const RunRecord run = w.runDock()->runs().front();
        QCOMPARE(run.end, RunEnd::Diverged);
        QVERIFY(run.endEpoch >= 1);
        QVERIFY(run.endEpoch < 200);
        QCOMPARE(int(run.history.size()), run.endEpoch);
        QVERIFY(run.history.back().nonFinite.found);
        for (std::size_t i = 0; i + 1 < run.history.size(); ++i) {
            QVERIFY(!run.history[i].nonFinite.found); // k is the first epoch that diverged
        }
        QCOMPARE(describeEnd(run.end, run.endEpoch), "diverged at epoch " + std::to_string(run.endEpoch));
        QVERIFY2(w.bannerText().contains(QStringLiteral("epoch %1").arg(run.endEpoch)), qPrintable(w.bannerText()));
        // The weights the window holds are the last finite ones.
        QTRY_VERIFY_WITH_TIMEOUT(!w.trainedParams().empty(), 5000);
        for (float p : w.trainedParams()) {
            QVERIFY(std::isfinite(p));
        }
    }
};

QTEST_MAIN(TestTraining)
#include "tst_app_training.moc"
