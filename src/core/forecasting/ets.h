// ETS: exponential smoothing state space models with additive errors (Hyndman, Koehler,
// Ord & Snyder 2008), trend none / additive / additive damped, season none / additive /
// multiplicative; fitted by maximum likelihood, the form chosen by AICc. Not here: the
// multiplicative-error forms and prediction intervals.
#pragma once
#include "forecasting/baselines.h"

#include <Eigen/Core>

#include <span>
#include <string>
#include <vector>

namespace rnnlab {

enum class EtsTrend { None, Additive, Damped };
enum class EtsSeason { None, Additive, Multiplicative };

struct EtsForm {
    EtsTrend trend = EtsTrend::None;
    EtsSeason season = EtsSeason::None;
    int period = 0; // m, used when season != None
    std::string name() const; // "ETS(A,Ad,M)"
};

// One observation, with e = y - mu and the states before it (l, b, s = s_{t-m}):
//   A season: mu = l + phi b + s;  l' = l + phi b + alpha e;  b' = phi b + beta e;  s' = s + gamma e
//   M season: mu = (l + phi b) s;  l' = l + phi b + alpha e / s;  b' = phi b + beta e / s;
//             s' = s + gamma e / (l + phi b)
// (phi = 1 for trend A, b = 0 for trend N). h steps after the last observation:
// (l + (phi + ... + phi^h) b) (+ or *) the latest seasonal state of that season.
struct EtsFit {
    EtsForm form;
    double alpha = 0, beta = 0, gamma = 0, phi = 1;
    double level0 = 0, trend0 = 0;
    std::vector<double> season0; // m states: season0[j] is the seasonal state used by row firstRow + j
    int firstRow = 0;            // the fit's first row; its states are those before that row
    int observations = 0;
    double sse = 0, logLikelihood = 0, aicc = 0;
    int parameters = 0; // smoothing parameters + free initial states + the error variance
};

// Maximum-likelihood fit of one form to y (the rows to fit; firstRow is recorded as
// given). Gaussian errors with the variance concentrated out:
// logL = -n/2 (log(2 pi SSE/n) + 1), AICc = -2 logL + 2k + 2k(k+1)/(n-k-1).
// Bounds as statsmodels' ETSModel: 1e-4 <= alpha <= 0.9999, beta <= alpha,
// gamma <= 1 - alpha, 0.8 <= phi <= 0.98; seasonal states sum to 0 (A) or to m (M).
// Nelder-Mead from several starts (see kEtsFewStartsRows). Throws std::invalid_argument when y is too short for
// the form (n - k - 1 < 1, or fewer than two seasons) or M meets a value <= 0.
EtsFit fitEts(std::span<const double> y, const EtsForm &form, int firstRow = 0);

// Fits every admissible form (season only for 2 <= m <= 24 and two full seasons; M only
// for strictly positive y) and returns the one with the lowest AICc. `tried`, when
// given, receives "ETS(A,N,N) AICc 123.4" per form fitted.
EtsFit selectEts(std::span<const double> y, int period, int firstRow = 0, std::vector<std::string> *tried = nullptr);

// Runs the fitted model, parameters fixed, over the series y (all rows, in the units the
// fit saw) from fit.firstRow and returns H x N: column n the forecasts of rows
// origins[n] .. origins[n]+H-1 made after observing the rows before origins[n]
// (open loop: one step ahead for h = 1, iterated for h > 1). An origin <= firstRow gets
// NaN (nothing was observed yet).
Eigen::MatrixXd etsForecasts(const EtsFit &fit, std::span<const double> y, std::span<const int> origins, int H);

// The baseline entry: selectEts on the training rows (the last kEtsMaxFitRows of them when
// there are more, which keeps a long series' fit to about a second), forecasts for each window.
constexpr int kEtsMaxFitRows = 2000;
constexpr int kEtsFewStartsRows = 600; // fitEts: 6 starts below this many rows; 2 and fewer evaluations from it on
BaselineForecast etsBaseline(const Eigen::Ref<const Eigen::VectorXd> &y, const Windows &w, std::span<const int> starts, int period);

} // namespace rnnlab
