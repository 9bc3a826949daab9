// Tests of everything that turns windows into forecasts and scores: the baselines,
// seasonal-period detection, the metrics, the teaching-series generators and the
// open/closed-loop forecasts of a tiny hand-weighted model, and the inversion of the
// log/difference transforms back to levels. All expected values are worked out by
// hand in the comments.
#include "forecasting/baselines.h"
#include "forecasting/forecast.h"
#include "data/generate.h"
#include "forecasting/metrics.h"
#include "nn/model.h"
#include "data/windows.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>

using namespace rnnlab;

namespace {

Series fromValues(const std::vector<double> &y, const std::string &name = "y")
{
    Series s;
    s.source = "hand.csv";
    s.columns = {name};
    s.values.resize((Eigen::Index)y.size(), 1);
    for (int r = 0; r < (int)y.size(); ++r) {
        s.values(r, 0) = y[r];
        s.time.push_back(r);
        s.lines.push_back(r + 2);
    }
    return s;
}

bool near(double a, double b, double tol = 1e-9)
{
    return std::abs(a - b) <= tol * std::max(1.0, std::abs(b));
}

const BaselineForecast &find(const std::vector<BaselineForecast> &all, const std::string &prefix)
{
    for (const BaselineForecast &f : all) {
        if (f.name.rfind(prefix, 0) == 0) {
            return f;
        }
    }
    throw std::runtime_error("no baseline " + prefix);
}

// y_r = r^2 / 10 + (r odd ? 1 : 0): no two steps alike, so a wrong row index shows.
std::vector<double> bumpy(int n)
{
    std::vector<double> y(n);
    for (int r = 0; r < n; ++r) {
        y[r] = r * r / 10.0 + (r % 2);
    }
    return y;
}

} // namespace

class TestCoreForecasting : public QObject {
    Q_OBJECT

private slots:
    // Long series take the FFT path; it must agree with the definition, lag by lag.
    void longAutocorrelationMatchesDefinition()
    {
        const int n = 30000, maxLag = 1500; // n * maxLag above the FFT threshold
        std::vector<double> y(n);
        std::uint64_t state = 12345;
        for (int t = 0; t < n; ++t) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            y[t] = std::sin(t * 2.0 * M_PI / 24.0) + double(state >> 11) * 0x1.0p-53 - 0.5;
        }
        const std::vector<double> r = autocorrelation(y, maxLag);
        double mean = 0.0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double c0 = 0.0;
        for (double v : y) {
            c0 += (v - mean) * (v - mean);
        }
        for (int k : {0, 1, 12, 24, 777, maxLag}) {
            double ck = 0.0;
            for (int t = 0; t + k < n; ++t) {
                ck += (y[t] - mean) * (y[t + k] - mean);
            }
            QVERIFY2(std::abs(r[k] - ck / c0) < 1e-9, qPrintable(QString("lag %1: %2 vs %3").arg(k).arg(r[k]).arg(ck / c0)));
        }
        // A 700,000-row training span (a million-row file) is searched in well under a second;
        // before the FFT path this took minutes (O(n^2) over n/3 lags).
        std::vector<double> big(700000);
        for (int t = 0; t < (int)big.size(); ++t) {
            big[t] = std::sin(t * 2.0 * M_PI / 24.0);
        }
        QCOMPARE(detectSeasonalPeriod(big), 24);
    }

    void naiveSeasonalDrift();
    void baselineSkips();
    void arRecoversExactRecursion();
    void seasonalPeriod_data();
    void seasonalPeriod();
    void seasonalPeriodOnAirPassengers();
    void metricsByHand();
    void metricsZeroZeroSmape();
    void metricsErrors();
    void naiveScaleFromTrainingRowsOnly();
    void actuals();
    void generatorsDeterministic();
    void echoProperty();
    void generatorShapes();
    void writeCsvRoundTrip();
    void shippedFilesMatchGenerators();
    void openLoop();
    void closedLoop();
    void closedLoopReadsKnownInputs();
    void toLevelsByHand_data();
    void toLevelsByHand();
    void toLevelsNeedsPreviousRow();
    void openLoopDifference();
    void closedLoopTransforms();
};

