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

IntervalBands validationBands(Model<float> &model, const Windows &w, int steps, int maxOrigins)
{
    if (steps < 1) {
        throw std::invalid_argument("prediction intervals need at least one step");
    }
    std::vector<std::vector<double>> f, a;
    closedLoopPaths(model, w, w.trainEnd, w.valEnd, steps, maxOrigins, f, a);
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
    return b;
}

IntervalCoverage testCoverage(Model<float> &model, const Windows &w, const IntervalBands &bands, int maxOrigins)
{
    std::vector<std::vector<double>> f, a;
    closedLoopPaths(model, w, w.valEnd, w.rows, int(bands.half80.size()), maxOrigins, f, a);
    if (f.empty()) {
        throw std::invalid_argument("interval coverage needs a test span");
    }
    return coverageOf(f, a, bands.half80, bands.half95);
}

} // namespace rnnlab
