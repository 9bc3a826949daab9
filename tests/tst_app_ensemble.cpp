// Issue 9's GUI side, offscreen: a seed ensemble trained by the window's worker (its
// median equals the core's for the same seeds, its band holds the median, progress
// names the member, Stop and Pause reach the members), intervals over every forecast
// step, the period control, and the ensemble and period in the experiment file.
#include "datapanel.h"
#include "experiment.h"
#include "forecasting/ensemble.h"
#include "forecasting/forecast.h"
#include "forecasting/forecastrunner.h"
#include "mainwindow.h"
#include "modelpanel.h"
#include "plots/ensembleband.h"
#include "plots/predictionplot.h"
#include "runs/run_trainer.h"
#include "training/trainingcontroller.h"
#include "trainingpanel.h"

#include <qcustomplot.h>

#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include <cmath>

using namespace rnnlab;

namespace {

TrainingJob ensembleJob(int members, int epochs)
{
    TrainingJob job;
    job.series = loadSeries(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
    job.data.lookback = 12;
    job.data.transform = Transform::LogDifference;
    job.spec.inputSize = 1;
    job.spec.layers = {LayerSpec{LayerType::Gru, 6, Activation::Tanh, true},
                       LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
    job.train.epochs = epochs;
    job.train.batchSize = 16;
    job.train.patience = 3; // early stopping and best-weight restore, as the core's members do
    job.train.seed = 7;
    job.ensemble = members;
    return job;
}

// Runs a job to its settled() and returns every snapshot it posted.
std::vector<TrainingSnapshot> runToEnd(const TrainingJob &job)
{
    TrainingController controller;
    std::vector<TrainingSnapshot> out;
    QObject::connect(&controller, &TrainingController::snapshotReady,
                     [&out](const TrainingSnapshot &s) { out.push_back(s); });
    QSignalSpy settled(&controller, &TrainingController::settled);
    controller.start(job);
    if (!QTest::qWaitFor([&] { return settled.count() == 1; }, 120000)) {
        return {};
    }
    return out;
}

} // namespace

class TestEnsemble : public QObject {
    Q_OBJECT
private slots:
    void medianEqualsTheCoresAndTheBandHoldsIt()
    {
        const TrainingJob job = ensembleJob(3, 25);
        const std::vector<TrainingSnapshot> snaps = runToEnd(job);
        QVERIFY(!snaps.empty());
        // (The members' progress is checked in stopAndPauseReachTheMembers: these short
        // members may finish between two 50 ms progress posts.)
        const TrainingSnapshot *last = nullptr;
        for (const TrainingSnapshot &s : snaps) {
            if (!s.ensemble.empty()) {
                last = &s;
            }
        }
        QVERIFY(last);
        const EnsembleView &v = last->ensemble;
        QCOMPARE(v.members, 3);
        QCOMPARE(v.seeds, (std::vector<std::uint64_t>{7, 8, 9}));
        QCOMPARE(v.median.cols(), Eigen::Index(v.starts.size()));
        QCOMPARE(int(v.params.size()), 3);
        bool spread = false;
        for (Eigen::Index i = 0; i < v.median.size(); ++i) {
            QVERIFY(v.low(i) <= v.median(i) && v.median(i) <= v.high(i));
            spread = spread || v.high(i) > v.low(i);
        }
        QVERIFY2(spread, "three seeds gave identical forecasts: the members are not different networks");

        // The core's ensemble for the same seeds (one worker; each member has one thread,
        // as the GUI's live member has at threads = 1): the same numbers, bit for bit.
        const Series prepared = preparedSeries(job.series, job.data);
        const Windows w = makeWindows(prepared, job.data);
        const std::vector<std::uint64_t> seeds{7, 8, 9};
        std::vector<EnsembleMember> members = trainMembers(job.spec, job.train, w, seeds, 1);
        std::vector<Eigen::MatrixXd> preds;
        for (EnsembleMember &m : members) {
            preds.push_back(openLoopPredict(m.trainer->model(), w, v.starts));
        }
        const Eigen::MatrixXd core = elementwiseQuantile(preds, 0.5);
        QCOMPARE(core.cols(), v.median.cols());
        QCOMPARE((core - v.median).cwiseAbs().maxCoeff(), 0.0);
        QCOMPARE((elementwiseQuantile(preds, 0.0) - v.low).cwiseAbs().maxCoeff(), 0.0);
    }

    void stopAndPauseReachTheMembers()
    {
        // Two members: the second trains after the live one, alone, so its epoch count
        // in the snapshots only grows. Long enough that Pause and Stop land while it trains.
        TrainingController controller;
        TrainingSnapshot latest;
        QElapsedTimer clock;
        clock.start();
        bool paused = false;
        QObject::connect(&controller, &TrainingController::snapshotReady, [&](const TrainingSnapshot &s) {
            latest = s;
            paused = paused || (s.state == TrainingState::Paused && s.member == 2);
        });
        QSignalSpy finished(&controller, &TrainingController::finished);
        TrainingJob job = ensembleJob(2, 4000);
        job.train.patience = 0;
        controller.start(job);
        QVERIFY(QTest::qWaitFor([&] { return latest.member == 2 && latest.epoch >= 3; }, 120000));
        QCOMPARE(snapshotProgressText(latest).contains(QStringLiteral("member 2/2")), true);
        const int e0 = latest.epoch;
        const qint64 t0 = clock.elapsed();
        QTest::qWait(500);
        const double rate = double(latest.epoch - e0) / double(clock.elapsed() - t0); // epochs per ms
        QVERIFY2(rate > 0, "the second member made no progress");
        controller.pause();
        QVERIFY(QTest::qWaitFor([&] { return paused; }, 5000));
        const int atPause = latest.epoch;
        QTest::qWait(1500);
        controller.resume();
        QVERIFY(QTest::qWaitFor([&] { return latest.state == TrainingState::Running && latest.epoch > atPause; }, 5000));
        // Unpaused, the member would have run ~1500 ms worth of epochs meanwhile.
        QVERIFY2(latest.epoch - atPause < 0.5 * rate * 1500.0,
                 qPrintable(QStringLiteral("%1 epochs while paused (%2 per second)").arg(latest.epoch - atPause).arg(rate * 1000)));
        controller.requestStop();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, 5000));
        QCOMPARE(finished.first().first().value<TrainingState>(), TrainingState::Stopped);
    }

