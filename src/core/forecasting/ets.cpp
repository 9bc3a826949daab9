// ETS fitting (state filter, likelihood, Nelder-Mead over bounded parameters and initial
// states), AICc model selection and open-loop forecasts over window origins.
#include "forecasting/ets.h"

#include "forecasting/nelder_mead.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <numeric>
#include <optional>
#include <stdexcept>

namespace rnnlab {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool hasTrend(const EtsForm &f) { return f.trend != EtsTrend::None; }
bool hasSeason(const EtsForm &f) { return f.season != EtsSeason::None; }

// The running state of the filter; s is a ring of m seasonal states, s[t mod m] is the
// one row t reads (t counted from the fit's first row).
struct State {
    double l = 0, b = 0;
    std::vector<double> s;
};

struct Params {
    double alpha = 0, beta = 0, gamma = 0, phi = 1;
};

// mu for the next row; returns false when a multiplicative model leaves its domain.
inline bool predictOne(const EtsForm &f, const Params &p, const State &st, int t, double &mu, double &base)
{
    base = st.l + p.phi * st.b;
    if (f.season == EtsSeason::None) {
        mu = base;
    } else if (f.season == EtsSeason::Additive) {
        mu = base + st.s[t % f.period];
    } else {
        const double s = st.s[t % f.period];
        if (!(base > 0) || !(s > 0)) {
            return false;
        }
        mu = base * s;
    }
    return true;
}

inline void update(const EtsForm &f, const Params &p, State &st, int t, double e, double base)
{
    if (f.season == EtsSeason::Multiplicative) {
        double &s = st.s[t % f.period];
        const double sOld = s;
        s = sOld + p.gamma * e / base;
        st.l = base + p.alpha * e / sOld;
        st.b = p.phi * st.b + p.beta * e / sOld;
        return;
    }
    if (f.season == EtsSeason::Additive) {
        st.s[t % f.period] += p.gamma * e;
    }
    st.l = base + p.alpha * e;
    st.b = p.phi * st.b + p.beta * e;
}

// SSE of the one-step errors over y; +inf when the filter leaves the model's domain.
double filterSse(const EtsForm &f, const Params &p, State st, std::span<const double> y)
{
    double sse = 0.0;
    for (int t = 0; t < (int)y.size(); ++t) {
        double mu = 0, base = 0;
        if (!predictOne(f, p, st, t, mu, base)) {
            return kInf;
        }
        const double e = y[t] - mu;
        sse += e * e;
        update(f, p, st, t, e, base);
        if (!(std::abs(st.l) < 1e12)) {
            return kInf;
        }
    }
    return sse;
}

// The free-parameter vector x: alpha, [u = beta/alpha], [v = gamma/(1-alpha)], [phi],
// l0, [b0], [s_0 .. s_{m-2}]; the last seasonal state makes the sum 0 (A) or m (M).
// beta and gamma as fractions keep statsmodels' beta <= alpha, gamma <= 1 - alpha
// constraints inside a plain box.
struct Layout {
    EtsForm form;
    int n = 0;
    int iU = -1, iV = -1, iPhi = -1, iL = 0, iB = -1, iS = -1;
    explicit Layout(const EtsForm &f) : form(f)
    {
        n = 1;
        if (hasTrend(f)) {
            iU = n++;
        }
        if (hasSeason(f)) {
            iV = n++;
        }
        if (f.trend == EtsTrend::Damped) {
            iPhi = n++;
        }
        iL = n++;
        if (hasTrend(f)) {
            iB = n++;
        }
        if (hasSeason(f)) {
            iS = n;
            n += f.period - 1;
        }
    }
    void decode(const Eigen::VectorXd &x, Params &p, State &st) const
    {
        p.alpha = x[0];
        p.beta = iU >= 0 ? x[iU] * p.alpha : 0.0;
        p.gamma = iV >= 0 ? x[iV] * (1.0 - p.alpha) : 0.0;
        p.phi = iPhi >= 0 ? x[iPhi] : 1.0;
        st.l = x[iL];
        st.b = iB >= 0 ? x[iB] : 0.0;
        st.s.clear();
        if (iS >= 0) {
            const int m = form.period;
            st.s.resize(m);
            double sum = 0.0;
            for (int j = 0; j < m - 1; ++j) {
                st.s[j] = x[iS + j];
                sum += st.s[j];
            }
            st.s[m - 1] = (form.season == EtsSeason::Additive ? 0.0 : double(m)) - sum;
        }
    }
};

double mean(std::span<const double> y)
{
    return std::accumulate(y.begin(), y.end(), 0.0) / double(y.size());
}

} // namespace

