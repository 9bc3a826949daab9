// Saving plots: PNG (raster, legend included), SVG and PDF (vector) and the plotted
// data as CSV (one row per point: curve, x, y; colour maps: key, value, z).
#pragma once
#include <QString>

class QCustomPlot;
class QWidget;

namespace rnnlab {

bool savePlotPng(QCustomPlot *plot, const QString &path);
bool savePlotPdf(QCustomPlot *plot, const QString &path);
bool savePlotSvg(QCustomPlot *plot, const QString &path);
bool savePlotCsv(QCustomPlot *plot, const QString &path, QString *error = nullptr);
// Right-click menu on a plot: save as PNG / SVG / PDF / CSV, reset zoom. `name` is the default file stem.
void installPlotContextMenu(QCustomPlot *plot, const QString &name, QWidget *dialogParent);

} // namespace rnnlab
