// Experiment files and headless screenshots: a trained run saved and reopened in a
// fresh window restores the settings, the weights and the plotted data; the window
// grab holds plots with data; `rnnlab --screenshot` writes a PNG and exits 0.
#include "datapanel.h"
#include "experiment.h"
#include "plots/gradientplot.h"
#include "plots/lossplot.h"
#include "mainwindow.h"
#include "io/model_file.h"
#include "modelpanel.h"
#include "plots/predictionplot.h"
#include "trainingpanel.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace rnnlab;

namespace {
void trainSmall(MainWindow &w, int epochs)
{
    QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
    DataConfig d = w.dataPanel()->config();
    d.lookback = 8;
    w.dataPanel()->setConfig(d);
    ModelSpec s;
    s.inputSize = 1;
    s.layers = {LayerSpec{LayerType::Lstm, 6, Activation::Tanh, true}, LayerSpec{LayerType::Gru, 5, Activation::Tanh, true},
                LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
    w.modelPanel()->setSpec(s);
    w.modelPanel()->setSeed(7);
    w.modelPanel()->setRecurrentGain(0.9);
    TrainConfig t = w.trainingPanel()->config();
    t.epochs = epochs;
    t.batchSize = 16;
    t.optimizer.lr = 0.005;
    t.clip.kind = ClipKind::Norm;
    t.clip.threshold = 0.5;
    w.trainingPanel()->setConfig(t);
    QSignalSpy done(&w, &MainWindow::trainingFinished);
    w.startTraining();
    QVERIFY(w.isTraining());
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 60000);
}
} // namespace

