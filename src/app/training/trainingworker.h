// The object that runs a training job on the controller's thread. It copies the job,
// builds its own Windows and Trainer, and reports through queued value signals.
// Stop, pause and step are atomics checked after every batch, because a slot busy
// training cannot receive queued calls; live settings go through a mutex.
#pragma once
#include "training/trainingsnapshot.h"

#include <QObject>

#include <atomic>
#include <chrono>
#include <mutex>

namespace rnnlab {

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    using Clock = std::chrono::steady_clock;

    // Thread-safe: called from the GUI thread while run() is busy.
    void prepare(bool pauseAfterFirstEpoch); // requires: no job running
    void requestStop() { m_stop = true; }
    void pause() { m_paused = true; }
    void resume() { m_paused = false; }
    void step() { m_pauseAfterEpoch = true; m_paused = false; }
    void setLearningRate(double lr);
    void setClip(const ClipConfig &clip);

    // Runs the whole job on the worker thread; returns when it ends.
    void run(const TrainingJob &job);

signals:
    void snapshotReady(const rnnlab::TrainingSnapshot &snapshot);
    void finished(int state); // a TrainingState
    void failed(const QString &message);

private:
    bool waitWhilePaused(TrainingSnapshot &progress);
    void applyLiveSettings(Trainer &trainer);
    void fillPredictions(Trainer &trainer, const Windows &w, TrainingSnapshot &snapshot);
    void emitSnapshot(TrainingSnapshot &snapshot);

    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_paused{false};
    std::atomic<bool> m_pauseAfterEpoch{false};
    std::atomic<bool> m_settingsDirty{false};
    std::mutex m_settingsMutex;
    double m_lr = 0;
    bool m_lrSet = false;
    ClipConfig m_clip;
    bool m_clipSet = false;

    // Owned by run(), touched only on the worker thread.
    std::vector<int> m_allStarts;
    std::vector<EpochRecord> m_pending;
    Clock::time_point m_lastEmit;
    double m_pausedSeconds = 0;
};

} // namespace rnnlab
