// The baselines (naive, seasonal naive, drift, AR, ETS, Theta) off the GUI thread.
// On a 1M-row series they take seconds (ETS fits several models), which must never
// hold a click. One job runs at a time; a newer request replaces a waiting one and
// tells the running one to stop at its next baseline (latest wins); results of a
// superseded request are dropped. Requests share the series and windows read-only.
#pragma once
#include "data/series.h"
#include "data/windows.h"
#include "forecasting/baselines.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace rnnlab {

struct BaselineRequest {
    std::shared_ptr<const Series> series;   // after the missing-value policy
    std::shared_ptr<const Windows> windows; // made from `series`
    // Only the test windows (where they are scored): on a long series, six baselines
    // over every window would hold six more copies of the target, in the result and
    // in the plot. The test-span metrics are the same either way.
    bool testOnly = false;
    int seasonalPeriod = 0; // m of seasonal naive, ETS and Theta; 0: detected from the training rows
};

struct BaselineResult {
    int generation = 0;
    std::vector<int> starts; // the window starts, sorted (the columns of each pred)
    bool testOnly = false;   // starts are the test windows only
    std::vector<BaselineForecast> baselines;
    QString error;           // non-empty: no baselines, this says why
    bool cancelled = false;
};
// What ready() hands on: shared, not copied (a 1M-row series' forecasts are megabytes).
using BaselineResultPtr = std::shared_ptr<const BaselineResult>;

class BaselineRunner : public QObject {
    Q_OBJECT
public:
    explicit BaselineRunner(QObject *parent = nullptr);
    ~BaselineRunner() override;

    // Returns the request's generation; ready() reports only the newest generation.
    int request(BaselineRequest r);
    // Drops what is waiting and stops what is running (new data, settings changed).
    void cancel();
    // A request is running or waiting whose result has not arrived.
    bool isBusy() const { return m_busy; }
    int generation() const { return m_generation; }

signals:
    void ready(rnnlab::BaselineResultPtr result);

private:
    void launch(BaselineRequest r, int generation);
    void onDone();

    QFutureWatcher<BaselineResult> m_watcher;
    std::optional<std::pair<BaselineRequest, int>> m_waiting;
    std::shared_ptr<std::atomic<bool>> m_stop; // the running job's
    int m_generation = 0;
    bool m_busy = false;
};

// Runs one request on the calling thread (what the runner does on the pool); checks
// `stop` between baselines.
BaselineResult runBaselineRequest(const BaselineRequest &r, int generation, const std::atomic<bool> &stop);

} // namespace rnnlab

Q_DECLARE_METATYPE(rnnlab::BaselineResult)
Q_DECLARE_METATYPE(rnnlab::BaselineResultPtr)
