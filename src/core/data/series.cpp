// The series loader: CSV/TSV text -> Series (a numeric table with an optional time
// axis), plus the missing-value policies. One pass over one in-memory buffer with
// string_view and std::from_chars, so the fast path allocates nothing per cell.
// Every problem is a LoadError naming file, line, column and problem; nothing here
// echoes raw bytes the user cannot read.
#include "data/series.h"

#include "data/csv_reader.h"
#include "data/date_format.h"
#include "data/time_parse.h"
#include "io/bounded_read.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <numeric>
#include <string_view>
#include <unordered_map>

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

// How the time axis is read.
enum class TimeMode {
    None,      // no time column: every column is a value
    DateText,  // dates / date-times (one column, or two combined), read as a whole column
    Numeric,   // years, decimal years, seconds or epochs, named as time by the header
    Undecided, // headerless numeric first column: time if it looks like years
};

struct BadCell {
    int line;
    std::string column;
    std::string text;
};

// A text column that is neither time nor value: its first distinct values, for
// the note that it was ignored and for the long-format message.
struct TextColumn {
    std::size_t field = 0;
    std::vector<std::string> values; // the first few distinct ones
    std::size_t distinct = 0;        // counted up to kMaxGroups + 1
};
constexpr std::size_t kMaxGroups = 50;

std::string joinNames(const std::vector<std::string> &names, std::size_t max = 12)
{
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < max; ++i) {
        out += (i ? ", " : "") + names[i];
    }
    if (names.size() > max) {
        out += ", ...";
    }
    return out;
}

class Parser
{
public:
    // owned: the buffer behind `text`, released once every row is read (the views
    // into it are dead by then), so the file and the finished table never coexist.
    Parser(string_view text, const std::string &name, const LoadOptions &options, std::string *owned = nullptr)
        : m_text(text), m_name(name), m_options(options), m_owned(owned)
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

    bool isMissing(string_view s) const
    {
        if (isMissingToken(s)) {
            return true;
        }
        for (const std::string &t : m_options.naValues) {
            if (s == t) {
                return true;
            }
        }
        return false;
    }

    [[noreturn]] void failRagged(RecordReader &reader, std::vector<string_view> &fields, int line, std::size_t got);
    std::size_t fieldNamed(const std::string &name, int line) const;
    void decideRoles(const std::vector<string_view> &first, int headerLine);
    void addRow(const std::vector<string_view> &fields, int line);
    void noteText(TextColumn &c, string_view cell);
    void promoteUndecided();
    void readDateColumn(Series &s);
    void readNumericTime(Series &s);
    void finishTime();
    [[noreturn]] void failLongFormat(const std::string &duplicate, int line, int otherLine) const;
    std::string timeTextOf(std::size_t r) const;

