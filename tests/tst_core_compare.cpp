// Comparisons: the plan (cells replaced in every recurrent layer, gains, clip norms),
// the runner (concurrent runs equal the same runs trained alone on one thread, bit for
// bit; cancel), and `rnnlab-cli compare` as a user runs it: the files, runs.csv's
// columns, bad arguments exiting 2 and naming them, and on the echo task the vanishing
// gradient of the tanh RNN beside the LSTM's and GRU's. Nothing here is timed.
#include "data/series.h"
#include "io/model_file.h"
#include "runs/comparison.h"
#include "runs/sha256.h"

#include "support/cli_run.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <mutex>

using namespace rnnlab;
using nlohmann::json;

namespace {

const QString kAir = QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
const QString kEcho = QStringLiteral(RNNLAB_SAMPLE_DATA "/echo_lag20.csv");

using Run = CliRun;

Run cli(const QStringList &args)
{
    return runCli(args, 300000);
}

QStringList compareArgs(const QString &out, const QStringList &extra = {})
{
    return QStringList{"compare", "--data", kAir, "--model", "lstm:6,dense", "--lookback", "12", "--epochs", "2",
                       "--out", out}
        + extra;
}

QStringList lines(const QByteArray &text)
{
    QStringList l = QString::fromUtf8(text).split('\n');
    if (!l.isEmpty() && l.last().isEmpty()) {
        l.removeLast();
    }
    return l;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// One CSV line split into cells, RFC 4180 quotes undone ("a,b" and "" inside quotes).
QStringList csvCells(const QString &line)
{
    QStringList cells;
    QString cur;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cur += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cur += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells << cur;
            cur.clear();
        } else {
            cur += c;
        }
    }
    cells << cur;
    return cells;
}

// runs.csv as name -> column -> cell.
struct Table {
    QStringList header;
    std::map<QString, std::map<QString, QString>> rows;
    QStringList order;
};

Table readCsv(const QString &path)
{
    Table t;
    const QStringList l = lines(readAll(path));
    if (l.isEmpty()) {
        return t;
    }
    t.header = csvCells(l[0]);
    for (int i = 1; i < l.size(); ++i) {
        const QStringList cells = csvCells(l[i]);
        if (cells.size() != t.header.size()) {
            qWarning("runs.csv line %d has %d cells for %d columns", i + 1, int(cells.size()), int(t.header.size()));
            return {};
        }
        for (int c = 0; c < cells.size(); ++c) {
            t.rows[cells[0]][t.header[c]] = cells[c];
        }
        t.order << cells[0];
    }
    return t;
}

RunSettings airSettings(const Series &series, const std::string &model)
{
    RunSettings s;
    s.data.file = series.source;
    s.windows.lookback = 12;
    s.spec = parseModelSpec(model, 1, 1);
    s.train.epochs = 3;
    s.train.batchSize = 16;
    s.train.seed = 11;
    return s;
}

} // namespace

class TestCompare : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void withCellReplacesEveryRecurrentLayer();
    void planIsTheProductOfTheAxes();
    void planRejectsBadAxes();
    void concurrentRunsEqualRunsTrainedAlone();
    void cancelStopsEveryRun();
    void autoClipUsesTheMedianNormOfTheUnclippedRun();
    void cliWritesOneDirectoryPerRunAndRunsCsv();
    void cliGainsAndClipNormsAddTheirColumns();
    void cliAutoClip();
    void cliDivergedRunExitsThreeAndTheOthersAreWritten();
    void cliBadArguments_data();
    void cliBadArguments();
    void cliRunDirectoryIsTrainsOutDirectory();
    void echoTaskShowsTheVanishingGradient();

private:
    Series m_air;
};

void TestCompare::initTestCase()
{
    m_air = loadSeries(kAir.toStdString());
}

