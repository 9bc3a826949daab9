// Saving plots: PNG (raster, legend included), SVG and PDF (vector) and the plotted
// data as CSV (one row per point: curve, x, y; colour maps: key, value, z). Pictures
// have one fixed size whatever the plot's size on screen (a hidden tab's plot is tiny);
// a time axis's keys are written as ISO 8601 times. Each is rendered into memory and
// handed to the engine's atomic writer (io/atomic_file.h): a failed export leaves the
// old file intact and its message names the OS reason.
#pragma once
#include <QSize>
#include <QString>

class QPixmap;
#include <functional>

class QCustomPlot;
class QWidget;

namespace rnnlab {

inline constexpr QSize kExportSize{1200, 800};   // PNG pixels, SVG view box
inline constexpr QSize kExportPdfSize{576, 384}; // PDF points: 8 x 5.33 in

bool savePlotPng(QCustomPlot *plot, const QString &path, QString *error = nullptr);
bool savePlotPdf(QCustomPlot *plot, const QString &path, QString *error = nullptr);
bool savePlotSvg(QCustomPlot *plot, const QString &path, QString *error = nullptr);
bool savePlotCsv(QCustomPlot *plot, const QString &path, QString *error = nullptr);
// A picture (the window's screenshot) as PNG, written the same way.
bool savePixmapPng(const QPixmap &pixmap, const QString &path, QString *error = nullptr);
// BYTES to PATH atomically; false with *error set ("PATH: cannot write: No space left on device").
bool writeBytesAtomically(const QString &path, const QByteArray &bytes, QString *error);
// How savePlotCsv writes the plot's x values (a time axis: ISO 8601 text through the
// core's formatTime, as the CLI's predictions.csv); unset: the number.
void setCsvKeyFormatter(QCustomPlot *plot, std::function<QString(double)> format);
// Right-click menu on a plot: save as PNG / SVG / PDF / CSV, reset zoom. `name` is the default file stem.
void installPlotContextMenu(QCustomPlot *plot, const QString &name, QWidget *dialogParent);

} // namespace rnnlab
