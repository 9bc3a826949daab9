// Sliding windows over a series, a chronological split and normalisation fitted on
// the training rows only. Windows are start indices into the normalised series, not
// copies: sample i has inputs rows [i, i+L) and targets rows [i+L, i+L+H).
#pragma once
#include "series.h"

#include <nlohmann/json_fwd.hpp>

#include <span>
#include <string>
#include <vector>

namespace rnnlab {

enum class Normalization { ZScore, MinMax, None };
const char *toString(Normalization n);
Normalization normalizationFromString(const std::string &s); // throws std::invalid_argument

// x' = (x - offset) / scale per column; scale is never 0 (a constant column gets 1).
struct Normalizer {
    Normalization kind = Normalization::None;
    double offset = 0.0;
    double scale = 1.0;
    double apply(double x) const { return (x - offset) / scale; }
    double invert(double x) const { return x * scale + offset; }
};

struct DataConfig {
    std::string target;              // column name; empty: the first value column
    std::vector<std::string> inputs; // in order; empty: just the target
    MissingPolicy missing = MissingPolicy::Reject;
    int lookback = 12;
    int horizon = 1;
    int stride = 1;
    double trainFraction = 0.7, valFraction = 0.15, testFraction = 0.15;
    Normalization normalization = Normalization::ZScore;
};

struct Windows {
    int lookback = 0, horizon = 1, stride = 1;
    int targetColumn = 0;                 // index into Series::columns
    std::vector<int> inputColumns;        // indices into Series::columns
    Eigen::MatrixXf inputs;               // features x rows, normalised; column r is row r
    Eigen::VectorXf target;               // rows, normalised target
    std::vector<Normalizer> inputNorms;   // one per input column
    Normalizer targetNorm;
    int trainEnd = 0, valEnd = 0, rows = 0; // rows [0,trainEnd) train, [trainEnd,valEnd) val, [valEnd,rows) test
    std::vector<int> train, val, test;    // window starts; a window belongs to the split of row i+L
    int features() const { return (int)inputs.rows(); }
};

// Throws std::invalid_argument with a clear message (unknown column, lookback too
// long for the data, fractions not summing to 1, no training window...).
Windows makeWindows(const Series &series, const DataConfig &config);

// requires: every start is a valid window start.
// ensures: X is features x (L*B) with column t*B + b = inputs of sample b at step t;
//          Y is H x B with the normalised targets.
void gatherBatch(const Windows &w, std::span<const int> starts, Eigen::MatrixXf &X, Eigen::MatrixXf &Y);

// Normalisation and data settings to and from the model file's "data" key.
nlohmann::json toJson(const DataConfig &config, const Windows &w);
void fromJson(const nlohmann::json &j, DataConfig &config, Windows &w); // restores config + norms only

} // namespace rnnlab
