// The model as a whole: causality (step-by-step equals whole-sequence), the
// --model syntax and its errors, parameter counts, initialisation (orthogonal W_hh,
// Glorot bounds, LSTM forget bias), spectral radii, and the trainer's determinism
// and non-finite sentinel on a small hand-built Windows.
#include "nn/model.h"
#include "nn/model_spec.h"
#include "nn/trainer.h"
#include "data/windows.h"

#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace rnnlab;

namespace {

template <class S>
Mat<S> randomNormal(int rows, int cols, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    Mat<S> m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) {
        m.data()[i] = S(normal(rng));
    }
    return m;
}

template <class S>
void randomizeBiases(Model<S> &model, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uniform(-0.5, 0.5);
    for (int i = 0; i < (int)model.tensors().size(); ++i) {
        if (model.tensors()[i].name.rfind("bias", 0) == 0) {
            MatMap<S> b = model.tensor(i);
            for (Eigen::Index k = 0; k < b.size(); ++k) {
                b.data()[k] = S(uniform(rng));
            }
        }
    }
}

template <class S>
S activate(Activation a, S x)
{
    switch (a) {
    case Activation::Linear:
        return x;
    case Activation::Tanh:
        return std::tanh(x);
    case Activation::Relu:
        return x > 0 ? x : S(0);
    case Activation::Sigmoid:
        return S(1) / (S(1) + std::exp(-x));
    }
    return x;
}

// The dense head written out: y = act(W h + b) layer after layer.
template <class S>
Mat<S> applyHead(Model<S> &model, const Mat<S> &h)
{
    Mat<S> x = h;
    for (int l = model.recurrentCount(); l < (int)model.spec().layers.size(); ++l) {
        Mat<S> y = Mat<S>(model.tensor(model.findTensor(l, "weight"))) * x;
        y.colwise() += Mat<S>(model.tensor(model.findTensor(l, "bias"))).col(0);
        const Activation a = model.spec().layers[l].activation;
        x = y.unaryExpr([a](S v) { return activate<S>(a, v); });
    }
    return x;
}

// A small hand-built Windows over a noisy sine: rows [0,56) train, [56,68) val,
// [68,80) test, lookback 8, horizon 1.
Windows makeSmallWindows(float hugeTarget = 0.0f, int hugeRow = -1)
{
    Windows w;
    w.lookback = 8;
    w.horizon = 1;
    w.stride = 1;
    w.targetColumn = 0;
    w.inputColumns = {0};
    w.rows = 80;
    w.trainEnd = 56;
    w.valEnd = 68;
    w.inputs.resize(1, w.rows);
    w.target.resize(w.rows);
    std::mt19937_64 rng(42);
    std::normal_distribution<double> noise(0.0, 0.1);
    for (int r = 0; r < w.rows; ++r) {
        const float v = float(std::sin(0.3 * r) + noise(rng));
        w.inputs(0, r) = v;
        w.target(r) = v;
    }
    if (hugeRow >= 0) {
        w.target(hugeRow) = hugeTarget;
    }
    w.inputNorms = {Normalizer{}};
    w.targetNorm = Normalizer{};
    for (int i = 0; i + w.lookback + w.horizon <= w.rows; ++i) {
        const int row = i + w.lookback;
        if (row < w.trainEnd) {
            w.train.push_back(i);
        } else if (row < w.valEnd) {
            w.val.push_back(i);
        } else {
            w.test.push_back(i);
        }
    }
    return w;
}

TrainConfig smallTrainConfig(std::uint64_t seed)
{
    TrainConfig c;
    c.loss = LossKind::Mse;
    c.optimizer.kind = OptimizerKind::Adam;
    c.optimizer.lr = 1e-2;
    c.batchSize = 8;
    c.epochs = 3;
    c.shuffle = true;
    c.seed = seed;
    return c;
}

bool bitIdentical(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

} // namespace

class TestModel : public QObject {
    Q_OBJECT

private slots:
    void stepByStepEqualsWholeSequence_data();
    void stepByStepEqualsWholeSequence();
    void stepByStepFloat();
    void shapes();
    void specRoundTrip_data();
    void specRoundTrip();
    void specParsedValues();
    void specErrors_data();
    void specErrors();
    void validateRejectsBadStacks();
    void parameterCounts();
    void parametersStartAtZero();
    void orthogonalRecurrentInit_data();
    void orthogonalRecurrentInit();
    void glorotBounds_data();
    void glorotBounds();
    void lstmForgetBias();
    void initDependsOnSeedOnly();
    void spectralRadiiShape();
    void trainerDeterministic();
    void nonFiniteData_data();
    void nonFiniteData();
    void nonFiniteHugeLearningRate();
};

