// `--transform auto`: picks none / log / diff / logdiff for a series from its training
// rows only, by stated rules, and says why. Not a model search: two classical tests
// and one ratio, so the same data always gets the same answer.
#pragma once
#include "data/windows.h"

#include <span>
#include <string>

namespace rnnlab {

struct TransformChoice {
    Transform transform = Transform::None;
    std::string reason; // one sentence with the figures that decided
    WindowNorm windowNorm = WindowNorm::None; // the series overload's choice (below)
};

// Rules, on y = the training rows of the target (m = the detected seasonal period, 0: none):
//  1. log first when every value is > 0, the level at least doubles between the lowest and
//     highest block mean, and the swing grows with the level: over blocks of m rows (or
//     n/8 without a season) the correlation of block mean and the spread of the block's
//     first differences is > 0.6 (multiplicative growth: airline, prices).
//  2. then diff when the (logged) series is not level-stationary by KPSS (statistic
//     > 0.463, the 5% point; Newey-West variance, lag 4 (n/100)^(1/4); seasonal means
//     removed first) and ADF does not reject a unit root (t > -2.86, 5%; lags m or
//     (n-1)^(1/3)). Both must agree, so a stationary series with a level shift (Nile)
//     is left alone.
TransformChoice chooseTransform(std::span<const double> y, int period);

// The same on a loaded series and a config (config.transform ignored): the training
// rows follow config's split. When a log choice cannot apply to an input column
// (a value <= 0), falls back to the choice without log and says so.
// It also picks the window normalisation: last when the choice is no transform, the
// training rows show no season and the target is an input (a level that wanders
// without a unit root being found: windows relative to their last value; measured
// on wwwusage, MASE 2.80 -> 1.12 over 5 seeds), else none.
// Throws what makeWindows throws.
TransformChoice chooseTransform(const Series &series, const DataConfig &config);

// KPSS level-stationarity statistic and ADF t statistic (constant, no trend), exposed
// for tests.
double kpssStatistic(std::span<const double> y);
double adfStatistic(std::span<const double> y, int lags);

} // namespace rnnlab
