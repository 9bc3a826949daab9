// The run list model and its undo commands (see runlistmodel.h). Commands hold the
// runs themselves (shared entries), not row numbers, so they stay right after moves.
#include "runs/runlistmodel.h"

#include "plots/plotstyle.h"
#include "report/reportcontent.h"

#include <QFont>
#include <QUndoCommand>

#include <algorithm>
#include <cmath>

namespace rnnlab {

struct RunListModel::Entry {
    RunRecord run;
    QString name; // the user's name; starts as run.name
    QColor colour;
    bool visible = true;
};

namespace {

QString cellsOf(const ModelSpec &spec)
{
    QStringList parts;
    for (const LayerSpec &l : spec.layers) {
        if (isRecurrent(l.type)) {
            parts << QStringLiteral("%1 %2").arg(QString::fromLatin1(toString(l.type)).toUpper()).arg(l.units);
        }
    }
    return parts.join(QStringLiteral(" → "));
}

const EpochStats *lastComplete(const RunRecord &r)
{
    for (auto it = r.history.rbegin(); it != r.history.rend(); ++it) {
        if (!it->stopped && !it->nonFinite.found) {
            return &*it;
        }
    }
    return nullptr;
}

} // namespace

class RunListModel::RenameCommand : public QUndoCommand {
public:
    RenameCommand(RunListModel *m, std::shared_ptr<Entry> e, QString name)
        : m_model(m), m_entry(std::move(e)), m_new(std::move(name)), m_old(m_entry->name)
    {
        setText(QObject::tr("Rename run \"%1\"").arg(m_old));
    }
    void redo() override { set(m_new); }
    void undo() override { set(m_old); }

private:
    void set(const QString &name)
    {
        m_entry->name = name;
        m_model->emitRowChanged(m_model->rowOf(m_entry.get()));
    }
    RunListModel *m_model;
    std::shared_ptr<Entry> m_entry;
    QString m_new, m_old;
};

class RunListModel::VisibleCommand : public QUndoCommand {
public:
    VisibleCommand(RunListModel *m, std::shared_ptr<Entry> e, bool visible)
        : m_model(m), m_entry(std::move(e)), m_visible(visible)
    {
        setText(visible ? QObject::tr("Show run \"%1\"").arg(m_entry->name) : QObject::tr("Hide run \"%1\"").arg(m_entry->name));
    }
    void redo() override { set(m_visible); }
    void undo() override { set(!m_visible); }

private:
    void set(bool v)
    {
        m_entry->visible = v;
        m_model->emitRowChanged(m_model->rowOf(m_entry.get()));
    }
    RunListModel *m_model;
    std::shared_ptr<Entry> m_entry;
    bool m_visible;
};

class RunListModel::RemoveCommand : public QUndoCommand {
public:
    RemoveCommand(RunListModel *m, QList<int> rows) : m_model(m)
    {
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        for (int r : rows) {
            m_removed.append({r, m->m_entries[std::size_t(r)]});
        }
        setText(rows.size() == 1 ? QObject::tr("Delete run \"%1\"").arg(m_removed.front().second->name)
                                 : QObject::tr("Delete %1 runs").arg(rows.size()));
    }
    // The reference needs no care: the model keeps pointing at its entry, and while
    // the entry is away the first row stands in (see reference()).
    void redo() override
    {
        for (auto it = m_removed.crbegin(); it != m_removed.crend(); ++it) { // highest row first
            m_model->takeEntry(it->first);
        }
    }
    void undo() override
    {
        for (const auto &[row, entry] : m_removed) { // lowest row first: each lands where it was
            m_model->insertEntry(row, entry);
        }
    }

private:
    RunListModel *m_model;
    QList<QPair<int, std::shared_ptr<Entry>>> m_removed;
};

class RunListModel::MoveCommand : public QUndoCommand {
public:
    MoveCommand(RunListModel *m, int from, int to) : m_model(m), m_from(from), m_to(to)
    {
        setText(QObject::tr("Move run \"%1\"").arg(m->m_entries[std::size_t(from)]->name));
    }
    void redo() override { move(m_from, m_to); }
    void undo() override { move(m_to, m_from); }

private:
    void move(int from, int to) { m_model->insertEntry(to, m_model->takeEntry(from)); }
    RunListModel *m_model;
    int m_from, m_to;
};

RunListModel::RunListModel(QObject *parent) : QAbstractTableModel(parent) { }

RunListModel::~RunListModel()
{
    m_undo.clear(); // the commands point at this model
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int RunListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) {
        return {};
    }
    // Short titles keep the dock narrow; the tooltip says what each column holds.
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Name: return tr("The run's name (double-click or F2 renames it); the check box hides it from the plots");
        case End: return tr("How the run ended: finished, stopped, early-stopped or diverged at epoch k");
        case Cells: return tr("Its recurrent cells and their sizes");
        case Differences: return tr("The settings that differ from the reference run (bold; R sets it)");
        case TrainLoss: return tr("Training loss of the last complete epoch (normalised units)");
        case ValLoss: return tr("Validation loss of the last complete epoch (normalised units)");
        case TestMase: return tr("Mean absolute scaled error of the model on the test span (below 1: beats the naive forecast)");
        case GradRatio: return tr("‖dL/dh_0‖ / ‖dL/dh_T-1‖ of the first recurrent layer in the last epoch: "
                                  "far below 1, the gradient vanished on its way back through time");
        case WallTime: return tr("Wall-clock time of the training in seconds");
        }
        return {};
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Name: return tr("Run");
    case End: return tr("Ended");
    case Cells: return tr("Cells");
    case Differences: return tr("Differs from reference");
    case TrainLoss: return tr("Train loss");
    case ValLoss: return tr("Val loss");
    case TestMase: return tr("Test MASE");
    case GradRatio: return tr("Grad ratio");
    case WallTime: return tr("Wall (s)");
    }
    return {};
}

