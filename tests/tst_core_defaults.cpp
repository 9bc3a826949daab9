// Tests of the decisions RNN Lab makes for a user's own file: the automatic transform
// (data/auto_transform.h) on synthetic series whose answer is known by construction and
// on the bundled series, the KPSS/ADF statistics against statsmodels' values, the
// training defaults, and the verdict's ranking and wording (forecasting/verdict.h).
#include "data/auto_transform.h"
#include "forecasting/baselines.h"
#include "forecasting/verdict.h"
#include "nn/training_defaults.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace rnnlab;

namespace {

std::vector<double> noise(int n, std::uint64_t seed, double sd = 1.0)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> d(0.0, sd);
    std::vector<double> e(n);
    for (double &v : e) {
        v = d(rng);
    }
    return e;
}

std::vector<double> trainRows(const std::string &file, const std::string &target = "")
{
    const Series s = loadSeries(std::string(RNNLAB_SAMPLE_DATA "/") + file);
    DataConfig dc;
    dc.target = target;
    const Windows w = makeWindows(s, dc);
    return std::vector<double>(w.targetLevels.data(), w.targetLevels.data() + w.trainEnd);
}

} // namespace

class TestCoreDefaults : public QObject {
    Q_OBJECT

private slots:
    void whiteNoiseIsLeftAlone();
    void randomWalkIsDifferenced();
    void growingSeasonIsLogged();
    void nonPositiveDataIsNeverLogged();
    void bundledSeriesGetTheirRecommendedTransform_data();
    void bundledSeriesGetTheirRecommendedTransform();
    void statisticsMatchStatsmodels();
    void logFallsBackWhenAnInputIsNotPositive();
    void trainingDefaults();
    void verdictRanksAndWords();
};

// Both tests run at 5%, so single series may go either way: over 40 seeded series the
// rule must be right for most (white noise: KPSS rejects in ~5%; a random walk: ADF
// rejects in ~5% and KPSS misses in some more).
void TestCoreDefaults::whiteNoiseIsLeftAlone()
{
    int none = 0;
    for (int seed = 1; seed <= 40; ++seed) {
        none += chooseTransform(noise(300, seed), 0).transform == Transform::None;
    }
    QVERIFY2(none >= 36, qPrintable(QString("%1 of 40 left alone").arg(none)));
    const TransformChoice c = chooseTransform(noise(300, 1), 0);
    QVERIFY2(c.transform != Transform::None || c.reason.find("no unit root") != std::string::npos, c.reason.c_str());
}

void TestCoreDefaults::randomWalkIsDifferenced()
{
    int diff = 0;
    for (int seed = 1; seed <= 40; ++seed) {
        std::vector<double> y = noise(300, seed);
        for (std::size_t t = 1; t < y.size(); ++t) {
            y[t] += y[t - 1];
        }
        const TransformChoice c = chooseTransform(y, 0);
        diff += c.transform == Transform::Difference;
        QVERIFY2(c.reason.find("KPSS") != std::string::npos && c.reason.find("ADF") != std::string::npos, c.reason.c_str());
    }
    QVERIFY2(diff >= 30, qPrintable(QString("%1 of 40 differenced").arg(diff)));
}

void TestCoreDefaults::growingSeasonIsLogged()
{
    // Exponential growth times a fixed seasonal pattern: the swing grows with the level.
    const std::vector<double> e = noise(120, 3, 0.02);
    std::vector<double> y(120);
    for (int t = 0; t < 120; ++t) {
        y[t] = 100 * std::exp(0.012 * t) * (1 + 0.2 * std::sin(2 * M_PI * t / 12)) * std::exp(e[t]);
    }
    const TransformChoice c = chooseTransform(y, 12);
    QCOMPARE(c.transform, Transform::LogDifference);
    // The same shape added (constant swing) is differenced but not logged.
    for (int t = 0; t < 120; ++t) {
        y[t] = 100 + 0.8 * t + 15 * std::sin(2 * M_PI * t / 12) + 2 * e[t] * 50;
    }
    QCOMPARE(chooseTransform(y, 12).transform, Transform::Difference);
}

void TestCoreDefaults::nonPositiveDataIsNeverLogged()
{
    std::vector<double> y(120);
    for (int t = 0; t < 120; ++t) {
        y[t] = (t + 1) * (1 + 0.5 * std::sin(2 * M_PI * t / 12)) - 10;
    }
    const TransformChoice c = chooseTransform(y, 12);
    QVERIFY(c.transform != Transform::Log && c.transform != Transform::LogDifference);
}

void TestCoreDefaults::bundledSeriesGetTheirRecommendedTransform_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("expected");
    // The transforms samplesettings.cpp recommends from the series' shape, except where
    // the stated rules see it differently (the reason is then in the comment).
    QTest::newRow("airpassengers") << "airpassengers.csv" << "" << "logdiff";
    QTest::newRow("co2") << "co2_mauna_loa.csv" << "" << "diff";
    QTest::newRow("nottem") << "nottem.csv" << "" << "none";
    QTest::newRow("sine") << "sine.csv" << "" << "none";
    // Prices: a unit root, but on the training rows the level grows less than 2x, so no log.
    QTest::newRow("DAX") << "eustockmarkets.csv" << "DAX" << "diff";
    QTest::newRow("random walk") << "random_walk.csv" << "" << "diff";
}

