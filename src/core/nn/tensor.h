// Eigen aliases the whole engine speaks. Column-major everywhere: one column per
// sample, and a sequence of T steps for a batch of B is one matrix whose column
// t*B + b is sample b at step t, so the B columns of one step are contiguous.
#pragma once
#include <Eigen/Core>

namespace rnnlab {

template <class S> using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
template <class S> using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
template <class S> using MatMap = Eigen::Map<Mat<S>>;
template <class S> using VecMap = Eigen::Map<Vec<S>>;

} // namespace rnnlab
