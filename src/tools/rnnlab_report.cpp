// rnnlab-report: the report of saved runs without opening the window, for teachers who
// prepare material: the run.json files `rnnlab-cli compare` writes, the data file they
// were trained on, and out come one self-contained HTML file and a PDF, e.g.
//   rnnlab-report --data sample_data/echo_lag20.csv --html r.html --pdf r.pdf cmp/*/run.json
// A thin client of src/app/report (offscreen is enough: QT_QPA_PLATFORM=offscreen).
#include "report/report.h"
#include "report/reportcontent.h"
#include "report/diagnosticplots.h"
#include "report/runoverlayplots.h"
#include "runs/sha256.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QWidget>

#include <iostream>

namespace {
int fail(const QString &message)
{
    std::cerr << "rnnlab-report: " << message.toStdString() << "\n";
    return 2;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Writes the HTML and PDF report of saved runs (run.json files)."));
    parser.addHelpOption();
    const QCommandLineOption dataOpt(QStringLiteral("data"), QStringLiteral("The data file the runs were trained on."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption htmlOpt(QStringLiteral("html"), QStringLiteral("Write the HTML report here."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption pdfOpt(QStringLiteral("pdf"), QStringLiteral("Write the PDF report here."), QStringLiteral("FILE"));
    const QCommandLineOption titleOpt(QStringLiteral("title"), QStringLiteral("The report's title."), QStringLiteral("TEXT"));
    parser.addOptions({dataOpt, htmlOpt, pdfOpt, titleOpt});
    parser.addPositionalArgument(QStringLiteral("runs"), QStringLiteral("run.json files, in the order to show them."),
                                 QStringLiteral("RUN.json..."));
    parser.process(app);
    if (parser.positionalArguments().isEmpty()) {
        return fail(QStringLiteral("no run files given"));
    }
    if (!parser.isSet(dataOpt)) {
        return fail(QStringLiteral("--data is required (the file the runs were trained on)"));
    }
    if (!parser.isSet(htmlOpt) && !parser.isSet(pdfOpt)) {
        return fail(QStringLiteral("nothing to write: give --html and/or --pdf"));
    }
    try {
        std::vector<rnnlab::RunRecord> runs;
        for (const QString &path : parser.positionalArguments()) {
            runs.push_back(rnnlab::loadRunRecord(path.toStdString()));
        }
        const std::string dataPath = parser.value(dataOpt).toStdString();
        const rnnlab::Series series = rnnlab::loadSeries(dataPath);
        const std::string checksum = rnnlab::fileChecksum(dataPath);
        for (const rnnlab::RunRecord &r : runs) {
            if (!r.settings.data.checksum.empty() && r.settings.data.checksum != checksum) {
                return fail(QStringLiteral("%1 is not the file run \"%2\" was trained on (checksum %3, the run's %4)")
                                .arg(parser.value(dataOpt), QString::fromStdString(r.name), QString::fromStdString(checksum),
                                     QString::fromStdString(r.settings.data.checksum)));
            }
        }
        rnnlab::ReportContent content = rnnlab::reportFromRuns(runs, series);
        if (parser.isSet(titleOpt)) {
            content.title = parser.value(titleOpt);
        }
        content.subtitle = QStringLiteral("%1 runs, written %2 by rnnlab-report")
                               .arg(runs.size())
                               .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd hh:mm 'UTC'")));
        QWidget host;
        // The first run's residuals and error by step follow the overlays.
        for (const rnnlab::RunOverlayPlot &p :
             rnnlab::makeRunOverlayPlots(runs, &host) + rnnlab::makeDiagnosticPlots(runs[0], series, &host)) {
            content.plots.append({p.title, p.plot, {}});
        }
        QString error;
        if (parser.isSet(htmlOpt) && !rnnlab::ReportWriter::writeHtml(parser.value(htmlOpt), content, &error)) {
            return fail(error);
        }
        if (parser.isSet(pdfOpt) && !rnnlab::ReportWriter::writePdf(parser.value(pdfOpt), content, &error)) {
            return fail(error);
        }
    } catch (const std::exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
    return 0;
}
