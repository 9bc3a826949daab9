// Optimizers, gradient clipping and losses against numbers computed by hand: the
// update rules as torch.optim's documentation writes them, applied to a 2-element
// parameter with fixed gradients, and the values torch 1.13 printed for the same
// three steps (scripts: see the literal table) as a second, independent check.
#include "nn/loss.h"
#include "nn/optimizer.h"

#include <QTest>

#include <array>
#include <cmath>
#include <stdexcept>

using namespace rnnlab;

namespace {

using Pair = std::array<double, 2>;

// The fixed gradients of steps 1, 2, 3 and the starting point.
constexpr std::array<Pair, 3> kGrads = {{{0.5, -0.3}, {0.2, 0.4}, {-0.1, 0.25}}};
constexpr Pair kStart = {1.0, -2.0};

// torch.optim.SGD, per element, as its docs write it (dampening 0):
//   g <- g + wd*p;  b <- g (t = 1) or mu*b + g;  g <- g + mu*b (nesterov) or b;  p <- p - lr*g
std::array<Pair, 3> referenceSgd(double lr, double mu, bool nesterov, double wd)
{
    std::array<Pair, 3> out{};
    Pair p = kStart, b = {0, 0};
    for (int t = 1; t <= 3; ++t) {
        for (int i = 0; i < 2; ++i) {
            double g = kGrads[t - 1][i] + wd * p[i];
            if (mu != 0) {
                b[i] = t == 1 ? g : mu * b[i] + g;
                g = nesterov ? g + mu * b[i] : b[i];
            }
            p[i] = p[i] - lr * g;
        }
        out[t - 1] = p;
    }
    return out;
}

// torch.optim.RMSprop (not centered):
//   g <- g + wd*p;  v <- alpha*v + (1-alpha)*g^2;
//   mu > 0: b <- mu*b + g/(sqrt(v)+eps), p <- p - lr*b;  else p <- p - lr*g/(sqrt(v)+eps)
std::array<Pair, 3> referenceRmsProp(double lr, double alpha, double eps, double mu, double wd)
{
    std::array<Pair, 3> out{};
    Pair p = kStart, v = {0, 0}, b = {0, 0};
    for (int t = 1; t <= 3; ++t) {
        for (int i = 0; i < 2; ++i) {
            const double g = kGrads[t - 1][i] + wd * p[i];
            v[i] = alpha * v[i] + (1 - alpha) * g * g;
            if (mu > 0) {
                b[i] = mu * b[i] + g / (std::sqrt(v[i]) + eps);
                p[i] = p[i] - lr * b[i];
            } else {
                p[i] = p[i] - lr * g / (std::sqrt(v[i]) + eps);
            }
        }
        out[t - 1] = p;
    }
    return out;
}

// torch.optim.Adam (L2 weight decay folded into g, not AdamW):
//   g <- g + wd*p;  m <- b1*m + (1-b1)*g;  v <- b2*v + (1-b2)*g^2;
//   mhat = m/(1-b1^t);  vhat = v/(1-b2^t);  p <- p - lr*mhat/(sqrt(vhat)+eps)
std::array<Pair, 3> referenceAdam(double lr, double b1, double b2, double eps, double wd)
{
    std::array<Pair, 3> out{};
    Pair p = kStart, m = {0, 0}, v = {0, 0};
    for (int t = 1; t <= 3; ++t) {
        for (int i = 0; i < 2; ++i) {
            const double g = kGrads[t - 1][i] + wd * p[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            const double mhat = m[i] / (1 - std::pow(b1, t));
            const double vhat = v[i] / (1 - std::pow(b2, t));
            p[i] = p[i] - lr * mhat / (std::sqrt(vhat) + eps);
        }
        out[t - 1] = p;
    }
    return out;
}

double relDiff(double a, double b)
{
    return std::abs(a - b) / std::max(std::abs(b), 1e-300);
}

template <class S>
std::array<Pair, 3> runOptimizer(const OptimizerConfig &config)
{
    Optimizer<S> opt(config, 2);
    Vec<S> p(2);
    p << S(kStart[0]), S(kStart[1]);
    std::array<Pair, 3> out{};
    for (int t = 0; t < 3; ++t) {
        Vec<S> g(2);
        g << S(kGrads[t][0]), S(kGrads[t][1]);
        opt.step(p, g);
        out[t] = {double(p[0]), double(p[1])};
    }
    return out;
}

} // namespace

class TestOptim : public QObject {
    Q_OBJECT

private slots:
    void optimizers_data();
    void optimizers();
    void resetRestartsState();
    void learningRateChange();
    void optimizerNames();
    void clipNorm();
    void clipNormBelowThreshold();
    void clipValue();
    void clipNone();
    void mse();
    void mae();
    void huber();
    void lossFloat();
    void lossNames();
};

void TestOptim::optimizers_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("lr");
    QTest::addColumn<double>("momentum");
    QTest::addColumn<bool>("nesterov");
    QTest::addColumn<double>("weightDecay");
    QTest::addColumn<QList<double>>("torch"); // p after steps 1, 2, 3 (p0, p1 each), torch 1.13 float64

