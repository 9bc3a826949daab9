// Progress of one long job as plain lines on stderr ("forecast: 1200000/5000000 steps"),
// at most one a second and none for a job that ends within its first second, so a log
// or a pipe gets a few readable lines instead of a redrawn bar (progress.h is the bar
// `train` draws on a terminal). RNNLAB_PROGRESS_SECONDS overrides the interval (tests: 0).
#pragma once

#include <chrono>
#include <string>

namespace rnnlab::cli {

class ProgressLine {
public:
    ProgressLine(std::string what, std::string unit, long long total);
    void update(long long done); // prints when the interval has passed since the last line

private:
    std::string m_what, m_unit;
    long long m_total;
    std::chrono::steady_clock::duration m_interval;
    std::chrono::steady_clock::time_point m_next;
};

} // namespace rnnlab::cli
