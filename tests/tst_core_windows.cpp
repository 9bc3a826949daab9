// Tests of the sliding windows: which window starts land in which split, the
// normalisation fitted on the training rows only, the batch layout, the errors and
// the JSON round trip, the log/difference transforms and re-normalising with stored
// normalisers. Series are built by hand, so no loader is involved.
#include "data/stored_normalization.h"
#include "data/windows.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <cmath>
#include <vector>

using namespace rnnlab;

namespace {

// rows x columns with value(r, c) = f(r, c).
template <class F> Series makeSeries(int rows, std::vector<std::string> columns, F f)
{
    Series s;
    s.source = "hand.csv";
    s.columns = std::move(columns);
    s.values.resize(rows, (Eigen::Index)s.columns.size());
    for (int r = 0; r < rows; ++r) {
        s.time.push_back(r);
        s.lines.push_back(r + 2);
        for (int c = 0; c < (int)s.columns.size(); ++c) {
            s.values(r, c) = f(r, c);
        }
    }
    return s;
}

Series ramp(int rows)
{
    return makeSeries(rows, {"y"}, [](int r, int) { return double(r); });
}

QString errorOf(const Series &s, const DataConfig &c)
{
    try {
        makeWindows(s, c);
    } catch (const std::invalid_argument &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestCoreWindows : public QObject {
    Q_OBJECT

private slots:
    void splits_data();
    void splits();
    void fitOnTrainOnly();
    void normalizations_data();
    void normalizations();
    void constantColumnGetsScaleOne();
    void gatherBatchLayout();
    void errors_data();
    void errors();
    void infiniteValueNamesLine();
    void unusedColumnGapIgnored();
    void missingPolicyOnCopy();
    void jsonRoundTrip();
    void jsonRejectsBadSettings();
    void transformNames();
    void transformedValues_data();
    void transformedValues();
    void transformFitOnTrainOnly();
    void transformInputs();
    void differenceStartsAtOne();
    void logRejectsNonPositive_data();
    void logRejectsNonPositive();
    void transformJson();
    void renormalizeAppliesTransform();
};

void TestCoreWindows::splits_data()
{
    QTest::addColumn<int>("lookback");
    QTest::addColumn<int>("horizon");
    QTest::addColumn<int>("stride");
    QTest::addColumn<double>("trainF");
    QTest::addColumn<double>("valF");
    QTest::addColumn<double>("testF");
    QTest::addColumn<int>("trainEnd");
    QTest::addColumn<int>("valEnd");
    QTest::addColumn<std::vector<int>>("train");
    QTest::addColumn<std::vector<int>>("val");
    QTest::addColumn<std::vector<int>>("test");

    // 20 rows, default 0.7/0.15/0.15: trainEnd = 14, valEnd = round(17.0) = 17.
    // L=3,H=1: first target row i+3; train i+3 < 14, val 14..16, test 17..19.
    QTest::newRow("L3 H1 s1") << 3 << 1 << 1 << 0.7 << 0.15 << 0.15 << 14 << 17
                              << std::vector<int> {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << std::vector<int> {11, 12, 13}
                              << std::vector<int> {14, 15, 16};
    // H=3: targets rows i+3..i+5. i=9,10 start in train but end in val (dropped);
    // i=12,13 start in val but end in test (dropped); last start 14 (14+6 = 20).
    QTest::newRow("L3 H3 s1") << 3 << 3 << 1 << 0.7 << 0.15 << 0.15 << 14 << 17
                              << std::vector<int> {0, 1, 2, 3, 4, 5, 6, 7, 8} << std::vector<int> {11}
                              << std::vector<int> {14};
    QTest::newRow("L3 H1 s2") << 3 << 1 << 2 << 0.7 << 0.15 << 0.15 << 14 << 17 << std::vector<int> {0, 2, 4, 6, 8, 10}
                              << std::vector<int> {12} << std::vector<int> {14, 16};
    // Stride 2 with H=3: 10 straddles train/val, 12 straddles val/test.
    QTest::newRow("L3 H3 s2") << 3 << 3 << 2 << 0.7 << 0.15 << 0.15 << 14 << 17 << std::vector<int> {0, 2, 4, 6, 8}
                              << std::vector<int> {} << std::vector<int> {14};
    QTest::newRow("split 1,0,0") << 4 << 2 << 3 << 1.0 << 0.0 << 0.0 << 20 << 20 << std::vector<int> {0, 3, 6, 9, 12}
                                 << std::vector<int> {} << std::vector<int> {};
    // 0.5/0.5/0: trainEnd 10, valEnd 20. i=6: targets 8,9 (train); i=7: 9,10 (dropped).
    QTest::newRow("split .5,.5,0") << 2 << 2 << 1 << 0.5 << 0.5 << 0.0 << 10 << 20
                                   << std::vector<int> {0, 1, 2, 3, 4, 5, 6}
                                   << std::vector<int> {8, 9, 10, 11, 12, 13, 14, 15, 16} << std::vector<int> {};
    // 0.6/0.2/0.2 of 20: 12, 16. L=5: train i+5 < 12 -> i <= 6.
    QTest::newRow("split .6,.2,.2 L5") << 5 << 1 << 1 << 0.6 << 0.2 << 0.2 << 12 << 16
                                       << std::vector<int> {0, 1, 2, 3, 4, 5, 6} << std::vector<int> {7, 8, 9, 10}
                                       << std::vector<int> {11, 12, 13, 14};
}

void TestCoreWindows::splits()
{
    QFETCH(int, lookback);
    QFETCH(int, horizon);
    QFETCH(int, stride);
    QFETCH(double, trainF);
    QFETCH(double, valF);
    QFETCH(double, testF);
    QFETCH(int, trainEnd);
    QFETCH(int, valEnd);
    QFETCH(std::vector<int>, train);
    QFETCH(std::vector<int>, val);
    QFETCH(std::vector<int>, test);

    DataConfig c;
    c.lookback = lookback;
    c.horizon = horizon;
    c.stride = stride;
    c.trainFraction = trainF;
    c.valFraction = valF;
    c.testFraction = testF;
    const Windows w = makeWindows(ramp(20), c);
    QCOMPARE(w.rows, 20);
    QCOMPARE(w.trainEnd, trainEnd);
    QCOMPARE(w.valEnd, valEnd);
    QCOMPARE(w.train, train);
    QCOMPARE(w.val, val);
    QCOMPARE(w.test, test);
    QCOMPARE(w.lookback, lookback);
    QCOMPARE(w.horizon, horizon);
    QCOMPARE(w.features(), 1);
    // No window's targets leave its split.
    for (int i : w.train) {
        QVERIFY(i + lookback + horizon - 1 < w.trainEnd);
    }
    for (int i : w.val) {
        QVERIFY(i + lookback >= w.trainEnd && i + lookback + horizon - 1 < w.valEnd);
    }
    for (int i : w.test) {
        QVERIFY(i + lookback >= w.valEnd && i + lookback + horizon <= w.rows);
    }
}

void TestCoreWindows::fitOnTrainOnly()
{
    // Train rows 0..13 hold 0..13: mean 6.5, population variance (14^2-1)/12 = 16.25.
    Series s = ramp(20);
    DataConfig c;
    c.lookback = 3;
    const Windows w = makeWindows(s, c);
    QCOMPARE(w.targetNorm.kind, Normalization::ZScore);
    QCOMPARE(w.targetNorm.offset, 6.5);
    QVERIFY(std::abs(w.targetNorm.scale - std::sqrt(16.25)) < 1e-12);
    QCOMPARE(w.inputNorms.size(), std::size_t(1));
    QCOMPARE(w.inputNorms[0].offset, 6.5);
    QVERIFY(std::abs(w.target[19] - float((19 - 6.5) / std::sqrt(16.25))) < 1e-6f);
    QVERIFY(std::abs(w.inputs(0, 0) - float(-6.5 / std::sqrt(16.25))) < 1e-6f);

    // Wild values in the validation and test rows must not move the fit.
    for (int r = 14; r < 20; ++r) {
        s.values(r, 0) = 1000.0 * r;
    }
    const Windows w2 = makeWindows(s, c);
    QCOMPARE(w2.targetNorm.offset, 6.5);
    QCOMPARE(w2.targetNorm.scale, w.targetNorm.scale);
    QVERIFY(std::abs(w2.target[15] - float((15000 - 6.5) / std::sqrt(16.25))) < 1e-2f);

    // ...while a change inside the training rows does.
    s.values(0, 0) = 14.0;
    const Windows w3 = makeWindows(s, c);
    QCOMPARE(w3.targetNorm.offset, 7.5);
}

void TestCoreWindows::normalizations_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("offset");
    QTest::addColumn<double>("scale");
    // Column y = 2r + 3 on 20 rows; training rows 0..13 hold 3..29.
    QTest::newRow("zscore") << "zscore" << 16.0 << 2.0 * std::sqrt(16.25);
    QTest::newRow("minmax") << "minmax" << 3.0 << 26.0;
    QTest::newRow("none") << "none" << 0.0 << 1.0;
}

void TestCoreWindows::normalizations()
{
    QFETCH(QString, kind);
    QFETCH(double, offset);
    QFETCH(double, scale);
    DataConfig c;
    c.lookback = 2;
    c.normalization = normalizationFromString(kind.toStdString());
    QCOMPARE(QString(toString(c.normalization)), kind);
    const Windows w = makeWindows(makeSeries(20, {"y"}, [](int r, int) { return 2.0 * r + 3; }), c);
    QVERIFY(std::abs(w.targetNorm.offset - offset) < 1e-12);
    QVERIFY(std::abs(w.targetNorm.scale - scale) < 1e-12);
    QCOMPARE(w.targetNorm.kind, c.normalization);
    for (int r = 0; r < 20; ++r) {
        const double expect = (2.0 * r + 3 - offset) / scale;
        QVERIFY2(std::abs(w.target[r] - expect) < 1e-5, qPrintable(QString("row %1").arg(r)));
        QVERIFY(std::abs(w.targetNorm.invert(w.target[r]) - (2.0 * r + 3)) < 1e-4);
    }
    if (kind == "minmax") {
        QCOMPARE(w.target[0], 0.0f);
        QCOMPARE(w.target[13], 1.0f);
    }
}

void TestCoreWindows::constantColumnGetsScaleOne()
{
    // Column c is constant over the training rows, not after them.
    const Series s
        = makeSeries(20, {"y", "c"}, [](int r, int col) { return col == 0 ? double(r) : (r < 14 ? 5.0 : 9.0); });
    for (const char *kind : {"zscore", "minmax"}) {
        DataConfig c;
        c.inputs = {"y", "c"};
        c.lookback = 2;
        c.normalization = normalizationFromString(kind);
        const Windows w = makeWindows(s, c);
        QCOMPARE(w.inputNorms[1].scale, 1.0);
        QCOMPARE(w.inputNorms[1].offset, 5.0);
        QCOMPARE(w.inputs(1, 0), 0.0f);
        QCOMPARE(w.inputs(1, 19), 4.0f);
    }
}

void TestCoreWindows::gatherBatchLayout()
{
    // Columns a = r, b = -r, c = 100 + 2r; inputs (c, a), target b, no normalisation.
    const Series s = makeSeries(20, {"a", "b", "c"}, [](int r, int col) {
        return col == 0 ? double(r) : col == 1 ? -double(r) : 100.0 + 2 * r;
    });
    DataConfig cfg;
    cfg.target = "b";
    cfg.inputs = {"c", "a"};
    cfg.lookback = 3;
    cfg.horizon = 2;
    cfg.normalization = Normalization::None;
    const Windows w = makeWindows(s, cfg);
    QCOMPARE(w.targetColumn, 1);
    QCOMPARE(w.inputColumns, (std::vector<int> {2, 0}));
    QCOMPARE(w.features(), 2);

    const std::vector<int> starts {5, 0, 9};
    Eigen::MatrixXf X, Y;
    gatherBatch(w, starts, X, Y);
    QCOMPARE(X.rows(), Eigen::Index(2));
    QCOMPARE(X.cols(), Eigen::Index(9)); // L * B
    QCOMPARE(Y.rows(), Eigen::Index(2));
    QCOMPARE(Y.cols(), Eigen::Index(3));
    const int B = 3;
    for (int t = 0; t < 3; ++t) {
        for (int b = 0; b < B; ++b) {
            const int row = starts[b] + t;
            QCOMPARE(X(0, t * B + b), float(100 + 2 * row));
            QCOMPARE(X(1, t * B + b), float(row));
        }
    }
    // Spot values written out: step 1 of sample 2 (start 9) is row 10.
    QCOMPARE(X(0, 1 * 3 + 2), 120.0f);
    QCOMPARE(X(1, 2 * 3 + 0), 7.0f);
    // Targets rows start+3, start+4 of b = -r.
    QCOMPARE(Y(0, 0), -8.0f);
    QCOMPARE(Y(1, 0), -9.0f);
    QCOMPARE(Y(0, 1), -3.0f);
    QCOMPARE(Y(1, 2), -13.0f);

    // A start whose targets would run past the end is refused, not read out of bounds.
    const std::vector<int> bad {16};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, gatherBatch(w, bad, X, Y));
}

void TestCoreWindows::errors_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("inputs");
    QTest::addColumn<int>("lookback");
    QTest::addColumn<int>("horizon");
    QTest::addColumn<int>("stride");
    QTest::addColumn<double>("trainF");
    QTest::addColumn<double>("valF");
    QTest::addColumn<double>("testF");
    QTest::addColumn<QString>("expected");

    const QStringList none;
    QTest::newRow("unknown target") << "z" << none << 3 << 1 << 1 << 0.7 << 0.15 << 0.15
                                    << "unknown target column 'z' in 'hand.csv'; the available columns are 'a', 'b'";
    QTest::newRow("unknown input") << "a" << QStringList {"b", "q"} << 3 << 1 << 1 << 0.7 << 0.15 << 0.15
                                   << "unknown input column 'q'";
    QTest::newRow("input twice") << "a" << QStringList {"b", "b"} << 3 << 1 << 1 << 0.7 << 0.15 << 0.15
                                 << "input column 'b' is listed twice";
    QTest::newRow("lookback 0") << "" << none << 0 << 1 << 1 << 0.7 << 0.15 << 0.15
                                << "lookback must be at least 1 (got 0)";
    QTest::newRow("horizon 0") << "" << none << 3 << 0 << 1 << 0.7 << 0.15 << 0.15
                               << "horizon must be at least 1 (got 0)";
    QTest::newRow("stride -1") << "" << none << 3 << 1 << -1 << 0.7 << 0.15 << 0.15
                               << "stride must be at least 1 (got -1)";
    QTest::newRow("sum 0.9") << "" << none << 3 << 1 << 1 << 0.7 << 0.1 << 0.1
                             << "split fractions 0.7 + 0.1 + 0.1 = 0.9 must sum to 1";
    QTest::newRow("negative") << "" << none << 3 << 1 << 1 << 1.2 << -0.2 << 0.0
                              << "validation fraction -0.2 must be a number >= 0";
    QTest::newRow("too long")
        << "" << none << 14 << 1 << 1 << 0.7 << 0.15 << 0.15
        << "lookback 14 + horizon 1 needs at least 15 training rows; the training split has 14 of 20 rows";
    QTest::newRow("train 0") << "" << none << 1 << 1 << 1 << 0.0 << 0.5 << 0.5
                             << "needs at least 2 training rows; the training split has 0";
}

void TestCoreWindows::errors()
{
    QFETCH(QString, target);
    QFETCH(QStringList, inputs);
    QFETCH(int, lookback);
    QFETCH(int, horizon);
    QFETCH(int, stride);
    QFETCH(double, trainF);
    QFETCH(double, valF);
    QFETCH(double, testF);
    QFETCH(QString, expected);
    DataConfig c;
    c.target = target.toStdString();
    for (const QString &i : inputs) {
        c.inputs.push_back(i.toStdString());
    }
    c.lookback = lookback;
    c.horizon = horizon;
    c.stride = stride;
    c.trainFraction = trainF;
    c.valFraction = valF;
    c.testFraction = testF;
    const Series s = makeSeries(20, {"a", "b"}, [](int r, int col) { return double(r * (col + 1)); });
    const QString message = errorOf(s, c);
    QVERIFY2(message.contains(expected), qPrintable("got: " + message));
}

void TestCoreWindows::infiniteValueNamesLine()
{
    Series s = ramp(20);
    s.values(4, 0) = std::numeric_limits<double>::infinity();
    DataConfig c;
    c.lookback = 2;
    const QString message = errorOf(s, c);
    QVERIFY2(message.contains("'hand.csv', line 6, column 'y': value is infinite"), qPrintable(message));
}

void TestCoreWindows::unusedColumnGapIgnored()
{
    // A gap in a column the model does not use must not stop training on the others.
    Series s = makeSeries(20, {"y", "other"}, [](int r, int) { return double(r); });
    s.values(3, 1) = std::numeric_limits<double>::quiet_NaN();
    s.missing.push_back({3, 5, 1});
    DataConfig c;
    c.lookback = 2;
    const Windows w = makeWindows(s, c);
    QCOMPARE(w.rows, 20);
    QVERIFY(std::abs(w.target[3] - float((3 - 6.5) / std::sqrt(16.25))) < 1e-6f);
}

void TestCoreWindows::missingPolicyOnCopy()
{
    // A gap at row 5 of the ramp: interpolation restores 5, drop loses the row, reject
    // refuses; the caller's series is never modified.
    Series s = ramp(20);
    s.values(5, 0) = std::numeric_limits<double>::quiet_NaN();
    s.missing.push_back({5, 7, 0});
    DataConfig c;
    c.lookback = 2;
    c.normalization = Normalization::None;
    c.missing = MissingPolicy::Interpolate;
    const Windows wi = makeWindows(s, c);
    QCOMPARE(wi.rows, 20);
    QCOMPARE(wi.target[5], 5.0f);
    QVERIFY(std::isnan(s.values(5, 0)));

    c.missing = MissingPolicy::Drop;
    const Windows wd = makeWindows(s, c);
    QCOMPARE(wd.rows, 19);
    QCOMPARE(wd.target[5], 6.0f);

    c.missing = MissingPolicy::Reject;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, makeWindows(s, c));
}