void TestCoreForecasting::naiveSeasonalDrift()
{
    // 20 rows, L=4, H=3, split .7/.15/.15: trainEnd 14; train starts 0..7.
    const std::vector<double> y = bumpy(20);
    DataConfig c;
    c.lookback = 4;
    c.horizon = 3;
    const Series s = fromValues(y);
    const Windows w = makeWindows(s, c);
    const std::vector<int> starts {0, 5, 13};
    BaselineOptions o;
    o.seasonalPeriod = 2;
    o.ar = false;
    const std::vector<BaselineForecast> all = runBaselines(s, w, starts, o);
    QCOMPARE(all.size(), std::size_t(3));

    const BaselineForecast &naive = find(all, "naive");
    const BaselineForecast &seasonal = find(all, "seasonal naive");
    const BaselineForecast &drift = find(all, "drift");
    QCOMPARE(seasonal.name, std::string("seasonal naive (m=2)"));
    for (const BaselineForecast *f : {&naive, &seasonal, &drift}) {
        QCOMPARE(f->pred.rows(), Eigen::Index(3));
        QCOMPARE(f->pred.cols(), Eigen::Index(3));
    }
    for (int n = 0; n < 3; ++n) {
        const int i = starts[n];
        for (int h = 0; h < 3; ++h) {
            // naive: the last input row i+3.
            QCOMPARE(naive.pred(h, n), y[i + 3]);
            // seasonal m=2: rows i+2, i+3, i+2 (one season before each target).
            QCOMPARE(seasonal.pred(h, n), y[i + 2 + h % 2]);
            // drift: y[i+3] + (h+1) (y[i+3] - y[i]) / 3.
            QVERIFY(near(drift.pred(h, n), y[i + 3] + (h + 1) * (y[i + 3] - y[i]) / 3.0));
        }
    }
    // Written out for window 5: rows 5..8 = 3.5, 3.6, 5.9, 6.4.
    QVERIFY(near(naive.pred(2, 1), 6.4));
    QVERIFY(near(seasonal.pred(0, 1), 5.9));
    QVERIFY(near(seasonal.pred(1, 1), 6.4));
    QVERIFY(near(drift.pred(0, 1), 6.4 + 2.9 / 3.0));
    QVERIFY(near(drift.pred(2, 1), 6.4 + 2.9));
}

void TestCoreForecasting::baselineSkips()
{
    const Series s = fromValues(bumpy(20));
    DataConfig c;
    c.lookback = 1;
    const Windows w = makeWindows(s, c);
    BaselineOptions o;
    o.seasonalPeriod = 12;
    const std::vector<BaselineForecast> all = runBaselines(s, w, w.train, o);
    QCOMPARE(all.size(), std::size_t(4));
    QVERIFY(!find(all, "naive").skipped());
    QVERIFY(find(all, "seasonal").skipped());
    QCOMPARE(find(all, "seasonal").note, std::string("skipped: the season 12 is longer than the lookback 1"));
    QVERIFY(find(all, "drift").skipped());
    QVERIFY(find(all, "drift").note.find("lookback of at least 2") != std::string::npos);
    // AR(1) on 14 training rows: 13 equations for 2 unknowns is fine.
    QVERIFY(!find(all, "AR(1)").skipped());

    // Detection on a straight line finds no season: skipped with a note.
    std::vector<double> line(20);
    for (int r = 0; r < 20; ++r) {
        line[r] = 2.0 * r;
    }
    const Series straight = fromValues(line);
    o.seasonalPeriod = -1;
    const std::vector<BaselineForecast> detected = runBaselines(straight, makeWindows(straight, c), w.train, o);
    QVERIFY(find(detected, "seasonal").skipped());
    QCOMPARE(find(detected, "seasonal").note, std::string("skipped: no seasonal period found in the training rows"));

    // AR(12) with L=12 on 20 rows: 14 training rows give 2 equations; skipped.
    c.lookback = 12;
    const Windows w12 = makeWindows(s, c);
    const std::vector<BaselineForecast> ar = runBaselines(s, w12, w12.train, o);
    QVERIFY(find(ar, "AR(12)").skipped());
    QCOMPARE(find(ar, "AR(12)").note,
        std::string("skipped: AR(12) needs at least 38 training rows; the training split has 14"));

    // A series that does not match the windows is refused.
    const Series shorter = fromValues(bumpy(19));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runBaselines(shorter, w, w.train, o));
}

void TestCoreForecasting::arRecoversExactRecursion()
{
    // y_t = 5 + sin(0.5 t) satisfies (y_t - 5) = 2cos(0.5)(y_{t-1} - 5) - (y_{t-2} - 5):
    // an AR(2) with c = 5 (2 - 2cos 0.5), a1 = 2cos 0.5, a2 = -1. Fitted on the
    // training rows, it must forecast the validation and test rows exactly.
    std::vector<double> y(60);
    for (int t = 0; t < 60; ++t) {
        y[t] = 5.0 + std::sin(0.5 * t);
    }
    const Series s = fromValues(y);
    DataConfig c;
    c.lookback = 6;
    c.horizon = 4;
    const Windows w = makeWindows(s, c);
    QVERIFY(!w.test.empty());
    BaselineOptions o;
    o.arOrder = 2;
    o.naive = o.seasonalNaive = o.drift = false;
    std::vector<int> starts = w.val;
    starts.insert(starts.end(), w.test.begin(), w.test.end());
    const std::vector<BaselineForecast> all = runBaselines(s, w, starts, o);
    QCOMPARE(all.size(), std::size_t(1));
    QCOMPARE(all[0].name, std::string("AR(2)"));
    const Eigen::MatrixXd actual = actualsMatrix(s, w, starts);
    QVERIFY2((all[0].pred - actual).cwiseAbs().maxCoeff() < 1e-8, all[0].note.c_str());

    // Default order: min(L, 24) = 6; the fit is rank deficient but still exact.
    o.arOrder = 0;
    const std::vector<BaselineForecast> six = runBaselines(s, w, starts, o);
    QCOMPARE(six[0].name, std::string("AR(6)"));
    QVERIFY((six[0].pred - actual).cwiseAbs().maxCoeff() < 1e-6);
}