// ---------------------------------------------------------------- causality

template <class S>
static void checkCausal(const std::string &specText, int horizon, double tolerance)
{
    const int T = 7;
    const int B = 3;
    const int in = 2;
    Model<S> model(parseModelSpec(specText, in, horizon));
    model.initialize(InitConfig{}, 9);
    randomizeBiases(model, 10);
    const Mat<S> X = randomNormal<S>(in, T * B, 4);

    const Mat<S> Yfull = model.forward(X, T, B);
    const int R = model.recurrentCount();
    std::vector<Mat<S>> full(R);
    for (int l = 0; l < R; ++l) {
        full[l] = model.layerOutput(l);
        QCOMPARE(full[l].cols(), (Eigen::Index)(T * B));
    }
    QVERIFY((applyHead(model, Mat<S>(full[R - 1].rightCols(B))) - Yfull).cwiseAbs().maxCoeff() <= tolerance);

    for (int t = 1; t <= T; ++t) {
        const Mat<S> Yprefix = model.forward(X.leftCols(t * B), t, B);
        for (int l = 0; l < R; ++l) {
            const Mat<S> prefix = model.layerOutput(l);
            QCOMPARE(prefix.cols(), (Eigen::Index)(t * B));
            const double diff = (prefix - full[l].leftCols(t * B)).cwiseAbs().maxCoeff();
            QVERIFY2(diff <= tolerance, qPrintable(QString("layer %1, prefix %2: differs by %3").arg(l).arg(t).arg(diff)));
        }
        const Mat<S> expected = applyHead(model, Mat<S>(full[R - 1].middleCols((t - 1) * B, B)));
        const double diff = (Yprefix - expected).cwiseAbs().maxCoeff();
        QVERIFY2(diff <= tolerance, qPrintable(QString("head on prefix %1 differs by %2").arg(t).arg(diff)));
    }
}

void TestModel::stepByStepEqualsWholeSequence_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("horizon");
    QTest::newRow("rnn") << QString("rnn:5,dense") << 1;
    QTest::newRow("rnn relu") << QString("rnn:5:relu,dense") << 1;
    QTest::newRow("lstm") << QString("lstm:5,dense") << 1;
    QTest::newRow("gru") << QString("gru:5,dense") << 1;
    QTest::newRow("lstm,gru,rnn,dense,dense") << QString("lstm:4,gru:3,rnn:5:sigmoid,dense:4:tanh,dense") << 2;
}

void TestModel::stepByStepEqualsWholeSequence()
{
    QFETCH(QString, spec);
    QFETCH(int, horizon);
    checkCausal<double>(spec.toStdString(), horizon, 1e-12);
}

void TestModel::stepByStepFloat()
{
    checkCausal<float>("lstm:6,gru:4,dense:3:sigmoid,dense", 2, 1e-6);
    checkCausal<float>("rnn:6:relu,dense", 1, 1e-6);
}

