// The windows runner (see windowsrunner.h).
#include "data/windowsrunner.h"

#include "forecasting/baselines.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace rnnlab {

WindowsResult prepareWindows(const WindowsRequest &r, int generation)
{
    WindowsResult out;
    out.generation = generation;
    const Series &series = *r.series;
    const DataConfig &c = r.config;
    try {
        std::vector<int> used{series.columnIndex(c.target)};
        for (const auto &name : c.inputs) {
            used.push_back(series.columnIndex(name));
        }
        used.erase(std::remove(used.begin(), used.end(), -1), used.end());
        bool gaps = false;
        for (int col : used) {
            gaps = gaps || series.values.col(col).hasNaN();
        }
        // Only a policy that changes something needs a copy: a 10M-row series is 440 MB.
        if (gaps) {
            Series s = series;
            applyMissingPolicy(s, c.missing, used);
            out.windows = std::make_shared<const Windows>(makeWindows(s, c));
            out.prepared = std::make_shared<const Series>(std::move(s));
        } else {
            out.windows = std::make_shared<const Windows>(makeWindows(series, c));
            out.prepared = r.series;
        }
        const TargetView y = targetValues(*out.prepared, *out.windows);
        out.detectedPeriod = detectSeasonalPeriod(std::span<const double>(y.data(), std::size_t(out.windows->trainEnd)));
    } catch (const std::exception &e) {
        out.windows.reset();
        out.prepared.reset();
        out.error = QString::fromStdString(e.what());
    }
    return out;
}

WindowsRunner::WindowsRunner(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<rnnlab::WindowsResult>("rnnlab::WindowsResult");
    connect(&m_watcher, &QFutureWatcher<WindowsResult>::finished, this, &WindowsRunner::onDone);
}

WindowsRunner::~WindowsRunner()
{
    // The job shares what it reads; it may finish on the pool after we are gone.
    m_watcher.disconnect(this);
}

int WindowsRunner::request(WindowsRequest r)
{
    const int generation = ++m_generation;
    if (m_busy) {
        m_waiting = std::make_pair(std::move(r), generation);
    } else {
        launch(std::move(r), generation);
    }
    return generation;
}

void WindowsRunner::cancel()
{
    ++m_generation;
    m_waiting.reset();
}

std::optional<WindowsResult> WindowsRunner::waitForNewest()
{
    if (!m_busy) {
        return std::nullopt;
    }
    m_watcher.waitForFinished();
    WindowsResult result = m_watcher.result();
    if (m_waiting) {
        auto next = std::move(*m_waiting);
        m_waiting.reset();
        result = prepareWindows(next.first, next.second);
    }
    const bool newest = result.generation == m_generation;
    // The watcher's finished() may still be queued: it now reports a stale generation.
    ++m_generation;
    m_busy = false;
    if (!newest) {
        return std::nullopt; // cancelled since
    }
    return result;
}

void WindowsRunner::launch(WindowsRequest r, int generation)
{
    m_busy = true;
    m_watcher.setFuture(QtConcurrent::run([r = std::move(r), generation] { return prepareWindows(r, generation); }));
}

void WindowsRunner::onDone()
{
    if (!m_busy || !m_watcher.isFinished()) {
        return; // waitForNewest() took the result already
    }
    m_busy = false;
    const WindowsResult result = m_watcher.result();
    if (m_waiting) {
        auto next = std::move(*m_waiting);
        m_waiting.reset();
        launch(std::move(next.first), next.second);
    }
    if (result.generation == m_generation) {
        emit ready(result);
    }
}

} // namespace rnnlab