void TestCoreForecasting::seasonalPeriod_data()
{
    QTest::addColumn<std::vector<double>>("y");
    QTest::addColumn<int>("period");

    // Built from the generators so the numbers are the same on every platform.
    // Monthly: trend + 3 sin(2 pi t / 12) + N(0,1), 144 rows.
    const Series season = noisySine(144, 12, 1.0 / 3.0, 7);
    const Series white = echo(700, 0, 7);
    const Series stock = randomWalk(700, 100, 0.0, 0.01, 7);
    std::vector<double> monthly, noise, walk, line;
    for (int t = 0; t < 144; ++t) {
        monthly.push_back(10 + 0.05 * t + 3 * season.values(t, 0));
        line.push_back(2.0 * t);
    }
    for (int t = 0; t < 700; ++t) {
        noise.push_back(white.values(t, 0));
        walk.push_back(stock.values(t, 0));
    }
    QTest::newRow("monthly") << monthly << 12;
    const Series sine = noisySine(700, 50, 0.1, 3);
    QTest::newRow("sine 50") << std::vector<double>(sine.values.data(), sine.values.data() + 700) << 50;
    QTest::newRow("white noise") << noise << 0;
    QTest::newRow("random walk") << walk << 0;
    QTest::newRow("line") << line << 0;
    QTest::newRow("too short") << std::vector<double> {1, 2, 1} << 0;
}

void TestCoreForecasting::seasonalPeriod()
{
    QFETCH(std::vector<double>, y);
    QFETCH(int, period);
    QCOMPARE(detectSeasonalPeriod(y), period);
}

void TestCoreForecasting::seasonalPeriodOnAirPassengers()
{
    const Series air = loadSeries(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
    QCOMPARE(air.rows(), 144);
    DataConfig c;
    c.lookback = 12;
    const Windows w = makeWindows(air, c);
    const Eigen::VectorXd y = targetValues(air, w);
    QCOMPARE(detectSeasonalPeriod(std::span<const double>(y.data(), (std::size_t)w.trainEnd)), 12);
    const std::vector<BaselineForecast> all = runBaselines(air, w, w.test);
    QCOMPARE(find(all, "seasonal").name, std::string("seasonal naive (m=12)"));
    // The Nile has no season.
    const Series nile = loadSeries(RNNLAB_SAMPLE_DATA "/nile.csv");
    std::vector<double> flow(nile.values.data(), nile.values.data() + 70);
    QCOMPARE(detectSeasonalPeriod(flow), 0);
}

void TestCoreForecasting::metricsByHand()
{
    // Rows are steps, columns windows. e = P - A = [[1, 0], [-2, 1]].
    Eigen::MatrixXd A(2, 2), P(2, 2);
    // clang-format off
    A << 1, 2,
         4, 0;
    P << 2, 2,
         2, 1;
    // clang-format on
    const MetricsReport r = computeMetrics(P, A, 0.5);
    QVERIFY(near(r.overall.mae, 1.0));
    QVERIFY(near(r.overall.rmse, std::sqrt(1.5)));
    QVERIFY(!r.overall.mape.has_value()); // an actual is 0
    QVERIFY(r.overall.note.find("MAPE skipped: an actual value is 0") != std::string::npos);
    // sMAPE terms: 200*1/3, 0, 200*2/6, 200*1/1.
    QVERIFY(near(r.overall.smape, (200.0 / 3 + 0 + 200.0 / 3 + 200.0) / 4));
    QVERIFY(r.overall.mase.has_value());
    QVERIFY(near(*r.overall.mase, 2.0));

    QCOMPARE(r.perStep.size(), std::size_t(2));
    const Metrics &s1 = r.perStep[0];
    QVERIFY(near(s1.mae, 0.5));
    QVERIFY(near(s1.rmse, std::sqrt(0.5)));
    QVERIFY(s1.mape.has_value());
    QVERIFY(near(*s1.mape, 50.0)); // (1/1 + 0/2) / 2
    QVERIFY(near(s1.smape, 100.0 / 3));
    QVERIFY(near(*s1.mase, 1.0));
    QVERIFY(s1.note.empty());
    const Metrics &s2 = r.perStep[1];
    QVERIFY(near(s2.mae, 1.5));
    QVERIFY(near(s2.rmse, std::sqrt(2.5)));
    QVERIFY(!s2.mape.has_value());
    QVERIFY(near(s2.smape, 400.0 / 3));
    QVERIFY(near(*s2.mase, 3.0));

    // Without a scale, or with a zero one, MASE is skipped with a reason.
    const MetricsReport noScale = computeMetrics(P, A, std::nullopt);
    QVERIFY(!noScale.overall.mase.has_value());
    QVERIFY(noScale.overall.note.find("MASE skipped") != std::string::npos);
    QVERIFY(!computeMetrics(P, A, 0.0).perStep[0].mase.has_value());
}

void TestCoreForecasting::metricsZeroZeroSmape()
{
    Eigen::MatrixXd A(1, 3), P(1, 3);
    A << 0, 2, -1;
    P << 0, 1, -1;
    const MetricsReport r = computeMetrics(P, A, 1.0);
    // Terms: 0 (both zero), 200*1/3, 0.
    QVERIFY(near(r.overall.smape, 200.0 / 9));
    QVERIFY(std::isfinite(r.overall.smape));
    QVERIFY(near(r.overall.mae, 1.0 / 3));
}

void TestCoreForecasting::metricsErrors()
{
    Eigen::MatrixXd A(2, 3), P(3, 2);
    A.setOnes();
    P.setOnes();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeMetrics(P, A, 1.0));
    Eigen::MatrixXd empty(2, 0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeMetrics(empty, empty, 1.0));
    Eigen::MatrixXd bad = A;
    bad(1, 1) = std::numeric_limits<double>::quiet_NaN();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeMetrics(bad, A, 1.0));
}