void TestCoreWindows::jsonRoundTrip()
{
    const Series s = makeSeries(20, {"a", "b"}, [](int r, int col) { return col == 0 ? double(r) : r * r + 1.0; });
    DataConfig c;
    c.target = "b";
    c.inputs = {"a", "b"};
    c.lookback = 4;
    c.horizon = 2;
    c.stride = 3;
    c.trainFraction = 0.6;
    c.valFraction = 0.3;
    c.testFraction = 0.1;
    c.normalization = Normalization::MinMax;
    c.missing = MissingPolicy::FFill;
    const Windows w = makeWindows(s, c);
    const nlohmann::json j = toJson(c, w);
    QCOMPARE(j.at("normalization").get<std::string>(), std::string("minmax"));
    QCOMPARE(j.at("lookback").get<int>(), 4);

    // Through text, as the model file stores it.
    const nlohmann::json back = nlohmann::json::parse(j.dump());
    DataConfig c2;
    Windows w2;
    fromJson(back, c2, w2);
    QCOMPARE(c2.target, c.target);
    QCOMPARE(c2.inputs, c.inputs);
    QCOMPARE(c2.lookback, 4);
    QCOMPARE(c2.horizon, 2);
    QCOMPARE(c2.stride, 3);
    QCOMPARE(c2.trainFraction, 0.6);
    QCOMPARE(c2.valFraction, 0.3);
    QCOMPARE(c2.testFraction, 0.1);
    QCOMPARE(c2.normalization, Normalization::MinMax);
    QCOMPARE(c2.missing, MissingPolicy::FFill);
    QCOMPARE(w2.lookback, 4);
    QCOMPARE(w2.horizon, 2);
    QCOMPARE(w2.targetColumn, 1);
    QCOMPARE(w2.inputColumns, (std::vector<int> {0, 1}));
    QCOMPARE(w2.inputNorms.size(), std::size_t(2));
    // minmax over training rows 0..11: a in [0, 11], b in [1, 122].
    QCOMPARE(w2.inputNorms[0].offset, 0.0);
    QCOMPARE(w2.inputNorms[0].scale, 11.0);
    QCOMPARE(w2.inputNorms[1].offset, 1.0);
    QCOMPARE(w2.inputNorms[1].scale, 121.0);
    QCOMPARE(w2.targetNorm.offset, 1.0);
    QCOMPARE(w2.targetNorm.scale, 121.0);
    QCOMPARE(w2.targetNorm.kind, Normalization::MinMax);
}