std::string EtsForm::name() const
{
    const char *t = trend == EtsTrend::None ? "N" : trend == EtsTrend::Additive ? "A" : "Ad";
    const char *s = season == EtsSeason::None ? "N" : season == EtsSeason::Additive ? "A" : "M";
    return std::string("ETS(A,") + t + "," + s + ")";
}

EtsFit fitEts(std::span<const double> yIn, const EtsForm &form, int firstRow)
{
    const int n = (int)yIn.size();
    const int m = hasSeason(form) ? form.period : 0;
    if (hasSeason(form) && m < 2) {
        throw std::invalid_argument(form.name() + ": a seasonal form needs a period >= 2");
    }
    const Layout layout(form);
    const int k = layout.n + 1;
    if (n - k - 1 < 1 || (m > 0 && n < 2 * m)) {
        throw std::invalid_argument(form.name() + " needs more than " + std::to_string(std::max(k + 1, 2 * m))
            + " rows to fit; there are " + std::to_string(n));
    }
    const double yMin = *std::min_element(yIn.begin(), yIn.end());
    if (form.season == EtsSeason::Multiplicative && !(yMin > 0)) {
        throw std::invalid_argument(form.name() + ": a multiplicative season needs values > 0");
    }
    // Fit in units of the mean |y| so the states and the smoothing weights have similar
    // sizes for the simplex; every form is scale-equivariant, so only SSE rescales.
    double scale = 0.0;
    for (double v : yIn) {
        scale += std::abs(v);
    }
    scale = scale > 0 ? scale / n : 1.0;
    std::vector<double> y(n);
    for (int t = 0; t < n; ++t) {
        y[t] = yIn[t] / scale;
    }
    const double lo = *std::min_element(y.begin(), y.end()), hi = *std::max_element(y.begin(), y.end());
    const double range = std::max(hi - lo, 1e-9);
    double sd = 0.0;
    {
        const double mu = mean(y);
        for (double v : y) {
            sd += (v - mu) * (v - mu);
        }
        sd = std::max(std::sqrt(sd / n), 1e-6);
    }

    // Heuristic initial states (Hyndman et al. 2008, 2.6.1, simplified): level = mean of
    // the first season, trend = change of the seasonal means, seasons = first-season
    // deviations (ratios for M).
    const int span0 = m > 0 ? m : std::min(n, 10);
    const double first = mean(std::span<const double>(y.data(), span0));
    double b0 = 0.0;
    if (hasTrend(form)) {
        if (m > 0) {
            b0 = (mean(std::span<const double>(y.data() + m, m)) - first) / m;
        } else {
            const int q = std::max(2, std::min(n, 10));
            b0 = (y[q - 1] - y[0]) / (q - 1);
        }
    }
    const double l0 = m > 0 ? first - b0 * (m + 1) / 2.0 : y[0] - b0;

    Eigen::VectorXd x0(layout.n), lower(layout.n), upper(layout.n), steps(layout.n);
    auto setBox = [&](int i, double v, double a, double b, double step) {
        lower[i] = a;
        upper[i] = b;
        x0[i] = std::clamp(v, a, b);
        steps[i] = step;
    };
    setBox(0, 0.5, 1e-4, 0.9999, 0.1);
    if (layout.iU >= 0) {
        setBox(layout.iU, 0.1, 1e-4, 0.9999, 0.1);
    }
    if (layout.iV >= 0) {
        setBox(layout.iV, 0.1, 1e-4, 0.9999, 0.1);
    }
    if (layout.iPhi >= 0) {
        setBox(layout.iPhi, 0.95, 0.8, 0.98, 0.02);
    }
    setBox(layout.iL, l0, lo - range, hi + range, 0.2 * sd);
    if (layout.iB >= 0) {
        setBox(layout.iB, b0, -range, range, 0.2 * sd / std::max(m, 4));
    }
    if (layout.iS >= 0) {
        for (int j = 0; j < m - 1; ++j) {
            if (form.season == EtsSeason::Additive) {
                setBox(layout.iS + j, y[j] - first, -2 * range, 2 * range, 0.2 * sd);
            } else {
                setBox(layout.iS + j, y[j] / first, 1e-3, double(m), 0.05);
            }
        }
    }

    auto objective = [&](const Eigen::VectorXd &x) {
        Params p;
        State st;
        layout.decode(x, p, st);
        if (form.season == EtsSeason::Multiplicative
            && std::any_of(st.s.begin(), st.s.end(), [](double s) { return !(s > 0); })) {
            return kInf;
        }
        return filterSse(form, p, std::move(st), y);
    };
    // Several starts for the smoothing weights (middling, persistent, adaptive, mixed); the
    // states start from the heuristic each time. Long series have smoother likelihoods and
    // cost more per evaluation: from kEtsFewStartsRows rows on, two starts and a quarter of
    // the evaluations.
    const double starts[][4] = {
        {0.5, 0.1, 0.1, 0.95}, {0.1, 0.05, 0.05, 0.9}, {0.9, 0.3, 0.3, 0.98}, {0.2, 0.01, 0.5, 0.98}, {0.02, 0.5, 0.02, 0.85},
        {0.8, 0.95, 0.05, 0.95}};
    NelderMeadOptions nm;
    nm.steps = steps;
    nm.maxEvaluations = n < kEtsFewStartsRows ? 400 * layout.n + 2000 : 100 * layout.n + 1000;
    NelderMeadResult best;
    best.f = kInf;
    const int startCount = n < kEtsFewStartsRows ? 6 : 2;
    for (int si = 0; si < startCount; ++si) {
        const double *s = starts[si];
        Eigen::VectorXd x = x0;
        x[0] = s[0];
        if (layout.iU >= 0) {
            x[layout.iU] = s[1];
        }
        if (layout.iV >= 0) {
            x[layout.iV] = s[2];
        }
        if (layout.iPhi >= 0) {
            x[layout.iPhi] = s[3];
        }
        const NelderMeadResult r = nelderMead(objective, x, lower, upper, nm);
        if (r.f < best.f) {
            best = r;
        }
    }
    if (!std::isfinite(best.f)) {
        throw std::invalid_argument(form.name() + ": no admissible parameters found");
    }

    EtsFit fit;
    fit.form = form;
    Params p;
    State st;
    layout.decode(best.x, p, st);
    fit.alpha = p.alpha;
    fit.beta = p.beta;
    fit.gamma = p.gamma;
    fit.phi = p.phi;
    fit.level0 = st.l * scale;
    fit.trend0 = st.b * scale;
    fit.season0 = st.s;
    if (form.season == EtsSeason::Additive) {
        for (double &s : fit.season0) {
            s *= scale;
        }
    }
    fit.firstRow = firstRow;
    fit.observations = n;
    fit.parameters = k;
    fit.sse = best.f * scale * scale;
    // A perfect fit has SSE 0 and an infinite likelihood; a floor keeps AICc finite.
    const double sigma2 = std::max(fit.sse / n, 1e-300);
    fit.logLikelihood = -0.5 * n * (std::log(2.0 * std::numbers::pi * sigma2) + 1.0);
    fit.aicc = -2.0 * fit.logLikelihood + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0);
    return fit;
}