void TestCoreForecasting::naiveScaleFromTrainingRowsOnly()
{
    // 10 rows, split .5/.25/.25: training rows 0..4 = 0, 2, 1, 4, 4; steps 2, 1, 3, 0.
    std::vector<double> y {0, 2, 1, 4, 4, 100, -50, 7, 7, 1000};
    const Series s = fromValues(y);
    DataConfig c;
    c.lookback = 1;
    c.trainFraction = 0.5;
    c.valFraction = 0.25;
    c.testFraction = 0.25;
    const Windows w = makeWindows(s, c);
    QCOMPARE(w.trainEnd, 5);
    const std::optional<double> scale = naiveScale(s, w);
    QVERIFY(scale.has_value());
    QCOMPARE(*scale, 1.5);
}

void TestCoreForecasting::actuals()
{
    const std::vector<double> y = bumpy(20);
    const Series s = fromValues(y);
    DataConfig c;
    c.lookback = 3;
    c.horizon = 2;
    const Windows w = makeWindows(s, c);
    const std::vector<int> starts {4, 0};
    const Eigen::MatrixXd a = actualsMatrix(s, w, starts);
    QCOMPARE(a.rows(), Eigen::Index(2));
    QCOMPARE(a.cols(), Eigen::Index(2));
    QCOMPARE(a(0, 0), y[7]);
    QCOMPARE(a(1, 0), y[8]);
    QCOMPARE(a(0, 1), y[3]);
    QCOMPARE(a(1, 1), y[4]);
    const std::vector<int> bad {17};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, actualsMatrix(s, w, bad));
}

void TestCoreForecasting::generatorsDeterministic()
{
    QCOMPARE(noisySine(300, 25, 0.2, 5).values, noisySine(300, 25, 0.2, 5).values);
    QVERIFY(noisySine(300, 25, 0.2, 5).values != noisySine(300, 25, 0.2, 6).values);
    QCOMPARE(randomWalk(300, 100, 0.001, 0.02, 9).values, randomWalk(300, 100, 0.001, 0.02, 9).values);
    QVERIFY(randomWalk(300, 100, 0.001, 0.02, 9).values != randomWalk(300, 100, 0.001, 0.02, 10).values);
    QCOMPARE(echo(300, 5, 1).values, echo(300, 5, 1).values);
    QVERIFY(echo(300, 5, 1).values != echo(300, 5, 2).values);

    // Without noise the sine is exact (to the 4 decimals it is rounded to).
    const Series clean = noisySine(100, 20, 0.0, 1);
    QCOMPARE(clean.values(0, 0), 0.0);
    QCOMPARE(clean.values(5, 0), 1.0);
    QCOMPARE(clean.values(15, 0), -1.0);
    QCOMPARE(clean.values(1, 0), 0.309); // sin(pi/10) = 0.30902 -> 0.309 (4 decimals: 0.3090)
}