    QTest::newRow("sgd") << "sgd" << 0.1 << 0.0 << false << 0.0
                         << QList<double>{0.94999999999999996, -1.97, 0.92999999999999994, -2.0099999999999998,
                                          0.93999999999999995, -2.0349999999999997};
    QTest::newRow("sgd momentum") << "sgd" << 0.1 << 0.9 << false << 0.0
                                  << QList<double>{0.94999999999999996, -1.97, 0.8849999999999999, -1.9829999999999999,
                                                   0.83649999999999991, -2.0196999999999998};
    QTest::newRow("sgd nesterov") << "sgd" << 0.1 << 0.9 << true << 0.0
                                  << QList<double>{0.90500000000000003, -1.9430000000000001, 0.82650000000000001,
                                                   -1.9947000000000001, 0.79285000000000005, -2.0527299999999999};
    QTest::newRow("sgd weight decay") << "sgd" << 0.1 << 0.0 << false << 0.01
                                      << QList<double>{0.94899999999999995, -1.968, 0.92805099999999996,
                                                       -2.0060319999999998, 0.93712294899999993, -2.029025968};
    QTest::newRow("sgd momentum weight decay")
        << "sgd" << 0.1 << 0.9 << false << 0.01
        << QList<double>{0.94899999999999995, -1.968, 0.88215099999999991, -1.9772319999999999, 0.83110474899999986,
                         -2.008563568};
    QTest::newRow("rmsprop") << "rmsprop" << 0.01 << 0.0 << false << 0.0
                             << QList<double>{0.90000001999999601, -1.9000000333333222, 0.86269983462690392,
                                              -1.9801444072456034, 0.88112303697905403, -2.0251103916470838};
    QTest::newRow("rmsprop momentum") << "rmsprop" << 0.01 << 0.9 << false << 0.0
                                      << QList<double>{0.90000001999999601, -1.9000000333333222, 0.77269985262690033,
                                                       -1.8901444372455936, 0.67655290434326432, -1.926240385168118};
    QTest::newRow("rmsprop weight decay") << "rmsprop" << 0.01 << 0.0 << false << 0.1
                                          << QList<double>{0.90000001666666396, -1.900000019999996, 0.85630569735562934,
                                                           -1.9388889013728827, 0.85848113249584568, -1.9492757065016684};
    QTest::newRow("adam") << "adam" << 0.01 << 0.0 << false << 0.0
                          << QList<double>{0.99000000020000001, -1.9900000003333334, 0.98101424839029283,
                                           -1.9919351043699691, 0.97535255578069424, -1.9961312593040585};
    QTest::newRow("adam weight decay") << "adam" << 0.01 << 0.0 << false << 0.1
                                       << QList<double>{0.99000000016666667, -1.9900000002, 0.9806830933995927,
                                                        -1.9865601455181707, 0.97349955146331568, -1.9845195986814981};
}

