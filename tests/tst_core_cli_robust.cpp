// rnnlab-cli under faults, as a user meets them: Ctrl-C / SIGTERM during `train`
// (stop after the batch, save marked as interrupted, exit 130 / 143), output paths
// that cannot be written (refused before the first epoch, with the OS reason), a
// full or read-only filesystem, sizes past the memory limit, an --init that does not fit.
#include "support/tinyfs.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <csignal>

using nlohmann::json;

namespace {

const QString kAir = QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv");

struct Run {
    int code = -1;
    QByteArray out, err;
    QString describe() const { return QString("exit %1, stderr: %2").arg(code).arg(QString::fromUtf8(err)); }
};

Run cli(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RNNLAB_CLI), args);
    Run r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        r.err = "did not start or did not finish";
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
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
    QVERIFY2(rows.err.contains("--rows: 100000000 is out of range"), qPrintable(rows.describe()));
    QCOMPARE(cli({"generate", "echo", "--rows", "100", "--out", dir.filePath("e.csv")}).code, 0);
    const Run toDir = cli({"generate", "echo", "--rows", "100", "--out", dir.path()});
    QCOMPARE(toDir.code, 2);
    QVERIFY2(toDir.err.contains("is a directory") && !toDir.err.contains("Success"), qPrintable(toDir.describe()));
    QCOMPARE(cli(trainArgs({"--save", dir.filePath("m.json")})).code, 0);
    const Run steps = cli({"forecast", "--model", dir.filePath("m.json"), "--data", kAir, "--steps", "100000000"});
    QCOMPARE(steps.code, 2);
    QVERIFY2(steps.err.contains("--steps: 100000000 is out of range"), qPrintable(steps.describe()));
}

QTEST_APPLESS_MAIN(TestCoreCliRobust)
#include "tst_core_cli_robust.moc"
