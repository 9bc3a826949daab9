// Residual quantiles by step, their coverage, and the closed-loop paths both come from.
#include "forecasting/intervals.h"

#include "forecasting/forecast.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rnnlab {

std::vector<double> absoluteQuantiles(const std::vector<std::vector<double>> &residualsByStep, double q)
{
    std::vector<double> out;
    for (std::size_t k = 0; k < residualsByStep.size(); ++k) {
        std::vector<double> a;
        for (double e : residualsByStep[k]) {
            a.push_back(std::abs(e));
        }
        if (a.empty()) {
            throw std::invalid_argument("no residual for forecast step " + std::to_string(k + 1));
        }
        std::sort(a.begin(), a.end());
        const double pos = q * double(a.size() - 1);
        const std::size_t lo = (std::size_t)pos, hi = std::min(lo + 1, a.size() - 1);
        out.push_back(a[lo] + (pos - double(lo)) * (a[hi] - a[lo]));
    }
    return out;
}

IntervalCoverage coverageOf(const std::vector<std::vector<double>> &forecasts,
                            const std::vector<std::vector<double>> &actuals, const std::vector<double> &half80,
                            const std::vector<double> &half95)
{
    IntervalCoverage c;
    int in80 = 0, in95 = 0;
    for (std::size_t i = 0; i < forecasts.size() && i < actuals.size(); ++i) {
        for (std::size_t k = 0; k < forecasts[i].size() && k < actuals[i].size() && k < half80.size(); ++k) {
            const double e = std::abs(actuals[i][k] - forecasts[i][k]);
            in80 += e <= half80[k];
            in95 += e <= half95[k];
            ++c.points;
        }
    }
    if (c.points > 0) {
        c.coverage80 = double(in80) / c.points;
        c.coverage95 = double(in95) / c.points;
    }
    return c;
}

void closedLoopPaths(Model<float> &model, const Windows &w, int firstOrigin, int end, int steps, int maxOrigins,
                     std::vector<std::vector<double>> &forecasts, std::vector<std::vector<double>> &actuals)
{
    forecasts.clear();
    actuals.clear();
    const int lowest = std::max(firstOrigin, w.lookback + w.firstRow());
    const int count = end - lowest;
    if (count < 1) {
        return;
    }
    const int n = std::min(count, std::max(1, maxOrigins));
    for (int i = 0; i < n; ++i) {
        // Evenly spaced over [lowest, end), the first origin always included.
        const int origin = lowest + int((long long)i * count / n);
        const int k = std::min(steps, end - origin);
        forecasts.push_back(closedLoopForecast(model, w, origin, k));
        actuals.emplace_back(w.targetLevels.data() + origin, w.targetLevels.data() + origin + k);
    }
}

namespace {

// closedLoopPaths of every model, combined by the median at each (origin, step); the
// origins are the same for every model (they depend on the windows only).
void medianPaths(const std::vector<Model<float> *> &models, const Windows &w, int firstOrigin, int end, int steps,
                 int maxOrigins, std::vector<std::vector<double>> &forecasts, std::vector<std::vector<double>> &actuals)
{
    if (models.empty()) {
        throw std::invalid_argument("prediction intervals of no model");
    }
    closedLoopPaths(*models[0], w, firstOrigin, end, steps, maxOrigins, forecasts, actuals);
    if (models.size() == 1) {
        return;
    }
    std::vector<std::vector<std::vector<double>>> all{forecasts};
    for (std::size_t m = 1; m < models.size(); ++m) {
        std::vector<std::vector<double>> f, a;
        closedLoopPaths(*models[m], w, firstOrigin, end, steps, maxOrigins, f, a);
        all.push_back(std::move(f));
    }
    std::vector<double> v(models.size());
    const std::size_t mid = v.size() / 2;
    for (std::size_t i = 0; i < forecasts.size(); ++i) {
        for (std::size_t k = 0; k < forecasts[i].size(); ++k) {
            for (std::size_t m = 0; m < all.size(); ++m) {
                v[m] = all[m][i][k];
            }
            std::sort(v.begin(), v.end());
            forecasts[i][k] = v.size() % 2 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
        }
    }
}

} // namespace

IntervalBands validationBands(Model<float> &model, const Windows &w, int steps, int maxOrigins)
{
    return validationBands(std::vector<Model<float> *>{&model}, w, steps, maxOrigins);
}

IntervalCoverage testCoverage(Model<float> &model, const Windows &w, const IntervalBands &bands, int maxOrigins)
{
    return testCoverage(std::vector<Model<float> *>{&model}, w, bands, maxOrigins);
}

void extendBySqrtStep(IntervalBands &bands, int steps)
{
    const std::size_t have = std::min(bands.half80.size(), bands.half95.size());
    // An extended band is extended from its last measured step again, not its last one.
    const std::size_t k = bands.measuredSteps > 0 ? std::min(have, std::size_t(bands.measuredSteps)) : have;
    if (k == 0) {
        throw std::invalid_argument("no measured interval to extend");
    }
    bands.measuredSteps = int(k);
    bands.half80.resize(have);
    bands.half95.resize(have);
    for (std::size_t h = have + 1; h <= std::size_t(std::max(0, steps)); ++h) {
        const double grow = std::sqrt(double(h) / double(k));
        bands.half80.push_back(bands.half80[k - 1] * grow);
        bands.half95.push_back(bands.half95[k - 1] * grow);
    }
}

IntervalBands validationBands(const std::vector<Model<float> *> &models, const Windows &w, int steps, int maxOrigins)
{
    if (steps < 1) {
        throw std::invalid_argument("prediction intervals need at least one step");
    }
    std::vector<std::vector<double>> f, a;
    medianPaths(models, w, w.trainEnd, w.valEnd, steps, maxOrigins, f, a);
    if (f.empty()) {
        throw std::invalid_argument("prediction intervals need a validation span after the lookback");
    }
    std::vector<std::vector<double>> byStep(steps);
    for (std::size_t i = 0; i < f.size(); ++i) {
        for (std::size_t k = 0; k < f[i].size(); ++k) {
            byStep[k].push_back(a[i][k] - f[i][k]);
        }
    }
    // Steps no validation path reached (a short validation span) are dropped.
    while (!byStep.empty() && byStep.back().empty()) {
        byStep.pop_back();
    }
    IntervalBands b;
    b.half80 = absoluteQuantiles(byStep, 0.8);
    b.half95 = absoluteQuantiles(byStep, 0.95);
    b.origins = int(f.size());
    b.measuredSteps = int(b.half80.size());
    return b;
}

IntervalCoverage testCoverage(const std::vector<Model<float> *> &models, const Windows &w, const IntervalBands &bands,
                              int maxOrigins)
{
    std::vector<std::vector<double>> f, a;
    medianPaths(models, w, w.valEnd, w.rows, int(bands.half80.size()), maxOrigins, f, a);
    if (f.empty()) {
        throw std::invalid_argument("interval coverage needs a test span");
    }
    return coverageOf(f, a, bands.half80, bands.half95);
}

} // namespace rnnlab
