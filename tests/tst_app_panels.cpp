// Widget tests of the Data and Model panels on the offscreen platform: loading a
// sample fills the pickers and the raw plot, a malformed file shows the loader's
// message and keeps the previous data, and the layer list edits change the summary
// and the parameter counts exactly; stacks that cannot work are refused.
#include "datapanel.h"
#include "plots/decimator.h"
#include "plots/hoverreadout.h"
#include "plots/lossplot.h"
#include "mainwindow.h"
#include "modelpanel.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace rnnlab;

class TestPanels : public QObject {
    Q_OBJECT
private slots:
    // A long series is drawn with a 1 px cosmetic pen and no antialiasing (a wide pen
    // strokes the polyline as a filled outline: seconds per redraw at a million points),
    // while a short one keeps its styled pen.
    void longSeriesUseThinPens()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("long.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("t,value\n");
        for (int i = 0; i < 6000; ++i) {
            f.write(QByteArray::number(i) + ',' + QByteArray::number(std::sin(i * 0.1)) + '\n');
        }
        f.close();
        DataPanel panel;
        QVERIFY(panel.loadFile(path));
        QCPGraph *g = panel.rawPlot()->graph(0);
        // The whole curve is kept; the graph holds its pixel columns (min and max each).
        const auto *curve = g->findChild<DecimatedGraph *>();
        QVERIFY(curve);
        QCOMPARE(curve->size(), std::size_t(6000));
        QVERIFY(g->data()->size() <= 4 * std::max(200, panel.rawPlot()->axisRect()->width()) + 2);
        QCOMPARE(g->pen().widthF(), 0.0);
        QVERIFY(!g->antialiased());
        QVERIFY(panel.loadFile(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        QVERIFY(panel.rawPlot()->graph(0)->pen().widthF() > 1.0);
    }

    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void loadingSampleFillsPickersAndPlot()
    {
        DataPanel panel;
        QVERIFY(panel.loadFile(QStringLiteral(RNNLAB_SAMPLE_DATA "/eustockmarkets.csv")));
        auto *target = panel.findChild<QComboBox *>(QStringLiteral("targetCombo"));
        QVERIFY(target);
        QCOMPARE(target->count(), 4);
        QCOMPARE(target->itemText(0), QStringLiteral("DAX"));
        QCOMPARE(target->itemText(3), QStringLiteral("FTSE"));
        auto *inputs = panel.findChild<QListWidget *>(QStringLiteral("inputsList"));
        QCOMPARE(inputs->count(), 4);
        QCOMPARE(panel.rawPlot()->graphCount(), 1);
        // The whole curve is kept (the graph itself holds its pixel columns).
        auto curve = [&] { return panel.rawPlot()->graph(0)->findChild<DecimatedGraph *>(); };
        QCOMPARE(curve()->size(), std::size_t(panel.series().rows()));
        QCOMPARE(curve()->values()[0], 1628.75);
        QCOMPARE(panel.rawPlot()->graph(0)->data()->at(0)->value, 1628.75); // a column's first point
        // Picking another target replots that column.
        target->setCurrentIndex(3);
        QCOMPARE(panel.config().target, std::string("FTSE"));
        QCOMPARE(curve()->values()[0], 2443.6);
        QCOMPARE(panel.rawPlot()->graph(0)->data()->at(0)->value, 2443.6);
        auto *preview = panel.findChild<QTableWidget *>(QStringLiteral("previewTable"));
        QCOMPARE(preview->columnCount(), 5); // time + 4 values
        QCOMPARE(preview->item(0, 1)->text(), QStringLiteral("1628.75"));
    }

    void windowsFollowTheSettings()
    {
        DataPanel panel;
        QVERIFY(panel.loadFile(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        QVERIFY(panel.windows());
        const Windows &w = *panel.windows();
        QCOMPARE(w.rows, 144);
        QCOMPARE(w.lookback, 12);
        // 144 rows, L = 12, H = 1: 132 windows in all.
        QCOMPARE(int(w.train.size() + w.val.size() + w.test.size()), 132);
        DataConfig c = panel.config();
        c.lookback = 200; // longer than the data
        panel.setConfig(c);
        QVERIFY(!panel.windows());
        QVERIFY(!panel.windowsError().isEmpty());
    }

    void malformedFileShowsErrorAndKeepsData()
    {
        DataPanel panel;
        QVERIFY(panel.loadFile(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        QVERIFY(panel.errorText().isEmpty());
        QVERIFY(!panel.loadFile(QStringLiteral(RNNLAB_TEST_DATA "/malformed/07_non_numeric_cell.csv")));
        const QString error = panel.errorText();
        QVERIFY2(error.contains(QStringLiteral("13")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("1l8")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("passengers")), qPrintable(error));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("errorLabel"))->isVisibleTo(&panel));
        // The previous series is still the one loaded and plotted.
        QCOMPARE(panel.series().rows(), 144);
        QCOMPARE(panel.sourceLabel(), QStringLiteral("airpassengers.csv"));
        QCOMPARE(panel.rawPlot()->graph(0)->data()->size(), 144);
        // A good file clears the message.
        QVERIFY(panel.loadFile(QStringLiteral(RNNLAB_SAMPLE_DATA "/nile.csv")));
        QVERIFY(panel.errorText().isEmpty());
        QCOMPARE(panel.series().rows(), 100);
    }

    void mainWindowShowsLoadErrorInWindow()
    {
        MainWindow window;
        window.setInteractive(false);
        QVERIFY(window.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        QVERIFY(!window.openData(QStringLiteral(RNNLAB_TEST_DATA "/malformed/16_binary_random.csv")));
        QVERIFY(!window.dataPanel()->errorText().isEmpty());
        QCOMPARE(window.dataPanel()->series().rows(), 144);
    }

    void hoverReadoutNamesThePointUnderTheCursor()
    {
        LossPlot plot;
        plot.resize(600, 300);
        plot.show();
        EpochRecord e1;
        e1.epoch = 1;
        e1.trainLoss = 0.5;
        EpochRecord e2;
        e2.epoch = 2;
        e2.trainLoss = 0.25;
        plot.appendEpochs({e1, e2});
        QCOMPARE(plot.pointCount(), 2);
        plot.plot()->replot();
        QCPGraph *train = plot.plot()->graph(0);
        const QPointF at = train->coordsToPixels(2, 0.25);
        const QString text = plot.readout()->readoutAt(at + QPointF(2, 1));
        QVERIFY2(text.contains(QStringLiteral("epoch 2")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("0.25")), qPrintable(text));
        // Far from any point: nothing.
        QVERIFY(plot.readout()->readoutAt(QPointF(-100, -100)).isEmpty());
    }

    void canonicalModelSummary()
    {
        ModelPanel panel;
        panel.setDataShape(1, 12, 1);
        const ModelSpec s = panel.spec();
        QCOMPARE(int(s.layers.size()), 3);
        QVERIFY(panel.isValid());
        // PyTorch counting (two bias vectors per gate block):
        // LSTM 64 on 1 input: 4*(64*1 + 64*64 + 2*64) = 17152
        // LSTM 32 on 64:      4*(32*64 + 32*32 + 2*32) = 12544
        // Dense 1 on 32:      32 + 1                   = 33
        QCOMPARE(panel.totalParameters(), 17152LL + 12544LL + 33LL);
        auto *table = panel.findChild<QTableWidget *>(QStringLiteral("summaryTable"));
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("(None, 12, 64)"));
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("(None, 32)"));
        QCOMPARE(table->item(2, 1)->text(), QStringLiteral("(None, 1)"));
        QCOMPARE(table->item(0, 2)->text().remove(QChar(0x2009)), QStringLiteral("17152"));
        QCOMPARE(table->item(2, 2)->text(), QStringLiteral("33"));
        // The output layer follows the horizon.
        panel.setDataShape(1, 12, 3);
        QCOMPARE(panel.spec().layers.back().units, 3);
        QCOMPARE(panel.totalParameters(), 17152LL + 12544LL + 32LL * 3 + 3);
    }

    void addRemoveReorderLayers()
    {
        ModelPanel panel;
        panel.setDataShape(1, 12, 1);
        // Add a GRU 32 after the first LSTM: LSTM 64 -> GRU 32 -> LSTM 32 -> Dense 1.
        panel.selectLayer(0);
        panel.addLayer(LayerType::Gru);
        QCOMPARE(panel.selectedLayer(), 1);
        QCOMPARE(panel.spec().layers[1].type, LayerType::Gru);
        QCOMPARE(panel.spec().layers[1].units, 32);
        // GRU 32 on 64: 3*(32*64 + 32*32 + 2*32) = 9408; the LSTM 32 now reads 32:
        // 4*(32*32 + 32*32 + 2*32) = 8448.
        QCOMPARE(panel.totalParameters(), 17152LL + 9408LL + 8448LL + 33LL);
        // Move the GRU down below the LSTM 32: LSTM 64 -> LSTM 32 -> GRU 32 -> Dense.
        panel.moveLayer(+1);
        QCOMPARE(panel.selectedLayer(), 2);
        QCOMPARE(panel.spec().layers[2].type, LayerType::Gru);
        // LSTM 32 on 64 = 12544, GRU 32 on 32: 3*(32*32 + 32*32 + 64) = 6336.
        QCOMPARE(panel.totalParameters(), 17152LL + 12544LL + 6336LL + 33LL);
        // Remove it again: back to the canonical count.
        panel.removeLayer();
        QCOMPARE(int(panel.spec().layers.size()), 3);
        QCOMPARE(panel.totalParameters(), 29729LL);
        // Edit the first layer into a relu RNN of 16 units: 16*1 + 16*16 + 2*16 = 304;
        // LSTM 32 on 16: 4*(32*16 + 32*32 + 64) = 6400.
        panel.selectLayer(0);
        panel.setLayerType(LayerType::Rnn);
        panel.setLayerUnits(16);
        panel.setLayerActivation(Activation::Relu);
        QCOMPARE(panel.spec().layers[0].type, LayerType::Rnn);
        QCOMPARE(panel.spec().layers[0].activation, Activation::Relu);
        QCOMPARE(panel.totalParameters(), 304LL + 6400LL + 33LL);
        QCOMPARE(panel.findChild<QTableWidget *>(QStringLiteral("summaryTable"))->rowCount(), 3);
    }

    void invalidStacksAreRefused()
    {
        ModelPanel panel;
        panel.setDataShape(1, 12, 1);
        // Dense before a recurrent layer.
        panel.selectLayer(2);
        panel.moveLayer(-1); // LSTM 64 -> Dense -> LSTM 32
        QVERIFY(!panel.isValid());
        QCOMPARE(panel.totalParameters(), -1LL);
        auto *message = panel.findChild<QLabel *>(QStringLiteral("messageLabel"));
        QVERIFY(message->isVisibleTo(&panel));
        QVERIFY(!message->text().isEmpty());
        panel.moveLayer(+1);
        QVERIFY(panel.isValid());
        QVERIFY(!message->isVisibleTo(&panel));
        // No recurrent layer at all.
        panel.selectLayer(0);
        panel.removeLayer();
        panel.selectLayer(0);
        panel.removeLayer();
        QCOMPARE(int(panel.spec().layers.size()), 1);
        QVERIFY(!panel.isValid());
        // And the window refuses to train it.
        MainWindow window;
        window.setInteractive(false);
        QVERIFY(window.openData(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
        window.modelPanel()->selectLayer(0);
        window.modelPanel()->removeLayer();
        window.modelPanel()->removeLayer();
        QVERIFY(!window.modelPanel()->isValid());
        window.startTraining();
        QVERIFY(!window.isTraining());
        QVERIFY(window.bannerText().contains(QStringLiteral("cannot be trained")));
    }
};

QTEST_MAIN(TestPanels)
#include "tst_app_panels.moc"