void TestModel::shapes()
{
    Model<double> model(parseModelSpec("lstm:4,gru:3,dense:5:tanh,dense", 2, 3));
    model.initialize(InitConfig{}, 1);
    const int T = 4;
    const int B = 2;
    const Mat<double> &Y = model.forward(randomNormal<double>(2, T * B, 1), T, B);
    QCOMPARE(Y.rows(), (Eigen::Index)3);
    QCOMPARE(Y.cols(), (Eigen::Index)B);
    QCOMPARE(model.layerOutput(0).rows(), (Eigen::Index)4);
    QCOMPARE(model.layerOutput(1).rows(), (Eigen::Index)3);
    QCOMPARE(model.layerOutput(2).rows(), (Eigen::Index)5);
    QCOMPARE(model.layerOutput(2).cols(), (Eigen::Index)B);
    QCOMPARE(model.lastT(), T);
    QCOMPARE(model.lastB(), B);
    QCOMPARE(model.recurrentCount(), 2);
    QCOMPARE(model.horizon(), 3);

    // PyTorch's state_dict names and shapes.
    auto shape = [&](int layer, const char *name) {
        const int i = model.findTensor(layer, name);
        return i < 0 ? QString("missing") : QString("%1x%2").arg(model.tensors()[i].rows).arg(model.tensors()[i].cols);
    };
    QCOMPARE(shape(0, "weight_ih"), QString("16x2"));
    QCOMPARE(shape(0, "weight_hh"), QString("16x4"));
    QCOMPARE(shape(0, "bias_ih"), QString("16x1"));
    QCOMPARE(shape(0, "bias_hh"), QString("16x1"));
    QCOMPARE(shape(1, "weight_ih"), QString("9x4"));
    QCOMPARE(shape(1, "weight_hh"), QString("9x3"));
    QCOMPARE(shape(2, "weight"), QString("5x3"));
    QCOMPARE(shape(2, "bias"), QString("5x1"));
    QCOMPARE(shape(3, "weight"), QString("3x5"));
    QCOMPARE(model.findTensor(0, "weight"), -1);
    QCOMPARE(model.findTensor(3, "weight_ih"), -1);

    // Tensors tile the flat buffer without gaps, in order.
    long long offset = 0;
    for (const TensorInfo &t : model.tensors()) {
        QCOMPARE(t.offset, offset);
        offset += t.size();
    }
    QCOMPARE(offset, (long long)model.params().size());
    QCOMPARE(model.grads().size(), model.params().size());
    QVERIFY(model.tensors()[0].label().find("layer") != std::string::npos);
    QVERIFY(model.tensors()[0].label().find("weight_ih") != std::string::npos);
}

// ---------------------------------------------------------------- spec syntax

void TestModel::specRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("inputSize");
    QTest::addColumn<int>("horizon");
    QTest::newRow("lstm,lstm,dense") << QString("lstm:64,lstm:32,dense") << 1 << 1;
    QTest::newRow("rnn relu") << QString("rnn:64:relu,dense") << 1 << 3;
    QTest::newRow("rnn sigmoid") << QString("rnn:8:sigmoid,dense") << 2 << 1;
    QTest::newRow("gru + dense head") << QString("gru:16,dense:16:tanh,dense") << 3 << 4;
    QTest::newRow("mixed") << QString("lstm:8,gru:4,rnn:2:tanh,dense:5:relu,dense:3:sigmoid,dense") << 1 << 2;
}

void TestModel::specRoundTrip()
{
    QFETCH(QString, text);
    QFETCH(int, inputSize);
    QFETCH(int, horizon);
    const ModelSpec spec = parseModelSpec(text.toStdString(), inputSize, horizon);
    QCOMPARE(spec.inputSize, inputSize);
    QCOMPARE(spec.horizon(), horizon);
    const std::string printed = formatModelSpec(spec);
    const ModelSpec again = parseModelSpec(printed, inputSize, horizon);
    QVERIFY2(again == spec, printed.c_str());
    QCOMPARE(formatModelSpec(again), printed);
}

void TestModel::specParsedValues()
{
    const ModelSpec a = parseModelSpec("lstm:64,lstm:32,dense", 1, 3);
    QCOMPARE((int)a.layers.size(), 3);
    QVERIFY(a.layers[0].type == LayerType::Lstm);
    QCOMPARE(a.layers[0].units, 64);
    QCOMPARE(a.layers[1].units, 32);
    QVERIFY(a.layers[2].type == LayerType::Dense);
    QCOMPARE(a.layers[2].units, 3);
    QVERIFY(a.layers[2].activation == Activation::Linear);
    QCOMPARE(a.recurrentCount(), 2);

    const ModelSpec b = parseModelSpec("rnn:64:relu,dense:16:tanh,dense", 2, 1);
    QVERIFY(b.layers[0].type == LayerType::Rnn);
    QVERIFY(b.layers[0].activation == Activation::Relu);
    QVERIFY(b.layers[1].activation == Activation::Tanh);
    QCOMPARE(b.layers[1].units, 16);
    QCOMPARE(b.layers[2].units, 1);
    QCOMPARE(b.inputSize, 2);

    const ModelSpec c = parseModelSpec("rnn:8,dense", 1, 1);
    QVERIFY(c.layers[0].activation == Activation::Tanh); // PyTorch's and Keras's default

    QCOMPARE(std::string(toString(LayerType::Gru)), std::string("gru"));
    QCOMPARE(std::string(toString(Activation::Sigmoid)), std::string("sigmoid"));
    QVERIFY(layerTypeFromString("lstm") == LayerType::Lstm);
    QVERIFY(activationFromString("relu") == Activation::Relu);
    QVERIFY_THROWS_EXCEPTION(SpecError, layerTypeFromString("transformer"));
    QVERIFY_THROWS_EXCEPTION(SpecError, activationFromString("softmax"));
    QCOMPARE(gateCount(LayerType::Rnn), 1);
    QCOMPARE(gateCount(LayerType::Lstm), 4);
    QCOMPARE(gateCount(LayerType::Gru), 3);
    QCOMPARE(gateCount(LayerType::Dense), 1);
    QVERIFY(isRecurrent(LayerType::Gru));
    QVERIFY(!isRecurrent(LayerType::Dense));
}

