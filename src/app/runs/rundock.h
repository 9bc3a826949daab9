// The run list dock: a table of every run of the experiment (RunListModel) beside the
// plots, with a context menu and keys for rename, hide/show, delete (undoable), move,
// set as reference, Retrain and Export report. The selected, visible runs are the
// ones overlaid on the plots; the dock only says when they change (overlaysChanged)
// and what the user asked for (retrain, report): the main window does the work.
// It shows itself when the first run arrives (the window hides it while the list is empty).
#pragma once
#include "runs/run_record.h"

#include <QDockWidget>

class QAction;
class QTableView;

namespace rnnlab {

class RunListModel;

class RunDock : public QDockWidget {
    Q_OBJECT
public:
    explicit RunDock(QWidget *parent = nullptr);

    // The one entry point for runs made elsewhere (a training, a comparison job): adds
    // them at the end of the list and, with `select`, selects exactly them, which
    // overlays them on the plots.
    void addRuns(const std::vector<RunRecord> &runs, bool select);
    // Replaces the list (an experiment opened); nothing is selected, undo is emptied.
    void setRuns(const std::vector<RunRecord> &runs);
    // Every run in list order, with the names the user gave them.
    std::vector<RunRecord> runs() const;
    // The selected rows that are visible (checked), in list order: what the plots overlay.
    QList<int> overlaidRows() const;
    void selectRows(const QList<int> &rows);

    RunListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QAction *deleteAction() const { return m_delete; }
    QAction *undoAction() const { return m_undo; }

signals:
    void overlaysChanged();
    void retrainRequested(const rnnlab::RunRecord &run);
    void reportRequested(const std::vector<rnnlab::RunRecord> &runs);

private:
    QList<int> selectedRows() const;
    void showMenu(const QPoint &pos);
    void updateActions();
    void moveSelected(int delta);
    // Every column as wide as its contents, none wider than a few hundred pixels.
    void fitColumns();

    RunListModel *m_model;
    QTableView *m_view;
    QAction *m_rename, *m_toggle, *m_delete, *m_up, *m_down, *m_reference, *m_retrain, *m_report, *m_undo, *m_redo;
};

} // namespace rnnlab
