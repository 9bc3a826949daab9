// Open-loop batched prediction and closed-loop (recursive) forecasting.
#include "forecast.h"

#include <algorithm>

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

Eigen::MatrixXd openLoopPredict(Model<float> &model, const Windows &w, std::span<const int> starts, int batchSize)
{
    checkModel(model, w);
    const int N = (int)starts.size();
    batchSize = std::max(1, batchSize);
    Eigen::MatrixXd out(w.horizon, N);
    Eigen::MatrixXf X, Y;
    for (int first = 0; first < N; first += batchSize) {
        const int B = std::min(batchSize, N - first);
        gatherBatch(w, starts.subspan(first, B), X, Y);
        const Mat<float> &pred = model.forward(X, w.lookback, B);
        out.middleCols(first, B) = (pred.cast<double>().array() * w.targetNorm.scale + w.targetNorm.offset).matrix();
    }
    return out;
}

std::vector<double> closedLoopForecast(
    Model<float> &model, const Windows &w, int origin, int steps, const std::vector<std::string> &columnNames)
{
    checkModel(model, w);
    const bool univariate = w.inputColumns.size() == 1 && w.inputColumns[0] == w.targetColumn;
    if (!univariate) {
        std::string others;
        for (int c : w.inputColumns) {
            if (c != w.targetColumn) {
                others += (others.empty() ? "" : ", ") + columnName(columnNames, c);
            }
        }
        throw std::invalid_argument("closed-loop forecast needs future values of input columns " + others
            + "; only the target " + columnName(columnNames, w.targetColumn)
            + " can be fed back, so use the open-loop forecast for this model");
    }
    const int L = w.lookback, H = w.horizon;
    if (origin < L || origin > w.rows) {
        throw std::invalid_argument("closed-loop origin " + std::to_string(origin) + " must be between the lookback "
            + std::to_string(L) + " and the number of rows " + std::to_string(w.rows));
    }
    if (steps < 0) {
        throw std::invalid_argument("closed-loop steps must be >= 0 (got " + std::to_string(steps) + ")");
    }
    // Normalised history: the true window, then the model's own predictions.
    std::vector<float> buffer(w.target.data() + origin - L, w.target.data() + origin);
    buffer.reserve(L + steps + H);
    std::vector<double> out;
    out.reserve(steps);
    Mat<float> X(1, L);
    while ((int)out.size() < steps) {
        const std::size_t from = buffer.size() - L;
        for (int t = 0; t < L; ++t) {
            X(0, t) = buffer[from + t];
        }
        const Mat<float> &pred = model.forward(X, L, 1);
        for (int h = 0; h < H && (int)out.size() < steps; ++h) {
            buffer.push_back(pred(h, 0));
            out.push_back(w.targetNorm.invert(pred(h, 0)));
        }
    }
    return out;
}

} // namespace rnnlab
