// The report (offscreen): the HTML parses as XML, holds one inline <svg> per plot with
// something drawn in it, every section, escaped text and no reference to any other
// file; the PDF has the pages the layout promises (text pages, then two plots a page);
// unwritable paths fail with a message naming them. RNNLAB_REPORT_DIR=dir keeps a copy
// of report.html and report.pdf there (to look at them: pdftoppm -png report.pdf page).
#include "report/report.h"
#include "report/diagnosticplots.h"
#include "report/reportcontent.h"
#include "report/runoverlayplots.h"
#include "runs/comparison.h"
#include "runs/run_trainer.h"
#include "runs/sha256.h"

#include <qcustomplot.h>

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <memory>

using namespace rnnlab;

namespace {

const std::string kAir = RNNLAB_SAMPLE_DATA "/airpassengers.csv";

// What a walk over the HTML as XML found.
struct HtmlScan {
    QString error;           // the parser's complaint; empty if well-formed
    int svgs = 0;            // <svg> elements in the SVG namespace
    QList<int> drawn;        // per svg: path/polyline/polygon/rect/text elements inside it
    QStringList headings;    // h1/h2/h3 texts
    QStringList cells;       // th/td texts
    QStringList external;    // href/src attribute values that are neither "#..." nor "data:..."
    QStringList forbidden;   // script, link, img, iframe, object elements
};

HtmlScan scanHtml(const QByteArray &html)
{
    HtmlScan s;
    QXmlStreamReader xml(html);
    int svgDepth = 0;
    QString heading, cell;
    bool inHeading = false, inCell = false;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            const QString name = xml.name().toString();
            if (name == QLatin1String("svg") && xml.namespaceUri() == QLatin1String("http://www.w3.org/2000/svg")
                && svgDepth == 0) {
                ++s.svgs;
                s.drawn << 0;
            }
            if (name == QLatin1String("svg")) {
                ++svgDepth;
            } else if (svgDepth > 0 && QStringList{"path", "polyline", "polygon", "rect", "text"}.contains(name)) {
                ++s.drawn.last();
            }
            for (const QXmlStreamAttribute &a : xml.attributes()) {
                if (a.name() == QLatin1String("href") || a.name() == QLatin1String("src")) {
                    const QString v = a.value().toString();
                    if (!v.startsWith('#') && !v.startsWith(QLatin1String("data:"))) {
                        s.external << v;
                    }
                }
            }
            if (QStringList{"script", "link", "img", "iframe", "object"}.contains(name)) {
                s.forbidden << name;
            }
            inHeading = QStringList{"h1", "h2", "h3"}.contains(name);
            inCell = name == QLatin1String("td") || name == QLatin1String("th");
            heading.clear();
            cell.clear();
        } else if (token == QXmlStreamReader::Characters) {
            heading += inHeading ? xml.text().toString() : QString();
            cell += inCell ? xml.text().toString() : QString();
        } else if (token == QXmlStreamReader::EndElement) {
            const QString name = xml.name().toString();
            if (name == QLatin1String("svg")) {
                --svgDepth;
            }
            if (inHeading) {
                s.headings << heading;
            }
            if (inCell) {
                s.cells << cell;
            }
            inHeading = inCell = false;
        }
    }
    if (xml.hasError()) {
        s.error = QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    }
    return s;
}

// Page objects in the PDF ("/Type /Page", not "/Pages").
int pdfPageObjects(const QByteArray &pdf)
{
    static const QRegularExpression re(QStringLiteral("/Type\\s*/Page(?![s\\w])"));
    return int(QString::fromLatin1(pdf).count(re));
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void htmlIsSelfContainedAndHasOneSvgPerPlot();
    void contentDescribesDataModelSettingsAndMetrics();
    void textIsEscaped();
    void pdfHasTextPagesThenTwoPlotsPerPage_data();
    void pdfHasTextPagesThenTwoPlotsPerPage();
    void unwritablePathsFailWithTheirName();
    void reportToolWritesBothFiles();
    void reportToolRefusesOtherData();
    void diagnosticsHaveResidualsAndErrorByStep();

private:
    ReportContent content(int plots) const;

    Series m_air;
    std::vector<RunRecord> m_runs;
    std::unique_ptr<QWidget> m_host;
    QList<RunOverlayPlot> m_plots;
};

