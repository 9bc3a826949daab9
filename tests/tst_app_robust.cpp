// The window and its files under hostile input and faults: every number of an
// experiment file checked (the file, the field and the allowed range in the message),
// experiment saves and plot exports on a full disk (old file intact), a vanished data
// file, sizes past the memory limit in a hands-free run (stderr and a non-zero exit,
// never a dialog).
#include "support/tinyfs.h"

#include "datapanel.h"
#include "experiment.h"
#include "mainwindow.h"
#include "plots/plotexport.h"
#include "modelpanel.h"
#include "runs/rundock.h"
#include "runs/runlistmodel.h"
#include "runs/run_trainer.h"
#include "trainingpanel.h"

#include <qcustomplot.h>

#include <QAction>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStatusBar>
#include <QtTest>


using namespace rnnlab;
using nlohmann::json;

namespace {

const QString kAir = QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv");

QString rnnlabExe()
{
    return QFileInfo(QStringLiteral(RNNLAB_CLI)).absolutePath() + QStringLiteral("/rnnlab");
}

json validExperiment()
{
    Experiment e;
    e.dataPath = QStringLiteral("/data/air.csv");
    e.spec = parseModelSpec("lstm:4,dense", 1, 1);
    return experimentToJson(e);
}

std::string readerError(const json &j)
{
    try {
        experimentFromJson(j, "exp.json");
    } catch (const ExperimentError &e) {
        return e.what();
    }
    return {};
}

// An experiment in `dir` over a copy of the airline series (air.csv beside it) holding one
// finished run of two epochs; returns its path.
QString experimentWithARun(const QTemporaryDir &dir)
{
    const QString data = dir.filePath("air.csv");
    const QString exp = dir.filePath("e.json");
    if (!QFile::copy(kAir, data)) {
        return {};
    }
    MainWindow w;
    w.setInteractive(false);
    if (!w.openData(data)) {
        return {};
    }
    ModelSpec s = w.modelPanel()->spec();
    s.layers = {LayerSpec{LayerType::Lstm, 4, Activation::Tanh, true}, LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
    w.modelPanel()->setSpec(s);
    TrainConfig t = w.trainingPanel()->config();
    t.epochs = 2;
    w.trainingPanel()->setConfig(t);
    w.startTraining();
    if (!QTest::qWaitFor([&] { return !w.isTraining() && w.runDock()->model()->rowCount() == 1; }, 60000)) {
        return {};
    }
    return w.saveExperiment(exp) ? exp : QString();
}

QAction *dockAction(MainWindow &w, const QString &text)
{
    for (QAction *a : w.runDock()->findChildren<QAction *>()) {
        if (a->text() == text) {
            return a;
        }
    }
    return nullptr;
}

QByteArray slurp(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestAppRobust : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void experimentNumbers_data();
    void experimentNumbers();
    void experimentOverflowAndNul();
    void experimentHistoryBounded();
    void experimentSaveOnFullDisk();
    void plotExportsOnFullDisk();
    void pdfPageIsThePlot();
    void vanishedDataFile();
    void vanishedDataFileAtRetrain_data();
    void vanishedDataFileAtRetrain();
    void vanishedDataFileAtOpenKeepsTheRuns();
    void handsFreeExperimentWithoutItsData();
    void handsFreeMemoryLimit_data();
    void handsFreeMemoryLimit();
};

void TestAppRobust::experimentNumbers_data()
{
    QTest::addColumn<QString>("pointer"); // JSON pointer of the field
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    const QString whole = "is out of range (allowed: a whole number from %1 to %2)";
    QTest::newRow("lookback 0") << "/data/lookback" << "0" << "field \"data.lookback\": 0 " + whole.arg(1).arg(10000);
    QTest::newRow("lookback -7") << "/data/lookback" << "-7" << "field \"data.lookback\": -7 " + whole.arg(1).arg(10000);
    QTest::newRow("lookback 8.9e22") << "/data/lookback" << "8.9e22" << "field \"data.lookback\": 8.9e+22 " + whole.arg(1).arg(10000);
    QTest::newRow("stride 0") << "/data/stride" << "0" << "field \"data.stride\": 0 " + whole.arg(1).arg(1000);
    QTest::newRow("batch 0") << "/training/batch" << "0" << "field \"training.batch\": 0 " + whole.arg(1).arg(100000);
    QTest::newRow("epochs -5") << "/training/epochs" << "-5" << "field \"training.epochs\": -5 " + whole.arg(0).arg(100000);
    QTest::newRow("threads 1e6") << "/training/threads" << "1e6" << "field \"training.threads\": 1000000.0 " + whole.arg(1).arg(64);
    QTest::newRow("lr -1") << "/training/lr" << "-1"
                           << "field \"training.lr\": -1 is out of range (allowed: a number from 1e-06 to 1000)";
    QTest::newRow("lr string") << "/training/lr" << "\"fast\"" << "field \"training.lr\": \"fast\" is not a number";
    QTest::newRow("split [0,0,0]") << "/data/split" << "[0,0,0]" << "field \"data.split[0]\" (train): 0 is out of range";
    QTest::newRow("split sums to 2") << "/data/split" << "[0.9,0.9,0.2]" << "field \"data.split\": the three fractions must add up to 1";
    QTest::newRow("seed 2^64") << "/training/seed" << "18446744073709551615" << "field \"training.seed\": 18446744073709551615 is not a whole number from 0 to 2147483647";
    QTest::newRow("input_size huge") << "/input_size" << "1e300" << "field \"input_size\": 1e+300 " + whole.arg(1).arg(100000);
    QTest::newRow("version 1.5") << "/version" << "1.5" << "field \"version\": 1.5 is not a whole number";
    QTest::newRow("smoothing 1e9") << "/view/loss_smoothing" << "1e9" << "field \"view.loss_smoothing\": 1000000000.0 " + whole.arg(0).arg(95);
    QTest::newRow("training not an object") << "/training" << "[]" << "field \"training\": [] is not a JSON object";
    QTest::newRow("lstm:100000") << "/model_spec" << "\"lstm:100000,dense\"" << "more than the limit of";
}

void TestAppRobust::experimentNumbers()
{
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, message);
    json j = validExperiment();
    QCOMPARE(readerError(j), std::string()); // the untouched file reads
    j[json::json_pointer(pointer.toStdString())] = json::parse(value.toStdString());
    const std::string err = readerError(j);
    QVERIFY2(err.rfind("exp.json: ", 0) == 0, err.c_str());
    QVERIFY2(err.find(message.toStdString()) != std::string::npos, err.c_str());
    QVERIFY2(err.find("[json.exception") == std::string::npos, err.c_str());
}

void TestAppRobust::experimentOverflowAndNul()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("e.json");
    std::string text = validExperiment().dump();
    text.replace(text.find("\"lookback\":12"), 13, "\"lookback\":1e999");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(text.data(), qint64(text.size())) == qint64(text.size()));
    f.close();
    try {
        loadExperiment(path);
        QFAIL("1e999 accepted");
    } catch (const ExperimentError &e) {
        QCOMPARE(QString::fromStdString(e.what()), path + ": not valid JSON: number overflow parsing '1e999'");
    }
    try {
        loadExperiment(QStringLiteral("/dev/zero"));
        QFAIL("/dev/zero accepted");
    } catch (const ExperimentError &e) {
        QVERIFY2(std::string(e.what()).find("NUL byte at byte 0") != std::string::npos, e.what());
    }
}

