// rnnlab-cli train with the forecaster's defaults: --transform auto with its reason on
// stderr, early stopping on unless --patience 0, the summary's test_span, mase_scale and
// verdict (checked against the summary's own test object), ETS and Theta everywhere the
// baselines are, and --ensemble as the exact element-wise median of the members' forecasts.
#include "data/time_axis.h"
#include "data/series.h"
#include "data/windows.h"
#include "forecasting/metrics.h"

#include "support/cli_run.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

using namespace rnnlab;
using nlohmann::json;

namespace {

const QString kNile = QStringLiteral(RNNLAB_SAMPLE_DATA "/nile.csv");

// The CLI's run with this file's readings of its stdout.
struct Run : CliRun {
    json summary() const
    {
        const QList<QByteArray> lines = out.trimmed().split('\n');
        return lines.isEmpty() ? json() : json::parse(lines.last().toStdString()).value("summary", json());
    }
    int epochLines() const { return int(out.trimmed().split('\n').size()) - 1; }
};

Run cli(const QStringList &args)
{
    return Run{runCli(args, 300000)};
}

QStringList column(const QString &csvPath, const QString &name)
{
    QFile f(csvPath);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    const int c = QString::fromUtf8(lines[0]).split(',').indexOf(name);
    QStringList out;
    for (int i = 1; i < lines.size() && c >= 0; ++i) {
        out << QString::fromUtf8(lines[i]).split(',').value(c);
    }
    return out;
}

} // namespace

class TestCliVerdict : public QObject {
    Q_OBJECT
private slots:
    void defaultsDecideAndSayWhy();
    void verdictAgreesWithTheTestObject();
    void patienceZeroRunsEveryEpoch();
    void ensembleIsTheMedianOfItsMembers();
    void refitTrainsAgainForTheBestEpochCount();
    void badSettingsAreRefused();
};

void TestCliVerdict::defaultsDecideAndSayWhy()
{
    const Run r = cli({"train", "--data", kNile});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QVERIFY2(r.err.contains("transform auto: "), r.err.constData());
    const json s = r.summary();
    QVERIFY(s["transform"].is_string());
    QVERIFY2(r.err.contains(QByteArray::fromStdString(s["transform_reason"].get<std::string>())), r.err.constData());
    QCOMPARE(s["lookback"].get<int>(), 12);
    QCOMPARE(s["patience"].get<int>(), 20);
    // Early stopping ended the run: best epoch + patience, well under the epoch cap.
    QCOMPARE(s["epochs"].get<int>(), s["best_epoch"].get<int>() + 20);
    // The test span is the time of the first and last test target rows.
    const Series series = loadSeries(kNile.toStdString());
    DataConfig dc;
    dc.transform = transformFromString(s["transform"].get<std::string>());
    const Windows w = makeWindows(series, dc);
    QCOMPARE(s["test_span"][0].get<std::string>(), timeLabel(series, w.test.front() + 12));
    QCOMPARE(s["test_span"][1].get<std::string>(), timeLabel(series, series.rows() - 1));
    QCOMPARE(s["mase_scale"]["value"].get<double>(), *naiveScale(series, w));
    bool ets = false, theta = false;
    for (const auto &[name, m] : s["test"].items()) {
        ets = ets || (name.rfind("ETS(", 0) == 0 && m.contains("mase"));
        theta = theta || (name == "Theta" && m.contains("mase"));
    }
    QVERIFY(ets && theta);
    // Closed-loop intervals over one lookback of steps, with their test coverage.
    const json &iv = s["intervals"];
    QVERIFY2(iv.contains("test_coverage_80"), iv.dump().c_str());
    QCOMPARE(iv["steps"].get<int>(), 12);
    QVERIFY(iv["test_points"].get<int>() > 0);
    const double c80 = iv["test_coverage_80"], c95 = iv["test_coverage_95"];
    QVERIFY(c80 >= 0 && c95 >= c80 && c95 <= 1);
    for (int k = 0; k < 12; ++k) {
        QVERIFY(iv["half_width_95"][k].get<double>() >= iv["half_width_80"][k].get<double>());
    }
    // The Ljung-Box check of the model's test errors (no season on the Nile: 10 lags, at most n/5).
    const json &res = s["residuals"];
    QCOMPARE(res["lags"].get<int>(), std::min(10, s["test_windows"].get<int>() / 5));
    QCOMPARE(int(res["acf"].size()), res["lags"].get<int>());
    QVERIFY(res["p_value"].get<double>() >= 0 && res["p_value"].get<double>() <= 1 && res["ljung_box"].get<double>() >= 0);
}