void TestReport::initTestCase()
{
    m_air = loadSeries(kAir);
    RunSettings base;
    base.data.file = kAir;
    base.data.checksum = fileChecksum(kAir);
    base.windows.lookback = 12;
    base.spec = parseModelSpec("lstm:8,dense", 1, 1);
    base.train.epochs = 4;
    base.train.batchSize = 16;
    ComparisonAxes axes;
    axes.cells = {LayerType::Rnn, LayerType::Lstm, LayerType::Gru};
    m_runs = runComparison(planComparison(base, axes), m_air, 1);
    m_host = std::make_unique<QWidget>();
    m_plots = makeRunOverlayPlots(m_runs, m_host.get());
    QCOMPARE(m_plots.size(), 4);
}

ReportContent TestReport::content(int plots) const
{
    ReportContent c = reportFromRuns(m_runs, m_air);
    c.subtitle = QStringLiteral("Compare cells on the airline data");
    for (int i = 0; i < plots; ++i) {
        const RunOverlayPlot &p = m_plots[i % m_plots.size()];
        c.plots.append({p.title, p.plot, QSize(900, 480)});
    }
    return c;
}

void TestReport::htmlIsSelfContainedAndHasOneSvgPerPlot()
{
    const ReportContent c = content(4);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("report.html"));
    QString error;
    QVERIFY2(ReportWriter::writeHtml(path, c, &error), qPrintable(error));
    const QByteArray html = readAll(path);
    QVERIFY(html.startsWith("<!DOCTYPE html>"));
    const HtmlScan s = scanHtml(html);
    QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
    QCOMPARE(s.svgs, 4);
    for (int i = 0; i < s.drawn.size(); ++i) {
        QVERIFY2(s.drawn[i] > 10, qPrintable(QString("svg %1 draws only %2 elements").arg(i).arg(s.drawn[i])));
    }
    QVERIFY2(s.external.isEmpty(), qPrintable(s.external.join(", ")));
    QVERIFY2(s.forbidden.isEmpty(), qPrintable(s.forbidden.join(", ")));
    for (const char *h : {"Data", "Model", "Settings", "Metrics", "Plots"}) {
        QVERIFY2(s.headings.contains(h), h);
    }
    for (const RunOverlayPlot &p : m_plots) {
        QVERIFY2(s.headings.contains(p.title), qPrintable(p.title));
    }
    // The legend text of the plots is in the SVG as text, so the report is searchable.
    QVERIFY(html.contains("gru train"));
    const QString copy = qEnvironmentVariable("RNNLAB_REPORT_DIR");
    if (!copy.isEmpty()) {
        QVERIFY(ReportWriter::writeHtml(copy + QStringLiteral("/report.html"), c));
        QVERIFY(ReportWriter::writePdf(copy + QStringLiteral("/report.pdf"), c));
    }
}

void TestReport::contentDescribesDataModelSettingsAndMetrics()
{
    const ReportContent c = content(0);
    const HtmlScan s = scanHtml(ReportWriter::html(c));
    QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
    QCOMPARE(s.svgs, 0);
    // Data: file, checksum, rows, span, columns, transform, windows and split.
    QStringList keys;
    for (const auto &kv : c.data) {
        keys << kv.first;
    }
    for (const char *k : {"file", "checksum", "rows", "span", "columns", "transform", "windows", "split"}) {
        QVERIFY2(keys.contains(k), k);
    }
    QVERIFY(s.cells.contains(QString::fromStdString(fileChecksum(kAir))));
    QVERIFY(s.cells.contains(QStringLiteral("144")));
    QVERIFY(s.cells.contains(QStringLiteral("1949-01 – 1960-12")));
    QVERIFY(s.cells.contains(QStringLiteral("lookback 12, horizon 1, stride 1")));
    // The model summary: one row per layer plus a total per run; the parameter counts add up.
    QCOMPARE(c.model.rows.size(), 3 * 3);
    const Model<float> lstm(m_runs[1].settings.spec);
    QCOMPARE(c.model.rows[5].last(), QString::number(lstm.params().size()));
    // Settings: one column per run; the model row differs and is marked, the seed does not.
    QCOMPARE(c.settings.header, (QStringList{"setting", "rnn", "lstm", "gru"}));
    bool modelMarked = false, seedPlain = false;
    for (const QStringList &row : c.settings.rows) {
        QCOMPARE(row.size(), 4);
        modelMarked = modelMarked || (row[0] == QLatin1String("model *") && row[1] == QLatin1String("rnn:8,dense"));
        seedPlain = seedPlain || (row[0] == QLatin1String("seed") && row[3] == QLatin1String("1"));
    }
    QVERIFY(modelMarked);
    QVERIFY(seedPlain);
    QVERIFY(c.settings.rows.size() >= 19);
    // Metrics: one row per run, then the baselines.
    QCOMPARE(c.metrics.size(), 2);
    QCOMPARE(c.metrics[0].rows.size(), 3);
    QCOMPARE(c.metrics[0].rows[2][0], QString("gru"));
    QCOMPARE(c.metrics[0].rows[2][1], QString("finished"));
    QCOMPARE(c.metrics[0].rows[2][8], reportNumber(*m_runs[2].test[0].metrics.mase));
    QVERIFY(c.metrics[1].rows.size() >= 2);
    QCOMPARE(c.metrics[1].rows[0][0], QString("naive"));
}

