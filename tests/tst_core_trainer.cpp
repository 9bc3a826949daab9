// The training loop's bookkeeping: batching (including a batch larger than the
// training set), the shuffle switch, the epoch's train_loss definition, early
// stopping with patience and the restoring of the best weights.
#include "nn/stats_schedule.h"
#include "nn/trainer.h"

#include <QtTest>

#include <random>

using namespace rnnlab;

namespace {

// Pure noise: a model can only overfit it, so the validation loss turns upward.
Windows noiseWindows(int rows, int T, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    Windows w;
    w.lookback = T;
    w.horizon = 1;
    w.rows = rows;
    w.inputs.resize(1, rows);
    w.target.resize(rows);
    for (int r = 0; r < rows; ++r) {
        w.inputs(0, r) = normal(rng);
        w.target(r) = normal(rng);
    }
    w.trainEnd = rows * 7 / 10;
    w.valEnd = rows;
    for (int i = 0; i + T < rows; ++i) {
        (i + T < w.trainEnd ? w.train : w.val).push_back(i);
    }
    return w;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private slots:
    void spectralRadiusIntervalFollowsItsCost()
    {
        // O(H^3) eigen solves against O(T * n * H^2) steps: small layers every epoch,
        // big layers on a short series every k epochs, and k shrinks as the data grows.
        const ModelSpec small = parseModelSpec("lstm:8,dense", 1, 1);
        const ModelSpec big = parseModelSpec("lstm:256,dense", 1, 1);
        QCOMPARE(spectralRadiusInterval(small, 24, 1000, 0.1), 1);
        const int kShort = spectralRadiusInterval(big, 24, 100, 0.1);
        const int kLong = spectralRadiusInterval(big, 100, 4000, 0.1);
        QVERIFY2(kShort > 10, qPrintable(QString::number(kShort)));
        QVERIFY(kLong < kShort);
        // The budget it promises: the radius's share of the steps is at most 10%.
        QVERIFY(spectralRadiusFlops(big) / kShort <= 0.1 * epochStepFlops(big, 24, 100) * 1.0000001);
        QVERIFY(spectralRadiusFlops(big) / (kShort - 1) > 0.1 * epochStepFlops(big, 24, 100));
    }

    void spectralRadiusIsRecomputedOnSchedule()
    {
        const Windows w = noiseWindows(60, 5, 1);
        TrainConfig c;
        c.batchSize = 16;
        c.statsBudget = 1e-4; // forces a long interval on a tiny model
        const ModelSpec spec = parseModelSpec("rnn:6,dense", 1, 1);
        Trainer t(spec, c, w);
        const int k = t.spectralRadiusEvery();
        QVERIFY(k >= 3);
        for (int e = 1; e <= 2 * k + 1; ++e) {
            const EpochStats st = t.runEpoch();
            // Computed at epoch 1, then at 1 + k, 1 + 2k: always from the weights of that epoch.
            const int expected = 1 + ((e - 1) / k) * k;
            QCOMPARE(st.spectralRadiusEpoch, expected);
            QCOMPARE(int(st.spectralRadius.size()), 1);
            if (expected == e) {
                QCOMPARE(st.spectralRadius[0], t.model().spectralRadii()[0][0]);
            }
        }
        // statsBudget 0: every epoch, as before.
        c.statsBudget = 0;
        Trainer every(spec, c, w);
        QCOMPARE(every.spectralRadiusEvery(), 1);
        for (int e = 1; e <= 3; ++e) {
            QCOMPARE(every.runEpoch().spectralRadiusEpoch, e);
        }
    }

    void batchLargerThanTrainingSetIsOneBatch()
    {
        const Windows w = noiseWindows(60, 5, 1);
        TrainConfig c;
        c.batchSize = 1000;
        Trainer t(parseModelSpec("gru:4,dense", 1, 1), c, w);
        int calls = 0, reported = 0;
        const EpochStats st = t.runEpoch([&](int, int n) {
            ++calls;
            reported = n;
            return true;
        });
        QCOMPARE(st.batches, 1);
        QCOMPARE(calls, 1);
        QCOMPARE(reported, 1);
    }

    // Stop near an epoch's end must not wait for the whole validation pass: the pass
    // asks `cancelled` between its batches of windows, and a cancelled epoch does not count.
    void validationPassCanBeCancelled()
    {
        const Windows w = noiseWindows(1200, 3, 4); // 360 validation windows: two eval batches
        QVERIFY(w.val.size() > 256);
        TrainConfig c;
        c.batchSize = 64;
        Trainer cancelledTrainer(parseModelSpec("lstm:4,dense", 1, 1), c, w);
        int asked = 0;
        const EpochStats st = cancelledTrainer.runEpoch({}, [&] { return ++asked >= 2; });
        QVERIFY(st.stopped);
        QVERIFY(!st.valLoss.has_value());
        QCOMPARE(cancelledTrainer.epochsRun(), 0);
        QCOMPARE(asked, 2); // asked before the second batch, which never ran

        // Never cancelling changes nothing, to the bit.
        Trainer plain(parseModelSpec("lstm:4,dense", 1, 1), c, w);
        Trainer asking(parseModelSpec("lstm:4,dense", 1, 1), c, w);
        for (int e = 0; e < 2; ++e) {
            const EpochStats a = plain.runEpoch();
            const EpochStats b = asking.runEpoch({}, [] { return false; });
            QVERIFY(!b.stopped);
            QCOMPARE(a.valLoss.value(), b.valLoss.value());
            QCOMPARE(a.trainLoss, b.trainLoss);
        }
        QCOMPARE(asking.epochsRun(), 2);
    }

    void batchCountRoundsUp()
    {
        const Windows w = noiseWindows(60, 5, 1); // 37 training windows
        QCOMPARE(int(w.train.size()), 37);
        TrainConfig c;
        c.batchSize = 10;
        Trainer t(parseModelSpec("rnn:4,dense", 1, 1), c, w);
        QCOMPARE(t.runEpoch().batches, 4);
    }

    // Without shuffling an epoch is trainStep over consecutive chunks in data order,
    // and train_loss is the mean of the batches' pre-update losses.
    void noShuffleIsDataOrderAndLossIsMeanOfBatches()
    {
        const Windows w = noiseWindows(80, 6, 2);
        TrainConfig c;
        c.batchSize = 16;
        c.shuffle = false;
        const ModelSpec spec = parseModelSpec("lstm:5,dense", 1, 1);
        Trainer a(spec, c, w), b(spec, c, w);
        const EpochStats st = a.runEpoch();
        double sum = 0;
        int n = 0;
        for (size_t first = 0; first < w.train.size(); first += 16) {
            const size_t count = std::min<size_t>(16, w.train.size() - first);
            sum += b.trainStep(std::span<const int>(w.train.data() + first, count)).loss;
            ++n;
        }
        QCOMPARE(st.batches, n);
        QCOMPARE(st.trainLoss, sum / n);
        QCOMPARE(a.model().params(), b.model().params());
    }

    void shuffleChangesOrderDeterministically()
    {
        const Windows w = noiseWindows(80, 6, 2);
        const ModelSpec spec = parseModelSpec("lstm:5,dense", 1, 1);
        TrainConfig on;
        on.batchSize = 8;
        TrainConfig off = on;
        off.shuffle = false;
        Trainer a(spec, on, w), b(spec, off, w), c(spec, on, w);
        const double la = a.runEpoch().trainLoss, lb = b.runEpoch().trainLoss, lc = c.runEpoch().trainLoss;
        QVERIFY(la != lb);  // a different order gives different updates
        QCOMPARE(la, lc);   // the same seed gives the same order
    }

    void earlyStoppingRestoresBestWeights()
    {
        const Windows w = noiseWindows(300, 8, 3);
        TrainConfig c;
        c.batchSize = 8;
        c.patience = 3;
        c.optimizer.lr = 0.02;
        Trainer t(parseModelSpec("lstm:16,dense", 1, 1), c, w);
        std::vector<double> val;
        Vec<float> bestParams;
        double best = std::numeric_limits<double>::infinity();
        int bestEpoch = 0, epochs = 0;
        while (epochs < 200 && !t.shouldStop()) {
            const EpochStats st = t.runEpoch();
            ++epochs;
            QVERIFY(st.valLoss.has_value());
            if (*st.valLoss < best) {
                best = *st.valLoss;
                bestEpoch = st.epoch;
                bestParams = t.model().params();
            }
            QCOMPARE(t.bestEpoch(), bestEpoch);
        }
        QVERIFY2(t.shouldStop(), "noise data should make the validation loss turn upward within 200 epochs");
        QCOMPARE(epochs, bestEpoch + c.patience); // stopped exactly `patience` epochs after the best
        QCOMPARE(t.bestValLoss(), best);
        QVERIFY(t.model().params() != bestParams);
        t.restoreBest();
        QCOMPARE(t.model().params(), bestParams);
        QCOMPARE(t.evaluate(w.val), best);
    }

    void stopFromCallbackLeavesEpochIncomplete()
    {
        const Windows w = noiseWindows(80, 6, 2);
        TrainConfig c;
        c.batchSize = 4;
        Trainer t(parseModelSpec("gru:4,dense", 1, 1), c, w);
        const EpochStats st = t.runEpoch([](int b, int) { return b < 2; });
        QVERIFY(st.stopped);
        QCOMPARE(st.batches, 3);
        QCOMPARE(t.epochsRun(), 0);
        QVERIFY(!st.valLoss.has_value());

        // A stop after the last batch is a stop too: no validation pass, the epoch does not count.
        Trainer u(parseModelSpec("gru:4,dense", 1, 1), c, w);
        int batches = 0;
        const EpochStats last = u.runEpoch([&](int b, int n) {
            batches = n;
            return b + 1 < n;
        });
        QVERIFY(last.stopped);
        QCOMPARE(last.batches, batches);
        QCOMPARE(u.epochsRun(), 0);
        QVERIFY(!last.valLoss.has_value());
        // Nor the spectral radius (display work): the next, whole epoch computes it.
        QVERIFY(last.spectralRadius.empty());
        QCOMPARE(last.spectralRadiusEpoch, 0);
        const EpochStats whole = u.runEpoch();
        QVERIFY(!whole.stopped);
        QCOMPARE(whole.spectralRadius.size(), std::size_t(1));
        QCOMPARE(whole.spectralRadiusEpoch, 1);
    }
};

QTEST_APPLESS_MAIN(TestTrainer)
#include "tst_core_trainer.moc"
