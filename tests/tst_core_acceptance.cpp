// The acceptance test on real data, with the defaults a user gets: lstm:32,dense at the
// default lookback on the airline passengers series, the transform chosen by
// chooseTransform from the training rows, early stopping with the default patience.
// Asserted: the automatic choice is logdiff, the model beats the naive forecast on the
// test split (MASE below 1 and a lower MAE), and the verdict against every baseline
// (ETS and Theta included) is reported as it is - its fields checked against the
// metrics, not against figures written here.
#include "data/auto_transform.h"
#include "data/windows.h"
#include "forecasting/baselines.h"
#include "forecasting/forecast.h"
#include "forecasting/metrics.h"
#include "forecasting/verdict.h"
#include "nn/trainer.h"
#include "nn/training_defaults.h"

#include <QtTest>

using namespace rnnlab;

class TestCoreAcceptance : public QObject {
    Q_OBJECT

private slots:
    void airlineLstmWithDefaults();
};

void TestCoreAcceptance::airlineLstmWithDefaults()
{
    const Series series = loadSeries(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
    QCOMPARE(series.rows(), 144);
    DataConfig dc;
    const TransformChoice choice = chooseTransform(series, dc);
    qInfo("transform auto: %s", choice.reason.c_str());
    QCOMPARE(choice.transform, Transform::LogDifference);
    dc.transform = choice.transform;
    const Windows w = makeWindows(series, dc);
    QVERIFY(!w.test.empty());

    TrainConfig tc;
    tc.epochs = kDefaultEpochCap;
    tc.patience = defaultPatience(int(w.train.size()));
    tc.seed = 1;
    Trainer trainer(parseModelSpec("lstm:32,dense", w.features(), w.horizon), tc, w);
    for (int e = 0; e < tc.epochs && !trainer.shouldStop(); ++e) {
        const EpochStats st = trainer.runEpoch();
        QVERIFY2(!st.nonFinite.found, st.nonFinite.message().c_str());
    }
    QVERIFY2(trainer.epochsRun() < tc.epochs, "early stopping never stopped the run");
    trainer.restoreBest();

    const Eigen::MatrixXd actual = actualsMatrix(series, w, w.test);
    const std::optional<double> scale = naiveScale(series, w);
    QVERIFY(scale.has_value());
    const MetricsReport model = computeMetrics(openLoopPredict(trainer.model(), w, w.test), actual, scale);
    std::optional<MetricsReport> naive;
    std::vector<std::pair<std::string, double>> baselines;
    bool ets = false, theta = false;
    for (const BaselineForecast &b : runBaselines(series, w, w.test)) {
        if (b.skipped()) {
            continue;
        }
        const MetricsReport r = computeMetrics(b.pred, actual, scale);
        baselines.emplace_back(b.name, *r.overall.mase);
        naive = b.name == "naive" ? std::optional<MetricsReport>(r) : naive;
        ets = ets || b.name.rfind("ETS(", 0) == 0;
        theta = theta || b.name == "Theta";
    }
    QVERIFY(naive.has_value() && ets && theta);
    const Verdict v = judgeForecasts("mase", *model.overall.mase, baselines);
    qInfo("epochs %d (best %d); %s", trainer.epochsRun(), trainer.bestEpoch(), v.text().c_str());
    QVERIFY2(*model.overall.mase < 1.0, qPrintable(QString("model MASE %1").arg(*model.overall.mase)));
    QVERIFY(model.overall.mae < naive->overall.mae);
    QVERIFY(v.beatsNaive.has_value() && *v.beatsNaive);
    // The best classical baseline on a trending seasonal series is not naive, and the
    // verdict says whether the model beats it, whichever way that goes.
    QVERIFY(v.bestClassical != "naive");
    QCOMPARE(*v.beatsBestClassical, *model.overall.mase < v.bestClassicalScore);
    QCOMPARE(v.best == "model", *v.beatsBestClassical);
}

QTEST_APPLESS_MAIN(TestCoreAcceptance)
#include "tst_core_acceptance.moc"
