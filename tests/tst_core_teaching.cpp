// The property RNN Lab exists to show, with generous margins: through 50 steps a
// tanh RNN with a small recurrent gain forgets (dL/dh_0 vanishes), an LSTM keeps the
// gradient alive by orders of magnitude more, and a large gain makes it grow.
// Measured as hiddenGradNorms()[0][0] / hiddenGradNorms()[0][49] after one backward.
#include "nn/loss.h"
#include "nn/model.h"

#include <QTest>

#include <cmath>
#include <random>
#include <string>

using namespace rnnlab;

namespace {

constexpr int kT = 50;
constexpr int kB = 16;

// ||dL/dh_0|| / ||dL/dh_49|| of the first recurrent layer after one forward and an
// MSE backward on random inputs and targets.
double oldestToNewestRatio(const std::string &spec, double gain, std::uint64_t seed)
{
    Model<double> model(parseModelSpec(spec, 1, 1));
    InitConfig init;
    init.recurrentGain = gain;
    model.initialize(init, seed);
    std::mt19937_64 rng(seed + 1000);
    std::normal_distribution<double> normal(0.0, 1.0);
    Mat<double> X(1, kT * kB), target(1, kB);
    for (Eigen::Index i = 0; i < X.size(); ++i) {
        X.data()[i] = normal(rng);
    }
    for (Eigen::Index i = 0; i < target.size(); ++i) {
        target.data()[i] = normal(rng);
    }
    Mat<double> dY;
    computeLoss<double>(LossKind::Mse, model.forward(X, kT, kB), target, dY);
    model.backward(dY);
    const std::vector<double> &norms = model.hiddenGradNorms()[0];
    if ((int)norms.size() != kT || !(norms[kT - 1] > 0)) {
        return std::nan("");
    }
    return norms[0] / norms[kT - 1];
}

// Geometric mean over a few seeds: one unlucky draw should not decide.
double meanRatio(const std::string &spec, double gain)
{
    double logSum = 0;
    const int seeds = 3;
    for (int s = 1; s <= seeds; ++s) {
        const double r = oldestToNewestRatio(spec, gain, s);
        qInfo("%s gain %.2f seed %d: ||dL/dh_0|| / ||dL/dh_49|| = %.3e", spec.c_str(), gain, s, r);
        logSum += std::log(r);
    }
    return std::exp(logSum / seeds);
}

} // namespace

class TestTeaching : public QObject {
    Q_OBJECT

private slots:
    void rnnSmallGainVanishes();
    void lstmKeepsGradient();
    void rnnLargeGainGrows();
};

void TestTeaching::rnnSmallGainVanishes()
{
    const double ratio = meanRatio("rnn:32,dense", 0.5);
    QVERIFY2(std::isfinite(ratio), "no gradient norms recorded");
    QVERIFY2(ratio < 1e-3, qPrintable(QString("tanh rnn, gain 0.5: ratio %1 is not < 1e-3").arg(ratio)));
}

void TestTeaching::lstmKeepsGradient()
{
    const double rnn = meanRatio("rnn:32,dense", 0.5);
    const double lstm = meanRatio("lstm:32,dense", 1.0);
    QVERIFY(std::isfinite(rnn) && std::isfinite(lstm));
    QVERIFY2(lstm > 1000 * rnn, qPrintable(QString("lstm ratio %1 is not > 1000 x rnn ratio %2").arg(lstm).arg(rnn)));
}

void TestTeaching::rnnLargeGainGrows()
{
    const double ratio = meanRatio("rnn:32,dense", 3.0);
    QVERIFY2(std::isfinite(ratio), "no gradient norms recorded");
    QVERIFY2(ratio > 1, qPrintable(QString("tanh rnn, gain 3: ratio %1 is not > 1").arg(ratio)));
}

QTEST_APPLESS_MAIN(TestTeaching)
#include "tst_core_teaching.moc"