void TestModel::specErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions"); // the offending item the message must name
    QTest::newRow("bad type") << QString("lstm:8,foo:3,dense") << QString("foo");
    QTest::newRow("missing units") << QString("lstm,dense") << QString("lstm");
    QTest::newRow("units not a number") << QString("lstm:abc,dense") << QString("abc");
    QTest::newRow("units 0") << QString("lstm:0,dense") << QString("lstm:0");
    QTest::newRow("negative units") << QString("gru:-4,dense") << QString("gru:-4");
    QTest::newRow("dense before recurrent") << QString("dense:4,lstm:3,dense") << QString("dense");
    QTest::newRow("recurrent after dense") << QString("lstm:4,dense:4,gru:3,dense") << QString("gru");
    QTest::newRow("no recurrent layer") << QString("dense:4,dense") << QString("recurrent");
    QTest::newRow("bad activation for lstm") << QString("lstm:64:relu,dense") << QString("lstm");
    QTest::newRow("bad activation for gru") << QString("gru:8:sigmoid,dense") << QString("gru");
    QTest::newRow("unknown activation") << QString("rnn:8:softmax,dense") << QString("softmax");
    QTest::newRow("empty") << QString("") << QString("");
    QTest::newRow("empty item") << QString("lstm:8,,dense") << QString("");
    QTest::newRow("too many fields") << QString("rnn:8:tanh:3,dense") << QString("rnn:8:tanh:3");
}

void TestModel::specErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    bool threw = false;
    try {
        parseModelSpec(text.toStdString(), 1, 1);
    } catch (const SpecError &e) {
        threw = true;
        QVERIFY2(QString(e.what()).contains(mentions, Qt::CaseInsensitive), e.what());
        QVERIFY(std::string(e.what()).size() > 5);
    }
    QVERIFY2(threw, "parseModelSpec accepted a bad spec");
}

void TestModel::validateRejectsBadStacks()
{
    ModelSpec ok = parseModelSpec("lstm:4,dense", 1, 1);
    validate(ok);

    ModelSpec relu = ok;
    relu.layers[0].activation = Activation::Relu;
    QVERIFY_THROWS_EXCEPTION(SpecError, validate(relu));
    QVERIFY_THROWS_EXCEPTION(SpecError, Model<float>{relu});

    ModelSpec noDense = ok;
    noDense.layers.pop_back();
    noDense.layers.push_back(ok.layers[0]);
    QVERIFY_THROWS_EXCEPTION(SpecError, validate(noDense)); // recurrent last: no head

    ModelSpec zero = ok;
    zero.layers[1].units = 0;
    QVERIFY_THROWS_EXCEPTION(SpecError, validate(zero));

    ModelSpec noInput = ok;
    noInput.inputSize = 0;
    QVERIFY_THROWS_EXCEPTION(SpecError, validate(noInput));

    ModelSpec empty;
    QVERIFY_THROWS_EXCEPTION(SpecError, validate(empty));
}

