// The baseline runner (see baselinerunner.h).
#include "forecasting/baselinerunner.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace rnnlab {

BaselineResult runBaselineRequest(const BaselineRequest &r, int generation, const std::atomic<bool> &stop)
{
    BaselineResult out;
    out.generation = generation;
    out.testOnly = r.testOnly;
    try {
        const Series &s = *r.series;
        const Windows &w = *r.windows;
        if (!r.testOnly) {
            out.starts.reserve(w.train.size() + w.val.size() + w.test.size());
            out.starts.insert(out.starts.end(), w.train.begin(), w.train.end());
            out.starts.insert(out.starts.end(), w.val.begin(), w.val.end());
        }
        out.starts.insert(out.starts.end(), w.test.begin(), w.test.end());
        std::sort(out.starts.begin(), out.starts.end());
        // One baseline at a time, so a superseded job stops at the next one; the
        // seasonal period is found once, as runBaselines() would (same results), unless declared.
        const TargetView y = targetValues(s, w);
        const int m = r.seasonalPeriod > 0
            ? r.seasonalPeriod : detectSeasonalPeriod(std::span<const double>(y.data(), std::size_t(w.trainEnd)));
        BaselineOptions none;
        none.naive = none.seasonalNaive = none.drift = none.ar = none.ets = none.theta = false;
        none.seasonalPeriod = m;
        for (bool BaselineOptions::*which : {&BaselineOptions::naive, &BaselineOptions::seasonalNaive,
                                             &BaselineOptions::drift, &BaselineOptions::ar, &BaselineOptions::ets,
                                             &BaselineOptions::theta}) {
            if (stop.load(std::memory_order_relaxed)) {
                out.cancelled = true;
                out.baselines.clear();
                return out;
            }
            BaselineOptions one = none;
            one.*which = true;
            for (BaselineForecast &b : runBaselines(s, w, out.starts, one)) {
                out.baselines.push_back(std::move(b));
            }
        }
    } catch (const std::exception &e) {
        out.baselines.clear();
        out.error = QString::fromStdString(e.what());
    }
    return out;
}

BaselineRunner::BaselineRunner(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<rnnlab::BaselineResult>("rnnlab::BaselineResult");
    qRegisterMetaType<rnnlab::BaselineResultPtr>("rnnlab::BaselineResultPtr");
    connect(&m_watcher, &QFutureWatcher<BaselineResult>::finished, this, &BaselineRunner::onDone);
}

BaselineRunner::~BaselineRunner()
{
    // The job shares what it reads; told to stop, it finishes on the pool after we are gone.
    m_watcher.disconnect(this);
    if (m_stop) {
        m_stop->store(true);
    }
}

int BaselineRunner::request(BaselineRequest r)
{
    const int generation = ++m_generation;
    if (m_busy) {
        m_stop->store(true);
        m_waiting = std::make_pair(std::move(r), generation);
    } else {
        launch(std::move(r), generation);
    }
    return generation;
}

void BaselineRunner::cancel()
{
    ++m_generation;
    m_waiting.reset();
    if (m_stop) {
        m_stop->store(true);
    }
}

void BaselineRunner::launch(BaselineRequest r, int generation)
{
    m_busy = true;
    m_stop = std::make_shared<std::atomic<bool>>(false);
    m_watcher.setFuture(QtConcurrent::run([r = std::move(r), generation, stop = m_stop] {
        return runBaselineRequest(r, generation, *stop);
    }));
}

void BaselineRunner::onDone()
{
    m_busy = false;
    // Moved out of the future, which would otherwise keep its copy until the next job.
    auto result = std::make_shared<const BaselineResult>(m_watcher.future().takeResult());
    if (m_waiting) {
        auto next = std::move(*m_waiting);
        m_waiting.reset();
        launch(std::move(next.first), next.second);
    }
    if (result->generation == m_generation && !result->cancelled) {
        emit ready(result);
    }
}

} // namespace rnnlab
