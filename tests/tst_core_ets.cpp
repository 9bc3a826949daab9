// Tests of the classical forecasters: the bounded Nelder-Mead on functions with known
// minima, ETS likelihood/AICc bookkeeping, and ETS and Theta against statsmodels'
// fixed reference fits (tests/data/statsmodels, written by scripts/statsmodels_oracle.py)
// on every bundled series, with the app's split and one-step open-loop test rows.
#include "forecasting/baselines.h"
#include "forecasting/ets.h"
#include "forecasting/metrics.h"
#include "forecasting/nelder_mead.h"
#include "forecasting/theta.h"
#include "data/windows.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

using namespace rnnlab;
using nlohmann::json;

namespace {

std::vector<json> references()
{
    std::vector<json> out;
    for (const auto &e : std::filesystem::directory_iterator(RNNLAB_TEST_DATA "/statsmodels")) {
        if (e.path().extension() == ".json") {
            std::ifstream f(e.path());
            out.push_back(json::parse(f));
        }
    }
    std::sort(out.begin(), out.end(), [](const json &a, const json &b) { return a["file"] < b["file"]; });
    return out;
}

struct Loaded {
    Series series;
    Windows windows;
    Eigen::VectorXd y;
};

Loaded load(const json &ref)
{
    Loaded l;
    l.series = loadSeries(std::string(RNNLAB_SAMPLE_DATA "/") + ref["file"].get<std::string>());
    DataConfig dc;
    if (!ref["target"].is_null()) {
        dc.target = ref["target"].get<std::string>();
    }
    l.windows = makeWindows(l.series, dc);
    l.y = targetValues(l.series, l.windows);
    return l;
}

EtsForm formFromName(const std::string &name, int m)
{
    // "ETS(A,Ad,M)"
    EtsForm f;
    const std::string t = name.substr(6, name.find(',', 6) - 6);
    const char s = name[name.size() - 2];
    f.trend = t == "N" ? EtsTrend::None : t == "A" ? EtsTrend::Additive : EtsTrend::Damped;
    f.season = s == 'N' ? EtsSeason::None : s == 'A' ? EtsSeason::Additive : EtsSeason::Multiplicative;
    f.period = f.season == EtsSeason::None ? 0 : m;
    return f;
}

std::vector<int> testOrigins(const Loaded &l)
{
    std::vector<int> origins(l.windows.rows - l.windows.valEnd);
    std::iota(origins.begin(), origins.end(), l.windows.valEnd);
    return origins;
}

double testMae(const Eigen::MatrixXd &pred, const Loaded &l)
{
    double sum = 0.0;
    for (int n = 0; n < (int)pred.cols(); ++n) {
        sum += std::abs(pred(0, n) - l.y[l.windows.valEnd + n]);
    }
    return sum / double(pred.cols());
}

} // namespace

class TestCoreEts : public QObject {
    Q_OBJECT

private slots:
    void nelderMeadRosenbrock();
    void nelderMeadQuadratic10d();
    void nelderMeadStopsOnTheBound();
    void nelderMeadRejectsBadInput();
    void etsAiccBookkeeping();
    void etsNestedFormsFitAtLeastAsWell();
    void etsForecastIsTheStateRecursion();
    void splitAndPeriodMatchTheReferences();
    void etsMatchesStatsmodels();
    void thetaMatchesStatsmodels();
    void baselinesIncludeEtsAndTheta();
    void longSeriesFitOnTheLastTrainingRows();
    void thetaSeasonalIndicesOnALongSeason_data();
    void thetaSeasonalIndicesOnALongSeason();
};

void TestCoreEts::nelderMeadRosenbrock()
{
    auto f = [](const Eigen::VectorXd &x) { return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2); };
    const NelderMeadResult r = nelderMead(f, Eigen::Vector2d(-1.2, 1.0), Eigen::Vector2d(-5, -5), Eigen::Vector2d(5, 5));
    QVERIFY2(std::abs(r.x[0] - 1) < 1e-4 && std::abs(r.x[1] - 1) < 1e-4,
             qPrintable(QString("found (%1, %2)").arg(r.x[0]).arg(r.x[1])));
    QVERIFY(r.f < 1e-8);
}

