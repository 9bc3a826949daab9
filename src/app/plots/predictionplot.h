// The predictions plot: the target in original units with its spans shaded, the
// model's open-loop predictions, a closed-loop forecast from an origin set by click or
// spin box (running past the end of the data), switchable baselines, and a table of
// test-span metrics for the model and every baseline (per horizon step when H > 1),
// with the Ljung-Box test of each one's one-step errors; the closed-loop forecast gets
// 80% and 95% prediction-interval bands and their test coverage goes in the table.
#pragma once
#include "forecasting/baselines.h"
#include "forecasting/intervals.h"
#include "forecasting/metrics.h"
#include "forecasting/residual_checks.h"
#include "data/series.h"
#include "data/windows.h"

#include <QWidget>

#include <memory>
#include <optional>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QSpinBox;
class QTableWidget;
class QLabel;
class QHBoxLayout;
class QCheckBox;

namespace rnnlab {

class DecimatedGraph;
class EnsembleBand;
struct EnsembleView;
struct ForecastResult;
class FlowLayout;

class HoverReadout;
class VerdictLabel;

class PredictionPlot : public QWidget {
    Q_OBJECT
public:
    explicit PredictionPlot(QWidget *parent = nullptr);
    ~PredictionPlot() override;

    // The series after the missing policy and its windows; clears predictions.
    // Shared, read-only: a 1M-row series is not copied again for the plot.
    void setData(std::shared_ptr<const Series> series, std::shared_ptr<const Windows> windows);
    void setData(const Series &series, const Windows &windows); // copies
    void clearData();
    // Open-loop predictions (original units), H x starts, and a seed ensemble's median
    // and spread over the same windows (empty: none, the ensemble drawn is removed).
    void setPredictions(const std::vector<int> &starts, const Eigen::MatrixXd &pred, const EnsembleView &ensemble);
    void setPredictions(const std::vector<int> &starts, const Eigen::MatrixXd &pred);
    void clearPredictions();
    // A seed ensemble's median and min–max spread over the same windows (empty: none);
    // cleared with the predictions.
    void setEnsemble(const EnsembleView &view);
    // An ensemble's min–max around the forecast (call after setForecast); empty: none.
    void setForecastSpread(const std::vector<double> &low, const std::vector<double> &high, int members);
    EnsembleBand *ensembleBand() const { return m_ensemble.get(); }
    const EnsembleView &ensemble() const;
    // A closed-loop forecast runner's result (forecastrunner.h) drawn whole: setForecast,
    // its ensemble spread, the intervals (named by intervalSource) and their coverage.
    void showForecast(const ForecastResult &result);
    void setBaselines(const std::vector<BaselineForecast> &baselines, const std::vector<int> &starts);
    // Shows "computing baselines…" in the bar while a background job computes them.
    void setBaselinesPending(bool pending);
    bool baselinesPending() const;
    // The forecast from origin (row) on; a note replaces it when it cannot be made.
    void setForecast(int origin, const std::vector<double> &values);
    void setForecastNote(const QString &note);
    // Shaded bands forecast +- half80[k] / half95[k] around the forecast's first
    // half80.size() steps (call after setForecast); empty halves remove them. `source`
    // names where the widths come from, for the legend.
    void setForecastIntervals(const std::vector<double> &half80, const std::vector<double> &half95,
                              const QString &source);
    // The intervals' empirical coverage on the test span, shown in the model's row.
    void setIntervalCoverage(std::optional<IntervalCoverage> coverage);

    struct MetricsRow {
        QString name;
        Metrics metrics;
        std::optional<ResidualCheck> residuals = {}; // Ljung-Box of the one-step test errors
    };
    void setMetrics(const std::vector<MetricsRow> &rows, const QString &note);

    int forecastOrigin() const;
    void setForecastOrigin(int row);
    int forecastSteps() const;
    void setForecastSteps(int steps);
    int horizonStep() const;          // 1-based step of the H predicted the open-loop curve shows
    void setHorizonStep(int step);    // clamped to the horizon by the spin box's range
    QStringList visibleBaselines() const;
    void setVisibleBaselines(const QStringList &names);

    QCustomPlot *plot() const { return m_plot; }
    QTableWidget *metricsTable() const { return m_table; }
    VerdictLabel *verdictLabel() const { return m_verdict; }
    HoverReadout *readout() const { return m_readout; }
    int predictionPointCount() const;
    // The band graphs (upper edge, filled down to its lower edge); null before a forecast.
    QCPGraph *band80() const { return m_band80Upper; }
    QCPGraph *band95() const { return m_band95Upper; }
    QCPGraph *band80Lower() const { return m_band80Lower; }
    QCPGraph *band95Lower() const { return m_band95Lower; }
    QCPGraph *forecastGraph() const { return m_forecast; }
    static constexpr int kCoverageColumn = 6, kLjungBoxColumn = 7;

signals:
    void forecastRequested(int origin, int steps);

private:
    // The y range holds every visible graph (data, model, baselines, forecast).
    void fitValueRange();
    double rowTime(double row) const; // extrapolates past the last row
    double timeToRow(double t) const;
    void rescale();
    void showCoverage();

    QCustomPlot *m_plot;
    QTableWidget *m_table;
    QSpinBox *m_originSpin;
    QSpinBox *m_stepsSpin;
    QSpinBox *m_horizonStepSpin;
    QLabel *m_noteLabel;
    QLabel *m_pendingLabel;
    FlowLayout *m_baselineBar; // the bar: spin boxes, then one switch per baseline
    VerdictLabel *m_verdict;
    std::vector<QCheckBox *> m_baselineChecks;
    QCPGraph *m_actual;
    DecimatedGraph *m_actualCurve; // the whole target; m_actual shows its pixel columns
    QCPGraph *m_model;
    QCPGraph *m_forecast;
    QCPGraph *m_band80Upper = nullptr, *m_band80Lower = nullptr;
    QCPGraph *m_band95Upper = nullptr, *m_band95Lower = nullptr;
    int m_forecastOriginShown = -1;
    std::vector<double> m_forecastShown;
    std::optional<IntervalCoverage> m_coverage;
    std::vector<QCPGraph *> m_baselineGraphs;
    std::unique_ptr<EnsembleBand> m_ensemble;
    QCPItemStraightLine *m_originLine;
    HoverReadout *m_readout;
    std::shared_ptr<const Series> m_series;
    std::shared_ptr<const Windows> m_windows;
    std::vector<int> m_starts;
    Eigen::MatrixXd m_pred;
    QStringList m_wantedBaselines;
    QPoint m_pressPos;
};

} // namespace rnnlab
