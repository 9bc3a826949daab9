// The teaching-series generators and the CSV writer.
#include "data/generate.h"

#include "io/atomic_file.h"

#include <charconv>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>

namespace rnnlab {

namespace {

// Uniform in [0, 1) from the top 53 bits: the same double on every platform.
double uniform01(std::mt19937_64 &rng)
{
    return (double)(rng() >> 11) * 0x1.0p-53;
}

// Box-Muller, cosine branch only, so each normal uses exactly two draws.
double standardNormal(std::mt19937_64 &rng)
{
    const double u1 = 1.0 - uniform01(rng); // (0, 1]: log stays finite
    const double u2 = uniform01(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double roundTo(double x, double scale)
{
    return std::round(x * scale) / scale;
}

Series indexed(int n, const std::string &name, std::vector<std::string> columns)
{
    Series s;
    s.source = "generated:" + name;
    s.timeName.assign(1, 't'); // not = "t": GCC 12 raises a false -Wrestrict there
    s.timeKind = TimeKind::Index;
    s.columns = std::move(columns);
    s.values.resize(n, (Eigen::Index)s.columns.size());
    s.time.resize(n);
    s.timeText.resize(n);
    s.lines.resize(n);
    for (int t = 0; t < n; ++t) {
        s.time[t] = t;
        s.timeText[t] = std::to_string(t);
        s.lines[t] = t + 2; // line 1 is the header of the written CSV
    }
    return s;
}

void requireRows(int n)
{
    if (n < 1) {
        throw std::invalid_argument("rows must be at least 1 (got " + std::to_string(n) + ")");
    }
}

std::string formatNumber(double v)
{
    if (std::isnan(v)) {
        return {};
    }
    char buf[64];
    const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

} // namespace

Series noisySine(int n, double period, double noise, std::uint64_t seed)
{
    requireRows(n);
    if (!(period > 0.0) || !std::isfinite(period)) {
        throw std::invalid_argument("period must be > 0 (got " + formatNumber(period) + ")");
    }
    if (!(noise >= 0.0) || !std::isfinite(noise)) {
        throw std::invalid_argument("noise must be >= 0 (got " + formatNumber(noise) + ")");
    }
    Series s = indexed(n, "sine", {"value"});
    std::mt19937_64 rng(seed);
    for (int t = 0; t < n; ++t) {
        const double clean = std::sin(2.0 * std::numbers::pi * t / period);
        s.values(t, 0) = roundTo(clean + noise * standardNormal(rng), 1e4);
    }
    return s;
}

Series randomWalk(int n, double start, double drift, double vol, std::uint64_t seed)
{
    requireRows(n);
    if (!(start > 0.0) || !std::isfinite(start)) {
        throw std::invalid_argument("start must be > 0 (got " + formatNumber(start) + ")");
    }
    if (!(vol >= 0.0) || !std::isfinite(vol) || !std::isfinite(drift)) {
        throw std::invalid_argument("vol must be >= 0 and drift finite");
    }
    Series s = indexed(n, "random-walk", {"value"});
    std::mt19937_64 rng(seed);
    double price = start;
    for (int t = 0; t < n; ++t) {
        if (t > 0) {
            // The -vol^2/2 term makes `drift` the growth rate of the median path.
            price *= std::exp(drift - 0.5 * vol * vol + vol * standardNormal(rng));
        }
        s.values(t, 0) = roundTo(price, 1e2);
    }
    return s;
}

Series echo(int n, int lag, std::uint64_t seed)
{
    requireRows(n);
    if (lag < 0) {
        throw std::invalid_argument("lag must be >= 0 (got " + std::to_string(lag) + ")");
    }
    Series s = indexed(n, "echo", {"input", "target"});
    std::mt19937_64 rng(seed);
    for (int t = 0; t < n; ++t) {
        s.values(t, 0) = roundTo(2.0 * uniform01(rng) - 1.0, 1e4);
    }
    for (int t = 0; t < n; ++t) {
        s.values(t, 1) = t >= lag ? s.values(t - lag, 0) : 0.0;
    }
    return s;
}

double generatedSeriesBytes(long long n, int columns)
{
    // values, time, the empty timeText strings, lines
    return double(n) * (8.0 * columns + 8.0 + double(sizeof(std::string)) + 4.0);
}

double generatedCsvBytes(long long n, int columns)
{
    // "1234567," for the index, up to "-0.1234," per 4-decimal value, a newline
    return double(n) * (8.0 + 8.0 * columns + 1.0);
}

void writeCsv(const Series &series, const std::string &path, const std::function<bool(int rows)> &progress)
{
    {
        AtomicFile out(path);
        const bool withTime = !series.timeName.empty();
        // Names with a delimiter or quote are quoted (RFC 4180) so they read back whole.
        auto field = [](const std::string &s) {
            if (s.find_first_of(",\"\r\n") == std::string::npos) {
                return s;
            }
            std::string q = "\"";
            for (char ch : s) {
                q.push_back(ch);
                if (ch == '"') {
                    q.push_back('"');
                }
            }
            q.push_back('"');
            return q;
        };
        std::string line = withTime ? field(series.timeName) : std::string();
        for (std::size_t c = 0; c < series.columns.size(); ++c) {
            if (c > 0 || withTime) {
                line.push_back(',');
            }
            line += field(series.columns[c]);
        }
        line.push_back('\n');
        out.write(line);
        std::string chunk;
        for (int r = 0; r < series.rows(); ++r) {
            line.clear();
            if (withTime) {
                const bool hasText = r < (int)series.timeText.size() && !series.timeText[r].empty();
                line = hasText ? field(series.timeText[r])
                               : formatNumber(r < (int)series.time.size() ? series.time[r] : r);
            }
            for (Eigen::Index c = 0; c < series.values.cols(); ++c) {
                if (c > 0 || withTime) {
                    line.push_back(',');
                }
                line += formatNumber(series.values(r, c));
            }
            chunk += line;
            chunk.push_back('\n');
            if (chunk.size() >= (std::size_t(1) << 20)) {
                out.write(chunk);
                chunk.clear();
            }
            if (progress && (r + 1) % 65536 == 0 && !progress(r + 1)) {
                throw WriteStopped(); // ~AtomicFile removes the temporary
            }
        }
        out.write(chunk);
        out.commit();
    }
}

} // namespace rnnlab
