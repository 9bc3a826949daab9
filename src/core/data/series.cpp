// The series loader: CSV/TSV text -> Series (a numeric table with an optional time
// axis), plus the missing-value policies. One pass over one in-memory buffer with
// string_view and std::from_chars, so the fast path allocates nothing per cell.
// Every problem is a LoadError naming file, line, column and problem; nothing here
// echoes raw bytes the user cannot read.
#include "data/series.h"

#include "data/csv_reader.h"
#include "data/time_parse.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <limits>
#include <memory>
#include <numeric>
#include <string_view>

namespace rnnlab {

namespace {

using std::string_view;
using namespace csv;
using namespace timeparse;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string missingTimestamp(string_view cell)
{
    return cell.empty() ? std::string("missing timestamp") : "missing timestamp " + quoteCell(cell);
}

// How the first column is read.
enum class TimeMode {
    None,      // no time column: every column is a value
    DateText,  // ISO dates / date-times
    Numeric,   // years, decimal years or seconds, named as time by the header
    Undecided, // headerless numeric first column: time if it looks like years
};

struct BadCell {
    int line;
    std::string column;
    std::string text;
};

class Parser
{
public:
    Parser(string_view text, const std::string &name, const LoadOptions &options)
        : m_text(text), m_name(name), m_options(options)
    {
    }

    Series run();

private:
    [[noreturn]] void fail(int line, const std::string &column, const std::string &problem) const
    {
        // A non-finite value found earlier is reported first: it is on an earlier line.
        throwPendingNonFinite();
        throw LoadError(m_name, line, column, problem);
    }

    void throwPendingNonFinite() const
    {
        if (m_nonFinite.empty()) {
            return;
        }
        const BadCell &first = m_nonFinite.front();
        std::string problem = quoteCell(first.text) + " is not a finite number";
        if (m_nonFinite.size() > 1) {
            problem += " (also";
            for (std::size_t i = 1; i < m_nonFinite.size(); ++i) {
                problem += (i > 1 ? ", line " : " line ") + std::to_string(m_nonFinite[i].line) + " "
                    + quoteCell(m_nonFinite[i].text);
            }
            if (m_nonFiniteCount > m_nonFinite.size()) {
                problem += ", and " + std::to_string(m_nonFiniteCount - m_nonFinite.size()) + " more";
            }
            problem += ")";
        }
        throw LoadError(m_name, first.line, first.column, problem);
    }

    [[noreturn]] void failRagged(RecordReader &reader, std::vector<string_view> &fields, int line, std::size_t got);
    void decideTimeMode(const std::vector<string_view> &first);
    void addRow(const std::vector<string_view> &fields, int line);
    void promoteUndecided();
    void finishTime();

