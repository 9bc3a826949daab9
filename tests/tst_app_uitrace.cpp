// The opt-in UI trace that scripts/bench-gui-latency reads: in a real (offscreen) window
// it reports the actions, the run states idle/running/paused in their order, every worker
// epoch, the painted epoch, and a snapshot queue that drains to zero; the rnnlab binary
// traces with RNNLAB_UI_TRACE=1, and its --lookback option applies or is refused by name.
#include "mainwindow.h"
#include "modelpanel.h"
#include "trainingpanel.h"
#include "uitrace.h"

#include <QAction>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

#include <cstdio>

using namespace rnnlab;

namespace {
// Everything traced so far (to the file of the Trace in scope), one entry per line.
QStringList traced(std::FILE *)
{
    return QString::fromStdString(uitrace::writtenSoFar()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// The trace goes to a temporary file for the scope's lifetime. Declared before the
// window, so it ends after it: output is taken back (under the writers' lock) before
// the file is closed, even when a check fails half-way.
struct Trace {
    std::FILE *out = std::tmpfile();
    Trace() { uitrace::setOutput(out); }
    ~Trace()
    {
        uitrace::setOutput(nullptr);
        if (out) {
            std::fclose(out);
        }
    }
    Trace(const Trace &) = delete;
    Trace &operator=(const Trace &) = delete;
};

// Index of the first line at or after `from` whose event and details are `text`, or -1.
int find(const QStringList &lines, const QString &text, int from = 0)
{
    for (int i = std::max(0, from); i < lines.size(); ++i) {
        if (lines[i].section(QLatin1Char(' '), 1) == text) {
            return i;
        }
    }
    return -1;
}

void configureSmall(MainWindow &w, int epochs)
{
    QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
    ModelSpec s;
    s.inputSize = 1;
    s.layers = {LayerSpec{LayerType::Lstm, 8, Activation::Tanh, true}, LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
    w.modelPanel()->setSpec(s);
    // Exactly `epochs` epochs: early stopping (on by default) ended the 100000-epoch run of
    // pauseResumeStopInOrder before its Pause on a fast machine, and each failing 120 s wait
    // (which QTRY doubles to report) ran into the 300 s watchdog: the "hangs" under ctest.
    TrainConfig t = w.trainingPanel()->config();
    t.epochs = epochs;
    t.patience = 0;
    w.trainingPanel()->setConfig(t);
}

QString rnnlabExe()
{
    return QFileInfo(QStringLiteral(RNNLAB_CLI)).absolutePath() + QStringLiteral("/rnnlab");
}

// The batch count of the first traced snapshot of a run of the rnnlab binary.
int batchesOfRun(const QStringList &extraArgs, QString *stderrText)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RNNLAB_UI_TRACE"), QStringLiteral("1"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(rnnlabExe(), QStringList{QStringLiteral("--sample"), QStringLiteral("echo_lag20"), QStringLiteral("--model"),
                                     QStringLiteral("rnn:4,dense"), QStringLiteral("--epochs"), QStringLiteral("1"),
                                     QStringLiteral("--autostart"), QStringLiteral("--quit-after-training")}
                             + extraArgs);
    if (!p.waitForFinished(300000) || p.exitCode() != 0) {
        *stderrText = QString::fromLocal8Bit(p.readAllStandardError());
        return -1;
    }
    *stderrText = QString::fromLocal8Bit(p.readAllStandardError());
    static const QRegularExpression batch(QStringLiteral(" ui snapshot epoch=\\d+ batch=\\d+/(\\d+) "));
    for (const QString &line : stderrText->split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch m = batch.match(line);
        if (m.hasMatch() && m.captured(1).toInt() > 0) {
            return m.captured(1).toInt();
        }
    }
    return 0;
}
} // namespace

