// How the rows of a series are spaced in time, in words for the data summary:
// "monthly", "business-daily, 3 gaps over 5 days", "every 10 minutes, 1 gap over
// 2 steps", "irregular". Gaps are kept in the data (plotted on a true time axis);
// this only names them.
#pragma once
#include "data/series.h"

#include <string>

namespace rnnlab {

std::string describeSpacing(const Series &series);
// One line: rows, the first and last time, the spacing ("153 rows, 1973-05-01 ..
// 1973-09-30, daily").
std::string describeSeries(const Series &series);

} // namespace rnnlab
