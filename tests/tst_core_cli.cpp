// rnnlab-cli as a user runs it: train, forecast, generate and bench in a child process,
// checking stdout line by line, the files they write, exit codes and error messages.
// Small settings (lstm:8 / gru:8, a few epochs, 144 rows) keep the whole run to seconds;
// nothing here is timed.
#include "io/model_file.h"
#include "data/series.h"
#include "nn/trainer.h"
#include "data/windows.h"

#include "support/cli_run.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace rnnlab;
using nlohmann::json;

namespace {

const QString kAir = QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv");

using Run = CliRun;

Run cli(const QStringList &args)
{
    return runCli(args, 60000);
}

// The fields of a CSV line, with RFC 4180 quotes ("ETS(A,A,M)" is one header field).
QStringList csvFields(const QString &line)
{
    QStringList out{QString()};
    bool quoted = false;
    for (QChar c : line) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (c == QLatin1Char(',') && !quoted) {
            out << QString();
        } else {
            out.last() += c;
        }
    }
    return out;
}

// A small, fast training run; extra arguments are appended. The transform is pinned
// (not auto) so the row counts below stay those of the raw series.
QStringList trainArgs(const QStringList &extra = {})
{
    return QStringList{"train", "--data", kAir, "--model", "lstm:8,dense", "--lookback", "12", "--epochs", "3",
                       "--transform", "none"} + extra;
}

QStringList lines(const QByteArray &text)
{
    QStringList l = QString::fromUtf8(text).split('\n');
    if (!l.isEmpty() && l.last().isEmpty()) {
        l.removeLast();
    }
    return l;
}

// Every stdout line must be one JSON object; a line that is not fails the test.
std::vector<json> jsonLines(const QByteArray &out)
{
    std::vector<json> v;
    for (const QString &line : lines(out)) {
        json j = json::parse(line.toStdString(), nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            qWarning("not a JSON object on stdout: %s", qPrintable(line));
            return {};
        }
        v.push_back(std::move(j));
    }
    return v;
}