void TestCoreWindows::jsonRejectsBadSettings()
{
    DataConfig c;
    c.lookback = 3;
    const Windows w = makeWindows(ramp(20), c);
    const nlohmann::json good = toJson(c, w);
    struct Case {
        const char *what;
        nlohmann::json j;
        const char *expected;
    };
    std::vector<Case> cases;
    nlohmann::json j = good;
    j.erase("lookback");
    cases.push_back({"no lookback", j, "lookback"});
    j = good;
    j["normalization"] = "log";
    cases.push_back({"bad kind", j, "unknown normalization 'log'"});
    j = good;
    j["targetNorm"]["scale"] = 0.0;
    cases.push_back({"zero scale", j, "non-zero scale"});
    j = good;
    j["inputNorms"] = nlohmann::json::array();
    cases.push_back({"norm count", j, "0 input normalizers for 1 input columns"});
    j = good;
    j["lookback"] = "twelve";
    cases.push_back({"type", j, "data settings"});
    for (const Case &k : cases) {
        DataConfig c2;
        Windows w2;
        QString message;
        try {
            fromJson(k.j, c2, w2);
        } catch (const std::invalid_argument &e) {
            message = e.what();
        }
        QVERIFY2(message.contains(k.expected), qPrintable(QString(k.what) + ": " + message));
    }
}