void TestCompare::withCellReplacesEveryRecurrentLayer()
{
    const ModelSpec base = parseModelSpec("rnn:16:relu,lstm:8,dense:4:tanh,dense", 2, 3);
    const ModelSpec gru = withCell(base, LayerType::Gru);
    QCOMPARE(formatModelSpec(gru), std::string("gru:16,gru:8,dense:4:tanh,dense"));
    QCOMPARE(gru.inputSize, 2);
    const ModelSpec rnn = withCell(base, LayerType::Rnn);
    QCOMPARE(formatModelSpec(rnn), std::string("rnn:16:relu,rnn:8,dense:4:tanh,dense")); // its own activation kept
    QVERIFY_THROWS_EXCEPTION(SpecError, withCell(base, LayerType::Dense));
}

void TestCompare::planIsTheProductOfTheAxes()
{
    RunSettings base = airSettings(m_air, "lstm:8,lstm:4,dense");
    base.train.threads = 2;
    ComparisonAxes axes;
    axes.cells = {LayerType::Rnn, LayerType::Gru};
    axes.gains = {0.5, 1.5};
    axes.clipNorms = {0, 1};
    const std::vector<PlannedRun> plan = planComparison(base, axes);
    QCOMPARE(int(plan.size()), 8);
    QCOMPARE(plan[0].name, std::string("rnn_gain0.5_noclip"));
    QCOMPARE(plan[1].name, std::string("rnn_gain0.5_clip1"));
    QCOMPARE(plan[7].name, std::string("gru_gain1.5_clip1"));
    for (const PlannedRun &p : plan) {
        QCOMPARE(p.settings.train.threads, 1);
        QCOMPARE(p.settings.train.seed, base.train.seed);
        QCOMPARE(p.settings.windows.lookback, base.windows.lookback);
    }
    QCOMPARE(formatModelSpec(plan[7].settings.spec), std::string("gru:8,gru:4,dense"));
    QCOMPARE(plan[7].settings.train.init.recurrentGain, 1.5);
    QCOMPARE(plan[0].settings.train.clip.kind, ClipKind::None);
    QCOMPARE(plan[1].settings.train.clip.kind, ClipKind::Norm);
    QCOMPARE(plan[1].settings.train.clip.threshold, 1.0);
    // One axis only: the base cell names the runs.
    ComparisonAxes gains;
    gains.gains = {0.5, 1};
    const std::vector<PlannedRun> g = planComparison(base, gains);
    QCOMPARE(int(g.size()), 2);
    QCOMPARE(g[0].name, std::string("lstm_gain0.5"));
    QCOMPARE(formatModelSpec(g[1].settings.spec), std::string("lstm:8,lstm:4,dense"));
}

void TestCompare::planRejectsBadAxes()
{
    const RunSettings base = airSettings(m_air, "lstm:8,dense");
    ComparisonAxes a;
    a.cells = {LayerType::Lstm, LayerType::Dense};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, planComparison(base, a));
    a = {};
    a.gains = {-1};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, planComparison(base, a));
    a = {};
    a.clipNorms = {1, 1};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, planComparison(base, a));
}