std::vector<json> withoutSeconds(std::vector<json> v)
{
    for (json &j : v) {
        j.erase("seconds");
    }
    return v;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool allFinite(const Vec<float> &v)
{
    return v.size() > 0 && v.allFinite();
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    // The progress bar is drawn on stderr only when stderr is a terminal (here a pty
    // from script(1)); through pipes, as everywhere else in this file, stderr stays empty.
    void progressBarOnlyOnATerminal()
    {
        const Run piped = cli(trainArgs());
        QCOMPARE(piped.code, 0);
        QVERIFY2(piped.err.isEmpty(), piped.err.constData());
        if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty()) {
            QSKIP("script(1) is not installed: no pty to test the terminal case");
        }
        QStringList quoted;
        for (const QString &a : QStringList{QStringLiteral(RNNLAB_CLI)} + trainArgs()) {
            quoted << QLatin1Char('\'') + a + QLatin1Char('\'');
        }
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("stdout.jsonl"));
        QProcess p;
        p.start(QStringLiteral("script"), {QStringLiteral("-qec"), quoted.join(QLatin1Char(' ')) + QStringLiteral(" > ") + out,
                                           QStringLiteral("/dev/null")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray terminal = p.readAllStandardOutput(); // what the pty showed: stderr only
        QVERIFY2(terminal.contains("epoch 3/3 ["), terminal.constData());
        QVERIFY(terminal.contains("batch "));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();
        QVERIFY(!json.contains("batch ")); // nothing extra on stdout
        QCOMPARE(lines(json).size(), 4);   // 3 epochs + the summary
    }

    void trainPrintsOneJsonObjectPerEpochThenSummary();
    void trainReportsEveryRecurrentLayer();
    void summaryNaiveBaselineMatchesHandComputed();
    void splitWithoutValidationOrTest();
    void epochsZeroSavesInitialWeights();
    void outDirWritesFourFiles();
    void initWithOtherArchitectureIsRefused_data();
    void initWithOtherArchitectureIsRefused();
    void initWithSameArchitectureStartsFromFile();
    void sameSeedSameOutput();
    void badArguments_data();
    void badArguments();
    void divergenceExitsThreeAndKeepsFiniteWeights();
    void forecastContinuesPastTheEnd();
    void forecastOpenLoopMatchesTrainPredictions();
    void forecastRejectsBadModelFile();
    void generateEcho();
    void bench();
    void benchRejectsBadModel();
};

void TestCli::trainPrintsOneJsonObjectPerEpochThenSummary()
{
    const Run r = cli(trainArgs());
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const std::vector<json> v = jsonLines(r.out);
    QCOMPARE(int(v.size()), 4);
    for (int e = 0; e < 3; ++e) {
        const json &j = v[e];
        for (const char *key : {"epoch", "train_loss", "val_loss", "grad_norm", "hidden_grad_norms", "spectral_radius",
                                "seconds"}) {
            QVERIFY2(j.contains(key), key);
        }
        QCOMPARE(j["epoch"].get<int>(), e + 1);
        QVERIFY(j["train_loss"].is_number() && j["train_loss"].get<double>() > 0);
        QVERIFY(j["val_loss"].is_number() && j["val_loss"].get<double>() > 0);
        QVERIFY(j["grad_norm"].get<double>() > 0);
        QCOMPARE(int(j["hidden_grad_norms"].size()), 1);
        QCOMPARE(int(j["hidden_grad_norms"][0].size()), 12);
        for (const json &x : j["hidden_grad_norms"][0]) {
            QVERIFY(x.is_number() && std::isfinite(x.get<double>()) && x.get<double>() >= 0);
        }
        QCOMPARE(int(j["spectral_radius"].size()), 1);
        QVERIFY(j["spectral_radius"][0].get<double>() > 0);
    }
    QVERIFY(v[3].contains("summary"));
    const json &s = v[3]["summary"];
    QCOMPARE(s["epochs"].get<int>(), 3);
    const json &test = s["test"];
    QVERIFY(test.is_object());
    bool ar = false, seasonal = false;
    for (auto it = test.begin(); it != test.end(); ++it) {
        ar = ar || it.key().rfind("AR(", 0) == 0;
        seasonal = seasonal || it.key().rfind("seasonal naive", 0) == 0;
        if (!it.value().contains("skipped")) {
            QVERIFY2(std::isfinite(it.value()["mae"].get<double>()), it.key().c_str());
            QVERIFY2(std::isfinite(it.value()["rmse"].get<double>()), it.key().c_str());
            QVERIFY2(it.value()["rmse"].get<double>() >= it.value()["mae"].get<double>(), it.key().c_str());
        }
    }
    QVERIFY(test.contains("model"));
    QVERIFY(test.contains("naive"));
    QVERIFY(test.contains("drift"));
    QVERIFY2(ar, "no AR(p) baseline in the summary");
    QVERIFY2(seasonal, "no seasonal naive baseline in the summary");
}

void TestCli::trainReportsEveryRecurrentLayer()
{
    const Run r = cli({"train", "--data", kAir, "--model", "gru:8,lstm:4,dense", "--lookback", "12", "--epochs", "1"});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const std::vector<json> v = jsonLines(r.out);
    QCOMPARE(int(v.size()), 2);
    QCOMPARE(int(v[0]["hidden_grad_norms"].size()), 2);
    QCOMPARE(int(v[0]["hidden_grad_norms"][0].size()), 12);
    QCOMPARE(int(v[0]["hidden_grad_norms"][1].size()), 12);
    QCOMPARE(int(v[0]["spectral_radius"].size()), 2);
}

void TestCli::summaryNaiveBaselineMatchesHandComputed()
{
    // 144 rows, default split 0.7/0.15/0.15: the test split holds the last 22 rows, and the
    // naive forecast of row r is row r-1, so its MAE is the mean of |y_r - y_{r-1}| there.
    const Run r = cli(trainArgs({"--epochs", "1"}));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const std::vector<json> v = jsonLines(r.out);
    QVERIFY(!v.empty());
    const json &s = v.back()["summary"];
    QCOMPARE(s["test_windows"].get<int>(), 22);
    const Series series = loadSeries(kAir.toStdString());
    QCOMPARE(series.rows(), 144);
    double sum = 0;
    for (int row = 144 - 22; row < 144; ++row) {
        sum += std::abs(series.values(row, 0) - series.values(row - 1, 0));
    }
    QCOMPARE(s["test"]["naive"]["mae"].get<double>(), sum / 22);
}

void TestCli::splitWithoutValidationOrTest()
{
    const Run r = cli(trainArgs({"--split", "1,0,0", "--epochs", "2"}));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const std::vector<json> v = jsonLines(r.out);
    QCOMPARE(int(v.size()), 3);
    QVERIFY(v[0]["val_loss"].is_null());
    QVERIFY(v[1]["val_loss"].is_null());
    const json &s = v[2]["summary"];
    QVERIFY(s["test"].is_null());
    QCOMPARE(s["test_windows"].get<int>(), 0);
    QVERIFY2(s.contains("note") && s["note"].get<std::string>().find("no test") != std::string::npos, s.dump().c_str());
}

void TestCli::epochsZeroSavesInitialWeights()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("init.json");
    const Run r = cli(trainArgs({"--epochs", "0", "--save", path, "--seed", "5"}));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const std::vector<json> v = jsonLines(r.out);
    QCOMPARE(int(v.size()), 1);
    QCOMPARE(v[0]["summary"]["epochs"].get<int>(), 0);
    const ModelFile file = loadModelFile(path.toStdString());
    QCOMPARE(formatModelSpec(file.spec), std::string("lstm:8,dense"));

    // The weights are exactly those the engine initialises from seed 5.
    const Series series = loadSeries(kAir.toStdString());
    DataConfig dc;
    dc.lookback = 12;
    const Windows windows = makeWindows(series, dc);
    TrainConfig tc;
    tc.seed = 5;
    Trainer trainer(parseModelSpec("lstm:8,dense", 1, 1), tc, windows);
    QVERIFY(file.params.size() == trainer.model().params().size());
    QVERIFY(file.params == trainer.model().params());

    const Run f = cli({"forecast", "--model", path, "--data", kAir, "--steps", "3"});
    QVERIFY2(f.code == 0, qPrintable(f.describe()));
    QCOMPARE(lines(f.out).size(), 4);
}

