// Loads one series file on a thread of its own, so the window stays responsive on a
// 10-million-row file: progress in permille, Cancel (the loader stops within 64K rows
// and the previous data stays), and the result or the loader's message at the end.
#pragma once
#include "data/series.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

class QThread;

namespace rnnlab {

class SeriesLoadJob : public QObject {
    Q_OBJECT
public:
    explicit SeriesLoadJob(QObject *parent = nullptr);
    ~SeriesLoadJob() override; // cancels and joins a running load

    // requires: !running(). The options are copied; their progress hook is replaced.
    void start(const QString &path, const LoadOptions &options);
    void cancel();
    bool running() const { return m_thread != nullptr; }
    // The loaded series, valid after finished(true) until the next start().
    Series takeSeries() { return std::move(m_series); }

signals:
    void progressed(int permille);
    // ok: the series is ready; else `message` says why (empty when cancelled), and
    // for a long-format file `groupColumn` and `groups` name the groups to pick from.
    void finished(bool ok, const QString &message, const QString &groupColumn, const QStringList &groups);

private:
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    Series m_series;
};

} // namespace rnnlab
