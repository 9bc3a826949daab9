// The time column's shapes and units (see time_parse.h).
#include "data/time_parse.h"

#include <cmath>

namespace rnnlab::timeparse {

using std::string_view;

namespace {

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

} // namespace

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

} // namespace rnnlab::timeparse
