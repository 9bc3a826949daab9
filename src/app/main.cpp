// rnnlab: the RNN Lab window. With no arguments it opens on a bundled sample with the
// canonical model; the options run it without hands (train, screenshot, exit), e.g.
//   rnnlab --sample airpassengers --autostart --quit-after-training --screenshot shot.png
//   rnnlab --sample echo_lag20 --compare rnn,lstm,gru --gain 0.5 --epochs 20 --autostart --quit-after-training
#include "datapanel.h"
#include "generatedialog.h"
#include "guardedapplication.h"
#include "mainwindow.h"
#include "modelpanel.h"
#include "plots/predictionplot.h"
#include "runs/comparisonlists.h"
#include "trainingpanel.h"
#include "uitrace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <iostream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <optional>

namespace {
int fail(const QString &message)
{
    std::cerr << "rnnlab: " << message.toStdString() << "\n";
    return 2;
}
} // namespace

int main(int argc, char *argv[])
{
#if defined(__GLIBC__)
    // A fixed threshold: every buffer of 1 MiB or more (series columns, windows, baseline
    // forecasts, plot data) is its own mapping, returned to the system when freed. With
    // glibc's default sliding threshold a freed big buffer raises the threshold, its
    // successors land in the heap and stay resident after they are freed: a 1M-row file
    // peaked at 216 MB RSS instead of 169 (scripts/bench-gui-memory, 2026-12-02).
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
    rnnlab::GuardedApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RNN Lab"));
    QApplication::setOrganizationName(QStringLiteral("RNNLab"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setDesktopFileName(QStringLiteral("rnnlab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Train recurrent networks on time series and watch them learn."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataOpt(QStringLiteral("data"), QStringLiteral("Open this CSV/TSV series (generic data settings)."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption sampleOpt(QStringLiteral("sample"),
                                       QStringLiteral("Open a bundled sample with its recommended data settings, e.g. "
                                                      "airpassengers or echo_lag20."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption experimentOpt(QStringLiteral("experiment"), QStringLiteral("Open a saved experiment."), QStringLiteral("FILE"));
    const QCommandLineOption autostartOpt(QStringLiteral("autostart"), QStringLiteral("Start training once the window is up."));
    const QCommandLineOption quitOpt(QStringLiteral("quit-after-training"),
                                     QStringLiteral("Exit when the run ends (0 on success); prints the training time to stderr."));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"),
                                     QStringLiteral("After the run, save the window (1280x800, default layout) as a PNG."),
                                     QStringLiteral("PATH"));
    const QCommandLineOption epochsOpt(QStringLiteral("epochs"), QStringLiteral("Override the number of epochs."), QStringLiteral("N"));
    const QCommandLineOption ensembleOpt(QStringLiteral("ensemble"),
                                         QStringLiteral("Train a seed ensemble of N networks (the Training tab's Ensemble)."),
                                         QStringLiteral("N"));
    const QCommandLineOption lookbackOpt(QStringLiteral("lookback"), QStringLiteral("Override the lookback (time steps per window)."),
                                         QStringLiteral("L"));
    const QCommandLineOption horizonOpt(QStringLiteral("horizon"), QStringLiteral("Override the forecast horizon."), QStringLiteral("H"));
    const QCommandLineOption modelOpt(QStringLiteral("model"),
                                      QStringLiteral("Layer stack, e.g. rnn:32,dense or lstm:64,lstm:32,dense (the last "
                                                     "dense gets the horizon's units)."),
                                      QStringLiteral("SPEC"));
    const QCommandLineOption gainOpt(QStringLiteral("gain"), QStringLiteral("Recurrent gain of the W_hh initialisation."),
                                     QStringLiteral("G"));
    const QCommandLineOption tabOpt(QStringLiteral("tab"), QStringLiteral("Plot tab to show: predictions, gradients, residuals or horizon."), QStringLiteral("NAME"));
    const QCommandLineOption panelOpt(QStringLiteral("panel"), QStringLiteral("Panel tab to show: data, model or training."), QStringLiteral("NAME"));
    const QCommandLineOption generateOpt(QStringLiteral("generate"),
                                         QStringLiteral("Open a generated teaching series: sine, random_walk or echo."),
                                         QStringLiteral("KIND"));
    const QCommandLineOption sizeOpt(QStringLiteral("window-size"),
                                     QStringLiteral("Window size, e.g. 1024x700 (with --screenshot: the picture's size)."),
                                     QStringLiteral("WxH"));
    const QCommandLineOption compareOpt(QStringLiteral("compare"),
                                        QStringLiteral("With --autostart: train these cells side by side instead of one "
                                                       "run (rnn,lstm,gru; the model's layer sizes, one thread each)."),
                                        QStringLiteral("CELLS"));
    const QCommandLineOption compareGainsOpt(QStringLiteral("compare-gains"),
                                             QStringLiteral("With --autostart: one run per recurrent gain, e.g. 0.5,1,1.5."),
                                             QStringLiteral("GAINS"));
    const QCommandLineOption compareClipOpt(QStringLiteral("compare-clip"),
                                            QStringLiteral("With --autostart: one run per global-norm clipping threshold, "
                                                           "0 = off, auto = a quarter of the median global norm of the unclipped run, "
                                                           "e.g. 0,auto."),
                                            QStringLiteral("NORMS"));
    parser.addOptions({generateOpt, dataOpt, sampleOpt, experimentOpt, autostartOpt, quitOpt, shotOpt, epochsOpt, lookbackOpt,
                       horizonOpt, modelOpt, gainOpt, tabOpt, panelOpt, sizeOpt, compareOpt, compareGainsOpt, compareClipOpt,
                       ensembleOpt});
    parser.process(app);

    // A comparison instead of one run: the lists are checked before any window opens.
    std::optional<rnnlab::ComparisonAxes> compareAxes;
    QString compareTitle;
    if (parser.isSet(compareOpt) || parser.isSet(compareGainsOpt) || parser.isSet(compareClipOpt)) {
        rnnlab::ComparisonAxes axes;
        QString error;
        QStringList kinds;
        if (parser.isSet(compareOpt)) {
            const auto cells = rnnlab::parseCellList(parser.value(compareOpt), &error);
            if (!cells) {
                return fail(QStringLiteral("--compare: %1").arg(error));
            }
            axes.cells = *cells;
            kinds << QStringLiteral("Compare cells");
        }
        if (parser.isSet(compareGainsOpt)) {
            const auto gains = rnnlab::parseGainList(parser.value(compareGainsOpt), &error);
            if (!gains) {
                return fail(QStringLiteral("--compare-gains: %1").arg(error));
            }
            if (parser.isSet(gainOpt)) {
                return fail(QStringLiteral("--compare-gains replaces --gain: give one or the other"));
            }
            axes.gains = *gains;
            kinds << QStringLiteral("Gain sweep");
        }
        if (parser.isSet(compareClipOpt)) {
            if (!rnnlab::parseClipList(parser.value(compareClipOpt), axes, &error)) {
                return fail(QStringLiteral("--compare-clip: %1").arg(error));
            }
            kinds << QStringLiteral("Clipping A/B");
        }
        if (!parser.isSet(autostartOpt)) {
            return fail(QStringLiteral("--%1 needs --autostart (it starts the comparison's training)")
                            .arg(parser.isSet(compareOpt) ? QStringLiteral("compare")
                                                          : parser.isSet(compareGainsOpt) ? QStringLiteral("compare-gains")
                                                                                          : QStringLiteral("compare-clip")));
        }
        compareAxes = axes;
        compareTitle = kinds.size() == 1 ? kinds.front() : QStringLiteral("Comparison");
    }

    rnnlab::MainWindow window;
    rnnlab::uitrace::attach(&window);
    // --screenshot without training (no --autostart) is a run without hands too:
    // take the picture and exit instead of leaving a window nobody sees.
    const bool headless = parser.isSet(quitOpt) || (parser.isSet(shotOpt) && !parser.isSet(autostartOpt));
    // Nobody can click a dialog on these platforms or in a picture-taking run: errors
    // and confirmations go to stderr and the process exits non-zero instead.
    const bool noScreen = QGuiApplication::platformName() == QLatin1String("offscreen")
        || QGuiApplication::platformName() == QLatin1String("minimal");
    const bool interactive = !headless && !parser.isSet(shotOpt)
        && !(noScreen && (parser.isSet(autostartOpt) || parser.isSet(experimentOpt)));
    window.setInteractive(interactive);
    app.setInteractive(interactive);
    window.setQuitAfterTraining(headless);
    if (parser.isSet(shotOpt)) {
        window.setScreenshotPath(QFileInfo(parser.value(shotOpt)).absoluteFilePath());
        window.resetLayout(); // screenshots look the same whatever the saved geometry
    }
    if (parser.isSet(sizeOpt)) {
        const QStringList wh = parser.value(sizeOpt).split(QLatin1Char('x'));
        bool okW = false, okH = false;
        const int w = wh.size() == 2 ? wh[0].toInt(&okW) : 0;
        const int h = wh.size() == 2 ? wh[1].toInt(&okH) : 0;
        if (!okW || !okH || w < 320 || h < 240 || w > 7680 || h > 4320) {
            return fail(QStringLiteral("--window-size takes WxH between 320x240 and 7680x4320, not %1").arg(parser.value(sizeOpt)));
        }
        window.resize(w, h);
    }

    bool ok = true;
    if (parser.isSet(experimentOpt)) {
        ok = window.openExperiment(parser.value(experimentOpt));
    } else if (parser.isSet(generateOpt)) {
        const QString kind = parser.value(generateOpt);
        if (kind != QLatin1String("sine") && kind != QLatin1String("random_walk") && kind != QLatin1String("echo")) {
            return fail(QStringLiteral("--generate takes sine, random_walk or echo, not %1").arg(kind));
        }
        ok = window.openGenerated(rnnlab::defaultGenerator(kind));
    } else if (parser.isSet(dataOpt)) {
        ok = window.openData(parser.value(dataOpt));
    } else if (!headless && !parser.isSet(sampleOpt) && window.reopenLastSession()) {
        // No data named: what the last session had open, when it still exists.
    } else {
        // No data named: a bundled sample, the airline series unless --sample says which.
        const QString dir = rnnlab::MainWindow::findSampleDir();
        QString name = parser.isSet(sampleOpt) ? parser.value(sampleOpt) : QStringLiteral("airpassengers");
        if (!name.endsWith(QLatin1String(".csv"))) {
            name += QStringLiteral(".csv");
        }
        const QString path = dir + QLatin1Char('/') + name;
        if (dir.isEmpty() || !QFileInfo(path).isFile()) {
            if (parser.isSet(sampleOpt)) {
                return fail(QStringLiteral("no bundled sample %1 (looked in %2)").arg(name, dir.isEmpty() ? QStringLiteral("no sample_data directory") : dir));
            }
        } else {
            ok = window.openSample(path);
        }
    }
    if (!ok) {
        std::cerr << "rnnlab: " << window.lastError().toStdString() << "\n";
    }
    if (parser.isSet(horizonOpt)) {
        bool isInt = false;
        const int h = parser.value(horizonOpt).toInt(&isInt);
        if (!isInt || h < 1) {
            return fail(QStringLiteral("--horizon takes a whole number >= 1, not %1").arg(parser.value(horizonOpt)));
        }
        rnnlab::DataConfig c = window.dataPanel()->config();
        c.horizon = h;
        window.dataPanel()->setConfig(c);
    }
    if (parser.isSet(lookbackOpt)) {
        bool isInt = false;
        const int l = parser.value(lookbackOpt).toInt(&isInt);
        rnnlab::DataConfig c = window.dataPanel()->config();
        c.lookback = l;
        window.dataPanel()->setConfig(c);
        if (!isInt || window.dataPanel()->config().lookback != l) { // the spin box would clamp it
            return fail(QStringLiteral("--lookback takes a whole number >= 1 that the Lookback field accepts, not %1").arg(parser.value(lookbackOpt)));
        }
    }
    if (parser.isSet(modelOpt)) {
        const auto &w = window.dataPanel()->windows();
        try {
            const rnnlab::ModelSpec spec = rnnlab::parseModelSpec(parser.value(modelOpt).toStdString(), w ? w->features() : 1,
                                                                  window.dataPanel()->config().horizon);
            rnnlab::validate(spec);
            window.modelPanel()->setSpec(spec);
        } catch (const std::exception &e) {
            return fail(QStringLiteral("--model %1: %2").arg(parser.value(modelOpt), QString::fromStdString(e.what())));
        }
    }
    if (compareAxes && !compareAxes->cells.empty() && !parser.isSet(modelOpt)
        && parser.value(sampleOpt) == QLatin1String("echo_lag20")) {
        // The echo lesson: the default two-layer stack at lr 0.001 lets a plain RNN keep
        // its gradient after 20 epochs (ratio 2.8); one layer of its first size at lr 0.003
        // shows it vanishing while LSTM and GRU keep theirs.
        rnnlab::ModelSpec spec = window.modelPanel()->spec();
        if (spec.layers.size() > 2) {
            spec.layers.erase(spec.layers.begin() + 1, spec.layers.end() - 1);
            window.modelPanel()->setSpec(spec);
        }
        window.trainingPanel()->setLearningRate(0.003);
    }
    if (parser.isSet(gainOpt)) {
        bool isNumber = false;
        const double g = parser.value(gainOpt).toDouble(&isNumber);
        if (!isNumber || g <= 0) {
            return fail(QStringLiteral("--gain takes a number > 0, not %1").arg(parser.value(gainOpt)));
        }
        window.modelPanel()->setRecurrentGain(g);
    }
    if (parser.isSet(epochsOpt)) {
        window.trainingPanel()->setEpochs(parser.value(epochsOpt).toInt());
    }
    if (parser.isSet(ensembleOpt)) {
        window.trainingPanel()->setEnsembleSize(std::max(1, parser.value(ensembleOpt).toInt()));
    }
    if (parser.isSet(tabOpt)) {
        window.showPlotTab(parser.value(tabOpt));
    }
    if (parser.isSet(panelOpt)) {
        window.showPanelTab(parser.value(panelOpt));
    }
    window.show();
    if (!interactive && !ok) {
        return 2;
    }
    if (parser.isSet(autostartOpt)) {
        QTimer::singleShot(0, &window, [&window, interactive, compareAxes, compareTitle] {
            if (compareAxes) {
                if (!window.startComparison(*compareAxes, compareTitle) && !interactive) {
                    std::cerr << "rnnlab: the comparison could not start: " << window.lastError().toStdString() << "\n";
                    QCoreApplication::exit(2);
                }
                return;
            }
            window.startTraining();
            if (!interactive && !window.isTraining()) {
                std::cerr << "rnnlab: training could not start: " << window.bannerText().toStdString() << "\n";
                QCoreApplication::exit(2);
            }
        });
    } else if (headless) {
        // Nothing to train: still honour --screenshot, once the baselines of a long
        // series (computed in the background) are drawn.
        auto *poll = new QTimer(&window);
        poll->setInterval(200);
        QObject::connect(poll, &QTimer::timeout, &window, [&window, &parser, &shotOpt, poll] {
            if (window.predictionPlot()->baselinesPending()) {
                return;
            }
            poll->stop();
            const bool saved = !parser.isSet(shotOpt) || window.saveScreenshot(QFileInfo(parser.value(shotOpt)).absoluteFilePath());
            QCoreApplication::exit(saved ? 0 : 1);
        });
        poll->start();
    }
    return app.exec();
}
