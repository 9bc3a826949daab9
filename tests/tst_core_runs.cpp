// Run records: the SHA-256 data identity, the JSON round trip (every double bit for
// bit, NaN and infinities included), strict validation naming the file and the field,
// the load time of 20 canonical runs (printed, not asserted) and replay: a record saved,
// reloaded and retrained gives every logged number again.
#include "data/series.h"
#include "nn/model.h"
#include "runs/run_record.h"
#include "runs/run_trainer.h"
#include "runs/sha256.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <ctime>
#include <cstring>
#include <limits>
#include <random>

using namespace rnnlab;
using nlohmann::json;

Q_DECLARE_METATYPE(std::function<void(json &)>)

namespace {

const std::string kAir = RNNLAB_SAMPLE_DATA "/airpassengers.csv";

// A small, fast run on the airline data: lstm:8, lookback 12, a validation split.
RunSettings smallSettings(const Series &series, int epochs = 3)
{
    RunSettings s;
    s.data.file = kAir;
    s.data.checksum = fileChecksum(kAir);
    s.windows.lookback = 12;
    s.spec = parseModelSpec("lstm:8,dense", 1, 1);
    s.train.epochs = epochs;
    s.train.batchSize = 16;
    s.train.seed = 7;
    (void)series;
    return s;
}

bool bitsEqual(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

} // namespace

class TestRuns : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void sha256MatchesQt_data();
    void sha256MatchesQt();
    void fileChecksumMatchesQt();
    void recordHoldsTheWholeRun();
    void jsonRoundTripIsBitExact();
    void nonFiniteValuesRoundTrip();
    void badRecordsAreRejected_data();
    void badRecordsAreRejected();
    void truncatedAndMissingFiles();
    void everyFieldMutatedIsAcceptedOrRefusedCleanly();
    void firstDifferenceFindsAChange();
    void runListsNameTheirEntry();
    void suggestedClipNormIsAQuarterOfTheMedian();
    void settingDifferencesNameWhatDiffers();
    void replayThroughTheFileIsBitExact_data();
    void replayThroughTheFileIsBitExact();
    void replayOfAStoppedRun();
    void replayRefusesOtherData();
    void twentyCanonicalRunsLoadQuickly();

private:
    Series m_air;
    RunRecord m_run; // trained once in initTestCase
};

void TestRuns::initTestCase()
{
    m_air = loadSeries(kAir);
    RunSettings s = smallSettings(m_air);
    s.train.patience = 2;
    m_run = trainRun("small", s, m_air);
}

void TestRuns::sha256MatchesQt_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("abc") << QByteArray("abc");
    QTest::newRow("55 bytes (padding fits one block)") << QByteArray(55, 'x');
    QTest::newRow("56 bytes (padding needs a second block)") << QByteArray(56, 'y');
    QTest::newRow("64 bytes") << QByteArray(64, 'z');
    QByteArray random(100000, '\0');
    std::mt19937 rng(3);
    for (char &c : random) {
        c = char(rng());
    }
    QTest::newRow("100 kB random") << random;
}

void TestRuns::sha256MatchesQt()
{
    QFETCH(QByteArray, bytes);
    const std::string ours = sha256Hex(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    const QByteArray qt = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
    QCOMPARE(QByteArray::fromStdString(ours), qt);
}

void TestRuns::fileChecksumMatchesQt()
{
    QFile f(QString::fromStdString(kAir));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray qt = "sha256:" + QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
    QCOMPARE(QByteArray::fromStdString(fileChecksum(kAir)), qt);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, fileChecksum("/nonexistent/x.csv"));
}

