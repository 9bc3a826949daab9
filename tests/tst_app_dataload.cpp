// The Data tab's reading of files (offscreen): a big file loads on a thread of its own
// and Cancel keeps the previous series; the preview colours each cell by how it was
// read and follows the reading choices; a long-format file offers its groups.
#include "datapanel.h"
#include "data/loadoptionsform.h"
#include "data/previewtable.h"
#include "data/windows.h"
#include "plots/plotexport.h"
#include "plots/plotstyle.h"
#include "plots/predictionplot.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace rnnlab;

namespace {

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) {
        qFatal("cannot write %s", qPrintable(path));
    }
    return path;
}

} // namespace

class TestAppDataLoad : public QObject
{
    Q_OBJECT

private slots:
    void cancelKeepsPreviousSeries();
    void previewColoursCellsAndFollowsChoices();
    void longFormatOffersGroups();
    void timesAreIsoInReadoutsAxesAndCsv();

private:
    QTemporaryDir m_dir;
};

void TestAppDataLoad::cancelKeepsPreviousSeries()
{
    DataPanel panel;
    panel.resize(600, 900);
    panel.show();
    QVERIFY(panel.loadFile(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv")));
    QCOMPARE(panel.series().rows(), 144);

    // 2 million rows: the loader reports progress every 65,536 rows, long before the end.
    QByteArray big = "time_s,a,b,c,d\n";
    big.reserve(2000000 * 30);
    for (int i = 0; i < 2000000; ++i) {
        big += QByteArray::number(i) + ",1.5,2.25,-3,4e2\n";
    }
    const QString path = write(m_dir, "big.csv", big);
    auto *bar = panel.findChild<QProgressBar *>();
    auto *cancel = panel.findChild<QPushButton *>(QStringLiteral("cancelLoadButton"));
    QVERIFY(bar && cancel);
    int progressSeen = 0;
    connect(bar, &QProgressBar::valueChanged, cancel, [&](int v) {
        if (v > 0 && progressSeen++ == 0) {
            QVERIFY(cancel->isVisible()); // the window shows Cancel while it loads
            cancel->click();
        }
    });
    QVERIFY(!panel.loadFile(path));
    QVERIFY(progressSeen > 0);
    QVERIFY(!panel.isLoading());
    QCOMPARE(panel.series().rows(), 144); // the previous data stays
    QVERIFY2(panel.errorText().contains("cancelled"), qPrintable(panel.errorText()));
    QVERIFY(!cancel->isVisible());

    // Without Cancel the same file loads in full.
    disconnect(bar, nullptr, cancel, nullptr);
    QVERIFY(panel.loadFile(path));
    QCOMPARE(panel.series().rows(), 2000000);
}

void TestAppDataLoad::previewColoursCellsAndFollowsChoices()
{
    DataPanel panel;
    panel.show();
    const QString path = write(m_dir, "weather.csv",
                               "date,station,temp\n01.05.1973,KNYC,67\n02.05.1973,KNYC,--\n03.05.1973,KNYC,74\n");
    // "--" is not a missing marker by default: the file does not load, and the
    // preview shows the raw fields.
    QVERIFY(!panel.loadFile(path));
    QVERIFY2(panel.errorText().contains("\"--\" is not a number"), qPrintable(panel.errorText()));
    auto *table = panel.findChild<PreviewTable *>();
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 3);

    // Naming it in the form re-reads the preview (debounced) with the choice.
    panel.loadOptionsForm()->naEdit()->setText(QStringLiteral("--"));
    QTRY_VERIFY(table->item(1, 2) && table->item(1, 2)->background().color() == PreviewTable::missingColor());
    QCOMPARE(table->item(0, 0)->background().color(), PreviewTable::timeColor());
    QVERIFY2(table->item(0, 0)->toolTip().contains("1973-05-01"), qPrintable(table->item(0, 0)->toolTip()));
    QCOMPARE(table->item(0, 1)->background().color(), PreviewTable::ignoredColor());
    QCOMPARE(table->item(0, 2)->text(), QString("67"));
    // Reload reads the whole file with the choices.
    auto *reload = panel.findChild<QPushButton *>(QStringLiteral("reloadButton"));
    QVERIFY(reload && reload->isEnabled());
    reload->click();
    QVERIFY(panel.hasSeries());
    QCOMPARE(panel.series().missing.size(), std::size_t(1));
    QCOMPARE(panel.series().ignoredColumns, std::vector<std::string>{"station"});
}

void TestAppDataLoad::longFormatOffersGroups()
{
    DataPanel panel;
    panel.show();
    QByteArray t = "date,symbol,close\n";
    for (int d = 1; d <= 9; ++d) {
        t += QString("2020-02-0%1,AAPL,%2\n2020-02-0%1,MSFT,%3\n").arg(d).arg(100 + d).arg(200 + d).toUtf8();
    }
    const QString path = write(m_dir, "long.csv", t);
    QVERIFY(panel.loadFile(path));
    QComboBox *group = panel.loadOptionsForm()->groupCombo();
    QVERIFY(group->isVisibleTo(&panel));
    QCOMPARE(group->count(), 2);
    QCOMPARE(group->currentText(), QString("AAPL"));
    QCOMPARE(panel.series().values(0, 0), 101.0);
    group->setCurrentIndex(1);
    emit group->activated(1);
    QCOMPARE(panel.series().rows(), 9);
    QCOMPARE(panel.series().values(0, 0), 201.0);
}

void TestAppDataLoad::timesAreIsoInReadoutsAxesAndCsv()
{
    QByteArray t = "time,v\n";
    for (int h = 0; h < 40; ++h) {
        t += QString("2021-01-%1T%2:00+01:00,%3\n").arg(1 + h / 24, 2, 10, QChar('0')).arg(h % 24, 2, 10, QChar('0')).arg(h).toUtf8();
    }
    const Series s = parseSeries(t.toStdString(), "utc.csv");
    QCOMPARE(timeAxisLabel(s), QString("time (UTC)"));
    QCOMPARE(timeReadout(s, s.time[1]), QString("2021-01-01T00:00Z")); // 01:00+01:00
    DataConfig c;
    c.lookback = 4;
    const Windows w = makeWindows(s, c);
    PredictionPlot plot;
    plot.setData(s, w);
    // predictions.csv from the window writes ISO times as the CLI does (was Unix seconds).
    const QString path = m_dir.filePath("predictions.csv");
    QString error;
    QVERIFY2(savePlotCsv(plot.plot(), path, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    QVERIFY2(lines.size() > 2 && lines[1].contains(",2020-12-31T23:00Z,"), lines.value(1).constData());
}

QTEST_MAIN(TestAppDataLoad)
#include "tst_app_dataload.moc"