    string_view m_text;
    const std::string &m_name;
    const LoadOptions &m_options;
    bool m_decimalComma = false;
    bool m_generatedNames = false;
    std::vector<std::string> m_names; // every field's name, the time column included
    std::size_t m_fields = 0;
    TimeMode m_mode = TimeMode::None;
    TimeKind m_dateKind = TimeKind::YearMonth;
    int m_dateKindLine = 0;
    std::size_t m_valueCols = 0;
    std::size_t m_firstValue = 0; // field index of the first value column
    std::vector<double> m_cells;  // row-major rows x m_valueCols
    std::vector<double> m_time;
    std::vector<std::string> m_timeText;
    std::vector<int> m_lines;
    std::vector<MissingCell> m_missing; // row = file order until sorting
    std::vector<BadCell> m_nonFinite;   // the first few, for one message naming them
    std::size_t m_nonFiniteCount = 0;
    std::vector<std::string> m_warnings;
};

void Parser::failRagged(RecordReader &reader, std::vector<string_view> &fields, int line, std::size_t got)
{
    throwPendingNonFinite();
    // Name a few more ragged lines so one fix-and-retry round catches them all.
    std::string more;
    int extra = 0;
    try {
        while (extra < 3 && reader.next(fields)) {
            if (fields.size() != m_fields) {
                more += (extra == 0 ? " (also line " : ", line ") + std::to_string(reader.recordLine()) + ": got "
                    + std::to_string(fields.size());
                ++extra;
            }
        }
    } catch (const LoadError &) {
        // The first problem is the one to report; later ones can wait.
    }
    if (extra > 0) {
        more += ")";
    }
    throw LoadError(m_name, line, "",
                    "expected " + std::to_string(m_fields) + " fields, got " + std::to_string(got) + more);
}

void Parser::decideTimeMode(const std::vector<string_view> &first)
{
    m_mode = TimeMode::None;
    if (m_fields >= 2) {
        TimeKind kind = TimeKind::Index;
        double seconds = 0.0;
        const std::string lower = toLower(m_names[0]);
        if (parseDate(first[0], kind, seconds) != DateParse::NotADate) {
            m_mode = TimeMode::DateText;
        } else if (!m_generatedNames && isTimeName(lower)) {
            m_mode = TimeMode::Numeric;
        } else if (m_generatedNames && isNumber(first[0], m_decimalComma)) {
            m_mode = TimeMode::Undecided;
        }
    }
    const bool timeColumn = m_mode == TimeMode::DateText || m_mode == TimeMode::Numeric;
    m_firstValue = timeColumn ? 1 : 0;
    m_valueCols = m_fields - m_firstValue;
}

void Parser::addRow(const std::vector<string_view> &fields, int line)
{
    const int row = int(m_lines.size());
    m_lines.push_back(line);
    const std::string &timeName = m_names[0];
    if (m_mode == TimeMode::DateText) {
        TimeKind kind = TimeKind::Index;
        double seconds = 0.0;
        const DateParse r = parseDate(fields[0], kind, seconds);
        if (isMissingToken(fields[0])) {
            fail(line, timeName, missingTimestamp(fields[0]));
        }
        if (r == DateParse::NotADate) {
            fail(line, timeName,
                 quoteCell(fields[0]) + " is not a date in the format of line " + std::to_string(m_dateKindLine) + " ("
                     + formatName(m_dateKind) + ")");
        }
        if (r == DateParse::Invalid) {
            fail(line, timeName, quoteCell(fields[0]) + " is not a valid date");
        }
        if (m_dateKindLine == 0) {
            m_dateKind = kind;
            m_dateKindLine = line;
        } else if (kind != m_dateKind) {
            // Dates and date-times mix well (midnight is implied); months do not.
            if (m_dateKind != TimeKind::YearMonth && kind != TimeKind::YearMonth) {
                m_dateKind = TimeKind::DateTime;
            } else {
                fail(line, timeName,
                     quoteCell(fields[0]) + " is not in the format of line " + std::to_string(m_dateKindLine) + " ("
                         + formatName(m_dateKind) + ")");
            }
        }
        m_time.push_back(seconds);
        m_timeText.emplace_back(fields[0]);
    } else if (m_mode == TimeMode::Numeric) {
        double v = 0.0;
        switch (parseNumber(fields[0], m_decimalComma, v)) {
        case CellKind::Missing:
            fail(line, timeName, missingTimestamp(fields[0]));
        case CellKind::NotNumber:
            fail(line, timeName, quoteCell(fields[0]) + " is not a number or a date (YYYY-MM, YYYY-MM-DD, YYYY-MM-DD HH:MM)");
        case CellKind::NonFinite:
            fail(line, timeName, quoteCell(fields[0]) + " is not a finite number");
        case CellKind::Number:
            break;
        }
        m_time.push_back(v);
        m_timeText.emplace_back(fields[0]);
    } else if (m_mode == TimeMode::Undecided) {
        m_timeText.emplace_back(fields[0]);
    }
    for (std::size_t f = m_firstValue; f < m_fields; ++f) {
        double v = 0.0;
        const int col = int(f - m_firstValue);
        switch (parseNumber(fields[f], m_decimalComma, v)) {
        case CellKind::Number:
            break;
        case CellKind::Missing:
            m_missing.push_back({row, line, col});
            break;
        case CellKind::NotNumber:
            fail(line, m_names[f], quoteCell(fields[f]) + " is not a number");
        case CellKind::NonFinite:
            if (m_nonFinite.size() < 4) {
                m_nonFinite.push_back({line, m_names[f], std::string(fields[f].substr(0, 80))});
            }
            ++m_nonFiniteCount;
            v = kNaN;
            break;
        }
        m_cells.push_back(v);
    }
}

// A headerless numeric first column is the time axis when it reads as years:
// complete, inside 1000..3000 and strictly increasing (11_no_header.csv).
void Parser::promoteUndecided()
{
    const std::size_t rows = m_lines.size();
    bool years = true;
    for (const MissingCell &m : m_missing) {
        years = years && m.column != 0;
    }
    for (std::size_t r = 0; years && r < rows; ++r) {
        const double v = m_cells[r * m_valueCols];
        years = v >= 1000.0 && v <= 3000.0 && (r == 0 || v > m_cells[(r - 1) * m_valueCols]);
    }
    if (!years) {
        m_mode = TimeMode::None;
        m_timeText.clear();
        return;
    }
    m_mode = TimeMode::Numeric;
    m_time.resize(rows);
    std::vector<double> cells;
    cells.reserve(rows * (m_valueCols - 1));
    for (std::size_t r = 0; r < rows; ++r) {
        m_time[r] = m_cells[r * m_valueCols];
        cells.insert(cells.end(), m_cells.begin() + std::ptrdiff_t(r * m_valueCols + 1),
                     m_cells.begin() + std::ptrdiff_t((r + 1) * m_valueCols));
    }
    m_cells.swap(cells);
    for (MissingCell &m : m_missing) {
        --m.column;
    }
    m_firstValue = 1;
    --m_valueCols;
}

// Sorts the rows by time (with a warning) and rejects duplicate timestamps.
void Parser::finishTime()
{
    const std::size_t rows = m_lines.size();
    if (std::is_sorted(m_time.begin(), m_time.end())) {
        for (std::size_t r = 1; r < rows; ++r) {
            if (m_time[r] == m_time[r - 1]) {
                throw LoadError(m_name, m_lines[r], "",
                                "duplicate timestamp " + quoteCell(m_timeText[r]) + " (also on line "
                                    + std::to_string(m_lines[r - 1]) + ")");
            }
        }
        return;
    }
    std::size_t firstOut = 1;
    while (m_time[firstOut] >= m_time[firstOut - 1]) {
        ++firstOut;
    }
    std::vector<std::size_t> order(rows);
    std::iota(order.begin(), order.end(), std::size_t(0));
    // Stable, so equal timestamps stay in file order and the message names the
    // later line with "also on" the earlier one.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return m_time[a] < m_time[b]; });
    for (std::size_t r = 1; r < rows; ++r) {
        if (m_time[order[r]] == m_time[order[r - 1]]) {
            throw LoadError(m_name, m_lines[order[r]], "",
                            "duplicate timestamp " + quoteCell(m_timeText[order[r]]) + " (also on line "
                                + std::to_string(m_lines[order[r - 1]]) + ")");
        }
    }
    std::vector<double> time(rows);
    std::vector<std::string> text(rows);
    std::vector<int> lines(rows);
    std::vector<double> cells(m_cells.size());
    std::vector<int> newRow(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t o = order[r];
        time[r] = m_time[o];
        text[r] = std::move(m_timeText[o]);
        lines[r] = m_lines[o];
        newRow[o] = int(r);
        std::copy_n(m_cells.begin() + std::ptrdiff_t(o * m_valueCols), m_valueCols,
                    cells.begin() + std::ptrdiff_t(r * m_valueCols));
    }
    m_warnings.push_back("rows were not sorted by time; sorted (first out of order: line "
                         + std::to_string(m_lines[firstOut]) + ")");
    m_time.swap(time);
    m_timeText.swap(text);
    m_lines.swap(lines);
    m_cells.swap(cells);
    for (MissingCell &m : m_missing) {
        m.row = newRow[std::size_t(m.row)];
    }
    std::sort(m_missing.begin(), m_missing.end(), [](const MissingCell &a, const MissingCell &b) {
        return a.row != b.row ? a.row < b.row : a.column < b.column;
    });
}

Series Parser::run()
{
    if (m_text.size() > m_options.maxFileBytes) {
        throw LoadError(m_name, 0, "",
                        "file is " + std::to_string(m_text.size()) + " bytes, more than the limit of "
                            + std::to_string(m_options.maxFileBytes));
    }
    if (m_text.empty()) {
        throw LoadError(m_name, 0, "", "empty file");
    }
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF") {
        m_text.remove_prefix(3);
    }
    const std::size_t bad = findInvalidUtf8(m_text);
    if (bad != string_view::npos) {
        const int line = 1 + int(std::count(m_text.begin(), m_text.begin() + std::ptrdiff_t(bad), '\n'));
        const bool nul = m_text[bad] == '\0';
        throw LoadError(m_name, line, "",
                        std::string("not a UTF-8 text file (") + (nul ? "NUL byte" : "invalid UTF-8")
                            + " at byte " + std::to_string(bad)
                            + "); binary files cannot be loaded, and other encodings must be saved as UTF-8");
    }
    const char delimiter = detectDelimiter(m_text, m_options.maxLineLength);
    m_decimalComma = delimiter == ';';
    RecordReader reader(m_text, m_name, delimiter, m_options.maxLineLength);
    std::vector<string_view> fields;
    fields.reserve(16);
    if (!reader.next(fields)) {
        throw LoadError(m_name, 0, "", "empty file (only blank lines)");
    }
    const int headerLine = reader.recordLine();
    m_fields = fields.size();

