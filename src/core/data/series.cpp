// The series loader: CSV/TSV text -> Series (a numeric table with an optional time
// axis), plus the missing-value policies. One pass over one in-memory buffer with
// string_view and std::from_chars, so the fast path allocates nothing per cell.
// Every problem is a LoadError naming file, line, column and problem; nothing here
// echoes raw bytes the user cannot read.
#include "data/series.h"

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

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isBlankChar(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

string_view trim(string_view s)
{
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && isBlankChar(s[b])) {
        ++b;
    }
    while (e > b && isBlankChar(s[e - 1])) {
        --e;
    }
    return s.substr(b, e - b);
}

std::string toLower(string_view s)
{
    std::string out(s);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = char(c - 'A' + 'a');
        }
    }
    return out;
}

bool equalsIgnoreCase(string_view a, string_view b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        if (x >= 'A' && x <= 'Z') {
            x = char(x - 'A' + 'a');
        }
        if (x != b[i]) {
            return false;
        }
    }
    return true;
}

// A cell as it may appear in a message: quoted, control bytes escaped, and cut
// short so a 200,000-character cell does not become a 200,000-character message.
std::string quoteCell(string_view s)
{
    constexpr std::size_t kMax = 60;
    bool cut = false;
    if (s.size() > kMax) {
        std::size_t n = kMax;
        // Never cut inside a UTF-8 sequence.
        while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) {
            --n;
        }
        s = s.substr(0, n);
        cut = true;
    }
    std::string out = "\"";
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", u);
            out += buf;
        } else {
            out += c;
        }
    }
    out += cut ? "...\"" : "\"";
    return out;
}

bool isMissingToken(string_view s)
{
    if (s.empty()) {
        return true;
    }
    if (s.size() > 4) {
        return false;
    }
    return equalsIgnoreCase(s, "na") || equalsIgnoreCase(s, "nan") || equalsIgnoreCase(s, "null")
        || equalsIgnoreCase(s, "n/a");
}

enum class CellKind { Number, Missing, NotNumber, NonFinite };

// Parses one trimmed cell. With decimalComma, "40,6" reads as 40.6.
CellKind parseNumber(string_view s, bool decimalComma, double &value)
{
    if (isMissingToken(s)) {
        value = kNaN;
        return CellKind::Missing;
    }
    const char *b = s.data();
    const char *e = b + s.size();
    // from_chars takes neither a leading '+' nor a decimal comma.
    if (*b == '+') {
        ++b;
        if (b == e || *b == '-' || *b == '+') {
            return CellKind::NotNumber;
        }
    }
    std::string copy;
    if (decimalComma && std::memchr(b, ',', std::size_t(e - b)) != nullptr) {
        copy.assign(b, e);
        std::replace(copy.begin(), copy.end(), ',', '.');
        b = copy.data();
        e = b + copy.size();
    }
    double v = 0.0;
    const auto r = std::from_chars(b, e, v, std::chars_format::general);
    if (r.ptr != e || r.ec == std::errc::invalid_argument) {
        return CellKind::NotNumber;
    }
    if (r.ec == std::errc::result_out_of_range) {
        // from_chars leaves v untouched on overflow; strtod says which way it went
        // (1e999 -> inf, which is then rejected below; 1e-999 -> 0).
        const std::string z(b, e);
        v = std::strtod(z.c_str(), nullptr);
    }
    if (std::isnan(v)) {
        // "-nan" and friends: a missing value by another name.
        value = kNaN;
        return CellKind::Missing;
    }
    value = v;
    return std::isinf(v) ? CellKind::NonFinite : CellKind::Number;
}

bool isNumber(string_view s, bool decimalComma)
{
    double v = 0.0;
    return parseNumber(s, decimalComma, v) == CellKind::Number;
}

// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic
// Gregorian calendar, independent of the process time zone.
long long daysFromCivil(int y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097LL + static_cast<long long>(doe) - 719468;
}

