// The CSV/TSV tokeniser (see csv_reader.h): one pass over one in-memory buffer
// with string_view and std::from_chars, so the fast path allocates nothing per cell.
#include "data/csv_reader.h"

#include "data/series.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace rnnlab::csv {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// The common cell, [-]digits[<point>digits] with at most 15 digits in all, without
// from_chars: the digits make an integer m < 10^15 < 2^53 and 10^k is exact, so m / 10^k
// is one correctly rounded division, the very double from_chars returns (Clinger's
// fast path). Anything else (exponents, '+', long mantissas, "5.", ".5") is left to
// from_chars.
bool parseSimpleDecimal(string_view s, char point, double &value)
{
    const char *p = s.data();
    const char *e = p + s.size();
    const bool negative = p < e && *p == '-';
    p += negative ? 1 : 0;
    std::uint64_t m = 0;
    int digits = 0;
    const char *intStart = p;
    while (p < e && unsigned(*p - '0') < 10u && digits < 16) {
        m = m * 10 + std::uint64_t(*p - '0');
        ++digits;
        ++p;
    }
    if (p == intStart) {
        return false;
    }
    int fraction = 0;
    if (p < e && *p == point) {
        ++p;
        const char *fracStart = p;
        while (p < e && unsigned(*p - '0') < 10u && digits < 16) {
            m = m * 10 + std::uint64_t(*p - '0');
            ++digits;
            ++p;
        }
        fraction = int(p - fracStart);
        if (fraction == 0) {
            return false;
        }
    }
    if (p != e || digits > 15) {
        return false;
    }
    const double v = fraction > 0 ? double(m) / kPow10[fraction] : double(m);
    value = negative ? -v : v;
    return true;
}
} // namespace

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
std::string quoteCell(string_view s, std::size_t maxBytes)
{
    bool cut = false;
    if (s.size() > maxBytes) {
        std::size_t n = maxBytes;
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
    if (s.size() == 1) {
        return s[0] == '-' || s[0] == '?';
    }
    return equalsIgnoreCase(s, "na") || equalsIgnoreCase(s, "nan") || equalsIgnoreCase(s, "null")
        || equalsIgnoreCase(s, "n/a");
}

// Parses one trimmed cell. With decimalComma, "40,6" reads as 40.6.
CellKind parseNumber(string_view s, bool decimalComma, double &value)
{
    if (parseSimpleDecimal(s, decimalComma ? ',' : '.', value)) {
        return CellKind::Number;
    }
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

RecordReader::RecordReader(string_view text, const std::string &name, char delimiter, std::size_t maxLine,
                           int firstLine)
    : m_text(text), m_name(name), m_delimiter(delimiter), m_maxLine(maxLine), m_line(firstLine)
{
}

bool RecordReader::next(std::vector<string_view> &fields)
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

// The end of the physical line starting at b; enforces the length limit.
const char *RecordReader::lineEnd(const char *b, int line) const
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
void RecordReader::advancePast(const char *e)
{
    const std::size_t off = std::size_t(e - m_text.data());
    m_pos = off < m_text.size() ? off + 1 : m_text.size();
    ++m_line;
}

void RecordReader::splitPlain(const char *b, const char *e, std::vector<string_view> &fields) const
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

// The slow path for a record with quotes; returns where the record ends (a
// '\n' or the end of the text). Newlines inside quotes advance m_line.
const char *RecordReader::splitQuoted(const char *b, const char *end, std::vector<string_view> &fields)
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
void RecordReader::countNewlines(const char *from, const char *to)
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

} // namespace rnnlab::csv