    // A first row of numbers (the first may be a date, some may be missing) is
    // data, not a header: no header is made of numbers.
    bool firstIsData = true;
    bool anyNumber = false;
    for (std::size_t f = 0; f < m_fields && firstIsData; ++f) {
        TimeKind kind = TimeKind::Index;
        double seconds = 0.0;
        const bool number = isNumber(fields[f], m_decimalComma);
        anyNumber = anyNumber || number;
        firstIsData = number || (f > 0 && isMissingToken(fields[f]))
            || (f == 0 && m_fields > 1 && parseDate(fields[f], kind, seconds) == DateParse::Ok);
    }
    firstIsData = firstIsData && anyNumber;
    m_generatedNames = firstIsData;
    m_names.reserve(m_fields);
    for (std::size_t f = 0; f < m_fields; ++f) {
        if (firstIsData || fields[f].empty()) {
            m_names.push_back("col" + std::to_string(f));
        } else {
            m_names.emplace_back(fields[f]);
        }
        for (std::size_t g = 0; g < f; ++g) {
            if (m_names[g] == m_names[f]) {
                throw LoadError(m_name, headerLine, m_names[f],
                                "duplicate column name (also column " + std::to_string(g + 1) + ")");
            }
        }
    }

    bool have = firstIsData || reader.next(fields);
    if (!have) {
        throw LoadError(m_name, headerLine, "", "no data rows after the header");
    }
    {
        // Reserve from the newline count, capped by what the bytes can hold.
        const std::size_t newlines = std::size_t(std::count(m_text.begin(), m_text.end(), '\n')) + 1;
        const std::size_t rows = std::min(newlines, m_text.size() / m_fields + 1);
        m_lines.reserve(rows);
        m_cells.reserve(rows * m_fields);
    }
    bool first = true;
    while (have) {
        const int line = reader.recordLine();
        if (fields.size() != m_fields) {
            failRagged(reader, fields, line, fields.size());
        }
        if (first) {
            decideTimeMode(fields);
            if (m_mode != TimeMode::None) {
                m_time.reserve(m_lines.capacity());
                m_timeText.reserve(m_lines.capacity());
            }
            first = false;
        }
        addRow(fields, line);
        have = reader.next(fields);
    }
    throwPendingNonFinite();