void TestCoreWindows::transformNames()
{
    for (Transform t : {Transform::None, Transform::Log, Transform::Difference, Transform::LogDifference}) {
        QCOMPARE(transformFromString(toString(t)), t);
    }
    QCOMPARE(QString(toString(Transform::LogDifference)), QString("logdiff"));
    QCOMPARE(QString(toString(Transform::Difference)), QString("diff"));
    QCOMPARE(firstTransformedRow(Transform::Log), 0);
    QCOMPARE(firstTransformedRow(Transform::Difference), 1);
    QCOMPARE(firstTransformedRow(Transform::LogDifference), 1);
    QString message;
    try {
        transformFromString("sqrt");
    } catch (const std::invalid_argument &e) {
        message = e.what();
    }
    QCOMPARE(message, QString("unknown transform 'sqrt'; use none, log, diff, logdiff, sdiff or logsdiff"));
}

void TestCoreWindows::transformedValues_data()
{
    QTest::addColumn<QString>("transform");
    QTest::addColumn<QString>("normalization");
    QTest::addColumn<double>("offset");
    QTest::addColumn<double>("scale");
    // 20 rows, training rows 0..13.
    // diff of y = r^2: d_r = 2r - 1 for r >= 1; rows 1..13 hold 1, 3, ..., 25:
    //   mean 13, population variance 4 * (13^2 - 1) / 12 = 56.
    QTest::newRow("diff zscore") << "diff" << "zscore" << 13.0 << std::sqrt(56.0);
    // logdiff of y = exp(r^2 / 100): d_r = (2r - 1) / 100, the same shape scaled.
    QTest::newRow("logdiff zscore") << "logdiff" << "zscore" << 0.13 << std::sqrt(56.0) / 100;
    // log of y = 2^r: r ln 2; minmax over rows 0..13: [0, 13 ln 2].
    QTest::newRow("log minmax") << "log" << "minmax" << 0.0 << 13 * std::log(2.0);
    // diff minmax: rows 1..13 only, so min 1 (row 1), not the placeholder of row 0.
    QTest::newRow("diff minmax") << "diff" << "minmax" << 1.0 << 24.0;
}