void TestReport::textIsEscaped()
{
    ReportContent c = content(1);
    c.title = QStringLiteral("Runs <b>&</b> \"quotes\"");
    c.data.append({QStringLiteral("note"), QStringLiteral("a < b && c > d")});
    const QByteArray html = ReportWriter::html(c);
    const HtmlScan s = scanHtml(html);
    QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
    QVERIFY(s.headings.contains(c.title));
    QVERIFY(s.cells.contains(QStringLiteral("a < b && c > d")));
    QVERIFY(!html.contains("<b>&</b>"));
}

void TestReport::pdfHasTextPagesThenTwoPlotsPerPage_data()
{
    QTest::addColumn<int>("plots");
    QTest::addColumn<int>("plotPages");
    QTest::newRow("no plots") << 0 << 0;
    QTest::newRow("one plot") << 1 << 1;
    QTest::newRow("three plots") << 3 << 2;
    QTest::newRow("four plots") << 4 << 2;
    QTest::newRow("five plots") << 5 << 3;
}

void TestReport::pdfHasTextPagesThenTwoPlotsPerPage()
{
    QFETCH(int, plots);
    QFETCH(int, plotPages);
    QTemporaryDir dir;
    // The text alone first: how many pages it takes on this machine's fonts.
    int textPages = 0;
    QVERIFY(ReportWriter::writePdf(dir.filePath(QStringLiteral("text.pdf")), content(0), nullptr, &textPages));
    QVERIFY(textPages >= 1);
    QCOMPARE(pdfPageObjects(readAll(dir.filePath(QStringLiteral("text.pdf")))), textPages);

    const QString path = dir.filePath(QStringLiteral("report.pdf"));
    int pages = 0;
    QString error;
    QVERIFY2(ReportWriter::writePdf(path, content(plots), &error, &pages), qPrintable(error));
    QCOMPARE(pages, textPages + plotPages);
    const QByteArray pdf = readAll(path);
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    QCOMPARE(pdfPageObjects(pdf), pages);
    const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
    if (!pdfinfo.isEmpty()) { // poppler's own count, when it is installed
        QProcess p;
        p.start(pdfinfo, {path});
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("Pages:\\s+%1\\b").arg(pages))), qPrintable(out));
    }
}

void TestReport::unwritablePathsFailWithTheirName()
{
    const ReportContent c = content(1);
    const QString html = QStringLiteral("/nonexistent-dir/report.html");
    const QString pdf = QStringLiteral("/nonexistent-dir/report.pdf");
    QString error;
    QVERIFY(!ReportWriter::writeHtml(html, c, &error));
    QVERIFY2(error.contains(html), qPrintable(error));
    error.clear();
    QVERIFY(!ReportWriter::writePdf(pdf, c, &error));
    QVERIFY2(error.contains(pdf), qPrintable(error));
}

namespace {
struct Tool {
    int code = -1;
    QByteArray err;
};

Tool runTool(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RNNLAB_REPORT_TOOL), args);
    Tool t;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return t;
    }
    t.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    t.err = p.readAllStandardError();
    return t;
}
} // namespace

