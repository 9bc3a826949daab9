// A loaded time series: a numeric table with an optional time axis, read from
// CSV/TSV. Loading never crashes or hangs on bad input: it throws LoadError whose
// message names the file, the line, the column and the problem.
#pragma once
#include <Eigen/Core>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rnnlab {

// What the first column held. The numeric `time` value is in the natural unit:
// Index: row number; Year/DecimalYear: years; YearMonth/Date/DateTime: seconds since
// 1970-01-01 UTC (for a date-time axis); Seconds: seconds.
enum class TimeKind { Index, Year, DecimalYear, YearMonth, Date, DateTime, Seconds };
const char *toString(TimeKind k);

// The finest unit the time axis uses, which fixes how times are written back
// (formatTime in time_parse.h): 1995-Q1, 1995-01, 1995-01-31, 2009-01-05T12:00...
// None for index, decimal-year and seconds axes.
enum class TimeResolution { None, Year, Quarter, Month, Week, Day, Minute, Second, Millisecond };
const char *toString(TimeResolution r);

enum class MissingPolicy { Reject, Interpolate, FFill, Drop };
const char *toString(MissingPolicy p);
MissingPolicy missingPolicyFromString(const std::string &s); // throws std::invalid_argument

struct MissingCell {
    int row = 0;    // data row index (after sorting)
    int line = 0;   // 1-based physical line in the file
    int column = 0; // index into Series::columns
};

struct Series {
    std::string source;                // file name as given (for messages)
    std::string timeName;              // header of the time column; empty if none
    TimeKind timeKind = TimeKind::Index;
    std::vector<std::string> columns;  // value columns (time column excluded)
    std::vector<double> time;          // one per row (see TimeKind)
    TimeResolution resolution = TimeResolution::None;
    bool utc = false;                  // the file gave offsets (or Z, or Unix time): times are UTC
    std::string timeFormat;            // the layout read, e.g. "DD.MM.YYYY HH:MM:SS"; empty for numbers
    std::vector<std::string> timeText; // the time cell's text per row for date columns; empty otherwise
    std::vector<std::string> ignoredColumns; // text columns that are neither time nor values
    std::vector<int> droppedInside;    // lines of rows the drop policy removed between kept rows
    std::vector<int> lines;            // 1-based source line of each row
    Eigen::MatrixXd values;            // rows x columns; NaN where missing
    std::vector<MissingCell> missing;  // every missing cell, in row order
    std::vector<std::string> warnings; // e.g. "rows were not sorted by time; sorted"
    int rows() const { return (int)values.rows(); }
    int columnIndex(const std::string &name) const; // -1 if none
};

struct LoadError : std::runtime_error {
    LoadError(const std::string &file, int line, const std::string &column, const std::string &problem);
    std::string file;   // as given
    int line = 0;       // 0 when the problem is not one line
    std::string column; // empty when not one column
    std::string problem;
    // Long format (date,symbol,close): the column that names the groups and its values.
    std::string groupColumn;
    std::vector<std::string> groups;
};

struct LoadOptions {
    std::size_t maxLineLength = 1 << 20; // longer lines are an error naming the line
    std::size_t maxFileBytes = std::size_t(2) << 30;
    std::string timeColumn = "auto";     // "auto", "none", a column name, or two: "year,month"
    std::string dateFormat;              // a date::parse format ("%d/%m/%Y"); empty: detected
    char delimiter = 0;                  // 0: detected (tab, ';' or ',')
    char decimal = 0;                    // 0: ',' with a ';' delimiter, else '.'
    int skipRows = 0;                    // physical lines above the header to skip
    std::vector<std::string> naValues;   // missing-value tokens besides the defaults
    std::string filterColumn;            // keep only the rows whose filterColumn is filterValue
    std::string filterValue;
    // Called from the loading thread every 64K rows with the fraction of the text read;
    // returning false cancels the load (LoadCancelled). Not called for small files.
    std::function<bool(double)> progress;
};

// Thrown when LoadOptions::progress asked to stop.
struct LoadCancelled : std::runtime_error {
    LoadCancelled() : std::runtime_error("loading cancelled") {}
};

// Reads a CSV/TSV file: delimiter (, ; tab) and header detected, UTF-8 BOM, CRLF,
// RFC 4180 quotes, whitespace trimmed, blank lines skipped, decimal comma with ';'.
// The time axis: a date column in any layout time_parse.h knows (chosen from the
// whole column), a numeric time (years, seconds, Unix epochs), two columns combined
// (year + month, year + quarter, date + time), or none. Text columns that are
// neither are ignored with a warning. Missing cells (empty, NA, N/A, n/a, null, NaN,
// -, ?, and options.naValues) become NaN and are listed in Series::missing; the
// missing-value policy is applied separately. Throws LoadError.
Series loadSeries(const std::string &path, const LoadOptions &options = {});
// The same from text in memory; `name` is used in messages.
Series parseSeries(const std::string &text, const std::string &name, const LoadOptions &options = {});

// Applies the policy to the given columns (all when empty). Reject throws LoadError
// naming the count and the first missing cell's line and column; Interpolate is
// linear in the row index (edges take the nearest value); FFill carries the last
// value forward (a missing first value takes the next one); Drop removes the rows.
void applyMissingPolicy(Series &series, MissingPolicy policy, const std::vector<int> &columns = {});

} // namespace rnnlab
