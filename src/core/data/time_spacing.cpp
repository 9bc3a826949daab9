// The spacing of a series' rows in words (see time_spacing.h). The regular step is
// the median step, so a few gaps do not change it; a step of more than 1.5 regular
// steps is a gap, and the steps it skips are counted.
#include "data/time_spacing.h"

#include "data/time_axis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace rnnlab {

namespace {

// A count from a double that may be anything a file holds (1e27 seconds): rounded and
// held within +-1e15, so the arithmetic on it cannot overflow (fuzz_timeparse found it).
long long roundCount(double x)
{
    return std::llround(std::clamp(x, -1e15, 1e15));
}

long long dayOf(double seconds)
{
    return (long long)std::floor(std::clamp(seconds / 86400.0, -1e15, 1e15));
}

// Monday 0 .. Sunday 6 (1970-01-01 was a Thursday).
int weekday(long long day)
{
    return int(((day + 3) % 7 + 7) % 7);
}

long long monthIndex(double seconds)
{
    // Days to civil month (Howard Hinnant's civil_from_days, month part only).
    long long z = dayOf(seconds) + 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = (long long)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return y * 12 + (m - 1);
}

double median(std::vector<double> v)
{
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}

std::string plural(long long n, const char *one, const char *many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string gapsText(long long gaps, long long missing, const char *one, const char *many)
{
    if (gaps == 0) {
        return "";
    }
    return ", " + plural(gaps, "gap", "gaps") + " over " + plural(missing, one, many);
}

std::string everySeconds(double step)
{
    const long long s = roundCount(step);
    if (std::abs(step - double(s)) > 1e-6 || s <= 0) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "every %.6g s", step);
        return buf;
    }
    if (s % 3600 == 0) {
        return s == 3600 ? "hourly" : "every " + std::to_string(s / 3600) + " hours";
    }
    if (s % 60 == 0) {
        return s == 60 ? "every minute" : "every " + std::to_string(s / 60) + " minutes";
    }
    return s == 1 ? "every second" : "every " + std::to_string(s) + " s";
}

} // namespace

std::string describeSpacing(const Series &s)
{
    const int n = s.rows();
    if (n < 2 || (int)s.time.size() < n || s.timeKind == TimeKind::Index) {
        return s.timeKind == TimeKind::Index ? "by row" : "";
    }
    const bool months = s.timeKind == TimeKind::YearMonth;
    const bool days = s.timeKind == TimeKind::Date;
    std::vector<double> steps(std::size_t(n - 1));
    for (int r = 1; r < n; ++r) {
        steps[std::size_t(r - 1)] = months ? double(monthIndex(s.time[r]) - monthIndex(s.time[r - 1]))
            : days                         ? double(dayOf(s.time[r]) - dayOf(s.time[r - 1]))
                                           : s.time[r] - s.time[r - 1];
    }
    const double base = median(steps);
    if (!(base > 0)) {
        return "irregular";
    }
    if (days && base == 1.0 && s.resolution == TimeResolution::Day) {
        // Business days: no row on a weekend, and weekends are skipped.
        bool weekdaysOnly = true;
        for (int r = 0; r < n && weekdaysOnly; ++r) {
            weekdaysOnly = weekday(dayOf(s.time[r])) < 5;
        }
        if (weekdaysOnly && n >= 5) {
            long long gaps = 0;
            long long missing = 0;
            for (int r = 1; r < n; ++r) {
                long long skipped = 0;
                for (long long d = dayOf(s.time[r - 1]) + 1; d < dayOf(s.time[r]); ++d) {
                    skipped += weekday(d) < 5;
                }
                gaps += skipped > 0;
                missing += skipped;
            }
            return "business-daily" + gapsText(gaps, missing, "day", "days");
        }
    }
    long long gaps = 0;
    long long missing = 0;
    long long irregular = 0;
    for (double st : steps) {
        if (st > 1.5 * base) {
            ++gaps;
            missing = std::min(missing + std::max(1LL, roundCount(st / base) - 1), 1000000000000000LL);
        } else if (std::abs(st - base) > 0.02 * base) {
            ++irregular;
        }
    }
    if (irregular * 5 > (long long)steps.size()) {
        return "irregular";
    }
    std::string name;
    const char *one = "step";
    const char *many = "steps";
    if (months) {
        name = base == 1.0 ? "monthly" : base == 3.0 ? "quarterly" : base == 12.0 ? "yearly" : "every " + plural(roundCount(base), "month", "months");
        one = base == 3.0 ? "quarter" : "month";
        many = base == 3.0 ? "quarters" : "months";
    } else if (days) {
        name = base == 1.0 ? "daily" : base == 7.0 ? "weekly" : "every " + plural(roundCount(base), "day", "days");
        one = base == 7.0 ? "week" : "day";
        many = base == 7.0 ? "weeks" : "days";
    } else if (s.timeKind == TimeKind::Year) {
        name = base == 1.0 ? "yearly" : "every " + plural(roundCount(base), "year", "years");
        one = "year";
        many = "years";
    } else if (s.timeKind == TimeKind::DecimalYear) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "every %.3g years", base);
        name = buf;
    } else {
        name = everySeconds(base);
    }
    return name + gapsText(gaps, missing, one, many);
}

std::string describeSeries(const Series &s)
{
    std::string out = plural(s.rows(), "row", "rows");
    if (s.rows() > 0 && !s.timeName.empty()) {
        out += ", " + timeLabel(s, 0) + " .. " + timeLabel(s, s.rows() - 1);
    }
    const std::string spacing = describeSpacing(s);
    if (!spacing.empty()) {
        out += ", " + spacing;
    }
    if (s.utc) {
        out += " (UTC)";
    }
    return out;
}

} // namespace rnnlab