Qt::ItemFlags RunListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Name) {
        f |= Qt::ItemIsEditable | Qt::ItemIsUserCheckable;
    }
    return f;
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    const Entry &e = *m_entries[std::size_t(index.row())];
    const RunRecord &r = e.run;
    switch (role) {
    case ColourRole: return e.colour;
    case VisibleRole: return e.visible;
    case ReferenceRole: return index.row() == reference();
    default: break;
    }
    const int col = index.column();
    const int ref = reference();
    const QStringList differences = [&] {
        QStringList out;
        if (ref >= 0 && ref != index.row()) {
            for (const std::string &d : settingDifferences(r.settings, m_entries[std::size_t(ref)]->run.settings)) {
                out << QString::fromStdString(d);
            }
        }
        return out;
    }();
    if (role == Qt::DecorationRole && col == Name) {
        return e.colour;
    }
    if (role == Qt::CheckStateRole && col == Name) {
        return e.visible ? Qt::Checked : Qt::Unchecked;
    }
    if (role == Qt::BackgroundRole && col == Differences && !differences.isEmpty()) {
        return QColor(255, 243, 205); // the settings that differ stand out
    }
    if (role == Qt::FontRole && col == Name && index.row() == ref) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole && col == Differences) {
        return index.row() == ref ? tr("the reference run") : differences.join(QLatin1Char('\n'));
    }
    if (role == Qt::TextAlignmentRole && col >= TrainLoss) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole) {
        return {};
    }
    const EpochStats *last = lastComplete(r);
    const double nan = std::nan("");
    switch (col) {
    case Name: return e.name;
    case End: return QString::fromStdString(describeEnd(r.end, r.endEpoch));
    case Cells: return cellsOf(r.settings.spec);
    case Differences: return index.row() == ref ? tr("(reference)") : differences.join(QStringLiteral(", "));
    case TrainLoss: return reportNumber(last ? last->trainLoss : nan);
    case ValLoss: return reportNumber(last && last->valLoss ? *last->valLoss : nan);
    case TestMase: {
        const bool has = !r.test.empty() && r.test[0].name == "model" && r.test[0].metrics.mase;
        return reportNumber(has ? *r.test[0].metrics.mase : nan);
    }
    case GradRatio: return reportNumber(gradRatio(r));
    case WallTime: return QString::number(r.wallSeconds, 'f', 1);
    }
    return {};
}

