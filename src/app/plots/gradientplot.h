// The gradients view: ||dL/dh_t|| against the time step for each recurrent layer
// (latest epoch, log axis), a heat map epoch x time step with a log colour scale in
// which vanishing and exploding gradients show up as they develop, the global
// gradient norm per epoch before and after clipping, and the spectral radius of W_hh.
#pragma once
#include "training/trainingsnapshot.h"

#include <QStringList>
#include <QWidget>

class QCustomPlot;
class QCPColorMap;
class QCPGraph;
class QCPColorScale;
class QCPItemStraightLine;
class QComboBox;

namespace rnnlab {

class HoverReadout;

class GradientPlot : public QWidget {
    Q_OBJECT
public:
    explicit GradientPlot(QWidget *parent = nullptr);

    void clear();
    // Names of the recurrent layers ("LSTM 64 (layer 1)"); clears the curves.
    void setLayers(const QStringList &names);
    void appendEpochs(const std::vector<EpochRecord> &epochs);

    QCustomPlot *timePlot() const { return m_timePlot; }
    QCustomPlot *heatPlot() const { return m_heatPlot; }
    QCustomPlot *normPlot() const { return m_normPlot; }
    QCustomPlot *radiusPlot() const { return m_radiusPlot; }
    QList<QCustomPlot *> plots() const { return {m_timePlot, m_heatPlot, m_normPlot, m_radiusPlot}; }
    QList<HoverReadout *> readouts() const { return m_readouts; }
    // The recurrent layer chosen in the one combo box: the heat map's and the run overlays'.
    int heatMapLayer() const;
    int epochCount() const { return int(m_epochs.size()); }

signals:
    void layerChanged(int layer);
    // setLayers() removed every graph: overlays of other runs (runoverlays.h) come back.
    void curvesReset();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void rebuildCurves();
    void rebuildHeatMap();
    void replotAll();

    QCustomPlot *m_timePlot;
    QCustomPlot *m_heatPlot;
    QCustomPlot *m_normPlot;
    QCustomPlot *m_radiusPlot;
    QComboBox *m_layerCombo;
    QCPColorMap *m_map;
    QCPColorScale *m_scale;
    QCPItemStraightLine *m_threshold;
    QList<HoverReadout *> m_readouts;
    QStringList m_layers;
    QList<QCPGraph *> m_timeCurves; // this run's, one per layer; graphs after them are overlays
    std::vector<EpochRecord> m_epochs;
    bool m_stale = false; // changed while hidden: replot when shown
};

} // namespace rnnlab
