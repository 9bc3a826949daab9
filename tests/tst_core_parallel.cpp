// The data-parallel training step: splitting a batch over replicas must give the
// same loss, gradient statistics and update as one thread (up to float rounding),
// and be bit-identical from run to run for a fixed thread count.
#include "nn/trainer.h"

#include <QtTest>

#include <random>

using namespace rnnlab;

namespace {

Windows randomWindows(int F, int T, int rows, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    Windows w;
    w.lookback = T;
    w.horizon = 1;
    w.rows = rows;
    w.inputs.resize(F, rows);
    w.target.resize(rows);
    for (Eigen::Index i = 0; i < w.inputs.size(); ++i) {
        w.inputs.data()[i] = normal(rng);
    }
    for (Eigen::Index i = 0; i < rows; ++i) {
        w.target[i] = normal(rng);
    }
    for (int i = 0; i + T < rows; ++i) {
        w.train.push_back(i);
    }
    w.trainEnd = w.valEnd = rows;
    return w;
}

double relDiff(double a, double b)
{
    return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-30});
}

} // namespace

class TestParallel : public QObject {
    Q_OBJECT

private slots:
    void splitMatchesSingleThread_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("batch");
        QTest::newRow("lstm 2 threads even") << "lstm:16,gru:8,dense" << 2 << 32;
        QTest::newRow("rnn 2 threads odd batch") << "rnn:12,dense:4:tanh,dense" << 2 << 7;
        QTest::newRow("gru 3 threads") << "gru:10,dense" << 3 << 10;
        QTest::newRow("more threads than samples") << "lstm:6,dense" << 4 << 3;
    }

    void splitMatchesSingleThread()
    {
        QFETCH(QString, model);
        QFETCH(int, threads);
        QFETCH(int, batch);
        const Windows w = randomWindows(2, 9, 60, 7);
        const ModelSpec spec = parseModelSpec(model.toStdString(), 2, 1);
        TrainConfig one;
        one.batchSize = batch;
        one.optimizer.kind = OptimizerKind::Sgd;
        one.optimizer.lr = 0.1;
        TrainConfig many = one;
        many.threads = threads;
        Trainer a(spec, one, w), b(spec, many, w);
        QCOMPARE(a.model().params(), b.model().params());
        const std::span<const int> starts(w.train.data(), batch);
        const StepStats sa = a.trainStep(starts);
        const StepStats sb = b.trainStep(starts);
        QVERIFY(!sa.nonFinite.found && !sb.nonFinite.found);
        QVERIFY2(relDiff(sa.loss, sb.loss) < 1e-5, qPrintable(QString("loss %1 vs %2").arg(sa.loss).arg(sb.loss)));
        QVERIFY(relDiff(sa.gradNorm, sb.gradNorm) < 1e-4);
        const auto &ha = a.lastHiddenGradNorms();
        const auto &hb = b.lastHiddenGradNorms();
        QCOMPARE(ha.size(), hb.size());
        for (size_t l = 0; l < ha.size(); ++l) {
            for (size_t t = 0; t < ha[l].size(); ++t) {
                QVERIFY2(relDiff(ha[l][t], hb[l][t]) < 1e-4,
                         qPrintable(QString("layer %1 t %2: %3 vs %4").arg(l).arg(t).arg(ha[l][t]).arg(hb[l][t])));
            }
        }
        // SGD: the update is lr * gradient, so equal updates mean equal gradients.
        const double diff = (a.model().params() - b.model().params()).norm();
        QVERIFY2(diff < 1e-5 * std::max(1.0, double(a.model().params().norm())), qPrintable(QString::number(diff)));
    }

    void deterministicPerThreadCount()
    {
        const Windows w = randomWindows(1, 12, 200, 3);
        const ModelSpec spec = parseModelSpec("lstm:16,dense", 1, 1);
        TrainConfig c;
        c.threads = 2;
        c.batchSize = 16;
        Trainer a(spec, c, w), b(spec, c, w);
        for (int e = 0; e < 3; ++e) {
            const EpochStats sa = a.runEpoch();
            const EpochStats sb = b.runEpoch();
            QCOMPARE(sa.trainLoss, sb.trainLoss);
        }
        QCOMPARE(a.model().params(), b.model().params());
    }
};

QTEST_APPLESS_MAIN(TestParallel)
#include "tst_core_parallel.moc"