void TestCoreForecasting::echoProperty()
{
    const int k = 20;
    const Series s = echo(1000, k, 42);
    QCOMPARE(s.columns, (std::vector<std::string> {"input", "target"}));
    QCOMPARE(s.rows(), 1000);
    for (int t = 0; t < 1000; ++t) {
        QVERIFY(s.values(t, 0) >= -1.0 && s.values(t, 0) <= 1.0);
        QCOMPARE(s.values(t, 1), t >= k ? s.values(t - k, 0) : 0.0);
    }
    // The inputs are not constant and roughly centred.
    QVERIFY(std::abs(s.values.col(0).mean()) < 0.1);
    QVERIFY(s.values.col(0).maxCoeff() > 0.9 && s.values.col(0).minCoeff() < -0.9);
}

void TestCoreForecasting::generatorShapes()
{
    const Series sine = noisySine(1000, 50, 0.1, 1);
    QCOMPARE(sine.columns, std::vector<std::string> {"value"});
    QCOMPARE(sine.timeName, std::string("t"));
    QCOMPARE(sine.time[999], 999.0);
    // Noise 0.1 around the sine: the residual std is close to 0.1.
    double ss = 0.0;
    for (int t = 0; t < 1000; ++t) {
        const double e = sine.values(t, 0) - std::sin(2 * std::numbers::pi * t / 50);
        ss += e * e;
    }
    const double sd = std::sqrt(ss / 1000);
    QVERIFY2(sd > 0.09 && sd < 0.11, qPrintable(QString::number(sd)));

    const Series walk = randomWalk(1000, 100, 0.0, 0.01, 1);
    QCOMPARE(walk.values(0, 0), 100.0);
    QVERIFY(walk.values.col(0).minCoeff() > 0.0);
    // Log returns have std ~ vol.
    double ls = 0.0;
    for (int t = 1; t < 1000; ++t) {
        const double r = std::log(walk.values(t, 0) / walk.values(t - 1, 0));
        ls += r * r;
    }
    QVERIFY(std::sqrt(ls / 999) > 0.008 && std::sqrt(ls / 999) < 0.012);

    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, noisySine(0, 10, 0.1, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, noisySine(10, 0, 0.1, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, randomWalk(10, -1, 0, 0.1, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, echo(10, -1, 1));
}

void TestCoreForecasting::writeCsvRoundTrip()
{
    const std::string dir = QDir::tempPath().toStdString() + "/rnnlab_tst_forecasting";
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/echo.csv";
    const Series s = echo(50, 3, 4);
    writeCsv(s, path);
    QVERIFY(!std::filesystem::exists(path + ".tmp"));
    std::ifstream in(path);
    std::string header, first;
    std::getline(in, header);
    std::getline(in, first);
    QCOMPARE(header, std::string("t,input,target"));
    QVERIFY(first.rfind("0,", 0) == 0);
    QVERIFY(first.size() > 4 && first.substr(first.size() - 2) == ",0");

    const Series back = loadSeries(path);
    QCOMPARE(back.rows(), 50);
    QCOMPARE(back.columns, s.columns);
    QCOMPARE(back.values, s.values); // shortest round-trip numbers read back exactly

    QVERIFY_THROWS_EXCEPTION(std::runtime_error, writeCsv(s, dir + "/no/such/dir/x.csv"));
    std::filesystem::remove_all(dir);
}

void TestCoreForecasting::shippedFilesMatchGenerators()
{
    // sample_data/PROVENANCE.md promises these files regenerate bit for bit.
    struct Shipped {
        const char *file;
        Series expected;
    };
    const Shipped shipped[] = {
        {"/sine.csv", noisySine(1000, 50, 0.1, 1)},
        {"/random_walk.csv", randomWalk(1000, 100, 0.0005, 0.01, 1)},
        {"/echo_lag20.csv", echo(4000, 20, 1)},
    };
    for (const Shipped &s : shipped) {
        const Series loaded = loadSeries(std::string(RNNLAB_SAMPLE_DATA) + s.file);
        QVERIFY2(loaded.columns == s.expected.columns, s.file);
        QVERIFY2(loaded.values == s.expected.values, s.file);
    }
}

// A model whose output is known: rnn:1:relu with W_ih = 1, W_hh = 0, zero biases
// gives h_T = relu(x_T); the dense head multiplies by `gains` (horizon of them).
static void makeLastValueModel(Model<float> &m, const std::vector<float> &gains)
{
    m.params().setZero();
    m.tensor(m.findTensor(0, "weight_ih"))(0, 0) = 1.0f;
    MatMap<float> W = m.tensor(m.findTensor(1, "weight"));
    for (int h = 0; h < (int)gains.size(); ++h) {
        W(h, 0) = gains[h];
    }
}

void TestCoreForecasting::openLoop()
{
    // minmax on training rows 0..13 of y = r + 1 (1..14): x' = (y - 1) / 13 >= 0.
    std::vector<double> y(20);
    for (int r = 0; r < 20; ++r) {
        y[r] = r + 1.0;
    }
    const Series s = fromValues(y);
    DataConfig c;
    c.lookback = 3;
    c.horizon = 2;
    c.normalization = Normalization::MinMax;
    const Windows w = makeWindows(s, c);
    Model<float> m(parseModelSpec("rnn:1:relu,dense", 1, 2));
    makeLastValueModel(m, {1.0f, 2.0f});
    std::vector<int> starts = w.train;
    starts.insert(starts.end(), w.test.begin(), w.test.end());
    // Batch size 4 so several forward calls and a short last batch are exercised.
    const Eigen::MatrixXd p = openLoopPredict(m, w, starts, 4);
    QCOMPARE(p.rows(), Eigen::Index(2));
    QCOMPARE(p.cols(), Eigen::Index(starts.size()));
    for (int n = 0; n < (int)starts.size(); ++n) {
        const double last = y[starts[n] + 2];
        QVERIFY(near(p(0, n), last, 1e-5)); // invert(x') = last value
        QVERIFY(near(p(1, n), 2.0 * (last - 1.0) + 1.0, 1e-5)); // invert(2x')
    }
    Model<float> wrong(parseModelSpec("rnn:1:relu,dense", 1, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, openLoopPredict(wrong, w, starts));
}

void TestCoreForecasting::closedLoop()
{
    // No normalisation, y = 1..20, H = 2 with gains 1 and 2: from a window ending in v
    // each call appends v, 2v and the next window ends in 2v.
    std::vector<double> y(20);
    for (int r = 0; r < 20; ++r) {
        y[r] = r + 1.0;
    }
    const Series s = fromValues(y);
    DataConfig c;
    c.lookback = 3;
    c.horizon = 2;
    c.normalization = Normalization::None;
    const Windows w = makeWindows(s, c);
    Model<float> m(parseModelSpec("rnn:1:relu,dense", 1, 2));
    makeLastValueModel(m, {1.0f, 2.0f});
    // Origin 10: inputs rows 7..9 (values 8, 9, 10); 5 steps.
    const std::vector<double> f = closedLoopForecast(m, w, 10, 5);
    QCOMPARE(f, (std::vector<double> {10, 20, 20, 40, 40}));
    // From the end of the data (row 20 does not exist) it still runs.
    const std::vector<double> end = closedLoopForecast(m, w, 20, 3);
    QCOMPARE(end, (std::vector<double> {20, 40, 40}));
    QVERIFY(closedLoopForecast(m, w, 20, 0).empty());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, closedLoopForecast(m, w, 2, 3));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, closedLoopForecast(m, w, 21, 3));
}

void TestCoreForecasting::closedLoopReadsKnownInputs()
{
    // y fed back, x (a known covariate) read from the rows past the origin.
    Series s = fromValues(bumpy(20), "y");
    s.columns = {"y", "x"};
    s.values.conservativeResize(20, 2);
    s.values.col(1).setLinSpaced(20, 0.0, 1.0);
    DataConfig c;
    c.target = "y";
    c.inputs = {"y", "x"};
    c.lookback = 3;
    const Windows w = makeWindows(s, c);
    Model<float> m(parseModelSpec("rnn:2,dense", 2, 1));
    m.initialize(InitConfig{}, 7);
    std::string note;
    const std::vector<double> f = closedLoopForecast(m, w, 10, 3, s.columns, &note);
    QCOMPARE(int(f.size()), 3);
    QVERIFY2(note.find("the inputs x are read from the file's rows past the origin") != std::string::npos, note.c_str());
    // Step 1 sees only true rows: it is the open-loop prediction of the window at origin - L.
    const std::vector<int> start{10 - 3};
    QCOMPARE(f[0], openLoopPredict(m, w, start)(0, 0));
    // Step 2 by hand: rows 8, 9 true, row 10's y replaced by step 1 (as the x input's
    // normalisation sees it), x of row 10 from the file.
    Mat<float> X(2, 3);
    for (int t = 0; t < 3; ++t) {
        X.col(t) = w.inputs.col(8 + t);
    }
    const double p1 = m.forward(w.inputs.middleCols(7, 3), 3, 1)(0, 0);
    X(0, 2) = float(w.inputNorms[0].apply(w.targetNorm.invert(p1)));
    const double p2 = m.forward(X, 3, 1)(0, 0);
    QCOMPARE(f[1], w.targetNorm.invert(p2));
    // The covariate ends with the file: the forecast stops there and says so.
    const std::vector<double> longer = closedLoopForecast(m, w, 10, 15, s.columns, &note);
    QCOMPARE(int(longer.size()), 10);
    QVERIFY2(note.find("they end after 10 of the 15 steps asked") != std::string::npos, note.c_str());
    // No row past the origin: refused, naming the column.
    QString message;
    try {
        closedLoopForecast(m, w, 20, 3, s.columns);
    } catch (const std::invalid_argument &e) {
        message = e.what();
    }
    QVERIFY2(message.startsWith("closed-loop forecast needs future values of the input columns x,"), qPrintable(message));
}

// A model whose output ignores its input: every weight 0, the dense bias `bias`, so
// the normalised prediction of step h is bias[h].
static void makeConstantModel(Model<float> &m, const std::vector<float> &bias)
{
    m.params().setZero();
    MatMap<float> b = m.tensor(m.findTensor(1, "bias"));
    for (int h = 0; h < (int)bias.size(); ++h) {
        b(h, 0) = bias[h];
    }
}

void TestCoreForecasting::toLevelsByHand_data()
{
    QTest::addColumn<QString>("transform");
    QTest::addColumn<QList<double>>("expected"); // row-major H x N = 2 x 2
    // Windows with L = 2 over levels 10, 12, 15, 11, 20; targetNorm x * 2 + 1.
    // starts 0 and 2 forecast rows 2, 3 and 4, 5; the last true levels are
    // row 1 = 12 and row 3 = 11. predNorm [[0.5, 1.5], [-1, 0]] -> z [[2, 4], [-1, 1]].
    const double e = std::numbers::e;
    QTest::newRow("none") << "none" << QList<double> {2, 4, -1, 1};
    QTest::newRow("log") << "log" << QList<double> {e * e, std::pow(e, 4), 1 / e, e};
    // 12 + 2 = 14, 14 - 1 = 13; 11 + 4 = 15, 15 + 1 = 16.
    QTest::newRow("diff") << "diff" << QList<double> {14, 15, 13, 16};
    // 12 e^2, 12 e^(2-1); 11 e^4, 11 e^(4+1).
    QTest::newRow("logdiff") << "logdiff"
                             << QList<double> {12 * e * e, 11 * std::pow(e, 4), 12 * e, 11 * std::pow(e, 5)};
}

void TestCoreForecasting::toLevelsByHand()
{
    QFETCH(QString, transform);
    QFETCH(QList<double>, expected);
    Windows w;
    w.lookback = 2;
    w.rows = 5;
    w.transform = transformFromString(transform.toStdString());
    w.targetLevels.resize(5);
    w.targetLevels << 10, 12, 15, 11, 20;
    w.targetNorm.kind = Normalization::ZScore;
    w.targetNorm.offset = 1.0;
    w.targetNorm.scale = 2.0;
    const std::vector<int> starts {0, 2};
    Eigen::MatrixXf pred(2, 2);
    pred << 0.5f, 1.5f, -1.0f, 0.0f;
    // H = 2
    const Eigen::MatrixXd levels = toLevels(w, starts, pred);
    QCOMPARE(levels.rows(), Eigen::Index(2));
    QCOMPARE(levels.cols(), Eigen::Index(2));
    for (int h = 0; h < 2; ++h) {
        for (int n = 0; n < 2; ++n) {
            QVERIFY2(near(levels(h, n), expected[h * 2 + n], 1e-12),
                     qPrintable(QString("h %1 n %2: %3").arg(h).arg(n).arg(levels(h, n))));
        }
    }
    // H = 1: the first step alone gives the same first row.
    const Eigen::MatrixXf first = pred.topRows(1);
    const Eigen::MatrixXd one = toLevels(w, starts, first);
    QCOMPARE(one.rows(), Eigen::Index(1));
    QVERIFY(near(one(0, 0), expected[0], 1e-12));
    QVERIFY(near(one(0, 1), expected[1], 1e-12));
    // The per-origin form: origin 4 is window start 2's first target row.
    const std::vector<float> seq {1.5f, 0.0f};
    const std::vector<double> fromOrigin = toLevels(w, 4, seq);
    QVERIFY(near(fromOrigin[0], expected[1], 1e-12));
    QVERIFY(near(fromOrigin[1], expected[3], 1e-12));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, toLevels(w, std::vector<int> {0}, pred));
}