void TestCli::outDirWritesFourFiles()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("run");
    const Run r = cli(trainArgs({"--out", out}));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const std::vector<json> v = jsonLines(r.out);
    QCOMPARE(int(v.size()), 4);

    const QStringList metrics = lines(readAll(out + "/metrics.csv"));
    QCOMPARE(metrics.size(), 4);
    QVERIFY2(metrics[0].startsWith("epoch,train_loss,val_loss,grad_norm"), qPrintable(metrics[0]));
    for (int e = 0; e < 3; ++e) {
        const QStringList cells = metrics[e + 1].split(',');
        QCOMPARE(cells[0].toInt(), e + 1);
        // The file carries the same numbers as stdout (printed with 10 digits).
        QVERIFY(std::abs(cells[1].toDouble() - v[e]["train_loss"].get<double>()) < 1e-8);
        QVERIFY(std::abs(cells[2].toDouble() - v[e]["val_loss"].get<double>()) < 1e-8);
    }

    // One row per window (89 train + 21 val + 22 test): time, actual, split, model, baselines.
    const QStringList pred = lines(readAll(out + "/predictions.csv"));
    QCOMPARE(pred.size(), 1 + 132);
    QVERIFY2(pred[0].startsWith("time,actual,split,model,"), qPrintable(pred[0]));
    QVERIFY2(pred[0].contains("naive"), qPrintable(pred[0]));
    QVERIFY2(pred[0].contains("AR("), qPrintable(pred[0]));
    const int columns = csvFields(pred[0]).size();
    QVERIFY(columns >= 7);
    // The first window's target is row 12 (1950-01: 115 passengers); the naive forecast is row 11 (118).
    const QStringList first = pred[1].split(',');
    QCOMPARE(first.size(), columns);
    QCOMPARE(first[0], QString("1950-01"));
    QCOMPARE(first[1].toDouble(), 115.0);
    QCOMPARE(first[2], QString("train"));
    QCOMPARE(first[csvFields(pred[0]).indexOf("naive")].toDouble(), 118.0);
    QCOMPARE(pred[89].split(',')[2], QString("train"));
    QCOMPARE(pred[90].split(',')[2], QString("val"));
    QCOMPARE(pred[111].split(',')[2], QString("test"));
    QCOMPARE(pred.last().split(',')[0], QString("1960-12"));
    QCOMPARE(pred.last().split(',')[1].toDouble(), 432.0);

    // Epoch x layer rows, one column per time step.
    const QStringList grads = lines(readAll(out + "/gradnorms.csv"));
    QCOMPARE(grads.size(), 4);
    QVERIFY2(grads[0].startsWith("epoch,layer,t0,"), qPrintable(grads[0]));
    QCOMPARE(grads[0].split(',').size(), 2 + 12);
    QCOMPARE(grads[3].split(',').size(), 2 + 12);
    QCOMPARE(grads[3].split(',')[0], QString("3"));
    QVERIFY(std::abs(grads[3].split(',')[13].toDouble() - v[2]["hidden_grad_norms"][0][11].get<double>()) < 1e-8);

    const ModelFile model = loadModelFile((out + "/model.json").toStdString());
    QCOMPARE(formatModelSpec(model.spec), std::string("lstm:8,dense"));
    QVERIFY(allFinite(model.params));
}