void TestCoreEts::nelderMeadQuadratic10d()
{
    Eigen::VectorXd c(10);
    for (int i = 0; i < 10; ++i) {
        c[i] = 0.3 * i - 1.0;
    }
    auto f = [&](const Eigen::VectorXd &x) {
        double s = 0;
        for (int i = 0; i < 10; ++i) {
            s += (i + 1) * (x[i] - c[i]) * (x[i] - c[i]);
        }
        return s;
    };
    const NelderMeadResult r = nelderMead(f, Eigen::VectorXd::Zero(10), Eigen::VectorXd::Constant(10, -10),
                                          Eigen::VectorXd::Constant(10, 10));
    QVERIFY2((r.x - c).cwiseAbs().maxCoeff() < 1e-3, qPrintable(QString("max error %1").arg((r.x - c).cwiseAbs().maxCoeff())));
}

void TestCoreEts::nelderMeadStopsOnTheBound()
{
    // The unconstrained minimum (3, -2) lies outside; the box's nearest point is (1, -2).
    int calls = 0, outside = 0;
    auto g = [&](const Eigen::VectorXd &x) {
        ++calls;
        outside += x[0] > 1.0 || x[0] < -1.0 || x[1] > 5.0 || x[1] < -5.0;
        return std::pow(x[0] - 3, 2) + std::pow(x[1] + 2, 2);
    };
    const NelderMeadResult r = nelderMead(g, Eigen::Vector2d(0, 0), Eigen::Vector2d(-1, -5), Eigen::Vector2d(1, 5));
    QVERIFY(std::abs(r.x[0] - 1.0) < 1e-6);
    QVERIFY(std::abs(r.x[1] + 2.0) < 1e-4);
    QCOMPARE(r.evaluations, calls);
    QCOMPARE(outside, 0);
}

void TestCoreEts::nelderMeadRejectsBadInput()
{
    auto f = [](const Eigen::VectorXd &x) { return x.squaredNorm(); };
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             nelderMead(f, Eigen::Vector2d(2, 0), Eigen::Vector2d(-1, -1), Eigen::Vector2d(1, 1)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             nelderMead(f, Eigen::VectorXd(), Eigen::VectorXd(), Eigen::VectorXd()));
}

void TestCoreEts::etsAiccBookkeeping()
{
    const Loaded l = load(references().front());
    const std::span<const double> train(l.y.data(), l.windows.trainEnd);
    const EtsFit fit = fitEts(train, {EtsTrend::Damped, EtsSeason::Multiplicative, 12});
    const int n = l.windows.trainEnd;
    // alpha, beta, gamma, phi, l0, b0, 11 seasonal states, the variance.
    QCOMPARE(fit.parameters, 18);
    QCOMPARE(fit.observations, n);
    const double ll = -0.5 * n * (std::log(2 * M_PI * fit.sse / n) + 1);
    QVERIFY(std::abs(fit.logLikelihood - ll) < 1e-9 * std::abs(ll));
    const int k = fit.parameters;
    QVERIFY(std::abs(fit.aicc - (-2 * ll + 2 * k + 2.0 * k * (k + 1) / (n - k - 1))) < 1e-9 * std::abs(fit.aicc));
    QVERIFY(fit.beta <= fit.alpha && fit.gamma <= 1 - fit.alpha && fit.phi >= 0.8 && fit.phi <= 0.98);
    double sum = 0;
    for (double s : fit.season0) {
        sum += s;
    }
    QVERIFY(std::abs(sum - 12.0) < 1e-9);
    // selectEts returns the lowest AICc of the forms it tried.
    std::vector<std::string> tried;
    const EtsFit best = selectEts(train, 12, 0, &tried);
    QCOMPARE(tried.size(), std::size_t(9));
    for (const std::string &t : tried) {
        const double aicc = std::stod(t.substr(t.find("AICc ") + 5));
        QVERIFY2(best.aicc <= aicc + 0.01, t.c_str());
    }
    // Too short for the form: a clear error, not a fit.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fitEts(train.first(20), {EtsTrend::Damped, EtsSeason::Additive, 12}));
    std::vector<double> withZero(train.begin(), train.end());
    withZero[5] = 0.0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fitEts(withZero, {EtsTrend::None, EtsSeason::Multiplicative, 12}));
}

