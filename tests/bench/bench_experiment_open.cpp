// Bench (not a test): how long an experiment with 20 runs of the canonical model
// (lstm:64 return_sequences -> lstm:32 -> dense on the airline sample) takes to open.
// One real run is trained for a few epochs through the core; its history is stretched
// to EPOCHS epochs (every epoch keeps its gradient-through-time curves) and it is
// copied 20 times with its weights; the window saves the experiment, then fresh windows
// open it. Prints the file size and the parse-only and window open times (median of REPS).
//   rnnlab-bench-experiment [EPOCHS=100] [REPS=5]
#include "datapanel.h"
#include "experiment.h"
#include "mainwindow.h"
#include "modelpanel.h"
#include "runs/rundock.h"
#include "runs/run_trainer.h"
#include "trainingpanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace rnnlab;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const int epochs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 100;
    const int reps = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    const QString data = QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("twenty_runs.json"));
    {
        MainWindow w;
        w.setInteractive(false);
        if (!w.openSample(data)) {
            std::fprintf(stderr, "cannot open %s\n", qPrintable(data));
            return 1;
        }
        const DataConfig dc = w.dataPanel()->config();
        RunSettings s;
        s.data.file = data.toStdString();
        s.data.checksum = fileChecksum(data).toStdString();
        s.windows = dc;
        s.spec = parseModelSpec("lstm:64,lstm:32,dense", w.dataPanel()->windows()->features(), dc.horizon);
        s.train = w.trainingPanel()->config();
        s.train.epochs = 3;
        s.train.patience = 0;
        w.modelPanel()->setSpec(s.spec);
        QElapsedTimer t;
        t.start();
        RunRecord run = trainRun("canonical", s, loadSeries(data.toStdString()));
        std::fprintf(stderr, "trained %d epochs of %s in %.2f s\n", int(run.history.size()),
                     formatModelSpec(s.spec).c_str(), double(t.nsecsElapsed()) * 1e-9);
        const std::vector<EpochStats> base = run.history;
        run.history.clear();
        for (int e = 0; e < epochs; ++e) {
            EpochStats st = base[std::size_t(e) % base.size()];
            st.epoch = e + 1;
            run.history.push_back(st);
        }
        run.endEpoch = epochs;
        run.settings.train.epochs = epochs;
        std::vector<RunRecord> runs;
        for (int i = 0; i < 20; ++i) {
            RunRecord r = run;
            r.name = "run " + std::to_string(i + 1);
            r.settings.train.seed = std::uint64_t(i + 1);
            runs.push_back(r);
        }
        w.addRuns(runs, false);
        if (!w.saveExperiment(path)) {
            std::fprintf(stderr, "cannot save: %s\n", qPrintable(w.lastError()));
            return 1;
        }
    }
    // The same experiment without its runs: what opening costs before the run list.
    const QString bare = dir.filePath(QStringLiteral("no_runs.json"));
    {
        Experiment e = loadExperiment(path);
        e.runs.clear();
        e.selectedRuns.clear();
        saveExperiment(bare, e);
    }
    std::vector<double> parse, open, openBare;
    for (int i = 0; i < reps; ++i) {
        {
            MainWindow w;
            w.setInteractive(false);
            QElapsedTimer t;
            t.start();
            if (!w.openExperiment(bare)) {
                return 1;
            }
            QCoreApplication::processEvents();
            openBare.push_back(double(t.nsecsElapsed()) * 1e-9);
        }
        QElapsedTimer t;
        t.start();
        const Experiment e = loadExperiment(path);
        parse.push_back(double(t.nsecsElapsed()) * 1e-9);
        if (e.runs.size() != 20) {
            return 1;
        }
        MainWindow w;
        w.setInteractive(false);
        t.restart();
        if (!w.openExperiment(path) || w.runDock()->runs().size() != 20) {
            std::fprintf(stderr, "cannot open: %s\n", qPrintable(w.lastError()));
            return 1;
        }
        QCoreApplication::processEvents(); // the queued replots of what it restored
        open.push_back(double(t.nsecsElapsed()) * 1e-9);
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    std::printf("experiment: 20 runs x %d epochs of lstm:64,lstm:32,dense, %.1f MB\n", epochs,
                double(QFileInfo(path).size()) / 1e6);
    std::printf("loadExperiment (read + parse + check): median %.3f s of %d\n", median(parse), reps);
    std::printf("MainWindow::openExperiment (all of it, plots and run list): median %.3f s of %d\n", median(open), reps);
    std::printf("MainWindow::openExperiment of the same file without its runs: median %.3f s of %d\n", median(openBare),
                reps);
    std::printf("the runs' share: %.3f s\n", median(open) - median(openBare));
    return 0;
}