    void bandsCoverEveryForecastStep()
    {
        // A forecast of 60 steps from the test span's start, far past what the
        // validation span's closed-loop paths reach.
        const TrainingJob job = ensembleJob(1, 5);
        const Series prepared = preparedSeries(job.series, job.data);
        auto w = std::make_shared<const Windows>(makeWindows(prepared, job.data));
        Trainer t(job.spec, job.train, *w);
        for (int e = 0; e < 5; ++e) {
            t.runEpoch();
        }
        ForecastRequest r;
        r.spec = job.spec;
        const auto &p = t.model().params();
        r.params.assign(p.data(), p.data() + p.size());
        r.windows = w;
        r.columns = prepared.columns;
        r.origin = w->valEnd;
        r.steps = 60;
        const ForecastResult res = runForecast(r, 1);
        QVERIFY2(res.error.isEmpty(), qPrintable(res.error));
        QVERIFY2(res.bandsError.isEmpty(), qPrintable(res.bandsError));
        QCOMPARE(int(res.values.size()), 60);
        QCOMPARE(int(res.bands.half80.size()), 60);
        QCOMPARE(int(res.bands.half95.size()), 60);
        const int k = res.bands.measuredSteps;
        QVERIFY2(k >= 1 && k < 60, qPrintable(QString::number(k)));
        for (int h = k + 1; h <= 60; ++h) {
            const double want = res.bands.half80[std::size_t(k - 1)] * std::sqrt(double(h) / k);
            QVERIFY(std::abs(res.bands.half80[std::size_t(h - 1)] - want) <= 1e-12 * want);
        }
        QVERIFY(intervalSource(res).contains(QStringLiteral("√(h/%1)").arg(k)));

        // Drawn: one band point per forecast point.
        PredictionPlot plot;
        plot.setData(prepared, *w);
        plot.setForecast(res.origin, res.values);
        plot.setForecastIntervals(res.bands.half80, res.bands.half95, intervalSource(res));
        QCOMPARE(plot.band80()->data()->size(), 60);
        QCOMPARE(plot.band95Lower()->data()->size(), 60);
        QCOMPARE(plot.forecastGraph()->data()->size(), 61); // the last real value + 60 steps
        QVERIFY(plot.band80()->name().contains(QStringLiteral("√")));
    }

    void ensembleForecastIsTheMembersMedian()
    {
        const TrainingJob job = ensembleJob(1, 3);
        const Series prepared = preparedSeries(job.series, job.data);
        auto w = std::make_shared<const Windows>(makeWindows(prepared, job.data));
        ForecastRequest r;
        r.spec = job.spec;
        r.windows = w;
        r.columns = prepared.columns;
        r.origin = w->valEnd;
        r.steps = 30;
        std::vector<std::vector<double>> single;
        for (std::uint64_t seed : {1, 2, 3}) {
            TrainConfig c = job.train;
            c.seed = seed;
            Trainer t(job.spec, c, *w);
            t.runEpoch();
            const auto &p = t.model().params();
            r.members.emplace_back(p.data(), p.data() + p.size());
            ForecastRequest one = r;
            one.members.clear();
            one.params = r.members.back();
            single.push_back(runForecast(one, 1).values);
        }
        r.params = r.members.front();
        const ForecastResult res = runForecast(r, 1);
        QVERIFY2(res.error.isEmpty(), qPrintable(res.error));
        QCOMPARE(res.members, 3);
        QCOMPARE(int(res.low.size()), 30);
        for (std::size_t h = 0; h < 30; ++h) {
            std::vector<double> v{single[0][h], single[1][h], single[2][h]};
            std::sort(v.begin(), v.end());
            QCOMPARE(res.values[h], v[1]);
            QCOMPARE(res.low[h], v[0]);
            QCOMPARE(res.high[h], v[2]);
        }
        QVERIFY(intervalSource(res).contains(QStringLiteral("3-seed median")));
        QCOMPARE(int(res.bands.half80.size()), 30);
    }

