// rnnlab-cli's data-loading options as a user passes them (--time, --date-format,
// --delimiter, --decimal, --skip-rows, --na-values, --filter), on train, forecast and
// bench --load, in a child process: exit codes, messages that name the option to use,
// and the ISO 8601 times predictions.csv writes back. Nothing here is timed.
#include "support/cli_run.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>

namespace {

using Run = CliRun;

Run cli(const QStringList &args)
{
    return runCli(args, 120000);
}

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) {
        qFatal("cannot write %s", qPrintable(path));
    }
    return path;
}

// 80 rows of a Jena-like file: DD.MM.YYYY HH:MM:SS every 10 minutes, a sine of temperature.
QByteArray jena()
{
    QByteArray t = "\"Date Time\",\"T (degC)\"\n";
    for (int i = 0; i < 80; ++i) {
        const int minutes = 10 * (i + 1);
        t += QString("%1.01.2009 %2:%3:00,%4\n")
                 .arg(1 + minutes / 1440, 2, 10, QChar('0'))
                 .arg(minutes % 1440 / 60, 2, 10, QChar('0'))
                 .arg(minutes % 60, 2, 10, QChar('0'))
                 .arg(std::sin(i * 0.3), 0, 'f', 4)
                 .toUtf8();
    }
    return t;
}

QStringList quickTrain(const QString &data, const QStringList &extra = {})
{
    return QStringList{"train", "--data", data, "--model", "gru:4,dense", "--lookback", "6", "--epochs", "1"} + extra;
}

} // namespace

class TestCliData : public QObject
{
    Q_OBJECT

private slots:
    void predictionsWriteIsoTimes();
    void longFormatNamesFilter();
    void naValuesAndMissingPolicy();
    void dropWithDiffNamesTheOption();
    void badLoadOptions_data();
    void badLoadOptions();
    void benchLoadTakesLoadOptions();
    void forecastReadsTheFileAsTrainDid();

private:
    QTemporaryDir m_dir;
};

void TestCliData::predictionsWriteIsoTimes()
{
    const QString data = write(m_dir, "jena.csv", jena());
    const QString out = m_dir.filePath("out-jena");
    const Run r = cli(quickTrain(data, {"--out", out}));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QFile f(out + "/predictions.csv");
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> l = f.readAll().split('\n');
    // Row 6 (the first target after a lookback of 6) is 70 minutes after midnight.
    QVERIFY2(l[1].startsWith("2009-01-01T01:10,"), l[1].constData());
    const nlohmann::json summary = nlohmann::json::parse(r.out.split('\n').at(1).toStdString())["summary"];
    QCOMPARE(QString::fromStdString(summary["series"].get<std::string>()),
             QString("80 rows, 2009-01-01T00:10 .. 2009-01-01T13:20, every 10 minutes"));
    // The same file read with an explicit format.
    const Run e = cli(quickTrain(data, {"--date-format", "%d.%m.%Y %H:%M:%S"}));
    QVERIFY2(e.code == 0, qPrintable(e.describe()));
}

void TestCliData::longFormatNamesFilter()
{
    QByteArray t = "date,symbol,close\n";
    for (int d = 1; d <= 28; ++d) {
        for (const char *s : {"AAPL", "MSFT"}) {
            t += QString("2020-02-%1,%2,%3\n").arg(d, 2, 10, QChar('0')).arg(s).arg(100 + d + (s[0] == 'M' ? 50 : 0)).toUtf8();
        }
    }
    const QString data = write(m_dir, "long.csv", t);
    const Run r = cli(quickTrain(data));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("long format, one per symbol (AAPL, MSFT)") && r.err.contains("--filter symbol=AAPL"),
             r.err.constData());
    const Run ok = cli(quickTrain(data, {"--filter", "symbol=MSFT"}));
    QVERIFY2(ok.code == 0, qPrintable(ok.describe()));
    QVERIFY2(ok.err.contains("kept the 28 rows with symbol = MSFT"), ok.err.constData());
}

