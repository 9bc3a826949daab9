// Per-window level normalisation (--window-norm last): the batch layout, the level put
// back on open- and closed-loop predictions, the model file and the refusals.
#include "data/auto_transform.h"
#include "data/windows.h"
#include "forecasting/forecast.h"
#include "nn/model.h"
#include "nn/model_spec.h"
#include "nn/trainer.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <cmath>

using namespace rnnlab;

namespace {

Series wavy(int rows, int columns = 1)
{
    Series s;
    s.source = "wavy.csv";
    for (int c = 0; c < columns; ++c) {
        s.columns.push_back(c == 0 ? "y" : "x" + std::to_string(c));
    }
    s.values.resize(rows, columns);
    for (int r = 0; r < rows; ++r) {
        s.time.push_back(r);
        s.lines.push_back(r + 2);
        for (int c = 0; c < columns; ++c) {
            s.values(r, c) = 20.0 + 0.3 * r + 4.0 * std::sin(0.5 * r + c);
        }
    }
    return s;
}

} // namespace

class TestCoreWindowNorm : public QObject {
    Q_OBJECT
private slots:
    void names()
    {
        QCOMPARE(windowNormFromString("last"), WindowNorm::Last);
        QCOMPARE(windowNormFromString("none"), WindowNorm::None);
        QCOMPARE(QString(toString(WindowNorm::Last)), QString("last"));
        QString message;
        try {
            windowNormFromString("mean");
        } catch (const std::invalid_argument &e) {
            message = e.what();
        }
        QCOMPARE(message, QString("unknown window normalisation 'mean'; use none or last"));
    }

    void batchIsRelativeToTheLastValue()
    {
        // Two inputs: only the target's row is shifted; the other input keeps its values.
        const Series s = wavy(60, 2);
        DataConfig c;
        c.lookback = 5;
        c.horizon = 2;
        c.inputs = {"y", "x1"};
        const Windows plain = makeWindows(s, c);
        c.windowNorm = WindowNorm::Last;
        const Windows w = makeWindows(s, c);
        QCOMPARE(w.targetFeature(), 0);
        const int starts[] = {3, 10, 20};
        Eigen::MatrixXf X0, Y0, X, Y;
        gatherBatch(plain, starts, X0, Y0);
        gatherBatch(w, starts, X, Y);
        for (int b = 0; b < 3; ++b) {
            const int last = starts[b] + 4;
            for (int t = 0; t < 5; ++t) {
                const Eigen::Index col = Eigen::Index(t) * 3 + b;
                QCOMPARE(X(0, col), X0(0, col) - plain.inputs(0, last));
                QCOMPARE(X(1, col), X0(1, col));
            }
            QCOMPARE(X(0, Eigen::Index(4) * 3 + b), 0.0f); // the last step is 0 by construction
            for (int h = 0; h < 2; ++h) {
                QCOMPARE(Y(h, b), Y0(h, b) - plain.target[last]);
            }
        }
        // addWindowLevels undoes the targets' shift exactly.
        Eigen::MatrixXf back = Y;
        addWindowLevels(w, starts, back);
        QVERIFY((back - Y0).cwiseAbs().maxCoeff() < 1e-6f);
    }

    // A network with zero weights predicts 0: relative to the window's last value that is
    // the naive forecast, in original units, open and closed loop.
    void zeroModelIsNaive()
    {
        const Series s = wavy(80);
        DataConfig c;
        c.lookback = 6;
        c.horizon = 3;
        c.windowNorm = WindowNorm::Last;
        const Windows w = makeWindows(s, c);
        Model<float> model(parseModelSpec("gru:4,dense", 1, 3));
        const Eigen::MatrixXd open = openLoopPredict(model, w, w.test);
        for (std::size_t n = 0; n < w.test.size(); ++n) {
            const double last = s.values(w.test[n] + 5, 0);
            for (int h = 0; h < 3; ++h) {
                QVERIFY2(std::abs(open(h, Eigen::Index(n)) - last) < 1e-4 * last,
                         qPrintable(QString("window %1 step %2: %3 vs %4").arg(n).arg(h).arg(open(h, Eigen::Index(n))).arg(last)));
            }
        }
        const std::vector<double> closed = closedLoopForecast(model, w, w.valEnd, 10);
        for (double v : closed) {
            QVERIFY(std::abs(v - s.values(w.valEnd - 1, 0)) < 1e-4 * v);
        }
        // The trainer's predictions (the GUI's open loop) get the level back too.
        TrainConfig tc;
        Trainer trainer(parseModelSpec("gru:4,dense", 1, 3), tc, w);
        trainer.model().params().setZero();
        Eigen::MatrixXf p = trainer.predict(w.test);
        const Eigen::MatrixXd levels = toLevels(w, w.test, p);
        QVERIFY((levels - open).cwiseAbs().maxCoeff() < 1e-9);
    }

    void needsTheTargetAsInput()
    {
        DataConfig c;
        c.lookback = 4;
        c.target = "y";
        c.inputs = {"x1"};
        c.windowNorm = WindowNorm::Last;
        QString message;
        try {
            makeWindows(wavy(40, 2), c);
        } catch (const std::invalid_argument &e) {
            message = e.what();
        }
        QVERIFY2(message.contains("target column must be one of the inputs"), qPrintable(message));
    }

    // auto takes windows relative to their last value only when it finds neither a unit
    // root nor a season (wwwusage), and never when the target is not an input.
    void autoChoosesItWithoutTransformOrSeason()
    {
        DataConfig dc;
        const TransformChoice www = chooseTransform(loadSeries(RNNLAB_SAMPLE_DATA "/wwwusage.csv"), dc);
        QCOMPARE(www.transform, Transform::None);
        QCOMPARE(www.windowNorm, WindowNorm::Last);
        QVERIFY2(www.reason.find("window-norm last") != std::string::npos, www.reason.c_str());
        const TransformChoice nottem = chooseTransform(loadSeries(RNNLAB_SAMPLE_DATA "/nottem.csv"), dc);
        QCOMPARE(nottem.transform, Transform::None); // seasonal: no window normalisation
        QCOMPARE(nottem.windowNorm, WindowNorm::None);
        const TransformChoice air = chooseTransform(loadSeries(RNNLAB_SAMPLE_DATA "/airpassengers.csv"), dc);
        QCOMPARE(air.windowNorm, WindowNorm::None);
        DataConfig echo;
        echo.target = "target";
        echo.inputs = {"input"};
        echo.lookback = 25;
        QCOMPARE(chooseTransform(loadSeries(RNNLAB_SAMPLE_DATA "/echo_lag20.csv"), echo).windowNorm, WindowNorm::None);
    }

    void modelFileKeepsIt()
    {
        DataConfig c;
        c.lookback = 4;
        c.windowNorm = WindowNorm::Last;
        const Windows w = makeWindows(wavy(40), c);
        const nlohmann::json j = toJson(c, w);
        QCOMPARE(j.at("windowNorm").get<std::string>(), std::string("last"));
        DataConfig back;
        Windows restored;
        fromJson(j, back, restored);
        QCOMPARE(back.windowNorm, WindowNorm::Last);
        QCOMPARE(restored.windowNorm, WindowNorm::Last);
        nlohmann::json old = j;
        old.erase("windowNorm"); // files written before window normalisation existed
        fromJson(old, back, restored);
        QCOMPARE(back.windowNorm, WindowNorm::None);
    }
};

QTEST_APPLESS_MAIN(TestCoreWindowNorm)
#include "tst_core_windownorm.moc"
