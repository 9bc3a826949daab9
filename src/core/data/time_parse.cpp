// The time column's layouts, units and ISO text (see time_parse.h). The parsing is
// date::from_stream over a reusable stream on each cell's bytes; only quarters
// ("1995Q1", "Q1 1995"), which the library has no field for, are read by hand.
#include "data/time_parse.h"

#include "data/csv_reader.h"
#include "data/date_format.h"

// GCC 12 reports -Wstringop-overflow inside libstdc++'s std::string, inlined through
// date.h's parser into this file: a false positive of the kind the top CMakeLists
// already silences for -Wrestrict (GCC bug 105651).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif
#include <date/date.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <istream>
#include <streambuf>

namespace rnnlab::timeparse {

using std::string_view;

namespace {

using Ms = std::chrono::milliseconds;

// An input stream over a string_view that can be pointed at the next cell without
// allocating, so a million cells cost a million parses and no stream constructions.
class ViewStream
{
public:
    ViewStream()
        : m_stream(&m_buf)
    {
    }
    std::istream &on(string_view s)
    {
        m_buf.set(s);
        m_stream.clear();
        return m_stream;
    }
    // The whole view was read and the parse did not fail.
    bool done()
    {
        return !m_stream.fail() && m_stream.peek() == std::char_traits<char>::eof();
    }

private:
    struct Buf : std::streambuf {
        void set(string_view s)
        {
            char *p = const_cast<char *>(s.data());
            setg(p, p, p + s.size());
        }
    };
    Buf m_buf;
    std::istream m_stream;
};

ViewStream &stream()
{
    thread_local ViewStream s;
    return s;
}

string_view trimView(string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

bool allDigits(string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// clang-format off
const std::vector<DateLayout> kLayouts = {
    {"%Y-%m-%d", "YYYY-MM-DD", TimeResolution::Day, 0, false},
    {"%Y-%m", "YYYY-MM", TimeResolution::Month, 0, false},
    {"%Y/%m/%d", "YYYY/MM/DD", TimeResolution::Day, 0, false},
    {"%Y%m%d", "YYYYMMDD", TimeResolution::Day, 0, true},
    {"%G-W%V", "YYYY-Www", TimeResolution::Week, 0, false},
    {"quarter", "YYYY-Qn", TimeResolution::Quarter, 0, false},
    {"%d.%m.%Y", "DD.MM.YYYY", TimeResolution::Day, 1, false},
    {"%d/%m/%Y", "D/M/YYYY", TimeResolution::Day, 1, false},
    {"%m/%d/%Y", "M/D/YYYY", TimeResolution::Day, 2, false},
    {"%d-%m-%Y", "DD-MM-YYYY", TimeResolution::Day, 1, false},
    {"%m-%d-%Y", "MM-DD-YYYY", TimeResolution::Day, 2, false},
    {"%b-%d-%Y", "Mon-D-YYYY", TimeResolution::Day, 0, false},
    {"%b %d %Y", "Mon D YYYY", TimeResolution::Day, 0, false},
    {"%b %d, %Y", "Mon D, YYYY", TimeResolution::Day, 0, false},
    {"%d %b %Y", "D Mon YYYY", TimeResolution::Day, 0, false},
    {"%d-%b-%Y", "DD-Mon-YYYY", TimeResolution::Day, 0, false},
    {"%b %Y", "Mon YYYY", TimeResolution::Month, 0, false},
    {"%b-%Y", "Mon-YYYY", TimeResolution::Month, 0, false},
};
// clang-format on

// "1995Q1", "1995-Q1", "1995 Q1", "Q1 1995" (q in either case): the first day of the quarter.
bool parseQuarter(string_view s, date::sys_days &day)
{
    const std::size_t q = s.find_first_of("Qq");
    if (q == string_view::npos || q + 1 >= s.size()) {
        return false;
    }
    string_view year;
    char digit = 0;
    if (q == 0) {
        // "Qn YYYY"
        digit = s[1];
        string_view rest = s.substr(2);
        if (rest.empty() || (rest[0] != ' ' && rest[0] != '-')) {
            return false;
        }
        year = rest.substr(1);
    } else {
        year = s.substr(0, q);
        if (!year.empty() && (year.back() == '-' || year.back() == ' ')) {
            year.remove_suffix(1);
        }
        if (q + 2 != s.size()) {
            return false;
        }
        digit = s[q + 1];
    }
    if (year.size() != 4 || !allDigits(year) || digit < '1' || digit > '4') {
        return false;
    }
    const int y = (year[0] - '0') * 1000 + (year[1] - '0') * 100 + (year[2] - '0') * 10 + (year[3] - '0');
    day = date::sys_days(date::year(y) / date::month(unsigned(3 * (digit - '1') + 1)) / date::day(1));
    return true;
}

// %Y reads one to four digits: "Jan 1995" would read as day 19 of the year 95 in
// "%b %d %Y". Time series live in four-digit years.
bool fourDigitYear(date::year y)
{
    return int(y) >= 1000 && int(y) <= 9999;
}

// The date part of a cell with one layout: the day it names.
bool parseDatePart(string_view s, const DateLayout &layout, date::sys_days &day)
{
    if (s.empty()) {
        return false;
    }
    if (layout.compact && (s.size() != 8 || !allDigits(s))) {
        return false;
    }
    const string_view pattern = layout.pattern;
    if (pattern == "quarter") {
        return parseQuarter(s, day);
    }
    // Every layout starts with a digit or a month name: this rejects most cells
    // of another layout before a stream is touched.
    ViewStream &vs = stream();
    if (layout.resolution == TimeResolution::Month) {
        date::year_month ym{};
        date::from_stream(vs.on(s), layout.pattern, ym);
        if (!vs.done() || !ym.ok() || !fourDigitYear(ym.year())) {
            return false;
        }
        day = date::sys_days(ym / date::day(1));
        return true;
    }
    if (layout.resolution == TimeResolution::Week) {
        // An ISO week names no day: read it as its Monday.
        char buf[32];
        if (s.size() > 20) {
            return false;
        }
        std::snprintf(buf, sizeof buf, "%.*s-1", int(s.size()), s.data());
        date::year_month_day ymd{};
        date::from_stream(vs.on(buf), "%G-W%V-%u", ymd);
        if (!vs.done() || !ymd.ok()) {
            return false;
        }
        day = date::sys_days(ymd);
        return true;
    }
    date::year_month_day ymd{};
    date::from_stream(vs.on(s), layout.pattern, ymd);
    if (!vs.done() || !ymd.ok() || !fourDigitYear(ymd.year())) {
        return false;
    }
    day = date::sys_days(ymd);
    return true;
}

struct TimeOfDay {
    Ms since{0};
    std::chrono::minutes offset{0};
    bool hasOffset = false;
    TimeResolution resolution = TimeResolution::Minute;
};

// "HH:MM", "HH:MM:SS", "HH:MM:SS.fff", each optionally followed by Z, ±HH:MM or ±HHMM.
bool parseTimeOfDay(string_view s, TimeOfDay &out)
{
    out = TimeOfDay{};
    if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) {
        s.remove_suffix(1);
        out.hasOffset = true;
    }
    std::size_t sign = s.find_first_of("+-", 3);
    string_view clock = s.substr(0, sign);
    string_view zone = sign == string_view::npos ? string_view() : s.substr(sign);
    if (!zone.empty() && out.hasOffset) {
        return false;
    }
    const auto colons = std::count(clock.begin(), clock.end(), ':');
    const bool fraction = clock.find('.') != string_view::npos;
    if (colons < 1 || colons > 2 || (fraction && colons != 2)) {
        return false;
    }
    // Every field starts and ends with a digit: date::from_stream converts a %S it
    // could not read (NaN) to an integer, undefined behaviour (found by fuzz_timeparse).
    for (std::size_t i = 0; i < clock.size(); ++i) {
        const bool edge = i == 0 || i + 1 == clock.size() || clock[i - 1] == ':' || clock[i + 1] == ':';
        if (edge && clock[i] != ':' && !(clock[i] >= '0' && clock[i] <= '9')) {
            return false;
        }
        if (clock[i] == ':' && (i == 0 || i + 1 == clock.size())) {
            return false;
        }
    }
    ViewStream &vs = stream();
    date::from_stream(vs.on(clock), colons == 1 ? "%H:%M" : "%H:%M:%S", out.since);
    if (!vs.done() || out.since < Ms(0) || out.since >= std::chrono::hours(24)) {
        return false;
    }
    out.resolution = colons == 1 ? TimeResolution::Minute : fraction ? TimeResolution::Millisecond : TimeResolution::Second;
    if (!zone.empty()) {
        // Only ±HH, ±HHMM or ±HH:MM reach date::from_stream: on some malformed offsets
        // ("-`05:00") it negates an unset minimum (UBSan; found by fuzz_timeparse).
        const auto digit = [&](std::size_t i) { return i < zone.size() && zone[i] >= '0' && zone[i] <= '9'; };
        const bool shaped = digit(1) && digit(2)
            && (zone.size() == 3 || (zone.size() == 5 && digit(3) && digit(4))
                || (zone.size() == 6 && zone[3] == ':' && digit(4) && digit(5)));
        if (!shaped) {
            return false;
        }
        Ms ignored{};
        std::string text = "00:00" + std::string(zone);
        const char *fmt = zone.find(':') != string_view::npos ? "%H:%M%Ez" : "%H:%M%z";
        date::from_stream(vs.on(text), fmt, ignored, static_cast<std::string *>(nullptr), &out.offset);
        if (!vs.done() || std::chrono::abs(out.offset) > std::chrono::hours(18)) {
            return false;
        }
        out.hasOffset = true;
    }
    return true;
}

// Splits "date[ |T]time" at the separator before the time's first ':'.
void splitCell(string_view cell, string_view &datePart, string_view &timePart)
{
    const std::size_t colon = cell.find(':');
    if (colon == string_view::npos) {
        datePart = cell;
        timePart = {};
        return;
    }
    std::size_t sep = cell.find_last_of(" Tt", colon);
    if (sep == string_view::npos) {
        datePart = {};
        timePart = cell;
        return;
    }
    datePart = trimView(cell.substr(0, sep));
    timePart = trimView(cell.substr(sep + 1));
}

struct CellTime {
    double seconds = 0.0;
    TimeResolution resolution = TimeResolution::Day;
    bool hasOffset = false;
};

bool parseCell(string_view cell, const DateLayout &layout, CellTime &out)
{
    string_view d;
    string_view t;
    splitCell(cell, d, t);
    // Sub-daily rows repeat their date part (144 a day in the Jena file): the last
    // one read with this layout is kept, which halves the work per cell.
    struct LastDate {
        const DateLayout *layout = nullptr;
        std::string text;
        date::sys_days day;
    };
    thread_local LastDate last;
    date::sys_days day;
    if (last.layout == &layout && last.text == d) {
        day = last.day;
    } else {
        if (!parseDatePart(d, layout, day)) {
            return false;
        }
        last.layout = &layout;
        last.text.assign(d);
        last.day = day;
    }
    out.resolution = layout.resolution;
    out.hasOffset = false;
    double secs = double(day.time_since_epoch().count()) * 86400.0;
    if (!t.empty()) {
        if (layout.resolution == TimeResolution::Month || layout.resolution == TimeResolution::Quarter
            || layout.resolution == TimeResolution::Week) {
            return false;
        }
        TimeOfDay tod;
        if (!parseTimeOfDay(t, tod)) {
            return false;
        }
        secs += double(tod.since.count()) / 1000.0 - double(tod.offset.count()) * 60.0;
        out.resolution = tod.resolution;
        out.hasOffset = tod.hasOffset;
    }
    out.seconds = secs;
    return true;
}

// A user-given format: the whole cell read with date::parse into milliseconds; its
// resolution follows the fields it names.
struct UserLayout {
    std::string format;
    DateFormat shape; // whitelisted (dateFormatProblem) and compiled: what a cell must look like
    TimeResolution resolution = TimeResolution::Day;
    bool monthOnly = false;
    bool offset = false;
};

UserLayout makeUserLayout(const std::string &format)
{
    UserLayout u;
    u.format = format;
    u.shape = compileDateFormat(format);
    auto has = [&](const char *f) { return format.find(f) != std::string::npos; };
    u.offset = has("%z") || has("%Ez");
    if (has("%S") || has("%T")) {
        u.resolution = TimeResolution::Second;
    } else if (has("%M") || has("%R")) {
        u.resolution = TimeResolution::Minute;
    } else if (has("%d") || has("%e") || has("%F") || has("%D") || has("%j")) {
        u.resolution = TimeResolution::Day;
    } else if (has("%m") || has("%b") || has("%B")) {
        u.resolution = TimeResolution::Month;
        u.monthOnly = true;
    }
    return u;
}

bool parseUser(string_view cell, const UserLayout &u, CellTime &out)
{
    // date.h reads seconds as "SS.fff" (6 characters) into milliseconds, as "SS" for
    // a year_month; a cell of another shape would reach its undefined behaviour.
    if (!cellFitsFormat(cell, u.shape, u.monthOnly ? 2 : 6)) {
        return false;
    }
    ViewStream &vs = stream();
    out.hasOffset = u.offset;
    out.resolution = u.resolution;
    if (u.monthOnly) {
        date::year_month ym{};
        date::from_stream(vs.on(cell), u.format.c_str(), ym);
        if (!vs.done() || !ym.ok()) {
            return false;
        }
        out.seconds = double(date::sys_days(ym / date::day(1)).time_since_epoch().count()) * 86400.0;
        return true;
    }
    date::sys_time<Ms> tp{};
    date::from_stream(vs.on(cell), u.format.c_str(), tp);
    if (!vs.done()) {
        return false;
    }
    out.seconds = double(tp.time_since_epoch().count()) / 1000.0;
    return true;
}

// "9999-99" for "2020-13": digits as 9, other bytes as themselves, to tell an
// invalid date of the column's shape from a cell of another shape.
std::string shapeOf(string_view s)
{
    std::string out(s);
    for (char &c : out) {
        if (c >= '0' && c <= '9') {
            c = '9';
        }
    }
    return out;
}

const char *separatorRule(const std::string &name)
{
    if (name.find('/') != std::string::npos) {
        return "month-first, the order of US exports, is the rule for '/'";
    }
    return "day-first is the rule for '-' and '.'";
}

std::string layoutName(const DateLayout &l, TimeResolution r)
{
    std::string n = l.name;
    if (r == TimeResolution::Minute) {
        n += " HH:MM";
    } else if (r == TimeResolution::Second) {
        n += " HH:MM:SS";
    } else if (r == TimeResolution::Millisecond) {
        n += " HH:MM:SS.fff";
    }
    return n;
}

} // namespace

const std::vector<DateLayout> &dateLayouts()
{
    return kLayouts;
}

bool looksLikeDate(string_view cell, bool allowCompact)
{
    cell = trimView(cell);
    if (cell.empty()) {
        return false;
    }
    // The ISO shape, valid or not: YYYY-MM...
    if (cell.size() >= 7 && allDigits(cell.substr(0, 4)) && cell[4] == '-' && allDigits(cell.substr(5, 2))) {
        return true;
    }
    CellTime t;
    for (const DateLayout &l : kLayouts) {
        if ((allowCompact || !l.compact) && parseCell(cell, l, t)) {
            return true;
        }
    }
    return false;
}

std::optional<ParsedTimes> parseTimeColumn(const std::vector<string_view> &cells, const std::string &column,
                                           const std::string &userFormat, const std::vector<char> &missing,
                                           const std::vector<int> &lines, TimeColumnError &error)
{
    (void)column;
    const std::size_t n = cells.size();
    ParsedTimes out;
    out.seconds.resize(n);
    std::size_t first = 0;
    while (first < n && missing[first]) {
        ++first;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (missing[i]) {
            error = {i, cells[i].empty() ? std::string("missing timestamp") : "missing timestamp " + csv::quoteCell(cells[i])};
            return std::nullopt;
        }
    }
    TimeResolution finest = TimeResolution::Year;
    auto note = [&](const CellTime &t) {
        finest = std::max(finest, t.resolution);
        out.utc = out.utc || t.hasOffset;
    };
    if (!userFormat.empty()) {
        if (std::string problem = dateFormatProblem(userFormat); !problem.empty()) {
            error = {0, std::move(problem)};
            return std::nullopt;
        }
        const UserLayout u = makeUserLayout(userFormat);
        CellTime t;
        for (std::size_t i = 0; i < n; ++i) {
            if (!parseUser(cells[i], u, t)) {
                error = {i, csv::quoteCell(cells[i]) + " does not match the date format \"" + userFormat + "\""};
                return std::nullopt;
            }
            out.seconds[i] = t.seconds;
            note(t);
        }
        out.format = userFormat;
        out.resolution = resolutionOfSeconds(out.seconds, u.resolution);
        out.kind = kindOf(out.resolution);
        return out;
    }

    // The layouts that read the first cell survive; each later cell keeps those that
    // read it too. The leader's values are kept; when it falls, the next survivor
    // re-reads the cells before.
    std::vector<std::size_t> alive;
    CellTime t;
    for (std::size_t k = 0; k < kLayouts.size(); ++k) {
        if (parseCell(cells[first], kLayouts[k], t)) {
            alive.push_back(k);
        }
    }
    if (alive.empty()) {
        error = {first, csv::quoteCell(cells[first]) + " is not a date in any layout the loader knows (YYYY-MM-DD, "
                            "DD.MM.YYYY, M/D/YYYY, YYYY-Qn, Jan 1995, ...); give one with --date-format"};
        return std::nullopt;
    }
    std::size_t leader = alive.front();
    for (std::size_t i = first; i < n; ++i) {
        std::vector<std::size_t> keep;
        bool leaderOk = false;
        CellTime leaderTime;
        for (std::size_t k : alive) {
            if (parseCell(cells[i], kLayouts[k], t)) {
                keep.push_back(k);
                if (k == leader) {
                    leaderOk = true;
                    leaderTime = t;
                }
            }
        }
        if (keep.empty()) {
            const DateLayout &l = kLayouts[leader];
            const std::string where = " in the format of line " + std::to_string(lines[first]) + " (" + l.name + ")";
            bool other = false;
            for (const DateLayout &o : kLayouts) {
                other = other || (!o.compact && parseCell(cells[i], o, t));
            }
            if (other) {
                error = {i, csv::quoteCell(cells[i]) + " is not" + where};
            } else if (shapeOf(cells[i]) == shapeOf(cells[first])) {
                error = {i, csv::quoteCell(cells[i]) + " is not a valid date"};
            } else {
                error = {i, csv::quoteCell(cells[i]) + " is not a date" + where};
            }
            return std::nullopt;
        }
        alive.swap(keep);
        if (!leaderOk) {
            leader = alive.front();
            for (std::size_t j = first; j < i; ++j) {
                parseCell(cells[j], kLayouts[leader], t);
                out.seconds[j] = t.seconds;
            }
            parseCell(cells[i], kLayouts[leader], leaderTime);
        }
        out.seconds[i] = leaderTime.seconds;
        note(leaderTime);
    }
    // Day-first and month-first both read every cell: every day is <= 12.
    int orders = 0;
    for (std::size_t k : alive) {
        orders |= 1 << kLayouts[k].order;
    }
    const DateLayout *chosen = &kLayouts[leader];
    if ((orders & 6) == 6) {
        const DateLayout *dayFirst = nullptr;
        const DateLayout *monthFirst = nullptr;
        for (std::size_t k : alive) {
            (kLayouts[k].order == 1 ? dayFirst : kLayouts[k].order == 2 ? monthFirst : chosen) = &kLayouts[k];
        }
        const bool slash = std::string(dayFirst->name).find('/') != std::string::npos;
        const DateLayout *pick = slash ? monthFirst : dayFirst;
        const DateLayout *other = slash ? dayFirst : monthFirst;
        if (pick != chosen) {
            chosen = pick;
            for (std::size_t j = first; j < n; ++j) {
                parseCell(cells[j], *chosen, t);
                out.seconds[j] = t.seconds;
            }
        }
        out.warnings.push_back("column \"" + column + "\": every day is 12 or less, so " + csv::quoteCell(cells[first])
                               + " could be day-first or month-first; read as " + chosen->name + " ("
                               + separatorRule(chosen->name) + "); for " + other->name + " give --date-format \""
                               + other->pattern + "\"");
    }
    out.resolution = resolutionOfSeconds(out.seconds, finest);
    out.kind = kindOf(out.resolution);
    out.format = layoutName(*chosen, finest);
    return out;
}

int epochScale(const std::string &lower, const std::vector<double> &values)
{
    static const char *const names[] = {"timestamp", "time", "epoch", "unix", "unix_time", "unixtime", "ts",
                                        "datetime", "time_ms", "timestamp_ms", "epoch_ms", "unix_ms"};
    bool named = false;
    for (const char *n : names) {
        named = named || lower == n;
    }
    if (!named || values.empty()) {
        return 0;
    }
    // 1973-03-03 .. 2100-01-01, in seconds or in milliseconds.
    constexpr double lo = 1e8;
    constexpr double hi = 4102444800.0;
    const auto [mn, mx] = std::minmax_element(values.begin(), values.end());
    if (*mn >= lo && *mx <= hi) {
        return 1;
    }
    if (*mn >= lo * 1000.0 && *mx <= hi * 1000.0) {
        return 1000;
    }
    return 0;
}

TimeResolution resolutionOfSeconds(const std::vector<double> &seconds, TimeResolution coarsest)
{
    if (coarsest < TimeResolution::Day) {
        return coarsest;
    }
    TimeResolution r = TimeResolution::Day;
    for (double s : seconds) {
        const double inDay = s - 86400.0 * std::floor(s / 86400.0);
        const double ms = std::round(inDay * 1000.0);
        if (std::fmod(ms, 1000.0) != 0.0) {
            return TimeResolution::Millisecond;
        }
        if (std::fmod(ms, 60000.0) != 0.0) {
            r = TimeResolution::Second;
        } else if (ms != 0.0 && r < TimeResolution::Minute) {
            r = TimeResolution::Minute;
        }
    }
    return r;
}

TimeKind kindOf(TimeResolution r)
{
    switch (r) {
    case TimeResolution::Quarter:
    case TimeResolution::Month: return TimeKind::YearMonth;
    case TimeResolution::Week:
    case TimeResolution::Day: return TimeKind::Date;
    case TimeResolution::Year: return TimeKind::Year;
    case TimeResolution::None: return TimeKind::Index;
    default: return TimeKind::DateTime;
    }
}

bool isTimeName(const std::string &lower)
{
    static const char *const exact[] = {"t", "ds", "month", "epoch", "seconds", "sec", "secs", "s", "period", "step", "index",
                                        "unix", "ts", "quarter", "week", "day", "minute", "hour"};
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
    // A step counter ("t", "step", "index", "minute" holding whole numbers, as the
    // generated teaching series and R's WWWusage write it) has no calendar: an index.
    if (allInts && !allYearRange
        && (lower == "t" || lower == "step" || lower == "index" || lower == "minute" || lower == "period")) {
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

namespace rnnlab {

std::string formatTime(double t, TimeKind kind, TimeResolution resolution, bool utc)
{
    char buf[64];
    switch (kind) {
    case TimeKind::Index:
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(t)));
        return buf;
    case TimeKind::Year:
        std::snprintf(buf, sizeof buf, "%.0f", t);
        return buf;
    case TimeKind::DecimalYear:
        std::snprintf(buf, sizeof buf, "%.5f", t);
        return buf;
    case TimeKind::Seconds:
        std::snprintf(buf, sizeof buf, "%.10g", t);
        return buf;
    case TimeKind::YearMonth:
    case TimeKind::Date:
    case TimeKind::DateTime: break;
    }
    if (!std::isfinite(t) || std::abs(t) > 1e14) {
        return "";
    }
    const auto ms = std::chrono::milliseconds(static_cast<long long>(std::llround(t * 1000.0)));
    const date::sys_time<std::chrono::milliseconds> tp{ms};
    const date::sys_days day = date::floor<date::days>(tp);
    const date::year_month_day ymd{day};
    const int y = int(ymd.year());
    const unsigned m = unsigned(ymd.month());
    const unsigned d = unsigned(ymd.day());
    const long long inDay = (tp - day).count();
    const char *z = utc ? "Z" : "";
    switch (resolution) {
    case TimeResolution::None:
    case TimeResolution::Year: std::snprintf(buf, sizeof buf, "%04d", y); break;
    case TimeResolution::Quarter: std::snprintf(buf, sizeof buf, "%04d-Q%u", y, (m - 1) / 3 + 1); break;
    case TimeResolution::Month: std::snprintf(buf, sizeof buf, "%04d-%02u", y, m); break;
    case TimeResolution::Week: {
        const std::string w = date::format("%G-W%V", day);
        return w;
    }
    case TimeResolution::Day: std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d); break;
    case TimeResolution::Minute:
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld%s", y, m, d, inDay / 3600000, inDay / 60000 % 60, z);
        break;
    case TimeResolution::Second:
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld%s", y, m, d, inDay / 3600000,
                      inDay / 60000 % 60, inDay / 1000 % 60, z);
        break;
    case TimeResolution::Millisecond:
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lld%s", y, m, d, inDay / 3600000,
                      inDay / 60000 % 60, inDay / 1000 % 60, inDay % 1000, z);
        break;
    }
    return buf;
}

std::string formatTime(const Series &series, double t)
{
    return formatTime(t, series.timeKind, series.resolution, series.utc);
}

} // namespace rnnlab
