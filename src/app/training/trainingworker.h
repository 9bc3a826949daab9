// The object that runs a training job on the controller's thread. It copies the job,
// builds its own Windows and Trainer, and posts value snapshots to the controller's
// mailbox. Stop, pause and step are atomics checked after every batch, because a slot
// busy training cannot receive queued calls; live settings go through a mutex.
// Work that is only for display (predictions over every window) runs in chunks that
// Stop, Pause and a new job interrupt, and the end-of-run pass comes after finished().
#pragma once
#include "training/snapshotmailbox.h"
#include "training/trainingsnapshot.h"
#include "forecasting/ensemble.h"

#include <QObject>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

namespace rnnlab {

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    using Clock = std::chrono::steady_clock;

    // requires: set once, before the first run(); the mailbox outlives the worker.
    void setMailbox(SnapshotMailbox *mailbox) { m_mailbox = mailbox; }

    // Thread-safe: called from the GUI thread while run() is busy.
    void prepare(int runId, bool pauseAfterFirstEpoch); // requires: no job training
    void requestStop() { m_stop = true; }
    // Abandons the end-of-run predictions of the previous job (a new job or quit).
    void cancelSettling() { m_cancelSettling = true; }
    void pause() { m_paused = true; }
    void resume() { m_paused = false; }
    void step() { m_pauseAfterEpoch = true; m_paused = false; }
    void setLearningRate(double lr);
    void setClip(const ClipConfig &clip);

    // Runs the whole job on the worker thread; returns when it ends.
    void run(const TrainingJob &job);
    // The job crosses threads through this mailbox, under a std::mutex, rather than as a
    // queued lambda's capture: Qt's event queue locks with futexes ThreadSanitizer cannot
    // see, so the capture read on the worker thread looked unsynchronised (scripts/tsan).
    // hand() on the GUI thread, then runHanded() queued by name on the worker's (a queued
    // lambda would be Qt's functor object, written on one thread and read on the other,
    // through the same invisible lock).
    void hand(TrainingJob job);
    Q_INVOKABLE void runHanded();

signals:
    void snapshotPosted(); // the mailbox went from empty to full: take() it
    void finished(int state); // a TrainingState; training is over, display work may follow
    void settled(int runId);  // the end-of-run predictions were posted, or abandoned
    // The job as a run record (the same pieces as the core's trainRun, so a retrain of
    // it at the same thread count gives every number again); after finished().
    void runRecorded(int runId, const rnnlab::RunRecord &run);
    void failed(const QString &message);

private:
    bool waitWhilePaused(TrainingSnapshot &progress);
    void applyLiveSettings(Trainer &trainer);
    // Predictions over every window, a chunk at a time; false (snapshot untouched) when
    // interrupted() turned true between two chunks.
    bool fillPredictions(Trainer &trainer, const Windows &w, TrainingSnapshot &snapshot,
                         const std::function<bool()> &interrupted);
    void emitSnapshot(TrainingSnapshot &snapshot);
    // Members 2..N of a seed ensemble, after the live one: the core's trainMembers on a
    // helper thread, in parallel over the cores, while this thread posts "member k/N"
    // progress; Stop stops them after their current batch and Pause holds them there.
    std::vector<EnsembleMember> trainOtherMembers(const TrainingJob &job, const ModelSpec &spec, const Windows &w,
                                                  TrainingSnapshot &snap);

    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_paused{false};
    std::atomic<bool> m_pauseAfterEpoch{false};
    std::atomic<bool> m_settingsDirty{false};
    std::atomic<bool> m_cancelSettling{false};
    std::atomic<int> m_runId{0};
    SnapshotMailbox *m_mailbox = nullptr;
    std::mutex m_settingsMutex;
    std::mutex m_jobMutex;
    std::optional<TrainingJob> m_handed; // under m_jobMutex
    double m_lr = 0;
    bool m_lrSet = false;
    ClipConfig m_clip;
    bool m_clipSet = false;

    // Owned by run(), touched only on the worker thread.
    std::vector<int> m_allStarts;
    std::vector<EpochRecord> m_pending;
    Clock::time_point m_lastEmit;
    double m_pausedSeconds = 0;
    Trainer *m_trainer = nullptr;       // the running job's, while run() is busy
    const Windows *m_windows = nullptr;
    long long m_stepsDone = 0;      // optimisation steps so far in this run
    long long m_predictedAt = -1;   // m_stepsDone when the last predictions were made
};

} // namespace rnnlab
