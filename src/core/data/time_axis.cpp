// Time labels and extrapolation past the last row.
#include "data/time_axis.h"

#include "data/time_parse.h"

#include <cmath>

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
        const int step = s.resolution == TimeResolution::Quarter ? 3 : 1;
        const long long months = y * 12 + (m - 1) + step * (row - (n - 1));
        return double(daysFromCivil(months / 12, unsigned(months % 12) + 1, 1)) * 86400.0;
    }
    return s.time[n - 1] + meanStep(s) * double(row - (n - 1));
}

std::string timeLabel(const Series &s, int row)
{
    if (s.timeKind == TimeKind::Index) {
        // A step column ("minute" 1..100) names its own steps; else the row.
        const int n = s.rows();
        if ((int)s.time.size() == n && n > 0) {
            const double t = row < n ? s.time[row] : s.time[n - 1] + meanStep(s) * double(row - (n - 1));
            return formatTime(t, TimeKind::Index, TimeResolution::None);
        }
        return std::to_string(row);
    }
    return formatTime(s, timeAt(s, row));
}

std::string timeCellText(const Series &s, int row)
{
    if (row >= 0 && row < (int)s.timeText.size() && !s.timeText[row].empty()) {
        return s.timeText[row];
    }
    return s.timeName.empty() ? std::string() : timeLabel(s, row);
}

} // namespace rnnlab
