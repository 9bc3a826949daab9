// What the GUI shows about the test span, computed in one place from a run's open-loop
// predictions and baselines: the metrics table's rows (overall, per step, Ljung-Box of
// each method's one-step errors), the MAE by horizon step of every method, and the
// model's one-step residuals. Not here: the closed-loop intervals (forecastrunner.h).
#pragma once
#include "forecasting/baselines.h"
#include "forecasting/ensembleview.h"
#include "plots/predictionplot.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace rnnlab {

struct HorizonErrors {
    QString name;            // "model", "naive", "ETS(A,A,M)", ...
    std::vector<double> mae; // step 1..H, original units
};

struct TestSpanReport {
    std::vector<PredictionPlot::MetricsRow> rows;
    QStringList notes;
    std::vector<HorizonErrors> byStep;  // the model first, then each baseline that ran
    std::vector<int> residualRows;      // the rows the model's one-step residuals are of
    std::vector<double> residuals;      // actual - forecast, step 1, original units
    int seasonalPeriod = 0;             // detected on the training rows (the Ljung-Box lags)
};

// predStarts/pred: the model's open-loop predictions (H x starts; may be empty before
// training); allStarts: the windows the baselines were run over; a non-empty ensemble
// adds its median's row ("ensemble median (N seeds)") and MAE-by-step curve after the model's.
// seasonalPeriod: the Ljung-Box lags' m; 0: detected from the training rows.
// requires: series is the one the windows were made from.
TestSpanReport testSpanReport(const Series &series, const Windows &w, const std::vector<int> &predStarts,
                              const Eigen::MatrixXd &pred, const std::vector<BaselineForecast> &baselines,
                              const std::vector<int> &allStarts, const EnsembleView &ensemble = {},
                              int seasonalPeriod = 0);

} // namespace rnnlab
