// Owns the training thread and its worker, and is the GUI's only handle on them:
// commands go to the worker's atomics, results come back through a one-slot mailbox
// (coalesced, latest wins) drained here on the GUI thread. Destroying the controller
// stops the run, abandons its display work and joins the thread.
#pragma once
#include "training/snapshotmailbox.h"
#include "training/trainingsnapshot.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QThread>

namespace rnnlab {

class TrainingWorker;

class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject *parent = nullptr);
    ~TrainingController() override;

    bool isRunning() const { return m_running; }
    bool isPaused() const { return m_paused; }
    // Stop was asked and the worker has not finished its batch yet.
    bool isStopping() const { return m_running && m_stopping; }
    // The worker still makes the finished run's final predictions.
    bool isSettling() const { return m_settling; }
    int runId() const { return m_runId; }
    // The largest number of snapshots merged into one delivery so far (1: never behind).
    int maxMergedSnapshots() const { return m_mailbox.maxMerged(); }

    // requires: !isRunning(). The job is copied; the worker owns its copy.
    void start(const TrainingJob &job);
    void requestStop();
    void pause();
    void resume();
    // Running: finish this epoch, then pause. Paused: run one epoch, then pause.
    void step();
    // Applied from the next batch.
    void setLearningRate(double lr);
    void setClip(const ClipConfig &clip);
    // The GUI's measured cost per delivery sets how often snapshots are handed over
    // (merged in the mailbox meanwhile), so drawing never fills the event loop and a
    // click is handled at once; 0: as soon as they come.
    void setMinDeliveryInterval(int ms) { m_minIntervalMs = ms; }
    int minDeliveryInterval() const { return m_minIntervalMs; }
    // Blocks the calling thread until the run and its display work end (tests, soak).
    void stopAndWait();

signals:
    void snapshotReady(const rnnlab::TrainingSnapshot &snapshot);
    void finished(rnnlab::TrainingState state);
    void failed(const QString &message);
    void runningChanged(bool running);
    void settled(); // the last run's final predictions arrived, or were abandoned
    // Every job that trained ends as a run record, right after finished().
    void runRecorded(const rnnlab::RunRecord &run);

private:
    void drainMailbox(bool force = false);
    void onFinished(int state);
    void onSettled(int runId);

    QThread m_thread;
    TrainingWorker *m_worker = nullptr;
    SnapshotMailbox m_mailbox;
    bool m_running = false;
    bool m_paused = false;
    bool m_stopping = false;
    bool m_settling = false;
    int m_runId = 0;
    int m_minIntervalMs = 0;
    QElapsedTimer m_sinceDelivery;
    QTimer m_deliveryTimer;
};

} // namespace rnnlab
