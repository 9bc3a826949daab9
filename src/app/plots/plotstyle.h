// Shared looks and behaviour of every RNN Lab plot: fonts, interactions, the time axis
// of a series in its natural unit, the train/val/test span shading and a colour set
// that stays the same across plots (train, validation, test, model, baselines).
#pragma once
#include "data/series.h"
#include "data/time_axis.h" // timeAt: the x of a row on the time axis

#include <QColor>
#include <QString>
#include <QVector>

class QCustomPlot;
class QCPAxis;
class QCPItemRect;
class QCPGraph;
class QPen;

namespace rnnlab {

namespace colors {
inline const QColor train{0x1f, 0x77, 0xb4};
inline const QColor val{0xff, 0x7f, 0x0e};
inline const QColor test{0x2c, 0xa0, 0x2c};
inline const QColor series{0x33, 0x33, 0x33};
inline const QColor model{0xd6, 0x27, 0x28};
inline const QColor forecast{0x94, 0x67, 0xbd};
QColor cycle(int i); // for per-layer and per-baseline curves
} // namespace colors

// Zoom and pan with the mouse, legend style, fonts that stay readable at 1280x800;
// before every replot, fitLegend() and fitAxisLabels().
void stylePlot(QCustomPlot *plot);
// Legend entries only for graphs that have data (an empty curve says nothing; entries
// this removed come back with the data), and a legend above the plot wrapped into as
// many rows as its whole names need at the plot's width.
void fitLegend(QCustomPlot *plot);
// A vertical axis title longer than its axis is set in a smaller font, then without
// its trailing parenthesis ("‖dL/dh_t‖ (L2 norm)" -> "‖dL/dh_t‖"): never clipped.
void fitAxisLabels(QCustomPlot *plot);
// Ticker and label for the series' time column (dates, years, seconds or row index).
void setupTimeAxis(QCPAxis *axis, const Series &series);
QString timeAxisLabel(const Series &series);
// An x value of a time axis for readouts: ISO 8601 at the data's resolution through
// the core's formatTime ("1958-03", "1995-Q1", "2009-01-05T12:00"), "1871", "12 s", "row 12".
QString timeReadout(const Series &series, double t);
// Moves the legend out of the plot area into one row above it, so it never hides data.
void placeLegendOnTop(QCustomPlot *plot);
// Ticks only on whole numbers (epochs, time steps), at 1, 2, 5 x 10^k spacing.
void setIntegerTicks(QCPAxis *axis);
// Sets a graph's data and, past a few thousand points, draws it with a 1 px cosmetic
// pen and no antialiasing: a wide pen turns the polyline into a filled outline, which
// takes seconds for a million points. `pen` is the pen for short series.
void setGraphData(QCPGraph *graph, const QVector<double> &x, const QVector<double> &y, const QPen &pen);
// The pen and antialiasing setGraphData() chooses for a curve of `points` points.
void styleGraphFor(QCPGraph *graph, std::size_t points, const QPen &pen);
// A logarithmic axis whose labels never crowd: 1-2-5 per decade, whole decades or
// every k-th decade, the densest that leaves room for each label at the axis' length;
// plain numbers from 0.001 to 9999, powers of ten beyond.
void setLogAxis(QCPAxis *axis);
// A shaded span [x0, x1] over the whole height of the plot's main axis rect.
QCPItemRect *addSpan(QCustomPlot *plot, double x0, double x1, const QColor &color, const QString &label);

} // namespace rnnlab
