// A comparison plan trained off the GUI thread: the core's runComparison on a thread
// of its own (which trains the runs one per thread when the machine has the cores),
// its progress coalesced into one queued call at a time, each finished run handed to
// the GUI thread as a value (runFinished), then finished() or failed(). Not the dialogs
// or the menu (comparisoncontroller.h); no widgets.
#pragma once
#include "runs/comparison.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace rnnlab {

class ComparisonJob : public QObject {
    Q_OBJECT
public:
    explicit ComparisonJob(QObject *parent = nullptr);
    // Cancels a running comparison and joins its thread (the runs stop within a batch).
    ~ComparisonJob() override;

    // requires: !isRunning() and a non-empty plan. Plan and series are copied; workers
    // as comparisonWorkers() says (<= 1: one run after another).
    void start(std::vector<PlannedRun> plan, Series series, int workers);
    // Every run stops at its next batch; runs not started are skipped. A stopped run
    // still arrives through runFinished (end Stopped) with the epochs it trained.
    void cancel();
    bool isRunning() const { return m_running; }
    bool isCancelling() const { return m_running && m_cancel.load(); }

    const std::vector<PlannedRun> &plan() const { return m_plan; }
    int workers() const { return m_workers; }
    // Epochs logged so far by run i of the plan (read on the GUI thread at progressed()).
    int epochsDone(int run) const;
    int runsFinished() const { return m_runsFinished; }

signals:
    // Some run logged an epoch (coalesced: at most one pending at a time).
    void progressed();
    void runFinished(const rnnlab::RunRecord &run);
    // After the last runFinished. cancelled: cancel() was called.
    void finished(bool cancelled);
    // A run threw (bad settings); the runs that did finish have arrived already.
    void failed(const QString &message);

private:
    void join();

    std::vector<PlannedRun> m_plan;
    int m_workers = 1;
    bool m_running = false;
    int m_runsFinished = 0;
    // One counter per run, written by the training threads.
    std::unique_ptr<std::atomic<int>[]> m_epochs;
    std::atomic<bool> m_progressPosted{false};
    std::atomic<bool> m_cancel{false};
    std::thread m_thread;
};

} // namespace rnnlab