void TestCoreWindows::transformedValues()
{
    QFETCH(QString, transform);
    QFETCH(QString, normalization);
    QFETCH(double, offset);
    QFETCH(double, scale);
    const Transform t = transformFromString(transform.toStdString());
    auto level = [t](int r) {
        if (t == Transform::Log) {
            return std::pow(2.0, r);
        }
        return t == Transform::LogDifference ? std::exp(r * r / 100.0) : double(r * r);
    };
    auto transformed = [t](int r) {
        if (t == Transform::Log) {
            return r * std::log(2.0);
        }
        return t == Transform::LogDifference ? (2 * r - 1) / 100.0 : 2.0 * r - 1;
    };
    DataConfig c;
    c.lookback = 3;
    c.transform = t;
    c.normalization = normalizationFromString(normalization.toStdString());
    const Windows w = makeWindows(makeSeries(20, {"y"}, [&](int r, int) { return level(r); }), c);
    QCOMPARE(w.transform, t);
    QVERIFY2(std::abs(w.targetNorm.offset - offset) < 1e-12, qPrintable(QString::number(w.targetNorm.offset)));
    QVERIFY2(std::abs(w.targetNorm.scale - scale) < 1e-12, qPrintable(QString::number(w.targetNorm.scale)));
    QCOMPARE(w.inputNorms[0].offset, w.targetNorm.offset);
    QCOMPARE(w.inputNorms[0].scale, w.targetNorm.scale);
    QCOMPARE(w.targetLevels.size(), Eigen::Index(20));
    for (int r = w.firstRow(); r < 20; ++r) {
        const double expect = (transformed(r) - offset) / scale;
        QVERIFY2(std::abs(w.target[r] - expect) < 1e-5, qPrintable(QString("row %1: %2").arg(r).arg(w.target[r])));
        QCOMPARE(w.inputs(0, r), w.target[r]);
        QCOMPARE(w.targetLevels[r], level(r));
    }
    if (w.firstRow() == 1) {
        QCOMPARE(w.target[0], 0.0f);
        QCOMPARE(w.inputs(0, 0), 0.0f);
    }
}