void TestRuns::recordHoldsTheWholeRun()
{
    const RunRecord &r = m_run;
    QCOMPARE(r.name, std::string("small"));
    QCOMPARE(r.settings.data.rows, m_air.rows());
    QCOMPARE(r.settings.data.columns, m_air.columns);
    QVERIFY(r.end == RunEnd::Finished || r.end == RunEnd::EarlyStopped);
    QCOMPARE(int(r.history.size()), r.endEpoch);
    QVERIFY(!r.history.empty());
    const Model<float> model(r.settings.spec);
    QCOMPARE(Eigen::Index(r.params.size()), model.params().size());
    for (const EpochStats &e : r.history) {
        QVERIFY(std::isfinite(e.trainLoss) && e.trainLoss > 0);
        QVERIFY(e.valLoss && std::isfinite(*e.valLoss));
        QCOMPARE(int(e.hiddenGradNorms.size()), 1);
        QCOMPARE(int(e.hiddenGradNorms[0].size()), 12);
        QCOMPARE(int(e.spectralRadius.size()), 1);
        QCOMPARE(e.tensorGradNorms.size(), model.tensors().size());
        QVERIFY(e.batches > 0);
    }
    QVERIFY(r.bestEpoch >= 1);
    QVERIFY(r.wallSeconds > 0);
    QVERIFY(r.test.size() >= 2);
    QCOMPARE(r.test[0].name, std::string("model"));
    QVERIFY(std::isfinite(r.test[0].metrics.mae) && r.test[0].metrics.mase);
    QVERIFY(std::isfinite(gradRatio(r)) && gradRatio(r) > 0);
    QVERIFY(bitsEqual(gradRatio(r), r.history.back().hiddenGradNorms[0].front() / r.history.back().hiddenGradNorms[0].back()));
}

void TestRuns::jsonRoundTripIsBitExact()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("run.json").toStdString();
    saveRunRecord(path, m_run);
    QVERIFY(!QFile::exists(QString::fromStdString(path + ".tmp")));
    const RunRecord back = loadRunRecord(path);
    const std::string diff = firstDifference(m_run, back);
    QVERIFY2(diff.empty(), diff.c_str());
    QCOMPARE(back.name, m_run.name);
    QCOMPARE(back.settings.data, m_run.settings.data);
    QVERIFY(bitsEqual(back.wallSeconds, m_run.wallSeconds));
    for (std::size_t i = 0; i < m_run.history.size(); ++i) {
        QVERIFY(bitsEqual(back.history[i].seconds, m_run.history[i].seconds));
    }
    // And the text itself is stable: a second save writes the same bytes.
    QCOMPARE(runToJson(back).dump(), runToJson(m_run).dump());
}

void TestRuns::nonFiniteValuesRoundTrip()
{
    RunRecord r = m_run;
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    r.history[0].trainLoss = nan;
    r.history[0].gradNorm = inf;
    r.history[0].gradNormClipped = inf;
    r.history[0].valLoss.reset();
    r.history[0].hiddenGradNorms[0][3] = 5e-324; // the smallest subnormal
    r.history[0].spectralRadius[0] = 0.1 + 0.2;  // not exactly 0.3
    r.history[0].nonFinite = NonFiniteReport{true, 0, "weight_hh", 4};
    r.test.clear();
    r.params.clear(); // "not trained" is a valid record too
    const RunRecord back = runFromJson(json::parse(runToJson(r).dump()), "mem");
    const std::string diff = firstDifference(r, back);
    QVERIFY2(diff.empty(), diff.c_str());
    QVERIFY(std::isnan(back.history[0].trainLoss));
    QVERIFY(!back.history[0].valLoss);
    QCOMPARE(back.history[0].nonFinite.message(), r.history[0].nonFinite.message());
}

