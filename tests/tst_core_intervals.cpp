// Prediction intervals (forecasting/intervals.h): the residual quantiles and the
// coverage count by hand, and on a trained model the closed-loop paths are exactly
// closedLoopForecast from each origin, the bands widen with the level, and a model with
// other input columns is refused with a message naming them.
#include "forecasting/forecast.h"
#include "forecasting/intervals.h"
#include "nn/trainer.h"

#include <QtTest>

#include <cmath>

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
