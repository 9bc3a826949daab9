// rnnlab-cli under faults, as a user meets them: Ctrl-C / SIGTERM during `train`
// (stop after the batch, save marked as interrupted, exit 130 / 143), output paths
// that cannot be written (refused before the first epoch, with the OS reason), a
// full or read-only filesystem, sizes past the memory limit, an --init that does not fit,
// long `generate` / `forecast` runs (progress lines on stderr, a signal leaves nothing
// written and exits 130 / 143).
#include "support/tinyfs.h"

#include "support/cli_run.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <csignal>

using nlohmann::json;

namespace {

const QString kAir = QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv");

using Run = CliRun;

Run cli(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    return runCli(args, 120000, env);
}

QStringList trainArgs(const QStringList &extra)
{
    return QStringList {"train", "--data", kAir, "--model", "lstm:4,dense", "--lookback", "12", "--epochs", "2"} + extra;
}

json readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return nullptr;
    }
    return json::parse(f.readAll().toStdString(), nullptr, false);
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// A progress line on every update, so a test sees one at once.
QProcessEnvironment everyUpdate()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("RNNLAB_PROGRESS_SECONDS", "0");
    return env;
}

// Starts the CLI, waits for `marker` on its stderr (the job is under way), sends `sig`
// and waits for the end. Returns what it printed.
Run signalAfter(const QStringList &args, const QByteArray &marker, int sig)
{
    QProcess p;
    p.setProcessEnvironment(everyUpdate());
    p.start(QStringLiteral(RNNLAB_CLI), args);
    Run r;
    if (!p.waitForStarted(10000)) {
        r.err = "did not start";
        return r;
    }
    while (!r.err.contains(marker) && p.state() == QProcess::Running) {
        p.waitForReadyRead(1000);
        r.err += p.readAllStandardError();
    }
    // Only a running child: processId() is 0 once it has ended, and kill(0, sig)
    // would signal this test's whole process group (CTest and the tests beside it).
    if (p.state() == QProcess::Running && p.processId() > 0) {
        ::kill(pid_t(p.processId()), sig);
    } else {
        r.err += "\n(the process ended before the signal could be sent)";
    }
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err += p.readAllStandardError();
    return r;
}

} // namespace

class TestCoreCliRobust : public QObject {
    Q_OBJECT
private slots:
    void signalStopsAndSaves_data();
    void signalStopsAndSaves();
    void outputPathsCheckedBeforeEpochs_data();
    void outputPathsCheckedBeforeEpochs();
    void readOnlyFilesystem();
    void fullDiskKeepsOldSet();
    void memoryLimits();
    void initMismatchSaysWhatDiffers();
    void sizeLimits();
    void sizeLimitsNameTheMemory();
    void progressLines();
    void signalDuringGenerateWritesNothing_data();
    void signalDuringGenerateWritesNothing();
    void signalDuringForecastPrintsNothing();
};

void TestCoreCliRobust::signalStopsAndSaves_data()
{
    QTest::addColumn<int>("sig");
    QTest::addColumn<int>("code");
    QTest::newRow("SIGINT") << int(SIGINT) << 130;
    QTest::newRow("SIGTERM") << int(SIGTERM) << 143;
}

