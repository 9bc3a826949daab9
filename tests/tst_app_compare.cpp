// One-click comparisons in the window: the lists the dialogs and the command line
// accept; compare-cells makes one run per cell with the right cell types; on the echo
// task at recurrent gain 0.5 the RNN's gradient through time collapses while the
// LSTM's and GRU's do not; the runs trained concurrently off the GUI thread equal the
// core's sequential single-threaded runs bit for bit; cancel keeps the finished runs
// and leaves the window usable; bad --compare arguments exit 2 naming the option.
#include "datapanel.h"
#include "mainwindow.h"
#include "modelpanel.h"
#include "runs/comparisoncontroller.h"
#include "runs/comparisondialog.h"
#include "runs/comparisonlists.h"
#include "runs/rundock.h"
#include "runs/runoverlays.h"
#include "plots/lossplot.h"
#include "trainingpanel.h"

#include <QAction>
#include <QCheckBox>
#include <QLineEdit>
#include <QMenu>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <cmath>
#include <thread>

using namespace rnnlab;

namespace {

// The longest the GUI thread's event loop went without running a 5 ms timer: printed
// (qInfo), never asserted — a measurement, not a test of speed.
class LoopGapMeter : public QObject {
public:
    LoopGapMeter()
    {
        m_clock.start();
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            m_maxGap = std::max(m_maxGap, m_clock.restart());
        });
        m_timer.start();
    }
    qint64 maxGapMs() const { return m_maxGap; }

private:
    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_maxGap = 0;
};

const QString kAir = QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
const QString kEcho = QStringLiteral(RNNLAB_SAMPLE_DATA "/echo_lag20.csv");

// A sample, a model, a few epochs, no early stopping (every run trains all epochs).
void configure(MainWindow &w, const QString &sample, const char *model, int epochs, double lr = 0)
{
    QVERIFY(w.openSample(sample));
    const auto &windows = w.dataPanel()->windows();
    QVERIFY(windows);
    w.modelPanel()->setSpec(parseModelSpec(model, windows->features(), w.dataPanel()->config().horizon));
    w.modelPanel()->setSeed(1);
    TrainConfig t = w.trainingPanel()->config();
    t.epochs = epochs;
    t.patience = 0;
    if (lr > 0) {
        t.optimizer.lr = lr;
    }
    w.trainingPanel()->setConfig(t);
}

LayerType onlyCell(const RunRecord &r)
{
    for (const LayerSpec &l : r.settings.spec.layers) {
        if (isRecurrent(l.type)) {
            return l.type;
        }
    }
    return LayerType::Dense;
}

const RunRecord *byName(const std::vector<RunRecord> &runs, const std::string &name)
{
    for (const RunRecord &r : runs) {
        if (r.name == name) {
            return &r;
        }
    }
    return nullptr;
}

ComparisonAxes cells()
{
    ComparisonAxes a;
    a.cells = {LayerType::Rnn, LayerType::Lstm, LayerType::Gru};
    return a;
}

} // namespace

