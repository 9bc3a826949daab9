// The acceptance test on real data: with a fixed seed, lstm:32,dense at
// lookback 12 on the airline passengers series, trained on the log-differenced
// series, beats the naive baseline on the test split (MASE below 1, and a lower MAE).
// Levels are what is scored: openLoopPredict undoes the transform.
#include "forecasting/baselines.h"
#include "forecasting/forecast.h"
#include "forecasting/metrics.h"
#include "nn/trainer.h"
#include "data/windows.h"

#include <QtTest>

using namespace rnnlab;

class TestCoreAcceptance : public QObject {
    Q_OBJECT

private slots:
    void airlineLstmBeatsNaive();
};

void TestCoreAcceptance::airlineLstmBeatsNaive()
{
    const Series series = loadSeries(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
    QCOMPARE(series.rows(), 144);
    DataConfig dc;
    dc.lookback = 12;
    dc.transform = Transform::LogDifference;
    const Windows w = makeWindows(series, dc);
    QVERIFY(!w.test.empty());

    TrainConfig tc;
    tc.optimizer.kind = OptimizerKind::Adam;
    tc.optimizer.lr = 1e-3;
    tc.epochs = 100;
    tc.seed = 1;
    Trainer trainer(parseModelSpec("lstm:32,dense", w.features(), w.horizon), tc, w);
    for (int e = 0; e < tc.epochs; ++e) {
        const EpochStats st = trainer.runEpoch();
        QVERIFY2(!st.nonFinite.found, st.nonFinite.message().c_str());
    }

    const Eigen::MatrixXd actual = actualsMatrix(series, w, w.test);
    const std::optional<double> scale = naiveScale(series, w);
    QVERIFY(scale.has_value());
    const MetricsReport model = computeMetrics(openLoopPredict(trainer.model(), w, w.test), actual, scale);
    std::optional<MetricsReport> naive;
    for (const BaselineForecast &b : runBaselines(series, w, w.test)) {
        if (b.name == "naive") {
            naive = computeMetrics(b.pred, actual, scale);
        }
    }
    QVERIFY(naive.has_value());
    qInfo("test split: model MAE %.3f MASE %.3f; naive MAE %.3f MASE %.3f", model.overall.mae,
          *model.overall.mase, naive->overall.mae, *naive->overall.mase);
    QVERIFY2(*model.overall.mase < 1.0, qPrintable(QString("model MASE %1").arg(*model.overall.mase)));
    QVERIFY(model.overall.mae < naive->overall.mae);
}

QTEST_APPLESS_MAIN(TestCoreAcceptance)
#include "tst_core_acceptance.moc"
