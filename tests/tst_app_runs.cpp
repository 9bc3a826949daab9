// The run list model (offscreen): three trainings make three rows with their colours,
// cells, ends and the settings that differ from the reference; rename, hide, delete
// and reorder each undo and redo exactly; a deleted reference comes back with undo.
#include "runs/comparison.h"
#include "report/reportcontent.h"
#include "runs/runlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace rnnlab;

namespace {

const std::string kAir = RNNLAB_SAMPLE_DATA "/airpassengers.csv";

QString cell(const RunListModel &m, int row, int col, int role = Qt::DisplayRole)
{
    return m.data(m.index(row, col), role).toString();
}

QStringList names(const RunListModel &m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r) {
        out << cell(m, r, RunListModel::Name);
    }
    return out;
}

} // namespace

class TestRunList : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void threeTrainingsMakeThreeRows();
    void differencesFollowTheReference();
    void renameAndHideUndo();
    void deleteUndoRestoresRowColourAndReference();
    void reorderUndo();

private:
    void fill(RunListModel &m) const;
    std::vector<RunRecord> m_runs;
};

void TestRunList::initTestCase()
{
    const Series air = loadSeries(kAir);
    RunSettings base;
    base.data.file = kAir;
    base.windows.lookback = 12;
    base.spec = parseModelSpec("lstm:6,dense", 1, 1);
    base.train.epochs = 2;
    base.train.batchSize = 16;
    ComparisonAxes axes;
    axes.cells = {LayerType::Rnn, LayerType::Lstm, LayerType::Gru};
    m_runs = runComparison(planComparison(base, axes), air, 1);
    // A fourth, stopped run: its row says so.
    RunSettings s = base;
    s.train.epochs = 5;
    std::atomic<bool> cancel{false};
    RunHooks hooks;
    hooks.cancel = &cancel;
    hooks.onEpoch = [&](const EpochStats &) { cancel = true; };
    m_runs.push_back(trainRun("stopped", s, air, hooks));
}

void TestRunList::fill(RunListModel &m) const
{
    for (const RunRecord &r : m_runs) {
        m.addRun(r);
    }
}