void TestCompare::concurrentRunsEqualRunsTrainedAlone()
{
    RunSettings base = airSettings(m_air, "lstm:6,lstm:4,dense");
    base.train.clip = ClipConfig{ClipKind::Norm, 0.5};
    ComparisonAxes axes;
    axes.cells = {LayerType::Rnn, LayerType::Lstm, LayerType::Gru};
    const std::vector<PlannedRun> plan = planComparison(base, axes);
    // Three workers at once even on a two-core machine: correctness cannot depend on it.
    std::mutex mutex;
    std::map<int, int> epochsSeen;
    ComparisonHooks hooks;
    hooks.onEpoch = [&](int run, const EpochStats &) {
        std::lock_guard lock(mutex);
        ++epochsSeen[run];
    };
    const std::vector<RunRecord> together = runComparison(plan, m_air, 3, hooks);
    QCOMPARE(int(together.size()), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(epochsSeen[i], 3);
        const RunRecord alone = trainRun(plan[std::size_t(i)].name, plan[std::size_t(i)].settings, m_air);
        QCOMPARE(alone.settings.train.threads, 1);
        const std::string diff = firstDifference(together[std::size_t(i)], alone);
        QVERIFY2(diff.empty(), (plan[std::size_t(i)].name + ": " + diff).c_str());
        QCOMPARE(together[std::size_t(i)].name, plan[std::size_t(i)].name);
    }
    QCOMPARE(together[0].settings.spec.layers[1].type, LayerType::Rnn);
    QCOMPARE(together[2].settings.spec.layers[0].type, LayerType::Gru);
    // The cells really differ (the comparison is not three copies of one run).
    QVERIFY(!firstDifference(together[0], together[1]).empty());
    // Sequentially, on the calling thread, the same numbers.
    const std::vector<RunRecord> sequential = runComparison(plan, m_air, 1);
    for (int i = 0; i < 3; ++i) {
        const std::string diff = firstDifference(together[std::size_t(i)], sequential[std::size_t(i)]);
        QVERIFY2(diff.empty(), diff.c_str());
    }
}

void TestCompare::cancelStopsEveryRun()
{
    RunSettings base = airSettings(m_air, "lstm:6,dense");
    base.train.epochs = 50;
    ComparisonAxes axes;
    axes.gains = {0.5, 1, 1.5, 2};
    const std::vector<PlannedRun> plan = planComparison(base, axes);
    std::atomic<bool> cancel{false};
    ComparisonHooks hooks;
    hooks.cancel = &cancel;
    hooks.onEpoch = [&](int, const EpochStats &st) {
        if (st.epoch == 2) {
            cancel = true;
        }
    };
    const std::vector<RunRecord> runs = runComparison(plan, m_air, 2, hooks);
    QCOMPARE(int(runs.size()), 4);
    for (const RunRecord &r : runs) {
        QCOMPARE(r.end, RunEnd::Stopped);
        QVERIFY2(r.history.size() < 50, r.name.c_str());
    }
    // The unstarted runs are there, named, with nothing trained.
    QCOMPARE(runs[3].name, plan[3].name);
    QVERIFY(runs[3].history.empty() && runs[3].params.empty());
}

void TestCompare::autoClipUsesTheMedianNormOfTheUnclippedRun()
{
    const RunSettings base = airSettings(m_air, "rnn:8,dense");
    ComparisonAxes axes;
    axes.cells = {LayerType::Rnn, LayerType::Lstm};
    axes.clipNorms = {0};
    axes.clipAuto = true;
    const std::vector<PlannedRun> plan = planComparison(base, axes);
    QCOMPARE(int(plan.size()), 4);
    QCOMPARE(plan[0].name, std::string("rnn_noclip"));
    QCOMPARE(plan[1].name, std::string("rnn_clipauto"));
    QCOMPARE(plan[1].clipFrom, 0);
    QCOMPARE(plan[3].name, std::string("lstm_clipauto"));
    QCOMPARE(plan[3].clipFrom, 2);
    const std::vector<RunRecord> runs = runComparison(plan, m_air, 2);
    for (int i : {1, 3}) {
        const RunRecord &twin = runs[std::size_t(plan[std::size_t(i)].clipFrom)];
        const double median = suggestedClipNorm(twin);
        QVERIFY(std::isfinite(median) && median > 0);
        QCOMPARE(runs[std::size_t(i)].settings.train.clip.kind, ClipKind::Norm);
        QCOMPARE(runs[std::size_t(i)].settings.train.clip.threshold, median);
        // The clipped run is the run the same settings give alone.
        const RunRecord alone = trainRun(plan[std::size_t(i)].name, runs[std::size_t(i)].settings, m_air);
        const std::string diff = firstDifference(runs[std::size_t(i)], alone);
        QVERIFY2(diff.empty(), diff.c_str());
        QVERIFY(!firstDifference(runs[std::size_t(i)], twin).empty());
    }
    ComparisonAxes bad;
    bad.clipNorms = {1};
    bad.clipAuto = true;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, planComparison(base, bad));
}

