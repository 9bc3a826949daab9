// Bounded Nelder-Mead (Lagarias et al. 1998 coefficients: reflect 1, expand 2,
// contract 1/2, shrink 1/2), with projection onto the box and restarts.
#include "forecasting/nelder_mead.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace rnnlab {

NelderMeadResult nelderMead(const std::function<double(const Eigen::VectorXd &)> &f, const Eigen::VectorXd &x0,
                            const Eigen::VectorXd &lower, const Eigen::VectorXd &upper,
                            const NelderMeadOptions &options)
{
    const Eigen::Index n = x0.size();
    if (n < 1 || lower.size() != n || upper.size() != n) {
        throw std::invalid_argument("nelderMead: x0, lower and upper must have one size >= 1");
    }
    if ((x0.array() < lower.array()).any() || (x0.array() > upper.array()).any()) {
        throw std::invalid_argument("nelderMead: x0 is outside the bounds");
    }
    NelderMeadResult best{x0, 0.0, 0};
    auto eval = [&](const Eigen::VectorXd &x) {
        ++best.evaluations;
        const double v = f(x);
        // NaN would break every comparison below; treat it as inadmissible.
        return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
    };
    auto project = [&](const Eigen::VectorXd &x) -> Eigen::VectorXd { return x.cwiseMax(lower).cwiseMin(upper); };
    best.f = eval(x0);

    std::vector<Eigen::VectorXd> pts(n + 1);
    std::vector<double> fv(n + 1);
    std::vector<int> order(n + 1);
    for (int round = 0; round <= options.restarts; ++round) {
        pts[0] = best.x;
        fv[0] = best.f;
        for (Eigen::Index k = 0; k < n; ++k) {
            Eigen::VectorXd p = best.x;
            const double step = options.steps.size() == n ? options.steps[k] : options.initialStep * (upper[k] - lower[k]);
            // Step toward the roomier side so the vertex differs from x after projection.
            p[k] += (upper[k] - p[k] >= p[k] - lower[k]) ? step : -step;
            pts[k + 1] = project(p);
            fv[k + 1] = eval(pts[k + 1]);
        }
        while (best.evaluations < options.maxEvaluations) {
            std::iota(order.begin(), order.end(), 0);
            std::sort(order.begin(), order.end(), [&](int a, int b) { return fv[a] < fv[b]; });
            const int lo = order[0], hi = order[n], second = order[n - 1];
            const double spread = fv[hi] - fv[lo];
            if (std::isfinite(fv[hi]) && spread <= options.relativeTolerance * (std::abs(fv[lo]) + 1e-12)) {
                break;
            }
            Eigen::VectorXd centroid = Eigen::VectorXd::Zero(n);
            for (int k = 0; k <= n; ++k) {
                if (k != hi) {
                    centroid += pts[k];
                }
            }
            centroid /= double(n);
            const Eigen::VectorXd xr = project(centroid + (centroid - pts[hi]));
            const double fr = eval(xr);
            if (fr < fv[lo]) {
                const Eigen::VectorXd xe = project(centroid + 2.0 * (centroid - pts[hi]));
                const double fe = eval(xe);
                if (fe < fr) {
                    pts[hi] = xe;
                    fv[hi] = fe;
                } else {
                    pts[hi] = xr;
                    fv[hi] = fr;
                }
                continue;
            }
            if (fr < fv[second]) {
                pts[hi] = xr;
                fv[hi] = fr;
                continue;
            }
            // Contract outside (toward the reflected point) or inside (toward the worst).
            const bool outside = fr < fv[hi];
            const Eigen::VectorXd xc = outside ? Eigen::VectorXd(centroid + 0.5 * (xr - centroid))
                                               : Eigen::VectorXd(centroid + 0.5 * (pts[hi] - centroid));
            const double fc = eval(xc);
            if (fc < (outside ? fr : fv[hi])) {
                pts[hi] = xc;
                fv[hi] = fc;
                continue;
            }
            for (int k = 0; k <= n; ++k) {
                if (k != lo) {
                    pts[k] = pts[lo] + 0.5 * (pts[k] - pts[lo]);
                    fv[k] = eval(pts[k]);
                }
            }
        }
        const int lo = int(std::min_element(fv.begin(), fv.end()) - fv.begin());
        const bool improved = fv[lo] < best.f - options.relativeTolerance * (std::abs(best.f) + 1e-12);
        if (fv[lo] < best.f) {
            best.x = pts[lo];
            best.f = fv[lo];
        }
        if ((round > 0 && !improved) || best.evaluations >= options.maxEvaluations) {
            break;
        }
    }
    return best;
}

} // namespace rnnlab