void TestCliVerdict::verdictAgreesWithTheTestObject()
{
    const Run r = cli({"train", "--data", kNile, "--model", "gru:8,dense", "--epochs", "4", "--patience", "0"});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const json s = r.summary();
    const json &v = s["verdict"];
    QCOMPARE(v["metric"].get<std::string>(), std::string("mase"));
    std::string best, bestClassical;
    double bestScore = INFINITY, bestClassicalScore = INFINITY;
    for (const auto &[name, m] : s["test"].items()) {
        if (!m.contains("mase")) {
            continue;
        }
        const double x = m["mase"].get<double>();
        if (x < bestScore) {
            bestScore = x;
            best = name;
        }
        if (name != "model" && x < bestClassicalScore) {
            bestClassicalScore = x;
            bestClassical = name;
        }
    }
    const double model = s["test"]["model"]["mase"].get<double>();
    const double naive = s["test"]["naive"]["mase"].get<double>();
    QCOMPARE(v["best"].get<std::string>(), best);
    QCOMPARE(v["best_classical"].get<std::string>(), bestClassical);
    QCOMPARE(v["beats_naive"].get<bool>(), model < naive);
    QCOMPARE(v["beats_best_classical"].get<bool>(), model < bestClassicalScore);
    const std::string text = v["text"].get<std::string>();
    QVERIFY2(text.find(model < naive ? "beats naive" : "loses to naive") != std::string::npos, text.c_str());
}

void TestCliVerdict::patienceZeroRunsEveryEpoch()
{
    const Run r = cli({"train", "--data", kNile, "--model", "gru:4,dense", "--epochs", "7", "--patience", "0",
                       "--transform", "none"});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QCOMPARE(r.epochLines(), 7);
    QCOMPARE(r.summary()["patience"].get<int>(), 0);
    QCOMPARE(r.summary()["transform"].get<std::string>(), std::string("none"));
    QVERIFY(!r.err.contains("transform auto"));
}

void TestCliVerdict::ensembleIsTheMedianOfItsMembers()
{
    QTemporaryDir dir;
    const QStringList common = {"train", "--data", kNile, "--model", "gru:8,dense", "--epochs", "6", "--patience", "0",
                                "--transform", "none"};
    std::vector<QStringList> members;
    for (int seed = 4; seed <= 6; ++seed) {
        const QString out = dir.filePath(QString("m%1").arg(seed));
        const Run r = cli(common + QStringList{"--seed", QString::number(seed), "--out", out});
        QVERIFY2(r.code == 0, qPrintable(r.describe()));
        members.push_back(column(out + "/predictions.csv", "model"));
    }
    const QString out = dir.filePath("ensemble");
    const Run r = cli(common + QStringList{"--seed", "4", "--ensemble", "3", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const json e = r.summary()["ensemble"];
    QCOMPARE(e["members"].get<int>(), 3);
    QVERIFY2(e["seeds"] == json({4, 5, 6}), e.dump().c_str());
    const QStringList median = column(out + "/predictions.csv", "model");
    QCOMPARE(median.size(), members[0].size());
    int fromOthers = 0;
    for (int i = 0; i < median.size(); ++i) {
        std::vector<double> v = {members[0][i].toDouble(), members[1][i].toDouble(), members[2][i].toDouble()};
        std::sort(v.begin(), v.end());
        QCOMPARE(median[i].toDouble(), v[1]);
        fromOthers += median[i] != members[0][i];
    }
    // Not just the first member's forecast under another name.
    QVERIFY(fromOthers > 0);
    // Deterministic: the same command gives the same numbers.
    const Run again = cli(common + QStringList{"--seed", "4", "--ensemble", "3"});
    QCOMPARE(again.summary()["test"]["model"]["mae"].get<double>(), r.summary()["test"]["model"]["mae"].get<double>());
}

void TestCliVerdict::refitTrainsAgainForTheBestEpochCount()
{
    const QStringList args = {"train", "--data", kNile, "--model", "gru:8,dense", "--transform", "none", "--patience", "3"};
    const Run plain = cli(args);
    const Run r = cli(args + QStringList{"--refit"});
    QVERIFY2(plain.code == 0 && r.code == 0, qPrintable(r.describe()));
    const json s = r.summary();
    // The same first training (same seed), then a refit for its best epoch count.
    QCOMPARE(s["best_epoch"].get<int>(), plain.summary()["best_epoch"].get<int>());
    QVERIFY2(s["ensemble"]["refit_epochs"] == json({s["best_epoch"].get<int>()}), s.dump().c_str());
    // Refitted on more windows: a different model from the early-stopped one.
    QVERIFY(s["test"]["model"]["mae"].get<double>() != plain.summary()["test"]["model"]["mae"].get<double>());
    QCOMPARE(cli(args + QStringList{"--refit"}).summary()["test"]["model"]["mae"].get<double>(),
             s["test"]["model"]["mae"].get<double>());
}

void TestCliVerdict::badSettingsAreRefused()
{
    Run r = cli({"train", "--data", kNile, "--transform", "sqrt"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--transform") && r.err.contains("auto"), r.err.constData());
    r = cli({"train", "--data", kNile, "--ensemble", "2", "--init", "x.json"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--ensemble"), r.err.constData());
    r = cli({"train", "--data", kNile, "--ensemble", "0"});
    QCOMPARE(r.code, 2);
}

QTEST_APPLESS_MAIN(TestCliVerdict)
#include "tst_core_cli_verdict.moc"