void TestCompare::cliAutoClip()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("ab");
    const Run r = cli(compareArgs(out, {"--clip-norms", "0,auto"}));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const Table t = readCsv(out + "/runs.csv");
    QCOMPARE(t.order, (QStringList{"lstm_noclip", "lstm_clipauto"}));
    const RunRecord noclip = loadRunRecord((out + "/lstm_noclip/run.json").toStdString());
    const RunRecord clipped = loadRunRecord((out + "/lstm_clipauto/run.json").toStdString());
    QCOMPARE(clipped.settings.train.clip.threshold, suggestedClipNorm(noclip));
    QVERIFY(std::abs(t.rows.at("lstm_clipauto").at("clip_norm").toDouble() / suggestedClipNorm(noclip) - 1) < 1e-9);
}

void TestCompare::cliDivergedRunExitsThreeAndTheOthersAreWritten()
{
    // Plain SGD with a huge step overflows the unclipped runs in epoch 1; their auto
    // clip twins then have no threshold and are not trained, which runs.csv says.
    QTemporaryDir dir;
    const QString out = dir.filePath("div");
    const Run r = cli(compareArgs(out, {"--cells", "rnn,lstm", "--clip-norms", "0,auto", "--optimizer", "sgd", "--lr", "1e6"}));
    QVERIFY2(r.code == 3, qPrintable(r.describe()));
    QVERIFY2(r.err.contains("run rnn_noclip diverged in epoch 1"), r.err.constData());
    QVERIFY2(r.err.contains("run lstm_clipauto was not trained"), r.err.constData());
    const Table t = readCsv(out + "/runs.csv");
    QCOMPARE(t.order, (QStringList{"rnn_noclip", "rnn_clipauto", "lstm_noclip", "lstm_clipauto"}));
    QCOMPARE(t.rows.at("lstm_noclip").at("end"), QString("diverged at epoch 1"));
    QVERIFY2(t.rows.at("lstm_noclip").at("note").contains("non-finite"), qPrintable(t.rows.at("lstm_noclip").at("note")));
    QVERIFY(t.rows.at("lstm_noclip").at("test_mase").isEmpty());
    QVERIFY2(t.rows.at("rnn_clipauto").at("note").contains("completed no epoch"),
             qPrintable(t.rows.at("rnn_clipauto").at("note")));
    // The diverged run keeps its last finite weights; the untrained one has its record only.
    const ModelFile kept = loadModelFile((out + "/lstm_noclip/model.json").toStdString());
    QVERIFY(kept.params.allFinite());
    QVERIFY(QFile::exists(out + "/rnn_clipauto/run.json"));
    QVERIFY(!QFile::exists(out + "/rnn_clipauto/model.json"));
    QVERIFY(loadRunRecord((out + "/rnn_clipauto/run.json").toStdString()).params.empty());
}

