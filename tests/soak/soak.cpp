// rnnlab-soak: leak and growth check in one process, run by scripts/soak (never timed,
// CTest label "bench" so the test run skips it): N start/stop cycles through
// TrainingController and M experiment open/close cycles (a window each), with the
// resident set size (VmRSS) after a warm-up and at the end, printed as one JSON line.
#include "experiment.h"
#include "mainwindow.h"
#include "training/trainingcontroller.h"

#include <QApplication>
#include <QEventLoop>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace rnnlab;

namespace {

long rssKiB()
{
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::atol(line.c_str() + 6);
        }
    }
    return -1;
}

// One cycle: start, let the worker get going (its first snapshot or 20 ms), stop, wait.
void cycle(TrainingController &c, const TrainingJob &job)
{
    QEventLoop loop;
    const auto conn = QObject::connect(&c, &TrainingController::snapshotReady, &loop, &QEventLoop::quit);
    QTimer::singleShot(20, &loop, &QEventLoop::quit);
    c.start(job);
    loop.exec();
    QObject::disconnect(conn);
    c.stopAndWait();
    QCoreApplication::processEvents(); // deliver the queued finished/snapshot signals
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const int runs = argc > 1 ? std::atoi(argv[1]) : 500;
    const int opens = argc > 2 ? std::atoi(argv[2]) : 200;
    const QString data = QStringLiteral(RNNLAB_SAMPLE_DIR "/airpassengers.csv");

    TrainingJob job;
    job.series = loadSeries(data.toStdString());
    job.spec = parseModelSpec("lstm:8,dense", 1, 1);
    job.train.epochs = 1000000;
    job.train.batchSize = 16;

    QTemporaryDir dir;
    const QString exp = dir.filePath(QStringLiteral("soak.json"));
    {
        MainWindow w;
        w.setInteractive(false);
        if (!w.openData(data) || !w.saveExperiment(exp)) {
            std::fprintf(stderr, "rnnlab-soak: cannot make the experiment: %s\n", qPrintable(w.lastError()));
            return 1;
        }
    }

    TrainingController controller;
    cycle(controller, job); // warm-up: thread pools, Qt caches
    const long rss0 = rssKiB();
    for (int i = 0; i < runs; ++i) {
        cycle(controller, job);
    }
    const long rss1 = rssKiB();
    {
        MainWindow w;
        w.setInteractive(false);
        w.openExperiment(exp);
    }
    const long rss2 = rssKiB();
    int failures = 0;
    for (int i = 0; i < opens; ++i) {
        MainWindow w;
        w.setInteractive(false);
        failures += w.openExperiment(exp) ? 0 : 1;
        w.close();
        QCoreApplication::processEvents();
    }
    const long rss3 = rssKiB();
    std::printf("{\"start_stop_cycles\": %d, \"rss_kib_before\": %ld, \"rss_kib_after\": %ld, "
                "\"experiment_open_close\": %d, \"open_failures\": %d, \"rss_kib_before_opens\": %ld, "
                "\"rss_kib_after_opens\": %ld}\n",
                runs, rss0, rss1, opens, failures, rss2, rss3);
    return failures == 0 ? 0 : 1;
}