void TestCoreWindows::transformFitOnTrainOnly()
{
    // diff of y = r^2 as above; wild values in rows 15..19 change their differences
    // (and row 14's difference stays 27) but not the fit on rows 1..13.
    Series s = makeSeries(20, {"y"}, [](int r, int) { return double(r * r); });
    for (int r = 15; r < 20; ++r) {
        s.values(r, 0) = 1000.0 * r;
    }
    DataConfig c;
    c.lookback = 3;
    c.transform = Transform::Difference;
    const Windows w = makeWindows(s, c);
    QCOMPARE(w.targetNorm.offset, 13.0);
    QVERIFY(std::abs(w.targetNorm.scale - std::sqrt(56.0)) < 1e-12);
    QVERIFY(std::abs(w.target[14] - float((27 - 13) / std::sqrt(56.0))) < 1e-5f);
    QVERIFY(std::abs(w.target[15] - float((15000 - 196 - 13) / std::sqrt(56.0))) < 1e-2f);
    QVERIFY(std::abs(w.target[16] - float((1000 - 13) / std::sqrt(56.0))) < 1e-3f);
    QCOMPARE(w.targetLevels[16], 16000.0);
    // Row 0 is not part of the fit: changing it changes only d_1.
    s.values(0, 0) = -1.0;
    const Windows w2 = makeWindows(s, c);
    // rows 1..13 now hold 2, 3, 5, ..., 25: the sum grows by 1.
    QVERIFY(std::abs(w2.targetNorm.offset - (13.0 + 1.0 / 13)) < 1e-12);
}

