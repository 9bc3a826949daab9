// The comparison off the GUI thread (see comparisonjob.h). The training threads post
// functors to this object's thread; posted calls die with the object, and the
// destructor joins first, so no call reaches a deleted job.
#include "runs/comparisonjob.h"

#include <QMetaObject>

#include <exception>

namespace rnnlab {

ComparisonJob::ComparisonJob(QObject *parent)
    : QObject(parent)
{
}

ComparisonJob::~ComparisonJob()
{
    m_cancel = true;
    join();
}

void ComparisonJob::join()
{
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

int ComparisonJob::epochsDone(int run) const
{
    return run >= 0 && run < int(m_plan.size()) && m_epochs ? m_epochs[std::size_t(run)].load() : 0;
}

void ComparisonJob::start(std::vector<PlannedRun> plan, Series series, int workers)
{
    if (m_running || plan.empty()) {
        return;
    }
    join(); // the last comparison's thread has posted its end; it is exiting
    m_plan = std::move(plan);
    m_workers = std::max(1, workers);
    m_runsFinished = 0;
    m_epochs = std::make_unique<std::atomic<int>[]>(m_plan.size());
    for (std::size_t i = 0; i < m_plan.size(); ++i) {
        m_epochs[i] = 0;
    }
    m_cancel = false;
    m_progressPosted = false;
    m_running = true;
    m_thread = std::thread([this, plan = m_plan, series = std::move(series), workers = m_workers] {
        ComparisonHooks hooks;
        hooks.cancel = &m_cancel;
        hooks.onEpoch = [this](int run, const EpochStats &st) {
            m_epochs[std::size_t(run)] = st.epoch;
            if (!m_progressPosted.exchange(true)) {
                QMetaObject::invokeMethod(this, [this] {
                    m_progressPosted = false;
                    emit progressed();
                }, Qt::QueuedConnection);
            }
        };
        hooks.onRunFinished = [this](int, const RunRecord &r) {
            QMetaObject::invokeMethod(this, [this, r] {
                ++m_runsFinished;
                emit runFinished(r);
            }, Qt::QueuedConnection);
        };
        QString error;
        try {
            runComparison(plan, series, workers, hooks);
        } catch (const std::exception &e) {
            error = QString::fromStdString(e.what());
        } catch (...) {
            error = QStringLiteral("unknown error");
        }
        QMetaObject::invokeMethod(this, [this, error] {
            join();
            m_running = false;
            if (error.isEmpty()) {
                emit finished(m_cancel.load());
            } else {
                emit failed(error);
            }
        }, Qt::QueuedConnection);
    });
}

void ComparisonJob::cancel()
{
    if (m_running) {
        m_cancel = true;
    }
}

} // namespace rnnlab