class TestExperiment : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void saveAndOpenRestoresEverything()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("exp.json"));
        MainWindow a;
        a.setInteractive(false);
        trainSmall(a, 3);
        QCOMPARE(int(a.history().size()), 3);
        a.predictionPlot()->setForecastOrigin(100);
        a.predictionPlot()->setForecastSteps(20);
        a.lossPlot()->setSmoothing(30);
        QVERIFY2(a.saveExperiment(path), qPrintable(a.lastError()));

        MainWindow b;
        b.setInteractive(false);
        QVERIFY2(b.openExperiment(path), qPrintable(b.lastError()));
        QCOMPARE(b.dataPanel()->series().rows(), 144);
        QCOMPARE(b.dataPanel()->config().lookback, 8);
        QCOMPARE(b.modelPanel()->spec(), a.modelPanel()->spec());
        QCOMPARE(b.modelPanel()->seed(), 7);
        QCOMPARE(b.modelPanel()->recurrentGain(), 0.9);
        QCOMPARE(b.trainingPanel()->config().epochs, 3);
        QCOMPARE(b.trainingPanel()->learningRate(), 0.005);
        QCOMPARE(b.trainingPanel()->clip().kind, ClipKind::Norm);
        QCOMPARE(b.trainingPanel()->clip().threshold, 0.5);
        QCOMPARE(b.lossPlot()->smoothing(), 30);
        QCOMPARE(b.predictionPlot()->forecastOrigin(), 100);
        QCOMPARE(b.predictionPlot()->forecastSteps(), 20);
        // Weights and history.
        QCOMPARE(b.trainedParams(), a.trainedParams());
        QCOMPARE(b.history().size(), a.history().size());
        for (std::size_t i = 0; i < a.history().size(); ++i) {
            QCOMPARE(b.history()[i].trainLoss, a.history()[i].trainLoss);
            QCOMPARE(b.history()[i].hiddenGradNorms, a.history()[i].hiddenGradNorms);
        }
        // Plotted data: loss points, predictions, gradient heat map, forecast.
        QCOMPARE(b.lossPlot()->pointCount(), 3);
        QCOMPARE(b.predictionPlot()->predictionPointCount(), a.predictionPlot()->predictionPointCount());
        QVERIFY(b.predictionPlot()->predictionPointCount() > 100);
        QCPGraph *ga = a.predictionPlot()->plot()->graph(1);
        QCPGraph *gb = b.predictionPlot()->plot()->graph(1);
        for (int i = 0; i < ga->data()->size(); i += 17) {
            QCOMPARE(gb->data()->at(i)->value, ga->data()->at(i)->value);
        }
        QCPGraph *fa = a.predictionPlot()->plot()->graph(2);
        QCPGraph *fb = b.predictionPlot()->plot()->graph(2);
        // Forecasts run off the GUI thread: wait for both windows' results.
        QTRY_COMPARE(fa->data()->size(), 21);
        QTRY_COMPARE(fb->data()->size(), 21); // the last real value + 20 forecast steps
        QCOMPARE(fb->data()->at(20)->value, fa->data()->at(20)->value);
        QCOMPARE(b.gradientPlot()->epochCount(), 3);
        QCOMPARE(b.gradientPlot()->timePlot()->graphCount(), 2); // LSTM and GRU
    }

    void exportsPlotsAndModel()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(!w.exportModel(dir.filePath(QStringLiteral("none.json")))); // nothing trained yet
        trainSmall(w, 2);
        for (const QString &format : {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"), QStringLiteral("csv")}) {
            QVERIFY2(w.exportPlots(dir.path(), format), qPrintable(w.lastError()));
            for (const QString &name : {QStringLiteral("loss"), QStringLiteral("predictions"), QStringLiteral("gradient_heatmap")}) {
                QVERIFY(QFileInfo(dir.filePath(name + QLatin1Char('.') + format)).size() > 100);
            }
        }
        QVERIFY(!QImage(dir.filePath(QStringLiteral("loss.png"))).isNull());
        // The SVG is a real vector drawing that holds the legend's text.
        QFile svg(dir.filePath(QStringLiteral("loss.svg")));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray svgText = svg.readAll();
        QVERIFY(svgText.contains("<svg"));
        QVERIFY(svgText.contains("<path") || svgText.contains("<polyline"));
        QVERIFY2(svgText.contains("validation"), "the legend is part of the SVG");
        QFile csv(dir.filePath(QStringLiteral("loss.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.first().startsWith(QStringLiteral("curve,epoch,")));
        const QString firstTrain = QStringLiteral("train (raw),1,%1,").arg(w.history()[0].trainLoss, 0, 'g', 10);
        QVERIFY2(lines.contains(firstTrain), qPrintable(lines.join(QLatin1Char('|'))));
        // The model file loads back with the same weights.
        const QString model = dir.filePath(QStringLiteral("model.json"));
        QVERIFY2(w.exportModel(model), qPrintable(w.lastError()));
        const ModelFile file = loadModelFile(model.toStdString());
        QCOMPARE(int(file.params.size()), int(w.trainedParams().size()));
        QCOMPARE(file.params[0], w.trainedParams()[0]);
    }

    void missingDataFileIsReportedNotFatal()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("series.csv"));
        QVERIFY(QFile::copy(QStringLiteral(RNNLAB_SAMPLE_DATA "/nile.csv"), data));
        const QString path = dir.filePath(QStringLiteral("sub/exp.json"));
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("sub")));
        {
            MainWindow a;
            a.setInteractive(false);
            QVERIFY(a.openData(data));
            QVERIFY(a.saveExperiment(path));
        }
        QVERIFY(QFile::remove(data));
        MainWindow b;
        b.setInteractive(false);
        QVERIFY(b.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        QVERIFY(!b.openExperiment(path));
        QVERIFY2(b.lastError().contains(QStringLiteral("series.csv")), qPrintable(b.lastError()));
        QCOMPARE(b.dataPanel()->series().rows(), 144); // still the airline data
    }

    void badExperimentFileIsRejected()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"rnnlab-experiment\", \"version\": 1, \"source\": ");
        f.close();
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(!w.openExperiment(path));
        QVERIFY2(w.lastError().contains(QStringLiteral("bad.json")), qPrintable(w.lastError()));
    }

    void screenshotHoldsPlottedData()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.setInteractive(false);
        w.resize(1280, 800);
        w.show();
        trainSmall(w, 2);
        QTRY_VERIFY(w.predictionPlot()->predictionPointCount() > 0);
        QCOMPARE(w.lossPlot()->pointCount(), 2);
        QVERIFY(w.gradientPlot()->normPlot()->graph(0)->data()->size() == 2);
        QVERIFY(w.gradientPlot()->timePlot()->graph(0)->data()->size() == 8); // one point per step, L = 8
        const QString shot = dir.filePath(QStringLiteral("shot.png"));
        QVERIFY(w.saveScreenshot(shot));
        QImage image(shot);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), w.size() * w.devicePixelRatio());
        // Not a blank grab: the predictions plot area holds the red model curve.
        const QImage plot = w.predictionPlot()->plot()->toPixmap().toImage();
        int red = 0;
        for (int y = 0; y < plot.height(); y += 2) {
            for (int x = 0; x < plot.width(); x += 2) {
                const QColor c = plot.pixelColor(x, y);
                red += c.red() > 180 && c.green() < 90 && c.blue() < 90;
            }
        }
        QVERIFY2(red > 20, qPrintable(QString::number(red)));
    }

    void commandLineScreenshot()
    {
        const QString exe = QFileInfo(QStringLiteral(RNNLAB_CLI)).absolutePath() + QStringLiteral("/rnnlab");
        if (!QFileInfo(exe).isExecutable()) {
            QSKIP("the rnnlab executable is not built next to rnnlab-cli");
        }
        QTemporaryDir dir;
        const QString shot = dir.filePath(QStringLiteral("cli.png"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
        p.setProcessEnvironment(env);
        p.start(exe, {QStringLiteral("--data"), QStringLiteral(RNNLAB_SAMPLE_DATA "/nile.csv"), QStringLiteral("--epochs"),
                      QStringLiteral("3"), QStringLiteral("--autostart"), QStringLiteral("--quit-after-training"),
                      QStringLiteral("--screenshot"), shot});
        QVERIFY(p.waitForFinished(300000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QImage image(shot);
        QCOMPARE(image.size(), QSize(1280, 800));
    }
};

QTEST_MAIN(TestExperiment)
#include "tst_app_experiment.moc"
