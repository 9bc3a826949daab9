// Open-loop batched prediction and closed-loop (recursive) forecasting.
#include "forecasting/forecast.h"

#include <algorithm>
#include <cmath>

namespace rnnlab {

namespace {

void checkModel(const Model<float> &model, const Windows &w)
{
    if (model.inputSize() != w.features()) {
        throw std::invalid_argument("the model reads " + std::to_string(model.inputSize())
            + " input features but the data has " + std::to_string(w.features()));
    }
    if (model.horizon() != w.horizon) {
        throw std::invalid_argument("the model predicts " + std::to_string(model.horizon())
            + " steps but the data's horizon is " + std::to_string(w.horizon));
    }
}

std::string columnName(const std::vector<std::string> &names, int c)
{
    return c >= 0 && c < (int)names.size() ? names[c] : "column " + std::to_string(c);
}

} // namespace

std::vector<double> toLevels(const Windows &w, int origin, std::span<const float> predNorm)
{
    std::vector<double> z(predNorm.size());
    for (std::size_t h = 0; h < predNorm.size(); ++h) {
        z[h] = w.targetNorm.invert(double(predNorm[h]));
    }
    return levelsFromTransformed(w, origin, z);
}

std::vector<double> levelsFromTransformed(const Windows &w, int origin, std::span<const double> transformed)
{
    // How many rows before the origin the inverse reads: 1 for diff/logdiff, m for the seasonal ones.
    const int back = isSeasonal(w.transform) ? w.seasonalPeriod : w.firstRow();
    if (back > 0 && (origin < back || origin > w.rows || origin > (int)w.targetLevels.size())) {
        throw std::invalid_argument("a " + std::string(toString(w.transform)) + " forecast from row "
            + std::to_string(origin) + " needs the level" + (back == 1 ? " of the row" : "s of the " + std::to_string(back) + " rows")
            + " before it; the series has " + std::to_string(w.targetLevels.size()) + " rows");
    }
    const bool logged = usesLog(w.transform);
    std::vector<double> out(transformed.size());
    // The running level, in log units for LogDifference.
    double level = 0.0;
    if (w.transform == Transform::Difference) {
        level = w.targetLevels[origin - 1];
    } else if (w.transform == Transform::LogDifference) {
        level = std::log(w.targetLevels[origin - 1]);
    }
    // A seasonal difference adds the level m rows back: a true one before the origin,
    // else one already forecast (in log units for logsdiff, so out holds logs until the end).
    auto seasonBack = [&](std::size_t h) {
        const int r = origin + int(h) - w.seasonalPeriod;
        if (r < origin) {
            return logged ? std::log(w.targetLevels[r]) : w.targetLevels[r];
        }
        return out[std::size_t(r - origin)];
    };
    for (std::size_t h = 0; h < transformed.size(); ++h) {
        const double z = transformed[h];
        switch (w.transform) {
        case Transform::None:
            out[h] = z;
            break;
        case Transform::Log:
            out[h] = std::exp(z);
            break;
        case Transform::Difference:
            level += z;
            out[h] = level;
            break;
        case Transform::LogDifference:
            level += z;
            out[h] = std::exp(level);
            break;
        case Transform::SeasonalDifference:
        case Transform::LogSeasonalDifference:
            out[h] = z + seasonBack(h);
            break;
        }
    }
    if (w.transform == Transform::LogSeasonalDifference) {
        for (double &v : out) {
            v = std::exp(v);
        }
    }
    return out;
}

Eigen::MatrixXd toLevels(const Windows &w, std::span<const int> starts, const Eigen::MatrixXf &predNorm)
{
    if (predNorm.cols() != (Eigen::Index)starts.size()) {
        throw std::invalid_argument("toLevels: " + std::to_string(predNorm.cols()) + " prediction columns for "
            + std::to_string(starts.size()) + " windows");
    }
    const int H = (int)predNorm.rows();
    Eigen::MatrixXd out(H, predNorm.cols());
    std::vector<float> column(H);
    for (Eigen::Index n = 0; n < predNorm.cols(); ++n) {
        Eigen::Map<Eigen::VectorXf>(column.data(), H) = predNorm.col(n);
        const std::vector<double> levels = toLevels(w, starts[n] + w.lookback, column);
        out.col(n) = Eigen::Map<const Eigen::VectorXd>(levels.data(), H);
    }
    return out;
}

Eigen::MatrixXd openLoopPredict(Model<float> &model, const Windows &w, std::span<const int> starts, int batchSize,
                                const std::function<bool(int windows)> &progress)
{
    checkModel(model, w);
    const int N = (int)starts.size();
    batchSize = std::max(1, batchSize);
    Eigen::MatrixXf predNorm(w.horizon, N);
    Eigen::MatrixXf X, Y;
    for (int first = 0; first < N; first += batchSize) {
        const int B = std::min(batchSize, N - first);
        gatherBatch(w, starts.subspan(first, B), X, Y);
        predNorm.middleCols(first, B) = model.forward(X, w.lookback, B);
        if (progress && !progress(first + B)) {
            throw ForecastStopped();
        }
    }
    addWindowLevels(w, starts, predNorm);
    return toLevels(w, starts, predNorm);
}

double forecastBytes(long long steps, int lookback, int horizon)
{
    // float window + double levels + (open loop) H floats and H doubles per step
    return double(steps) * (4.0 + 8.0 + 12.0 * horizon) + double(lookback + horizon) * 4.0;
}

std::vector<double> closedLoopForecast(
    Model<float> &model, const Windows &w, int origin, int steps, const std::vector<std::string> &columnNames,
    std::string *note, const std::function<bool(int steps)> &progress)
{
    checkModel(model, w);
    const int L = w.lookback, H = w.horizon;
    // A differenced row 0 has no value, so the first window may start at row 1 only.
    const int lowest = L + w.firstRow();
    if (origin < lowest || origin > w.rows) {
        throw std::invalid_argument("closed-loop origin " + std::to_string(origin) + " must be between "
            + std::to_string(lowest) + " (the lookback"
            + (w.firstRow() > 0 ? " + " + std::to_string(w.firstRow()) + " row" + (w.firstRow() == 1 ? "" : "s")
                    + " lost to the " + std::string(toString(w.transform)) + " transform"
                                : std::string())
            + ") and the number of rows " + std::to_string(w.rows));
    }
    if (steps < 0) {
        throw std::invalid_argument("closed-loop steps must be >= 0 (got " + std::to_string(steps) + ")");
    }
    // Only the target can be fed back; other inputs (a calendar, a planned promotion,
    // a measured covariate) are read from the rows the file has past the origin.
    int targetFeature = -1;
    std::string others;
    for (std::size_t k = 0; k < w.inputColumns.size(); ++k) {
        if (w.inputColumns[k] == w.targetColumn) {
            targetFeature = int(k);
        } else {
            others += (others.empty() ? "" : ", ") + columnName(columnNames, w.inputColumns[k]);
        }
    }
    int n = steps;
    if (!others.empty()) {
        const int known = w.rows - origin;
        if (known <= 0) {
            throw std::invalid_argument("closed-loop forecast needs future values of the input columns " + others
                + ", and the file has none past the origin (row " + std::to_string(origin)
                + "); choose an earlier origin, or use the open-loop forecast");
        }
        n = std::min(steps, known);
        if (note) {
            *note = "the inputs " + others + " are read from the file's rows past the origin"
                + (n < steps ? "; they end after " + std::to_string(n) + " of the " + std::to_string(steps)
                          + " steps asked, so the forecast stops there"
                             : std::string());
        }
    } else if (note) {
        note->clear();
    }
    const int F = w.features();
    // Normalised, transformed target history: the true window, then the model's own predictions.
    std::vector<float> buffer(w.target.data() + origin - L, w.target.data() + origin);
    buffer.reserve(std::size_t(L + n + H));
    Mat<float> X(F, L);
    while ((int)buffer.size() < L + n) {
        const int from = int(buffer.size()) - L; // steps made so far
        for (int t = 0; t < L; ++t) {
            const int row = origin - L + from + t;
            if (F > 1 || targetFeature < 0) {
                X.col(t) = w.inputs.col(row);
            }
            if (targetFeature >= 0) {
                const double v = row < origin ? double(w.inputs(targetFeature, row))
                                              : w.inputNorms[std::size_t(targetFeature)].apply(
                                                    w.targetNorm.invert(buffer[std::size_t(from + t)]));
                X(targetFeature, t) = float(v);
            }
        }
        // Window normalisation: the window less its last target value in, that value back on the way out.
        float level = 0.0f;
        if (w.windowNorm == WindowNorm::Last && targetFeature >= 0) {
            const float x = X(targetFeature, L - 1);
            X.row(targetFeature).array() -= x;
            level = buffer[std::size_t(from + L - 1)];
        }
        const Mat<float> &pred = model.forward(X, L, 1);
        for (int h = 0; h < H && (int)buffer.size() < L + n; ++h) {
            buffer.push_back(pred(h, 0) + level);
        }
        if (progress && !progress(int(buffer.size()) - L)) {
            throw ForecastStopped();
        }
    }
    return toLevels(w, origin, std::span<const float>(buffer).subspan(L));
}

} // namespace rnnlab