unsigned daysInMonth(int y, unsigned m)
{
    static const unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

bool digitsAt(string_view s, std::size_t pos, std::size_t n, int &out)
{
    if (pos + n > s.size()) {
        return false;
    }
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

std::string missingTimestamp(string_view cell)
{
    return cell.empty() ? std::string("missing timestamp") : "missing timestamp " + quoteCell(cell);
}

enum class DateParse { NotADate, Invalid, Ok };

// Strict ISO forms only: YYYY-MM, YYYY-MM-DD, YYYY-MM-DD[ T]HH:MM[:SS[.fff]][Z|+HH:MM].
// NotADate: not of these shapes; Invalid: the shape but not a real date (1949-13).
DateParse parseDate(string_view s, TimeKind &kind, double &seconds)
{
    int y = 0;
    int mo = 0;
    int d = 1;
    if (s.size() < 7 || !digitsAt(s, 0, 4, y) || s[4] != '-' || !digitsAt(s, 5, 2, mo)) {
        return DateParse::NotADate;
    }
    kind = TimeKind::YearMonth;
    std::size_t pos = 7;
    int hh = 0;
    int mm = 0;
    double ss = 0.0;
    int offsetMinutes = 0;
    if (pos < s.size()) {
        if (s[pos] != '-' || !digitsAt(s, pos + 1, 2, d)) {
            return DateParse::NotADate;
        }
        kind = TimeKind::Date;
        pos += 3;
    }
    if (pos < s.size()) {
        if ((s[pos] != ' ' && s[pos] != 'T' && s[pos] != 't') || !digitsAt(s, pos + 1, 2, hh)
            || pos + 3 >= s.size() || s[pos + 3] != ':' || !digitsAt(s, pos + 4, 2, mm)) {
            return DateParse::NotADate;
        }
        kind = TimeKind::DateTime;
        pos += 6;
        if (pos < s.size() && s[pos] == ':') {
            int whole = 0;
            if (!digitsAt(s, pos + 1, 2, whole)) {
                return DateParse::NotADate;
            }
            ss = whole;
            pos += 3;
            if (pos < s.size() && s[pos] == '.') {
                double scale = 0.1;
                ++pos;
                const std::size_t start = pos;
                while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                    ss += scale * (s[pos] - '0');
                    scale /= 10.0;
                    ++pos;
                }
                if (pos == start) {
                    return DateParse::NotADate;
                }
            }
        }
        if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
            ++pos;
        } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
            const int sign = s[pos] == '-' ? -1 : 1;
            int oh = 0;
            int om = 0;
            if (!digitsAt(s, pos + 1, 2, oh)) {
                return DateParse::NotADate;
            }
            pos += 3;
            if (pos < s.size() && s[pos] == ':') {
                ++pos;
            }
            if (!digitsAt(s, pos, 2, om)) {
                return DateParse::NotADate;
            }
            pos += 2;
            if (oh > 23 || om > 59) {
                return DateParse::Invalid;
            }
            offsetMinutes = sign * (oh * 60 + om);
        }
        if (pos != s.size()) {
            return DateParse::NotADate;
        }
    }
    if (mo < 1 || mo > 12 || d < 1 || unsigned(d) > daysInMonth(y, unsigned(mo)) || hh > 23 || mm > 59
        || ss >= 61.0) {
        return DateParse::Invalid;
    }
    seconds = double(daysFromCivil(y, unsigned(mo), unsigned(d))) * 86400.0 + hh * 3600.0 + mm * 60.0 + ss
        - offsetMinutes * 60.0;
    return DateParse::Ok;
}

const char *formatName(TimeKind k)
{
    switch (k) {
    case TimeKind::YearMonth:
        return "YYYY-MM";
    case TimeKind::Date:
        return "YYYY-MM-DD";
    case TimeKind::DateTime:
        return "YYYY-MM-DD HH:MM[:SS]";
    default:
        return "a number";
    }
}

bool isTimeName(const std::string &lower)
{
    static const char *const exact[] = {"t", "ds", "month", "epoch", "seconds", "sec", "secs", "s", "period", "step", "index"};
    for (const char *n : exact) {
        if (lower == n) {
            return true;
        }
    }
    return lower.find("date") != std::string::npos || lower.find("time") != std::string::npos
        || lower.find("year") != std::string::npos;
}

// The unit of a numeric time column, picked by its header name and then its values.
TimeKind numericTimeKind(const std::string &lower, const std::vector<double> &t)
{
    bool allInts = true;
    bool allYearRange = true;
    for (double v : t) {
        allInts = allInts && v == std::floor(v);
        allYearRange = allYearRange && v >= 1000.0 && v <= 3000.0;
    }
    if (lower.find("decimal") != std::string::npos || lower.find("frac") != std::string::npos) {
        return TimeKind::DecimalYear;
    }
    if (lower.find("year") != std::string::npos) {
        return allInts ? TimeKind::Year : TimeKind::DecimalYear;
    }
    if (lower.find("sec") != std::string::npos || lower == "time_s" || lower == "s" || lower == "timestamp"
        || lower == "epoch" || lower.find("elapsed") != std::string::npos) {
        return TimeKind::Seconds;
    }
    // A step counter ("t", "step", "index" holding whole numbers, as the generated
    // teaching series write it) has no unit: it is an index, not seconds.
    if (allInts && !allYearRange && (lower == "t" || lower == "step" || lower == "index")) {
        return TimeKind::Index;
    }
    // Generic names (time, t, date): values that all look like years are years,
    // as R writes time(ts) for a monthly series.
    if (allYearRange) {
        return allInts ? TimeKind::Year : TimeKind::DecimalYear;
    }
    return TimeKind::Seconds;
}