void TestModel::parameterCounts()
{
    // PyTorch layout: two bias vectors per recurrent layer (bias_ih and bias_hh),
    // so an lstm has 2*4H more than Keras's 4H(in + H + 1).
    const ModelSpec a = parseModelSpec("lstm:64,dense", 1, 1);
    QCOMPARE(parameterCount(a, 0), 4LL * 64 * 1 + 4LL * 64 * 64 + 2LL * 4 * 64); // 17152
    QCOMPARE(parameterCount(a, 0), 17152LL);
    QCOMPARE(parameterCount(a, 1), 65LL);
    QCOMPARE(parameterCount(a), 17217LL);

    const ModelSpec b = parseModelSpec("gru:32,rnn:16:relu,dense:8:tanh,dense", 3, 2);
    QCOMPARE(parameterCount(b, 0), 3LL * 32 * 3 + 3LL * 32 * 32 + 2LL * 3 * 32); // 3552
    QCOMPARE(parameterCount(b, 1), 16LL * 32 + 16LL * 16 + 2LL * 16);           // 800
    QCOMPARE(parameterCount(b, 2), 8LL * 16 + 8);                               // 136
    QCOMPARE(parameterCount(b, 3), 2LL * 8 + 2);                                // 18
    QCOMPARE(parameterCount(b), 3552LL + 800 + 136 + 18);

    for (const ModelSpec *spec : {&a, &b}) {
        Model<float> model(*spec);
        QCOMPARE((long long)model.params().size(), parameterCount(*spec));
        for (int l = 0; l < (int)spec->layers.size(); ++l) {
            long long sum = 0;
            for (const TensorInfo &t : model.tensors()) {
                if (t.layer == l) {
                    sum += t.size();
                }
            }
            QCOMPARE(sum, parameterCount(*spec, l));
        }
    }
}

void TestModel::parametersStartAtZero()
{
    Model<float> model(parseModelSpec("lstm:4,dense", 1, 1));
    QVERIFY(model.params().isZero(0.0f));
    model.initialize(InitConfig{}, 1);
    QVERIFY(!model.params().isZero(0.0f));
}

// ---------------------------------------------------------------- initialisation

void TestModel::orthogonalRecurrentInit_data()
{
    QTest::addColumn<double>("gain");
    QTest::newRow("gain 1") << 1.0;
    QTest::newRow("gain 0.5") << 0.5;
    QTest::newRow("gain 3") << 3.0;
}

void TestModel::orthogonalRecurrentInit()
{
    QFETCH(double, gain);
    const int H = 16;
    Model<double> model(parseModelSpec("rnn:16,rnn:16:relu,dense", 3, 1));
    InitConfig init;
    init.recurrentGain = gain;
    model.initialize(init, 7);
    for (int l = 0; l < 2; ++l) {
        const Mat<double> W = model.tensor(model.findTensor(l, "weight_hh"));
        const Mat<double> WtW = W.transpose() * W;
        const double err = (WtW - gain * gain * Mat<double>::Identity(H, H)).cwiseAbs().maxCoeff();
        QVERIFY2(err < 1e-10, qPrintable(QString("layer %1: |W^T W - g^2 I| = %2").arg(l).arg(err)));
    }
    // Every eigenvalue of g*Q has modulus g.
    const std::vector<std::vector<double>> radii = model.spectralRadii();
    QCOMPARE((int)radii.size(), 2);
    for (int l = 0; l < 2; ++l) {
        QCOMPARE((int)radii[l].size(), 1);
        QVERIFY2(std::abs(radii[l][0] - gain) < 1e-8, qPrintable(QString("radius %1, gain %2").arg(radii[l][0]).arg(gain)));
    }

    Model<float> modelF(parseModelSpec("rnn:16,dense", 3, 1));
    modelF.initialize(init, 7);
    const Mat<float> Wf = modelF.tensor(modelF.findTensor(0, "weight_hh"));
    const Mat<float> WtWf = Wf.transpose() * Wf;
    QVERIFY((WtWf - float(gain * gain) * Mat<float>::Identity(H, H)).cwiseAbs().maxCoeff() < 1e-5f * float(gain * gain));
    QVERIFY(std::abs(modelF.spectralRadii()[0][0] - gain) < 1e-5 * gain);
}

void TestModel::glorotBounds_data()
{
    QTest::addColumn<QString>("spec");
    QTest::newRow("rnn") << QString("rnn:64,dense:32,dense");
    QTest::newRow("lstm") << QString("lstm:64,dense:32,dense");
    QTest::newRow("gru") << QString("gru:64,dense:32,dense");
}

