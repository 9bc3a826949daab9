// Time labels and extrapolation past the last row.
#include "data/time_axis.h"

#include <cmath>
#include <cstdio>

namespace rnnlab {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
long long daysFromCivil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

void civilFromDays(long long z, long long &y, unsigned &m, unsigned &d)
{
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = (long long)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

double meanStep(const Series &s)
{
    const int n = s.rows();
    if (n < 2 || (int)s.time.size() < n) {
        return 1.0;
    }
    return (s.time[n - 1] - s.time[0]) / double(n - 1);
}

} // namespace

double timeAt(const Series &s, int row)
{
    const int n = s.rows();
    if (s.timeKind == TimeKind::Index || s.time.empty()) {
        return double(row);
    }
    if (row < n) {
        return s.time[row];
    }
    if (s.timeKind == TimeKind::YearMonth) {
        long long y;
        unsigned m, d;
        civilFromDays((long long)std::floor(s.time[n - 1] / 86400.0), y, m, d);
        const long long months = y * 12 + (m - 1) + (row - (n - 1));
        return double(daysFromCivil(months / 12, unsigned(months % 12) + 1, 1)) * 86400.0;
    }
    return s.time[n - 1] + meanStep(s) * double(row - (n - 1));
}

std::string timeLabel(const Series &s, int row)
{
    if (row >= 0 && row < s.rows() && row < (int)s.timeText.size() && !s.timeText[row].empty()) {
        return s.timeText[row];
    }
    const double t = timeAt(s, row);
    char buf[64];
    switch (s.timeKind) {
    case TimeKind::Index: std::snprintf(buf, sizeof buf, "%d", row); break;
    case TimeKind::Year: std::snprintf(buf, sizeof buf, "%.0f", t); break;
    case TimeKind::DecimalYear: std::snprintf(buf, sizeof buf, "%.5f", t); break;
    case TimeKind::Seconds: std::snprintf(buf, sizeof buf, "%.6f", t); break;
    case TimeKind::YearMonth:
    case TimeKind::Date:
    case TimeKind::DateTime: {
        const long long secs = (long long)std::llround(t);
        long long days = secs / 86400, rem = secs % 86400;
        if (rem < 0) {
            rem += 86400;
            --days;
        }
        long long y;
        unsigned m, d;
        civilFromDays(days, y, m, d);
        if (s.timeKind == TimeKind::YearMonth) {
            std::snprintf(buf, sizeof buf, "%04lld-%02u", y, m);
        } else if (s.timeKind == TimeKind::Date) {
            std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", y, m, d);
        } else {
            std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld", y, m, d, rem / 3600, rem / 60 % 60,
                          rem % 60);
        }
        break;
    }
    }
    return buf;
}

} // namespace rnnlab