void TestOptim::optimizers()
{
    QFETCH(QString, kind);
    QFETCH(double, lr);
    QFETCH(double, momentum);
    QFETCH(bool, nesterov);
    QFETCH(double, weightDecay);
    QFETCH(QList<double>, torch);

    OptimizerConfig config;
    config.kind = optimizerFromString(kind.toStdString());
    config.lr = lr;
    config.momentum = momentum;
    config.nesterov = nesterov;
    config.weightDecay = weightDecay;
    QCOMPARE(config.alpha, 0.99);
    QCOMPARE(config.beta1, 0.9);
    QCOMPARE(config.beta2, 0.999);
    QCOMPARE(config.eps, 1e-8);

    std::array<Pair, 3> expected{};
    if (kind == "sgd") {
        expected = referenceSgd(lr, momentum, nesterov, weightDecay);
    } else if (kind == "rmsprop") {
        expected = referenceRmsProp(lr, 0.99, 1e-8, momentum, weightDecay);
    } else {
        expected = referenceAdam(lr, 0.9, 0.999, 1e-8, weightDecay);
    }
    // The hand formulas and torch agree (so the formulas above are the right ones).
    for (int t = 0; t < 3; ++t) {
        for (int i = 0; i < 2; ++i) {
            QVERIFY(relDiff(expected[t][i], torch[2 * t + i]) < 1e-12);
        }
    }

    const std::array<Pair, 3> got = runOptimizer<double>(config);
    const std::array<Pair, 3> gotF = runOptimizer<float>(config);
    for (int t = 0; t < 3; ++t) {
        for (int i = 0; i < 2; ++i) {
            QVERIFY2(relDiff(got[t][i], expected[t][i]) < 1e-6,
                     qPrintable(QString("step %1, p[%2]: got %3, expected %4").arg(t + 1).arg(i)
                                    .arg(got[t][i], 0, 'g', 17).arg(expected[t][i], 0, 'g', 17)));
            QVERIFY2(relDiff(gotF[t][i], expected[t][i]) < 1e-5,
                     qPrintable(QString("float step %1, p[%2]: got %3, expected %4").arg(t + 1).arg(i)
                                    .arg(gotF[t][i], 0, 'g', 9).arg(expected[t][i], 0, 'g', 9)));
        }
    }
}

void TestOptim::resetRestartsState()
{
    OptimizerConfig config;
    config.kind = OptimizerKind::Adam;
    config.lr = 0.01;
    Optimizer<double> opt(config, 2);
    Vec<double> p(2), g(2);
    p << 1.0, -2.0;
    for (int t = 0; t < 3; ++t) {
        g << 0.3, 0.7;
        opt.step(p, g);
    }
    QCOMPARE(opt.steps(), 3LL);
    opt.reset();
    QCOMPARE(opt.steps(), 0LL);
    // After reset the first step is Adam's first step again: |dp| = lr exactly for each
    // element (mhat/sqrt(vhat) = sign(g), up to eps).
    const Vec<double> before = p;
    g << 0.3, -0.7;
    opt.step(p, g);
    QVERIFY(std::abs((before[0] - p[0]) - 0.01) < 1e-9);
    QVERIFY(std::abs((before[1] - p[1]) + 0.01) < 1e-9);
    QCOMPARE(opt.steps(), 1LL);
}

void TestOptim::learningRateChange()
{
    OptimizerConfig config;
    config.kind = OptimizerKind::Sgd;
    config.lr = 0.1;
    Optimizer<double> opt(config, 2);
    Vec<double> p(2), g(2);
    p << 1.0, 1.0;
    g << 1.0, -2.0;
    opt.setLearningRate(0.5);
    QCOMPARE(opt.config().lr, 0.5);
    opt.step(p, g);
    QCOMPARE(p[0], 0.5);
    QCOMPARE(p[1], 2.0);
}

