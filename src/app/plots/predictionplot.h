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

class FlowLayout;

class HoverReadout;

class PredictionPlot : public QWidget {
    Q_OBJECT
public:
    explicit PredictionPlot(QWidget *parent = nullptr);

    // The series after the missing policy and its windows; clears predictions.
    void setData(const Series &series, const Windows &windows);
    void clearData();
    // Open-loop predictions (original units), H x starts.
    void setPredictions(const std::vector<int> &starts, const Eigen::MatrixXd &pred);
    void clearPredictions();
    void setBaselines(const std::vector<BaselineForecast> &baselines, const std::vector<int> &starts);
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
    FlowLayout *m_baselineBar; // the bar: spin boxes, then one switch per baseline
    std::vector<QCheckBox *> m_baselineChecks;
    QCPGraph *m_actual;
    QCPGraph *m_model;
    QCPGraph *m_forecast;
    std::vector<QCPGraph *> m_baselineGraphs;
    QCPItemStraightLine *m_originLine;
    HoverReadout *m_readout;
    std::optional<Series> m_series;
    std::optional<Windows> m_windows;
    std::vector<int> m_starts;
    Eigen::MatrixXd m_pred;
    QStringList m_wantedBaselines;
    QPoint m_pressPos;
};

} // namespace rnnlab
