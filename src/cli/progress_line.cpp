// Progress lines on stderr (see progress_line.h).
#include "progress_line.h"

#include <cstdio>
#include <cstdlib>

namespace rnnlab::cli {

namespace {
std::chrono::steady_clock::duration intervalFromEnvironment()
{
    double seconds = 1.0;
    if (const char *s = std::getenv("RNNLAB_PROGRESS_SECONDS")) {
        char *end = nullptr;
        const double v = std::strtod(s, &end);
        if (end != s && *end == '\0' && v >= 0.0 && v <= 3600.0) {
            seconds = v;
        }
    }
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}
} // namespace

ProgressLine::ProgressLine(std::string what, std::string unit, long long total)
    : m_what(std::move(what)), m_unit(std::move(unit)), m_total(total), m_interval(intervalFromEnvironment()),
      m_next(std::chrono::steady_clock::now() + m_interval)
{
}

void ProgressLine::update(long long done)
{
    const auto now = std::chrono::steady_clock::now();
    if (now < m_next) {
        return;
    }
    m_next = now + m_interval;
    std::fprintf(stderr, "%s: %lld/%lld %s\n", m_what.c_str(), done, m_total, m_unit.c_str());
    std::fflush(stderr);
}

} // namespace rnnlab::cli