// Offset of the first NUL or invalid UTF-8 byte (overlong forms, surrogates and
// code points above U+10FFFF included), or npos when the text is clean.
std::size_t findInvalidUtf8(string_view text)
{
    const auto *p = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        // Eight ASCII, non-NUL bytes at a time.
        if (n - i >= 8) {
            std::uint64_t w = 0;
            std::memcpy(&w, p + i, 8);
            const std::uint64_t high = 0x8080808080808080ULL;
            const bool hasZero = ((w - 0x0101010101010101ULL) & ~w & high) != 0;
            if ((w & high) == 0 && !hasZero) {
                i += 8;
                continue;
            }
        }
        const unsigned c = p[i];
        if (c < 0x80) {
            if (c == 0) {
                return i;
            }
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned cp = 0;
        unsigned minCp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
            minCp = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
            minCp = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
            minCp = 0x10000;
        } else {
            return i;
        }
        if (n - i < len) {
            return i;
        }
        for (std::size_t k = 1; k < len; ++k) {
            const unsigned cc = p[i + k];
            if ((cc & 0xC0) != 0x80) {
                return i;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < minCp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return i;
        }
        i += len;
    }
    return string_view::npos;
}

// The delimiter is the most frequent of tab, ';' and ',' outside quotes on the
// first non-blank line; ties go to tab, then ';' (so "1920-01;40,6" is ';').
char detectDelimiter(string_view text, std::size_t maxLine)
{
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == string_view::npos) {
            end = text.size();
        }
        if (!trim(text.substr(pos, end - pos)).empty()) {
            break;
        }
        pos = end + 1;
    }
    std::size_t tabs = 0;
    std::size_t semis = 0;
    std::size_t commas = 0;
    bool inQuotes = false;
    const std::size_t stop = std::min(text.size(), pos + maxLine + 1);
    for (std::size_t i = pos; i < stop; ++i) {
        const char c = text[i];
        if (c == '"') {
            inQuotes = !inQuotes;
        } else if (!inQuotes) {
            if (c == '\n') {
                break;
            }
            tabs += c == '\t';
            semis += c == ';';
            commas += c == ',';
        }
    }
    if (tabs > 0 && tabs >= semis && tabs >= commas) {
        return '\t';
    }
    if (semis > 0 && semis >= commas) {
        return ';';
    }
    return ',';
}

// Splits the text into records of trimmed fields. Blank lines are skipped; quoted
// fields may hold delimiters, doubled quotes and newlines. The views point into
// the text, or into scratch storage that lives until the next call.
class RecordReader
{
public:
    RecordReader(string_view text, const std::string &name, char delimiter, std::size_t maxLine)
        : m_text(text), m_name(name), m_delimiter(delimiter), m_maxLine(maxLine)
    {
    }

    bool next(std::vector<string_view> &fields)
    {
        const char *data = m_text.data();
        const char *end = data + m_text.size();
        while (m_pos < m_text.size()) {
            const char *b = data + m_pos;
            const char *e = lineEnd(b, m_line);
            const char *q = b;
            while (q < e && isBlankChar(*q)) {
                ++q;
            }
            if (q == e) {
                advancePast(e);
                continue;
            }
            m_recordLine = m_line;
            fields.clear();
            m_scratch.clear();
            if (std::memchr(b, '"', std::size_t(e - b)) == nullptr) {
                splitPlain(b, e, fields);
                advancePast(e);
                return true;
            }
            const char *stop = splitQuoted(b, end, fields);
            advancePast(stop);
            return true;
        }
        return false;
    }

    int recordLine() const { return m_recordLine; }

private:
    // The end of the physical line starting at b; enforces the length limit.
    const char *lineEnd(const char *b, int line) const
    {
        const char *end = m_text.data() + m_text.size();
        const auto *nl = static_cast<const char *>(std::memchr(b, '\n', std::size_t(end - b)));
        const char *e = nl != nullptr ? nl : end;
        if (std::size_t(e - b) > m_maxLine) {
            throw LoadError(m_name, line, "",
                            "line is " + std::to_string(e - b) + " characters long, more than the limit of "
                                + std::to_string(m_maxLine));
        }
        return e;
    }

