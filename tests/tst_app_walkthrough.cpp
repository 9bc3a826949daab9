// The defects of a teacher's walk-through, each where a test can see it: exports have
// one size whatever the tab shows, the metrics table exports as CSV and copies, plot
// CSVs write ISO times, the forecast stays inside the y range, a saved experiment whose
// data file vanished warns and keeps the checksum, the horizon step and the zoom are
// saved, the last session reopens, toolbar tips name the shortcut, Reset has one, and
// the status bar's rate text keeps its width.
#include "datapanel.h"
#include "experiment.h"
#include "mainwindow.h"
#include "modelpanel.h"
#include "plots/gradientplot.h"
#include "plots/lossplot.h"
#include "plots/plotexport.h"
#include "plots/predictionplot.h"
#include "plots/tableexport.h"
#include "trainingpanel.h"
#include "training/trainingcontroller.h"

#include <qcustomplot.h>

#include <QAction>
#include <QClipboard>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace rnnlab;

namespace {
void trainSmall(MainWindow &w, const QString &path, int horizon = 1)
{
    QVERIFY(w.openData(path));
    DataConfig d = w.dataPanel()->config();
    d.lookback = 8;
    d.horizon = horizon;
    w.dataPanel()->setConfig(d);
    ModelSpec s;
    s.inputSize = 1;
    s.layers = {LayerSpec{LayerType::Gru, 6, Activation::Tanh, true}, LayerSpec{LayerType::Dense, horizon, Activation::Linear, true}};
    w.modelPanel()->setSpec(s);
    TrainConfig t = w.trainingPanel()->config();
    t.epochs = 3;
    t.batchSize = 16;
    w.trainingPanel()->setConfig(t);
    QSignalSpy done(&w, &MainWindow::trainingFinished);
    w.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isSettling(), 30000);
}

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
} // namespace

