// The comparisons in the window (see comparisonwiring.h).
#include "runs/comparisonwiring.h"

#include "mainwindow.h"
#include "runs/rundock.h"
#include "runs/runlistmodel.h"
#include "runs/run_record.h"

#include <QCoreApplication>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include <iostream>

namespace rnnlab {

ComparisonWiring::ComparisonWiring(MainWindow *window, QAction *beforeMenu, QToolBar *toolBar,
                                   ComparisonController::BaseProvider base)
    : QObject(window)
    , m_window(window)
    , m_controller(new ComparisonController(window, std::move(base)))
{
    window->menuBar()->insertMenu(beforeMenu, m_controller->menu());
    toolBar->addSeparator();
    toolBar->addActions(m_controller->actions());
    window->statusBar()->addPermanentWidget(m_controller->progressWidget());
    connect(m_controller, &ComparisonController::runsReady, this, &ComparisonWiring::onRunsReady);
    connect(m_controller, &ComparisonController::runningChanged, this, [this](bool running) {
        if (running) {
            m_rowCount = 0;
        }
        emit runningChanged();
    });
    connect(m_controller, &ComparisonController::finished, this, [this](bool cancelled) {
        const int kept = int(m_controller->lastRuns().size());
        m_window->statusBar()->showMessage(cancelled ? tr("Comparison cancelled; %n run(s) kept.", nullptr, kept)
                                                     : tr("Comparison done: %n run(s).", nullptr, kept),
                                           8000);
        endHandsFree(cancelled ? tr("the comparison was cancelled") : QString());
    });
    connect(m_controller, &ComparisonController::failed, this, [this](const QString &error) {
        emit failed(error);
        endHandsFree(error);
    });
}

void ComparisonWiring::onRunsReady(const std::vector<RunRecord> &runs)
{
    // Each run goes into the run list as it is ready (plan order); the comparison's runs
    // so far are the selection, so the plots overlay them together.
    RunDock *dock = m_window->runDock();
    dock->addRuns(runs, false);
    m_rowCount += int(runs.size());
    const int rows = dock->model()->rowCount();
    QList<int> mine;
    for (int row = std::max(0, rows - m_rowCount); row < rows; ++row) {
        mine << row;
    }
    dock->selectRows(mine);
}

void ComparisonWiring::endHandsFree(const QString &error)
{
    if (!m_window->quitAfterTraining()) {
        return;
    }
    // Hands-free, the comparison's end ends the process: the screenshot, one line per run, the exit code.
    QTimer::singleShot(150, this, [this, error] {
        int code = error.isEmpty() ? 0 : 1;
        const QString shot = m_window->screenshotPath();
        if (!shot.isEmpty() && !m_window->saveScreenshot(shot)) {
            std::cerr << "rnnlab: cannot write the screenshot " << shot.toStdString() << "\n";
            code = 1;
        }
        for (const RunRecord &r : m_controller->lastRuns()) {
            std::cerr << "rnnlab: run " << r.name << ": " << describeEnd(r.end, r.endEpoch) << ", grad_ratio "
                      << gradRatio(r) << ", " << r.wallSeconds << " s\n";
        }
        if (!error.isEmpty()) {
            std::cerr << "rnnlab: " << error.toStdString() << "\n";
        }
        QCoreApplication::exit(code);
    });
}

} // namespace rnnlab
