// Saving plots: PNG (raster, legend included), SVG and PDF (vector) and the plotted
// data as CSV (one row per point: curve, x, y; colour maps: key, value, z). Each is
// rendered into memory and handed to the engine's atomic writer (io/atomic_file.h):
// a failed export leaves the old file intact and its message names the OS reason.
#pragma once
#include <QString>

class QPixmap;

class QCustomPlot;
class QWidget;

namespace rnnlab {

bool savePlotPng(QCustomPlot *plot, const QString &path, QString *error = nullptr);
bool savePlotPdf(QCustomPlot *plot, const QString &path, QString *error = nullptr);
bool savePlotSvg(QCustomPlot *plot, const QString &path, QString *error = nullptr);
bool savePlotCsv(QCustomPlot *plot, const QString &path, QString *error = nullptr);
// A picture (the window's screenshot) as PNG, written the same way.
bool savePixmapPng(const QPixmap &pixmap, const QString &path, QString *error = nullptr);
// BYTES to PATH atomically; false with *error set ("PATH: cannot write: No space left on device").
bool writeBytesAtomically(const QString &path, const QByteArray &bytes, QString *error);
// Right-click menu on a plot: save as PNG / SVG / PDF / CSV, reset zoom. `name` is the default file stem.
void installPlotContextMenu(QCustomPlot *plot, const QString &name, QWidget *dialogParent);

} // namespace rnnlab