    if (m_mode == TimeMode::Undecided) {
        promoteUndecided();
    }
    Series s;
    s.source = m_name;
    const std::size_t rows = m_lines.size();
    if (m_mode == TimeMode::None) {
        s.timeKind = TimeKind::Index;
        m_time.resize(rows);
        std::iota(m_time.begin(), m_time.end(), 0.0);
        m_timeText.assign(rows, std::string());
    } else {
        s.timeName = m_names[0];
        s.timeKind = m_mode == TimeMode::DateText ? m_dateKind : numericTimeKind(toLower(m_names[0]), m_time);
        finishTime();
    }
    s.columns.assign(m_names.begin() + std::ptrdiff_t(m_firstValue), m_names.end());
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    s.values = Eigen::Map<const RowMajor>(m_cells.data(), Eigen::Index(rows), Eigen::Index(m_valueCols));
    std::vector<double>().swap(m_cells);
    s.time = std::move(m_time);
    s.timeText = std::move(m_timeText);
    s.lines = std::move(m_lines);
    s.missing = std::move(m_missing);
    s.warnings = std::move(m_warnings);
    if (!s.missing.empty()) {
        const MissingCell &m = s.missing.front();
        s.warnings.push_back(std::to_string(s.missing.size()) + " missing value" + (s.missing.size() == 1 ? "" : "s")
                             + " (first on line " + std::to_string(m.line) + ", column \""
                             + s.columns[std::size_t(m.column)] + "\")");
    }
    return s;
}

std::string formatLoadError(const std::string &file, int line, const std::string &column, const std::string &problem)
{
    std::string m = file;
    if (line > 0) {
        m += ":" + std::to_string(line);
    }
    m += ": ";
    if (!column.empty()) {
        m += "column \"" + column + "\": ";
    }
    return m + problem;
}

} // namespace