void TestCli::initWithOtherArchitectureIsRefused_data()
{
    QTest::addColumn<QString>("fileModel");
    QTest::newRow("other cell") << "gru:8,dense";
    QTest::newRow("other size") << "lstm:16,dense";
    QTest::newRow("other depth") << "lstm:8,lstm:8,dense";
}

void TestCli::initWithOtherArchitectureIsRefused()
{
    QFETCH(QString, fileModel);
    QTemporaryDir dir;
    const QString path = dir.filePath("other.json");
    const Run save = cli({"train", "--data", kAir, "--model", fileModel, "--lookback", "12", "--epochs", "0", "--save", path});
    QVERIFY2(save.code == 0, qPrintable(save.describe()));
    const Run r = cli(trainArgs({"--init", path}));
    QVERIFY2(r.code == 2, qPrintable(r.describe()));
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains("--init"), r.err.constData());
    QVERIFY2(r.err.contains(fileModel.toUtf8()), r.err.constData());
    QVERIFY2(r.err.contains("lstm:8,dense"), r.err.constData());
}

void TestCli::initWithSameArchitectureStartsFromFile()
{
    QTemporaryDir dir;
    const QString init = dir.filePath("init.json");
    const QString again = dir.filePath("again.json");
    QCOMPARE(cli(trainArgs({"--epochs", "0", "--seed", "7", "--save", init})).code, 0);
    // Seed 1 would initialise differently; with --init the file's weights win.
    const Run r = cli(trainArgs({"--epochs", "0", "--seed", "1", "--init", init, "--save", again}));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const ModelFile a = loadModelFile(init.toStdString());
    const ModelFile b = loadModelFile(again.toStdString());
    QVERIFY(a.params == b.params);
    // And training from it runs.
    const Run t = cli(trainArgs({"--epochs", "1", "--init", init}));
    QVERIFY2(t.code == 0, qPrintable(t.describe()));
    QCOMPARE(int(jsonLines(t.out).size()), 2);
}

void TestCli::sameSeedSameOutput()
{
    const QStringList args = trainArgs({"--model", "gru:8,dense", "--seed", "11"});
    const Run a = cli(args);
    const Run b = cli(args);
    const Run c = cli(trainArgs({"--model", "gru:8,dense", "--seed", "12"}));
    QVERIFY2(a.code == 0 && b.code == 0 && c.code == 0, qPrintable(a.describe()));
    const std::vector<json> ja = withoutSeconds(jsonLines(a.out));
    QCOMPARE(int(ja.size()), 4);
    QVERIFY(ja == withoutSeconds(jsonLines(b.out)));
    // Guards the comparison itself: another seed must differ.
    QVERIFY(ja != withoutSeconds(jsonLines(c.out)));
}