EtsFit selectEts(std::span<const double> y, int period, int firstRow, std::vector<std::string> *tried)
{
    const int n = (int)y.size();
    const bool positive = n > 0 && *std::min_element(y.begin(), y.end()) > 0;
    std::vector<EtsForm> forms;
    for (EtsTrend t : {EtsTrend::None, EtsTrend::Additive, EtsTrend::Damped}) {
        forms.push_back({t, EtsSeason::None, 0});
        // forecast::ets refuses m > 24 for the same reason: m - 1 free seasonal states.
        if (period >= 2 && period <= 24 && n >= 2 * period) {
            forms.push_back({t, EtsSeason::Additive, period});
            if (positive) {
                forms.push_back({t, EtsSeason::Multiplicative, period});
            }
        }
    }
    std::optional<EtsFit> best;
    std::string firstError;
    for (const EtsForm &f : forms) {
        try {
            EtsFit fit = fitEts(y, f, firstRow);
            if (tried) {
                char buf[96];
                std::snprintf(buf, sizeof buf, "%s AICc %.2f", f.name().c_str(), fit.aicc);
                tried->push_back(buf);
            }
            if (!best || fit.aicc < best->aicc) {
                best = std::move(fit);
            }
        } catch (const std::invalid_argument &e) {
            if (firstError.empty()) {
                firstError = e.what();
            }
        }
    }
    if (!best) {
        throw std::invalid_argument(firstError.empty() ? "no ETS form fits" : firstError);
    }
    return *best;
}