void TestCoreWindows::transformInputs()
{
    // Every input column is transformed too: a = r^2 (diff 2r - 1), b = 3r + 1 (diff
    // constant 3, so scale 1 and offset 3); the target b is not an input.
    const Series s = makeSeries(20, {"a", "b", "c"}, [](int r, int col) {
        return col == 0 ? double(r * r) : col == 1 ? 3.0 * r + 1 : 100.0 - r;
    });
    DataConfig c;
    c.target = "c";
    c.inputs = {"a", "b"};
    c.lookback = 2;
    c.transform = Transform::Difference;
    const Windows w = makeWindows(s, c);
    QCOMPARE(w.inputNorms[0].offset, 13.0);
    QCOMPARE(w.inputNorms[1].offset, 3.0);
    QCOMPARE(w.inputNorms[1].scale, 1.0);
    // c = 100 - r: difference -1 everywhere.
    QCOMPARE(w.targetNorm.offset, -1.0);
    QCOMPARE(w.targetNorm.scale, 1.0);
    for (int r = 1; r < 20; ++r) {
        QVERIFY(std::abs(w.inputs(0, r) - float((2 * r - 1 - 13) / std::sqrt(56.0))) < 1e-5f);
        QCOMPARE(w.inputs(1, r), 0.0f);
        QCOMPARE(w.target[r], 0.0f);
        QCOMPARE(w.targetLevels[r], 100.0 - r);
    }
    Eigen::MatrixXf X, Y;
    const int starts[] = {1};
    gatherBatch(w, starts, X, Y);
    QVERIFY(std::abs(X(0, 0) - float((1 - 13) / std::sqrt(56.0))) < 1e-5f); // row 1: d = 1
    QVERIFY(std::abs(X(0, 1) - float((3 - 13) / std::sqrt(56.0))) < 1e-5f); // row 2: d = 3
}