class TestWalkthrough : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void exportsHaveOneSizeWhateverIsOnScreen()
    {
        MainWindow w;
        w.setInteractive(false);
        w.resize(1280, 800);
        w.show();
        trainSmall(w, QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv"));
        w.showPlotTab(QStringLiteral("predictions")); // the gradient plots are hidden and tiny
        QTemporaryDir dir;
        QVERIFY2(w.exportPlots(dir.path(), QStringLiteral("png")), qPrintable(w.lastError()));
        for (const char *name : {"gradient_time", "gradient_heatmap", "spectral_radius", "loss", "predictions"}) {
            const QImage image(dir.filePath(QString::fromLatin1(name) + QStringLiteral(".png")));
            QCOMPARE(image.size(), kExportSize);
        }
        QVERIFY(w.exportPlots(dir.path(), QStringLiteral("svg")));
        const QString svg = readAll(dir.filePath(QStringLiteral("gradient_time.svg")));
        QVERIFY2(svg.contains(QStringLiteral("viewBox=\"0 0 1200 800\"")), qPrintable(svg.left(600)));
        QVERIFY(w.exportPlots(dir.path(), QStringLiteral("pdf")));
        const QString pdf = QString::fromLatin1(readAll(dir.filePath(QStringLiteral("gradient_time.pdf"))).toLatin1());
        const QRegularExpressionMatch box = QRegularExpression(QStringLiteral("/MediaBox \\[([^\\]]*)\\]")).match(pdf);
        QVERIFY(box.hasMatch());
        const QStringList v = box.captured(1).simplified().split(QLatin1Char(' '));
        QCOMPARE(v.size(), 4);
        // 8 x 5.33 in (576 x 384 pt), within a point of rounding.
        QVERIFY2(std::abs(v[2].toDouble() - 576) < 1.5 && std::abs(v[3].toDouble() - 384) < 1.5, qPrintable(box.captured(1)));
    }

    void metricsTableExportsAndCopies()
    {
        MainWindow w;
        w.setInteractive(false);
        trainSmall(w, QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv"));
        QTableWidget *table = w.predictionPlot()->metricsTable();
        QVERIFY(table->rowCount() >= 2); // the model and the baselines
        QTemporaryDir dir;
        QVERIFY(w.exportPlots(dir.path(), QStringLiteral("csv")));
        const QStringList lines = readAll(dir.filePath(QStringLiteral("metrics.csv"))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), table->rowCount() + 1);
        QCOMPARE(lines[0], QStringLiteral("Test span,MAE,RMSE,MAPE %,sMAPE %,MASE,PI cover %,Ljung–Box"));
        QVERIFY(lines[1].startsWith(QStringLiteral("model,")));
        // Full precision, not the table's 4 digits.
        const QString mae = lines[1].split(QLatin1Char(','))[1];
        QCOMPARE(mae, QString::number(table->item(0, 1)->data(Qt::UserRole).toDouble(), 'g', 10));
        QVERIFY(mae.size() > table->item(0, 1)->text().size());
        copyTable(table);
        const QString clip = QGuiApplication::clipboard()->text();
        QVERIFY(clip.startsWith(QStringLiteral("Test span\tMAE\tRMSE")));
        QCOMPARE(clip.count(QLatin1Char('\n')), table->rowCount() + 1);
        QVERIFY(!table->actions().isEmpty());
        QCOMPARE(table->actions().first()->shortcut(), QKeySequence(QKeySequence::Copy));
    }

    void plotCsvWritesIsoTimes()
    {
        MainWindow w;
        w.setInteractive(false);
        trainSmall(w, QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv"));
        QTemporaryDir dir;
        QVERIFY(w.exportPlots(dir.path(), QStringLiteral("csv")));
        const QStringList lines = readAll(dir.filePath(QStringLiteral("predictions.csv"))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 100);
        // Monthly data: "1949-01", never Unix seconds.
        const QRegularExpression month(QStringLiteral("^(\"[^\"]*\"|[^,]*),\\d{4}-\\d{2},"));
        int monthly = 0;
        for (const QString &l : lines.mid(1)) {
            monthly += month.match(l).hasMatch() ? 1 : 0;
        }
        QCOMPARE(monthly, lines.size() - 1);
        QVERIFY(lines.join(QLatin1Char('\n')).contains(QStringLiteral(",1949-01,")));
        // Epoch axes stay numbers.
        const QString loss = readAll(dir.filePath(QStringLiteral("loss.csv")));
        QVERIFY(loss.contains(QStringLiteral(",1,")));
    }

    void forecastStaysInsideTheYRange()
    {
        MainWindow w;
        w.setInteractive(false);
        trainSmall(w, QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv"));
        PredictionPlot *p = w.predictionPlot();
        // A forecast far above the data (as a diverging model makes).
        p->setForecast(100, std::vector<double>(20, 5000.0));
        const QCPRange y = p->plot()->yAxis->range();
        QVERIFY2(y.upper >= 5000.0, qPrintable(QString::number(y.upper)));
        QVERIFY(y.lower <= 104.0); // the data's minimum is still on screen
    }

    void savingWithAVanishedDataFileWarnsAndKeepsTheChecksum()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("nile.csv"));
        QVERIFY(QFile::copy(QStringLiteral(RNNLAB_SAMPLE_DATA "/nile.csv"), data));
        const QString checksum = fileChecksum(data);
        MainWindow w;
        w.setInteractive(false);
        trainSmall(w, data);
        QVERIFY(QFile::remove(data));
        const QString exp = dir.filePath(QStringLiteral("exp.json"));
        QVERIFY2(w.saveExperiment(exp), qPrintable(w.lastError()));
        QVERIFY2(w.bannerText().contains(QStringLiteral("no longer exists")), qPrintable(w.bannerText()));
        const Experiment e = loadExperiment(exp);
        QCOMPARE(e.dataChecksum, checksum);
        QCOMPARE(e.dataPath, data);
        QVERIFY(!e.params.empty());
    }

    void horizonStepAndZoomAreSaved()
    {
        QTemporaryDir dir;
        MainWindow a;
        a.setInteractive(false);
        trainSmall(a, QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv"), 3);
        a.predictionPlot()->setHorizonStep(2);
        a.predictionPlot()->plot()->xAxis->setRange(-5e8, -3e8);
        a.predictionPlot()->plot()->yAxis->setRange(150, 250);
        a.lossPlot()->plot()->xAxis->setRange(1, 2);
        const QString path = dir.filePath(QStringLiteral("exp.json"));
        QVERIFY(a.saveExperiment(path));
        MainWindow b;
        b.setInteractive(false);
        QVERIFY2(b.openExperiment(path), qPrintable(b.lastError()));
        QCOMPARE(b.predictionPlot()->horizonStep(), 2);
        QTRY_VERIFY(!b.predictionPlot()->plot()->graph(2)->data()->isEmpty()); // the forecast arrived
        QCOMPARE(b.predictionPlot()->plot()->xAxis->range().lower, -5e8);
        QCOMPARE(b.predictionPlot()->plot()->yAxis->range().upper, 250.0);
        QCOMPARE(b.lossPlot()->plot()->xAxis->range().upper, 2.0);
        // A range that makes no sense is refused with the field's name.
        nlohmann::json j = experimentToJson(loadExperiment(path));
        j["view"]["prediction_range"] = {1, 0, 0, 1};
        QString message;
        try {
            experimentFromJson(j, "bad.json");
        } catch (const ExperimentError &e) {
            message = QString::fromUtf8(e.what());
        }
        QVERIFY2(message.startsWith(QStringLiteral("bad.json: field \"view.prediction_range\"")), qPrintable(message));
    }

    void theLastSessionReopens()
    {
        {
            MainWindow w;
            w.setInteractive(false);
            QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/nile.csv")));
        }
        MainWindow next;
        next.setInteractive(false);
        QVERIFY(next.reopenLastSession());
        QCOMPARE(QFileInfo(next.dataPanel()->filePath()).fileName(), QStringLiteral("nile.csv"));
        QSettings().setValue(QStringLiteral("session/path"), QStringLiteral("/nonexistent/gone.csv"));
        MainWindow none;
        QVERIFY(!none.reopenLastSession()); // main() then opens the airline sample
    }

    void toolbarTipsNameTheShortcut()
    {
        MainWindow w;
        const QList<QAction *> actions = w.findChild<QToolBar *>()->actions();
        int checked = 0;
        for (QAction *a : actions) {
            if (a->isSeparator() || a->text().isEmpty()) {
                continue;
            }
            const QString name = a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…"));
            QVERIFY2(a->toolTip() != name, qPrintable(a->toolTip()));
            if (!a->shortcut().isEmpty()) {
                QVERIFY2(a->toolTip().contains(a->shortcut().toString(QKeySequence::NativeText)), qPrintable(a->toolTip()));
            }
            ++checked;
        }
        QVERIFY(checked >= 6);
        auto *reset = w.findChild<QAction *>(QStringLiteral("actionReset"));
        QVERIFY(reset && !reset->shortcut().isEmpty());
    }

    void fitsFrom1024x640To4K()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openSample(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        w.resetLayout();
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.minimumSizeHint().width() <= 1024, qPrintable(QString::number(w.minimumSizeHint().width())));
        QVERIFY2(w.minimumSizeHint().height() <= 640, qPrintable(QString::number(w.minimumSizeHint().height())));
        w.resize(1024, 640);
        QTRY_COMPARE(w.size(), QSize(1024, 640));
        // What does not fit in the left panel scrolls instead of being cut off.
        for (QScrollArea *area : w.findChildren<QScrollArea *>()) {
            QVERIFY(area->horizontalScrollBarPolicy() != Qt::ScrollBarAlwaysOff);
            QVERIFY(area->verticalScrollBarPolicy() != Qt::ScrollBarAlwaysOff);
        }
        const int narrow = w.mainSplitter()->sizes().first();
        w.resize(3840, 2160);
        QTRY_COMPARE(w.size(), QSize(3840, 2160));
        // The left panel grows with the window too (it stayed at 400 px).
        QVERIFY2(w.mainSplitter()->sizes().first() > narrow + 400, qPrintable(QString::number(w.mainSplitter()->sizes().first())));
    }

    void rateTextKeepsItsWidth()
    {
        MainWindow w;
        w.resize(1024, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.statusBar()->showMessage(QStringLiteral("A long status tip that takes a lot of the status bar's room, as hover readouts do"));
        QLabel *rate = nullptr;
        for (QLabel *l : w.statusBar()->findChildren<QLabel *>()) {
            if (l->minimumWidth() > 0 && l->text().isEmpty()) {
                rate = l;
            }
        }
        QVERIFY(rate);
        const int needed = rate->fontMetrics().horizontalAdvance(QStringLiteral("373.3 steps/s · 0:12 left"));
        QVERIFY2(rate->width() >= needed, qPrintable(QString::number(rate->width())));
    }
};

QTEST_MAIN(TestWalkthrough)
#include "tst_app_walkthrough.moc"
