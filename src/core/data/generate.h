// Teaching series made from a seed: a noisy sine, a stock-price-like random walk and
// an echo (memory) task, plus a CSV writer. The same seed gives the same numbers on
// every platform: std::mt19937_64 bits mapped by hand, not std:: distributions.
#pragma once
#include "data/series.h"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace rnnlab {

// value_t = sin(2*pi*t/period) + noise * N(0,1), t = 0..n-1, rounded to 4 decimals.
// Throws std::invalid_argument for n < 1, period <= 0, noise < 0.
Series noisySine(int n, double period, double noise, std::uint64_t seed);

// A geometric random walk ("stock price"): value_0 = start,
// value_t = value_{t-1} * exp(drift - vol^2/2 + vol * N(0,1)); drift and vol are per
// row (mean log-return and its std). Written rounded to 2 decimals ("cents"); the walk
// itself is not rounded. Throws for n < 1, start <= 0, vol < 0.
Series randomWalk(int n, double start, double drift, double vol, std::uint64_t seed);

// Memory task: input_t i.i.d. uniform in [-1, 1] (4 decimals), target_t = input_{t-lag}
// (target_t = 0 for t < lag). A model must carry each input `lag` steps to predict
// the target from inputs alone. Throws for n < 1, lag < 0.
Series echo(int n, int lag, std::uint64_t seed);

// Bytes a generated series of n rows x `columns` value columns holds in memory (values,
// times, line numbers, per-row time texts) and about how long its CSV is: what the CLI
// checks before it generates anything.
double generatedSeriesBytes(long long n, int columns);
double generatedCsvBytes(long long n, int columns);

// All three: columns "value" (sine, random walk) or "input","target" (echo), a time
// column "t" = 0..n-1 (TimeKind::Index), source "generated:<name>".

// CSV with a header (the time column first when Series::timeName is set, then the
// value columns), numbers in shortest round-trip form, NaN as an empty cell. Written
// atomically (io/atomic_file.h); throws FileWriteError naming the path and the OS reason.
// `progress`, when given, is called with the rows written so far after every 64K rows;
// returning false stops the write (WriteStopped) and leaves PATH as it was: a series
// cut short would read back as a complete one.
struct WriteStopped : std::runtime_error {
    WriteStopped() : std::runtime_error("writing stopped") {}
};
void writeCsv(const Series &series, const std::string &path, const std::function<bool(int rows)> &progress = {});

} // namespace rnnlab
