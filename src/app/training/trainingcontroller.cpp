// The controller of the training thread (see trainingcontroller.h).
#include "training/trainingcontroller.h"

#include "training/trainingworker.h"

#include <QCoreApplication>

namespace rnnlab {

TrainingController::TrainingController(QObject *parent)
    : QObject(parent)
    , m_worker(new TrainingWorker)
{
    qRegisterMetaType<rnnlab::TrainingSnapshot>("rnnlab::TrainingSnapshot");
    qRegisterMetaType<rnnlab::RunRecord>("rnnlab::RunRecord");
    m_thread.setObjectName(QStringLiteral("rnnlab-training"));
    m_worker->setMailbox(&m_mailbox);
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &TrainingWorker::snapshotPosted, this, [this] { drainMailbox(); }, Qt::QueuedConnection);
    connect(m_worker, &TrainingWorker::settled, this, &TrainingController::onSettled, Qt::QueuedConnection);
    connect(m_worker, &TrainingWorker::failed, this, &TrainingController::failed, Qt::QueuedConnection);
    connect(m_worker, &TrainingWorker::finished, this, &TrainingController::onFinished, Qt::QueuedConnection);
    connect(m_worker, &TrainingWorker::runRecorded, this,
            [this](int, const RunRecord &run) { emit runRecorded(run); }, Qt::QueuedConnection);
    m_deliveryTimer.setSingleShot(true);
    connect(&m_deliveryTimer, &QTimer::timeout, this, [this] { drainMailbox(); });
    m_thread.start();
}

TrainingController::~TrainingController()
{
    m_worker->cancelSettling();
    m_worker->requestStop();
    m_worker->resume();
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has ended: nothing can be running in it
}

void TrainingController::start(const TrainingJob &job)
{
    if (m_running) {
        return;
    }
    // The previous run's final predictions are display work: the new job comes first.
    m_worker->cancelSettling();
    ++m_runId;
    m_worker->prepare(m_runId, job.startPaused);
    m_running = true;
    m_paused = false;
    m_stopping = false;
    m_settling = true;
    m_worker->hand(job);
    QMetaObject::invokeMethod(m_worker, "runHanded", Qt::QueuedConnection);
    emit runningChanged(true);
}

void TrainingController::requestStop()
{
    if (m_running) {
        m_stopping = true;
    }
    m_worker->requestStop();
}

void TrainingController::pause()
{
    m_worker->pause();
}

void TrainingController::resume()
{
    m_worker->resume();
}

void TrainingController::step()
{
    m_worker->step();
}

void TrainingController::setLearningRate(double lr)
{
    m_worker->setLearningRate(lr);
}

void TrainingController::setClip(const ClipConfig &clip)
{
    m_worker->setClip(clip);
}

void TrainingController::stopAndWait()
{
    m_worker->cancelSettling();
    m_worker->requestStop();
    m_worker->resume();
    while (m_running || m_settling) {
        // The worker's last signals are queued to this thread; deliver them.
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(1);
    }
}

void TrainingController::drainMailbox(bool force)
{
    if (!force && m_minIntervalMs > 0 && m_sinceDelivery.isValid() && m_sinceDelivery.elapsed() < m_minIntervalMs) {
        // Too soon after the last delivery: leave it in the box (later posts merge into
        // it without a notification) and come back when the interval is over.
        if (!m_deliveryTimer.isActive()) {
            m_deliveryTimer.start(int(m_minIntervalMs - m_sinceDelivery.elapsed()));
        }
        return;
    }
    m_deliveryTimer.stop();
    m_sinceDelivery.start();
    std::optional<TrainingSnapshot> s = m_mailbox.take();
    if (!s || s->runId != m_runId) {
        return; // empty (already taken with an earlier notification) or an old run's
    }
    if (m_running) {
        m_paused = s->state == TrainingState::Paused;
    }
    emit snapshotReady(*s);
}

void TrainingController::onFinished(int state)
{
    drainMailbox(true); // the run's last numbers before the state changes
    m_running = false;
    m_paused = false;
    m_stopping = false;
    emit finished(TrainingState(state));
    emit runningChanged(false);
}

void TrainingController::onSettled(int runId)
{
    if (runId != m_runId) {
        return;
    }
    drainMailbox(true);
    m_settling = false;
    emit settled();
}

} // namespace rnnlab