void TestAppRobust::experimentHistoryBounded()
{
    // A heat map cell per epoch and time step: more layers or steps than the model
    // has would let a small file claim a huge map.
    json j = validExperiment();
    json epoch = {{"epoch", 1}, {"train_loss", 1.0}, {"val_loss", nullptr}, {"grad_norm", 1.0}, {"grad_norm_clipped", 1.0},
                  {"spectral_radius", {0.5}}, {"hidden_grad_norms", {std::vector<double>(12, 1.0)}}};
    j["history"] = {epoch};
    QCOMPARE(readerError(j), std::string());
    j["history"][0]["hidden_grad_norms"] = {std::vector<double>(13, 1.0)};
    QVERIFY(readerError(j).find("at most the lookback") != std::string::npos);
    j["history"] = {epoch, epoch};
    QVERIFY(readerError(j).find("epochs must increase") != std::string::npos);
    j["history"] = {epoch};
    j["history"][0]["hidden_grad_norms"] = {std::vector<double>(12, 1.0), std::vector<double>(12, 1.0)};
    QVERIFY(readerError(j).find("the model has 1 recurrent layers") != std::string::npos);
}

void TestAppRobust::experimentSaveOnFullDisk()
{
    TinyFs fs;
    REQUIRE_TINYFS(fs);
    const QString path = QString::fromStdString(fs.file("e.json"));
    Experiment small;
    small.dataPath = kAir;
    small.spec = parseModelSpec("lstm:2,dense", 1, 1);
    saveExperiment(path, small);
    const QByteArray before = slurp(path);
    Experiment big = small;
    big.spec = parseModelSpec("lstm:64,dense", 1, 1);
    big.params.assign(std::size_t(parameterCount(big.spec)), 0.123456f);
    try {
        saveExperiment(path, big);
        QFAIL("a 64 KiB disk took the file");
    } catch (const ExperimentError &e) {
        QVERIFY2(std::string(e.what()).find("No space left on device") != std::string::npos, e.what());
    }
    QCOMPARE(slurp(path), before);
    QCOMPARE(fs.entries(), QStringList {"e.json"});
}