void TestReport::reportToolWritesBothFiles()
{
    QTemporaryDir dir;
    QStringList args{QStringLiteral("--data"), QString::fromStdString(kAir), QStringLiteral("--title"), QStringLiteral("Cells"),
                     QStringLiteral("--html"), dir.filePath(QStringLiteral("r.html")), QStringLiteral("--pdf"),
                     dir.filePath(QStringLiteral("r.pdf"))};
    for (const RunRecord &r : m_runs) {
        const QString path = dir.filePath(QString::fromStdString(r.name) + QStringLiteral(".json"));
        saveRunRecord(path.toStdString(), r);
        args << path;
    }
    const Tool t = runTool(args);
    QVERIFY2(t.code == 0, t.err.constData());
    const HtmlScan s = scanHtml(readAll(dir.filePath(QStringLiteral("r.html"))));
    QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
    // The four overlays, then the first run's residuals over time, ACF and histogram
    // (horizon 1: no error-by-step plot).
    QCOMPARE(s.svgs, 7);
    for (int i = 0; i < s.drawn.size(); ++i) {
        QVERIFY2(s.drawn[i] > 10, qPrintable(QString("svg %1 draws only %2 elements").arg(i).arg(s.drawn[i])));
    }
    QVERIFY(s.headings.contains(QStringLiteral("Residual histogram (%1)").arg(QString::fromStdString(m_runs[0].name))));
    QVERIFY(s.headings.contains(QStringLiteral("Cells")));
    QVERIFY(s.cells.contains(QStringLiteral("gru")));
    QVERIFY(pdfPageObjects(readAll(dir.filePath(QStringLiteral("r.pdf")))) >= 3);
}

void TestReport::diagnosticsHaveResidualsAndErrorByStep()
{
    RunSettings st = m_runs[0].settings;
    st.windows.horizon = 3;
    st.spec = parseModelSpec("gru:6,dense", 1, 3);
    st.train.epochs = 3;
    const RunRecord run = trainRun("h3", st, m_air);
    QWidget host;
    const QList<RunOverlayPlot> plots = makeDiagnosticPlots(run, m_air, &host, 800, 400);
    QCOMPARE(plots.size(), 4);
    QVERIFY(plots[0].title.startsWith(QStringLiteral("Residuals on the test span (h3)")));
    QVERIFY(plots[1].title.contains(QStringLiteral("Ljung")));
    QVERIFY(plots[3].title.startsWith(QStringLiteral("MAE by forecast step")));
    for (const RunOverlayPlot &p : plots) {
        QCOMPARE(p.plot->size(), QSize(800, 400));
        QVERIFY2(p.plot->plottableCount() > 0, qPrintable(p.title));
    }
    // Residuals: one per test window; the error by step: one curve per method, 3 steps.
    QCOMPARE(plots[0].plot->graph(0)->data()->size(), int(makeWindows(preparedSeries(m_air, st.windows), st.windows).test.size()));
    QVERIFY(plots[3].plot->graphCount() >= 5);
    for (int i = 0; i < plots[3].plot->graphCount(); ++i) {
        QCOMPARE(plots[3].plot->graph(i)->data()->size(), 3);
    }
    // A run without weights has no diagnostics.
    RunRecord untrained = run;
    untrained.params.clear();
    QVERIFY(makeDiagnosticPlots(untrained, m_air, &host).isEmpty());
}

void TestReport::reportToolRefusesOtherData()
{
    QTemporaryDir dir;
    const QString run = dir.filePath(QStringLiteral("run.json"));
    saveRunRecord(run.toStdString(), m_runs[0]);
    const QString other = QStringLiteral(RNNLAB_SAMPLE_DATA "/echo_lag20.csv");
    const QString html = dir.filePath(QStringLiteral("r.html"));
    Tool t = runTool({QStringLiteral("--data"), other, QStringLiteral("--html"), html, run});
    QCOMPARE(t.code, 2);
    QVERIFY2(t.err.contains("echo_lag20.csv") && t.err.contains("checksum"), t.err.constData());
    QVERIFY(!QFile::exists(html));
    t = runTool({QStringLiteral("--data"), QString::fromStdString(kAir), QStringLiteral("--html"), html});
    QCOMPARE(t.code, 2);
    QVERIFY2(t.err.contains("no run files"), t.err.constData());
    t = runTool({QStringLiteral("--data"), QString::fromStdString(kAir), QStringLiteral("--html"), html,
                 dir.filePath(QStringLiteral("missing.json"))});
    QCOMPARE(t.code, 2);
    QVERIFY2(t.err.contains("missing.json"), t.err.constData());
}

QTEST_MAIN(TestReport)
#include "tst_app_report.moc"
