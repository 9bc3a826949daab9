// The rules of chooseTransform: a growth-of-swing check for log, KPSS and ADF for diff.
#include "data/auto_transform.h"

#include "forecasting/baselines.h"

#include <Eigen/LU>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace rnnlab {

namespace {

double meanOf(std::span<const double> y)
{
    double s = 0.0;
    for (double v : y) {
        s += v;
    }
    return y.empty() ? 0.0 : s / double(y.size());
}

// Correlation of block level and block volatility; NaN when fewer than 4 blocks.
double swingLevelCorrelation(std::span<const double> y, int block, double &levelRatio)
{
    std::vector<double> level, swing;
    for (std::size_t b = 0; b + block <= y.size(); b += block) {
        const std::span<const double> x = y.subspan(b, block);
        level.push_back(meanOf(x));
        double s = 0.0;
        const double d0 = (x.back() - x.front()) / (block - 1);
        for (int t = 1; t < block; ++t) {
            const double d = x[t] - x[t - 1] - d0;
            s += d * d;
        }
        swing.push_back(std::sqrt(s / (block - 1)));
    }
    const int k = (int)level.size();
    levelRatio = 1.0;
    if (k < 4) {
        return std::nan("");
    }
    levelRatio = *std::max_element(level.begin(), level.end()) / *std::min_element(level.begin(), level.end());
    const double ml = meanOf(level), ms = meanOf(swing);
    double sll = 0, sss = 0, sls = 0;
    for (int i = 0; i < k; ++i) {
        sll += (level[i] - ml) * (level[i] - ml);
        sss += (swing[i] - ms) * (swing[i] - ms);
        sls += (level[i] - ml) * (swing[i] - ms);
    }
    return sll > 0 && sss > 0 ? sls / std::sqrt(sll * sss) : 0.0;
}

std::vector<double> withoutSeasonalMeans(std::span<const double> y, int m)
{
    std::vector<double> out(y.begin(), y.end());
    if (m < 2 || (int)y.size() < 2 * m) {
        return out;
    }
    std::vector<double> sum(m, 0.0);
    std::vector<int> count(m, 0);
    for (std::size_t t = 0; t < y.size(); ++t) {
        sum[t % m] += y[t];
        ++count[t % m];
    }
    for (std::size_t t = 0; t < y.size(); ++t) {
        out[t] -= sum[t % m] / count[t % m];
    }
    return out;
}

} // namespace

double kpssStatistic(std::span<const double> y)
{
    const int n = (int)y.size();
    if (n < 3) {
        return 0.0;
    }
    const double mu = meanOf(y);
    std::vector<double> e(n);
    for (int t = 0; t < n; ++t) {
        e[t] = y[t] - mu;
    }
    double partial = 0.0, s2 = 0.0;
    for (int t = 0; t < n; ++t) {
        partial += e[t];
        s2 += partial * partial;
    }
    const int lags = (int)std::floor(4.0 * std::pow(n / 100.0, 0.25));
    double lrv = 0.0;
    for (int t = 0; t < n; ++t) {
        lrv += e[t] * e[t];
    }
    for (int k = 1; k <= lags && k < n; ++k) {
        double c = 0.0;
        for (int t = k; t < n; ++t) {
            c += e[t] * e[t - k];
        }
        lrv += 2.0 * (1.0 - k / (lags + 1.0)) * c;
    }
    lrv /= n;
    return lrv > 0 ? s2 / (double(n) * n * lrv) : 0.0;
}

double adfStatistic(std::span<const double> y, int lags)
{
    const int n = (int)y.size();
    const int p = std::max(0, lags);
    const int rows = n - 1 - p;
    if (rows < p + 4) {
        return 0.0;
    }
    // dy_t = c + g y_{t-1} + sum_i d_i dy_{t-i}, t = p+1 .. n-1; the t statistic of g.
    Eigen::MatrixXd A(rows, p + 2);
    Eigen::VectorXd b(rows);
    for (int r = 0; r < rows; ++r) {
        const int t = p + 1 + r;
        b[r] = y[t] - y[t - 1];
        A(r, 0) = 1.0;
        A(r, 1) = y[t - 1];
        for (int i = 1; i <= p; ++i) {
            A(r, 1 + i) = y[t - i] - y[t - i - 1];
        }
    }
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(A);
    if (qr.rank() < p + 2) {
        return 0.0;
    }
    const Eigen::VectorXd coef = qr.solve(b);
    const double sse = (b - A * coef).squaredNorm();
    const double sigma2 = sse / (rows - p - 2);
    const Eigen::MatrixXd cov = (A.transpose() * A).inverse() * sigma2;
    return cov(1, 1) > 0 ? coef[1] / std::sqrt(cov(1, 1)) : 0.0;
}