void TestCoreCliRobust::signalStopsAndSaves()
{
    QFETCH(int, sig);
    QFETCH(int, code);
    QTemporaryDir dir;
    QProcess p;
    p.start(QStringLiteral(RNNLAB_CLI),
            {"train", "--data", kAir, "--model", "lstm:8,dense", "--lookback", "12", "--epochs", "1000000", "--save",
             dir.filePath("m.json"), "--out", dir.filePath("out")});
    QVERIFY(p.waitForStarted(10000));
    // The signal arrives once training runs: after the first epoch line.
    QByteArray out;
    while (!out.contains('\n')) {
        QVERIFY2(p.waitForReadyRead(60000), "no epoch line");
        out += p.readAllStandardOutput();
    }
    QVERIFY2(p.state() == QProcess::Running && p.processId() > 0, "train ended before the signal"); // kill(0) would hit CTest
    ::kill(pid_t(p.processId()), sig);
    QVERIFY(p.waitForFinished(60000));
    out += p.readAllStandardOutput();
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), code);
    QVERIFY2(err.contains("interrupted by signal"), err.constData());
    const json model = readJson(dir.filePath("m.json"));
    QVERIFY2(model.is_object() && model.value("interrupted", false), model.dump().substr(0, 200).c_str());
    QCOMPARE(entries(dir.filePath("out")), (QStringList {"gradnorms.csv", "metrics.csv", "model.json", "predictions.csv"}));
    QVERIFY(readJson(dir.filePath("out/model.json")).value("interrupted", false));
    QCOMPARE(entries(dir.path()), (QStringList {"m.json", "out"}));
    const QList<QByteArray> lines = out.trimmed().split('\n');
    const json summary = json::parse(lines.last().toStdString(), nullptr, false);
    QVERIFY2(summary.contains("summary") && summary["summary"].value("interrupted", false), lines.last().constData());
}

void TestCoreCliRobust::outputPathsCheckedBeforeEpochs_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("target"); // relative to a temporary directory
    QTest::addColumn<QString>("message");
    QTest::newRow("--save to a directory") << "--save" << "adir" << "is a directory, not a file";
    QTest::newRow("--save in a missing directory") << "--save" << "none/m.json" << "No such file or directory";
    QTest::newRow("--out over a file") << "--out" << "afile" << "exists and is not a directory";
    QTest::newRow("--out over foreign files") << "--out" << "adir" << "holds \"notes.txt\"";
}

void TestCoreCliRobust::outputPathsCheckedBeforeEpochs()
{
    QFETCH(QString, option);
    QFETCH(QString, target);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir("adir"));
    QFile notes(dir.filePath("adir/notes.txt"));
    QVERIFY(notes.open(QIODevice::WriteOnly) && notes.write("mine") == 4);
    notes.close();
    QFile file(dir.filePath("afile"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const Run r = cli(trainArgs({option, dir.filePath(target)}));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message.toUtf8()) && r.err.contains(option.toUtf8()), qPrintable(r.describe()));
    QVERIFY2(!r.err.contains("Success"), qPrintable(r.describe()));
    QVERIFY2(r.out.isEmpty(), "no epoch may run before the check"); // stdout holds one line per epoch
    QCOMPARE(entries(dir.filePath("adir")), QStringList {"notes.txt"});
}

void TestCoreCliRobust::readOnlyFilesystem()
{
    TinyFs fs;
    REQUIRE_TINYFS(fs);
    QVERIFY(fs.makeReadOnly());
    for (const char *option : {"--save", "--out"}) {
        const Run r = cli(trainArgs({option, QString::fromStdString(fs.file("x"))}));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("Read-only file system"), qPrintable(r.describe()));
        QVERIFY(r.out.isEmpty());
    }
}

void TestCoreCliRobust::fullDiskKeepsOldSet()
{
    TinyFs fs;
    REQUIRE_TINYFS(fs);
    const QString out = QString::fromStdString(fs.file("out"));
    const Run first = cli(trainArgs({"--out", out}));
    QCOMPARE(first.code, 0);
    QFile metrics(out + "/metrics.csv");
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QByteArray before = metrics.readAll();
    metrics.close();
    // lstm:48 needs a model file larger than the 64 KiB disk.
    const Run second = cli({"train", "--data", kAir, "--model", "lstm:48,dense", "--lookback", "12", "--epochs", "1",
                            "--out", out});
    QCOMPARE(second.code, 2);
    QVERIFY2(second.err.contains("not enough free space"), qPrintable(second.describe()));
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    QCOMPARE(metrics.readAll(), before);
    QCOMPARE(fs.entries(), QStringList {"out"});
    QCOMPARE(entries(out), (QStringList {"gradnorms.csv", "metrics.csv", "model.json", "predictions.csv"}));
}

