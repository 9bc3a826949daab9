// Saving plots: PNG (raster, legend included), SVG and PDF (vector) and the plotted
// data as CSV (one row per point: curve, x, y; colour maps: key, value, z).
#pragma once
#include <QString>

#include <functional>

class QCustomPlot;
class QWidget;

namespace rnnlab {

bool savePlotPng(QCustomPlot *plot, const QString &path);
bool savePlotPdf(QCustomPlot *plot, const QString &path);
bool savePlotSvg(QCustomPlot *plot, const QString &path);
bool savePlotCsv(QCustomPlot *plot, const QString &path, QString *error = nullptr);
// How savePlotCsv writes the plot's x values (a time axis: ISO 8601 text through the
// core's formatTime, as the CLI's predictions.csv); unset: the number.
void setCsvKeyFormatter(QCustomPlot *plot, std::function<QString(double)> format);
// Right-click menu on a plot: save as PNG / SVG / PDF / CSV, reset zoom. `name` is the default file stem.
void installPlotContextMenu(QCustomPlot *plot, const QString &name, QWidget *dialogParent);

} // namespace rnnlab