Eigen::MatrixXd etsForecasts(const EtsFit &fit, std::span<const double> y, std::span<const int> origins, int H)
{
    const EtsForm &f = fit.form;
    Eigen::MatrixXd out = Eigen::MatrixXd::Constant(H, (Eigen::Index)origins.size(), std::nan(""));
    std::vector<int> order(origins.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return origins[a] < origins[b]; });
    Params p{fit.alpha, fit.beta, fit.gamma, fit.phi};
    State st{fit.level0, fit.trend0, fit.season0};
    int t = fit.firstRow; // rows [firstRow, t) are observed
    for (int idx : order) {
        const int origin = origins[idx];
        if (origin > (int)y.size()) {
            throw std::invalid_argument("ETS forecast origin " + std::to_string(origin) + " is past the "
                + std::to_string(y.size()) + " rows of the series");
        }
        if (origin <= fit.firstRow) {
            continue;
        }
        for (; t < origin; ++t) {
            double mu = 0, base = 0;
            const int r = t - fit.firstRow;
            if (!predictOne(f, p, st, r, mu, base)) {
                // The filter left the multiplicative domain on new data: no forecasts from here on.
                return out;
            }
            update(f, p, st, r, y[t] - mu, base);
        }
        double damp = 0.0, phiH = 1.0;
        for (int h = 0; h < H; ++h) {
            phiH *= fit.phi;
            damp += f.trend == EtsTrend::None ? 0.0 : (f.trend == EtsTrend::Additive ? 1.0 : phiH);
            const double base = st.l + damp * st.b;
            const int r = origin + h - fit.firstRow;
            double v = base;
            if (f.season == EtsSeason::Additive) {
                v += st.s[r % f.period];
            } else if (f.season == EtsSeason::Multiplicative) {
                v *= st.s[r % f.period];
            }
            out(h, idx) = v;
        }
    }
    return out;
}

BaselineForecast etsBaseline(const Eigen::Ref<const Eigen::VectorXd> &y, const Windows &w, std::span<const int> starts, int period)
{
    BaselineForecast b{"ETS", {}, {}};
    const int fitStart = std::max(0, w.trainEnd - kEtsMaxFitRows);
    try {
        const EtsFit fit = selectEts(std::span<const double>(y.data() + fitStart, w.trainEnd - fitStart), period, fitStart);
        std::vector<int> origins(starts.size());
        for (std::size_t n = 0; n < starts.size(); ++n) {
            origins[n] = starts[n] + w.lookback;
        }
        b.name = fit.form.name();
        b.pred = etsForecasts(fit, std::span<const double>(y.data(), y.size()), origins, w.horizon);
        for (std::size_t n = 0; n < starts.size(); ++n) {
            // Windows before a long series' fit rows have no forecast (NaN, a gap in plots);
            // from the training end on every forecast must be a number.
            if (origins[n] >= w.trainEnd && !b.pred.col((Eigen::Index)n).allFinite()) {
                throw std::invalid_argument(fit.form.name() + " left its domain (a level or season <= 0) at row "
                    + std::to_string(origins[n]));
            }
        }
        char buf[200];
        std::snprintf(buf, sizeof buf, "lowest AICc (%.1f) of the ETS forms, fitted on training rows %d-%d: alpha %.3g",
                      fit.aicc, fitStart, w.trainEnd - 1, fit.alpha);
        b.note = buf;
        if (fit.form.trend != EtsTrend::None) {
            std::snprintf(buf, sizeof buf, ", beta %.3g", fit.beta);
            b.note += buf;
        }
        if (fit.form.trend == EtsTrend::Damped) {
            std::snprintf(buf, sizeof buf, ", phi %.3g", fit.phi);
            b.note += buf;
        }
        if (fit.form.season != EtsSeason::None) {
            std::snprintf(buf, sizeof buf, ", gamma %.3g, m %d", fit.gamma, fit.form.period);
            b.note += buf;
        }
    } catch (const std::invalid_argument &e) {
        b.pred.resize(0, 0);
        b.note = std::string("skipped: ") + e.what();
    }
    return b;
}

} // namespace rnnlab
