// Runs drawn side by side, one colour per run with a legend entry each, for a report
// made from run records alone: the loss curves (train solid, validation dashed), the
// gradient through time of the first recurrent layer in the last epoch, the global
// gradient norm before (solid) and after (dashed) clipping, and the spectral radius.
// Not the window's live overlays (those follow the run list); the same looks.
#pragma once
#include "runs/run_record.h"

#include <QList>
#include <QString>

class QCustomPlot;
class QWidget;

namespace rnnlab {

struct RunOverlayPlot {
    QString title;
    QCustomPlot *plot = nullptr; // owned by the parent given to makeRunOverlayPlots
};

// Four plots (loss, gradient through time, global norm, spectral radius), each `width`
// x `height` pixels, children of `parent`.
QList<RunOverlayPlot> makeRunOverlayPlots(const std::vector<RunRecord> &runs, QWidget *parent, int width = 900,
                                          int height = 480);

} // namespace rnnlab
