// The closed-loop forecast runner (see forecastrunner.h).
#include "forecasting/forecastrunner.h"

#include "forecasting/ensemble.h"
#include "forecasting/forecast.h"
#include "nn/model.h"

#include <algorithm>
#include <memory>

#include <QtConcurrent/QtConcurrentRun>

namespace rnnlab {

ForecastResult runForecast(const ForecastRequest &r, int generation)
{
    ForecastResult out;
    out.generation = generation;
    out.origin = r.origin;
    try {
        const std::vector<std::vector<float>> &weights
            = r.members.size() > 1 ? r.members : std::vector<std::vector<float>>{r.params};
        std::vector<std::unique_ptr<Model<float>>> models;
        for (const std::vector<float> &p : weights) {
            Model<float> &model = *models.emplace_back(std::make_unique<Model<float>>(r.spec));
            if (model.params().size() != Eigen::Index(p.size())) {
                throw std::invalid_argument("the weights do not fit the model");
            }
            model.params() = Eigen::Map<const Vec<float>>(p.data(), Eigen::Index(p.size()));
        }
        std::vector<Model<float> *> pointers;
        std::vector<Eigen::MatrixXd> paths;
        std::string note;
        for (const std::unique_ptr<Model<float>> &model : models) {
            pointers.push_back(model.get());
            const std::vector<double> v = closedLoopForecast(*model, *r.windows, r.origin, r.steps, r.columns, &note);
            paths.push_back(Eigen::Map<const Eigen::MatrixXd>(v.data(), 1, Eigen::Index(v.size())));
        }
        out.members = int(models.size());
        auto row = [](const Eigen::MatrixXd &m) { return std::vector<double>(m.data(), m.data() + m.size()); };
        out.values = row(elementwiseQuantile(paths, 0.5)); // one model: its own forecast
        if (out.members > 1) {
            out.low = row(elementwiseQuantile(paths, 0.0));
            out.high = row(elementwiseQuantile(paths, 1.0));
        }
        out.note = QString::fromStdString(note);
        try {
            out.bands = validationBands(pointers, *r.windows, std::max(1, r.steps), r.intervalOrigins);
            // Past the validation span's reach the widths grow as sqrt(h/K) (see header).
            extendBySqrtStep(out.bands, r.steps);
            out.coverage = testCoverage(pointers, *r.windows, out.bands, r.intervalOrigins);
        } catch (const std::invalid_argument &e) {
            out.bandsError = QString::fromStdString(e.what());
        }
    } catch (const std::exception &e) {
        out.error = QString::fromStdString(e.what());
    }
    return out;
}

QString intervalSource(const ForecastResult &r)
{
    // Short: it is a legend entry. The rule in full is in intervals.h (extendBySqrtStep).
    QString s = r.members > 1 ? QObject::tr("validation residuals of the %1-seed median").arg(r.members)
                              : QObject::tr("validation residuals by step");
    const int k = r.bands.measuredSteps;
    if (k > 0 && int(r.bands.half80.size()) > k) {
        s += QObject::tr(", ×√(h/%1) after step %1").arg(k);
    }
    return s;
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
