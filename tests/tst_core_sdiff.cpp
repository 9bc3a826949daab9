// The seasonal-difference transforms (sdiff, logsdiff): the transform and its inverse,
// where windows start, the period (declared or detected) in the model file, and
// forecasts that come back on the original scale.
#include "data/windows.h"
#include "forecasting/forecast.h"
#include "nn/model.h"
#include "nn/model_spec.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <cmath>
#include <vector>

using namespace rnnlab;

namespace {

// Trend, a season of 12 and a wobble that no season repeats; > 0 everywhere.
double seasonal(int r)
{
    static const double season[12] = {3, 5, 9, 4, -2, -6, -8, -5, 0, 2, 6, -1};
    return 50.0 + 0.7 * r + 2.0 * season[r % 12] * (1.0 + r / 60.0) + std::sin(0.37 * r);
}

template <class F> Series makeSeries(int rows, F f)
{
    Series s;
    s.source = "seasonal.csv";
    s.columns = {"y"};
    s.values.resize(rows, 1);
    for (int r = 0; r < rows; ++r) {
        s.time.push_back(r);
        s.lines.push_back(r + 2);
        s.values(r, 0) = f(r);
    }
    return s;
}

QString errorOf(const Series &s, const DataConfig &c)
{
    try {
        makeWindows(s, c);
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestCoreSdiff : public QObject {
    Q_OBJECT
private slots:
    void names();
    void values_data();
    void values();
    void roundTrip_data();
    void roundTrip();
    void windowsStartAfterOneSeason();
    void periodDetectedOrRefused();
    void periodInModelFile();
    void forecastsOnOriginalScale_data();
    void forecastsOnOriginalScale();
};

void TestCoreSdiff::names()
{
    QCOMPARE(transformFromString("sdiff"), Transform::SeasonalDifference);
    QCOMPARE(transformFromString("logsdiff"), Transform::LogSeasonalDifference);
    QCOMPARE(QString(toString(Transform::SeasonalDifference)), QString("sdiff"));
    QCOMPARE(QString(toString(Transform::LogSeasonalDifference)), QString("logsdiff"));
    QCOMPARE(firstTransformedRow(Transform::SeasonalDifference, 12), 12);
    QCOMPARE(firstTransformedRow(Transform::LogSeasonalDifference, 4), 4);
    QCOMPARE(firstTransformedRow(Transform::Difference, 12), 1);
    QVERIFY(usesLog(Transform::LogSeasonalDifference));
    QVERIFY(!usesLog(Transform::SeasonalDifference));
}

void TestCoreSdiff::values_data()
{
    QTest::addColumn<QString>("transform");
    QTest::newRow("sdiff") << "sdiff";
    QTest::newRow("logsdiff") << "logsdiff";
}

void TestCoreSdiff::values()
{
    QFETCH(QString, transform);
    const Transform t = transformFromString(transform.toStdString());
    const Series s = makeSeries(60, seasonal);
    const Eigen::VectorXd y = transformColumn(s, 0, t, 12);
    for (int r = 0; r < 12; ++r) {
        QCOMPARE(y[r], 0.0);
    }
    for (int r = 12; r < 60; ++r) {
        const double expect = t == Transform::SeasonalDifference ? seasonal(r) - seasonal(r - 12)
                                                                 : std::log(seasonal(r)) - std::log(seasonal(r - 12));
        QVERIFY2(std::abs(y[r] - expect) < 1e-12, qPrintable(QString("row %1").arg(r)));
    }
    QString message;
    try {
        transformColumn(s, 0, t, 1);
    } catch (const std::invalid_argument &e) {
        message = e.what();
    }
    QVERIFY2(message.contains("seasonal period of at least 2 (got 1)"), qPrintable(message));
}

void TestCoreSdiff::roundTrip_data()
{
    values_data();
}

// Transform, then invert from every origin: the levels come back to 1e-12.
void TestCoreSdiff::roundTrip()
{
    QFETCH(QString, transform);
    DataConfig c;
    c.transform = transformFromString(transform.toStdString());
    c.seasonalPeriod = 12;
    c.lookback = 12;
    c.normalization = Normalization::None;
    const Series s = makeSeries(120, seasonal);
    const Windows w = makeWindows(s, c);
    const Eigen::VectorXd y = transformColumn(s, 0, c.transform, 12);
    for (int origin = 12; origin < 120; origin += 7) {
        const std::vector<double> levels
            = levelsFromTransformed(w, origin, std::span<const double>(y.data() + origin, std::size_t(120 - origin)));
        QCOMPARE(int(levels.size()), 120 - origin);
        for (int k = 0; k < 120 - origin; ++k) {
            const double err = std::abs(levels[std::size_t(k)] - seasonal(origin + k)) / seasonal(origin + k);
            QVERIFY2(err < 1e-12, qPrintable(QString("origin %1 step %2: relative error %3").arg(origin).arg(k).arg(err)));
        }
    }
    // Too early an origin has no level one season back.
    QString message;
    try {
        levelsFromTransformed(w, 11, std::span<const double>(y.data() + 11, 1));
    } catch (const std::invalid_argument &e) {
        message = e.what();
    }
    QVERIFY2(message.contains("needs the levels of the 12 rows before it"), qPrintable(message));
}

void TestCoreSdiff::windowsStartAfterOneSeason()
{
    // 100 rows: trainEnd 70, valEnd 85; lookback 6, period 12: the first window starts at row 12.
    DataConfig c;
    c.lookback = 6;
    c.transform = Transform::SeasonalDifference;
    c.seasonalPeriod = 12;
    const Windows w = makeWindows(makeSeries(100, seasonal), c);
    QCOMPARE(w.firstRow(), 12);
    QCOMPARE(w.seasonalPeriod, 12);
    QCOMPARE(w.train.front(), 12);
    QCOMPARE(w.train.back(), 70 - 6 - 1);
    QCOMPARE(w.val.front(), 70 - 6);
    QCOMPARE(w.test.front(), 85 - 6);
    QCOMPARE(w.test.back(), 100 - 6 - 1);
    for (int r = 0; r < 12; ++r) {
        QCOMPARE(w.target[r], 0.0f);
    }
    // The normaliser is fitted on rows 12..69 only.
    const Eigen::VectorXd y = transformColumn(makeSeries(100, seasonal), 0, c.transform, 12);
    QVERIFY(std::abs(w.targetNorm.offset - y.segment(12, 58).mean()) < 1e-12);
    // The 12 lost rows count against the training rows.
    c.lookback = 58;
    const QString message = errorOf(makeSeries(100, seasonal), c);
    QVERIFY2(message.contains("lookback 58 + horizon 1 + 12 rows lost to the sdiff transform needs at least 71"),
             qPrintable(message));
}

void TestCoreSdiff::periodDetectedOrRefused()
{
    DataConfig c;
    c.transform = Transform::SeasonalDifference;
    // No period declared: the one the training rows show.
    QCOMPARE(makeWindows(makeSeries(144, seasonal), c).seasonalPeriod, 12);
    // A straight line has none: say so, name the file, and say what to do.
    const QString message = errorOf(makeSeries(144, [](int r) { return 1.0 + r; }), c);
    QVERIFY2(message.contains("'seasonal.csv'") && message.contains("--period") && message.contains("none was detected"),
             qPrintable(message));
}

void TestCoreSdiff::periodInModelFile()
{
    DataConfig c;
    c.transform = Transform::LogSeasonalDifference;
    const Windows w = makeWindows(makeSeries(144, seasonal), c);
    const nlohmann::json j = toJson(c, w);
    QCOMPARE(j.at("seasonalPeriod").get<int>(), 12);
    QCOMPARE(j.at("transform").get<std::string>(), std::string("logsdiff"));
    DataConfig back;
    Windows restored;
    fromJson(j, back, restored);
    QCOMPARE(back.transform, Transform::LogSeasonalDifference);
    QCOMPARE(back.seasonalPeriod, 12);
    QCOMPARE(restored.seasonalPeriod, 12);
    nlohmann::json bad = j;
    bad["seasonalPeriod"] = 1;
    QString message;
    try {
        fromJson(bad, back, restored);
    } catch (const std::invalid_argument &e) {
        message = e.what();
    }
    QVERIFY2(message.contains("logsdiff") && message.contains("seasonalPeriod"), qPrintable(message));
}

void TestCoreSdiff::forecastsOnOriginalScale_data()
{
    values_data();
}

// On y = a + b r + s(r mod 12) the seasonal difference is the constant 12 b, which a
// model with zero weights predicts (0 in z-scored units is the training mean). So both
// the open- and the closed-loop forecasts must be the series itself, in its own units.
void TestCoreSdiff::forecastsOnOriginalScale()
{
    QFETCH(QString, transform);
    const Transform t = transformFromString(transform.toStdString());
    static const double season[12] = {3, 5, 9, 4, -2, -6, -8, -5, 0, 2, 6, -1};
    // logsdiff: exp(linear + season) has a constant log seasonal difference.
    auto level = [t](int r) {
        const double x = 0.02 * r + 0.05 * season[r % 12];
        return t == Transform::SeasonalDifference ? 100.0 + 40 * x : 100.0 * std::exp(x);
    };
    const Series s = makeSeries(120, level);
    DataConfig c;
    c.transform = t;
    c.seasonalPeriod = 12;
    c.lookback = 6;
    c.horizon = 3;
    const Windows w = makeWindows(s, c);
    Model<float> model(parseModelSpec("lstm:4,dense", 1, 3));
    const Eigen::MatrixXd open = openLoopPredict(model, w, w.test);
    for (int n = 0; n < (int)w.test.size(); ++n) {
        for (int h = 0; h < 3; ++h) {
            const double truth = level(w.test[n] + 6 + h);
            QVERIFY2(std::abs(open(h, n) - truth) < 1e-4 * truth,
                     qPrintable(QString("window %1 step %2: %3 vs %4").arg(n).arg(h).arg(open(h, n)).arg(truth)));
        }
    }
    // Closed loop past the end of the data: 30 steps from the validation end, the
    // later ones built on forecast levels one season back.
    const std::vector<double> closed = closedLoopForecast(model, w, w.valEnd, 40);
    QCOMPARE(int(closed.size()), 40);
    for (int k = 0; k < 40; ++k) {
        const double truth = level(w.valEnd + k);
        QVERIFY2(std::abs(closed[std::size_t(k)] - truth) < 1e-4 * truth,
                 qPrintable(QString("step %1: %2 vs %3").arg(k).arg(closed[std::size_t(k)]).arg(truth)));
    }
}

QTEST_APPLESS_MAIN(TestCoreSdiff)
#include "tst_core_sdiff.moc"
