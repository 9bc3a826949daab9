// The --date-format whitelist and the cell shapes it implies (see date_format.h).
// The shapes mirror how date.h reads each field (greedy, up to the same number of
// digits), so where a cell fits, the library's reads start where ours did.
#include "data/date_format.h"

#include "data/csv_reader.h"

#include <array>

namespace rnnlab::timeparse {

namespace {

using Kind = FormatToken::Kind;

enum Field : unsigned {
    Year = 1,
    Month = 2,
    Day = 4,
    Hour = 8,
    Minute = 16,
    Second = 32,
    AmPmField = 64,
    OffsetField = 128,
    ZoneField = 256,
};

const char *const kAccepted = "%Y %y %m %d %e %j %b %B %H %I %M %S %p %z %Ez %Z %T %F %D %% and literal text";

const char *fieldName(unsigned f)
{
    switch (f) {
    case Year: return "the year";
    case Month: return "the month";
    case Day: return "the day";
    case Hour: return "the hour";
    case Minute: return "the minute";
    case Second: return "the seconds";
    case AmPmField: return "AM/PM";
    case OffsetField: return "the UTC offset";
    default: return "the time zone";
    }
}

FormatToken digits(int n)
{
    return {Kind::Digits, 0, n};
}

FormatToken literal(char c)
{
    return {Kind::Literal, c, 0};
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

// Reads the format once: the tokens, or the problem with the first refused specifier.
struct Compiled {
    std::vector<FormatToken> tokens;
    std::string problem;
};

Compiled compile(const std::string &format)
{
    Compiled c;
    unsigned seen = 0;
    bool twelve = false; // %I seen
    auto refuse = [&](const std::string &why) {
        c.problem = "date format " + csv::quoteCell(format, 80) + ": " + why;
        c.tokens.clear();
        return c;
    };
    if (format.empty()) {
        return refuse("is empty");
    }
    for (std::size_t i = 0; i < format.size(); ++i) {
        const char ch = format[i];
        if (ch != '%') {
            if (isSpace(ch)) {
                if (c.tokens.empty() || c.tokens.back().kind != Kind::Space) {
                    c.tokens.push_back({Kind::Space, 0, 0});
                }
            } else {
                c.tokens.push_back(literal(ch));
            }
            continue;
        }
        if (i + 1 == format.size()) {
            return refuse("ends with a lone % (write %% for a percent sign)");
        }
        char spec = format[++i];
        std::string name = std::string("%") + spec;
        if (isDigit(spec)) {
            std::size_t j = i;
            while (j < format.size() && isDigit(format[j]) && j - i < 12) {
                ++j;
            }
            name = "%" + format.substr(i, j - i) + (j < format.size() ? std::string(1, format[j]) : std::string());
            return refuse(csv::quoteCell(name) + " has a width; widths are not accepted (%Y reads up to 4 digits, %d up to 2)");
        }
        if (spec == 'E' || spec == 'O') {
            if (spec == 'E' && i + 1 < format.size() && format[i + 1] == 'z') {
                spec = 'Z' + 1; // a private tag for %Ez, handled below
                name = "%Ez";
                ++i;
            } else {
                name += i + 1 < format.size() ? std::string(1, format[i + 1]) : std::string();
                return refuse(csv::quoteCell(name) + " is not accepted (of the E and O modifiers only %Ez is; the fields are "
                              + kAccepted + ")");
            }
        }
        unsigned fields = 0;
        std::vector<FormatToken> add;
        switch (spec) {
        case 'Y': fields = Year; add = {digits(4)}; break;
        case 'y': fields = Year; add = {digits(2)}; break;
        case 'm': fields = Month; add = {digits(2)}; break;
        case 'b':
        case 'B': fields = Month; add = {{Kind::MonthName, 0, 0}}; break;
        case 'd':
        case 'e': fields = Day; add = {digits(2)}; break;
        case 'j': fields = Month | Day; add = {digits(3)}; break;
        case 'H': fields = Hour; add = {digits(2)}; break;
        case 'I': fields = Hour; add = {digits(2)}; twelve = true; break;
        case 'p': fields = AmPmField; add = {{Kind::AmPm, 0, 0}}; break;
        case 'M': fields = Minute; add = {digits(2)}; break;
        case 'S': fields = Second; add = {{Kind::Seconds, 0, 0}}; break;
        case 'z': fields = OffsetField; add = {{Kind::Offset, 0, 0}}; break;
        case 'Z' + 1: fields = OffsetField; add = {{Kind::OffsetColon, 0, 0}}; break;
        case 'Z': fields = ZoneField; add = {{Kind::Zone, 0, 0}}; break;
        case 'T':
            fields = Hour | Minute | Second;
            add = {digits(2), literal(':'), digits(2), literal(':'), {Kind::Seconds, 0, 0}};
            break;
        case 'F':
            fields = Year | Month | Day;
            add = {digits(4), literal('-'), digits(2), literal('-'), digits(2)};
            break;
        case 'D':
            fields = Month | Day | Year;
            add = {digits(2), literal('/'), digits(2), literal('/'), digits(2)};
            break;
        case '%': add = {literal('%')}; break;
        default:
            return refuse(csv::quoteCell(name) + " is not an accepted field (accepted: " + std::string(kAccepted) + ")");
        }
        if (const unsigned twice = seen & fields) {
            unsigned first = twice & (~twice + 1);
            return refuse(csv::quoteCell(name) + " reads " + fieldName(first) + " a second time (each field at most once)");
        }
        seen |= fields;
        c.tokens.insert(c.tokens.end(), add.begin(), add.end());
    }
    if (!(seen & Year)) {
        return refuse("has no year (%Y, %y, %F or %D)");
    }
    if (!(seen & Month)) {
        return refuse("has no month (%m, %b, %B, %F, %D or %j)");
    }
    if (twelve != bool(seen & AmPmField)) {
        return refuse(twelve ? "%I (1-12) needs %p (AM/PM); use %H for 0-23" : "%p (AM/PM) needs %I for the hour");
    }
    return c;
}

// The longest English month name or abbreviation at the start of `s`, as its length
// (0: none). Case-insensitive, as libstdc++'s time_get reads them.
std::size_t monthNameAt(std::string_view s)
{
    static const std::array<const char *, 12> names{"january", "february", "march",     "april",   "may",      "june",
                                                    "july",    "august",   "september", "october", "november", "december"};
    std::size_t best = 0;
    for (const char *full : names) {
        const std::string_view f(full);
        for (std::size_t len : {f.size(), std::size_t(3)}) {
            if (len <= best || s.size() < len) {
                continue;
            }
            bool same = true;
            for (std::size_t k = 0; k < len && same; ++k) {
                same = lower(s[k]) == f[k];
            }
            if (same) {
                best = len;
            }
        }
    }
    return best;
}

} // namespace

std::string dateFormatProblem(const std::string &format)
{
    return compile(format).problem;
}

DateFormat compileDateFormat(const std::string &format)
{
    Compiled c = compile(format);
    return {format, std::move(c.tokens)};
}

bool cellFitsFormat(std::string_view cell, const DateFormat &format, int secondsChars)
{
    if (format.tokens.empty()) {
        return false;
    }
    std::size_t p = 0;
    const std::size_t n = cell.size();
    auto digitsAt = [&](std::size_t at, std::size_t max) {
        std::size_t k = 0;
        while (at + k < n && k < max && isDigit(cell[at + k])) {
            ++k;
        }
        return k;
    };
    for (const FormatToken &t : format.tokens) {
        switch (t.kind) {
        case Kind::Literal:
            if (p >= n || cell[p] != t.literal) {
                return false;
            }
            ++p;
            break;
        case Kind::Space:
            while (p < n && isSpace(cell[p])) {
                ++p;
            }
            break;
        case Kind::Digits: {
            const std::size_t k = digitsAt(p, std::size_t(t.maxDigits));
            if (k == 0) {
                return false;
            }
            p += k;
            break;
        }
        case Kind::Seconds: {
            // date.h reads up to secondsChars of digits and one '.', from a digit here.
            if (p >= n || !isDigit(cell[p])) {
                return false;
            }
            bool point = false;
            for (int k = 0; k < secondsChars && p < n; ++k, ++p) {
                if (cell[p] == '.' && !point) {
                    point = true;
                } else if (!isDigit(cell[p])) {
                    break;
                }
            }
            break;
        }
        case Kind::MonthName: {
            const std::size_t k = monthNameAt(cell.substr(p));
            if (k == 0) {
                return false;
            }
            p += k;
            break;
        }
        case Kind::AmPm:
            // date.h (ONLY_C_LOCALE) matches AM and PM in any case.
            if (p + 2 > n || (lower(cell[p]) != 'a' && lower(cell[p]) != 'p') || lower(cell[p + 1]) != 'm') {
                return false;
            }
            p += 2;
            break;
        case Kind::Offset: {
            if (p >= n || (cell[p] != '+' && cell[p] != '-') || digitsAt(p + 1, 2) != 2) {
                return false;
            }
            p += 3;
            const std::size_t k = digitsAt(p, 2);
            if (k == 1) {
                return false;
            }
            p += k;
            break;
        }
        case Kind::OffsetColon: {
            if (p >= n || (cell[p] != '+' && cell[p] != '-')) {
                return false;
            }
            const std::size_t k = digitsAt(p + 1, 2);
            if (k == 0) {
                return false;
            }
            p += 1 + k;
            if (p < n && cell[p] == ':') {
                if (digitsAt(p + 1, 2) != 2) {
                    return false;
                }
                p += 3;
            }
            break;
        }
        case Kind::Zone: {
            const std::size_t start = p;
            while (p < n) {
                const char c = cell[p];
                const bool alnum = isDigit(c) || (lower(c) >= 'a' && lower(c) <= 'z');
                if (!(alnum || c == '_' || c == '/' || c == '-' || c == '+')) {
                    break;
                }
                ++p;
            }
            if (p == start) {
                return false;
            }
            break;
        }
        }
    }
    return p == n;
}

} // namespace rnnlab::timeparse