void TestOptim::optimizerNames()
{
    for (OptimizerKind k : {OptimizerKind::Sgd, OptimizerKind::RmsProp, OptimizerKind::Adam}) {
        QVERIFY(optimizerFromString(toString(k)) == k);
    }
    QCOMPARE(std::string(toString(OptimizerKind::Sgd)), std::string("sgd"));
    QCOMPARE(std::string(toString(OptimizerKind::RmsProp)), std::string("rmsprop"));
    QCOMPARE(std::string(toString(OptimizerKind::Adam)), std::string("adam"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizerFromString("adagrad"));
    QVERIFY(std::string(toString(ClipKind::Norm)).size() > 0);
}

void TestOptim::clipNorm()
{
    // clip_grad_norm_: coef = max / (norm + 1e-6) applied when < 1.
    Vec<double> g(2);
    g << 3.0, 4.0;
    const double norm = clipGradients(g, ClipConfig{ClipKind::Norm, 1.0});
    QCOMPARE(norm, 5.0);
    const double coef = 1.0 / (5.0 + 1e-6);
    QVERIFY(std::abs(g[0] - 3.0 * coef) < 1e-15);
    QVERIFY(std::abs(g[1] - 4.0 * coef) < 1e-15);
    QVERIFY(std::abs(g.norm() - 1.0) < 1e-6);

    Vec<float> gf(3);
    gf << 2.0f, -2.0f, 1.0f; // norm 3
    const double normF = clipGradients(gf, ClipConfig{ClipKind::Norm, 1.5});
    QVERIFY(std::abs(normF - 3.0) < 1e-6);
    QVERIFY(std::abs(gf[0] - 2.0f * float(1.5 / (3.0 + 1e-6))) < 1e-6f);
    QVERIFY(std::abs(gf[1] + 2.0f * float(1.5 / (3.0 + 1e-6))) < 1e-6f);
}

void TestOptim::clipNormBelowThreshold()
{
    Vec<double> g(2);
    g << 0.3, 0.4;
    const double norm = clipGradients(g, ClipConfig{ClipKind::Norm, 1.0});
    QVERIFY(std::abs(norm - 0.5) < 1e-15);
    QCOMPARE(g[0], 0.3);
    QCOMPARE(g[1], 0.4);
    // Exactly at the threshold: coef = 1/(1 + 1e-6) < 1, torch scales (barely).
    g << 0.6, 0.8;
    clipGradients(g, ClipConfig{ClipKind::Norm, 1.0});
    QVERIFY(std::abs(g[0] - 0.6 / (1.0 + 1e-6)) < 1e-15);
}

void TestOptim::clipValue()
{
    Vec<double> g(4);
    g << 3.0, -4.0, 0.5, -0.25;
    const double norm = clipGradients(g, ClipConfig{ClipKind::Value, 1.0});
    QVERIFY(std::abs(norm - std::sqrt(9.0 + 16.0 + 0.25 + 0.0625)) < 1e-12);
    QCOMPARE(g[0], 1.0);
    QCOMPARE(g[1], -1.0);
    QCOMPARE(g[2], 0.5);
    QCOMPARE(g[3], -0.25);
}

void TestOptim::clipNone()
{
    Vec<double> g(2);
    g << 30.0, 40.0;
    const double norm = clipGradients(g, ClipConfig{ClipKind::None, 1.0});
    QCOMPARE(norm, 50.0);
    QCOMPARE(g[0], 30.0);
    QCOMPARE(g[1], 40.0);
}

// The 2x3 example: Y - T = [[0.5, 0, -2], [2, -0.3, -0.5]], N = 6.
static Mat<double> exampleY()
{
    Mat<double> Y(2, 3);
    Y << 1.0, -2.0, 0.5, 3.0, 0.0, -1.5;
    return Y;
}

static Mat<double> exampleT()
{
    Mat<double> T(2, 3);
    T << 0.5, -2.0, 2.5, 1.0, 0.3, -1.0;
    return T;
}

static void compareMatrix(const Mat<double> &got, const Mat<double> &expected, double tol)
{
    QCOMPARE(got.rows(), expected.rows());
    QCOMPARE(got.cols(), expected.cols());
    QVERIFY2((got - expected).cwiseAbs().maxCoeff() < tol,
             qPrintable(QString("max difference %1").arg((got - expected).cwiseAbs().maxCoeff())));
}

void TestOptim::mse()
{
    Mat<double> dY;
    const double L = computeLoss<double>(LossKind::Mse, exampleY(), exampleT(), dY);
    // (0.25 + 0 + 4 + 4 + 0.09 + 0.25) / 6
    QVERIFY(std::abs(L - 8.59 / 6.0) < 1e-15);
    Mat<double> expected(2, 3);
    expected << 2 * 0.5 / 6, 0.0, 2 * -2.0 / 6, 2 * 2.0 / 6, 2 * -0.3 / 6, 2 * -0.5 / 6;
    compareMatrix(dY, expected, 1e-15);
    QVERIFY(std::abs(lossValue<double>(LossKind::Mse, exampleY(), exampleT()) - L) < 1e-15);
}

void TestOptim::mae()
{
    Mat<double> dY;
    const double L = computeLoss<double>(LossKind::Mae, exampleY(), exampleT(), dY);
    // (0.5 + 0 + 2 + 2 + 0.3 + 0.5) / 6
    QVERIFY(std::abs(L - 5.3 / 6.0) < 1e-15);
    Mat<double> expected(2, 3);
    expected << 1.0 / 6, 0.0 /* sign(0) = 0 */, -1.0 / 6, 1.0 / 6, -1.0 / 6, -1.0 / 6;
    compareMatrix(dY, expected, 1e-15);
    QVERIFY(std::abs(lossValue<double>(LossKind::Mae, exampleY(), exampleT()) - L) < 1e-15);
}

void TestOptim::huber()
{
    Mat<double> dY;
    const double L = computeLoss<double>(LossKind::Huber, exampleY(), exampleT(), dY);
    // |e| < 1: 0.5 e^2 (0.125, 0, 0.045, 0.125); else |e| - 0.5 (1.5, 1.5)
    QVERIFY(std::abs(L - (0.125 + 0.0 + 1.5 + 1.5 + 0.045 + 0.125) / 6.0) < 1e-15);
    Mat<double> expected(2, 3);
    expected << 0.5 / 6, 0.0, -1.0 / 6, 1.0 / 6, -0.3 / 6, -0.5 / 6;
    compareMatrix(dY, expected, 1e-15);
    QVERIFY(std::abs(lossValue<double>(LossKind::Huber, exampleY(), exampleT()) - L) < 1e-15);
}

void TestOptim::lossFloat()
{
    const Mat<float> Y = exampleY().cast<float>();
    const Mat<float> T = exampleT().cast<float>();
    Mat<float> dY;
    QVERIFY(std::abs(computeLoss<float>(LossKind::Mse, Y, T, dY) - 8.59 / 6.0) < 1e-6);
    QCOMPARE(dY.rows(), (Eigen::Index)2);
    QCOMPARE(dY.cols(), (Eigen::Index)3);
    QVERIFY(std::abs(dY(1, 0) - float(4.0 / 6)) < 1e-6f);
    QVERIFY(std::abs(computeLoss<float>(LossKind::Mae, Y, T, dY) - 5.3 / 6.0) < 1e-6);
    QVERIFY(std::abs(computeLoss<float>(LossKind::Huber, Y, T, dY) - 3.295 / 6.0) < 1e-6);
    QVERIFY(std::abs(lossValue<float>(LossKind::Huber, Y, T) - 3.295 / 6.0) < 1e-6);
}

void TestOptim::lossNames()
{
    for (LossKind k : {LossKind::Mse, LossKind::Mae, LossKind::Huber}) {
        QVERIFY(lossFromString(toString(k)) == k);
    }
    QCOMPARE(std::string(toString(LossKind::Huber)), std::string("huber"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, lossFromString("cross_entropy"));
}

QTEST_APPLESS_MAIN(TestOptim)
#include "tst_core_optim.moc"
