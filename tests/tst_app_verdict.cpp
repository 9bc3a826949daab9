// The verdict beside the metrics table (plots/verdictlabel.h) on the offscreen platform:
// the words and the colour follow the model's test MASE against naive and the best
// baseline, and a window trained on a sample shows the sentence the engine would write.
#include "mainwindow.h"
#include "plots/predictionplot.h"
#include "plots/verdictlabel.h"

#include <QTableWidget>
#include <QtTest>

using namespace rnnlab;

namespace {

Metrics mase(double m)
{
    Metrics x;
    x.mae = 10 * m;
    x.mase = m;
    return x;
}

} // namespace

class TestVerdict : public QObject {
    Q_OBJECT
private slots:
    void wordsAndColourFollowTheScores()
    {
        PredictionPlot plot;
        VerdictLabel *v = plot.verdictLabel();
        QVERIFY(v);
        const std::vector<PredictionPlot::MetricsRow> baselines = {{"naive", mase(1.0)}, {"ETS(A,A,M)", mase(0.6)}};

        std::vector<PredictionPlot::MetricsRow> rows = {{"model", mase(1.3)}, {"  model, step 1", mase(0.1)}};
        rows.insert(rows.end(), baselines.begin(), baselines.end());
        plot.setMetrics(rows, QString());
        QCOMPARE(v->tone(), VerdictLabel::Tone::Loses);
        QVERIFY2(v->text().contains("loses to naive"), qPrintable(v->text()));
        // The indented per-step row is detail, not a competitor.
        QVERIFY2(v->text().startsWith("ETS(A,A,M) is best"), qPrintable(v->text()));
        QVERIFY(v->styleSheet().contains("#c62828"));

        rows[0].metrics = mase(0.8);
        plot.setMetrics(rows, QString());
        QCOMPARE(v->tone(), VerdictLabel::Tone::Middling);
        QVERIFY2(v->text().contains("beats naive") && v->text().contains("loses to ETS(A,A,M)"), qPrintable(v->text()));

        rows[0].metrics = mase(0.5);
        plot.setMetrics(rows, QString());
        QCOMPARE(v->tone(), VerdictLabel::Tone::Wins);
        QVERIFY2(v->text().startsWith("model is best"), qPrintable(v->text()));

        // Before training: the best baseline, no claim about the model.
        plot.setMetrics(baselines, QString());
        QCOMPARE(v->tone(), VerdictLabel::Tone::None);
        QVERIFY(!v->text().contains("the model"));
        plot.setMetrics({}, QString());
        QVERIFY(v->text().isEmpty());
    }

    void windowShowsTheVerdictForItsBaselines()
    {
        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/nottem.csv")));
        // Untrained: the verdict names the best baseline on the test span.
        const QString text = w.predictionPlot()->verdictLabel()->text();
        QVERIFY2(text.contains(" is best on the test span (MASE "), qPrintable(text));
    }

    // The metrics table at 1280 px shows whole texts in its narrow columns (the Stretch
    // mode once overrode them: "243.2 ..." for "243.2 (0.000)").
    void metricsColumnsShowTheirWholeText()
    {
        MainWindow w;
        w.setInteractive(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(w.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/co2_mauna_loa.csv")));
        QTRY_VERIFY_WITH_TIMEOUT(!w.predictionPlot()->baselinesPending(), 60000);
        auto *t = w.predictionPlot()->findChild<QTableWidget *>();
        QVERIFY(t);
        QCoreApplication::processEvents();
        int checked = 0;
        for (int col : {0, int(PredictionPlot::kCoverageColumn), int(PredictionPlot::kLjungBoxColumn)}) {
            for (int row = 0; row < t->rowCount(); ++row) {
                const QTableWidgetItem *item = t->item(row, col);
                if (!item || item->text().isEmpty()) {
                    continue;
                }
                const int need = t->fontMetrics().horizontalAdvance(item->text());
                QVERIFY2(need < t->columnWidth(col), qPrintable(QStringLiteral("column %1 row %2: \"%3\" needs %4 px, has %5")
                                                                    .arg(col).arg(row).arg(item->text()).arg(need).arg(t->columnWidth(col))));
                ++checked;
            }
        }
        QVERIFY(checked >= 6);
    }
};

QTEST_MAIN(TestVerdict)
#include "tst_app_verdict.moc"
