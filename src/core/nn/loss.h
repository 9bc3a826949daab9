// Regression losses with PyTorch's definitions: the mean over batch and outputs.
//   mse   = mean((y - t)^2)                         (F.mse_loss)
//   mae   = mean(|y - t|), gradient sign(y - t)/N   (F.l1_loss; sign(0) = 0)
//   huber = mean(0.5 e^2 if |e| < 1 else |e| - 0.5) (F.huber_loss, delta 1)
#pragma once
#include "nn/tensor.h"

#include <string>

namespace rnnlab {

enum class LossKind { Mse, Mae, Huber };
const char *toString(LossKind k);
LossKind lossFromString(const std::string &s); // throws std::invalid_argument

// Returns the loss; writes dLoss/dY into dY (same shape as Y).
template <class S>
double computeLoss(LossKind kind, const Eigen::Ref<const Mat<S>> &Y, const Eigen::Ref<const Mat<S>> &T,
                   Mat<S> &dY);
// The loss only.
template <class S>
double lossValue(LossKind kind, const Eigen::Ref<const Mat<S>> &Y, const Eigen::Ref<const Mat<S>> &T);

} // namespace rnnlab
