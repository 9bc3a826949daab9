// The runs of the last comparison side by side in a tab of the window: loss, gradient
// through time, global norm before/after clipping and spectral radius, one colour per
// run (the report's overlay plots). A stand-in until the run list's overlays draw
// compared runs in the window's own plots; then this tab can go.
#pragma once
#include "runs/run_record.h"

#include <QWidget>

class QGridLayout;
class QLabel;
class QCustomPlot;

namespace rnnlab {

class ComparisonOverlayView : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonOverlayView(QWidget *parent = nullptr);
    // Replaces the plots with those of `runs` (none: a hint where they come from).
    void setRuns(const std::vector<RunRecord> &runs);
    QList<QCustomPlot *> plots() const { return m_plots; }

private:
    QGridLayout *m_grid;
    QLabel *m_hint;
    QList<QWidget *> m_cells;
    QList<QCustomPlot *> m_plots;
};

} // namespace rnnlab