void TestCoreCliRobust::memoryLimits()
{
    const Run huge = cli(trainArgs({"--model", "lstm:100000,dense"}));
    QCOMPARE(huge.code, 2);
    QVERIFY2(huge.err.contains("needs about") && huge.err.contains("more than the limit of"), qPrintable(huge.describe()));
    QVERIFY(huge.out.isEmpty());
    // Above the soft limit: a warning, and the run goes on.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("RNNLAB_MEMORY_LIMITS", "1000,100000000000");
    const Run warned = cli(trainArgs({}), env);
    QCOMPARE(warned.code, 0);
    QVERIFY2(warned.err.contains("warning: training lstm:4,dense needs about"), qPrintable(warned.describe()));
    // A seed ensemble counts every member (~83 kB each here): 1000 members pass a 1 MB limit
    // one at a time, not all together, and are refused before anything trains.
    env.insert("RNNLAB_MEMORY_LIMITS", "500000,1000000");
    QCOMPARE(cli(trainArgs({"--epochs", "1"}), env).code, 0);
    const Run members = cli(trainArgs({"--epochs", "1", "--ensemble", "1000"}), env);
    QCOMPARE(members.code, 2);
    QVERIFY2(members.err.contains("training lstm:4,dense x 1000 ensemble members needs about 83.3 MB of memory, "
                                  "more than the limit of 1 MB"),
             qPrintable(members.describe()));
    QVERIFY(members.out.isEmpty());
}

void TestCoreCliRobust::initMismatchSaysWhatDiffers()
{
    QTemporaryDir dir;
    QCOMPARE(cli(trainArgs({"--save", dir.filePath("h1.json")})).code, 0);
    const Run r = cli(trainArgs({"--horizon", "3", "--init", dir.filePath("h1.json")}));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("layer 2: the file has 1 units, this model 3") && r.err.contains("the horizons differ"),
             qPrintable(r.describe()));
}

void TestCoreCliRobust::sizeLimits()
{
    QTemporaryDir dir;
    const Run rows = cli({"generate", "echo", "--rows", "100000000", "--out", dir.filePath("e.csv")});
    QCOMPARE(rows.code, 2);
    QVERIFY2(rows.err.contains("--rows 100000000 is above the limit of 10000000 rows"), qPrintable(rows.describe()));
    QCOMPARE(cli({"generate", "echo", "--rows", "100", "--out", dir.filePath("e.csv")}).code, 0);
    const Run toDir = cli({"generate", "echo", "--rows", "100", "--out", dir.path()});
    QCOMPARE(toDir.code, 2);
    QVERIFY2(toDir.err.contains("is a directory") && !toDir.err.contains("Success"), qPrintable(toDir.describe()));
    QCOMPARE(cli(trainArgs({"--save", dir.filePath("m.json")})).code, 0);
    const Run steps = cli({"forecast", "--model", dir.filePath("m.json"), "--data", kAir, "--steps", "100000000"});
    QCOMPARE(steps.code, 2);
    QVERIFY2(steps.err.contains("--steps 100000000 is above the limit of 1000000 steps"), qPrintable(steps.describe()));
    QVERIFY(steps.out.isEmpty());
}

void TestCoreCliRobust::sizeLimitsNameTheMemory()
{
    QTemporaryDir dir;
    // Past the row limit: the memory and disk it would take (60 bytes a row, ~25 on disk).
    const Run rows = cli({"generate", "echo", "--rows", "100000000", "--out", dir.filePath("e.csv")});
    QVERIFY2(rows.err.contains("would need about 6 GB of memory and 2.5 GB of disk"), qPrintable(rows.describe()));
    // Under the row limit, past this machine's memory limit (set low here): refused.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("RNNLAB_MEMORY_LIMITS", "1000,1000000");
    const Run memory = cli({"generate", "echo", "--rows", "100000", "--out", dir.filePath("e.csv")}, env);
    QCOMPARE(memory.code, 2);
    QVERIFY2(memory.err.contains("generating 100000 rows needs about 6 MB of memory, more than the limit of 1 MB; "
                                 "ask for fewer rows"),
             qPrintable(memory.describe()));
    QCOMPARE(entries(dir.path()), QStringList());
    QCOMPARE(cli(trainArgs({"--save", dir.filePath("m.json")})).code, 0);
    const Run steps = cli({"forecast", "--model", dir.filePath("m.json"), "--data", kAir, "--steps", "100000"}, env);
    QCOMPARE(steps.code, 2);
    QVERIFY2(steps.err.contains("forecasting 100000 steps needs about 2.4 MB of memory, more than the limit of 1 MB"),
             qPrintable(steps.describe()));
    QVERIFY(steps.out.isEmpty());
}

