// The HTML and PDF report writers (see report.h). The HTML is written as XHTML-style
// markup (every element closed, every text escaped) so it is also well-formed XML and
// a test can walk it with QXmlStreamReader. The PDF lays out the text part with
// QTextDocument and draws each plot with QCustomPlot's vector painter.
#include "report/report.h"

#include <qcustomplot.h>

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextDocument>

namespace rnnlab {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

const char *kCss = R"(
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #222; max-width: 60em; margin: 2em auto; }
h1 { font-size: 18pt; margin-bottom: 0.1em; }
h2 { font-size: 13pt; margin-top: 1.4em; border-bottom: 1px solid #bbb; }
h3 { font-size: 11pt; margin-bottom: 0.3em; }
p.subtitle { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 0.4em 0; }
th, td { border: 1px solid #ccc; padding: 2px 5px; text-align: left; white-space: nowrap; font-size: 9pt; }
th { background: #f0f0f0; }
td.num { text-align: right; }
p.note { color: #666; font-size: 9pt; }
div.plot svg { max-width: 100%; height: auto; }
)";

// A cell that reads as a number is right-aligned.
bool looksNumeric(const QString &s)
{
    bool ok = false;
    s.toDouble(&ok);
    return ok;
}

QString tableHtml(const ReportTable &t, int headingLevel)
{
    QString h;
    if (t.header.isEmpty()) {
        return h;
    }
    if (!t.title.isEmpty()) {
        h += QStringLiteral("<h%1>%2</h%1>\n").arg(headingLevel).arg(esc(t.title));
    }
    h += QStringLiteral("<table>\n<tr>");
    for (const QString &c : t.header) {
        h += QStringLiteral("<th>") + esc(c) + QStringLiteral("</th>");
    }
    h += QStringLiteral("</tr>\n");
    for (const QStringList &row : t.rows) {
        h += QStringLiteral("<tr>");
        for (const QString &c : row) {
            h += (looksNumeric(c) ? QStringLiteral("<td class=\"num\">") : QStringLiteral("<td>")) + esc(c)
                + QStringLiteral("</td>");
        }
        h += QStringLiteral("</tr>\n");
    }
    h += QStringLiteral("</table>\n");
    if (!t.note.isEmpty()) {
        h += QStringLiteral("<p class=\"note\">") + esc(t.note) + QStringLiteral("</p>\n");
    }
    return h;
}

// Everything but the plots, shared by the HTML file and the PDF's text pages.
QString textHtml(const ReportContent &c, bool withPlots)
{
    QString h;
    h += QStringLiteral("<h1>") + esc(c.title) + QStringLiteral("</h1>\n");
    if (!c.subtitle.isEmpty()) {
        h += QStringLiteral("<p class=\"subtitle\">") + esc(c.subtitle) + QStringLiteral("</p>\n");
    }
    if (!c.data.isEmpty()) {
        h += QStringLiteral("<h2>Data</h2>\n<table>\n");
        for (const auto &[key, value] : c.data) {
            h += QStringLiteral("<tr><th>") + esc(key) + QStringLiteral("</th><td>") + esc(value)
                + QStringLiteral("</td></tr>\n");
        }
        h += QStringLiteral("</table>\n");
    }
    if (!c.model.header.isEmpty()) {
        h += QStringLiteral("<h2>Model</h2>\n") + tableHtml(c.model, 3);
    }
    if (!c.settings.header.isEmpty()) {
        h += QStringLiteral("<h2>Settings</h2>\n") + tableHtml(c.settings, 3);
    }
    if (!c.metrics.isEmpty()) {
        h += QStringLiteral("<h2>Metrics</h2>\n");
        for (const ReportTable &t : c.metrics) {
            h += tableHtml(t, 3);
        }
    }
    if (withPlots && !c.plots.isEmpty()) {
        h += QStringLiteral("<h2>Plots</h2>\n");
        for (const ReportPlot &p : c.plots) {
            const QSize size = p.size.isEmpty() && p.plot ? p.plot->size() : p.size;
            h += QStringLiteral("<div class=\"plot\">\n<h3>") + esc(p.title) + QStringLiteral("</h3>\n");
            h += QString::fromUtf8(ReportWriter::plotSvg(p.plot, size));
            h += QStringLiteral("\n</div>\n");
        }
    }
    return h;
}

QSize renderSize(const ReportPlot &p)
{
    return p.size.isEmpty() ? p.plot->size() : p.size;
}

} // namespace

QByteArray ReportWriter::plotSvg(QCustomPlot *plot, QSize size)
{
    if (!plot || size.isEmpty()) {
        return {};
    }
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    {
        QCPPainter painter;
        if (!painter.begin(&svg)) {
            return {};
        }
        // Vectors all the way: no cached pixmaps that would become embedded raster images.
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        plot->toPainter(&painter, size.width(), size.height());
        painter.end();
    }
    QByteArray bytes = buffer.data();
    // Inline SVG in HTML takes no XML prolog: keep from the <svg element on.
    const qsizetype start = bytes.indexOf("<svg");
    return start < 0 ? QByteArray() : bytes.mid(start).trimmed();
}

QByteArray ReportWriter::html(const ReportContent &content)
{
    QString h = QStringLiteral("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
                               "<meta charset=\"utf-8\"/>\n<title>")
        + esc(content.title) + QStringLiteral("</title>\n<style>") + QString::fromLatin1(kCss)
        + QStringLiteral("</style>\n</head>\n<body>\n");
    h += textHtml(content, true);
    h += QStringLiteral("</body>\n</html>\n");
    return h.toUtf8();
}

bool ReportWriter::writeHtml(const QString &path, const ReportContent &content, QString *error)
{
    const QByteArray bytes = html(content);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error) {
            *error = QObject::tr("%1: cannot write the report: %2").arg(path, file.errorString());
        }
        return false;
    }
    return true;
}

bool ReportWriter::writePdf(const QString &path, const ReportContent &content, QString *error, int *pages)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) {
            *error = QObject::tr("%1: cannot write the report: %2").arg(path, file.errorString());
        }
        return false;
    }
    int pageCount = 0;
    {
        QPdfWriter writer(&file);
        writer.setTitle(content.title);
        writer.setCreator(QStringLiteral("RNN Lab"));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setResolution(96); // painter units are CSS pixels, as on screen
        const QRectF page(0, 0, writer.width(), writer.height());

        QTextDocument doc;
        doc.documentLayout()->setPaintDevice(&writer);
        // An A4 page is 680 px wide: the runs table's eleven columns fit in a smaller font
        // with wrapping headers (at the screen's 9pt it ran past the right margin).
        doc.setDefaultStyleSheet(QString::fromLatin1(kCss)
                                 + QStringLiteral("th, td { font-size: 7.5pt; padding: 1px 3px; } th { white-space: normal; }"));
        doc.setDocumentMargin(0);
        doc.setHtml(textHtml(content, false));
        doc.setPageSize(page.size());
        const int textPages = doc.pageCount();

        QCPPainter painter;
        if (!painter.begin(&writer)) {
            if (error) {
                *error = QObject::tr("%1: cannot start the PDF").arg(path);
            }
            return false;
        }
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        painter.setMode(QCPPainter::pmNonCosmetic);
        for (int p = 0; p < textPages; ++p) {
            if (p > 0) {
                writer.newPage();
            }
            painter.save();
            painter.translate(0, -p * page.height());
            doc.drawContents(&painter, QRectF(0, p * page.height(), page.width(), page.height()));
            painter.restore();
            ++pageCount;
        }
        // The plots, two per page, each under its title and scaled to the half page.
        const double half = page.height() / 2;
        QFont titleFont = painter.font();
        titleFont.setPointSizeF(11);
        titleFont.setBold(true);
        const double titleHeight = QFontMetricsF(titleFont, &writer).height() * 1.6;
        for (int i = 0; i < content.plots.size(); ++i) {
            const ReportPlot &rp = content.plots[i];
            if (!rp.plot) {
                continue;
            }
            if (i % 2 == 0) {
                writer.newPage();
                ++pageCount;
            }
            const double top = (i % 2) * half;
            painter.setFont(titleFont);
            painter.setPen(Qt::black);
            painter.drawText(QRectF(0, top, page.width(), titleHeight), Qt::AlignLeft | Qt::AlignVCenter, rp.title);
            // Laid out again at the size it gets on the page (not scaled down), so its
            // fonts keep their point size; the aspect ratio is the widget's.
            const QSize want = renderSize(rp);
            const double fit = std::min({1.0, page.width() / want.width(), (half - titleHeight * 1.2) / want.height()});
            const QSize size(int(want.width() * fit), int(want.height() * fit));
            painter.save();
            painter.translate(0, top + titleHeight);
            rp.plot->toPainter(&painter, size.width(), size.height());
            painter.restore();
        }
        if (!painter.end()) {
            if (error) {
                *error = QObject::tr("%1: writing the PDF failed").arg(path);
            }
            return false;
        }
    }
    if (!file.commit()) {
        if (error) {
            *error = QObject::tr("%1: cannot write the report: %2").arg(path, file.errorString());
        }
        return false;
    }
    if (pages) {
        *pages = pageCount;
    }
    return true;
}

} // namespace rnnlab