void TestRuns::badRecordsAreRejected_data()
{
    using Edit = std::function<void(json &)>;
    QTest::addColumn<Edit>("edit");
    QTest::addColumn<QStringList>("mustContain");
    auto row = [](const char *name, Edit e, QStringList words) { QTest::newRow(name) << e << words; };
    row("wrong format", [](json &j) { j["format"] = "rnnlab-model"; }, {"format", "rnnlab-run"});
    row("future version", [](json &j) { j["version"] = 2; }, {"version", "2"});
    row("no name", [](json &j) { j.erase("name"); }, {"name", "missing"});
    row("name not a string", [](json &j) { j["name"] = 3; }, {"name", "string"});
    row("bad checksum", [](json &j) { j["data"]["checksum"] = "md5:abc"; }, {"data.checksum", "md5:abc"});
    row("zero rows with a history", [](json &j) { j["data"]["rows"] = 0; }, {"data.rows", "history"});
    row("negative rows", [](json &j) { j["data"]["rows"] = -4; }, {"data.rows", "out of range"});
    row("lookback fraction", [](json &j) { j["data"]["lookback"] = 12.5; }, {"data.lookback", "whole number"});
    row("split sums to 2", [](json &j) { j["data"]["split"] = {1.0, 0.5, 0.5}; }, {"data.split", "sum"});
    row("unknown missing policy", [](json &j) { j["data"]["missing"] = "guess"; }, {"data.missing", "guess"});
    row("unknown cell", [](json &j) { j["model"]["layers"][0]["type"] = "transformer"; },
        {"model.layers[0].type", "transformer"});
    row("zero units", [](json &j) { j["model"]["layers"][0]["units"] = 0; }, {"model.layers[0].units", "out of range"});
    row("horizon mismatch", [](json &j) { j["model"]["layers"][1]["units"] = 3; }, {"model.layers", "horizon"});
    row("negative lr", [](json &j) { j["training"]["lr"] = -1; }, {"training.lr", "-1"});
    row("lr as text", [](json &j) { j["training"]["lr"] = "fast"; }, {"training.lr", "number"});
    row("threads 0", [](json &j) { j["training"]["threads"] = 0; }, {"training.threads", "out of range"});
    row("negative seed", [](json &j) { j["training"]["seed"] = -3; }, {"training.seed"});
    row("unknown clip", [](json &j) { j["training"]["clip"] = "soft"; }, {"training.clip", "soft"});
    row("epochs out of order", [](json &j) { j["history"][1]["epoch"] = 5; }, {"history[1].epoch", "5"});
    row("more epochs than planned", [](json &j) { j["training"]["epochs"] = 0; }, {"history", "at most 1"});
    row("short hidden norms", [](json &j) { j["history"][0]["hidden_grad_norms"][0].erase(0); },
        {"history[0].hidden_grad_norms[0]", "11 values, expected 12"});
    row("hidden norm as text", [](json &j) { j["history"][2]["hidden_grad_norms"][0][4] = "big"; },
        {"history[2].hidden_grad_norms[0][4]", "number"});
    row("spectral radius per layer", [](json &j) { j["history"][0]["spectral_radius"].push_back(1.0); },
        {"history[0].spectral_radius"});
    row("negative norm", [](json &j) { j["history"][1]["hidden_grad_norms"][0][2] = -0.5; },
        {"history[1].hidden_grad_norms[0][2]", "negative"});
    row("negative loss", [](json &j) { j["history"][0]["val_loss"] = -1; }, {"history[0].val_loss", "negative"});
    row("negative mase", [](json &j) { j["test"][0]["mase"] = "-inf"; }, {"test[0].mase", "negative"});
    row("inputs do not fit the model", [](json &j) { j["data"]["inputs"].push_back("passengers"); },
        {"model.input_size", "2 columns"});
    row("target not in the file", [](json &j) { j["data"]["target"] = "riders"; }, {"data.target", "riders"});
    row("negative seconds", [](json &j) { j["history"][0]["seconds"] = -1; }, {"history[0].seconds", "out of range"});
    row("weights for another model", [](json &j) { j["weights"]["count"] = 5; }, {"weights.count", "5"});
    row("weights truncated", [](json &j) {
        std::string d = j["weights"]["data"];
        j["weights"]["data"] = d.substr(0, d.size() - 8);
    }, {"weights.data", "base64 characters"});
    row("weights not base64", [](json &j) {
        std::string d = j["weights"]["data"];
        d[10] = '!';
        j["weights"]["data"] = d;
    }, {"weights.data", "character 10"});
    row("a NaN weight", [](json &j) {
        std::string d = j["weights"]["data"];
        d.replace(0, 8, "AADAfwAA"); // bytes 00 00 c0 7f: a float32 NaN
        j["weights"]["data"] = d;
    }, {"weights.data", "weight 0", "not finite"});
    row("unknown end", [](json &j) { j["end"]["kind"] = "exploded"; }, {"end.kind", "exploded"});
    row("end after the history", [](json &j) { j["end"]["epoch"] = 99; }, {"end.epoch", "99"});
    row("test metric as text", [](json &j) { j["test"][0]["mae"] = "small"; }, {"test[0].mae"});
}

