// The time of any row, including rows past the end of the data (for forecasts):
// monthly axes step by calendar months, others by the series' mean step.
#pragma once
#include "data/series.h"

#include <string>

namespace rnnlab {

// The numeric time of row r (see TimeKind for the unit); r may be >= rows().
double timeAt(const Series &series, int row);
// The time of row r as text in the file's own format ("1961-03", "1998.65000", "17").
std::string timeLabel(const Series &series, int row);

} // namespace rnnlab
