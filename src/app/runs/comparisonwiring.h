// The one-click comparisons put into the window: the Compare menu before Help, its
// actions on the toolbar, its progress in the status bar. Each comparison's runs go into
// the run list as they are ready (plan order) and are selected together, so the plots
// overlay them; its end is said in the status bar, and hands-free
// (--quit-after-training) it ends the process with the screenshot and one line per run.
#pragma once
#include "runs/comparisoncontroller.h"

#include <QObject>

class QAction;
class QToolBar;

namespace rnnlab {

class MainWindow;

class ComparisonWiring : public QObject {
    Q_OBJECT
public:
    // base: what the window would train now; the Compare menu goes before `beforeMenu`,
    // its actions at the end of `toolBar`.
    ComparisonWiring(MainWindow *window, QAction *beforeMenu, QToolBar *toolBar, ComparisonController::BaseProvider base);

    ComparisonController *controller() const { return m_controller; }

signals:
    void runningChanged();             // the window's buttons follow
    void failed(const QString &error); // the window's banner and lastError()

private:
    void onRunsReady(const std::vector<RunRecord> &runs);
    void endHandsFree(const QString &error);

    MainWindow *m_window;
    ComparisonController *m_controller;
    int m_rowCount = 0; // the running comparison's runs: the last rows of the run list
};

} // namespace rnnlab