void TestCoreCliRobust::progressLines()
{
    QTemporaryDir dir;
    const Run generated = cli({"generate", "sine", "--rows", "200000", "--out", dir.filePath("s.csv")}, everyUpdate());
    QCOMPARE(generated.code, 0);
    QVERIFY2(generated.err.contains("generate: 65536/200000 rows\ngenerate: 131072/200000 rows\n"),
             qPrintable(generated.describe()));
    QCOMPARE(cli(trainArgs({"--save", dir.filePath("m.json")})).code, 0);
    const Run forecast = cli({"forecast", "--model", dir.filePath("m.json"), "--data", kAir, "--steps", "50"},
                             everyUpdate());
    QCOMPARE(forecast.code, 0);
    QVERIFY2(forecast.err.contains("forecast: 1/50 steps\n") && forecast.err.contains("forecast: 50/50 steps\n"),
             qPrintable(forecast.describe()));
    QCOMPARE(forecast.out.count('\n'), 51);
    // At the default interval a job shorter than a second prints none.
    const Run quick = cli({"generate", "sine", "--rows", "1000", "--out", dir.filePath("q.csv")});
    QCOMPARE(quick.code, 0);
    QVERIFY2(quick.err.isEmpty(), qPrintable(quick.describe()));
}

void TestCoreCliRobust::signalDuringGenerateWritesNothing_data()
{
    QTest::addColumn<int>("sig");
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("oldFile");
    QTest::newRow("SIGINT over an old file") << int(SIGINT) << 130 << true;
    QTest::newRow("SIGTERM, no old file") << int(SIGTERM) << 143 << false;
}

void TestCoreCliRobust::signalDuringGenerateWritesNothing()
{
    QFETCH(int, sig);
    QFETCH(int, code);
    QFETCH(bool, oldFile);
    QTemporaryDir dir;
    const QString path = dir.filePath("e.csv");
    if (oldFile) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("t,input,target\n0,1,0\n") == 21);
    }
    // 9 million rows take a few seconds to write (3 million took under one once the
    // writer got faster, and the process ended before the signal); it comes after the first 64K.
    const Run r = signalAfter({"generate", "echo", "--rows", "9000000", "--out", path}, "generate: 65536/", sig);
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.contains("interrupted; nothing written"), qPrintable(r.describe()));
    QVERIFY2(!r.err.contains("generate: 9000000/"), "the write ran to the end");
    QCOMPARE(entries(dir.path()), oldFile ? QStringList {"e.csv"} : QStringList());
    if (oldFile) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("t,input,target\n0,1,0\n"));
    }
}

void TestCoreCliRobust::signalDuringForecastPrintsNothing()
{
    QTemporaryDir dir;
    QCOMPARE(cli(trainArgs({"--save", dir.filePath("m.json")})).code, 0);
    // A million closed-loop steps take many seconds; the signal comes after the first.
    const Run r = signalAfter({"forecast", "--model", dir.filePath("m.json"), "--data", kAir, "--steps", "1000000"},
                              "forecast: 1/1000000 steps", SIGINT);
    QCOMPARE(r.code, 130);
    QVERIFY2(r.err.contains("interrupted; nothing printed"), qPrintable(r.describe()));
    QVERIFY2(r.out.isEmpty(), r.out.left(200).constData());
}

QTEST_APPLESS_MAIN(TestCoreCliRobust)
#include "tst_core_cli_robust.moc"