void TestCoreEts::etsNestedFormsFitAtLeastAsWell()
{
    // ETS(A,N,N) is ETS(A,A,N) with beta = b0 = 0 (up to beta's 1e-4 floor), so the
    // larger form's likelihood must not be lower by more than that floor can cost.
    for (const json &ref : references()) {
        const Loaded l = load(ref);
        const std::span<const double> train(l.y.data(), l.windows.trainEnd);
        const EtsFit nn = fitEts(train, {EtsTrend::None, EtsSeason::None, 0});
        const EtsFit an = fitEts(train, {EtsTrend::Additive, EtsSeason::None, 0});
        QVERIFY2(an.logLikelihood >= nn.logLikelihood - 0.05,
                 qPrintable(QString("%1: A,A,N %2 < A,N,N %3").arg(QString::fromStdString(ref["file"]))
                                .arg(an.logLikelihood).arg(nn.logLikelihood)));
    }
}

void TestCoreEts::etsForecastIsTheStateRecursion()
{
    // A hand-set ETS(A,A,A), m = 2, over y = 10, 12, 11, 14: the recursion by hand.
    EtsFit fit;
    fit.form = {EtsTrend::Additive, EtsSeason::Additive, 2};
    fit.alpha = 0.5;
    fit.beta = 0.1;
    fit.gamma = 0.2;
    fit.phi = 1.0;
    fit.level0 = 10;
    fit.trend0 = 1;
    fit.season0 = {-1, 1};
    const std::vector<double> y = {10, 12, 11, 14};
    // row 0: mu = 10 + 1 - 1 = 10, e = 0 -> l 11, b 1, s0 -1
    // row 1: mu = 11 + 1 + 1 = 13, e = -1 -> l 11.5, b 0.9, s1 0.8
    // origin 2: h1 = 11.5 + 0.9 - 1 = 11.4; h2 = 11.5 + 1.8 + 0.8 = 14.1; h3 = 11.5 + 2.7 - 1 = 13.2
    const std::vector<int> origins = {2, 1};
    const Eigen::MatrixXd f = etsForecasts(fit, y, origins, 3);
    QVERIFY(std::abs(f(0, 0) - 11.4) < 1e-12);
    QVERIFY(std::abs(f(1, 0) - 14.1) < 1e-12);
    QVERIFY(std::abs(f(2, 0) - 13.2) < 1e-12);
    // origin 1 (after row 0): 11 + 1 + 1 = 13
    QVERIFY(std::abs(f(0, 1) - 13.0) < 1e-12);
    const std::vector<int> none = {0};
    QVERIFY(std::isnan(etsForecasts(fit, y, none, 1)(0, 0)));
    const std::vector<int> past = {5};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, etsForecasts(fit, y, past, 1));
}

void TestCoreEts::splitAndPeriodMatchTheReferences()
{
    const std::vector<json> refs = references();
    QVERIFY(refs.size() >= 7);
    for (const json &ref : refs) {
        const Loaded l = load(ref);
        const QString file = QString::fromStdString(ref["file"]);
        QCOMPARE(l.windows.rows, ref["rows"].get<int>());
        QCOMPARE(l.windows.trainEnd, ref["train_end"].get<int>());
        QCOMPARE(l.windows.valEnd, ref["val_end"].get<int>());
        QVERIFY2(detectSeasonalPeriod(std::span<const double>(l.y.data(), l.windows.trainEnd)) == ref["period"].get<int>(),
                 qPrintable(file));
        QVERIFY(std::abs(*naiveScale(l.series, l.windows) - ref["mase_scale"].get<double>()) < 1e-9);
    }
}