void TestCli::badArguments_data()
{
    const QString malformed = QStringLiteral(RNNLAB_TEST_DATA "/malformed/07_non_numeric_cell.csv");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("mustContain");
    QTest::newRow("unknown option") << trainArgs({"--bogus", "1"}) << QStringList{"--bogus"};
    QTest::newRow("lookback not a number") << trainArgs({"--lookback", "abc"}) << QStringList{"--lookback", "abc"};
    QTest::newRow("zero units") << trainArgs({"--model", "lstm:0"}) << QStringList{"--model", "lstm:0"};
    QTest::newRow("unknown layer") << trainArgs({"--model", "foo:3"}) << QStringList{"--model", "foo"};
    QTest::newRow("no data") << QStringList{"train", "--model", "lstm:8,dense", "--lookback", "12"}
                             << QStringList{"--data"};
    QTest::newRow("malformed data")
        << QStringList{"train", "--data", malformed, "--model", "lstm:8,dense", "--lookback", "12"}
        << QStringList{"07_non_numeric_cell.csv:13", "1l8"};
    QTest::newRow("missing data file")
        << QStringList{"train", "--data", "/nonexistent/x.csv", "--model", "lstm:8,dense", "--lookback", "12"}
        << QStringList{"/nonexistent/x.csv"};
    QTest::newRow("unknown loss") << trainArgs({"--loss", "xyz"}) << QStringList{"--loss", "xyz"};
    QTest::newRow("unknown optimizer") << trainArgs({"--optimizer", "adamw"}) << QStringList{"--optimizer", "adamw"};
    QTest::newRow("two split fractions") << trainArgs({"--split", "0.5,0.5"}) << QStringList{"--split"};
    QTest::newRow("split not summing to 1") << trainArgs({"--split", "0.5,0.5,0.5"}) << QStringList{"--split", "sum to 1"};
    QTest::newRow("negative epochs") << trainArgs({"--epochs", "-1"}) << QStringList{"--epochs"};
    QTest::newRow("lookback too long") << trainArgs({"--lookback", "200"}) << QStringList{"lookback 200"};
    QTest::newRow("unknown target") << trainArgs({"--target", "nope"}) << QStringList{"nope"};
    QTest::newRow("stray argument") << trainArgs({"extra"}) << QStringList{"extra"};
    QTest::newRow("forecast without steps")
        << QStringList{"forecast", "--model", "m.json", "--data", kAir} << QStringList{"--steps"};
    QTest::newRow("forecast bad mode")
        << QStringList{"forecast", "--model", "m.json", "--data", kAir, "--steps", "3", "--mode", "sideways"}
        << QStringList{"--mode", "sideways"};
    QTest::newRow("generate unknown series")
        << QStringList{"generate", "square", "--out", "/nonexistent/x.csv"} << QStringList{"square"};
    QTest::newRow("unknown command") << QStringList{"fly"} << QStringList{"fly"};
}

void TestCli::badArguments()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, mustContain);
    const Run r = cli(args);
    QVERIFY2(r.code == 2, qPrintable(r.describe()));
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    for (const QString &s : mustContain) {
        QVERIFY2(r.err.contains(s.toUtf8()), qPrintable(QString("\"%1\" not in: %2").arg(s, QString::fromUtf8(r.err))));
    }
}

void TestCli::divergenceExitsThreeAndKeepsFiniteWeights()
{
    // Plain SGD with a huge step overflows the LSTM within the first batches.
    QTemporaryDir dir;
    const QString path = dir.filePath("diverged.json");
    const Run r = cli(trainArgs({"--optimizer", "sgd", "--lr", "1e6", "--save", path}));
    QVERIFY2(r.code == 3, qPrintable(r.describe()));
    QVERIFY2(r.err.contains("non-finite"), r.err.constData());
    QVERIFY2(r.err.contains("layer"), r.err.constData());
    QVERIFY2(r.err.contains("epoch"), r.err.constData());
    for (const json &j : jsonLines(r.out)) {
        QVERIFY(!j.contains("summary") || j["summary"].is_object());
    }
    const ModelFile file = loadModelFile(path.toStdString());
    QVERIFY(allFinite(file.params));
}

void TestCli::forecastContinuesPastTheEnd()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("m.json");
    QCOMPARE(cli(trainArgs({"--save", path})).code, 0);
    const Run r = cli({"forecast", "--model", path, "--data", kAir, "--steps", "24"});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QVERIFY(r.err.isEmpty());
    const QStringList l = lines(r.out);
    QCOMPARE(l.size(), 25);
    QCOMPARE(l[0], QString("time,forecast"));
    // The data ends in 1960-12: the forecast covers 1961-01 .. 1962-12, month by month.
    for (int k = 0; k < 24; ++k) {
        const QStringList cells = l[k + 1].split(',');
        QCOMPARE(cells.size(), 2);
        QCOMPARE(cells[0], QString("%1-%2").arg(1961 + k / 12).arg(k % 12 + 1, 2, 10, QChar('0')));
        bool ok = false;
        const double x = cells[1].toDouble(&ok);
        QVERIFY2(ok && std::isfinite(x), qPrintable(l[k + 1]));
    }
}