void TestModel::glorotBounds()
{
    // Keras glorot_uniform on the whole kernel: limit sqrt(6 / (fan_in + fan_out))
    // with fan_out = gates*H for a recurrent input kernel, out for a dense one.
    QFETCH(QString, spec);
    const int in = 8;
    Model<double> model(parseModelSpec(spec.toStdString(), in, 4));
    model.initialize(InitConfig{}, 3);
    for (int i = 0; i < (int)model.tensors().size(); ++i) {
        const TensorInfo &t = model.tensors()[i];
        if (t.name != "weight_ih" && t.name != "weight") {
            continue;
        }
        const double limit = std::sqrt(6.0 / double(t.rows + t.cols));
        const Mat<double> W = model.tensor(i);
        const double maxAbs = W.cwiseAbs().maxCoeff();
        const double meanAbs = W.cwiseAbs().mean();
        const QByteArray msg = QString("%1: limit %2, max %3, mean |w| %4")
                                   .arg(QString::fromStdString(t.label())).arg(limit).arg(maxAbs).arg(meanAbs).toUtf8();
        QVERIFY2(maxAbs <= limit * (1 + 1e-12), msg.constData());
        QVERIFY2(maxAbs > 0.8 * limit, msg.constData());
        // |U(-a, a)| has mean a/2.
        QVERIFY2(meanAbs > 0.4 * limit && meanAbs < 0.6 * limit, msg.constData());
    }
    // Biases start at zero (apart from the LSTM forget gate, checked separately).
    if (!spec.startsWith("lstm")) {
        for (int i = 0; i < (int)model.tensors().size(); ++i) {
            if (model.tensors()[i].name.rfind("bias", 0) == 0) {
                QVERIFY(Mat<double>(model.tensor(i)).isZero(0.0));
            }
        }
    }
}

void TestModel::lstmForgetBias()
{
    const int H = 5;
    ModelSpec spec = parseModelSpec("lstm:5,lstm:5,dense", 2, 1);
    auto check = [&](Model<double> &model, int layer, bool on) {
        const Mat<double> bih = model.tensor(model.findTensor(layer, "bias_ih"));
        const Mat<double> bhh = model.tensor(model.findTensor(layer, "bias_hh"));
        QVERIFY(bhh.isZero(0.0));
        for (int r = 0; r < 4 * H; ++r) {
            const bool forget = r >= H && r < 2 * H; // gate order i, f, g, o
            const double expected = forget && on ? 1.0 : 0.0;
            QVERIFY2(bih(r, 0) == expected, qPrintable(QString("layer %1 bias_ih[%2] = %3, expected %4")
                                                          .arg(layer).arg(r).arg(bih(r, 0)).arg(expected)));
        }
    };

    Model<double> on(spec);
    on.initialize(InitConfig{}, 1);
    check(on, 0, true);
    check(on, 1, true);

    InitConfig off;
    off.forgetBias = false;
    Model<double> globalOff(spec);
    globalOff.initialize(off, 1);
    check(globalOff, 0, false);
    check(globalOff, 1, false);

    ModelSpec layerOff = spec;
    layerOff.layers[1].forgetBias = false;
    Model<double> mixed(layerOff);
    mixed.initialize(InitConfig{}, 1);
    check(mixed, 0, true);
    check(mixed, 1, false);
}

void TestModel::initDependsOnSeedOnly()
{
    const ModelSpec spec = parseModelSpec("lstm:6,gru:4,dense", 2, 1);
    Model<float> a(spec), b(spec), c(spec);
    a.initialize(InitConfig{}, 123);
    b.initialize(InitConfig{}, 123);
    c.initialize(InitConfig{}, 124);
    QVERIFY(a.params() == b.params());
    QVERIFY(a.params() != c.params());
    QVERIFY(a.params().allFinite());
}

void TestModel::spectralRadiiShape()
{
    Model<double> model(parseModelSpec("lstm:6,gru:4,rnn:3,dense", 2, 1));
    model.initialize(InitConfig{}, 1);
    const std::vector<std::vector<double>> radii = model.spectralRadii();
    QCOMPARE((int)radii.size(), 3);
    QCOMPARE((int)radii[0].size(), 4);
    QCOMPARE((int)radii[1].size(), 3);
    QCOMPARE((int)radii[2].size(), 1);
    // A hand-set block: diag(2, -3) in the lstm's g gate has radius 3.
    Model<double> small(parseModelSpec("lstm:2,dense", 1, 1));
    MatMap<double> W = small.tensor(small.findTensor(0, "weight_hh"));
    W.setZero();
    W(4, 0) = 2.0;
    W(5, 1) = -3.0;
    W(0, 1) = 0.5; // nilpotent in the i block: radius 0
    const std::vector<double> r = small.spectralRadii()[0];
    QVERIFY(std::abs(r[0]) < 1e-9);
    QVERIFY(std::abs(r[1]) < 1e-9);
    QVERIFY(std::abs(r[2] - 3.0) < 1e-9);
    QVERIFY(std::abs(r[3]) < 1e-9);
}