    // e is at a '\n' or at the end of the text.
    void advancePast(const char *e)
    {
        const std::size_t off = std::size_t(e - m_text.data());
        m_pos = off < m_text.size() ? off + 1 : m_text.size();
        ++m_line;
    }

    void splitPlain(const char *b, const char *e, std::vector<string_view> &fields) const
    {
        const char *f = b;
        while (true) {
            const auto *d = static_cast<const char *>(std::memchr(f, m_delimiter, std::size_t(e - f)));
            const char *fe = d != nullptr ? d : e;
            fields.push_back(trim(string_view(f, std::size_t(fe - f))));
            if (d == nullptr) {
                return;
            }
            f = d + 1;
        }
    }

    bool isPad(char c) const { return c != m_delimiter && (c == ' ' || c == '\t' || c == '\r'); }

    // The slow path for a record with quotes; returns where the record ends (a
    // '\n' or the end of the text). Newlines inside quotes advance m_line.
    const char *splitQuoted(const char *b, const char *end, std::vector<string_view> &fields)
    {
        const char *p = b;
        while (true) {
            while (p < end && isPad(*p)) {
                ++p;
            }
            if (p < end && *p == '"') {
                const int openLine = m_line;
                ++p;
                std::string *buf = nullptr;
                const char *content = p;
                while (true) {
                    const auto *q = static_cast<const char *>(std::memchr(p, '"', std::size_t(end - p)));
                    if (q == nullptr) {
                        throw LoadError(m_name, openLine, "", "a quoted field is never closed (missing '\"')");
                    }
                    countNewlines(p, q);
                    if (q + 1 < end && q[1] == '"') {
                        if (buf == nullptr) {
                            buf = &m_scratch.emplace_back();
                        }
                        buf->append(p, std::size_t(q + 1 - p));
                        p = q + 2;
                        continue;
                    }
                    if (buf != nullptr) {
                        buf->append(p, std::size_t(q - p));
                        fields.push_back(trim(*buf));
                    } else {
                        fields.push_back(trim(string_view(content, std::size_t(q - content))));
                    }
                    p = q + 1;
                    break;
                }
                while (p < end && isPad(*p)) {
                    ++p;
                }
                if (p == end || *p == '\n') {
                    return p;
                }
                if (*p != m_delimiter) {
                    std::size_t len = 1;
                    while (p + len < end && (static_cast<unsigned char>(p[len]) & 0xC0) == 0x80) {
                        ++len;
                    }
                    throw LoadError(m_name, m_line, "",
                                    "unexpected " + quoteCell(string_view(p, len)) + " after a closing quote");
                }
                ++p;
                continue;
            }
            const char *fe = p;
            while (fe < end && *fe != m_delimiter && *fe != '\n') {
                ++fe;
            }
            fields.push_back(trim(string_view(p, std::size_t(fe - p))));
            if (fe == end || *fe == '\n') {
                return fe;
            }
            p = fe + 1;
        }
    }

    // Each newline inside a quoted field starts a new physical line, which must
    // respect the length limit too.
    void countNewlines(const char *from, const char *to)
    {
        while (from < to) {
            const auto *nl = static_cast<const char *>(std::memchr(from, '\n', std::size_t(to - from)));
            if (nl == nullptr) {
                return;
            }
            ++m_line;
            lineEnd(nl + 1, m_line);
            from = nl + 1;
        }
    }

    string_view m_text;
    const std::string &m_name;
    char m_delimiter;
    std::size_t m_maxLine;
    std::size_t m_pos = 0;
    int m_line = 1; // physical line at m_pos
    int m_recordLine = 0;
    std::deque<std::string> m_scratch; // unescaped quoted fields; a deque keeps views valid
};

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
    // Bounded and NUL-checked as it reads: /dev/zero is refused after one chunk.
    try {
        return parseSeries(readBoundedFile(path, options.maxFileBytes), path, options);
    } catch (const FileReadError &e) {
        if (e.kind == FileReadError::Kind::Nul) {
            throw LoadError(path, e.line, "", "not a UTF-8 text file (NUL byte at byte " + std::to_string(e.offset)
                                + "); binary files cannot be loaded, and other encodings must be saved as UTF-8");
        }
        throw LoadError(path, 0, "", e.what());
    }
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