TransformChoice chooseTransform(std::span<const double> y, int period)
{
    const int n = (int)y.size();
    TransformChoice c;
    char buf[400];
    if (n < 16) {
        c.reason = "no transform: " + std::to_string(n) + " training rows are too few to test for a trend";
        return c;
    }
    bool useLog = false;
    std::string why;
    const bool positive = *std::min_element(y.begin(), y.end()) > 0;
    if (positive) {
        const int block = period >= 2 ? period : std::max(4, n / 8);
        double ratio = 1.0;
        const double r = swingLevelCorrelation(y, block, ratio);
        if (std::isfinite(r) && r > 0.6 && ratio >= 2.0) {
            useLog = true;
            std::snprintf(buf, sizeof buf, "log, as the level grows %.1fx and the swing grows with it (correlation %.2f)",
                          ratio, r);
            why = buf;
        }
    }
    std::vector<double> x(y.begin(), y.end());
    if (useLog) {
        for (double &v : x) {
            v = std::log(v);
        }
    }
    // A long series is tested on its last kMaxTestRows training rows: ADF's regression
    // matrix is rows x (lags + 2) doubles, which for 700,000 rows was 0.5 GB (1.1 GB with
    // the QR's copy) and 20 s on the GUI thread, and a unit root shows in fewer rows.
    constexpr std::size_t kMaxTestRows = 20000;
    std::span<const double> tested(x);
    if (tested.size() > kMaxTestRows) {
        tested = tested.last(kMaxTestRows);
    }
    const int nTested = int(tested.size());
    const double kpss = kpssStatistic(withoutSeasonalMeans(tested, period));
    const int lags = period >= 2 ? period : (int)std::floor(std::cbrt(nTested - 1.0));
    const double adf = adfStatistic(tested, lags);
    const bool trend = kpss > 0.463 && adf > -2.86;
    std::snprintf(buf, sizeof buf, "KPSS %.2f %s 0.463, ADF %.2f %s -2.86%s", kpss, kpss > 0.463 ? ">" : "<=", adf,
                  adf > -2.86 ? ">" : "<=", nTested < n ? ", on the last 20000 training rows" : "");
    const std::string tests = buf;
    if (trend) {
        c.transform = useLog ? Transform::LogDifference : Transform::Difference;
        c.reason = std::string(toString(c.transform)) + ": " + (useLog ? why + "; " : std::string())
            + "a unit root is not rejected (" + tests + ")";
    } else {
        c.transform = useLog ? Transform::Log : Transform::None;
        c.reason = std::string(useLog ? "log: " + why + "; " : "no transform: ") + "no unit root (" + tests + ")";
    }
    return c;
}

TransformChoice chooseTransform(const Series &series, const DataConfig &config)
{
    DataConfig plain = config;
    plain.transform = Transform::None;
    const Windows w = makeWindows(series, plain);
    const std::span<const double> y(w.targetLevels.data(), (std::size_t)w.trainEnd);
    const int period = detectSeasonalPeriod(y);
    TransformChoice c = chooseTransform(y, period);
    if (c.transform == Transform::None && period == 0 && w.targetFeature() >= 0) {
        c.windowNorm = WindowNorm::Last;
        c.reason += "; window-norm last: no season, so each window is taken relative to its last value";
    }
    if (c.transform == Transform::Log || c.transform == Transform::LogDifference) {
        DataConfig trial = config;
        trial.transform = c.transform;
        try {
            makeWindows(series, trial);
        } catch (const std::invalid_argument &e) {
            c.transform = c.transform == Transform::Log ? Transform::None : Transform::Difference;
            c.reason = std::string(toString(c.transform)) + ": " + c.reason + " - but an input column has a value <= 0, "
                + "so no log";
        }
    }
    return c;
}

} // namespace rnnlab