void TestCoreWindows::differenceStartsAtOne()
{
    // 20 rows, trainEnd 14, valEnd 17, lookback 3, horizon 1.
    DataConfig c;
    c.lookback = 3;
    const Windows none = makeWindows(ramp(20), c);
    QCOMPARE(none.train, (std::vector<int> {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    for (Transform t : {Transform::Difference, Transform::LogDifference}) {
        c.transform = t;
        Series s = ramp(20);
        s.values.array() += 1.0; // log needs > 0
        const Windows w = makeWindows(s, c);
        QCOMPARE(w.firstRow(), 1);
        QCOMPARE(w.train, (std::vector<int> {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
        QCOMPARE(w.val, (std::vector<int> {11, 12, 13}));
        QCOMPARE(w.test, (std::vector<int> {14, 15, 16}));
    }
    // Stride 2 counts from row 1.
    c.transform = Transform::Difference;
    c.stride = 2;
    QCOMPARE(makeWindows(ramp(20), c).train, (std::vector<int> {1, 3, 5, 7, 9}));
    // The row lost to differencing counts against the training rows: 10 rows, train 7.
    c.stride = 1;
    c.lookback = 6;
    c.transform = Transform::None;
    QCOMPARE(makeWindows(ramp(10), c).train, (std::vector<int> {0}));
    c.transform = Transform::Difference;
    const QString message = errorOf(ramp(10), c);
    QVERIFY2(message.contains("lookback 6 + horizon 1 + 1 row lost to the diff transform needs at least 8 training "
                              "rows; the training split has 7 of 10 rows"),
             qPrintable(message));
}

void TestCoreWindows::logRejectsNonPositive_data()
{
    QTest::addColumn<QString>("transform");
    QTest::addColumn<double>("bad");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");
    // Row 4 sits on line 6 (lines are row + 2).
    QTest::newRow("log negative target") << "log" << -3.0 << 0
                                         << "'hand.csv', line 6, column 'y': value -3 is not > 0, so the log "
                                            "transform cannot take its logarithm";
    QTest::newRow("logdiff zero target") << "logdiff" << 0.0 << 0
                                         << "'hand.csv', line 6, column 'y': value 0 is not > 0, so the logdiff";
    QTest::newRow("logdiff negative input") << "logdiff" << -0.5 << 1
                                            << "'hand.csv', line 6, column 'x': value -0.5 is not > 0";
}

void TestCoreWindows::logRejectsNonPositive()
{
    QFETCH(QString, transform);
    QFETCH(double, bad);
    QFETCH(int, column);
    QFETCH(QString, expected);
    Series s = makeSeries(20, {"y", "x"}, [](int r, int) { return r + 1.0; });
    s.values(4, column) = bad;
    DataConfig c;
    c.inputs = {"y", "x"};
    c.lookback = 2;
    c.transform = transformFromString(transform.toStdString());
    const QString message = errorOf(s, c);
    QVERIFY2(message.contains(expected), qPrintable("got: " + message));
    // The difference transform takes any sign.
    c.transform = Transform::Difference;
    QCOMPARE(errorOf(s, c), QString());
}

void TestCoreWindows::transformJson()
{
    Series s = ramp(20);
    s.values.array() += 1.0;
    DataConfig c;
    c.lookback = 3;
    c.transform = Transform::LogDifference;
    const Windows w = makeWindows(s, c);
    const nlohmann::json j = toJson(c, w);
    QCOMPARE(j.at("transform").get<std::string>(), std::string("logdiff"));
    DataConfig c2;
    Windows w2;
    fromJson(nlohmann::json::parse(j.dump()), c2, w2);
    QCOMPARE(c2.transform, Transform::LogDifference);
    QCOMPARE(w2.transform, Transform::LogDifference);
    QCOMPARE(w2.targetNorm.offset, w.targetNorm.offset);
    QCOMPARE(w2.targetNorm.scale, w.targetNorm.scale);

    // Files written before transforms existed have no key: none.
    nlohmann::json old = j;
    old.erase("transform");
    c2.transform = Transform::Log;
    fromJson(old, c2, w2);
    QCOMPARE(c2.transform, Transform::None);
    QCOMPARE(w2.transform, Transform::None);

    nlohmann::json bad = j;
    bad["transform"] = "cube";
    QString message;
    try {
        fromJson(bad, c2, w2);
    } catch (const std::invalid_argument &e) {
        message = e.what();
    }
    QVERIFY2(message.startsWith("data settings: unknown transform 'cube'"), qPrintable(message));
}

void TestCoreWindows::renormalizeAppliesTransform()
{
    // Train on diff of y = r^2 (fit: offset 13, scale sqrt 56), then window a longer
    // series whose own fit differs; renormalize must give (d_r - 13) / sqrt 56.
    DataConfig c;
    c.lookback = 3;
    c.transform = Transform::Difference;
    const Windows trained = makeWindows(makeSeries(20, {"y"}, [](int r, int) { return double(r * r); }), c);
    DataConfig stored;
    Windows storedWindows;
    fromJson(toJson(c, trained), stored, storedWindows);

    const Series longer = makeSeries(30, {"y"}, [](int r, int) { return double(r * r); });
    DataConfig all = stored;
    all.trainFraction = 1.0;
    all.valFraction = 0.0;
    all.testFraction = 0.0;
    Windows w = makeWindows(longer, all);
    QVERIFY(std::abs(w.targetNorm.offset - 13.0) > 1.0); // refitted on rows 1..29: mean 29
    renormalize(longer, storedWindows, w);
    QCOMPARE(w.targetNorm.offset, 13.0);
    for (int r = 1; r < 30; ++r) {
        const float expect = float((2 * r - 1 - 13) / std::sqrt(56.0));
        QVERIFY2(std::abs(w.target[r] - expect) < 1e-5f, qPrintable(QString("row %1").arg(r)));
        QCOMPARE(w.inputs(0, r), w.target[r]);
    }
    QCOMPARE(w.target[0], 0.0f);

    // A model trained without the transform cannot be applied to differenced windows.
    Windows plain = storedWindows;
    plain.transform = Transform::None;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, renormalize(longer, plain, w));
}

QTEST_APPLESS_MAIN(TestCoreWindows)
#include "tst_core_windows.moc"
