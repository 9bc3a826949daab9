// The background series load (see seriesloadjob.h). The thread only reads the file
// and builds the Series; every signal reaches the GUI thread queued.
#include "data/seriesloadjob.h"

#include <QThread>

namespace rnnlab {

SeriesLoadJob::SeriesLoadJob(QObject *parent)
    : QObject(parent)
{
}

SeriesLoadJob::~SeriesLoadJob()
{
    if (m_thread) {
        m_cancel->store(true);
        m_thread->wait();
        delete m_thread;
    }
}

void SeriesLoadJob::cancel()
{
    if (m_cancel) {
        m_cancel->store(true);
    }
}

void SeriesLoadJob::start(const QString &path, const LoadOptions &options)
{
    Q_ASSERT(!m_thread);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_cancel;
    LoadOptions o = options;
    o.progress = [this, cancel](double fraction) {
        emit progressed(int(fraction * 1000.0));
        return !cancel->load();
    };
    const std::string file = path.toStdString();
    m_thread = QThread::create([this, file, o, cancel] {
        bool ok = false;
        QString message;
        QString groupColumn;
        QStringList groups;
        try {
            m_series = loadSeries(file, o);
            ok = true;
        } catch (const LoadCancelled &) {
        } catch (const LoadError &e) {
            message = QString::fromStdString(e.what());
            groupColumn = QString::fromStdString(e.groupColumn);
            for (const auto &g : e.groups) {
                groups << QString::fromStdString(g);
            }
        } catch (const std::exception &e) {
            message = QString::fromStdString(e.what());
        }
        if (cancel->load()) {
            ok = false;
            message.clear();
            m_series = Series{};
        }
        QMetaObject::invokeMethod(
            this,
            [this, ok, message, groupColumn, groups] {
                m_thread->wait();
                delete m_thread;
                m_thread = nullptr;
                emit finished(ok, message, groupColumn, groups);
            },
            Qt::QueuedConnection);
    });
    m_thread->start();
}

} // namespace rnnlab