void TestRunList::threeTrainingsMakeThreeRows()
{
    RunListModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(m.addRun(m_runs[std::size_t(i)]), i);
    }
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(m.rowCount(), 3);
    QCOMPARE(names(m), (QStringList{"rnn", "lstm", "gru"}));
    QCOMPARE(cell(m, 0, RunListModel::Cells), QString("RNN 6"));
    QCOMPARE(cell(m, 2, RunListModel::Cells), QString("GRU 6"));
    QCOMPARE(cell(m, 1, RunListModel::End), QString("finished"));
    // Distinct colours, each shown as the name's decoration.
    QVERIFY(m.colour(0) != m.colour(1) && m.colour(1) != m.colour(2) && m.colour(0) != m.colour(2));
    QCOMPARE(m.data(m.index(1, RunListModel::Name), Qt::DecorationRole).value<QColor>(), m.colour(1));
    QCOMPARE(m.data(m.index(1, RunListModel::Name), Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(m.visibleRows(), (QList<int>{0, 1, 2}));
    // The numbers are the records'.
    QCOMPARE(cell(m, 1, RunListModel::ValLoss), reportNumber(*m_runs[1].history.back().valLoss));
    QCOMPARE(cell(m, 2, RunListModel::TestMase), reportNumber(*m_runs[2].test[0].metrics.mase));
    QCOMPARE(cell(m, 0, RunListModel::GradRatio), reportNumber(gradRatio(m_runs[0])));
    m.addRun(m_runs[3]);
    QCOMPARE(cell(m, 3, RunListModel::End), QString("stopped at epoch 1"));
    QVERIFY(m.undoStack()->count() == 0); // adding is not an undo step
}

void TestRunList::differencesFollowTheReference()
{
    RunListModel m;
    fill(m);
    QCOMPARE(m.reference(), 0);
    QCOMPARE(cell(m, 0, RunListModel::Differences), QString("(reference)"));
    QCOMPARE(cell(m, 1, RunListModel::Differences), QString("model lstm:6,dense"));
    QVERIFY(m.data(m.index(1, RunListModel::Differences), Qt::BackgroundRole).isValid());
    QCOMPARE(cell(m, 3, RunListModel::Differences), QString("model lstm:6,dense, epochs 5"));
    m.setReference(1);
    QCOMPARE(cell(m, 1, RunListModel::Differences), QString("(reference)"));
    QCOMPARE(cell(m, 0, RunListModel::Differences), QString("model rnn:6,dense"));
    QCOMPARE(cell(m, 3, RunListModel::Differences), QString("epochs 5"));
    QVERIFY(m.data(m.index(1, RunListModel::Name), RunListModel::ReferenceRole).toBool());
}

void TestRunList::renameAndHideUndo()
{
    RunListModel m;
    fill(m);
    QVERIFY(m.setData(m.index(1, RunListModel::Name), QStringLiteral("LSTM baseline")));
    QVERIFY(!m.setData(m.index(1, RunListModel::Name), QStringLiteral("   "))); // a run keeps a name
    QCOMPARE(cell(m, 1, RunListModel::Name), QString("LSTM baseline"));
    QCOMPARE(m.runs()[1].name, std::string("LSTM baseline"));
    QVERIFY(m.setData(m.index(2, RunListModel::Name), int(Qt::Unchecked), Qt::CheckStateRole));
    QCOMPARE(m.visibleRows(), (QList<int>{0, 1, 3}));
    QCOMPARE(m.undoStack()->count(), 2);
    m.undoStack()->undo();
    QCOMPARE(m.visibleRows(), (QList<int>{0, 1, 2, 3}));
    m.undoStack()->undo();
    QCOMPARE(cell(m, 1, RunListModel::Name), QString("lstm"));
    m.undoStack()->redo();
    QCOMPARE(cell(m, 1, RunListModel::Name), QString("LSTM baseline"));
}

void TestRunList::deleteUndoRestoresRowColourAndReference()
{
    RunListModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    fill(m);
    const QList<QColor> colours = {m.colour(0), m.colour(1), m.colour(2), m.colour(3)};
    m.setReference(2);
    m.removeRuns({3, 0, 2}); // any order, one step
    QCOMPARE(m.undoStack()->count(), 1);
    QCOMPARE(names(m), (QStringList{"lstm"}));
    QCOMPARE(m.reference(), 0); // the reference is gone: the first row stands in
    QCOMPARE(m.colour(0), colours[1]);
    m.undoStack()->undo();
    QCOMPARE(names(m), (QStringList{"rnn", "lstm", "gru", "stopped"}));
    for (int r = 0; r < 4; ++r) {
        QCOMPARE(m.colour(r), colours[r]);
    }
    QCOMPARE(m.reference(), 2);
    QCOMPARE(cell(m, 2, RunListModel::Differences), QString("(reference)"));
    m.undoStack()->redo();
    QCOMPARE(names(m), (QStringList{"lstm"}));
    // A run added after a deletion gets a colour of its own, not a deleted run's.
    m.addRun(m_runs[0]);
    QVERIFY(!colours.contains(m.colour(1)));
}

void TestRunList::reorderUndo()
{
    RunListModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    fill(m);
    const QColor gru = m.colour(2);
    m.moveRun(2, 0);
    QCOMPARE(names(m), (QStringList{"gru", "rnn", "lstm", "stopped"}));
    QCOMPARE(m.colour(0), gru);
    m.rename(0, QStringLiteral("G"));
    m.moveRun(0, 3);
    QCOMPARE(names(m), (QStringList{"rnn", "lstm", "stopped", "G"}));
    m.undoStack()->undo();
    m.undoStack()->undo();
    QCOMPARE(names(m), (QStringList{"gru", "rnn", "lstm", "stopped"}));
    m.undoStack()->undo();
    QCOMPARE(names(m), (QStringList{"rnn", "lstm", "gru", "stopped"}));
}

QTEST_MAIN(TestRunList)
#include "tst_app_runs.moc"