void TestCompare::cliRunDirectoryIsTrainsOutDirectory()
{
    // A compared run's directory has train --out's formats: the same CSV headers, and the
    // same time labels in predictions.csv (ISO 8601, not the file's own day-first cells).
    QTemporaryDir dir;
    const QString data = dir.filePath("days.csv");
    {
        QFile f(data);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("date,value\n");
        for (int i = 0; i < 60; ++i) {
            f.write(QString("%1.%2.2020,%3\n").arg(1 + i % 28, 2, 10, QChar('0')).arg(1 + i / 28, 2, 10, QChar('0'))
                        .arg(std::sin(0.4 * i) + 0.01 * i, 0, 'f', 4).toUtf8());
        }
    }
    const QStringList common{"--data", data, "--model", "gru:4,dense", "--lookback", "6", "--epochs", "2"};
    const Run c = cli(QStringList{"compare", "--cells", "gru", "--out", dir.filePath("cmp")} + common);
    QVERIFY2(c.code == 0, qPrintable(c.describe()));
    const Run t = cli(QStringList{"train", "--transform", "none", "--window-norm", "none", "--patience", "0", "--out",
                                  dir.filePath("train")} + common);
    QVERIFY2(t.code == 0, qPrintable(t.describe()));
    const QStringList fromCompare = lines(readAll(dir.filePath("cmp/gru/predictions.csv")));
    const QStringList fromTrain = lines(readAll(dir.filePath("train/predictions.csv")));
    QCOMPARE(fromCompare.size(), fromTrain.size());
    QCOMPARE(fromCompare[0], fromTrain[0]);
    QVERIFY2(fromTrain[1].startsWith("2020-01-07"), qPrintable(fromTrain[1])); // row 6, the first target
    for (int i = 1; i < fromTrain.size(); ++i) {
        QCOMPARE(fromCompare[i].section(',', 0, 0), fromTrain[i].section(',', 0, 0));
    }
    for (const char *file : {"metrics.csv", "gradnorms.csv"}) {
        QCOMPARE(lines(readAll(dir.filePath("cmp/gru/") + file))[0], lines(readAll(dir.filePath("train/") + file))[0]);
    }
}

void TestCompare::cliWritesOneDirectoryPerRunAndRunsCsv()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("cmp");
    const Run r = cli(compareArgs(out, {"--cells", "rnn,lstm,gru"}));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QStringList stdoutLines = lines(r.out);
    QCOMPARE(stdoutLines.size(), 3);
    for (const QString &line : stdoutLines) {
        const json j = json::parse(line.toStdString(), nullptr, false);
        QVERIFY2(j.is_object() && j.contains("run") && j.contains("grad_ratio"), qPrintable(line));
    }
    for (const char *name : {"rnn", "lstm", "gru"}) {
        const QString sub = out + "/" + name;
        for (const char *file : {"metrics.csv", "gradnorms.csv", "model.json", "predictions.csv", "run.json"}) {
            QVERIFY2(QFile::exists(sub + "/" + file), qPrintable(sub + "/" + file));
            QVERIFY2(!QFile::exists(sub + "/" + file + ".tmp"), file);
        }
        QCOMPARE(lines(readAll(sub + "/metrics.csv")).size(), 1 + 2);
        QCOMPARE(lines(readAll(sub + "/predictions.csv")).size(), 1 + 132);
        const ModelFile model = loadModelFile((sub + "/model.json").toStdString());
        QCOMPARE(formatModelSpec(model.spec), std::string(name) + ":6,dense");
        const RunRecord run = loadRunRecord((sub + "/run.json").toStdString());
        QCOMPARE(run.name, std::string(name));
        QCOMPARE(run.settings.data.checksum, fileChecksum(kAir.toStdString()));
        QCOMPARE(int(run.history.size()), 2);
    }
    const Table t = readCsv(out + "/runs.csv");
    QCOMPARE(t.order, (QStringList{"rnn", "lstm", "gru"}));
    for (const char *col : {"name", "cell", "model", "end", "epochs", "train_loss", "val_loss", "test_mae", "test_rmse",
                            "test_mase", "grad_ratio", "wall_seconds", "note"}) {
        QVERIFY2(t.header.contains(col), col);
    }
    QVERIFY(!t.header.contains("gain")); // not varied
    QVERIFY(!t.header.contains("clip_norm"));
    QCOMPARE(t.rows.at("gru").at("cell"), QString("gru"));
    QCOMPARE(t.rows.at("rnn").at("model"), QString("rnn:6,dense"));
    QCOMPARE(t.rows.at("lstm").at("end"), QString("finished"));
    QCOMPARE(t.rows.at("lstm").at("epochs"), QString("2"));
    // The csv carries the record's numbers (10 digits).
    const RunRecord lstm = loadRunRecord((out + "/lstm/run.json").toStdString());
    QVERIFY(std::abs(t.rows.at("lstm").at("grad_ratio").toDouble() / gradRatio(lstm) - 1) < 1e-9);
    QVERIFY(std::abs(t.rows.at("lstm").at("val_loss").toDouble() / *lstm.history.back().valLoss - 1) < 1e-9);
    QVERIFY(std::abs(t.rows.at("lstm").at("test_mase").toDouble() / *lstm.test[0].metrics.mase - 1) < 1e-9);
}

