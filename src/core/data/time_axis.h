// The time of any row, including rows past the end of the data (for forecasts):
// monthly axes step by calendar months, others by the series' mean step.
#pragma once
#include "data/series.h"

#include <string>

namespace rnnlab {

// The numeric time of row r (see TimeKind for the unit); r may be >= rows().
double timeAt(const Series &series, int row);
// The time of row r as ISO 8601 text at the data's resolution ("1961-03", "1995-Q1",
// "2009-01-05T12:00"), decimal years and seconds as numbers, the row for an index.
std::string timeLabel(const Series &series, int row);
// The time cell of row r as the file wrote it (date columns), else timeLabel();
// empty when the series has no time column.
std::string timeCellText(const Series &series, int row);

} // namespace rnnlab