void TestCoreEts::etsMatchesStatsmodels()
{
    for (const json &ref : references()) {
        const Loaded l = load(ref);
        const QString file = QString::fromStdString(ref["file"]);
        const std::span<const double> train(l.y.data(), l.windows.trainEnd);
        const std::vector<int> origins = testOrigins(l);
        for (const json &e : ref["ets"]) {
            const std::string name = e["form"];
            const EtsFit fit = fitEts(train, formFromName(name, ref["period"]));
            const double mae = testMae(etsForecasts(fit, std::span<const double>(l.y.data(), l.y.size()), origins, 1), l);
            const double smMae = e["test_mae"], smLl = e["loglik"];
            qInfo("%-22s %-12s loglik %10.3f (statsmodels %10.3f)  test MAE %9.4g (statsmodels %9.4g, %+.1f%%)",
                  qPrintable(file), name.c_str(), fit.logLikelihood, smLl, mae, smMae, 100 * (mae / smMae - 1));
            const QString what = file + " " + QString::fromStdString(name);
            // Both maximise the same likelihood: ours must not be worse than statsmodels'...
            QVERIFY2(fit.logLikelihood >= smLl - 0.5, qPrintable(what + ": lower likelihood than statsmodels"));
            // ...and where both reach the same optimum, the test error is the same within a few percent.
            if (fit.logLikelihood < smLl + 0.5) {
                QVERIFY2(std::abs(mae / smMae - 1) < 0.03, qPrintable(what + ": test MAE differs"));
            }
        }
    }
}

void TestCoreEts::thetaMatchesStatsmodels()
{
    for (const json &ref : references()) {
        const Loaded l = load(ref);
        const QString file = QString::fromStdString(ref["file"]);
        const json &t = ref["theta"];
        const ThetaFit fit = fitTheta(std::span<const double>(l.y.data(), l.windows.trainEnd), ref["period"]);
        const double mae = testMae(thetaForecasts(fit, std::span<const double>(l.y.data(), l.y.size()), testOrigins(l), 1), l);
        qInfo("%-22s Theta alpha %.4f (statsmodels %.4f) b0 %.5g (%.5g) test MAE %.4g (%.4g)", qPrintable(file),
              fit.alpha, t["alpha"].get<double>(), fit.b0, t["b0"].get<double>(), mae, t["test_mae"].get<double>());
        QCOMPARE(fit.period > 0, t["deseasonalized"].get<bool>());
        QVERIFY2(std::abs(fit.b0 - t["b0"].get<double>()) <= 1e-6 * std::max(1.0, std::abs(t["b0"].get<double>())), qPrintable(file));
        // SES sum of squares on the deseasonalised rows: ours is at least as low as at
        // statsmodels' alpha (a flat minimum lets the two alphas differ a little).
        auto sse = [&](double alpha) {
            auto x = [&](int r) {
                return fit.period == 0 ? l.y[r]
                    : fit.multiplicative ? l.y[r] / fit.seasonIndex[r % fit.period] : l.y[r] - fit.seasonIndex[r % fit.period];
            };
            double level = x(0), s = 0;
            for (int r = 1; r < l.windows.trainEnd; ++r) {
                s += (x(r) - level) * (x(r) - level);
                level += alpha * (x(r) - level);
            }
            return s;
        };
        QVERIFY2(sse(fit.alpha) <= sse(t["alpha"].get<double>()) * (1 + 1e-9), qPrintable(file));
        QVERIFY2(std::abs(fit.alpha - t["alpha"].get<double>()) < 0.01, qPrintable(file));
        QVERIFY2(std::abs(mae / t["test_mae"].get<double>() - 1) < 0.01, qPrintable(file));
    }
}

void TestCoreEts::baselinesIncludeEtsAndTheta()
{
    const Loaded l = load(references().front()); // airpassengers
    const std::vector<BaselineForecast> b = runBaselines(l.series, l.windows, l.windows.test);
    int ets = 0, theta = 0;
    for (const BaselineForecast &f : b) {
        if (f.name.rfind("ETS(", 0) == 0) {
            ++ets;
            QVERIFY(!f.skipped());
            QVERIFY(f.pred.allFinite());
        } else if (f.name == "Theta") {
            ++theta;
            QVERIFY(!f.skipped());
        }
    }
    QCOMPARE(ets, 1);
    QCOMPARE(theta, 1);
    BaselineOptions off;
    off.ets = off.theta = false;
    for (const BaselineForecast &f : runBaselines(l.series, l.windows, l.windows.test, off)) {
        QVERIFY(f.name.rfind("ETS(", 0) != 0 && f.name != "Theta");
    }
}