    void windowShowsTheEnsembleAndSavesIt()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        ModelSpec s;
        s.inputSize = 1;
        s.layers = {LayerSpec{LayerType::Gru, 6, Activation::Tanh, true}, LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
        w.modelPanel()->setSpec(s);
        TrainConfig t = w.trainingPanel()->config();
        QCOMPARE(w.trainingPanel()->ensembleSize(), 1); // the CLI's default: no ensemble
        t.epochs = 8;
        t.batchSize = 16;
        w.trainingPanel()->setConfig(t);
        w.trainingPanel()->setEnsembleSize(3);
        QSignalSpy done(&w, &MainWindow::trainingFinished);
        w.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 120000);
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isSettling(), 60000);
        EnsembleBand *band = w.predictionPlot()->ensembleBand();
        QTRY_VERIFY_WITH_TIMEOUT(band->median()->data()->size() > 0, 20000);
        QCOMPARE(band->upper()->data()->size(), band->median()->data()->size());
        QCustomPlot *plot = w.predictionPlot()->plot();
        QVERIFY(plot->legend->hasItemWithPlottable(band->upper()));
        QCOMPARE(band->upper()->name(), QStringLiteral("ensemble min–max of 3 seeds"));
        QVERIFY(band->median()->name().startsWith(QStringLiteral("ensemble median (3 seeds")));
        // The metrics table's ensemble row, beside the model's.
        QTableWidget *table = w.predictionPlot()->metricsTable();
        bool row = false;
        for (int r = 0; r < table->rowCount(); ++r) {
            row = row || table->item(r, 0)->text() == QStringLiteral("ensemble median (3 seeds)");
        }
        QVERIFY(row);
        // The forecast is the median, with its spread and the median's intervals.
        QTRY_VERIFY_WITH_TIMEOUT(band->forecastUpper()->data()->size() > 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(w.predictionPlot()->band80()->name().contains(QStringLiteral("3-seed median")), 20000);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("e.json"));
        QVERIFY2(w.saveExperiment(path), qPrintable(w.lastError()));
        QCOMPARE(loadExperiment(path).ensemble, 3);
        MainWindow b;
        b.setInteractive(false);
        QVERIFY2(b.openExperiment(path), qPrintable(b.lastError()));
        QCOMPARE(b.trainingPanel()->ensembleSize(), 3);
    }

    void periodControlReachesWindowsBaselinesAndFile()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        auto *spin = w.dataPanel()->findChild<QSpinBox *>(QStringLiteral("periodSpin"));
        QVERIFY(spin);
        QTRY_COMPARE(w.dataPanel()->detectedPeriod(), 12);
        QCOMPARE(spin->value(), 0);
        QCOMPARE(spin->specialValueText(), QStringLiteral("auto (12)"));
        QCOMPARE(w.dataPanel()->seasonalPeriod(), 12);
        auto baselineNames = [&w] {
            QStringList names;
            QTableWidget *t = w.predictionPlot()->metricsTable();
            for (int r = 0; r < t->rowCount(); ++r) {
                names << t->item(r, 0)->text();
            }
            return names;
        };
        QTRY_VERIFY(baselineNames().contains(QStringLiteral("seasonal naive (m=12)")));
        // A typed period: the seasonal difference, seasonal naive, ETS and Theta use it.
        DataConfig d = w.dataPanel()->config();
        d.seasonalPeriod = 6;
        d.transform = Transform::SeasonalDifference;
        w.dataPanel()->setConfig(d);
        QTRY_VERIFY(w.dataPanel()->windows() && w.dataPanel()->windows()->seasonalPeriod == 6);
        QCOMPARE(w.dataPanel()->seasonalPeriod(), 6);
        QTRY_VERIFY2(baselineNames().contains(QStringLiteral("seasonal naive (m=6)")), qPrintable(baselineNames().join(", ")));
        QVERIFY(!baselineNames().contains(QStringLiteral("seasonal naive (m=12)")));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.json"));
        QVERIFY2(w.saveExperiment(path), qPrintable(w.lastError()));
        QCOMPARE(loadExperiment(path).data.seasonalPeriod, 6);
        MainWindow b;
        b.setInteractive(false);
        QVERIFY2(b.openExperiment(path), qPrintable(b.lastError()));
        QCOMPARE(b.dataPanel()->findChild<QSpinBox *>(QStringLiteral("periodSpin"))->value(), 6);
    }
};

QTEST_MAIN(TestEnsemble)
#include "tst_app_ensemble.moc"
