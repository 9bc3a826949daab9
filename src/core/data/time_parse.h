// Reading the time column of a series: the date shapes the loader accepts, the
// unit of a numeric time column from its header and values, and the calendar
// arithmetic under both. No file handling here: series.cpp feeds it cells.
#pragma once
#include "data/series.h"

#include <string>
#include <string_view>
#include <vector>

namespace rnnlab::timeparse {

// Days since 1970-01-01 in the proleptic Gregorian calendar.
long long daysFromCivil(int y, unsigned m, unsigned d);
unsigned daysInMonth(int y, unsigned m);

enum class DateParse { NotADate, Invalid, Ok };
// NotADate: not one of the accepted shapes; Invalid: the shape but not a real date.
DateParse parseDate(std::string_view s, TimeKind &kind, double &seconds);
const char *formatName(TimeKind k);
// lower: the column's header in lower case.
bool isTimeName(const std::string &lower);
TimeKind numericTimeKind(const std::string &lower, const std::vector<double> &t);

} // namespace rnnlab::timeparse
