// The missing-value policy and the windows of a long series, off the GUI thread: on a
// 1M-row series they take a large part of a second, which must not hold the click
// that changed a setting. One job at a time; a newer request replaces a waiting one
// (latest wins) and the result of a superseded request is dropped. The series is
// shared read-only; the result's series is a new one only when the policy changed it.
#pragma once
#include "data/series.h"
#include "data/windows.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace rnnlab {

struct WindowsRequest {
    std::shared_ptr<const Series> series; // as loaded
    DataConfig config;
};

struct WindowsResult {
    int generation = 0;
    std::shared_ptr<const Series> prepared; // after the policy; the request's series when unchanged
    std::shared_ptr<const Windows> windows; // null when the settings make none
    QString error;                          // why there are none
    int detectedPeriod = 0;                 // the target's season in the training rows; 0: none
};

class WindowsRunner : public QObject {
    Q_OBJECT
public:
    explicit WindowsRunner(QObject *parent = nullptr);
    ~WindowsRunner() override;

    int request(WindowsRequest r);
    void cancel();
    bool isBusy() const { return m_busy; }
    // Blocks until the newest request's result is delivered (Start right after an
    // edit); returns it, or nullopt when nothing was asked.
    std::optional<WindowsResult> waitForNewest();

signals:
    void ready(const rnnlab::WindowsResult &result);

private:
    void launch(WindowsRequest r, int generation);
    void onDone();

    QFutureWatcher<WindowsResult> m_watcher;
    std::optional<std::pair<WindowsRequest, int>> m_waiting;
    int m_generation = 0;
    bool m_busy = false;
};

// The policy (on a copy, only when it changes something), makeWindows() and the
// detected seasonal period (detectSeasonalPeriod, what "auto" uses), on the calling thread.
WindowsResult prepareWindows(const WindowsRequest &r, int generation);

} // namespace rnnlab

Q_DECLARE_METATYPE(rnnlab::WindowsResult)
