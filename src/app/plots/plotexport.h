// Saving plots: PNG (raster, legend included), SVG and PDF (vector) and the plotted
// data as CSV (one row per point: curve, x, y; colour maps: key, value, z). Pictures
// have one fixed size whatever the plot's size on screen (a hidden tab's plot is tiny);
// a time axis's keys are written as ISO 8601 times.
#pragma once
#include <QSize>
#include <QString>

class QCustomPlot;
class QWidget;

namespace rnnlab {

inline constexpr QSize kExportSize{1200, 800};   // PNG pixels, SVG view box
inline constexpr QSize kExportPdfSize{576, 384}; // PDF points: 8 x 5.33 in

bool savePlotPng(QCustomPlot *plot, const QString &path);
bool savePlotPdf(QCustomPlot *plot, const QString &path);
bool savePlotSvg(QCustomPlot *plot, const QString &path);
bool savePlotCsv(QCustomPlot *plot, const QString &path, QString *error = nullptr);
// Right-click menu on a plot: save as PNG / SVG / PDF / CSV, reset zoom. `name` is the default file stem.
void installPlotContextMenu(QCustomPlot *plot, const QString &name, QWidget *dialogParent);

} // namespace rnnlab
