// Closed-loop forecasts off the GUI thread. A forecast of a big model runs the network
// once per step over the whole lookback (LSTM 256 at lookback 100: about a second for
// 100 steps), which must not freeze the window or delay Stop. Requests carry copies
// of the weights and windows; one runs at a time and a newer request replaces a waiting
// one (latest wins); results of a request that was superseded are dropped. With the
// forecast come its 80%/95% interval half-widths from the validation residuals by step
// and their coverage on the test span (core's forecasting/intervals.h), extended past
// the steps the validation span reaches by sqrt(h/K) (extendBySqrtStep). With a seed
// ensemble's weights the forecast is the members' median, with their min–max spread,
// and the intervals are those of the median path.
#pragma once
#include "data/windows.h"
#include "forecasting/intervals.h"
#include "nn/model_spec.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rnnlab {

struct ForecastRequest {
    ModelSpec spec;
    std::vector<float> params;
    std::vector<std::vector<float>> members; // a seed ensemble's weights, params' first (> 1: the median)
    std::shared_ptr<const Windows> windows; // shared, read-only: no copy per request
    std::vector<std::string> columns;
    int origin = 0;
    int steps = 0;
    // Validation/test origins the intervals are estimated and checked on (the CLI uses
    // 200; fewer keep a forecast during training cheap on long series).
    int intervalOrigins = 60;
};

struct ForecastResult {
    int generation = 0;
    int origin = 0;
    std::vector<double> values;
    int members = 1;                 // > 1: values are the ensemble's median ...
    std::vector<double> low, high;   // ... and these its members' min and max
    QString error; // non-empty: no forecast, this says why
    QString note;  // how inputs other than the target were filled (empty: univariate)
    IntervalBands bands;                     // empty halves: no intervals (bandsError says why)
    std::optional<IntervalCoverage> coverage; // on the test span
    QString bandsError;
};

class ForecastRunner : public QObject {
    Q_OBJECT
public:
    explicit ForecastRunner(QObject *parent = nullptr);
    ~ForecastRunner() override;

    // Returns the request's generation; ready() reports only the newest generation.
    int request(ForecastRequest r);
    // Drops what is waiting and ignores what is running (new data, a new run).
    void cancel();
    bool isBusy() const { return m_busy; }

signals:
    void ready(const rnnlab::ForecastResult &result);
    void idle(); // nothing running or waiting any more

private:
    void launch(ForecastRequest r, int generation);
    void onDone();

    QFutureWatcher<ForecastResult> m_watcher;
    std::optional<std::pair<ForecastRequest, int>> m_waiting;
    int m_generation = 0;
    bool m_busy = false;
};

// Where the intervals of `r` come from, for the legend: "validation residuals by step",
// of the ensemble median when it is one, and the sqrt(h/K) rule past step K.
QString intervalSource(const ForecastResult &r);

// Runs one request on the calling thread (what the runner does on the pool).
ForecastResult runForecast(const ForecastRequest &r, int generation);

} // namespace rnnlab

Q_DECLARE_METATYPE(rnnlab::ForecastResult)