const char *toString(TimeKind k)
{
    switch (k) {
    case TimeKind::Index:
        return "index";
    case TimeKind::Year:
        return "year";
    case TimeKind::DecimalYear:
        return "decimal_year";
    case TimeKind::YearMonth:
        return "year_month";
    case TimeKind::Date:
        return "date";
    case TimeKind::DateTime:
        return "datetime";
    case TimeKind::Seconds:
        return "seconds";
    }
    return "index";
}

const char *toString(MissingPolicy p)
{
    switch (p) {
    case MissingPolicy::Reject:
        return "reject";
    case MissingPolicy::Interpolate:
        return "interpolate";
    case MissingPolicy::FFill:
        return "ffill";
    case MissingPolicy::Drop:
        return "drop";
    }
    return "reject";
}

MissingPolicy missingPolicyFromString(const std::string &s)
{
    const std::string lower = toLower(trim(s));
    for (MissingPolicy p : {MissingPolicy::Reject, MissingPolicy::Interpolate, MissingPolicy::FFill, MissingPolicy::Drop}) {
        if (lower == toString(p)) {
            return p;
        }
    }
    throw std::invalid_argument("unknown missing-value policy " + quoteCell(s)
                                + " (expected reject, interpolate, ffill or drop)");
}

int Series::columnIndex(const std::string &name) const
{
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i] == name) {
            return int(i);
        }
    }
    return -1;
}

LoadError::LoadError(const std::string &file, int line, const std::string &column, const std::string &problem)
    : std::runtime_error(formatLoadError(file, line, column, problem)), file(file), line(line), column(column),
      problem(problem)
{
}

Series parseSeries(const std::string &text, const std::string &name, const LoadOptions &options)
{
    return Parser(text, name, options).run();
}

Series loadSeries(const std::string &path, const LoadOptions &options)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw LoadError(path, 0, "", "is a directory, not a file");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > options.maxFileBytes) {
        throw LoadError(path, 0, "",
                        "file is " + std::to_string(size) + " bytes, more than the limit of "
                            + std::to_string(options.maxFileBytes));
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) {
        throw LoadError(path, 0, "", std::string("cannot open: ") + std::strerror(errno));
    }
    std::string text;
    if (!ec) {
        text.reserve(std::size_t(size));
    }
    // Read in chunks with a cap, so pipes and files that grow cannot exhaust memory.
    constexpr std::size_t kChunk = std::size_t(1) << 20;
    while (true) {
        const std::size_t old = text.size();
        text.resize(old + kChunk);
        const std::size_t got = std::fread(text.data() + old, 1, kChunk, file.get());
        text.resize(old + got);
        if (text.size() > options.maxFileBytes) {
            throw LoadError(path, 0, "",
                            "file is more than the limit of " + std::to_string(options.maxFileBytes) + " bytes");
        }
        if (got < kChunk) {
            if (std::ferror(file.get()) != 0) {
                throw LoadError(path, 0, "", std::string("cannot read: ") + std::strerror(errno));
            }
            break;
        }
    }
    file.reset();
    return parseSeries(text, path, options);
}

namespace {

// The policy's columns, sorted and checked; all of them when none are given.
std::vector<int> selectedColumns(const Series &s, const std::vector<int> &columns)
{
    std::vector<int> cols = columns;
    if (cols.empty()) {
        cols.resize(std::size_t(s.values.cols()));
        std::iota(cols.begin(), cols.end(), 0);
    }
    for (int c : cols) {
        if (c < 0 || c >= s.values.cols()) {
            throw std::invalid_argument("applyMissingPolicy: column index " + std::to_string(c) + " out of range (the series has "
                                        + std::to_string(s.values.cols()) + " columns)");
        }
    }
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    return cols;
}

std::string columnName(const Series &s, int c)
{
    return std::size_t(c) < s.columns.size() ? s.columns[std::size_t(c)] : "#" + std::to_string(c);
}

int lineOf(const Series &s, Eigen::Index row)
{
    return std::size_t(row) < s.lines.size() ? s.lines[std::size_t(row)] : 0;
}

// Fills the NaNs of one column from its known values; throws when there are none.
void fillColumn(Series &s, int c, MissingPolicy policy)
{
    auto col = s.values.col(c);
    const Eigen::Index n = col.size();
    Eigen::Index firstKnown = 0;
    while (firstKnown < n && std::isnan(col(firstKnown))) {
        ++firstKnown;
    }
    if (firstKnown == n) {
        throw LoadError(s.source, 0, columnName(s, c), "every value is missing; nothing to fill from");
    }
    for (Eigen::Index r = 0; r < firstKnown; ++r) {
        col(r) = col(firstKnown);
    }
    Eigen::Index prev = firstKnown;
    for (Eigen::Index r = firstKnown + 1; r < n; ++r) {
        if (!std::isnan(col(r))) {
            if (policy == MissingPolicy::Interpolate) {
                const double a = col(prev);
                const double b = col(r);
                for (Eigen::Index k = prev + 1; k < r; ++k) {
                    col(k) = a + (b - a) * double(k - prev) / double(r - prev);
                }
            } else {
                for (Eigen::Index k = prev + 1; k < r; ++k) {
                    col(k) = col(prev);
                }
            }
            prev = r;
        }
    }
    for (Eigen::Index k = prev + 1; k < n; ++k) {
        col(k) = col(prev);
    }
}

} // namespace

