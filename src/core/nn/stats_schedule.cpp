// The per-epoch statistics schedule (see stats_schedule.h).
#include "nn/stats_schedule.h"

#include <algorithm>
#include <cmath>

namespace rnnlab {

namespace {
constexpr double kEigenFlopsPerH3 = 20.0;  // Hessenberg reduction + Francis steps, eigenvalues only
constexpr double kEigenSlowdown = 15.0;    // its flops run this much slower than the steps' GEMMs
} // namespace

double epochStepFlops(const ModelSpec &spec, int lookback, long long trainWindows)
{
    double perStep = 0;
    int in = spec.inputSize;
    for (const LayerSpec &l : spec.layers) {
        const double gates = gateCount(l.type);
        if (isRecurrent(l.type)) {
            perStep += gates * l.units * double(in + l.units);
        } else {
            perStep += double(l.units) * in / std::max(1, lookback); // once per window, not per step
        }
        in = l.units;
    }
    return 3.0 * 2.0 * perStep * std::max(1, lookback) * double(std::max<long long>(1, trainWindows));
}

double spectralRadiusFlops(const ModelSpec &spec)
{
    double sum = 0;
    for (const LayerSpec &l : spec.layers) {
        if (isRecurrent(l.type)) {
            const double h = l.units;
            sum += gateCount(l.type) * kEigenFlopsPerH3 * kEigenSlowdown * h * h * h;
        }
    }
    return sum;
}

int spectralRadiusInterval(const ModelSpec &spec, int lookback, long long trainWindows, double budget)
{
    const double steps = epochStepFlops(spec, lookback, trainWindows);
    const double radius = spectralRadiusFlops(spec);
    if (!(budget > 0) || !(steps > 0)) {
        return 1;
    }
    const double k = std::ceil(radius / (budget * steps));
    return int(std::clamp(k, 1.0, 1e6));
}

} // namespace rnnlab
