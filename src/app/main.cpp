// rnnlab: the RNN Lab window. With no arguments it opens on a bundled sample with the
// canonical model; the options run it without hands (train, screenshot, exit), e.g.
//   rnnlab --data sample_data/airpassengers.csv --autostart --quit-after-training --screenshot shot.png
#include "generatedialog.h"
#include "mainwindow.h"
#include "trainingpanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <iostream>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RNN Lab"));
    QApplication::setOrganizationName(QStringLiteral("RNNLab"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setDesktopFileName(QStringLiteral("rnnlab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Train recurrent networks on time series and watch them learn."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataOpt(QStringLiteral("data"), QStringLiteral("Open this CSV/TSV series."), QStringLiteral("FILE"));
    const QCommandLineOption experimentOpt(QStringLiteral("experiment"), QStringLiteral("Open a saved experiment."), QStringLiteral("FILE"));
    const QCommandLineOption autostartOpt(QStringLiteral("autostart"), QStringLiteral("Start training once the window is up."));
    const QCommandLineOption quitOpt(QStringLiteral("quit-after-training"), QStringLiteral("Exit when the run ends (0 on success)."));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"), QStringLiteral("After the run, save the window as a PNG."), QStringLiteral("PATH"));
    const QCommandLineOption epochsOpt(QStringLiteral("epochs"), QStringLiteral("Override the number of epochs."), QStringLiteral("N"));
    const QCommandLineOption tabOpt(QStringLiteral("tab"), QStringLiteral("Plot tab to show: predictions or gradients."), QStringLiteral("NAME"));
    const QCommandLineOption panelOpt(QStringLiteral("panel"), QStringLiteral("Panel tab to show: data, model or training."), QStringLiteral("NAME"));
    const QCommandLineOption generateOpt(QStringLiteral("generate"),
                                         QStringLiteral("Open a generated teaching series: sine, random_walk or echo."),
                                         QStringLiteral("KIND"));
    parser.addOptions({generateOpt, dataOpt, experimentOpt, autostartOpt, quitOpt, shotOpt, epochsOpt, tabOpt, panelOpt});
    parser.process(app);

    rnnlab::MainWindow window;
    const bool headless = parser.isSet(quitOpt);
    window.setInteractive(!headless);
    window.setQuitAfterTraining(headless);
    if (parser.isSet(shotOpt)) {
        window.setScreenshotPath(QFileInfo(parser.value(shotOpt)).absoluteFilePath());
        window.resize(1280, 800); // screenshots have the same size everywhere
    }

    bool ok = true;
    if (parser.isSet(experimentOpt)) {
        ok = window.openExperiment(parser.value(experimentOpt));
        if (!ok) {
            std::cerr << "rnnlab: " << window.lastError().toStdString() << "\n";
        }
    } else if (parser.isSet(generateOpt)) {
        const QString kind = parser.value(generateOpt);
        if (kind != QLatin1String("sine") && kind != QLatin1String("random_walk") && kind != QLatin1String("echo")) {
            std::cerr << "rnnlab: --generate takes sine, random_walk or echo, not " << kind.toStdString() << "\n";
            return 2;
        }
        ok = window.openGenerated(rnnlab::defaultGenerator(kind));
    } else {
        QString data = parser.value(dataOpt);
        if (data.isEmpty()) {
            const QString dir = rnnlab::MainWindow::findSampleDir();
            if (!dir.isEmpty()) {
                data = dir + QStringLiteral("/airpassengers.csv");
            }
        }
        if (!data.isEmpty()) {
            ok = window.openData(data);
            if (!ok) {
                std::cerr << "rnnlab: " << window.lastError().toStdString() << "\n";
            }
        }
    }
    if (parser.isSet(epochsOpt)) {
        window.trainingPanel()->setEpochs(parser.value(epochsOpt).toInt());
    }
    if (parser.isSet(tabOpt)) {
        window.showPlotTab(parser.value(tabOpt));
    }
    if (parser.isSet(panelOpt)) {
        window.showPanelTab(parser.value(panelOpt));
    }
    window.show();
    if (headless && !ok) {
        return 2;
    }
    if (parser.isSet(autostartOpt)) {
        QTimer::singleShot(0, &window, [&window, headless] {
            window.startTraining();
            if (headless && !window.isTraining()) {
                std::cerr << "rnnlab: training could not start: " << window.bannerText().toStdString() << "\n";
                QCoreApplication::exit(2);
            }
        });
    } else if (headless) {
        // Nothing to train: still honour --screenshot.
        QTimer::singleShot(200, &window, [&window, &parser, &shotOpt] {
            const bool saved = !parser.isSet(shotOpt) || window.saveScreenshot(QFileInfo(parser.value(shotOpt)).absoluteFilePath());
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}
