// MAE, RMSE, MAPE, sMAPE and MASE over H x N prediction/actual matrices.
#include "forecasting/metrics.h"

#include "forecasting/baselines.h"

#include <cmath>

namespace rnnlab {

namespace {

constexpr double kZero = 1e-12;

Metrics metricsOf(const Eigen::Ref<const Eigen::MatrixXd> &pred, const Eigen::Ref<const Eigen::MatrixXd> &actual,
    std::optional<double> scale)
{
    Metrics m;
    const Eigen::ArrayXXd e = pred.array() - actual.array();
    const double count = (double)e.size();
    m.mae = e.abs().sum() / count;
    m.rmse = std::sqrt(e.square().sum() / count);
    if ((actual.array().abs() < kZero).any()) {
        m.note = "MAPE skipped: an actual value is 0";
    } else {
        m.mape = 100.0 * (e.abs() / actual.array().abs()).sum() / count;
    }
    const Eigen::ArrayXXd denom = actual.array().abs() + pred.array().abs();
    m.smape = 200.0 * (denom < kZero).select(0.0, e.abs() / denom.max(kZero)).sum() / count;
    if (!scale) {
        m.note += std::string(m.note.empty() ? "" : "; ") + "MASE skipped: no naive scale";
    } else if (!(*scale > kZero)) {
        m.note += std::string(m.note.empty() ? "" : "; ") + "MASE skipped: the training rows are constant";
    } else {
        m.mase = m.mae / *scale;
    }
    return m;
}

} // namespace

MetricsReport computeMetrics(
    const Eigen::MatrixXd &pred, const Eigen::MatrixXd &actual, std::optional<double> naiveScale)
{
    if (pred.rows() != actual.rows() || pred.cols() != actual.cols()) {
        throw std::invalid_argument("metrics: predictions are " + std::to_string(pred.rows()) + " x "
            + std::to_string(pred.cols()) + " but actuals are " + std::to_string(actual.rows()) + " x "
            + std::to_string(actual.cols()));
    }
    if (pred.size() == 0) {
        throw std::invalid_argument("metrics: no windows to evaluate");
    }
    if (!pred.allFinite() || !actual.allFinite()) {
        throw std::invalid_argument(std::string("metrics: the ") + (pred.allFinite() ? "actuals" : "predictions")
            + " contain a non-finite value");
    }
    MetricsReport r;
    r.overall = metricsOf(pred, actual, naiveScale);
    for (Eigen::Index h = 0; h < pred.rows(); ++h) {
        r.perStep.push_back(metricsOf(pred.row(h), actual.row(h), naiveScale));
    }
    return r;
}

std::optional<double> naiveScale(const Series &series, const Windows &w)
{
    const TargetView y = targetValues(series, w);
    if (w.trainEnd < 2) {
        return std::nullopt;
    }
    const int n = w.trainEnd - 1;
    return (y.segment(1, n) - y.segment(0, n)).cwiseAbs().sum() / n;
}

Eigen::MatrixXd actualsMatrix(const Series &series, const Windows &w, std::span<const int> starts)
{
    const TargetView y = targetValues(series, w);
    Eigen::MatrixXd a(w.horizon, (Eigen::Index)starts.size());
    for (int n = 0; n < (int)starts.size(); ++n) {
        const int i = starts[n];
        if (i < 0 || i + w.lookback + w.horizon > w.rows) {
            throw std::invalid_argument(
                "window start " + std::to_string(i) + " is outside the series of " + std::to_string(w.rows) + " rows");
        }
        a.col(n) = y.segment(i + w.lookback, w.horizon);
    }
    return a;
}

} // namespace rnnlab