    string_view m_text;
    const std::string &m_name;
    const LoadOptions &m_options;
    bool m_decimalComma = false;
    bool m_generatedNames = false;
    std::vector<std::string> m_names; // every field's name, the time columns included
    std::size_t m_fields = 0;
    TimeMode m_mode = TimeMode::None;
    std::vector<std::size_t> m_timeFields;  // one, or two combined (year + month, date + time)
    std::vector<std::size_t> m_valueFields; // in file order
    std::vector<TextColumn> m_textColumns;  // ignored
    std::size_t m_filterField = std::size_t(-1);
    TextColumn m_filterGroups;
    std::size_t m_filteredOut = 0;
    std::size_t m_rowsRead = 0;
    std::string *m_owned = nullptr;
    // rows x m_valueFields.size(), column-major like Series::values, sized from an upper
    // bound on the rows: when the bound is exact (no blank lines, no filter) the table
    // becomes Series::values without a copy.
    Eigen::MatrixXd m_cells;
    std::vector<double> m_time;
    std::vector<std::string> m_timeText; // date text only; numeric times are formatted when needed
    std::vector<int> m_lines;
    std::vector<MissingCell> m_missing; // row = file order until sorting
    std::vector<BadCell> m_nonFinite;   // the first few, for one message naming them
    std::size_t m_nonFiniteCount = 0;
    std::vector<std::string> m_warnings;
    Series m_out;
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

std::size_t Parser::fieldNamed(const std::string &name, int line) const
{
    for (std::size_t f = 0; f < m_fields; ++f) {
        if (m_names[f] == name) {
            return f;
        }
    }
    throw LoadError(m_name, line, name, "no such column (the columns are " + joinNames(m_names) + ")");
}

// Splits "a,b" into its names (for --time year,month).
std::vector<std::string> splitNames(const std::string &s)
{
    std::vector<std::string> out;
    std::size_t b = 0;
    while (true) {
        const std::size_t e = s.find(',', b);
        out.emplace_back(trim(string_view(s).substr(b, e == std::string::npos ? std::string::npos : e - b)));
        if (e == std::string::npos) {
            return out;
        }
        b = e + 1;
    }
}

bool isClock(string_view s)
{
    return s.size() >= 4 && s.size() <= 15 && s.find(':') != string_view::npos && s[0] >= '0' && s[0] <= '9';
}

void Parser::decideRoles(const std::vector<string_view> &first, int headerLine)
{
    m_mode = TimeMode::None;
    const std::string &choice = m_options.timeColumn;
    if (choice != "auto" && choice != "none" && !choice.empty()) {
        for (const std::string &n : splitNames(choice)) {
            m_timeFields.push_back(fieldNamed(n, headerLine));
        }
        if (m_timeFields.size() > 2) {
            throw LoadError(m_name, headerLine, "", "--time takes one column or two (year,month; date,time)");
        }
        bool numeric = m_timeFields.size() == 1 && isNumber(first[m_timeFields[0]], m_decimalComma)
            && m_options.dateFormat.empty();
        m_mode = numeric ? TimeMode::Numeric : TimeMode::DateText;
    } else if (choice == "auto" && m_fields >= 2) {
        const std::string a = toLower(m_names[0]);
        const std::string b = toLower(m_names[1]);
        const bool twoNamed = !m_generatedNames
            && ((a == "year" && (b == "month" || b == "quarter" || b == "qtr"))
                || (a.find("date") != std::string::npos && (b == "time" || b == "hour") && isClock(first[1])));
        if (twoNamed && m_fields >= 3) {
            m_timeFields = {0, 1};
            m_mode = TimeMode::DateText;
        } else if (!m_options.dateFormat.empty() || looksLikeDate(first[0], !m_generatedNames && isTimeName(a))) {
            m_timeFields = {0};
            m_mode = TimeMode::DateText;
        } else if (!m_generatedNames && isTimeName(a)) {
            m_timeFields = {0};
            m_mode = TimeMode::Numeric;
        } else if (m_generatedNames && isNumber(first[0], m_decimalComma)) {
            m_mode = TimeMode::Undecided;
        }
    }
    if (!m_options.filterColumn.empty()) {
        m_filterField = fieldNamed(m_options.filterColumn, headerLine);
        m_filterGroups.field = m_filterField;
    }
    for (std::size_t f = 0; f < m_fields; ++f) {
        if (std::find(m_timeFields.begin(), m_timeFields.end(), f) != m_timeFields.end()) {
            if (f == m_filterField) {
                throw LoadError(m_name, headerLine, m_names[f], "is the time column; --filter needs another");
            }
            continue;
        }
        if (f == m_filterField) {
            continue;
        }
        // A column whose first cell is text (not a number, not missing) is a label
        // (a ticker, a station): ignored, with a note. Text later in a numeric column
        // is an error naming the cell.
        const string_view cell = first[f];
        double v = 0.0;
        const bool text = !m_generatedNames && !isMissing(cell) && parseNumber(cell, m_decimalComma, v) == CellKind::NotNumber;
        if (text) {
            m_textColumns.push_back({f, {}, 0});
        } else {
            m_valueFields.push_back(f);
        }
    }
    // With nothing numeric left, the text is more likely a broken number ("1,5",
    // "1l8") than a label: read the columns as values, so the error names the cell.
    if (m_valueFields.empty()) {
        for (const TextColumn &c : m_textColumns) {
            m_valueFields.push_back(c.field);
        }
        m_textColumns.clear();
    }
}

void Parser::noteText(TextColumn &c, string_view cell)
{
    if (c.distinct > kMaxGroups) {
        return;
    }
    for (const std::string &v : c.values) {
        if (v == cell) {
            return;
        }
    }
    ++c.distinct;
    if (c.values.size() < kMaxGroups) {
        c.values.emplace_back(cell);
    }
}

void Parser::addRow(const std::vector<string_view> &fields, int line)
{
    if (m_filterField != std::size_t(-1)) {
        const string_view g = fields[m_filterField];
        noteText(m_filterGroups, g);
        if (g != m_options.filterValue) {
            ++m_filteredOut;
            return;
        }
    }
    const int row = int(m_lines.size());
    m_lines.push_back(line);
    if (row >= m_cells.rows()) {
        // The bound missed (it cannot, short of a bug): grow rather than write past it.
        m_cells.conservativeResize(2 * m_cells.rows() + 16, Eigen::Index(m_valueFields.size()));
    }
    if (m_mode == TimeMode::DateText) {
        if (m_timeFields.size() == 1) {
            m_timeText.emplace_back(fields[m_timeFields[0]]);
        } else {
            // Two columns make one time: year + month ("1995-01", "Jan 1995"), year +
            // quarter ("1995-Q1"), date + time ("2009-01-01 00:10").
            const string_view a = fields[m_timeFields[0]];
            const string_view b = fields[m_timeFields[1]];
            std::string t;
            if (isMissing(a) || isMissing(b)) {
                t = std::string(isMissing(a) ? a : b);
            } else {
                const std::string second = toLower(m_names[m_timeFields[1]]);
                const bool digits = !b.empty() && b.size() <= 2 && std::all_of(b.begin(), b.end(), [](char c) {
                    return c >= '0' && c <= '9';
                });
                const bool quarter = second == "quarter" || second == "qtr" || b[0] == 'Q' || b[0] == 'q';
                if (b.find(':') != string_view::npos) {
                    t = std::string(a) + " " + std::string(b);
                } else if (quarter) {
                    t = std::string(a) + "-" + (digits ? "Q" : "") + std::string(b);
                } else if (digits) {
                    t = std::string(a) + (b.size() == 1 ? "-0" : "-") + std::string(b);
                } else {
                    t = std::string(b) + " " + std::string(a); // a month name: "Jan 1995"
                }
            }
            m_timeText.push_back(std::move(t));
        }
    } else if (m_mode == TimeMode::Numeric) {
        const std::string &timeName = m_names[m_timeFields[0]];
        const string_view cell = fields[m_timeFields[0]];
        double v = 0.0;
        if (isMissing(cell)) {
            fail(line, timeName, missingTimestamp(cell));
        }
        switch (parseNumber(cell, m_decimalComma, v)) {
        case CellKind::Missing:
            fail(line, timeName, missingTimestamp(cell));
        case CellKind::NotNumber:
            fail(line, timeName, quoteCell(cell) + " is not a number or a date (YYYY-MM-DD, DD.MM.YYYY, M/D/YYYY, ...)");
        case CellKind::NonFinite:
            fail(line, timeName, quoteCell(cell) + " is not a finite number");
        case CellKind::Number:
            break;
        }
        m_time.push_back(v);
    }
    for (TextColumn &c : m_textColumns) {
        noteText(c, fields[c.field]);
    }
    int col = 0;
    for (std::size_t f : m_valueFields) {
        double v = 0.0;
        const string_view cell = fields[f];
        const CellKind kind = isMissing(cell) ? CellKind::Missing : parseNumber(cell, m_decimalComma, v);
        switch (kind) {
        case CellKind::Number:
            break;
        case CellKind::Missing:
            v = kNaN;
            m_missing.push_back({row, line, col});
            break;
        case CellKind::NotNumber:
            fail(line, m_names[f], quoteCell(cell) + " is not a number");
        case CellKind::NonFinite:
            if (m_nonFinite.size() < 4) {
                m_nonFinite.push_back({line, m_names[f], std::string(cell.substr(0, 80))});
            }
            ++m_nonFiniteCount;
            v = kNaN;
            break;
        }
        m_cells(row, col) = v;
        ++col;
    }
}

// A headerless numeric first column is the time axis when it reads as years:
// complete, inside 1000..3000 and strictly increasing (11_no_header.csv).
void Parser::promoteUndecided()
{
    const std::size_t rows = m_lines.size();
    const std::size_t cols = m_valueFields.size();
    bool years = cols > 1;
    for (const MissingCell &m : m_missing) {
        years = years && m.column != 0;
    }
    for (std::size_t r = 0; years && r < rows; ++r) {
        const double v = m_cells(Eigen::Index(r), 0);
        years = v >= 1000.0 && v <= 3000.0 && (r == 0 || v > m_cells(Eigen::Index(r) - 1, 0));
    }
    if (!years) {
        m_mode = TimeMode::None;
        return;
    }
    m_mode = TimeMode::Numeric;
    m_time.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        m_time[r] = m_cells(Eigen::Index(r), 0);
    }
    Eigen::MatrixXd cells = m_cells.rightCols(Eigen::Index(cols) - 1);
    m_cells.swap(cells);
    for (MissingCell &m : m_missing) {
        --m.column;
    }
    m_timeFields = {m_valueFields.front()};
    m_valueFields.erase(m_valueFields.begin());
}

