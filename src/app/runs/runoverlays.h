// Earlier runs drawn over the window's plots: for every selected run, in its run
// colour with one legend entry naming it, the loss curves (train solid, validation
// dashed), ||dL/dh_t|| of the layer chosen in the gradients view, the global gradient
// norm before (solid) and after (dashed) clipping, the spectral radius, and its
// open-loop predictions on the test span (when it was trained on the data shown).
// The current training keeps the plots' own graphs and draws on top; the overlays
// are thinner and, while a training runs, lighter. Not the report's plots
// (report/runoverlayplots.h), which are separate widgets made from records alone.
#pragma once
#include "plots/predictionplot.h"
#include "runs/run_record.h"

#include <QColor>
#include <QObject>
#include <QPointer>

#include <memory>

class QCustomPlot;
class QCPGraph;

namespace rnnlab {

class LossPlot;
class GradientPlot;

struct OverlayRun {
    RunRecord run;
    QString name;
    QColor colour;
};

class RunOverlays : public QObject {
    Q_OBJECT
public:
    RunOverlays(LossPlot *loss, GradientPlot *gradients, PredictionPlot *predictions, QObject *parent = nullptr);

    // The runs to draw, in legend order; replaces the previous ones.
    void setRuns(std::vector<OverlayRun> runs);
    // The data the prediction plot shows (after the missing-value policy) and its
    // windows: a run trained on the same rows and windows gets its test predictions drawn.
    void setData(std::shared_ptr<const Series> series, std::shared_ptr<const Windows> windows, const DataConfig &config);
    void clearData();
    // Lighter while a training draws live on top.
    void setLive(bool live);

    // One metrics row per overlaid run (its stored test metrics), for the metrics table.
    std::vector<PredictionPlot::MetricsRow> metricsRows() const;
    // Graphs currently added to `plot` (tests: one or two per run).
    int graphCount(const QCustomPlot *plot) const;
    int runCount() const { return int(m_runs.size()); }
    // Runs whose test predictions are drawn.
    int predictedRuns() const;

    void redraw();

private:
    QList<QCustomPlot *> plots() const;
    void removeGraphs();
    QCPGraph *add(QCustomPlot *plot, const OverlayRun &r, const QString &legend, Qt::PenStyle style,
                  const QVector<double> &x, const QVector<double> &y, bool logY);
    void computePredictions();
    void refit();

    LossPlot *m_loss;
    GradientPlot *m_gradients;
    PredictionPlot *m_predictions;
    std::vector<OverlayRun> m_runs;
    std::vector<Eigen::MatrixXd> m_pred; // per run: H x test windows in original units; empty: not drawable
    std::shared_ptr<const Series> m_series;
    std::shared_ptr<const Windows> m_windows;
    DataConfig m_config;
    QList<QPair<QPointer<QCustomPlot>, QPointer<QCPGraph>>> m_graphs;
    bool m_live = false;
};

} // namespace rnnlab