void TestCoreForecasting::toLevelsNeedsPreviousRow()
{
    Windows w;
    w.lookback = 2;
    w.rows = 5;
    w.targetLevels.resize(5);
    w.targetLevels << 10, 12, 15, 11, 20;
    const std::vector<float> seq {0.0f};
    for (Transform t : {Transform::Difference, Transform::LogDifference}) {
        w.transform = t;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, toLevels(w, 0, seq));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, toLevels(w, 6, seq));
        // Past the end of the data is fine: origin 5 continues from row 4 = 20.
        const std::vector<double> level = toLevels(w, 5, seq);
        QCOMPARE(level.size(), std::size_t(1));
        QVERIFY(near(level[0], 20.0, 1e-12));
    }
    // Without differencing no level is needed: the identity with the default norm.
    w.transform = Transform::None;
    QCOMPARE(toLevels(w, 0, seq), (std::vector<double> {0.0}));
}

void TestCoreForecasting::openLoopDifference()
{
    // diff of y = r^2 without normalisation: row r holds d_r = 2r - 1 > 0. The
    // last-value model with gains 1, 2 predicts d_m and 2 d_m for a window whose last
    // input row is m, so the levels are m^2 + d_m and m^2 + d_m + 2 d_m.
    std::vector<double> y(20);
    for (int r = 0; r < 20; ++r) {
        y[r] = double(r * r);
    }
    const Series s = fromValues(y);
    DataConfig c;
    c.lookback = 3;
    c.horizon = 2;
    c.normalization = Normalization::None;
    c.transform = Transform::Difference;
    const Windows w = makeWindows(s, c);
    QCOMPARE(w.train.front(), 1);
    Model<float> m(parseModelSpec("rnn:1:relu,dense", 1, 2));
    makeLastValueModel(m, {1.0f, 2.0f});
    std::vector<int> starts = w.train;
    starts.insert(starts.end(), w.test.begin(), w.test.end());
    const Eigen::MatrixXd p = openLoopPredict(m, w, starts, 4);
    for (int n = 0; n < (int)starts.size(); ++n) {
        const double last = starts[n] + 2.0, d = 2 * last - 1;
        QVERIFY2(near(p(0, n), last * last + d, 1e-6), qPrintable(QString("start %1: %2").arg(starts[n]).arg(p(0, n))));
        QVERIFY(near(p(1, n), last * last + 3 * d, 1e-6));
    }
}

