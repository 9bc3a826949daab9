// The predictions plot: the target in original units with its spans shaded, the
// model's open-loop predictions, a closed-loop forecast from an origin set by click or
// spin box (running past the end of the data), switchable baselines, and a table of
// test-span metrics for the model and every baseline (per horizon step when H > 1).
#pragma once
#include "forecasting/baselines.h"
#include "forecasting/metrics.h"
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
class FlowLayout;

class HoverReadout;
class VerdictLabel;

class PredictionPlot : public QWidget {
    Q_OBJECT
public:
    explicit PredictionPlot(QWidget *parent = nullptr);

    // The series after the missing policy and its windows; clears predictions.
    // Shared, read-only: a 1M-row series is not copied again for the plot.
    void setData(std::shared_ptr<const Series> series, std::shared_ptr<const Windows> windows);
    void setData(const Series &series, const Windows &windows); // copies
    void clearData();
    // Open-loop predictions (original units), H x starts.
    void setPredictions(const std::vector<int> &starts, const Eigen::MatrixXd &pred);
    void clearPredictions();
    void setBaselines(const std::vector<BaselineForecast> &baselines, const std::vector<int> &starts);
    // Shows "computing baselines…" in the bar while a background job computes them.
    void setBaselinesPending(bool pending);
    bool baselinesPending() const;
    // The forecast from origin (row) on; a note replaces it when it cannot be made.
    void setForecast(int origin, const std::vector<double> &values);
    void setForecastNote(const QString &note);

    struct MetricsRow {
        QString name;
        Metrics metrics;
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

signals:
    void forecastRequested(int origin, int steps);

private:
    // The y range holds every visible graph (data, model, baselines, forecast).
    void fitValueRange();
    double rowTime(double row) const; // extrapolates past the last row
    double timeToRow(double t) const;
    void rescale();

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
    std::vector<QCPGraph *> m_baselineGraphs;
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