void TestAppRobust::plotExportsOnFullDisk()
{
    TinyFs fs("16k");
    REQUIRE_TINYFS(fs);
    MainWindow w;
    w.setInteractive(false);
    QVERIFY(w.openData(kAir));
    w.resize(1280, 800);
    for (const QString format : {"png", "svg", "pdf", "csv"}) {
        const QString old = fs.path() + "/series." + format;
        QFile f(old);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("old") == 3);
        f.close();
        QVERIFY2(!w.exportPlots(fs.path(), format), qPrintable(format));
        QVERIFY2(w.lastError().contains("No space left on device"), qPrintable(w.lastError()));
        QCOMPARE(slurp(old), QByteArray("old"));
        QVERIFY(QFile::remove(old));
    }
    // A directory where the screenshot should go.
    QVERIFY(!w.saveScreenshot(fs.path()));
    QVERIFY2(w.lastError().contains("is a directory"), qPrintable(w.lastError()));
    // Plots that fitted are complete files; no temporary is left of those that did not.
    for (const QString &name : fs.entries()) {
        QVERIFY2(!name.startsWith('.'), qPrintable(name));
    }
}

void TestAppRobust::pdfPageIsThePlot()
{
    // Rendered into memory now (no QCustomPlot::savePdf): the page must be the plot's
    // size at screen resolution, with the plot drawn on it.
    QTemporaryDir dir;
    MainWindow w;
    w.setInteractive(false);
    QVERIFY(w.openData(kAir));
    w.resize(1280, 800);
    QVERIFY2(w.exportPlots(dir.path(), "pdf"), qPrintable(w.lastError()));
    const QByteArray pdf = slurp(dir.filePath("series.pdf"));
    QVERIFY(pdf.startsWith("%PDF-"));
    const QRegularExpressionMatch m = QRegularExpression(R"(/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\])").match(QString::fromLatin1(pdf));
    QVERIFY2(m.hasMatch(), "no page size");
    // One fixed page (8 x 5.33 in) whatever the plot's size on screen.
    QVERIFY2(qAbs(m.captured(1).toDouble() - kExportPdfSize.width()) < 1.5
                 && qAbs(m.captured(2).toDouble() - kExportPdfSize.height()) < 1.5,
             qPrintable(m.captured(0)));
    QVERIFY2(pdf.size() > 4000, "an empty page");
}

void TestAppRobust::vanishedDataFile()
{
    QTemporaryDir dir;
    const QString data = dir.filePath("air.csv");
    QVERIFY(QFile::copy(kAir, data));
    const QString exp = dir.filePath("e.json");
    {
        MainWindow a;
        a.setInteractive(false);
        QVERIFY(a.openData(data));
        QVERIFY2(a.saveExperiment(exp), qPrintable(a.lastError()));
        // Retrain after the file is gone: the series is in memory, so the run goes on.
        QVERIFY(QFile::remove(data));
        TrainConfig t = a.trainingPanel()->config();
        t.epochs = 1;
        a.trainingPanel()->setConfig(t);
        QSignalSpy done(&a, &MainWindow::trainingFinished);
        a.startTraining();
        QVERIFY(a.isTraining());
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 60000);
    }
    MainWindow b;
    b.setInteractive(false);
    QVERIFY(!b.openExperiment(exp));
    QVERIFY2(b.lastError().contains("air.csv was not found"), qPrintable(b.lastError()));
}

void TestAppRobust::vanishedDataFileAtRetrain_data()
{
    QTest::addColumn<bool>("rename");
    QTest::newRow("deleted") << false;
    QTest::newRow("renamed") << true;
}

void TestAppRobust::vanishedDataFileAtRetrain()
{
    // The experiment is open (its series in memory), then its file goes; Retrain in the
    // run list trains on the series that was read, which has the run's checksum: the
    // same numbers, bit for bit, and the status line says the file is gone.
    QFETCH(bool, rename);
    QTemporaryDir dir;
    const QString exp = experimentWithARun(dir);
    QVERIFY(!exp.isEmpty());
    MainWindow w;
    w.setInteractive(false);
    QVERIFY2(w.openExperiment(exp), qPrintable(w.lastError()));
    const RunRecord before = w.runDock()->model()->run(0);
    const QString data = dir.filePath("air.csv");
    QVERIFY(rename ? QFile::rename(data, dir.filePath("air-moved.csv")) : QFile::remove(data));
    w.runDock()->selectRows({0});
    QAction *retrain = dockAction(w, "Retrain");
    QVERIFY(retrain);
    QVERIFY(retrain->isEnabled());
    retrain->trigger();
    QVERIFY(w.isTraining());
    QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining() && w.runDock()->model()->rowCount() == 2, 60000);
    QCOMPARE(w.lastRetrainDifference(), QString());
    // The run list: the saved run untouched, its retrain after it.
    QCOMPARE(QString::fromStdString(firstDifference(w.runDock()->model()->run(0), before)), QString());
    QCOMPARE(w.runDock()->model()->run(1).name, before.name + " (retrain)");
    const QString status = w.statusBar()->currentMessage();
    QVERIFY2(status.contains("bit for bit") && status.contains(data) && status.contains("no longer exists"),
             qPrintable(status));
    // The window stays usable: the experiment saves (saying the file is gone) and a new run trains.
    QVERIFY2(w.saveExperiment(dir.filePath("again.json")), qPrintable(w.lastError()));
    TrainConfig t = w.trainingPanel()->config();
    t.epochs = 1;
    w.trainingPanel()->setConfig(t);
    w.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining() && w.runDock()->model()->rowCount() == 3, 60000);
}