// ---------------------------------------------------------------- trainer

void TestModel::trainerDeterministic()
{
    const Windows w = makeSmallWindows();
    const ModelSpec spec = parseModelSpec("lstm:8,dense", 1, 1);
    Trainer a(spec, smallTrainConfig(5), w);
    Trainer b(spec, smallTrainConfig(5), w);
    Trainer c(spec, smallTrainConfig(6), w);
    for (int epoch = 1; epoch <= 3; ++epoch) {
        const EpochStats sa = a.runEpoch();
        const EpochStats sb = b.runEpoch();
        const EpochStats sc = c.runEpoch();
        QCOMPARE(sa.epoch, epoch);
        QCOMPARE(sa.batches, 6); // 48 training windows in batches of 8
        QVERIFY(!sa.nonFinite.found);
        QVERIFY(std::isfinite(sa.trainLoss));
        QVERIFY2(bitIdentical(sa.trainLoss, sb.trainLoss),
                 qPrintable(QString("epoch %1: %2 vs %3").arg(epoch).arg(sa.trainLoss, 0, 'g', 17).arg(sb.trainLoss, 0, 'g', 17)));
        QVERIFY(sa.valLoss.has_value() && sb.valLoss.has_value());
        QVERIFY(bitIdentical(*sa.valLoss, *sb.valLoss));
        QVERIFY(bitIdentical(sa.gradNorm, sb.gradNorm));
        QVERIFY2(sa.trainLoss != sc.trainLoss, "a different seed gave the same loss");
    }
    QVERIFY(a.model().params() == b.model().params());
    QVERIFY(a.model().params() != c.model().params());
    QCOMPARE(a.epochsRun(), 3);
}

void TestModel::nonFiniteData_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("inInput");
    QTest::newRow("infinite target") << double(std::numeric_limits<float>::infinity()) << false;
    QTest::newRow("NaN target") << double(std::numeric_limits<float>::quiet_NaN()) << false;
    QTest::newRow("NaN input") << double(std::numeric_limits<float>::quiet_NaN()) << true;
}

void TestModel::nonFiniteData()
{
    QFETCH(double, value);
    QFETCH(bool, inInput);
    Windows w = makeSmallWindows();
    if (inInput) {
        w.inputs(0, 20) = float(value);
    } else {
        w.target(20) = float(value);
    }
    TrainConfig config = smallTrainConfig(1);
    config.batchSize = 1000; // one batch of every training window: the first step is the bad one
    config.shuffle = false;
    Trainer trainer(parseModelSpec("gru:6,dense", 1, 1), config, w);
    const Vec<float> before = trainer.model().params();
    const EpochStats stats = trainer.runEpoch();
    QVERIFY(stats.nonFinite.found);
    QVERIFY(!stats.nonFinite.tensor.empty());
    QVERIFY(!stats.nonFinite.message().empty());
    QVERIFY(trainer.model().params().allFinite());
    QVERIFY2(trainer.model().params() == before, "the refused step changed the weights");
}

void TestModel::nonFiniteHugeLearningRate()
{
    const Windows w = makeSmallWindows();
    TrainConfig config = smallTrainConfig(3);
    config.optimizer.kind = OptimizerKind::Sgd;
    config.optimizer.lr = 1e10;
    Trainer trainer(parseModelSpec("lstm:8,dense", 1, 1), config, w);
    EpochStats stats;
    for (int epoch = 0; epoch < 20 && !stats.nonFinite.found; ++epoch) {
        stats = trainer.runEpoch();
    }
    QVERIFY2(stats.nonFinite.found, "sgd with lr 1e10 never produced a non-finite value");
    const NonFiniteReport &r = stats.nonFinite;
    QVERIFY(!r.tensor.empty());
    QVERIFY(r.layer >= -1 && r.layer < (int)trainer.model().spec().layers.size());
    qInfo("reported: %s", r.message().c_str());
    QVERIFY2(trainer.model().params().allFinite(), "weights are not finite after the refused step");
}

QTEST_APPLESS_MAIN(TestModel)
#include "tst_core_model.moc"