void TestRuns::badRecordsAreRejected()
{
    QFETCH(std::function<void(json &)>, edit);
    QFETCH(QStringList, mustContain);
    json j = runToJson(m_run);
    QCOMPARE(j["history"].size(), std::size_t(3)); // the edits above expect three epochs
    edit(j);
    QTemporaryDir dir;
    const std::string path = dir.filePath("bad-run.json").toStdString();
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray::fromStdString(j.dump()));
    f.close();
    try {
        loadRunRecord(path);
        QFAIL("the bad record was accepted");
    } catch (const RunRecordError &e) {
        const QString msg = QString::fromUtf8(e.what());
        QVERIFY2(msg.startsWith(QString::fromStdString(path) + ": "), qPrintable(msg));
        for (const QString &s : mustContain) {
            QVERIFY2(msg.contains(s), qPrintable(QString("\"%1\" not in: %2").arg(s, msg)));
        }
    }
}

void TestRuns::truncatedAndMissingFiles()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("run.json").toStdString();
    saveRunRecord(path, m_run);
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::ReadWrite));
    const QByteArray all = f.readAll();
    f.resize(all.size() / 2);
    f.close();
    try {
        loadRunRecord(path);
        QFAIL("a truncated record was accepted");
    } catch (const RunRecordError &e) {
        QVERIFY2(QString(e.what()).contains("not valid JSON"), e.what());
        QVERIFY2(QString(e.what()).contains(QString::fromStdString(path)), e.what());
    }
    try {
        loadRunRecord("/nonexistent/run.json");
        QFAIL("a missing file was accepted");
    } catch (const RunRecordError &e) {
        QVERIFY2(QString(e.what()).contains("/nonexistent/run.json"), e.what());
    }
}

void TestRuns::everyFieldMutatedIsAcceptedOrRefusedCleanly()
{
    // Every leaf of a record replaced by values of other types and out-of-range numbers,
    // and every key removed: each load either succeeds or throws RunRecordError naming
    // the source (never another exception, a crash or a silent NaN).
    const json good = runToJson(m_run);
    const json flat = good.flatten();
    const std::vector<json> replacements = {nullptr, "x", -1, 1e308, -1e308, json::array(), json::object(), 0.5,
                                            std::numeric_limits<std::int64_t>::max()};
    int refused = 0, accepted = 0;
    auto load = [&](const json &j, const std::string &what) {
        try {
            const RunRecord r = runFromJson(j, "mut.json");
            ++accepted;
            if (qEnvironmentVariableIsSet("RNNLAB_LIST_ACCEPTED")) {
                qInfo("accepted: %s", what.c_str());
            }
            // An accepted record must be one that saves and loads again.
            const RunRecord again = runFromJson(json::parse(runToJson(r).dump()), "again");
            if (!firstDifference(r, again).empty()) {
                QFAIL(("accepted record does not round trip: " + what).c_str());
            }
        } catch (const RunRecordError &e) {
            ++refused;
            if (std::string(e.what()).rfind("mut.json: ", 0) != 0) {
                QFAIL(("message does not name the source: " + std::string(e.what())).c_str());
            }
        } catch (const std::exception &e) {
            QFAIL((what + ": " + e.what()).c_str());
        }
    };
    for (auto it = flat.begin(); it != flat.end(); ++it) {
        const json::json_pointer ptr(it.key());
        for (const json &v : replacements) {
            json j = good;
            j[ptr] = v;
            load(j, it.key() + " = " + v.dump());
            if (QTest::currentTestFailed()) {
                return;
            }
        }
        json j = good;
        json &parent = j[ptr.parent_pointer()];
        if (parent.is_array()) {
            parent.erase(std::size_t(std::stoul(ptr.back())));
        } else {
            parent.erase(ptr.back());
        }
        load(j, "erase " + it.key());
        if (QTest::currentTestFailed()) {
            return;
        }
    }
    qInfo("%d mutated records refused, %d accepted (and round-tripped)", refused, accepted);
    QVERIFY(refused > 1000);
}