void TestAppRobust::vanishedDataFileAtOpenKeepsTheRuns()
{
    // A window with an experiment's runs open; another experiment whose data is gone
    // fails to open, naming the file, and leaves the runs, the series and Retrain as they were.
    QTemporaryDir dirA, dirB;
    const QString a = experimentWithARun(dirA), b = experimentWithARun(dirB);
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    QVERIFY(QFile::remove(dirB.filePath("air.csv")));
    MainWindow w;
    w.setInteractive(false);
    QVERIFY2(w.openExperiment(a), qPrintable(w.lastError()));
    const std::vector<RunRecord> runs = w.runDock()->runs();
    QVERIFY(!w.openExperiment(b));
    QVERIFY2(w.lastError().contains(dirB.filePath("air.csv")) && w.lastError().contains("was not found"),
             qPrintable(w.lastError()));
    QCOMPARE(int(w.runDock()->runs().size()), int(runs.size()));
    QCOMPARE(QString::fromStdString(firstDifference(w.runDock()->runs()[0], runs[0])), QString());
    QCOMPARE(w.dataPanel()->filePath(), dirA.filePath("air.csv"));
    QCOMPARE(w.dataPanel()->series().rows(), 144);
    w.retrainRun(runs[0]);
    QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining() && w.runDock()->model()->rowCount() == 2, 60000);
    QCOMPARE(w.lastRetrainDifference(), QString());
}

void TestAppRobust::handsFreeExperimentWithoutItsData()
{
    // Hands free, the same experiment: stderr names the file, exit 2, no dialog to wait on.
    if (!QFileInfo(rnnlabExe()).isExecutable()) {
        QSKIP("the rnnlab executable is not built next to rnnlab-cli");
    }
    QTemporaryDir dir;
    const QString exp = experimentWithARun(dir);
    QVERIFY(!exp.isEmpty());
    QVERIFY(QFile::remove(dir.filePath("air.csv")));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    p.setProcessEnvironment(env);
    p.start(rnnlabExe(), {"--experiment", exp, "--autostart", "--quit-after-training"});
    QVERIFY(p.waitForFinished(120000)); // a file dialog nobody can answer would hang here
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() == 2, err.constData());
    QVERIFY2(err.contains((dir.filePath("air.csv") + " was not found").toUtf8()), err.constData());
}

void TestAppRobust::handsFreeMemoryLimit_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("limits"); // RNNLAB_MEMORY_LIMITS, empty: this machine's
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("refused") << "lstm:100000,dense" << "" << "more than the limit of" << QStringList();
    QTest::newRow("confirmation without a user") << "lstm:8,dense" << "1000,100000000000" << "not confirmed without a user"
                                                 << QStringList();
    // One member fits 1 MB, fifty (the most the Training tab takes, all built up front) do not.
    QTest::newRow("ensemble counts every member") << "lstm:4,dense" << "500000,1000000"
                                                  << "x 50 ensemble members needs about" << QStringList{"--ensemble", "50"};
}

void TestAppRobust::handsFreeMemoryLimit()
{
    QFETCH(QString, model);
    QFETCH(QString, limits);
    QFETCH(QString, message);
    QFETCH(QStringList, extra);
    if (!QFileInfo(rnnlabExe()).isExecutable()) {
        QSKIP("the rnnlab executable is not built next to rnnlab-cli");
    }
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    if (!limits.isEmpty()) {
        env.insert("RNNLAB_MEMORY_LIMITS", limits);
    }
    p.setProcessEnvironment(env);
    p.start(rnnlabExe(), QStringList{"--sample", "airpassengers", "--model", model, "--epochs", "1", "--autostart",
                                     "--quit-after-training"} + extra);
    QVERIFY(p.waitForFinished(120000)); // a dialog nobody can click would hang here
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() != 0, err.constData());
    QVERIFY2(err.contains(message.toUtf8()), err.constData());
}

QTEST_MAIN(TestAppRobust)
#include "tst_app_robust.moc"