void TestCli::forecastOpenLoopMatchesTrainPredictions()
{
    // Open loop from real inputs must reproduce the model column train wrote for the same rows.
    QTemporaryDir dir;
    const QString out = dir.filePath("run");
    QCOMPARE(cli(trainArgs({"--out", out})).code, 0);
    const Run r = cli({"forecast", "--model", out + "/model.json", "--data", kAir, "--steps", "5", "--mode", "open"});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QStringList l = lines(r.out);
    QCOMPARE(l.size(), 6);
    QCOMPARE(l[0], QString("time,forecast"));
    const QStringList pred = lines(readAll(out + "/predictions.csv"));
    for (int k = 1; k <= 5; ++k) {
        const QStringList f = l[k].split(',');
        const QStringList p = pred[k].split(',');
        QCOMPARE(f[0], p[0]);
        QVERIFY2(std::abs(f[1].toDouble() - p[3].toDouble()) < 1e-6 * std::abs(p[3].toDouble()) + 1e-9,
                 qPrintable(l[k] + " vs " + pred[k]));
    }
}

void TestCli::forecastRejectsBadModelFile()
{
    QTemporaryDir dir;
    const QString truncated = dir.filePath("truncated.json");
    {
        QFile f(truncated);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "rnnlab-model", "version": 1, "layers": [)");
    }
    const QString noData = dir.filePath("nodata.json");
    {
        // A valid model with no "data" settings: forecast cannot know the columns or lookback.
        Model<float> model(parseModelSpec("lstm:4,dense", 1, 1));
        model.initialize(InitConfig{}, 1);
        saveModelFile(noData.toStdString(), model);
    }
    for (const QString &path : {truncated, noData, dir.filePath("absent.json")}) {
        const Run r = cli({"forecast", "--model", path, "--data", kAir, "--steps", "3"});
        QVERIFY2(r.code == 2, qPrintable(r.describe()));
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(QFileInfo(path).fileName().toUtf8()), r.err.constData());
    }
}

void TestCli::generateEcho()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("echo.csv");
    const Run r = cli({"generate", "echo", "--rows", "100", "--lag", "5", "--seed", "3", "--out", path});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const Series s = loadSeries(path.toStdString());
    QCOMPARE(s.rows(), 100);
    const int input = s.columnIndex("input");
    const int target = s.columnIndex("target");
    QVERIFY(input >= 0 && target >= 0);
    double spread = 0;
    for (int t = 0; t < 100; ++t) {
        QVERIFY(std::abs(s.values(t, input)) <= 1.0);
        spread = std::max(spread, std::abs(s.values(t, input)));
        if (t >= 5) {
            QCOMPARE(s.values(t, target), s.values(t - 5, input));
        } else {
            QCOMPARE(s.values(t, target), 0.0);
        }
    }
    QVERIFY(spread > 0.5); // not all zeros
}

void TestCli::bench()
{
    const Run r = cli({"bench", "--model", "gru:8,dense", "--lookback", "10", "--batch", "4", "--steps", "3"});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const std::vector<json> v = jsonLines(r.out);
    QCOMPARE(int(v.size()), 1);
    QVERIFY(v[0]["sec_per_step"].get<double>() > 0);
    QVERIFY(v[0]["steps_per_sec"].get<double>() > 0);
    QCOMPARE(v[0]["model"].get<std::string>(), std::string("gru:8,dense"));
}

void TestCli::benchRejectsBadModel()
{
    const Run r = cli({"bench", "--model", "nope"});
    QVERIFY2(r.code == 2, qPrintable(r.describe()));
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains("--model"), r.err.constData());
    QVERIFY2(r.err.contains("nope"), r.err.constData());
}

QTEST_APPLESS_MAIN(TestCli)
#include "tst_core_cli.moc"