void TestCliData::naValuesAndMissingPolicy()
{
    QByteArray t = "date,v\n";
    for (int d = 1; d <= 40; ++d) {
        t += QString("2020-%1-%2,%3\n")
                 .arg(1 + (d - 1) / 28, 2, 10, QChar('0'))
                 .arg(1 + (d - 1) % 28, 2, 10, QChar('0'))
                 .arg(d == 20 ? QString("--") : QString::number(d))
                 .toUtf8();
    }
    const QString data = write(m_dir, "na.csv", t);
    const Run plain = cli(quickTrain(data));
    QCOMPARE(plain.code, 2);
    QVERIFY2(plain.err.contains(":21: column \"v\": \"--\" is not a number"), plain.err.constData());
    const Run reject = cli(quickTrain(data, {"--na-values", "--,n.a."}));
    QCOMPARE(reject.code, 2);
    QVERIFY2(reject.err.contains("1 missing value, the first here; choose a missing-value policy"), reject.err.constData());
    const Run ok = cli(quickTrain(data, {"--na-values", "--,n.a.", "--missing", "interpolate"}));
    QVERIFY2(ok.code == 0, qPrintable(ok.describe()));
}

void TestCliData::dropWithDiffNamesTheOption()
{
    QByteArray t = "date,v\n";
    for (int d = 1; d <= 28; ++d) {
        t += QString("2020-02-%1,%2\n").arg(d, 2, 10, QChar('0')).arg(d == 10 ? QString("?") : QString::number(d * 1.5)).toUtf8();
    }
    const QString data = write(m_dir, "gap.csv", t);
    const Run r = cli(quickTrain(data, {"--missing", "drop", "--transform", "diff"}));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("first: line 11") && r.err.contains("--missing interpolate"), r.err.constData());
    const Run ok = cli(quickTrain(data, {"--missing", "drop", "--transform", "none"}));
    QVERIFY2(ok.code == 0, qPrintable(ok.describe()));
}

void TestCliData::badLoadOptions_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("delimiter") << QStringList{"--delimiter", "x"} << "--delimiter: \"x\" is not auto";
    QTest::newRow("decimal") << QStringList{"--decimal", ";"} << "--decimal: \";\" is not auto, '.' or ','";
    QTest::newRow("comma twice") << QStringList{"--decimal", ",", "--delimiter", ","} << "--decimal , needs another --delimiter";
    QTest::newRow("skip") << QStringList{"--skip-rows", "-1"} << "--skip-rows: -1 is out of range";
    QTest::newRow("filter") << QStringList{"--filter", "symbol"} << "--filter: \"symbol\" is not COL=VALUE";
    QTest::newRow("format") << QStringList{"--date-format", "DD.MM.YYYY"} << "--date-format: \"DD.MM.YYYY\" has no % field";
    QTest::newRow("time column") << QStringList{"--time", "when"} << "column \"when\": no such column (the columns are date, passengers)";
}

void TestCliData::badLoadOptions()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    const Run r = cli(quickTrain(QStringLiteral(RNNLAB_SAMPLE_DATA "/airpassengers.csv"), extra));
    QCOMPARE(r.code, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
}

void TestCliData::benchLoadTakesLoadOptions()
{
    const Run r = cli({"bench", "--load", QStringLiteral(RNNLAB_SAMPLE_DATA "/nile.csv"), "--time", "none"});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j["rows"].get<int>(), 100);
    QCOMPARE(j["value_columns"].get<int>(), 2); // year read as a value
    QVERIFY(j["rows_per_second"].get<double>() > 0);
}

void TestCliData::forecastReadsTheFileAsTrainDid()
{
    // Two lines of notes above the header: train needs --skip-rows 2, and forecast
    // finds it in the model file.
    const QString data = write(m_dir, "notes.csv", "logger v2\nunits: degC\n" + jena());
    const QString model = m_dir.filePath("notes-model.json");
    const Run t = cli(quickTrain(data, {"--skip-rows", "2", "--save", model}));
    QVERIFY2(t.code == 0, qPrintable(t.describe()));
    const Run f = cli({"forecast", "--model", model, "--data", data, "--steps", "3"});
    QVERIFY2(f.code == 0, qPrintable(f.describe()));
    const QList<QByteArray> l = f.out.split('\n');
    QCOMPARE(l[0], QByteArray("time,forecast"));
    // The 80 rows end at 13:20; the forecast continues every 10 minutes.
    QVERIFY2(l[1].startsWith("2009-01-01T13:30,"), l[1].constData());
    QVERIFY2(l[3].startsWith("2009-01-01T13:50,"), l[3].constData());
    // Options given to forecast replace the stored ones.
    const Run wrong = cli({"forecast", "--model", model, "--data", data, "--steps", "3", "--skip-rows", "0"});
    QCOMPARE(wrong.code, 2);
}

QTEST_APPLESS_MAIN(TestCliData)
#include "tst_core_cli_data.moc"