void TestCoreDefaults::bundledSeriesGetTheirRecommendedTransform()
{
    QFETCH(QString, file);
    QFETCH(QString, target);
    QFETCH(QString, expected);
    const std::vector<double> y = trainRows(file.toStdString(), target.toStdString());
    const TransformChoice c = chooseTransform(y, detectSeasonalPeriod(y));
    QVERIFY2(QString(toString(c.transform)) == expected, c.reason.c_str());
}

void TestCoreDefaults::statisticsMatchStatsmodels()
{
    // statsmodels 0.13.5 on the 101 training rows of the airline counts:
    //   kpss(y, regression="c", nlags=4)[0] = 1.9492597796   (nlags 4 = 4 (n/100)^(1/4), the short rule)
    //   adfuller(y, maxlag=12, autolag=None, regression="c")[0] = 1.4421953795
    //   adfuller(log y, ...)[0] = -0.8547071141
    const std::vector<double> y = trainRows("airpassengers.csv");
    QCOMPARE(int(y.size()), 101);
    QVERIFY2(std::abs(kpssStatistic(y) - 1.9492597796) < 1e-8, qPrintable(QString::number(kpssStatistic(y), 'g', 12)));
    QVERIFY2(std::abs(adfStatistic(y, 12) - 1.4421953795) < 1e-8, qPrintable(QString::number(adfStatistic(y, 12), 'g', 12)));
    std::vector<double> logY = y;
    for (double &v : logY) {
        v = std::log(v);
    }
    QVERIFY(std::abs(adfStatistic(logY, 12) + 0.8547071141) < 1e-8);
}

void TestCoreDefaults::logFallsBackWhenAnInputIsNotPositive()
{
    // Target: the airline counts (logdiff on its own); input: a column that crosses 0.
    const Series air = loadSeries(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
    Series s = air;
    s.columns.push_back("signed");
    s.values.conservativeResize(Eigen::NoChange, 2);
    for (int r = 0; r < s.rows(); ++r) {
        s.values(r, 1) = std::sin(r * 0.3);
    }
    DataConfig dc;
    dc.target = "passengers";
    dc.inputs = {"passengers", "signed"};
    const TransformChoice c = chooseTransform(s, dc);
    QCOMPARE(c.transform, Transform::Difference);
    QVERIFY2(c.reason.find("no log") != std::string::npos, c.reason.c_str());
}

void TestCoreDefaults::trainingDefaults()
{
    QCOMPARE(defaultPatience(100), 20);
    QCOMPARE(defaultPatience(5000), 10);
    QCOMPARE(defaultLookback(12, 100), 12);
    QCOMPARE(defaultLookback(0, 100), 12);
    QCOMPARE(defaultLookback(50, 700), 50);
    QCOMPARE(defaultLookback(50, 150), 12); // a season longer than a quarter of the rows
}

void TestCoreDefaults::verdictRanksAndWords()
{
    const std::vector<std::pair<std::string, double>> b = {{"naive", 1.0}, {"ETS(A,A,M)", 0.6}, {"Theta", 0.7}};
    Verdict v = judgeForecasts("mase", 0.8, b);
    QCOMPARE(v.best, std::string("ETS(A,A,M)"));
    QCOMPARE(v.bestClassical, std::string("ETS(A,A,M)"));
    QCOMPARE(*v.beatsNaive, true);
    QCOMPARE(*v.beatsBestClassical, false);
    QVERIFY2(v.text().find("beats naive") != std::string::npos && v.text().find("loses to ETS(A,A,M)") != std::string::npos,
             v.text().c_str());
    v = judgeForecasts("mase", 1.2, b);
    QCOMPARE(*v.beatsNaive, false);
    QVERIFY2(v.text().find("loses to naive") != std::string::npos, v.text().c_str());
    v = judgeForecasts("mae", 0.5, b);
    QCOMPARE(v.best, std::string("model"));
    QCOMPARE(*v.beatsBestClassical, true);
    QVERIFY2(v.text().find("MAE") != std::string::npos, v.text().c_str());
    // A tie is not a win, and is said as a tie.
    QCOMPARE(*judgeForecasts("mase", 0.6, b).beatsBestClassical, false);
    QVERIFY2(judgeForecasts("mase", 0.6, b).text().find("ties with ETS(A,A,M)") != std::string::npos,
             judgeForecasts("mase", 0.6, b).text().c_str());
    v = judgeForecasts("mase", std::nullopt, b);
    QVERIFY(!v.beatsNaive && !v.modelScore);
    QCOMPARE(v.best, std::string("ETS(A,A,M)"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, judgeForecasts("mase", std::nullopt, {}));
}

QTEST_APPLESS_MAIN(TestCoreDefaults)
#include "tst_core_defaults.moc"