class TestAppCompare : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void listsParseAndNameTheBadEntry_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error"); // empty: valid
        QTest::newRow("cells") << "cells" << " RNN, lstm ,gru" << "";
        QTest::newRow("cell dense") << "cells" << "rnn,dense" << "\"dense\" is not a recurrent cell";
        QTest::newRow("cell twice") << "cells" << "lstm,LSTM" << "listed twice";
        QTest::newRow("cell empty entry") << "cells" << "rnn,,gru" << "empty entry";
        QTest::newRow("gains") << "gains" << "0.5, 1, 1.5" << "";
        QTest::newRow("gain text") << "gains" << "0.5,x" << "\"x\" is not a number";
        QTest::newRow("gain zero") << "gains" << "0,1" << "out of range";
        QTest::newRow("gain twice") << "gains" << "1,1.0" << "listed twice";
        QTest::newRow("clip") << "clip" << "0,auto" << "";
        QTest::newRow("clip fixed") << "clip" << "0, 2.5" << "";
        QTest::newRow("clip auto alone") << "clip" << "auto" << "auto needs 0";
        QTest::newRow("clip negative") << "clip" << "0,-1" << "negative";
        QTest::newRow("clip text") << "clip" << "0,big" << "\"big\" is not a number or auto";
        QTest::newRow("clip empty") << "clip" << "  " << "empty";
    }
    void listsParseAndNameTheBadEntry()
    {
        QFETCH(QString, kind);
        QFETCH(QString, text);
        QFETCH(QString, error);
        QString got;
        bool ok = false;
        if (kind == "cells") {
            const auto c = parseCellList(text, &got);
            ok = c.has_value();
            if (ok) {
                QCOMPARE(*c, (std::vector<LayerType>{LayerType::Rnn, LayerType::Lstm, LayerType::Gru}));
            }
        } else if (kind == "gains") {
            const auto g = parseGainList(text, &got);
            ok = g.has_value();
            if (ok) {
                QCOMPARE(*g, (std::vector<double>{0.5, 1, 1.5}));
            }
        } else {
            ComparisonAxes a;
            ok = parseClipList(text, a, &got);
            if (ok) {
                QCOMPARE(a.clipNorms.front(), 0.0);
                QCOMPARE(a.clipAuto, text.contains("auto"));
                QCOMPARE(int(a.clipNorms.size()), a.clipAuto ? 1 : 2);
            }
        }
        QCOMPARE(ok, error.isEmpty());
        QVERIFY2(got.contains(error), qPrintable(got));
    }

    void dialogsArePrefilledFromTheWindow()
    {
        MainWindow w;
        w.setInteractive(false);
        configure(w, kAir, "gru:8,dense", 3);
        ComparisonBase base;
        QString error;
        base.settings.spec = w.modelPanel()->spec();
        ComparisonDialog cellsDialog(ComparisonKind::Cells, base.settings, 2, std::nan(""));
        QCOMPARE(cellsDialog.axes().cells, cells().cells);
        cellsDialog.cellBox(LayerType::Lstm)->setChecked(false);
        cellsDialog.cellBox(LayerType::Gru)->setChecked(false);
        QVERIFY(!cellsDialog.validationError().isEmpty()); // one cell is no comparison
        ComparisonDialog clip(ComparisonKind::ClipAB, base.settings, 2, 3.25);
        QVERIFY(clip.axes().clipAuto);
        QCOMPARE(clip.axes().clipNorms, std::vector<double>{0.0});
        clip.autoClipBox()->setChecked(false);
        QCOMPARE(clip.axes().clipNorms, (std::vector<double>{0.0, 3.25})); // the suggested threshold, editable
        ComparisonDialog gains(ComparisonKind::GainSweep, base.settings, 2, std::nan(""));
        QCOMPARE(gains.axes().cells, std::vector<LayerType>{LayerType::Gru}); // the model's cell
        QCOMPARE(gains.axes().gains, (std::vector<double>{0.5, 1, 1.5}));
        gains.gainsEdit()->setText("0.5,nope");
        QVERIFY(gains.validationError().contains("nope"));
        // Actions: menu, tooltips with their shortcuts.
        for (ComparisonKind k : {ComparisonKind::Cells, ComparisonKind::ClipAB, ComparisonKind::GainSweep}) {
            QAction *a = w.comparisons()->action(k);
            QVERIFY(!a->shortcut().isEmpty());
            QVERIFY(a->toolTip().contains(a->shortcut().toString(QKeySequence::NativeText)));
            QVERIFY(w.comparisons()->menu()->actions().contains(a));
        }
    }

    void concurrentRunsEqualSequentialSingleThreadedRuns()
    {
        MainWindow w;
        w.setInteractive(false);
        configure(w, kAir, "lstm:6,dense", 3);
        QSignalSpy done(w.comparisons(), &ComparisonController::finished);
        QSignalSpy arrived(w.comparisons(), &ComparisonController::runFinished);
        QVERIFY2(w.startComparison(cells(), "Compare cells"), qPrintable(w.lastError()));
        ComparisonJob *job = w.comparisons()->job();
        QCOMPARE(job->workers(), comparisonWorkers(3)); // one thread per run when there are cores
        if (std::thread::hardware_concurrency() > 1) {
            QVERIFY(job->workers() > 1);
        }
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 240000);
        QCOMPARE(done.first().first().toBool(), false);
        QCOMPARE(arrived.count(), 3);
        // In the run list in plan order, whatever order they finished in, selected and overlaid.
        const std::vector<RunRecord> gui = w.runDock()->runs();
        QCOMPARE(int(gui.size()), 3);
        QCOMPARE(gui[0].name + gui[1].name + gui[2].name, std::string("rnnlstmgru"));
        QCOMPARE(w.runDock()->overlaidRows(), (QList<int>{0, 1, 2}));
        QCOMPARE(w.runOverlays()->runCount(), 3);
        QCOMPARE(w.runOverlays()->graphCount(w.lossPlot()->plot()), 6); // train and validation per run
        const std::vector<RunRecord> alone = runComparison(job->plan(), w.dataPanel()->series(), 1);
        for (const RunRecord &a : alone) {
            const RunRecord *g = byName(gui, a.name);
            QVERIFY2(g, a.name.c_str());
            QCOMPARE(g->end, RunEnd::Finished);
            QCOMPARE(int(g->history.size()), 3);
            const std::string diff = firstDifference(*g, a);
            QVERIFY2(diff.empty(), (a.name + ": " + diff).c_str());
        }
        // The window's data identity went with them.
        QCOMPARE(QString::fromStdString(gui[0].settings.data.file), kAir);
        QVERIFY(QString::fromStdString(gui[0].settings.data.checksum).startsWith("sha256:"));
    }

    void compareCellsOnTheEchoTaskShowsTheVanishingGradient()
    {
        // Measured by the core's echo test at 14 epochs, lr 0.003: at gain 0.5 the RNN's
        // ratio is 2e-7..2e-4 for seeds 1, 2, 4, 5 (seed 3 starts to learn), the LSTM's and
        // GRU's above 1; seed 1 here.
        MainWindow w;
        w.setInteractive(false);
        configure(w, kEcho, "rnn:32,dense", 14, 0.003);
        w.modelPanel()->setRecurrentGain(0.5);
        QSignalSpy done(w.comparisons(), &ComparisonController::finished);
        w.show();
        LoopGapMeter meter;
        QVERIFY2(w.startComparison(cells(), "Compare cells"), qPrintable(w.lastError()));
        QVERIFY(w.comparisons()->progressWidget()->isVisibleTo(&w));
        QVERIFY(!w.findChild<QAction *>("actionStart")->isEnabled()); // one thing trains at a time
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 540000);
        qInfo("longest GUI event-loop gap during the comparison: %lld ms", meter.maxGapMs());
        const std::vector<RunRecord> runs = w.runDock()->runs();
        QCOMPARE(int(runs.size()), 3);
        QCOMPARE(w.runOverlays()->runCount(), 3);
        for (const auto &[name, cell] : {std::pair{"rnn", LayerType::Rnn}, std::pair{"lstm", LayerType::Lstm},
                                         std::pair{"gru", LayerType::Gru}}) {
            const RunRecord *r = byName(runs, name);
            QVERIFY2(r, name);
            QCOMPARE(onlyCell(*r), cell);
            QCOMPARE(r->settings.spec.layers[0].units, 32); // the same layer sizes
            QCOMPARE(r->settings.train.init.recurrentGain, 0.5);
            QCOMPARE(r->settings.train.seed, std::uint64_t(1));
            QCOMPARE(r->settings.windows.lookback, 25);
            QCOMPARE(int(r->history.size()), 14);
        }
        const double rnn = gradRatio(*byName(runs, "rnn"));
        const double lstm = gradRatio(*byName(runs, "lstm"));
        const double gru = gradRatio(*byName(runs, "gru"));
        qInfo("window, echo, gain 0.5, 14 epochs, seed 1: grad_ratio rnn %.3g, lstm %.3g, gru %.3g", rnn, lstm, gru);
        QVERIFY2(rnn > 0 && rnn < 1e-3, qPrintable(QString("rnn grad_ratio %1 is not < 1e-3").arg(rnn)));
        QVERIFY2(lstm > 1e-2, qPrintable(QString("lstm grad_ratio %1 is not > 1e-2").arg(lstm)));
        QVERIFY2(gru > 1e-2, qPrintable(QString("gru grad_ratio %1 is not > 1e-2").arg(gru)));
        QVERIFY(w.findChild<QAction *>("actionStart")->isEnabled());
    }

    void cancelKeepsFinishedRunsAndLeavesTheWindowUsable()
    {
        // Clipping A/B with auto: the clipped run trains after the unclipped one has
        // finished, so a cancel right after the first run lands in the second.
        MainWindow w;
        w.setInteractive(false);
        configure(w, kAir, "lstm:8,dense", 3000);
        QSignalSpy done(w.comparisons(), &ComparisonController::finished);
        ComparisonAxes clip;
        clip.clipNorms = {0};
        clip.clipAuto = true;
        // Cancel as the first run arrives: the auto run (3000 epochs, seconds) has just begun.
        QString progressAtCancel;
        QElapsedTimer sinceCancel;
        qint64 cancelMs = -1;
        connect(w.comparisons(), &ComparisonController::finished, &w, [&] { cancelMs = sinceCancel.elapsed(); });
        connect(w.comparisons(), &ComparisonController::runFinished, &w, [&] {
            if (!sinceCancel.isValid()) { // the first comparison's first run only
                sinceCancel.start();
                w.comparisons()->cancel();
                progressAtCancel = w.comparisons()->progressText();
            }
        });
        QVERIFY2(w.startComparison(clip, "Clipping A/B"), qPrintable(w.lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 240000);
        QVERIFY2(progressAtCancel.contains("cancelling"), qPrintable(progressAtCancel));
        qInfo("cancel to finished(): %lld ms", cancelMs);
        QCOMPARE(done.first().first().toBool(), true);
        const std::vector<RunRecord> runs = w.runDock()->runs();
        QVERIFY(runs.size() >= 1 && runs.size() <= 2);
        const int kept = int(runs.size());
        QCOMPARE(runs[0].name, std::string("lstm_noclip"));
        QCOMPARE(runs[0].end, RunEnd::Finished);
        if (runs.size() == 2) { // stopped within a batch, with the epochs it had trained
            QCOMPARE(runs[1].end, RunEnd::Stopped);
            QVERIFY(runs[1].endEpoch < 3000);
        }
        QVERIFY(!w.comparisons()->isRunning());
        QVERIFY(!w.comparisons()->progressWidget()->isVisibleTo(&w));
        for (QAction *a : w.comparisons()->actions()) {
            QVERIFY(a->isEnabled());
        }
        // Usable: a single training starts and ends, and so does the next comparison.
        TrainConfig t = w.trainingPanel()->config();
        t.epochs = 3;
        w.trainingPanel()->setConfig(t);
        QSignalSpy trained(&w, &MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(w.isTraining());
        QTRY_VERIFY_WITH_TIMEOUT(trained.count() == 1, 120000);
        QVERIFY2(w.startComparison(cells(), "Compare cells"), qPrintable(w.lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 2, 120000);
        QCOMPARE(done.last().first().toBool(), false);
        // The single training's run, then the comparison's three, which are the ones overlaid.
        QCOMPARE(int(w.runDock()->runs().size()), kept + 1 + 3);
        QCOMPARE(w.runDock()->overlaidRows(), (QList<int>{kept + 1, kept + 2, kept + 3}));
    }

    void handsFreeComparisonTakesTheScreenshotAndExits0()
    {
        QTemporaryDir dir;
        const QString shot = dir.filePath("cmp.png");
        QProcess p;
        p.start(QStringLiteral(RNNLAB_APP),
                {"--sample", "airpassengers", "--model", "rnn:4,dense", "--epochs", "2", "--compare", "rnn,gru",
                 "--autostart", "--quit-after-training", "--tab", "gradients", "--window-size", "1024x700",
                 "--screenshot", shot});
        QVERIFY(p.waitForFinished(120000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(err.contains("run rnn: finished") && err.contains("run gru: finished"), qPrintable(err));
        const QImage image(shot);
        QCOMPARE(image.size(), QSize(1024, 700));
    }

    void theIssuesEchoCommandShowsTheVanishingGradient()
    {
        // The command of issue 8 as typed (no --model): one layer of the default's first
        // size at lr 0.003 (main.cpp); measured rnn 1.6e-4, lstm 2.2, gru 3.2 on one CPU and
        // rnn 1.5e-3, lstm 2.2, gru 3.5 on another (20 epochs amplify rounding differences
        // of the vector units): so "orders of magnitude" is checked as at least two decades
        // below 1 and below each gated cell, not as one machine's figure.
        QProcess p;
        p.start(QStringLiteral(RNNLAB_APP), {"--sample", "echo_lag20", "--compare", "rnn,lstm,gru", "--gain", "0.5",
                                             "--epochs", "20", "--autostart", "--quit-after-training"});
        QVERIFY(p.waitForFinished(300000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 0);
        auto ratio = [&](const QString &run) {
            const QRegularExpressionMatch m =
                QRegularExpression("run " + run + ": finished, grad_ratio ([^,]+),").match(err);
            return m.hasMatch() ? m.captured(1).toDouble() : std::nan("");
        };
        QVERIFY2(ratio("rnn") < 1e-2, qPrintable(err));
        QVERIFY2(ratio("lstm") > 1e-2 && ratio("gru") > 1e-2, qPrintable(err));
        QVERIFY2(ratio("lstm") > 100 * ratio("rnn") && ratio("gru") > 100 * ratio("rnn"), qPrintable(err));
    }

    void badCompareArgumentsExit2NamingThem_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("named");
        QTest::newRow("cell") << QStringList{"--compare", "rnn,tcn"} << QStringList{"--compare", "tcn"};
        QTest::newRow("dense") << QStringList{"--compare", "dense"} << QStringList{"--compare", "dense"};
        QTest::newRow("gain") << QStringList{"--compare-gains", "0.5,x"} << QStringList{"--compare-gains", "x"};
        QTest::newRow("gain and gains") << QStringList{"--compare-gains", "0.5,1", "--gain", "2"}
                                        << QStringList{"--compare-gains", "--gain"};
        QTest::newRow("clip") << QStringList{"--compare-clip", "auto"} << QStringList{"--compare-clip", "auto"};
        QTest::newRow("no autostart") << QStringList{"--compare", "rnn,lstm"} << QStringList{"--compare", "--autostart"};
    }
    void badCompareArgumentsExit2NamingThem()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, named);
        QProcess p;
        QStringList all{"--sample", "airpassengers", "--quit-after-training"};
        if (!args.contains("--compare") || args.contains("tcn") || args.contains("dense")) {
            all << "--autostart";
        }
        p.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
        p.start(QStringLiteral(RNNLAB_APP), all + args);
        QVERIFY(p.waitForFinished(60000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 2);
        for (const QString &n : named) {
            QVERIFY2(err.contains(n), qPrintable(err));
        }
    }
};

QTEST_MAIN(TestAppCompare)
#include "tst_app_compare.moc"
