// Naive, seasonal naive, drift and AR(p) forecasts over window starts, and the
// seasonal-period detector that picks m for seasonal naive.
#include "forecasting/baselines.h"

#include "forecasting/ets.h"
#include "forecasting/theta.h"

#include <unsupported/Eigen/FFT>

#include <complex>

#include <Eigen/QR>

#include <algorithm>
#include <cmath>

namespace rnnlab {

TargetView targetValues(const Series &series, const Windows &w)
{
    if (series.rows() != w.rows || w.targetColumn < 0 || w.targetColumn >= series.values.cols()) {
        throw std::invalid_argument("the series has " + std::to_string(series.rows()) + " rows but the windows "
            + std::to_string(w.rows) + ": pass the series after the missing-value policy");
    }
    // series.values is column-major: a column is contiguous.
    const TargetView y(series.values.col(w.targetColumn).data(), series.values.rows());
    for (int r = 0; r < (int)y.size(); ++r) {
        if (!std::isfinite(y[r])) {
            throw std::invalid_argument(
                "target row " + std::to_string(r) + " is not finite: pass the series after the missing-value policy");
        }
    }
    return y;
}

std::vector<double> autocorrelation(std::span<const double> y, int maxLag)
{
    const int n = (int)y.size();
    std::vector<double> r(std::max(0, maxLag + 1), 0.0);
    if (n == 0 || maxLag < 0) {
        return r;
    }
    double mean = 0.0;
    for (double v : y) {
        mean += v;
    }
    mean /= n;
    double c0 = 0.0;
    for (double v : y) {
        c0 += (v - mean) * (v - mean);
    }
    if (c0 <= 0.0) {
        return r;
    }
    if ((double)n * (double)std::min(maxLag + 1, n) > 2e7) {
        // Long series: all lags at once through the power spectrum (Wiener-Khinchin),
        // O(n log n) instead of O(n * maxLag), zero-padded so lags do not wrap around.
        std::size_t m = 1;
        while (m < 2 * (std::size_t)n) {
            m *= 2;
        }
        std::vector<double> x(m, 0.0);
        for (int t = 0; t < n; ++t) {
            x[t] = y[t] - mean;
        }
        Eigen::FFT<double> fft;
        std::vector<std::complex<double>> X;
        fft.fwd(X, x);
        for (std::complex<double> &v : X) {
            v = std::norm(v);
        }
        std::vector<double> ac;
        fft.inv(ac, X);
        for (int k = 0; k <= maxLag && k < n; ++k) {
            r[k] = ac[k] / ac[0];
        }
        return r;
    }
    for (int k = 0; k <= maxLag && k < n; ++k) {
        double ck = 0.0;
        for (int t = 0; t + k < n; ++t) {
            ck += (y[t] - mean) * (y[t + k] - mean);
        }
        r[k] = ck / c0;
    }
    return r;
}

int detectSeasonalPeriod(std::span<const double> y)
{
    // A long series is read from its last kMaxRows values: the autocorrelation of
    // 700,000 rows went through three 2^21-point FFT buffers (130 MB at the window's
    // peak), and lags up to kMaxRows / 3 cover any season a window can hold.
    constexpr std::size_t kMaxRows = 100000;
    if (y.size() > kMaxRows) {
        y = y.last(kMaxRows);
    }
    const int n = (int)y.size();
    if (n < 8) {
        return 0;
    }
    // A trend makes every lag look correlated; remove a least-squares line first.
    const double tMean = (n - 1) / 2.0;
    double yMean = 0.0;
    for (double v : y) {
        yMean += v;
    }
    yMean /= n;
    double sty = 0.0, stt = 0.0;
    for (int t = 0; t < n; ++t) {
        sty += (t - tMean) * (y[t] - yMean);
        stt += (t - tMean) * (t - tMean);
    }
    const double slope = sty / stt;
    std::vector<double> d(n);
    for (int t = 0; t < n; ++t) {
        d[t] = y[t] - yMean - slope * (t - tMean);
    }
    // Up to n/3 (not n/2): a season must repeat three times in the training rows, else
    // the slow wander of a random walk (EuStockMarkets) passes for a season of ~n/2.
    const int maxLag = n / 3;
    const std::vector<double> r = autocorrelation(d, maxLag + 1);
    // 3/sqrt(n) rather than the usual 1.96/sqrt(n): among n/3 lags of white noise some
    // r_k passes 1.96/sqrt(n) by chance; the 0.15 floor does the same for long series.
    const double significant = std::max(0.15, 3.0 / std::sqrt((double)n));
    double trough = r[1];
    for (int k = 2; k <= maxLag; ++k) {
        const bool peak = r[k] > r[k - 1] && r[k] >= r[k + 1];
        // The rise over the trough keeps a slowly decaying ACF's wiggles out.
        if (peak && r[k] > significant && r[k] - trough >= 0.2) {
            // Noise can split one hump into two local maxima; take the hump's top.
            int best = k;
            for (int j = k + 1; j <= maxLag && r[j] > r[k] - 0.1; ++j) {
                if (r[j] > r[best]) {
                    best = j;
                }
            }
            return best;
        }
        trough = std::min(trough, r[k]);
    }
    return 0;
}

namespace {

BaselineForecast naive(const Eigen::Ref<const Eigen::VectorXd> &y, const Windows &w, std::span<const int> starts)
{
    BaselineForecast f {"naive", Eigen::MatrixXd(w.horizon, (Eigen::Index)starts.size()), "last input value repeated"};
    for (int n = 0; n < (int)starts.size(); ++n) {
        f.pred.col(n).setConstant(y[starts[n] + w.lookback - 1]);
    }
    return f;
}

BaselineForecast seasonalNaive(const Eigen::Ref<const Eigen::VectorXd> &y, const Windows &w, std::span<const int> starts, int m)
{
    const int L = w.lookback;
    BaselineForecast f {"seasonal naive (m=" + std::to_string(m) + ")", {}, {}};
    if (m < 2) {
        f.name = "seasonal naive";
        f.note = "skipped: no seasonal period found in the training rows";
        return f;
    }
    if (m > L) {
        f.note = "skipped: the season " + std::to_string(m) + " is longer than the lookback " + std::to_string(L);
        return f;
    }
    f.note = "value one season (" + std::to_string(m) + " rows) earlier";
    f.pred.resize(w.horizon, (Eigen::Index)starts.size());
    for (int n = 0; n < (int)starts.size(); ++n) {
        for (int h = 0; h < w.horizon; ++h) {
            f.pred(h, n) = y[starts[n] + L - m + h % m];
        }
    }
    return f;
}

BaselineForecast drift(const Eigen::Ref<const Eigen::VectorXd> &y, const Windows &w, std::span<const int> starts)
{
    const int L = w.lookback;
    BaselineForecast f {"drift", {}, {}};
    if (L < 2) {
        f.note = "skipped: drift needs a lookback of at least 2";
        return f;
    }
    f.note = "last value plus the window's average step";
    f.pred.resize(w.horizon, (Eigen::Index)starts.size());
    for (int n = 0; n < (int)starts.size(); ++n) {
        const int i = starts[n];
        const double last = y[i + L - 1];
        const double slope = (last - y[i]) / (L - 1);
        for (int h = 0; h < w.horizon; ++h) {
            f.pred(h, n) = last + (h + 1) * slope;
        }
    }
    return f;
}

BaselineForecast autoregressive(const Eigen::Ref<const Eigen::VectorXd> &y, const Windows &w, std::span<const int> starts, int order)
{
    const int L = w.lookback;
    const int p = std::min(L, order > 0 ? order : std::min(L, 24));
    BaselineForecast f {"AR(" + std::to_string(p) + ")", {}, {}};
    // A long series is fitted on its last kMaxFitRows training targets: the design
    // matrix of 700,000 rows was 73 MB (and the QR's work on it), for coefficients that
    // 100,000 rows pin down as well.
    constexpr int kMaxFitRows = 100000;
    const int firstTarget = std::max(p, w.trainEnd - kMaxFitRows);
    const int equations = w.trainEnd - firstTarget;
    if (equations < 2 * (p + 1)) {
        f.note = "skipped: AR(" + std::to_string(p) + ") needs at least " + std::to_string(2 * (p + 1) + p)
            + " training rows; the training split has " + std::to_string(w.trainEnd);
        return f;
    }
    // Row t of A is [1, y_{t-1}, ..., y_{t-p}] for the training targets t in [firstTarget, trainEnd).
    Eigen::MatrixXd A(equations, p + 1);
    Eigen::VectorXd b(equations);
    for (int e = 0; e < equations; ++e) {
        const int t = firstTarget + e;
        A(e, 0) = 1.0;
        for (int k = 1; k <= p; ++k) {
            A(e, k) = y[t - k];
        }
        b[e] = y[t];
    }
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(A);
    const Eigen::VectorXd coef = qr.solve(b);
    if (!coef.allFinite()) {
        f.note = "skipped: the least-squares fit did not give finite coefficients";
        return f;
    }
    f.note = "least squares on " + std::string(firstTarget > p ? "the last " : "") + std::to_string(equations)
        + " training rows, rank " + std::to_string(qr.rank())
        + " of " + std::to_string(p + 1);
    f.pred.resize(w.horizon, (Eigen::Index)starts.size());
    std::vector<double> hist(p + w.horizon);
    for (int n = 0; n < (int)starts.size(); ++n) {
        const int origin = starts[n] + L;
        for (int k = 0; k < p; ++k) {
            hist[k] = y[origin - p + k];
        }
        for (int h = 0; h < w.horizon; ++h) {
            double v = coef[0];
            for (int k = 1; k <= p; ++k) {
                v += coef[k] * hist[p + h - k];
            }
            hist[p + h] = v;
            f.pred(h, n) = v;
        }
    }
    return f;
}

} // namespace

std::vector<BaselineForecast> runBaselines(
    const Series &series, const Windows &w, std::span<const int> starts, const BaselineOptions &options)
{
    const TargetView y = targetValues(series, w);
    for (int i : starts) {
        if (i < 0 || i + w.lookback + w.horizon > w.rows) {
            throw std::invalid_argument(
                "window start " + std::to_string(i) + " is outside the series of " + std::to_string(w.rows) + " rows");
        }
    }
    std::vector<BaselineForecast> out;
    if (options.naive) {
        out.push_back(naive(y, w, starts));
    }
    int m = options.seasonalPeriod;
    if (m < 0 && (options.seasonalNaive || options.ets || options.theta)) {
        m = detectSeasonalPeriod(std::span<const double>(y.data(), (std::size_t)w.trainEnd));
    }
    if (options.seasonalNaive) {
        out.push_back(seasonalNaive(y, w, starts, m));
    }
    if (options.drift) {
        out.push_back(drift(y, w, starts));
    }
    if (options.ar) {
        out.push_back(autoregressive(y, w, starts, options.arOrder));
    }
    if (options.ets) {
        out.push_back(etsBaseline(y, w, starts, m));
    }
    if (options.theta) {
        out.push_back(thetaBaseline(y, w, starts, m));
    }
    return out;
}

} // namespace rnnlab
