// Writes the demo experiment of the run-list screenshot: five trainings in the window
// on the airline sample (RNN, LSTM, GRU of 16 units, the LSTM again at recurrent gain
// 1.5 and with clipping at 0.5), all selected, so opening it shows them overlaid.
//   rnnlab-runs-demo OUT.json [EPOCHS=30]
#include "mainwindow.h"
#include "modelpanel.h"
#include "runs/rundock.h"
#include "runs/runlistmodel.h"
#include "trainingpanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QStandardPaths>

#include <cstdio>

using namespace rnnlab;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    if (argc < 2) {
        std::fprintf(stderr, "usage: rnnlab-runs-demo OUT.json [EPOCHS]\n");
        return 2;
    }
    const int epochs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 30;
    MainWindow w;
    w.setInteractive(false);
    if (!w.openSample(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv"))) {
        return 1;
    }
    struct Variant {
        const char *name;
        LayerType cell;
        double gain;
        double clip; // 0: off
    };
    const Variant variants[] = {{"RNN 16", LayerType::Rnn, 1.0, 0},
                                {"LSTM 16", LayerType::Lstm, 1.0, 0},
                                {"GRU 16", LayerType::Gru, 1.0, 0},
                                {"LSTM 16, gain 1.5", LayerType::Lstm, 1.5, 0},
                                {"LSTM 16, clip 0.5", LayerType::Lstm, 1.0, 0.5}};
    int row = 0;
    for (const Variant &v : variants) {
        ModelSpec s = w.modelPanel()->spec();
        s.layers = {LayerSpec{v.cell, 16, Activation::Tanh, true}, LayerSpec{LayerType::Dense, 1, Activation::Linear, true}};
        w.modelPanel()->setSpec(s);
        w.modelPanel()->setRecurrentGain(v.gain);
        w.modelPanel()->setSeed(7);
        TrainConfig t = w.trainingPanel()->config();
        t.epochs = epochs;
        t.patience = 0;
        t.clip.kind = v.clip > 0 ? ClipKind::Norm : ClipKind::None;
        t.clip.threshold = v.clip > 0 ? v.clip : t.clip.threshold;
        w.trainingPanel()->setConfig(t);
        w.startTraining();
        QElapsedTimer timer;
        timer.start();
        while (w.runDock()->model()->rowCount() <= row && timer.elapsed() < 600000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        }
        if (w.runDock()->model()->rowCount() <= row) {
            std::fprintf(stderr, "run %d did not finish: %s\n", row + 1, qPrintable(w.lastError()));
            return 1;
        }
        w.runDock()->model()->rename(row, QString::fromLatin1(v.name));
        std::fprintf(stderr, "%s: %.1f s\n", v.name, double(timer.elapsed()) / 1000);
        ++row;
    }
    w.runDock()->model()->setReference(1); // the differences column compares with the LSTM
    w.runDock()->selectRows({0, 1, 2, 3, 4});
    if (!w.saveExperiment(QString::fromLocal8Bit(argv[1]))) {
        std::fprintf(stderr, "%s\n", qPrintable(w.lastError()));
        return 1;
    }
    return 0;
}
