// The loss plot: training and validation loss per epoch, raw points always visible,
// an exponential-smoothing slider drawing smoothed curves over them, a log-scale
// switch and a mark at the best validation epoch.
#pragma once
#include "training/trainingsnapshot.h"

#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCheckBox;
class QSlider;
class QLabel;

namespace rnnlab {

class HoverReadout;

class LossPlot : public QWidget {
    Q_OBJECT
public:
    explicit LossPlot(QWidget *parent = nullptr);

    void clear();
    void appendEpochs(const std::vector<EpochRecord> &epochs);
    void setBestEpoch(int epoch);
    void setLossName(const QString &name); // "MSE": goes into the axis label

    bool logScale() const;
    void setLogScale(bool on);
    int smoothing() const; // 0..95 (percent weight of the previous smoothed value)
    void setSmoothing(int percent);

    QCustomPlot *plot() const { return m_plot; }
    HoverReadout *readout() const { return m_readout; }
    int pointCount() const; // raw training points plotted
    // The axes fit every graph again (after other runs' curves were added or removed).
    void refit() { rescale(); }

private:
    void updateSmoothed();
    void rescale();

    QCustomPlot *m_plot;
    QCheckBox *m_logCheck;
    QSlider *m_smoothSlider;
    QLabel *m_smoothLabel;
    QCPGraph *m_trainRaw, *m_valRaw, *m_trainSmooth, *m_valSmooth;
    QCPItemStraightLine *m_bestLine;
    QCPItemText *m_bestText;
    HoverReadout *m_readout;
    int m_bestEpoch = 0;
};

} // namespace rnnlab