void Parser::readDateColumn(Series &s)
{
    const std::size_t rows = m_timeText.size();
    std::vector<string_view> cells(rows);
    std::vector<char> missing(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        cells[r] = m_timeText[r];
        missing[r] = isMissing(cells[r]) ? 1 : 0;
    }
    std::vector<int> lines = m_lines;
    timeparse::TimeColumnError error;
    std::optional<timeparse::ParsedTimes> t = parseTimeColumn(cells, s.timeName, m_options.dateFormat, missing, lines, error);
    if (!t) {
        fail(m_lines[error.cell], s.timeName, error.problem);
    }
    m_time = std::move(t->seconds);
    s.timeKind = t->kind;
    s.resolution = t->resolution;
    s.utc = t->utc;
    s.timeFormat = t->format;
    m_warnings.insert(m_warnings.end(), t->warnings.begin(), t->warnings.end());
}

void Parser::readNumericTime(Series &s)
{
    const std::string lower = toLower(s.timeName);
    if (const int scale = epochScale(lower, m_time)) {
        // Unix time: seconds or milliseconds since 1970-01-01 UTC.
        if (scale != 1) {
            for (double &t : m_time) {
                t /= scale;
            }
        }
        s.timeKind = TimeKind::DateTime;
        s.resolution = resolutionOfSeconds(m_time, TimeResolution::Day);
        s.utc = true;
        s.timeFormat = scale == 1 ? "Unix seconds" : "Unix milliseconds";
        return;
    }
    s.timeKind = numericTimeKind(lower, m_time);
    s.resolution = s.timeKind == TimeKind::Year ? TimeResolution::Year : TimeResolution::None;
}

