// Nelder-Mead simplex minimisation inside a box (lower <= x <= upper), derivative-free,
// for the small likelihood fits of the classical forecasters (ETS, Theta). Not a
// general optimiser: no constraints beyond the box, no gradients, a few dozen dimensions.
#pragma once
#include <Eigen/Core>

#include <functional>

namespace rnnlab {

struct NelderMeadOptions {
    int maxEvaluations = 20000;
    double relativeTolerance = 1e-10; // stop when the simplex's f spread is below this * (|f_best| + 1e-12)
    double initialStep = 0.1;         // first simplex: x0 + step * (upper - lower) along each axis
    int restarts = 2;                 // rebuild the simplex around the best point, which escapes a collapsed simplex
    Eigen::VectorXd steps;            // per-axis first-simplex steps; empty: initialStep * (upper - lower)
};

struct NelderMeadResult {
    Eigen::VectorXd x;
    double f = 0.0;
    int evaluations = 0;
};

// Minimises f over the box. Points the simplex moves outside the box are projected onto
// it, so f is only ever called inside. f may return +inf for an inadmissible point.
// requires: x0, lower, upper of one size n >= 1, lower <= x0 <= upper (else std::invalid_argument).
NelderMeadResult nelderMead(const std::function<double(const Eigen::VectorXd &)> &f, const Eigen::VectorXd &x0,
                            const Eigen::VectorXd &lower, const Eigen::VectorXd &upper,
                            const NelderMeadOptions &options = {});

} // namespace rnnlab