void TestCoreForecasting::closedLoopTransforms()
{
    std::vector<double> squares(20), powers(20);
    for (int r = 0; r < 20; ++r) {
        squares[r] = double(r * r);
        powers[r] = std::pow(2.0, r);
    }
    DataConfig c;
    c.lookback = 3;
    c.horizon = 2;
    c.normalization = Normalization::None;
    c.transform = Transform::Difference;
    {
        // Predicted differences 2.5 and -1 per call, from the last level y_9 = 81.
        const Windows w = makeWindows(fromValues(squares), c);
        Model<float> m(parseModelSpec("rnn:1,dense", 1, 2));
        makeConstantModel(m, {2.5f, -1.0f});
        QCOMPARE(closedLoopForecast(m, w, 10, 5), (std::vector<double> {83.5, 82.5, 85, 84, 86.5}));
        // From the end of the data: y_19 = 361.
        QCOMPARE(closedLoopForecast(m, w, 20, 2), (std::vector<double> {363.5, 362.5}));
        // The earliest origin is L + 1 = 4 (rows 1..3 feed it; y_3 = 9).
        QCOMPARE(closedLoopForecast(m, w, 4, 1), (std::vector<double> {11.5}));
        QString message;
        try {
            closedLoopForecast(m, w, 3, 1);
        } catch (const std::invalid_argument &e) {
            message = e.what();
        }
        QVERIFY2(message.startsWith("closed-loop origin 3 must be between 4 (the lookback + 1 row lost to the diff"),
                 qPrintable(message));
    }
    {
        // zscore: prediction 0 is the mean training difference, 13 (rows 1..13 hold
        // 1, 3, ..., 25), so the forecast climbs by 13 from y_9 = 81.
        c.horizon = 1;
        c.normalization = Normalization::ZScore;
        const Windows w = makeWindows(fromValues(squares), c);
        Model<float> m(parseModelSpec("rnn:1,dense", 1, 1));
        makeConstantModel(m, {0.0f});
        const std::vector<double> f = closedLoopForecast(m, w, 10, 3);
        QCOMPARE(f.size(), std::size_t(3));
        QVERIFY(near(f[0], 94.0, 1e-12) && near(f[1], 107.0, 1e-12) && near(f[2], 120.0, 1e-12));
    }
    {
        // logdiff of 2^r: a predicted log-difference of ln 2 doubles each step from 2^9.
        c.normalization = Normalization::None;
        c.transform = Transform::LogDifference;
        const Windows w = makeWindows(fromValues(powers), c);
        Model<float> m(parseModelSpec("rnn:1,dense", 1, 1));
        makeConstantModel(m, {float(std::numbers::ln2)});
        const std::vector<double> f = closedLoopForecast(m, w, 10, 3);
        QVERIFY(near(f[0], 1024.0, 1e-6) && near(f[1], 2048.0, 1e-6) && near(f[2], 4096.0, 1e-6));
    }
    {
        // log: a constant log-prediction of 3 is e^3 every step.
        c.transform = Transform::Log;
        const Windows w = makeWindows(fromValues(powers), c);
        Model<float> m(parseModelSpec("rnn:1,dense", 1, 1));
        makeConstantModel(m, {3.0f});
        const std::vector<double> f = closedLoopForecast(m, w, 3, 2);
        QVERIFY(near(f[0], std::exp(3.0), 1e-6) && near(f[1], std::exp(3.0), 1e-6));
    }
}

QTEST_APPLESS_MAIN(TestCoreForecasting)
#include "tst_core_forecasting.moc"
