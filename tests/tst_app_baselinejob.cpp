// Baselines of long series off the GUI thread (forecasting/baselinerunner.h): the
// runner's results equal runBaselines() exactly, a newer request drops the older
// one's result, and in the window a settings edit on a long series returns with the
// job running and "computing baselines…" shown; the result arrives later. Checked by
// state, never by timing.
#include "datapanel.h"
#include "forecasting/baselinerunner.h"
#include "mainwindow.h"
#include "plots/predictionplot.h"
#include "trainingpanel.h"

#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <cmath>

using namespace rnnlab;

namespace {

// A seasonal series with noise, long enough for the background path.
Series longSeries(int rows)
{
    Series s;
    s.source = "long";
    s.columns = {"v"};
    s.values.resize(rows, 1);
    s.time.resize(std::size_t(rows));
    s.lines.resize(std::size_t(rows));
    unsigned x = 12345;
    for (int r = 0; r < rows; ++r) {
        x = x * 1103515245u + 12345u;
        const double noise = double((x >> 16) & 0x7FFF) / 32768.0 - 0.5;
        s.values(r, 0) = 10.0 + std::sin(r * 2.0 * M_PI / 12.0) + 0.01 * r / 100.0 + 0.3 * noise;
        s.time[std::size_t(r)] = r;
        s.lines[std::size_t(r)] = r + 2;
    }
    return s;
}

} // namespace