void TestRuns::firstDifferenceFindsAChange()
{
    // The replay tests below trust firstDifference: it must see a one-ulp change anywhere.
    QVERIFY(firstDifference(m_run, m_run).empty());
    RunRecord r = m_run;
    r.history[1].hiddenGradNorms[0][5] = std::nextafter(r.history[1].hiddenGradNorms[0][5], 1e9);
    QCOMPARE(firstDifference(m_run, r), std::string("history[1].hidden_grad_norms[0]"));
    r = m_run;
    r.params[17] = std::nextafter(r.params[17], 1e9f);
    QCOMPARE(firstDifference(m_run, r), std::string("weights"));
    r = m_run;
    r.test[0].metrics.mae = std::nextafter(r.test[0].metrics.mae, 1e9);
    QCOMPARE(firstDifference(m_run, r), std::string("test[0] model"));
    r = m_run;
    r.settings.train.seed = 8;
    QCOMPARE(firstDifference(m_run, r), std::string("settings: training"));
    // A different seed really trains differently.
    const RunRecord other = trainRun("small", r.settings, m_air);
    QVERIFY(!firstDifference(m_run, other).empty());
}

void TestRuns::runListsNameTheirEntry()
{
    std::vector<RunRecord> runs = {m_run, m_run, m_run};
    runs[1].name = "second";
    json j = runsToJson(runs);
    const std::vector<RunRecord> back = runsFromJson(j, "exp.json");
    QCOMPARE(int(back.size()), 3);
    QCOMPARE(back[1].name, std::string("second"));
    j[2]["training"]["batch"] = 0;
    try {
        runsFromJson(j, "exp.json");
        QFAIL("a bad run in the list was accepted");
    } catch (const RunRecordError &e) {
        QVERIFY2(QString(e.what()).startsWith("exp.json runs[2]: training.batch: 0 is out of range"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(RunRecordError, runsFromJson(json::object(), "exp.json"));
}

void TestRuns::suggestedClipNormIsAQuarterOfTheMedian()
{
    RunRecord r = m_run;
    r.history.resize(3);
    r.history[0].gradNorm = 5;
    r.history[1].gradNorm = 1;
    r.history[2].gradNorm = 3;
    QCOMPARE(suggestedClipNorm(r), 0.75); // 3 / 4
    r.history.push_back(r.history[2]);
    r.history[3].gradNorm = 100;
    QCOMPARE(suggestedClipNorm(r), 1.0); // (3 + 5) / 2 / 4
    r.history[3].stopped = true;         // an incomplete epoch does not count
    QCOMPARE(suggestedClipNorm(r), 0.75);
    r.history.clear();
    QVERIFY(std::isnan(suggestedClipNorm(r)));
}

void TestRuns::settingDifferencesNameWhatDiffers()
{
    const RunSettings ref = m_run.settings;
    QVERIFY(settingDifferences(ref, ref).empty());
    RunSettings s = ref;
    s.spec = parseModelSpec("gru:8,dense", 1, 1);
    s.train.init.recurrentGain = 0.5;
    s.train.clip = ClipConfig{ClipKind::Norm, 1.0};
    s.train.seed = 9;
    const std::vector<std::string> d = settingDifferences(s, ref);
    QCOMPARE(d, (std::vector<std::string>{"model gru:8,dense", "clip norm 1", "gain 0.5", "seed 9"}));
    // Reference against the run: the reference's values.
    QCOMPARE(settingDifferences(ref, s)[1], std::string("clip norm off"));
    RunSettings other = ref;
    other.data.checksum = "sha256:" + std::string(64, '0');
    QCOMPARE(settingDifferences(other, ref).size(), std::size_t(1));
    // An unused threshold is no difference.
    other = ref;
    other.train.clip.threshold = 7;
    QVERIFY(settingDifferences(other, ref).empty());
}

void TestRuns::replayThroughTheFileIsBitExact_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("threads");
    QTest::addColumn<bool>("clip");
    QTest::addColumn<bool>("diverge");
    QTest::newRow("lstm, 1 thread") << "lstm:8,dense" << 1 << false << false;
    QTest::newRow("gru, 2 threads, clipping") << "gru:6,gru:4,dense" << 2 << true << false;
    QTest::newRow("rnn, diverged") << "rnn:8,dense" << 1 << false << true;
}

void TestRuns::replayThroughTheFileIsBitExact()
{
    QFETCH(QString, model);
    QFETCH(int, threads);
    QFETCH(bool, clip);
    QFETCH(bool, diverge);
    RunSettings s = smallSettings(m_air);
    s.spec = parseModelSpec(model.toStdString(), 1, 1);
    s.train.threads = threads;
    if (clip) {
        s.train.clip = ClipConfig{ClipKind::Norm, 0.5};
    }
    if (diverge) {
        s.train.optimizer.kind = OptimizerKind::Sgd;
        s.train.optimizer.lr = 1e6;
        s.train.init.recurrentGain = 3;
    }
    const RunRecord first = trainRun("replayed", s, m_air);
    QCOMPARE(first.end == RunEnd::Diverged, diverge);
    QTemporaryDir dir;
    const std::string path = dir.filePath("run.json").toStdString();
    saveRunRecord(path, first);
    const RunRecord loaded = loadRunRecord(path);
    const RunRecord again = replayRun(loaded, loadSeries(loaded.settings.data.file));
    QCOMPARE(again.settings.data.checksum, first.settings.data.checksum);
    const std::string diff = firstDifference(first, again);
    QVERIFY2(diff.empty(), diff.c_str());
}

void TestRuns::replayOfAStoppedRun()
{
    // Cancelled in epoch 2 after 3 of its batches: the replay stops at the same batch.
    RunSettings s = smallSettings(m_air, 5);
    std::atomic<bool> cancel{false};
    RunHooks hooks;
    hooks.cancel = &cancel;
    hooks.onBatch = [&](int epoch, int batch, int) {
        if (epoch == 1 && batch == 2) {
            cancel = true;
        }
    };
    const RunRecord stopped = trainRun("stopped", s, m_air, hooks);
    QCOMPARE(stopped.end, RunEnd::Stopped);
    QCOMPARE(int(stopped.history.size()), 2);
    QCOMPARE(stopped.endEpoch, 2);
    QVERIFY(stopped.history.back().stopped);
    QCOMPARE(stopped.history.back().batches, 3);
    QCOMPARE(describeEnd(stopped.end, stopped.endEpoch), std::string("stopped at epoch 2"));
    const RunRecord again = replayRun(runFromJson(runToJson(stopped), "mem"), m_air);
    const std::string diff = firstDifference(stopped, again);
    QVERIFY2(diff.empty(), diff.c_str());

    // Cancelled between epochs 2 and 3: two complete epochs, and the replay stops there too.
    cancel = false;
    RunHooks between;
    between.cancel = &cancel;
    between.onEpoch = [&](const EpochStats &st) { cancel = st.epoch == 2; };
    const RunRecord atBoundary = trainRun("boundary", s, m_air, between);
    QCOMPARE(atBoundary.end, RunEnd::Stopped);
    QCOMPARE(int(atBoundary.history.size()), 2);
    QVERIFY(!atBoundary.history.back().stopped);
    QVERIFY(atBoundary.history.back().valLoss.has_value());
    const RunRecord again2 = replayRun(runFromJson(runToJson(atBoundary), "mem"), m_air);
    const std::string diff2 = firstDifference(atBoundary, again2);
    QVERIFY2(diff2.empty(), diff2.c_str());
}

void TestRuns::replayRefusesOtherData()
{
    Series shorter = m_air;
    shorter.values.conservativeResize(shorter.rows() - 1, Eigen::NoChange);
    shorter.time.pop_back();
    shorter.timeText.pop_back();
    shorter.lines.pop_back();
    try {
        replayRun(m_run, shorter);
        QFAIL("replay on other data was accepted");
    } catch (const RunRecordError &e) {
        QVERIFY2(QString(e.what()).contains("rows"), e.what());
    }
}

void TestRuns::twentyCanonicalRunsLoadQuickly()
{
    // The canonical model (LSTM 64 -> LSTM 32 -> Dense 1) with 100 epochs of history at
    // lookback 50; trained for 1 epoch, then the history is filled out to 100 epochs
    // (the loader does not care where the numbers came from).
    RunSettings s = smallSettings(m_air, 100);
    s.windows.lookback = 50;
    s.spec = parseModelSpec("lstm:64,lstm:32,dense", 1, 1);
    s.train.epochs = 1;
    RunRecord r = trainRun("canonical", s, m_air);
    QCOMPARE(int(r.history.size()), 1);
    r.settings.train.epochs = 100;
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> u(1e-6, 1.0);
    while (r.history.size() < 100) {
        EpochStats e = r.history.back();
        e.epoch += 1;
        for (auto &layer : e.hiddenGradNorms) {
            for (double &v : layer) {
                v = u(rng);
            }
        }
        e.trainLoss = u(rng);
        r.history.push_back(e);
    }
    r.endEpoch = 100;
    QTemporaryDir dir;
    std::vector<std::string> paths;
    for (int i = 0; i < 20; ++i) {
        r.name = "run " + std::to_string(i);
        paths.push_back(dir.filePath(QString("run%1.json").arg(i)).toStdString());
        saveRunRecord(paths.back(), r);
    }
    const qint64 bytes = QFileInfo(QString::fromStdString(paths[0])).size();
    // Wall and CPU time: on a shared machine the wall clock also counts other processes.
    QElapsedTimer timer;
    timer.start();
    const std::clock_t cpu0 = std::clock();
    std::vector<RunRecord> loaded;
    for (const std::string &p : paths) {
        loaded.push_back(loadRunRecord(p));
    }
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    const double cpuMs = 1000.0 * double(std::clock() - cpu0) / CLOCKS_PER_SEC;
    qInfo("20 canonical runs (%zu weights, 100 epochs, lookback 50, %lld bytes each): loaded in %.1f ms wall, %.1f ms CPU",
          r.params.size(), bytes, ms, cpuMs);
    QCOMPARE(int(loaded.size()), 20);
    const std::string diff = firstDifference(loaded[19], r);
    QVERIFY2(diff.empty(), diff.c_str());

    // The same 20 runs in one experiment-style file ({"runs": [...]}).
    const std::string one = dir.filePath("experiment.json").toStdString();
    {
        QFile f(QString::fromStdString(one));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(json{{"runs", runsToJson(loaded)}}.dump()));
    }
    timer.restart();
    const std::clock_t cpu1 = std::clock();
    QFile f(QString::fromStdString(one));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    const std::vector<RunRecord> again = runsFromJson(json::parse(text.constBegin(), text.constEnd()).at("runs"), one);
    qInfo("the same 20 runs in one %lld-byte file: read, parsed and validated in %.1f ms wall, %.1f ms CPU",
          qint64(text.size()), double(timer.nsecsElapsed()) / 1e6, 1000.0 * double(std::clock() - cpu1) / CLOCKS_PER_SEC);
    QCOMPARE(int(again.size()), 20);
    QVERIFY(firstDifference(again[7], loaded[7]).empty());
}

QTEST_APPLESS_MAIN(TestRuns)
#include "tst_core_runs.moc"
