// What happens to runs in the window: a recorded training goes into the run list (and,
// when it retrains a run, is checked number by number against it), Retrain (the panels
// show the run's settings, the next job takes them from the record itself), Export
// report, and the overlays of the selected runs. The window starts the job; this room
// knows which run it retrains and what became of it.
#pragma once
#include "runs/run_record.h"
#include "training/trainingsnapshot.h"

#include <QObject>

#include <optional>

class QWidget;

namespace rnnlab {

class DataPanel;
class ModelPanel;
class TrainingPanel;
class RunDock;
class RunOverlays;

class RunActions : public QObject {
    Q_OBJECT
public:
    struct Panels {
        DataPanel *data;
        ModelPanel *model;
        TrainingPanel *training;
    };
    // dialogParent: the window (the report's file dialog).
    RunActions(RunDock *dock, RunOverlays *overlays, Panels panels, QWidget *dialogParent);

    // A run the training recorded: into the run list; the retrain of a run is compared
    // with it (lastRetrainDifference) and the status bar says the verdict.
    void record(const RunRecord &run);
    // False (with a banner) when `run` was trained on other data than `shown`; else the
    // panels show its settings and the next job (takeRetrain) retrains it.
    bool prepareRetrain(const RunRecord &run, const DataIdentity &shown);
    // Called once per job start: the run the job retrains becomes the current one.
    void beginJob();
    // A start that was waiting (for windows) was cancelled: no retrain is pending.
    void cancelRetrain() { m_retrainOf.reset(); }
    // The job retrains a run: its settings and stop taken from the record, its name
    // "<run> (retrain)". False (job untouched) for an ordinary job.
    bool applyRetrain(TrainingJob &job) const;
    // The last retrain's firstDifference() with its run ("": bit for bit equal).
    QString lastRetrainDifference() const { return m_retrainDifference; }
    // Asks where to write and writes the runs' HTML and PDF report of the panels' series.
    void exportReport(const std::vector<RunRecord> &runs);
    // The selected, visible runs of the dock onto the plots.
    void updateOverlays();

signals:
    void bannerRequested(const QString &text);
    void statusMessage(const QString &text, int timeoutMs);
    void errorOccurred(const QString &error); // the window's lastError()
    void overlaysUpdated();                   // the metrics table gains the overlaid runs' rows

private:
    RunDock *m_dock;
    RunOverlays *m_overlays;
    Panels m_panels;
    QWidget *m_dialogParent;
    std::optional<RunRecord> m_retrainOf;  // set by prepareRetrain() for the next start
    std::optional<RunRecord> m_retraining; // the run the current job retrains
    QString m_retrainDifference;
};

} // namespace rnnlab
