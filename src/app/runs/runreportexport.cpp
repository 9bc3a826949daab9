// The run list's report export (see runreportexport.h).
#include "runs/runreportexport.h"

#include "report/report.h"
#include "report/diagnosticplots.h"
#include "report/reportcontent.h"
#include "report/runoverlayplots.h"

#include <QDateTime>
#include <QFileInfo>
#include <QWidget>

namespace rnnlab {

bool exportRunReport(const std::vector<RunRecord> &runs, const Series &series, const QString &htmlPath, QString *error,
                     QString *pdfPath)
{
    if (runs.empty()) {
        if (error) {
            *error = QObject::tr("no runs selected for the report");
        }
        return false;
    }
    const QFileInfo info(htmlPath);
    const QString base = info.suffix().compare(QLatin1String("html"), Qt::CaseInsensitive) == 0
                             ? info.path() + QLatin1Char('/') + info.completeBaseName()
                             : htmlPath;
    const QString html = base + QStringLiteral(".html");
    const QString pdf = base + QStringLiteral(".pdf");
    try {
        ReportContent content = reportFromRuns(runs, series);
        content.subtitle = QObject::tr("%n runs, written %1 by RNN Lab", nullptr, int(runs.size()))
                               .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd hh:mm 'UTC'")));
        QWidget host; // the plots live only while the files are written
        // The first run's residuals and error by step follow the overlays.
        for (const RunOverlayPlot &p : makeRunOverlayPlots(runs, &host) + makeDiagnosticPlots(runs[0], series, &host)) {
            content.plots.append({p.title, p.plot, {}});
        }
        if (!ReportWriter::writeHtml(html, content, error) || !ReportWriter::writePdf(pdf, content, error)) {
            return false;
        }
    } catch (const std::exception &e) {
        if (error) {
            *error = QObject::tr("%1: %2").arg(html, QString::fromStdString(e.what()));
        }
        return false;
    }
    if (pdfPath) {
        *pdfPath = pdf;
    }
    return true;
}

} // namespace rnnlab