void TestCoreEts::longSeriesFitOnTheLastTrainingRows()
{
    // 4000 rows of a deterministic wandering level: 2800 training rows, of which the last
    // kEtsMaxFitRows are fitted; windows whose origin precedes them get no forecast.
    Series s;
    s.source = "long.csv";
    s.columns = {"y"};
    s.values.resize(4000, 1);
    double level = 50.0;
    for (int r = 0; r < 4000; ++r) {
        level += 0.3 * std::sin(r * 12.9898);
        s.values(r, 0) = level + std::cos(r * 78.233);
        s.time.push_back(r);
        s.lines.push_back(r + 2);
    }
    DataConfig dc;
    const Windows w = makeWindows(s, dc);
    QCOMPARE(w.trainEnd, 2800);
    std::vector<int> all = w.train;
    all.insert(all.end(), w.test.begin(), w.test.end());
    BaselineOptions o;
    o.naive = o.seasonalNaive = o.drift = o.ar = o.theta = false;
    const std::vector<BaselineForecast> b = runBaselines(s, w, all, o);
    QCOMPARE(b.size(), std::size_t(1));
    const int fitStart = 2800 - kEtsMaxFitRows;
    QVERIFY2(b[0].note.find("training rows " + std::to_string(fitStart) + "-2799") != std::string::npos, b[0].note.c_str());
    for (std::size_t n = 0; n < all.size(); ++n) {
        const int origin = all[n] + w.lookback;
        QCOMPARE(std::isfinite(b[0].pred(0, (Eigen::Index)n)), origin > fitStart);
    }
}

void TestCoreEts::thetaSeasonalIndicesOnALongSeason_data()
{
    QTest::addColumn<int>("m");
    QTest::newRow("even m (m+1 weights)") << 1000;
    QTest::newRow("odd m") << 999;
}

void TestCoreEts::thetaSeasonalIndicesOnALongSeason()
{
    // The indices are a sliding sum now (O(n)): they must equal the classical
    // decomposition's definition (statsmodels' seasonal_decompose), computed here term
    // by term, O(n m), on a series long enough for the sum to be refreshed many times.
    QFETCH(int, m);
    const int n = 60 * m;
    std::vector<double> y(static_cast<std::size_t>(n));
    std::uint64_t state = 12345;
    for (int t = 0; t < n; ++t) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double noise = double(state >> 11) / double(1ULL << 53) - 0.5;
        y[std::size_t(t)] = 100 + 0.001 * t + 20 * std::sin(2 * M_PI * t / m) + noise;
    }
    const ThetaFit fit = fitTheta(y, m);
    QCOMPARE(fit.period, m);
    QVERIFY(fit.multiplicative);
    std::vector<double> filt(std::size_t(m % 2 == 0 ? m + 1 : m), 1.0 / m);
    if (m % 2 == 0) {
        filt.front() = filt.back() = 0.5 / m;
    }
    const int half = int(filt.size()) / 2;
    std::vector<double> sum(std::size_t(m), 0.0);
    std::vector<int> count(std::size_t(m), 0);
    for (int t = half; t + half < n; ++t) {
        double trend = 0;
        for (int j = 0; j < int(filt.size()); ++j) {
            trend += filt[std::size_t(j)] * y[std::size_t(t - half + j)];
        }
        sum[std::size_t(t % m)] += y[std::size_t(t)] / trend;
        ++count[std::size_t(t % m)];
    }
    double mean = 0;
    for (int j = 0; j < m; ++j) {
        mean += sum[std::size_t(j)] / count[std::size_t(j)] / m;
    }
    double worst = 0;
    for (int j = 0; j < m; ++j) {
        const double expected = sum[std::size_t(j)] / count[std::size_t(j)] / mean;
        worst = std::max(worst, std::abs(fit.seasonIndex[std::size_t(j)] - expected) / expected);
    }
    QVERIFY2(worst < 1e-12, qPrintable(QString("largest relative difference %1").arg(worst)));
}

QTEST_APPLESS_MAIN(TestCoreEts)
#include "tst_core_ets.moc"
