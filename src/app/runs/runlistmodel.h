// The run list as a Qt table model: one row per run record with its name (editable),
// colour and visibility (check box), how it ended, its cells, the settings that differ
// from the reference run (highlighted), final losses, test MASE, grad ratio and wall
// time. Rename, hide, delete and reorder go through a QUndoStack, so each is undoable.
// Not a view: the main window puts it in a QTableView and overlays the visible runs.
#pragma once
#include "runs/run_record.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QUndoStack>

#include <memory>

namespace rnnlab {

class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, End, Cells, Differences, TrainLoss, ValLoss, TestMase, GradRatio, WallTime, ColumnCount };
    // Typed values for views and overlays (the row is the run's index in runs()).
    enum Role { ColourRole = Qt::UserRole + 1, VisibleRole, ReferenceRole };

    explicit RunListModel(QObject *parent = nullptr);
    ~RunListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Name column: EditRole renames, CheckStateRole shows or hides (both undoable).
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    // Appends a run (not undoable: a finished training is a fact). Its colour is the
    // next of the plot colour cycle and stays with it through moves and undo.
    int addRun(const RunRecord &run);
    // Replaces every run (an experiment opened): colours start again, undo is emptied.
    void resetRuns(const std::vector<RunRecord> &runs);
    const RunRecord &run(int row) const;
    std::vector<RunRecord> runs() const;
    QColor colour(int row) const;
    bool isVisible(int row) const;
    // The rows drawn in the overlays, in list order.
    QList<int> visibleRows() const;

    // The run the "differences" column compares with; -1 (the default) means the first
    // run. A deleted reference comes back as the reference with undo; meanwhile the first row stands in.
    void setReference(int row);
    int reference() const;

    // Undoable commands.
    void rename(int row, const QString &name);
    void setRunVisible(int row, bool visible);
    void removeRuns(QList<int> rows);   // one undo step for all of them
    void moveRun(int from, int to);     // to: the row it has afterwards
    QUndoStack *undoStack() { return &m_undo; }

private:
    struct Entry;
    class RenameCommand;
    class VisibleCommand;
    class RemoveCommand;
    class MoveCommand;

    void insertEntry(int row, std::shared_ptr<Entry> e);
    std::shared_ptr<Entry> takeEntry(int row);
    void emitRowChanged(int row);
    int rowOf(const Entry *e) const;

    std::vector<std::shared_ptr<Entry>> m_entries;
    std::shared_ptr<Entry> m_reference; // null: the first row
    QUndoStack m_undo;
    int m_nextColour = 0;
};

} // namespace rnnlab
