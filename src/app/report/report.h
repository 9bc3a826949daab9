// A training report as one self-contained HTML file (the plots inline as SVG, no
// external files) and as a PDF: the data description, the model summary, every setting,
// the plots and the metric tables. The content is plain values filled by the caller
// (see reportcontent.h for filling it from run records); the plots are live QCustomPlot
// widgets, drawn as vectors into both files. Files are written with QSaveFile.
#pragma once
#include <QList>
#include <QPair>
#include <QSize>
#include <QString>
#include <QStringList>

class QCustomPlot;

namespace rnnlab {

struct ReportTable {
    QString title;
    QStringList header;
    QList<QStringList> rows; // each as long as header
    QString note;            // a line under the table; empty: none
};

struct ReportPlot {
    QString title;
    QCustomPlot *plot = nullptr; // not owned; drawn at `size` (empty: the widget's own size)
    QSize size;
};

struct ReportContent {
    QString title = QStringLiteral("RNN Lab report");
    QString subtitle;                     // e.g. the date and the program version
    QList<QPair<QString, QString>> data;  // file, checksum, rows, span, columns, transform, windows, split
    ReportTable model;                    // the model summary
    ReportTable settings;                 // every setting (one value column per run)
    QList<ReportPlot> plots;
    QList<ReportTable> metrics;
};

class ReportWriter {
public:
    // The HTML text: XHTML-compatible (it parses as XML), one <svg> per plot.
    static QByteArray html(const ReportContent &content);
    // A plot as an SVG document (what html() inlines, without the XML prolog).
    static QByteArray plotSvg(QCustomPlot *plot, QSize size);

    // Both return false and set *error (naming the file) when the file cannot be written.
    static bool writeHtml(const QString &path, const ReportContent &content, QString *error = nullptr);
    // A4 portrait: the text and tables first (as many pages as they need), then the
    // plots two per page. ensures: *pages (if given) holds the page count written.
    static bool writePdf(const QString &path, const ReportContent &content, QString *error = nullptr,
                         int *pages = nullptr);
};

} // namespace rnnlab
