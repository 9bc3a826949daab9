// Prediction intervals (forecasting/intervals.h): the residual quantiles and the
// coverage count by hand, and on a trained model the closed-loop paths are exactly
// closedLoopForecast from each origin, the bands widen with the level, and a model with
// other input columns is refused with a message naming them.
#include "forecasting/forecast.h"
#include "forecasting/intervals.h"
#include "nn/trainer.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace rnnlab;

class TestCoreIntervals : public QObject {
    Q_OBJECT
private slots:
    void quantilesByHand()
    {
        // Step 1: |e| = 1 2 3 4 5 -> 80% at position 3.2 = 4.2; 95% at 3.8 = 4.8.
        // Step 2: one residual, -7 -> 7 at every level.
        const std::vector<std::vector<double>> r = {{-3, 1, 5, -2, 4}, {-7}};
        const std::vector<double> q80 = absoluteQuantiles(r, 0.8), q95 = absoluteQuantiles(r, 0.95);
        QCOMPARE(q80.size(), std::size_t(2));
        QVERIFY(std::abs(q80[0] - 4.2) < 1e-12 && std::abs(q95[0] - 4.8) < 1e-12);
        QCOMPARE(q80[1], 7.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, absoluteQuantiles({{1.0}, {}}, 0.8));
    }

    void coverageByHand()
    {
        // Errors: origin 0: 0.5 (step 1), 3 (step 2); origin 1: 1.5 (step 1 only).
        const std::vector<std::vector<double>> f = {{10, 20}, {30}}, a = {{10.5, 23}, {31.5}};
        const IntervalCoverage c = coverageOf(f, a, {1.0, 2.0}, {2.0, 4.0});
        QCOMPARE(c.points, 3);
        QVERIFY(std::abs(c.coverage80 - 1.0 / 3) < 1e-12); // only 0.5 <= 1
        QCOMPARE(c.coverage95, 1.0);                         // 0.5 <= 2, 3 <= 4, 1.5 <= 2
    }

    void bandsFromATrainedModel()
    {
        const Series s = loadSeries(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
        DataConfig dc;
        dc.transform = Transform::LogDifference;
        const Windows w = makeWindows(s, dc);
        TrainConfig tc;
        tc.epochs = 5;
        Trainer t(parseModelSpec("gru:8,dense", 1, 1), tc, w);
        for (int e = 0; e < tc.epochs; ++e) {
            t.runEpoch();
        }
        std::vector<std::vector<double>> f, a;
        closedLoopPaths(t.model(), w, w.trainEnd, w.valEnd, 6, 5, f, a);
        QCOMPARE(int(f.size()), 5);
        QCOMPARE(f[0], closedLoopForecast(t.model(), w, w.trainEnd, 6));
        QCOMPARE(a[0][0], s.values(w.trainEnd, 0));
        // The last origins stop at the validation end.
        QVERIFY(int(f.back().size()) <= 6 && int(f.back().size()) >= 1);
        const IntervalBands b = validationBands(t.model(), w, 6);
        QCOMPARE(b.origins, w.valEnd - w.trainEnd);
        QCOMPARE(b.half80.size(), std::size_t(6));
        for (std::size_t k = 0; k < 6; ++k) {
            QVERIFY(b.half95[k] >= b.half80[k] && b.half80[k] > 0);
        }
        const IntervalCoverage c = testCoverage(t.model(), w, b);
        QVERIFY(c.points > 0 && c.coverage80 >= 0 && c.coverage95 >= c.coverage80 && c.coverage95 <= 1);
    }

    void ensembleBandsAreThoseOfTheMedianPath()
    {
        const Series s = loadSeries(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
        DataConfig dc;
        dc.transform = Transform::LogDifference;
        const Windows w = makeWindows(s, dc);
        std::vector<std::unique_ptr<Trainer>> t;
        for (std::uint64_t seed : {1, 2, 3}) {
            TrainConfig tc;
            tc.epochs = 2;
            tc.seed = seed;
            t.push_back(std::make_unique<Trainer>(parseModelSpec("gru:4,dense", 1, 1), tc, w));
            t.back()->runEpoch();
        }
        // Twice the same model: its median path is its own path, so the same bands.
        const IntervalBands one = validationBands(t[0]->model(), w, 5);
        const IntervalBands twice = validationBands({&t[0]->model(), &t[0]->model()}, w, 5);
        QCOMPARE(twice.half80, one.half80);
        QCOMPARE(twice.half95, one.half95);
        QCOMPARE(one.measuredSteps, 5);
        // Three models: the residuals of the median of their paths, by hand at step 1.
        std::vector<Model<float> *> three{&t[0]->model(), &t[1]->model(), &t[2]->model()};
        std::vector<std::vector<std::vector<double>>> paths(3);
        std::vector<std::vector<double>> actual;
        for (int m = 0; m < 3; ++m) {
            closedLoopPaths(*three[std::size_t(m)], w, w.trainEnd, w.valEnd, 1, 200, paths[std::size_t(m)], actual);
        }
        std::vector<std::vector<double>> step1(1);
        for (std::size_t i = 0; i < actual.size(); ++i) {
            std::vector<double> v{paths[0][i][0], paths[1][i][0], paths[2][i][0]};
            std::sort(v.begin(), v.end());
            step1[0].push_back(actual[i][0] - v[1]);
        }
        const IntervalBands b = validationBands(three, w, 1);
        QCOMPARE(b.half80, absoluteQuantiles(step1, 0.8));
        QCOMPARE(b.half95, absoluteQuantiles(step1, 0.95));
    }

    void extendedPastTheMeasuredStepsBySqrtH()
    {
        IntervalBands b;
        b.half80 = {1.0, 2.0};
        b.half95 = {2.0, 3.0};
        extendBySqrtStep(b, 5);
        QCOMPARE(b.measuredSteps, 2);
        QCOMPARE(b.half80.size(), std::size_t(5));
        QCOMPARE(b.half80[1], 2.0); // measured steps unchanged
        for (int h = 3; h <= 5; ++h) {
            QVERIFY(std::abs(b.half80[std::size_t(h - 1)] - 2.0 * std::sqrt(h / 2.0)) < 1e-12);
            QVERIFY(std::abs(b.half95[std::size_t(h - 1)] - 3.0 * std::sqrt(h / 2.0)) < 1e-12);
        }
        extendBySqrtStep(b, 7); // again: still from the measured step 2
        QCOMPARE(b.measuredSteps, 2);
        QCOMPARE(b.half80.size(), std::size_t(7));
        QVERIFY(std::abs(b.half80[6] - 2.0 * std::sqrt(7 / 2.0)) < 1e-12);
        IntervalBands none;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, extendBySqrtStep(none, 3));
    }

    void otherInputsComeFromTheRowsPastTheOrigin()
    {
        // The closed loop reads inputs other than the target from the data past each
        // validation origin, so a model of another column still gets bands.
        const Series s = loadSeries(RNNLAB_SAMPLE_DATA "/echo_lag20.csv");
        DataConfig dc;
        dc.target = "target";
        dc.inputs = {"input"};
        const Windows w = makeWindows(s, dc);
        Model<float> m(parseModelSpec("gru:4,dense", 1, 1));
        m.initialize({}, 1);
        const auto b = validationBands(m, w, 4);
        QCOMPARE(b.half80.size(), std::size_t(4));
        for (std::size_t k = 0; k < 4; ++k) {
            QVERIFY(b.half95[k] >= b.half80[k] && b.half80[k] > 0);
        }
    }
};

QTEST_APPLESS_MAIN(TestCoreIntervals)
#include "tst_core_intervals.moc"
