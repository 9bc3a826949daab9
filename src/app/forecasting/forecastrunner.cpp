// The closed-loop forecast runner (see forecastrunner.h).
#include "forecasting/forecastrunner.h"

#include "forecasting/forecast.h"
#include "nn/model.h"

#include <algorithm>

#include <QtConcurrent/QtConcurrentRun>

namespace rnnlab {

ForecastResult runForecast(const ForecastRequest &r, int generation)
{
    ForecastResult out;
    out.generation = generation;
    out.origin = r.origin;
    try {
        Model<float> model(r.spec);
        if (model.params().size() != Eigen::Index(r.params.size())) {
            throw std::invalid_argument("the weights do not fit the model");
        }
        model.params() = Eigen::Map<const Vec<float>>(r.params.data(), Eigen::Index(r.params.size()));
        std::string note;
        out.values = closedLoopForecast(model, *r.windows, r.origin, r.steps, r.columns, &note);
        out.note = QString::fromStdString(note);
        try {
            out.bands = validationBands(model, *r.windows, std::max(1, r.steps), r.intervalOrigins);
            out.coverage = testCoverage(model, *r.windows, out.bands, r.intervalOrigins);
        } catch (const std::invalid_argument &e) {
            out.bandsError = QString::fromStdString(e.what());
        }
    } catch (const std::exception &e) {
        out.error = QString::fromStdString(e.what());
    }
    return out;
}

ForecastRunner::ForecastRunner(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<rnnlab::ForecastResult>("rnnlab::ForecastResult");
    connect(&m_watcher, &QFutureWatcher<ForecastResult>::finished, this, &ForecastRunner::onDone);
}

ForecastRunner::~ForecastRunner()
{
    // The job owns copies of everything it reads; it may finish after we are gone.
    m_watcher.disconnect(this);
}

int ForecastRunner::request(ForecastRequest r)
{
    const int generation = ++m_generation;
    if (m_busy) {
        m_waiting = std::make_pair(std::move(r), generation);
    } else {
        launch(std::move(r), generation);
    }
    return generation;
}

void ForecastRunner::cancel()
{
    ++m_generation;
    m_waiting.reset();
}

void ForecastRunner::launch(ForecastRequest r, int generation)
{
    m_busy = true;
    m_watcher.setFuture(QtConcurrent::run([r = std::move(r), generation] { return runForecast(r, generation); }));
}

void ForecastRunner::onDone()
{
    m_busy = false;
    const ForecastResult result = m_watcher.result();
    if (m_waiting) {
        auto next = std::move(*m_waiting);
        m_waiting.reset();
        launch(std::move(next.first), next.second);
    }
    if (result.generation == m_generation) {
        emit ready(result);
    }
    if (!m_busy) {
        emit idle();
    }
}

} // namespace rnnlab
