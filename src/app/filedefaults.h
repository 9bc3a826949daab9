// The settings a series opened by path gets (a bundled sample gets its recommended
// ones instead, samplesettings.h): the transform decided by core's chooseTransform
// from the training rows, with the reason shown in the status bar.
#pragma once
#include "data/windows.h"

#include <QString>

namespace rnnlab {

// Sets config.transform from the training rows of `series` under config's split and
// returns the status-bar sentence ("Transform auto: logdiff: ..."). On data the rule
// cannot judge (too few rows for the lookback) leaves the transform and says why.
QString applyAutoTransform(const Series &series, DataConfig &config);

} // namespace rnnlab