class TestUiTrace : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup() { uitrace::setOutput(nullptr); }

    void followsAWholeRun()
    {
        Trace trace;
        std::FILE *out = trace.out;
        QVERIFY(out);
        {
            MainWindow w;
            uitrace::attach(&w);
            configureSmall(w, 3);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QSignalSpy done(&w, &MainWindow::trainingFinished);
            w.findChild<QAction *>(QStringLiteral("actionStart"))->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 120000);
            // The status bar must end up showing the last epoch (painted, not only set).
            QTRY_VERIFY2_WITH_TIMEOUT(find(traced(out), QStringLiteral("ui epoch-shown 3")) >= 0,
                                      qPrintable(traced(out).join(QLatin1Char('\n'))), 60000);
        }
        const QStringList lines = traced(out);
        const int action = find(lines, QStringLiteral("ui action start"));
        const int running = find(lines, QStringLiteral("ui state running"));
        const int idle = find(lines, QStringLiteral("ui state idle"), running);
        QVERIFY2(action >= 0 && running >= 0 && idle > running, qPrintable(lines.join(QLatin1Char('\n'))));
        // The worker may finish an epoch before the window has shown "running": no order between the two.
        for (int e = 1; e <= 3; ++e) {
            QVERIFY2(find(lines, QStringLiteral("worker epoch %1").arg(e)) >= 0, qPrintable(QString::number(e)));
        }
        QVERIFY(find(lines, QStringLiteral("worker epoch 4")) < 0);
        QVERIFY(find(lines, QStringLiteral("worker finished %1").arg(int(TrainingState::Finished))) >= 0);
        // Every snapshot the worker sent was handled: the last one leaves none queued.
        static const QRegularExpression snapshot(QStringLiteral(" ui snapshot epoch=(\\d+) batch=\\d+/\\d+ queue=(-?\\d+) merged-max=\\d+ work-ms="));
        int lastQueue = -1;
        int lastEpoch = -1;
        int snapshots = 0;
        for (const QString &line : lines) {
            const QRegularExpressionMatch m = snapshot.match(line);
            if (m.hasMatch()) {
                ++snapshots;
                lastEpoch = m.captured(1).toInt();
                lastQueue = m.captured(2).toInt();
                QVERIFY2(lastQueue >= 0, qPrintable(line));
            }
        }
        QVERIFY(snapshots >= 1); // a coalescing mailbox may fold a short run into one delivery
        QCOMPARE(lastEpoch, 3);
        QCOMPARE(lastQueue, 0);
        // Each line starts with a monotonic time in ms, in order.
        double previous = 0;
        for (const QString &line : lines) {
            bool isNumber = false;
            const double t = line.section(QLatin1Char(' '), 0, 0).toDouble(&isNumber);
            QVERIFY2(isNumber && t >= previous, qPrintable(line));
            previous = t;
        }
    }

    void pauseResumeStopInOrder()
    {
        Trace trace;
        std::FILE *out = trace.out;
        QVERIFY(out);
        MainWindow w;
        uitrace::attach(&w);
        configureSmall(w, 100000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto action = [&w](const char *name) { return w.findChild<QAction *>(QLatin1String(name)); };
        action("actionStart")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(find(traced(out), QStringLiteral("worker epoch 1")) >= 0, 120000);
        action("actionPause")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(find(traced(out), QStringLiteral("ui state paused")) >= 0, 120000);
        action("actionResume")->trigger();
        const int paused = find(traced(out), QStringLiteral("ui state paused"));
        QTRY_VERIFY_WITH_TIMEOUT(find(traced(out), QStringLiteral("ui state running"), paused) > paused, 120000);
        QSignalSpy done(&w, &MainWindow::trainingFinished);
        action("actionStop")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 120000);
        const QStringList lines = traced(out);
        const int pauseAction = find(lines, QStringLiteral("ui action pause"));
        const int stopAction = find(lines, QStringLiteral("ui action stop"));
        QVERIFY(pauseAction >= 0 && pauseAction < paused);
        QVERIFY(find(lines, QStringLiteral("ui action resume"), paused) > paused);
        QVERIFY(stopAction > paused);
        QVERIFY(find(lines, QStringLiteral("worker finished %1").arg(int(TrainingState::Stopped)), paused) > paused);
        QVERIFY(find(lines, QStringLiteral("ui state idle"), stopAction) > stopAction);
        w.close();
    }

    void binaryTracesAndTakesLookback()
    {
        QString err;
        const int batchesDefault = batchesOfRun({}, &err);
        QVERIFY2(batchesDefault > 0, qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral(" ui state running\n")) && err.contains(QStringLiteral(" worker epoch 1\n")),
                 qPrintable(err));
        // A much longer lookback leaves fewer windows, so fewer batches per epoch.
        const int batchesLong = batchesOfRun({QStringLiteral("--lookback"), QStringLiteral("1500")}, &err);
        QVERIFY2(batchesLong > 0 && batchesLong < batchesDefault, qPrintable(err));

        for (const QString &bad : {QStringLiteral("0"), QStringLiteral("ten"), QStringLiteral("99999999")}) {
            QProcess p;
            p.start(rnnlabExe(), {QStringLiteral("--sample"), QStringLiteral("echo_lag20"), QStringLiteral("--lookback"), bad,
                                  QStringLiteral("--quit-after-training")});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 2);
            const QString message = QString::fromLocal8Bit(p.readAllStandardError());
            QVERIFY2(message.contains(QStringLiteral("--lookback")) && message.contains(bad), qPrintable(message));
        }
    }
};

QTEST_MAIN(TestUiTrace)
#include "tst_app_uitrace.moc"