void applyMissingPolicy(Series &series, MissingPolicy policy, const std::vector<int> &columns)
{
    const std::vector<int> cols = selectedColumns(series, columns);
    std::vector<char> selected(std::size_t(series.values.cols()), 0);
    for (int c : cols) {
        selected[std::size_t(c)] = 1;
    }
    // Count from the values themselves, so a Series built or edited by hand works too.
    std::size_t count = 0;
    Eigen::Index firstRow = -1;
    int firstCol = -1;
    for (Eigen::Index r = 0; r < series.values.rows(); ++r) {
        for (int c : cols) {
            if (std::isnan(series.values(r, c))) {
                if (count++ == 0) {
                    firstRow = r;
                    firstCol = c;
                }
            }
        }
    }
    if (count == 0) {
        return;
    }
    const std::string n = std::to_string(count) + " missing value" + (count == 1 ? "" : "s");
    switch (policy) {
    case MissingPolicy::Reject:
        throw LoadError(series.source, lineOf(series, firstRow), columnName(series, firstCol),
                        n + ", the first here; choose a missing-value policy (interpolate, ffill or drop)");
    case MissingPolicy::Interpolate:
    case MissingPolicy::FFill:
        for (int c : cols) {
            if (series.values.col(c).hasNaN()) {
                fillColumn(series, c, policy);
            }
        }
        std::erase_if(series.missing, [&](const MissingCell &m) {
            return m.column >= 0 && std::size_t(m.column) < selected.size() && selected[std::size_t(m.column)];
        });
        series.warnings.push_back((policy == MissingPolicy::Interpolate ? "interpolated " : "forward-filled ") + n);
        return;
    case MissingPolicy::Drop:
        break;
    }

    const Eigen::Index rows = series.values.rows();
    std::vector<int> newRow(std::size_t(rows), -1);
    std::vector<Eigen::Index> keep;
    keep.reserve(std::size_t(rows));
    for (Eigen::Index r = 0; r < rows; ++r) {
        bool ok = true;
        for (int c : cols) {
            ok = ok && !std::isnan(series.values(r, c));
        }
        if (ok) {
            newRow[std::size_t(r)] = int(keep.size());
            keep.push_back(r);
        }
    }
    if (keep.empty()) {
        throw LoadError(series.source, 0, "", "every row has a missing value; dropping them leaves nothing");
    }
    Eigen::MatrixXd values(Eigen::Index(keep.size()), series.values.cols());
    for (std::size_t k = 0; k < keep.size(); ++k) {
        values.row(Eigen::Index(k)) = series.values.row(keep[k]);
    }
    // Index time keeps the original row numbers, so the gaps stay visible.
    auto compact = [&](auto &v) {
        if (v.size() != std::size_t(rows)) {
            return;
        }
        for (std::size_t k = 0; k < keep.size(); ++k) {
            if (std::size_t(keep[k]) != k) {
                v[k] = std::move(v[std::size_t(keep[k])]);
            }
        }
        v.resize(keep.size());
    };
    compact(series.time);
    compact(series.timeText);
    compact(series.lines);
    series.values.swap(values);
    std::vector<MissingCell> rest;
    for (const MissingCell &m : series.missing) {
        if (m.row >= 0 && m.row < rows && newRow[std::size_t(m.row)] >= 0) {
            rest.push_back({newRow[std::size_t(m.row)], m.line, m.column});
        }
    }
    series.missing.swap(rest);
    const std::size_t dropped = std::size_t(rows) - keep.size();
    series.warnings.push_back("dropped " + std::to_string(dropped) + " row" + (dropped == 1 ? "" : "s") + " with "
                              + n);
}

} // namespace rnnlab
