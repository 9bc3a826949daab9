// The run list dock (see rundock.h).
#include "runs/rundock.h"

#include "runs/runlistmodel.h"

#include <QAction>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>
#include <QScrollBar>
#include <QTableView>

#include <algorithm>

namespace rnnlab {

namespace {
// The table asks for the header and five rows: the dock opens at that height (the
// user drags it taller) and the plots keep the rest of a 768-pixel window.
class RunTable : public QTableView {
public:
    using QTableView::QTableView;
    QSize sizeHint() const override
    {
        const int rows = 5;
        const int h = horizontalHeader()->sizeHint().height() + rows * verticalHeader()->defaultSectionSize() + 2 * frameWidth()
            + (horizontalScrollBar()->isVisible() ? horizontalScrollBar()->sizeHint().height() : 0);
        return {QTableView::sizeHint().width(), h};
    }
};

// No column wider than this after fitting: a long "differs" text is elided, its full
// text in the tooltip; the user may still drag a column wider.
constexpr int kMaxColumnWidth = 240;
} // namespace

RunDock::RunDock(QWidget *parent)
    : QDockWidget(tr("Runs"), parent)
    , m_model(new RunListModel(this))
    , m_view(new RunTable(this))
{
    setObjectName(QStringLiteral("runDock"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    m_view->setObjectName(QStringLiteral("runTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setWordWrap(false);
    // The header and one row at least: the list open costs the window as little height as it can.
    m_view->setMinimumHeight(2 * m_view->verticalHeader()->defaultSectionSize() + 4);
    m_view->setToolTip(tr("Select runs to overlay them on the plots (Ctrl/Shift for several); "
                          "the check box hides a run, double-click renames it."));
    setWidget(m_view);

    // Shortcuts live in the table, so Del in a spin box elsewhere still deletes a digit.
    auto action = [this](const QString &text, const QKeySequence &key, auto slot) {
        auto *a = new QAction(text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_view->addAction(a);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    m_rename = action(tr("Rename"), QKeySequence(Qt::Key_F2), [this] {
        const QList<int> rows = selectedRows();
        if (!rows.isEmpty()) {
            m_view->edit(m_model->index(rows.front(), RunListModel::Name));
        }
    });
    m_toggle = action(tr("Hide / show"), QKeySequence(Qt::Key_H), [this] {
        for (int row : selectedRows()) {
            m_model->setRunVisible(row, !m_model->isVisible(row));
        }
    });
    m_delete = action(tr("Delete"), QKeySequence::Delete, [this] { m_model->removeRuns(selectedRows()); });
    m_up = action(tr("Move up"), QKeySequence(Qt::ALT | Qt::Key_Up), [this] { moveSelected(-1); });
    m_down = action(tr("Move down"), QKeySequence(Qt::ALT | Qt::Key_Down), [this] { moveSelected(+1); });
    m_reference = action(tr("Set as reference"), QKeySequence(Qt::Key_R), [this] {
        const QList<int> rows = selectedRows();
        if (!rows.isEmpty()) {
            m_model->setReference(rows.front());
        }
    });
    m_retrain = action(tr("Retrain"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), [this] {
        const QList<int> rows = selectedRows();
        if (!rows.isEmpty()) {
            emit retrainRequested(runs()[std::size_t(rows.front())]);
        }
    });
    m_report = action(tr("Export report…"), QKeySequence(), [this] {
        const std::vector<RunRecord> all = runs();
        std::vector<RunRecord> chosen;
        for (int row : selectedRows()) {
            chosen.push_back(all[std::size_t(row)]);
        }
        if (!chosen.empty()) {
            emit reportRequested(chosen);
        }
    });
    m_undo = m_model->undoStack()->createUndoAction(this, tr("Undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(m_undo);
    m_redo = m_model->undoStack()->createRedoAction(this, tr("Redo"));
    m_redo->setShortcut(QKeySequence::Redo);
    m_redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(m_redo);

    connect(m_view, &QWidget::customContextMenuRequested, this, &RunDock::showMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        emit overlaysChanged();
    });
    // Anything that changes what is drawn or how it is named: hide, rename, delete, move, undo.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &RunDock::overlaysChanged);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RunDock::overlaysChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RunDock::overlaysChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RunDock::overlaysChanged);
    updateActions();
}

void RunDock::addRuns(const std::vector<RunRecord> &runs, bool select)
{
    QList<int> rows;
    for (const RunRecord &r : runs) {
        rows << m_model->addRun(r);
    }
    fitColumns();
    if (select) {
        selectRows(rows);
    }
    if (!runs.empty()) {
        show(); // hidden while the list is empty, so a first training keeps the whole height
    }
}

void RunDock::setRuns(const std::vector<RunRecord> &runs)
{
    m_view->clearSelection();
    m_model->resetRuns(runs);
    fitColumns();
    setVisible(!runs.empty());
}

void RunDock::fitColumns()
{
    for (int c = 0; c < RunListModel::ColumnCount; ++c) {
        m_view->resizeColumnToContents(c);
        if (m_view->columnWidth(c) > kMaxColumnWidth) {
            m_view->setColumnWidth(c, kMaxColumnWidth);
        }
    }
}

std::vector<RunRecord> RunDock::runs() const
{
    return m_model->runs();
}

void RunDock::selectRows(const QList<int> &rows)
{
    QItemSelection selection;
    for (int row : rows) {
        selection.select(m_model->index(row, 0), m_model->index(row, RunListModel::ColumnCount - 1));
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!rows.isEmpty()) {
        m_view->selectionModel()->setCurrentIndex(m_model->index(rows.back(), 0), QItemSelectionModel::NoUpdate);
        m_view->scrollTo(m_model->index(rows.back(), 0));
    }
}

QList<int> RunDock::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows()) {
        rows << i.row();
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

QList<int> RunDock::overlaidRows() const
{
    QList<int> rows;
    for (int row : selectedRows()) {
        if (m_model->isVisible(row)) {
            rows << row;
        }
    }
    return rows;
}

void RunDock::moveSelected(int delta)
{
    const QList<int> rows = selectedRows();
    if (rows.size() != 1) {
        return;
    }
    const int to = rows.front() + delta;
    if (to < 0 || to >= m_model->rowCount()) {
        return;
    }
    m_model->moveRun(rows.front(), to);
    selectRows({to});
    emit overlaysChanged(); // the order sets the legend's order
}

void RunDock::updateActions()
{
    const int n = int(selectedRows().size());
    for (QAction *a : {m_rename, m_up, m_down, m_reference, m_retrain}) {
        a->setEnabled(n == 1);
    }
    for (QAction *a : {m_toggle, m_delete, m_report}) {
        a->setEnabled(n > 0);
    }
}

void RunDock::showMenu(const QPoint &pos)
{
    updateActions();
    QMenu menu(this);
    menu.addActions({m_rename, m_toggle, m_reference});
    menu.addSeparator();
    menu.addActions({m_up, m_down});
    menu.addSeparator();
    menu.addActions({m_retrain, m_report});
    menu.addSeparator();
    menu.addActions({m_delete, m_undo, m_redo});
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace rnnlab
