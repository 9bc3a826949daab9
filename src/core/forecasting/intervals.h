// Prediction intervals for the closed-loop forecast, from the validation residuals by
// forecast step: run the model closed-loop from validation origins, collect |error| per
// step k, and take its 80% and 95% quantiles as symmetric half-widths. Their empirical
// coverage is then counted the same way on the test span. A seed ensemble's bands are
// those of its members' median path. Not here: asymmetric or model-based (Gaussian) intervals.
#pragma once
#include "nn/model.h"
#include "data/windows.h"

#include <span>
#include <string>
#include <vector>

namespace rnnlab {

struct IntervalBands {
    std::vector<double> half80, half95; // per step k = 1..K, original units
    int origins = 0;                    // validation origins the residuals came from
    int measuredSteps = 0;              // steps the residuals reached; later ones were extended
};

struct IntervalCoverage {
    double coverage80 = 0.0, coverage95 = 0.0; // fraction of (origin, step) points inside
    int points = 0;
};

// Per step k, the q-quantile (linear between order statistics) of |residualsByStep[k]|.
// Throws std::invalid_argument when a step has no residual.
std::vector<double> absoluteQuantiles(const std::vector<std::vector<double>> &residualsByStep, double q);

// Fraction of points with |actual - forecast| <= half[k]; forecasts/actuals are
// [origin][k] with k < half.size() (shorter rows allowed: an origin near the end).
IntervalCoverage coverageOf(const std::vector<std::vector<double>> &forecasts,
                            const std::vector<std::vector<double>> &actuals, const std::vector<double> &half80,
                            const std::vector<double> &half95);

// Closed-loop forecasts of up to `steps` rows from each origin, never past `end` (the
// rows a forecast is scored against must exist): [origin][k] levels and actuals.
// At most `maxOrigins` origins, evenly spaced, keep long series cheap.
// requires: what closedLoopForecast requires (a univariate model).
void closedLoopPaths(Model<float> &model, const Windows &w, int firstOrigin, int end, int steps, int maxOrigins,
                     std::vector<std::vector<double>> &forecasts, std::vector<std::vector<double>> &actuals);

// Bands from the validation rows [trainEnd, valEnd) for `steps` steps, and their
// coverage on the test rows [valEnd, rows). Throws std::invalid_argument when there is
// no validation or test span long enough for one step, or the model is not univariate.
IntervalBands validationBands(Model<float> &model, const Windows &w, int steps, int maxOrigins = 200);
IntervalCoverage testCoverage(Model<float> &model, const Windows &w, const IntervalBands &bands, int maxOrigins = 200);
// The same for a seed ensemble: the residuals and coverage of the element-wise median of
// the members' closed-loop paths (the ensemble's forecast). One model: the above exactly.
// requires: models non-empty.
IntervalBands validationBands(const std::vector<Model<float> *> &models, const Windows &w, int steps,
                              int maxOrigins = 200);
IntervalCoverage testCoverage(const std::vector<Model<float> *> &models, const Windows &w, const IntervalBands &bands,
                              int maxOrigins = 200);

// Extends bands to `steps` steps when the validation span reached only K < steps of them
// (a forecast longer than the validation span): step h > K gets step K's half-width
// times sqrt(h / K), the growth of a random walk's spread. Sets measuredSteps = K.
// requires: bands measured (non-empty halves).
void extendBySqrtStep(IntervalBands &bands, int steps);

} // namespace rnnlab