class TestAppBaselineJob : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void resultsEqualRunBaselines()
    {
        auto series = std::make_shared<const Series>(longSeries(3000));
        DataConfig c;
        c.lookback = 24;
        auto windows = std::make_shared<const Windows>(makeWindows(*series, c));
        BaselineRunner runner;
        QSignalSpy ready(&runner, &BaselineRunner::ready);
        runner.request({series, windows});
        QVERIFY(runner.isBusy());
        QVERIFY(ready.wait(60000));
        const auto result = *ready.takeFirst().at(0).value<BaselineResultPtr>();
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        std::vector<int> all = windows->train;
        all.insert(all.end(), windows->val.begin(), windows->val.end());
        all.insert(all.end(), windows->test.begin(), windows->test.end());
        QCOMPARE(result.starts, all);
        const std::vector<BaselineForecast> expected = runBaselines(*series, *windows, all);
        QCOMPARE(result.baselines.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(result.baselines[i].name, expected[i].name);
            QCOMPARE(result.baselines[i].note, expected[i].note);
            // Bit for bit; NaN where a long series' ETS has no forecast (before its fit rows).
            const Eigen::ArrayXXd a = result.baselines[i].pred.array();
            const Eigen::ArrayXXd b = expected[i].pred.array();
            QCOMPARE(a.rows(), b.rows());
            QCOMPARE(a.cols(), b.cols());
            QVERIFY2(((a == b) || (a.isNaN() && b.isNaN())).all(), expected[i].name.c_str());
        }
        QVERIFY(!runner.isBusy());
    }

    void newerRequestDropsTheOlder()
    {
        auto series = std::make_shared<const Series>(longSeries(3000));
        DataConfig c;
        c.lookback = 24;
        auto first = std::make_shared<const Windows>(makeWindows(*series, c));
        c.lookback = 36;
        auto second = std::make_shared<const Windows>(makeWindows(*series, c));
        BaselineRunner runner;
        QSignalSpy ready(&runner, &BaselineRunner::ready);
        runner.request({series, first});
        const int newest = runner.request({series, second}); // while the first runs
        QVERIFY(ready.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy(), 60000);
        QCoreApplication::processEvents();
        QCOMPARE(ready.count(), 1); // the first job's result was dropped
        const auto result = *ready.takeFirst().at(0).value<BaselineResultPtr>();
        QCOMPARE(result.generation, newest);
        QCOMPARE(result.starts.size(), second->train.size() + second->val.size() + second->test.size());
        // cancel() drops a running job's result too.
        runner.request({series, first});
        runner.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy(), 60000);
        QCoreApplication::processEvents();
        QCOMPARE(ready.count(), 0);
    }

    void settingsEditOnLongSeriesReturnsBeforeBaselines()
    {
        MainWindow w;
        w.show();
        auto *runner = w.findChild<BaselineRunner *>();
        QVERIFY(runner);
        QSignalSpy ready(runner, &BaselineRunner::ready);
        DataPanel *panel = w.dataPanel();
        // When the windows arrive, the window hands the baselines to their job at once.
        int windowsArrived = 0;
        bool baselinesRunning = false;
        bool indicatorShown = false;
        connect(panel, &DataPanel::configChanged, this, [&] {
            if (panel->windows()) {
                ++windowsArrived;
                baselinesRunning = runner->isBusy();
                indicatorShown = w.predictionPlot()->baselinesPending()
                    && w.findChild<QLabel *>(QStringLiteral("baselinesPending"))->isVisibleTo(w.predictionPlot());
            }
        });
        panel->setSeries(longSeries(60000), QStringLiteral("long"));
        // Back in the event loop with the windows job running: nothing waited for it.
        QVERIFY(panel->windowsPending());
        QVERIFY(!panel->windows());
        QCOMPARE(panel->findChild<QLabel *>(QStringLiteral("windowsLabel"))->text(), QStringLiteral("computing windows…"));
        // Two edits in a row: only the last one's windows and baselines are shown.
        DataConfig c = panel->config();
        c.lookback = 20;
        panel->setConfig(c);
        QVERIFY(panel->windowsPending());
        c.lookback = 30;
        panel->setConfig(c);
        QVERIFY(panel->windowsPending());
        QVERIFY(!runner->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(panel->windows(), 60000);
        QCOMPARE(windowsArrived, 1); // the older requests' windows were dropped
        QVERIFY(baselinesRunning);
        QVERIFY(indicatorShown);
        QTRY_VERIFY_WITH_TIMEOUT(!w.predictionPlot()->baselinesPending(), 120000);
        QTRY_VERIFY_WITH_TIMEOUT(!runner->isBusy(), 120000);
        QCoreApplication::processEvents();
        QCOMPARE(ready.count(), 1);
        const auto result = *ready.takeFirst().at(0).value<BaselineResultPtr>();
        const Windows &win = *w.dataPanel()->windows();
        QCOMPARE(win.lookback, 30);
        QCOMPARE(result.starts.size(), win.train.size() + win.val.size() + win.test.size());
        QVERIFY(!result.baselines.empty());
        // The switches of the baselines are there once the result arrived.
        QVERIFY(!w.predictionPlot()->findChildren<QCheckBox *>().isEmpty());
    }

    void startDuringAWindowsJobWaitsInTheEventLoop()
    {
        MainWindow w;
        w.show();
        DataPanel *panel = w.dataPanel();
        panel->setSeries(longSeries(60000), QStringLiteral("long"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->windows(), 60000);
        TrainConfig t = w.trainingPanel()->config();
        t.epochs = 1;
        w.trainingPanel()->setConfig(t);
        DataConfig c = panel->config();
        c.lookback = 40;
        panel->setConfig(c);
        QVERIFY(panel->windowsPending());
        // Start returns at once with the job still running: nothing waited for it.
        w.startTraining();
        QVERIFY(w.isStartPending());
        QVERIFY(!w.isTraining());
        QVERIFY(panel->windowsPending());
        QVERIFY(!w.trainingPanel()->startButton()->isEnabled());
        QVERIFY(w.trainingPanel()->stopButton()->isEnabled());
        QVERIFY(!w.trainingPanel()->pauseButton()->isEnabled());
        // The run starts when the windows arrive, on the edited windows.
        QTRY_VERIFY_WITH_TIMEOUT(w.isTraining(), 60000);
        QVERIFY(!w.isStartPending());
        QCOMPARE(panel->windows()->lookback, 40);
        w.stopTraining();
        QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining(), 60000);

        // Stop while waiting cancels the start: the windows still arrive, no run begins.
        c.lookback = 30;
        panel->setConfig(c);
        QVERIFY(panel->windowsPending());
        w.startTraining();
        QVERIFY(w.isStartPending());
        w.stopTraining();
        QVERIFY(!w.isStartPending());
        QVERIFY(w.trainingPanel()->startButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!panel->windowsPending(), 60000);
        QTest::qWait(100);
        QVERIFY(!w.isTraining());
        QCOMPARE(panel->windows()->lookback, 30);
    }

    void startAfterAnEditUsesTheNewWindows()
    {
        DataPanel panel;
        panel.setSeries(longSeries(60000), QStringLiteral("long"));
        DataConfig c = panel.config();
        c.lookback = 40;
        panel.setConfig(c);
        QVERIFY(panel.windowsPending());
        QSignalSpy changed(&panel, &DataPanel::configChanged);
        // What Start does first: the newest windows, waited for, never an older job's.
        panel.applyPendingEdits();
        QVERIFY(!panel.windowsPending());
        QVERIFY(panel.windows());
        QCOMPARE(panel.windows()->lookback, 40);
        QCOMPARE(changed.count(), 1);
        // The job's own finished() arrives later and changes nothing.
        QTest::qWait(200);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(panel.windows()->lookback, 40);
    }
};

QTEST_MAIN(TestAppBaselineJob)
#include "tst_app_baselinejob.moc"
