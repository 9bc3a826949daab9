// Reading and writing the time column of a series. Dates are parsed with Howard
// Hinnant's date library (`date::from_stream` with format strings); the layout of a
// column is chosen from the whole column, never from one cell. Times are written
// back as ISO 8601 at the column's resolution by formatTime(). No file handling
// here: series.cpp feeds it cells.
#pragma once
#include "data/series.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rnnlab::timeparse {

// One date layout the loader knows: a date::parse format for the date part (the
// time of day, when a cell has one, is read separately: HH:MM[:SS[.fff]][Z|±HH:MM]).
struct DateLayout {
    const char *pattern;       // date::parse format, or "quarter" for the hand-read quarters
    const char *name;          // as messages show it: "DD.MM.YYYY"
    TimeResolution resolution; // of a cell without a time of day
    int order;                 // 0: unambiguous; 1: day-first; 2: month-first (same separators)
    bool compact;              // YYYYMMDD: only when every cell is 8 digits
};
const std::vector<DateLayout> &dateLayouts();

// The result of reading a column of time cells.
struct ParsedTimes {
    std::vector<double> seconds; // one per cell, UTC seconds since 1970-01-01 (wall clock when no offset)
    TimeKind kind = TimeKind::DateTime;
    TimeResolution resolution = TimeResolution::Day;
    bool utc = false;             // some cell carried an offset or Z: times are UTC
    std::string format;           // the layout's name, e.g. "DD.MM.YYYY HH:MM:SS"
    std::vector<std::string> warnings;
};

// Why a column could not be read: the cell (index into the cells) and the problem.
struct TimeColumnError {
    std::size_t cell = 0;
    std::string problem;
};

// True when the cell reads as a date (any layout; YYYYMMDD only with allowCompact,
// for a column named like a date) or has the shape of an ISO date (so that
// "2020-13" is reported as an invalid date, not as a number).
bool looksLikeDate(std::string_view cell, bool allowCompact = false);

// Reads every cell with the layouts that read all of them. `userFormat` (a
// date::parse format such as "%d/%m/%Y" or "%d.%m.%Y %H:%M:%S") skips the detection.
// `missing` flags cells that are missing tokens (reported as missing timestamps).
// Returns nullopt and sets `error` when no layout reads every cell.
std::optional<ParsedTimes> parseTimeColumn(const std::vector<std::string_view> &cells, const std::string &column,
                                           const std::string &userFormat, const std::vector<char> &missing,
                                           const std::vector<int> &lines, TimeColumnError &error);

// Epoch seconds or milliseconds in a numeric column named like a time: returns the
// divisor (1 or 1000) when every value is a plausible epoch (1973..2100), else 0.
int epochScale(const std::string &lowerName, const std::vector<double> &values);
// The resolution of calendar times from their values: the finest unit any of them uses.
TimeResolution resolutionOfSeconds(const std::vector<double> &seconds, TimeResolution coarsest);

// lower: the column's header in lower case.
bool isTimeName(const std::string &lower);
TimeKind numericTimeKind(const std::string &lower, const std::vector<double> &t);

// The calendar kind (YearMonth, Date, DateTime) of a resolution.
TimeKind kindOf(TimeResolution r);

} // namespace rnnlab::timeparse

namespace rnnlab {

// A time as text, ISO 8601 at the resolution of the data: 1995, 1995-Q1, 1995-01,
// 1995-W05, 1995-01-31, 2009-01-05T12:00, 2009-01-05T12:00:30(.250) with Z when the
// times are UTC; decimal years, seconds and row indices as plain numbers.
std::string formatTime(double t, TimeKind kind, TimeResolution resolution, bool utc = false);
// The same for a time value of `series`' axis.
std::string formatTime(const Series &series, double t);

} // namespace rnnlab