bool RunListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != Name) {
        return false;
    }
    if (role == Qt::EditRole) {
        const QString name = value.toString().trimmed();
        if (name.isEmpty()) {
            return false; // a run always has a name
        }
        rename(index.row(), name);
        return true;
    }
    if (role == Qt::CheckStateRole) {
        setRunVisible(index.row(), value.toInt() == Qt::Checked);
        return true;
    }
    return false;
}

int RunListModel::addRun(const RunRecord &run)
{
    auto e = std::make_shared<Entry>();
    e->run = run;
    e->name = QString::fromStdString(run.name);
    e->colour = colors::cycle(m_nextColour++);
    const int row = rowCount();
    insertEntry(row, std::move(e));
    return row;
}

void RunListModel::resetRuns(const std::vector<RunRecord> &runs)
{
    beginResetModel();
    m_undo.clear();
    m_entries.clear();
    m_reference.reset();
    m_nextColour = 0;
    for (const RunRecord &r : runs) {
        auto e = std::make_shared<Entry>();
        e->run = r;
        e->name = QString::fromStdString(r.name);
        e->colour = colors::cycle(m_nextColour++);
        m_entries.push_back(std::move(e));
    }
    endResetModel();
}

const RunRecord &RunListModel::run(int row) const
{
    return m_entries.at(std::size_t(row))->run;
}

std::vector<RunRecord> RunListModel::runs() const
{
    std::vector<RunRecord> out;
    for (const auto &e : m_entries) {
        out.push_back(e->run);
        out.back().name = e->name.toStdString();
    }
    return out;
}

QColor RunListModel::colour(int row) const
{
    return m_entries.at(std::size_t(row))->colour;
}

bool RunListModel::isVisible(int row) const
{
    return m_entries.at(std::size_t(row))->visible;
}

QList<int> RunListModel::visibleRows() const
{
    QList<int> rows;
    for (int r = 0; r < rowCount(); ++r) {
        if (m_entries[std::size_t(r)]->visible) {
            rows << r;
        }
    }
    return rows;
}

void RunListModel::setReference(int row)
{
    m_reference = row >= 0 && row < rowCount() ? m_entries[std::size_t(row)] : nullptr;
    if (rowCount() > 0) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
}

int RunListModel::reference() const
{
    if (m_entries.empty()) {
        return -1;
    }
    const int r = m_reference ? rowOf(m_reference.get()) : -1;
    return r >= 0 ? r : 0;
}

void RunListModel::rename(int row, const QString &name)
{
    if (row >= 0 && row < rowCount() && m_entries[std::size_t(row)]->name != name) {
        m_undo.push(new RenameCommand(this, m_entries[std::size_t(row)], name));
    }
}

void RunListModel::setRunVisible(int row, bool visible)
{
    if (row >= 0 && row < rowCount() && m_entries[std::size_t(row)]->visible != visible) {
        m_undo.push(new VisibleCommand(this, m_entries[std::size_t(row)], visible));
    }
}

void RunListModel::removeRuns(QList<int> rows)
{
    rows.erase(std::remove_if(rows.begin(), rows.end(), [&](int r) { return r < 0 || r >= rowCount(); }), rows.end());
    if (!rows.isEmpty()) {
        m_undo.push(new RemoveCommand(this, rows));
    }
}

void RunListModel::moveRun(int from, int to)
{
    if (from >= 0 && from < rowCount() && to >= 0 && to < rowCount() && from != to) {
        m_undo.push(new MoveCommand(this, from, to));
    }
}

void RunListModel::insertEntry(int row, std::shared_ptr<Entry> e)
{
    beginInsertRows({}, row, row);
    m_entries.insert(m_entries.begin() + row, std::move(e));
    endInsertRows();
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1)); // differences may change
}

std::shared_ptr<RunListModel::Entry> RunListModel::takeEntry(int row)
{
    beginRemoveRows({}, row, row);
    std::shared_ptr<Entry> e = m_entries[std::size_t(row)];
    m_entries.erase(m_entries.begin() + row);
    endRemoveRows();
    if (rowCount() > 0) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
    return e;
}

void RunListModel::emitRowChanged(int row)
{
    if (row >= 0) {
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

int RunListModel::rowOf(const Entry *e) const
{
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].get() == e) {
            return int(i);
        }
    }
    return -1;
}

} // namespace rnnlab
