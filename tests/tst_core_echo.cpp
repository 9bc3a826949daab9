// The echo task as an acceptance test: target_t = input_{t-20} (sample_data/echo_lag20.csv).
// With one budget for all three cells, lstm:32 and gru:32 learn to carry the input over 20
// steps and a tanh rnn:32 does not. The budget starts every cell from a small recurrent gain
// (0.1): at the default gain 1 the orthogonal W_hh lets a tanh RNN solve lag 20 as well (and
// faster), so the gain is what makes its gradient vanish; see the figures in the comments.
#include "data/series.h"
#include "nn/trainer.h"
#include "data/windows.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

using namespace rnnlab;

namespace {

// The shared budget. Measured with seeds 1..5 (epoch at which val MSE first fell below 0.1):
// lstm 10-12, gru 11-16; the tanh rnn first fell below 0.5 at epoch 37 for one seed and never
// within 60 epochs for the other four. 24 epochs leave room on both sides. At gain 1 with the
// same budget (seeds 1..3) the best val MSE is lstm/gru <= 0.001 but also rnn 0.015-0.017. At gain 1 with the
// same budget (seeds 1..3) the best val MSE is lstm/gru <= 0.001 but also rnn 0.015-0.017.
constexpr int kEpochs = 24;
constexpr int kBatch = 32;
constexpr double kLr = 0.003;
constexpr double kGain = 0.1;
constexpr std::uint64_t kSeed = 1;
constexpr int kLag = 20;

// Lowest validation MSE (normalised units: 1 is "predicts the mean") over the budget.
double bestValLoss(const Windows &windows, const std::string &modelText)
{
    TrainConfig tc;
    tc.optimizer.kind = OptimizerKind::Adam;
    tc.optimizer.lr = kLr;
    tc.batchSize = kBatch;
    tc.epochs = kEpochs;
    tc.seed = kSeed;
    tc.init.recurrentGain = kGain;
    Trainer trainer(parseModelSpec(modelText, windows.features(), windows.horizon), tc, windows);
    double best = std::numeric_limits<double>::infinity();
    for (int e = 0; e < kEpochs; ++e) {
        const EpochStats st = trainer.runEpoch();
        if (st.nonFinite.found || !st.valLoss || !std::isfinite(*st.valLoss)) {
            return std::nan("");
        }
        best = std::min(best, *st.valLoss);
    }
    qInfo("%s, %d epochs, gain %.1f, seed %d: best val MSE %.4f", modelText.c_str(), kEpochs, kGain, int(kSeed),
          best);
    return best;
}

Windows echoWindows(const Series &series, int lookback)
{
    DataConfig dc;
    dc.target = "target";
    dc.inputs = {"input"};
    dc.lookback = lookback;
    return makeWindows(series, dc);
}

} // namespace

class TestEcho : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void gatedCellsLearnTheEcho_data();
    void gatedCellsLearnTheEcho();
    void tanhRnnDoesNot();
    void windowWithoutTheLagLearnsNothing();

private:
    std::unique_ptr<Series> m_series;
    std::unique_ptr<Windows> m_windows;
};

void TestEcho::initTestCase()
{
    m_series = std::make_unique<Series>(loadSeries(RNNLAB_SAMPLE_DATA "/echo_lag20.csv"));
    QCOMPARE(m_series->rows(), 4000);
    // The file really is the echo task: every target is the input kLag rows earlier.
    const int in = m_series->columnIndex("input");
    const int tgt = m_series->columnIndex("target");
    QVERIFY(in >= 0 && tgt >= 0);
    for (int r = kLag; r < m_series->rows(); ++r) {
        QCOMPARE(m_series->values(r, tgt), m_series->values(r - kLag, in));
    }
    // Lookback 25: the input a target needs sits 20 steps before it, inside the window.
    m_windows = std::make_unique<Windows>(echoWindows(*m_series, 25));
    QVERIFY(!m_windows->val.empty());
}

void TestEcho::gatedCellsLearnTheEcho_data()
{
    QTest::addColumn<QString>("model");
    QTest::newRow("lstm") << "lstm:32,dense";
    QTest::newRow("gru") << "gru:32,dense";
}

void TestEcho::gatedCellsLearnTheEcho()
{
    QFETCH(QString, model);
    const double best = bestValLoss(*m_windows, model.toStdString());
    // Measured with seed 1: lstm 0.0014, gru 0.0009 (seeds 1..5 all about 0.001).
    QVERIFY2(best < 0.1, qPrintable(QString("%1: best val MSE %2 is not < 0.1").arg(model).arg(best)));
}

void TestEcho::tanhRnnDoesNot()
{
    const double best = bestValLoss(*m_windows, "rnn:32:tanh,dense");
    // Measured with seed 1: 0.981 (seeds 1..5: 0.980-0.982).
    QVERIFY2(std::isfinite(best), "training failed");
    QVERIFY2(best > 0.5, qPrintable(QString("tanh rnn: best val MSE %1 is not > 0.5").arg(best)));
}

void TestEcho::windowWithoutTheLagLearnsNothing()
{
    // The control: with lookback 19 the needed input is outside every window and the
    // inputs are i.i.d., so even an LSTM cannot beat the mean. A low loss here would
    // mean the target leaks into the inputs.
    const Windows shortWindows = echoWindows(*m_series, kLag - 1);
    const double best = bestValLoss(shortWindows, "lstm:32,dense");
    QVERIFY2(best > 0.8, qPrintable(QString("lookback 19: best val MSE %1 is not > 0.8").arg(best)));
}

QTEST_APPLESS_MAIN(TestEcho)
#include "tst_core_echo.moc"