void TestCompare::cliGainsAndClipNormsAddTheirColumns()
{
    QTemporaryDir dir;
    const QString out = dir.filePath("cmp");
    const Run r = cli(compareArgs(out, {"--gains", "0.5,1.5", "--clip-norms", "0,0.1", "--jobs", "1"}));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const Table t = readCsv(out + "/runs.csv");
    QCOMPARE(t.order, (QStringList{"lstm_gain0.5_noclip", "lstm_gain0.5_clip0.1", "lstm_gain1.5_noclip",
                                   "lstm_gain1.5_clip0.1"}));
    QVERIFY(t.header.contains("gain") && t.header.contains("clip_norm"));
    QCOMPARE(t.rows.at("lstm_gain1.5_clip0.1").at("gain"), QString("1.5"));
    QCOMPARE(t.rows.at("lstm_gain1.5_clip0.1").at("clip_norm"), QString("0.1"));
    QCOMPARE(t.rows.at("lstm_gain0.5_noclip").at("clip_norm"), QString("0"));
    // Clipping at 0.1 really clips: the logged norm after clipping is the threshold.
    const RunRecord clipped = loadRunRecord((out + "/lstm_gain1.5_clip0.1/run.json").toStdString());
    QCOMPARE(clipped.settings.train.clip.kind, ClipKind::Norm);
    QVERIFY(clipped.history.back().gradNorm > 0.1);
    QVERIFY(std::abs(clipped.history.back().gradNormClipped - 0.1) < 1e-4);
}

void TestCompare::cliBadArguments_data()
{
    const QString out = QStringLiteral("/nonexistent-never/cmp");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("mustContain");
    QTest::newRow("nothing to compare") << compareArgs(out) << QStringList{"--cells", "--gains", "--clip-norms"};
    QTest::newRow("unknown cell") << compareArgs(out, {"--cells", "rnn,tcn"}) << QStringList{"--cells", "tcn"};
    QTest::newRow("dense is no cell") << compareArgs(out, {"--cells", "dense"}) << QStringList{"--cells", "dense"};
    QTest::newRow("repeated cell") << compareArgs(out, {"--cells", "lstm,lstm"}) << QStringList{"cells", "twice"};
    QTest::newRow("gain not a number") << compareArgs(out, {"--gains", "0.5,x"}) << QStringList{"--gains", "x"};
    QTest::newRow("negative gain") << compareArgs(out, {"--gains", "-1"}) << QStringList{"--gains", "negative"};
    QTest::newRow("negative clip norm") << compareArgs(out, {"--clip-norms", "0,-2"})
                                        << QStringList{"--clip-norms", "negative"};
    QTest::newRow("clip norms and clip norm") << compareArgs(out, {"--clip-norms", "0,1", "--clip-norm", "1"})
                                              << QStringList{"--clip-norms", "--clip-norm"};
    QTest::newRow("auto without 0") << compareArgs(out, {"--clip-norms", "auto,1"}) << QStringList{"--clip-norms", "auto", "0"};
    QTest::newRow("clip norm not a number") << compareArgs(out, {"--clip-norms", "0,big"})
                                            << QStringList{"--clip-norms", "big"};
    QTest::newRow("threads") << compareArgs(out, {"--cells", "rnn", "--threads", "2"}) << QStringList{"--threads", "--jobs"};
    QTest::newRow("jobs 0") << compareArgs(out, {"--cells", "rnn", "--jobs", "0"}) << QStringList{"--jobs"};
    QTest::newRow("no out") << QStringList{"compare", "--data", kAir, "--model", "lstm:6,dense", "--lookback", "12",
                                           "--cells", "rnn"}
                            << QStringList{"--out"};
    QTest::newRow("bad model") << compareArgs(out, {"--cells", "rnn", "--model", "lstm:0"}) << QStringList{"--model"};
    QTest::newRow("train's checks") << compareArgs(out, {"--cells", "rnn", "--lookback", "abc"})
                                    << QStringList{"--lookback", "abc"};
    QTest::newRow("unknown option") << compareArgs(out, {"--cells", "rnn", "--save", "m.json"}) << QStringList{"--save"};
    QTest::newRow("missing data file")
        << QStringList{"compare", "--data", "/nonexistent/x.csv", "--model", "lstm:6,dense", "--lookback", "12",
                       "--cells", "rnn", "--out", out}
        << QStringList{"/nonexistent/x.csv"};
}

