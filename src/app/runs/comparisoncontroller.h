// The window's one-click comparisons: the Compare menu and its three actions (compare
// cells, clipping A/B, gain sweep), the dialog before each, the memory check of the
// runs that train at once, and the status-bar progress with Cancel. Trains through a
// ComparisonJob; each finished run comes out of runsReady, in plan order, for the run list.
// The window only says what it would train now (the base) and wires the signals.
#pragma once
#include "runs/comparisondialog.h"
#include "runs/comparisonjob.h"
#include "training/trainingsnapshot.h"

#include <QObject>

#include <functional>
#include <limits>
#include <optional>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QToolButton;
class QWidget;

namespace rnnlab {

// What the window would train now: the comparisons vary this.
struct ComparisonBase {
    RunSettings settings; // data identity, windows, spec (input size set), training settings, seed, gain
    Series series;        // raw, as loaded
    double suggestedClip = std::numeric_limits<double>::quiet_NaN(); // suggestedClipNorm of the last run, if any
};

// The base from the job the window would start now. dataPath/checksum: the file it
// reads (empty for a generated series); lastRun: the window's last run, whose quarter
// median global norm the clipping A/B dialog offers as a fixed threshold.
ComparisonBase comparisonBase(const TrainingJob &job, const QString &dataPath, const QString &checksum,
                              const std::vector<EpochRecord> &lastRun);

class ComparisonController : public QObject {
    Q_OBJECT
public:
    // base: the window's current settings, or nullopt with *error saying why there are none
    // (no data, a model that cannot train). parent: the window (dialogs' parent).
    using BaseProvider = std::function<std::optional<ComparisonBase>(QString *error)>;
    ComparisonController(QWidget *parent, BaseProvider base);
    ~ComparisonController() override;

    QMenu *menu() const { return m_menu; }
    QAction *action(ComparisonKind kind) const;
    QList<QAction *> actions() const;
    // For the status bar: hidden while no comparison runs.
    QWidget *progressWidget() const { return m_progressWidget; }
    // false: never open a dialog (tests, hands-free runs); the prefilled values are used.
    void setInteractive(bool interactive) { m_interactive = interactive; }
    // The window turns the actions off while it trains a single run.
    void setActionsEnabled(bool enabled);

    // Opens the dialog for `kind`, prefilled, and starts what it says. Errors go to a
    // message box (interactive) or to failed().
    void ask(ComparisonKind kind);
    // Starts without a dialog. False with *error when there is nothing to compare, the
    // plan is bad or the runs would not fit in memory.
    bool start(const ComparisonAxes &axes, const QString &title, QString *error);
    void cancel();
    bool isRunning() const { return m_job->isRunning(); }
    ComparisonJob *job() const { return m_job; }
    QString progressText() const; // "Compare cells: 1/3 runs done · rnn epoch 4/20 · …"
    // The last comparison's runs that have arrived, in plan order (runFinished comes in
    // the order they finish), so colours and legends do not depend on timing.
    std::vector<RunRecord> lastRuns() const;

signals:
    void runFinished(const rnnlab::RunRecord &run);
    // The runs that can go into the run list now, in plan order: a run that finishes
    // before an earlier one of the plan waits for it (or for the comparison's end, when
    // the earlier one was cancelled), so list order and colours do not depend on timing.
    void runsReady(const std::vector<rnnlab::RunRecord> &runs);
    void runningChanged(bool running);
    void finished(bool cancelled);
    void failed(const QString &message);

private:
    void updateProgress();
    void onEnded();
    void release(bool all);

    QWidget *m_parent;
    BaseProvider m_base;
    ComparisonJob *m_job;
    QMenu *m_menu;
    QAction *m_actions[3] = {};
    QWidget *m_progressWidget;
    QLabel *m_progressLabel;
    QProgressBar *m_progressBar;
    QToolButton *m_cancelButton;
    QString m_title;
    std::vector<std::optional<RunRecord>> m_arrived; // by plan index
    std::size_t m_released = 0;                       // plan indices below it went out of runsReady
    bool m_interactive = true;
};

} // namespace rnnlab
