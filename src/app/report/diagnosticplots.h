// A run's forecast diagnostics for a report made from run records: the model's
// one-step residuals on the test span over time, their autocorrelation and histogram
// (plots/residualsview.h) and, when the horizon H > 1, the MAE by forecast step of the
// model and every baseline (plots/horizonerrorplot.h), recomputed from the record's
// weights and settings on the series it was trained on. The window's own tabs are the
// same widgets, so a report shows what the Residuals and Horizon tabs showed.
#pragma once
#include "report/runoverlayplots.h"

namespace rnnlab {

// Three or four plots, children of `parent`, each `width` x `height`; none when the run
// has no weights, diverged, or its settings give no test split.
// Throws std::invalid_argument when the series does not give the run's windows.
QList<RunOverlayPlot> makeDiagnosticPlots(const RunRecord &run, const Series &raw, QWidget *parent, int width = 900,
                                          int height = 480);

} // namespace rnnlab
