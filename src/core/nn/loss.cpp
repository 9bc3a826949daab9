// Losses and their gradients, means over every element like PyTorch's defaults.
#include "nn/loss.h"

#include <stdexcept>

namespace rnnlab {

const char *toString(LossKind k)
{
    switch (k) {
    case LossKind::Mse: return "mse";
    case LossKind::Mae: return "mae";
    case LossKind::Huber: return "huber";
    }
    return "?";
}

LossKind lossFromString(const std::string &s)
{
    if (s == "mse") return LossKind::Mse;
    if (s == "mae") return LossKind::Mae;
    if (s == "huber") return LossKind::Huber;
    throw std::invalid_argument("unknown loss \"" + s + "\" (expected mse, mae or huber)");
}

template <class S>
double computeLoss(LossKind kind, const Eigen::Ref<const Mat<S>> &Y, const Eigen::Ref<const Mat<S>> &T, Mat<S> &dY)
{
    const double n = double(Y.size());
    dY.resize(Y.rows(), Y.cols());
    const auto e = (Y - T).array();
    switch (kind) {
    case LossKind::Mse:
        dY.array() = e * S(2.0 / n);
        return double(e.template cast<double>().square().sum()) / n;
    case LossKind::Mae:
        dY.array() = e.sign() * S(1.0 / n);
        return double(e.template cast<double>().abs().sum()) / n;
    case LossKind::Huber: {
        dY.array() = e.max(S(-1)).min(S(1)) * S(1.0 / n); // clamp(e, -delta, delta)
        const auto a = e.template cast<double>().abs();
        return (a < 1.0).select(0.5 * a.square(), a - 0.5).sum() / n;
    }
    }
    return 0.0;
}

template <class S>
double lossValue(LossKind kind, const Eigen::Ref<const Mat<S>> &Y, const Eigen::Ref<const Mat<S>> &T)
{
    Mat<S> dY;
    return computeLoss<S>(kind, Y, T, dY);
}

template double computeLoss<float>(LossKind, const Eigen::Ref<const Mat<float>> &, const Eigen::Ref<const Mat<float>> &,
                                   Mat<float> &);
template double computeLoss<double>(LossKind, const Eigen::Ref<const Mat<double>> &,
                                    const Eigen::Ref<const Mat<double>> &, Mat<double> &);
template double lossValue<float>(LossKind, const Eigen::Ref<const Mat<float>> &, const Eigen::Ref<const Mat<float>> &);
template double lossValue<double>(LossKind, const Eigen::Ref<const Mat<double>> &,
                                  const Eigen::Ref<const Mat<double>> &);

} // namespace rnnlab
