// The gradients view: ||dL/dh_t|| against the time step for each recurrent layer
// (latest epoch, log axis), a heat map epoch x time step with a log colour scale in
// which vanishing and exploding gradients show up as they develop, the global
// gradient norm per epoch before and after clipping, and the spectral radius of W_hh.
#pragma once
#include "training/trainingsnapshot.h"

#include <QColor>
#include <QStringList>
#include <QWidget>

class QCustomPlot;
class QCPColorMap;
class QCPGraph;
class QCPColorScale;
class QCPAxisRect;
class QCPMarginGroup;
class QCPTextElement;
class QCPItemStraightLine;
class QComboBox;

namespace rnnlab {

class HoverReadout;

// One run's heat map: ||dL/dh_t|| of the layer picked in the gradients view, per epoch.
struct HeatMapRun {
    QString name;
    QColor colour;
    std::vector<int> epochs;                // consecutive
    std::vector<std::vector<double>> norms; // [epoch index][t]
};

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

    // Other runs' heat maps side by side on one colour scale (each titled with its run's
    // name in its colour; at most kMaxHeatMaps), and the layers of the runs shown in the
    // layer picker. Empty: this window's own training and its layers.
    static constexpr int kMaxHeatMaps = 4;
    // setRunLayers() first: the picked layer is the one the runs' maps are made of.
    void setRunLayers(const QStringList &layers);
    void setRunHeatMaps(std::vector<HeatMapRun> runs);
    // The colour maps shown (tests): one, or one per run of setRunHeatMaps().
    QList<QCPColorMap *> heatMaps() const { return m_maps; }
    QCPColorScale *heatScale() const { return m_scale; }
    QStringList layerPickerItems() const;

signals:
    void layerChanged(int layer);
    // setLayers() removed every graph: overlays of other runs (runoverlays.h) come back.
    void curvesReset();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void rebuildCurves();
    void rebuildHeatMap();
    void layoutHeatMaps(const std::vector<HeatMapRun> &runs, bool titled);
    HeatMapRun ownHeatMap() const;
    void setPickerItems(const QStringList &names);
    void replotAll();

    QCustomPlot *m_timePlot;
    QCustomPlot *m_heatPlot;
    QCustomPlot *m_normPlot;
    QCustomPlot *m_radiusPlot;
    QComboBox *m_layerCombo;
    QCPColorMap *m_map;
    QCPColorScale *m_scale;
    QCPAxisRect *m_mapRect;         // the heat plot's first axis rect, m_map's
    QCPMarginGroup *m_mapGroup;
    QList<QCPColorMap *> m_maps;    // m_map first
    QList<QCPAxisRect *> m_mapRects; // m_mapRect first
    QList<QCPTextElement *> m_mapTitles;
    std::vector<HeatMapRun> m_runMaps;
    QStringList m_runLayers;
    QString m_mapLayout; // what layoutHeatMaps() last laid out
    QCPItemStraightLine *m_threshold;
    QList<HoverReadout *> m_readouts;
    QStringList m_layers;
    QList<QCPGraph *> m_timeCurves; // this run's, one per layer; graphs after them are overlays
    std::vector<EpochRecord> m_epochs;
    bool m_stale = false; // changed while hidden: replot when shown
};

} // namespace rnnlab