void TestCompare::cliBadArguments()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, mustContain);
    const Run r = cli(args);
    QVERIFY2(r.code == 2, qPrintable(r.describe()));
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QVERIFY2(r.err.startsWith("rnnlab-cli compare: "), r.err.constData());
    for (const QString &s : mustContain) {
        QVERIFY2(r.err.contains(s.toUtf8()), qPrintable(QString("\"%1\" not in: %2").arg(s, QString::fromUtf8(r.err))));
    }
    QVERIFY(!QFile::exists(QStringLiteral("/nonexistent-never")));
}

void TestCompare::echoTaskShowsTheVanishingGradient()
{
    // The lesson of the comparison: at a small recurrent gain the tanh RNN's gradient
    // through time collapses toward t = 0, the LSTM's and GRU's do not once they learn
    // to carry the input. Measured grad_ratio after 14 epochs at lr 0.003, seeds 1..5:
    //   gain 0.3: rnn 1e-13..2e-6, lstm 1.6..2.3, gru 2.3..4.6 (val MSE: rnn 0.98-1.01)
    //   gain 0.5: rnn 2e-7..2e-4 for seeds 1, 2, 4, 5 but 0.48 for seed 3 (the RNN
    //             starts to learn), hence 0.3. Before about 10 epochs the GRU's ratio
    //             is small too (1e-6 after 2 epochs): its update gate starts half open.
    QTemporaryDir dir;
    const QString out = dir.filePath("echo");
    const Run r = cli({"compare", "--data", kEcho, "--inputs", "input", "--target", "target", "--lookback", "25",
                       "--model", "rnn:32,dense", "--cells", "rnn,lstm,gru", "--gain", "0.3", "--epochs", "14",
                       "--lr", "0.003", "--seed", "1", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const Table t = readCsv(out + "/runs.csv");
    QCOMPARE(t.order, (QStringList{"rnn", "lstm", "gru"}));
    const double rnn = t.rows.at("rnn").at("grad_ratio").toDouble();
    const double lstm = t.rows.at("lstm").at("grad_ratio").toDouble();
    const double gru = t.rows.at("gru").at("grad_ratio").toDouble();
    qInfo("echo, gain 0.3, 14 epochs, seed 1: grad_ratio rnn %.3g, lstm %.3g, gru %.3g", rnn, lstm, gru);
    QVERIFY2(rnn > 0 && rnn < 1e-3, qPrintable(QString("rnn grad_ratio %1 is not < 1e-3").arg(rnn)));
    QVERIFY2(lstm > 1e-2, qPrintable(QString("lstm grad_ratio %1 is not > 1e-2").arg(lstm)));
    QVERIFY2(gru > 1e-2, qPrintable(QString("gru grad_ratio %1 is not > 1e-2").arg(gru)));
    // The same numbers reach the run records and their gradnorms.csv.
    const RunRecord rec = loadRunRecord((out + "/rnn/run.json").toStdString());
    QCOMPARE(rec.settings.train.init.recurrentGain, 0.3);
    QVERIFY(std::abs(gradRatio(rec) / rnn - 1) < 1e-8);
}

QTEST_APPLESS_MAIN(TestCompare)
#include "tst_core_compare.moc"
