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
    m_thread.setObjectName(QStringLiteral("rnnlab-training"));
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &TrainingWorker::snapshotReady, this, &TrainingController::onSnapshot, Qt::QueuedConnection);
    connect(m_worker, &TrainingWorker::failed, this, &TrainingController::failed, Qt::QueuedConnection);
    connect(m_worker, &TrainingWorker::finished, this, &TrainingController::onFinished, Qt::QueuedConnection);
    m_thread.start();
}

TrainingController::~TrainingController()
{
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
    m_worker->prepare(job.startPaused);
    m_running = true;
    m_paused = false;
    TrainingWorker *worker = m_worker;
    QMetaObject::invokeMethod(m_worker, [worker, job] { worker->run(job); }, Qt::QueuedConnection);
    emit runningChanged(true);
}

void TrainingController::requestStop()
{
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
    m_worker->requestStop();
    m_worker->resume();
    while (m_running) {
        // The worker's last signals are queued to this thread; deliver them.
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(1);
    }
}

void TrainingController::onSnapshot(const TrainingSnapshot &snapshot)
{
    m_paused = snapshot.state == TrainingState::Paused;
    emit snapshotReady(snapshot);
}

void TrainingController::onFinished(int state)
{
    m_running = false;
    m_paused = false;
    emit finished(TrainingState(state));
    emit runningChanged(false);
}

} // namespace rnnlab
