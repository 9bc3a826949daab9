// Sliding windows over a series, a chronological split and normalisation fitted on
// the training rows only. Windows are start indices into the normalised series, not
// copies: sample i has inputs rows [i, i+L) and targets rows [i+L, i+L+H). An
// optional transform (log, difference) is applied to every used column first.
#pragma once
#include "data/series.h"

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

// Applied to the target and every input column before normalisation, so trending
// series become stationary: Log: log x_r; Difference: x_r - x_{r-1};
// LogDifference: log x_r - log x_{r-1}. Rows keep their Series index; a differenced
// row 0 has no value, so with a differencing transform every window starts at row >= 1.
// Predictions are turned back into levels by toLevels() (forecast.h).
enum class Transform { None, Log, Difference, LogDifference };
const char *toString(Transform t);                   // "none", "log", "diff", "logdiff"
Transform transformFromString(const std::string &s); // throws std::invalid_argument
// The first row that has a transformed value: 1 for the differencing transforms, else 0.
int firstTransformedRow(Transform t);

// The transformed column `column` of `series`, one value per row; row 0 of a
// differencing transform holds 0 (it has no value and must never be read).
// Throws std::invalid_argument naming the file, line, column and value when a log
// transform meets a value <= 0.
Eigen::VectorXd transformColumn(const Series &series, int column, Transform t);

struct DataConfig {
    std::string target;              // column name; empty: the first value column
    std::vector<std::string> inputs; // in order; empty: just the target
    MissingPolicy missing = MissingPolicy::Reject;
    int lookback = 12;
    int horizon = 1;
    int stride = 1;
    double trainFraction = 0.7, valFraction = 0.15, testFraction = 0.15;
    Normalization normalization = Normalization::ZScore;
    Transform transform = Transform::None;
};

struct Windows {
    int lookback = 0, horizon = 1, stride = 1;
    int targetColumn = 0;                 // index into Series::columns
    std::vector<int> inputColumns;        // indices into Series::columns
    Transform transform = Transform::None; // applied before normalisation (inputs and target)
    Eigen::MatrixXf inputs;               // features x rows, transformed then normalised; column r is row r
    Eigen::VectorXf target;               // rows, transformed then normalised target
    Eigen::VectorXd targetLevels;         // rows, the target column in original units
    std::vector<Normalizer> inputNorms;   // one per input column
    Normalizer targetNorm;
    int trainEnd = 0, valEnd = 0, rows = 0; // rows [0,trainEnd) train, [trainEnd,valEnd) val, [valEnd,rows) test
    std::vector<int> train, val, test;    // window starts; a window belongs to the split of row i+L
                                          // (starts are >= firstRow())
    int features() const { return (int)inputs.rows(); }
    int firstRow() const { return firstTransformedRow(transform); }
};

// Throws std::invalid_argument with a clear message (unknown column, lookback too
// long for the data, fractions not summing to 1, no training window, a log of a
// value <= 0...). The normalisers are fitted on the transformed training rows
// [firstRow, trainEnd).
Windows makeWindows(const Series &series, const DataConfig &config);

// requires: every start is a valid window start.
// ensures: X is features x (L*B) with column t*B + b = inputs of sample b at step t;
//          Y is H x B with the normalised targets.
void gatherBatch(const Windows &w, std::span<const int> starts, Eigen::MatrixXf &X, Eigen::MatrixXf &Y);

// Normalisation and data settings to and from the model file's "data" key.
nlohmann::json toJson(const DataConfig &config, const Windows &w);
// fromJson restores the config, the transform and the norms only; a file without a
// "transform" key (older files) means none.
void fromJson(const nlohmann::json &j, DataConfig &config, Windows &w);

} // namespace rnnlab
