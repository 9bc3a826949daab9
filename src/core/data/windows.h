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
// LogDifference: log x_r - log x_{r-1}; SeasonalDifference: x_r - x_{r-m} and
// LogSeasonalDifference: log x_r - log x_{r-m}, m the seasonal period. Rows keep their
// Series index; the first 1 (or m) rows of a differencing transform have no value, so
// every window starts at row >= firstTransformedRow().
// Predictions are turned back into levels by toLevels() (forecast.h).
enum class Transform { None, Log, Difference, LogDifference, SeasonalDifference, LogSeasonalDifference };
const char *toString(Transform t);                   // "none", "log", "diff", "logdiff", "sdiff", "logsdiff"
Transform transformFromString(const std::string &s); // throws std::invalid_argument
bool isSeasonal(Transform t);                        // sdiff, logsdiff
bool usesLog(Transform t);                           // log, logdiff, logsdiff
// The first row that has a transformed value: 1 for diff/logdiff, m (`period`) for the
// seasonal ones, else 0.
int firstTransformedRow(Transform t, int period = 0);

// The transformed column `column` of `series`, one value per row; the rows before
// firstTransformedRow(t, period) hold 0 (they have no value and must never be read).
// Throws std::invalid_argument naming the file, line, column and value when a log
// transform meets a value <= 0, and when a seasonal transform has no period >= 2.
Eigen::VectorXd transformColumn(const Series &series, int column, Transform t, int period = 0);

// Per-window level normalisation (as ES-RNN and DeepAR): Last subtracts each window's
// last (normalised, transformed) target value from the window's target input and from
// its targets, so the network sees the shape of the window, not its level; the level
// is added back to every prediction (addWindowLevels, closedLoopForecast). Needs the
// target among the inputs.
enum class WindowNorm { None, Last };
const char *toString(WindowNorm n);                    // "none", "last"
WindowNorm windowNormFromString(const std::string &s); // throws std::invalid_argument

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
    int seasonalPeriod = 0; // m of sdiff/logsdiff; 0: detected from the training rows of the target
    WindowNorm windowNorm = WindowNorm::None;
};

struct Windows {
    int lookback = 0, horizon = 1, stride = 1;
    int targetColumn = 0;                 // index into Series::columns
    std::vector<int> inputColumns;        // indices into Series::columns
    Transform transform = Transform::None; // applied before normalisation (inputs and target)
    int seasonalPeriod = 0;               // m of a seasonal transform (0 for the others)
    WindowNorm windowNorm = WindowNorm::None;
    Eigen::MatrixXf inputs;               // features x rows, transformed then normalised; column r is row r
    Eigen::VectorXf target;               // rows, transformed then normalised target
    Eigen::VectorXd targetLevels;         // rows, the target column in original units
    std::vector<Normalizer> inputNorms;   // one per input column
    Normalizer targetNorm;
    int trainEnd = 0, valEnd = 0, rows = 0; // rows [0,trainEnd) train, [trainEnd,valEnd) val, [valEnd,rows) test
    std::vector<int> train, val, test;    // window starts; a window belongs to the split of row i+L
                                          // (starts are >= firstRow())
    int features() const { return (int)inputs.rows(); }
    int firstRow() const { return firstTransformedRow(transform, seasonalPeriod); }
    int targetFeature() const; // index of the target in inputColumns, -1 when it is not an input
};

// Throws std::invalid_argument with a clear message (unknown column, lookback too
// long for the data, fractions not summing to 1, no training window, a log of a
// value <= 0...). The normalisers are fitted on the transformed training rows
// [firstRow, trainEnd).
Windows makeWindows(const Series &series, const DataConfig &config);

// requires: every start is a valid window start.
// ensures: X is features x (L*B) with column t*B + b = inputs of sample b at step t;
//          Y is H x B with the normalised targets (with WindowNorm::Last, both the
//          target input and Y less the window's last target value).
void gatherBatch(const Windows &w, std::span<const int> starts, Eigen::MatrixXf &X, Eigen::MatrixXf &Y);
// Undoes the window level of WindowNorm::Last on the model's outputs (H x starts):
// column n += the normalised target of row starts[n]+L-1. No-op for WindowNorm::None.
void addWindowLevels(const Windows &w, std::span<const int> starts, Eigen::MatrixXf &predNorm);

// Normalisation and data settings to and from the model file's "data" key.
nlohmann::json toJson(const DataConfig &config, const Windows &w);
// fromJson restores the config, the transform and the norms only; a file without a
// "transform" key (older files) means none.
void fromJson(const nlohmann::json &j, DataConfig &config, Windows &w);

} // namespace rnnlab