std::string Parser::timeTextOf(std::size_t r) const
{
    if (r < m_timeText.size()) {
        return m_timeText[r];
    }
    return formatTime(m_time[r], m_out.timeKind, m_out.resolution, m_out.utc);
}

void Parser::failLongFormat(const std::string &duplicate, int line, int otherLine) const
{
    for (const TextColumn &c : m_textColumns) {
        if (c.distinct < 2) {
            continue;
        }
        const std::string &name = m_names[c.field];
        LoadError e(m_name, line, name,
                    "the file holds " + (c.distinct > kMaxGroups ? "over " + std::to_string(kMaxGroups) : std::to_string(c.distinct))
                        + " series in long format, one per " + name + " (" + joinNames(c.values)
                        + "), so the time " + quoteCell(duplicate) + " repeats (also on line " + std::to_string(otherLine)
                        + "); pick one with --filter " + name + "=" + c.values.front()
                        + " (in the window: the group picker on the Data tab)");
        e.groupColumn = name;
        e.groups = c.values;
        throw e;
    }
    throw LoadError(m_name, line, "",
                    "duplicate timestamp " + quoteCell(duplicate) + " (also on line " + std::to_string(otherLine) + ")");
}

// Sorts the rows by time (with a warning) and rejects duplicate timestamps.
void Parser::finishTime()
{
    const std::size_t rows = m_lines.size();
    const bool hasText = m_timeText.size() == rows;
    if (std::is_sorted(m_time.begin(), m_time.end())) {
        for (std::size_t r = 1; r < rows; ++r) {
            if (m_time[r] == m_time[r - 1]) {
                failLongFormat(timeTextOf(r), m_lines[r], m_lines[r - 1]);
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
            failLongFormat(timeTextOf(order[r]), m_lines[order[r]], m_lines[order[r - 1]]);
        }
    }
    const std::size_t cols = m_valueFields.size();
    std::vector<double> time(rows);
    std::vector<std::string> text(hasText ? rows : 0);
    std::vector<int> lines(rows);
    Eigen::MatrixXd cells{Eigen::Index(rows), Eigen::Index(cols)};
    std::vector<int> newRow(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t o = order[r];
        time[r] = m_time[o];
        if (hasText) {
            text[r] = std::move(m_timeText[o]);
        }
        lines[r] = m_lines[o];
        newRow[o] = int(r);
        if (cols > 0) { // row() of a matrix without columns offsets a null pointer (UBSan; fuzz_timeparse)
            cells.row(Eigen::Index(r)) = m_cells.row(Eigen::Index(o));
        }
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

// The text after the first `rows` physical lines (metadata above the header).
string_view skipLines(string_view text, int rows, int &firstLine)
{
    firstLine = 1;
    for (int i = 0; i < rows && !text.empty(); ++i) {
        const std::size_t nl = text.find('\n');
        text = nl == string_view::npos ? string_view() : text.substr(nl + 1);
        ++firstLine;
    }
    return text;
}

Series Parser::run()
{
    // A user's date format is checked before any cell is read (see data/date_format.h).
    if (!m_options.dateFormat.empty()) {
        const std::string problem = timeparse::dateFormatProblem(m_options.dateFormat);
        if (!problem.empty()) {
            throw LoadError(m_name, 0, "", problem);
        }
    }
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
    int firstLine = 1;
    const string_view body = skipLines(m_text, m_options.skipRows, firstLine);
    const char delimiter = m_options.delimiter != 0 ? m_options.delimiter : detectDelimiter(body, m_options.maxLineLength);
    m_decimalComma = m_options.decimal != 0 ? m_options.decimal == ',' : delimiter == ';';
    RecordReader reader(body, m_name, delimiter, m_options.maxLineLength, firstLine);
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
        const bool number = isNumber(fields[f], m_decimalComma);
        anyNumber = anyNumber || number;
        firstIsData = number || (f > 0 && isMissing(fields[f])) || (f == 0 && m_fields > 1 && looksLikeDate(fields[f]));
    }
    firstIsData = firstIsData && anyNumber;
    m_generatedNames = firstIsData;
    m_names.reserve(m_fields);
    std::unordered_map<std::string_view, std::size_t> seen; // O(n): a 262k-field header is hostile input
    for (std::size_t f = 0; f < m_fields; ++f) {
        if (firstIsData || fields[f].empty()) {
            m_names.push_back("col" + std::to_string(f));
        } else {
            m_names.emplace_back(fields[f]);
        }
    }
    for (std::size_t f = 0; f < m_fields; ++f) {
        const auto [it, fresh] = seen.emplace(m_names[f], f);
        if (!fresh) {
            throw LoadError(m_name, headerLine, m_names[f],
                            "duplicate column name (also column " + std::to_string(it->second + 1) + ")");
        }
    }

    const std::size_t dataStart = firstIsData ? 0 : reader.position();
    bool have = firstIsData || reader.next(fields);
    if (!have) {
        throw LoadError(m_name, headerLine, "", "no data rows after the header");
    }
    // An upper bound on the rows: the lines from the first data row on (exact for a
    // file without blank lines), capped by what the bytes can hold (a field takes at
    // least one byte and its delimiter).
    const string_view data = body.substr(dataStart);
    const std::size_t lineCount = std::size_t(std::count(data.begin(), data.end(), '\n'))
        + (!data.empty() && data.back() != '\n' ? 1 : 0);
    const std::size_t rowBound = std::max<std::size_t>(1, std::min(lineCount, body.size() / m_fields + 1));
    m_lines.reserve(rowBound);
    bool first = true;
    while (have) {
        const int line = reader.recordLine();
        if (fields.size() != m_fields) {
            failRagged(reader, fields, line, fields.size());
        }
        if (first) {
            decideRoles(fields, headerLine);
            m_cells.resize(Eigen::Index(rowBound), Eigen::Index(m_valueFields.size()));
            if (m_mode == TimeMode::Numeric) {
                m_time.reserve(m_lines.capacity());
            } else if (m_mode == TimeMode::DateText) {
                m_timeText.reserve(m_lines.capacity());
            }
            first = false;
        }
        addRow(fields, line);
        if (m_options.progress && (++m_rowsRead & 0xFFFF) == 0
            && !m_options.progress(double(reader.position()) / double(body.size()))) {
            throw LoadCancelled();
        }
        have = reader.next(fields);
    }
    throwPendingNonFinite();
    if (m_owned != nullptr) {
        m_text = {};
        std::string().swap(*m_owned);
    }
    if (m_filterField != std::size_t(-1) && m_lines.empty()) {
        LoadError e(m_name, 0, m_options.filterColumn,
                    "no row has " + m_options.filterColumn + " = " + quoteCell(m_options.filterValue) + " (its values: "
                        + joinNames(m_filterGroups.values) + ")");
        e.groupColumn = m_options.filterColumn;
        e.groups = m_filterGroups.values;
        throw e;
    }

    if (m_mode == TimeMode::Undecided) {
        promoteUndecided();
    }
    Series &s = m_out;
    s.source = m_name;
    const std::size_t rows = m_lines.size();
    if (m_mode == TimeMode::None) {
        s.timeKind = TimeKind::Index;
        m_time.resize(rows);
        std::iota(m_time.begin(), m_time.end(), 0.0);
    } else {
        s.timeName = m_names[m_timeFields[0]];
        for (std::size_t k = 1; k < m_timeFields.size(); ++k) {
            s.timeName += "+" + m_names[m_timeFields[k]];
        }
        if (m_mode == TimeMode::DateText) {
            readDateColumn(s);
        } else {
            readNumericTime(s);
        }
        finishTime();
    }
    for (std::size_t f : m_valueFields) {
        s.columns.push_back(m_names[f]);
    }
    if (s.columns.empty()) {
        throw LoadError(m_name, headerLine, "", "no numeric column to read (the columns are " + joinNames(m_names) + ")");
    }
    for (const TextColumn &c : m_textColumns) {
        s.ignoredColumns.push_back(m_names[c.field]);
        m_warnings.push_back("ignored column \"" + m_names[c.field] + "\": text (" + joinNames(c.values, 3)
                             + "), neither the time nor numbers");
    }
    if (m_filteredOut > 0) {
        m_warnings.push_back("kept the " + std::to_string(rows) + " rows with " + m_options.filterColumn + " = "
                             + m_options.filterValue + " (" + std::to_string(m_filteredOut) + " others skipped)");
    }
    if (m_cells.rows() != Eigen::Index(rows)) {
        m_cells.conservativeResize(Eigen::Index(rows), Eigen::Index(m_valueFields.size()));
    }
    s.values = std::move(m_cells);
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
    return std::move(s);
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

const char *toString(TimeResolution r)
{
    switch (r) {
    case TimeResolution::None: return "none";
    case TimeResolution::Year: return "year";
    case TimeResolution::Quarter: return "quarter";
    case TimeResolution::Month: return "month";
    case TimeResolution::Week: return "week";
    case TimeResolution::Day: return "day";
    case TimeResolution::Minute: return "minute";
    case TimeResolution::Second: return "second";
    case TimeResolution::Millisecond: return "millisecond";
    }
    return "none";
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
    // Bounded and NUL-checked as it reads: /dev/zero is refused after one chunk.
    std::string text;
    try {
        text = readBoundedFile(path, options.maxFileBytes);
    } catch (const FileReadError &e) {
        if (e.kind == FileReadError::Kind::Nul) {
            throw LoadError(path, e.line, "", "not a UTF-8 text file (NUL byte at byte " + std::to_string(e.offset)
                                + "); binary files cannot be loaded, and other encodings must be saved as UTF-8");
        }
        throw LoadError(path, 0, "", e.what());
    }
    // The parser releases the text once the cells are read (a 10M-row file's text is ~400 MB).
    return Parser(text, path, options, &text).run();
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
    // Rows dropped between kept rows leave a gap that a difference would step over.
    for (Eigen::Index r = 0; r < rows; ++r) {
        if (newRow[std::size_t(r)] < 0 && r > keep.front() && r < keep.back()) {
            series.droppedInside.push_back(lineOf(series, r));
        }
    }
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
