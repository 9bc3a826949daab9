// Owns the training thread and its worker, and is the GUI's only handle on them:
// commands go to the worker's atomics, results come back as queued value signals.
// Destroying the controller stops the run and joins the thread.
#pragma once
#include "training/trainingsnapshot.h"

#include <QObject>
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
    // Blocks the calling (GUI) thread until the run ends; used on close.
    void stopAndWait();

signals:
    void snapshotReady(const rnnlab::TrainingSnapshot &snapshot);
    void finished(rnnlab::TrainingState state);
    void failed(const QString &message);
    void runningChanged(bool running);

private:
    void onSnapshot(const TrainingSnapshot &snapshot);
    void onFinished(int state);

    QThread m_thread;
    TrainingWorker *m_worker = nullptr;
    bool m_running = false;
    bool m_paused = false;
};

} // namespace rnnlab
