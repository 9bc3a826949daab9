// Tests of the series loader (src/core/series.cpp): every file in
// tests/data/malformed behaves as its README.md requires, the formats the loader
// accepts parse to hand-computed values, every error names file, line and column,
// and the missing-value policies give hand-computed results.
#include "data/series.h"
#include "data/time_axis.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using namespace rnnlab;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// The first 24 months of AirPassengers, 1949-01 .. 1950-12.
const std::vector<double> kPassengers = {112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118,
                                         115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140};

std::string malformed(const QString &file)
{
    return std::string(RNNLAB_TEST_DATA) + "/malformed/" + file.toStdString();
}

std::string sample(const QString &file)
{
    return std::string(RNNLAB_SAMPLE_DATA) + "/" + file.toStdString();
}

std::optional<LoadError> loadErrorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const LoadError &e) {
        return e;
    }
    return std::nullopt;
}

bool isAscii(const std::string &s)
{
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return false;
        }
    }
    return true;
}

bool sameValue(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

QString columnValues(const Series &s, int c)
{
    QStringList out;
    for (int r = 0; r < s.rows(); ++r) {
        out << QString::number(s.values(r, c), 'g', 12);
    }
    return out.join(' ');
}

QString listValues(const QList<double> &v)
{
    QStringList out;
    for (double x : v) {
        out << QString::number(x, 'g', 12);
    }
    return out.join(' ');
}

bool columnEquals(const Series &s, int c, const QList<double> &expected)
{
    if (s.rows() != expected.size()) {
        return false;
    }
    for (int r = 0; r < s.rows(); ++r) {
        if (!sameValue(s.values(r, c), expected[r])) {
            return false;
        }
    }
    return true;
}

QList<double> toList(const std::vector<double> &v)
{
    return QList<double>(v.begin(), v.end());
}

// A hand-made series for the missing-value policies, times 0..4 s:
//   a = 1, NA, -, 7, NA      b = NA, 10, -, 40, 50
const char *kPolicyText = "time_s,a,b\n"
                          "0,1,NA\n"
                          "1,,10\n"
                          "2,,\n"
                          "3,7,40\n"
                          "4,NA,50\n";

} // namespace

class TestCoreSeries : public QObject
{
    Q_OBJECT

private slots:
    // A whole-number "t"/"step"/"index" column counts steps: an index, not seconds.
    void stepCounterColumnIsAnIndex()
    {
        const Series s = parseSeries("t,value\n0,1.5\n1,2.5\n2,3.5\n", "steps.csv");
        QCOMPARE(s.timeName, std::string("t"));
        QCOMPARE(s.timeKind, TimeKind::Index);
        QCOMPARE(s.time[2], 2.0);
        const Series secs = parseSeries("time_s,value\n0,1.5\n1,2.5\n", "secs.csv");
        QCOMPARE(secs.timeKind, TimeKind::Seconds);
        const Series frac = parseSeries("t,value\n0.5,1.5\n1.5,2.5\n", "frac.csv");
        QCOMPARE(frac.timeKind, TimeKind::Seconds);
    }

    // The malformed files: rejections and loads, as tests/data/malformed/README.md says.
    void rejectsMalformedFile_data();
    void rejectsMalformedFile();
    void loadsAirPassengersVariant_data();
    void loadsAirPassengersVariant();
    void loadsSemicolonDecimalComma();
    void loadsMissingValuesFile();
    void loadsHeaderlessFile();
    void loadsSingleColumn();
    void rejectsLineLongerThanLimit();

    // Formats.
    void readsTsv();
    void readsDecimalCommaWithSemicolon();
    void readsQuotedFields();
    void quotedNewlineKeepsLineNumbers();
    void parsesDatesToEpochSeconds_data();
    void parsesDatesToEpochSeconds();
    void readsYearColumn();
    void readsSecondsColumn();
    void readsHeaderlessDates();
    void readsNumberForms();
    void readsMissingTokens();
    void keepsIndexTimeWithoutTimeColumn();

    // Errors name file, line, column and problem.
    void rejectsBadText_data();
    void rejectsBadText();
    void rejectsFileLargerThanLimit();
    void rejectsMissingFile();

    // Missing-value policies.
    void appliesMissingPolicy_data();
    void appliesMissingPolicy();
    void rejectPolicyNamesCountAndFirstCell();
    void policyLeavesCompleteSeriesAlone();
    void policyOnEmptyColumnFails();
    void policyNamesRoundTrip();

    // The shipped sample data.
    void loadsSampleFile_data();
    void loadsSampleFile();
    void loadsEuStockMarkets();
};

void TestCoreSeries::rejectsMalformedFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QStringList>("fragments");

    QTest::newRow("01 empty") << "01_empty.csv" << 0 << "" << QStringList{"01_empty.csv: empty file"};
    QTest::newRow("02 header only") << "02_header_only.csv" << 1 << ""
                                    << QStringList{"02_header_only.csv:1: ", "no data rows"};
    QTest::newRow("06 ragged") << "06_ragged_row.csv" << 6 << ""
                               << QStringList{"06_ragged_row.csv:6: expected 2 fields, got 3", "line 10: got 1"};
    QTest::newRow("07 non-numeric") << "07_non_numeric_cell.csv" << 13 << "passengers"
                                    << QStringList{"07_non_numeric_cell.csv:13: column \"passengers\": \"1l8\" is not a number"};
    QTest::newRow("09 inf") << "09_inf_values.csv" << 4 << "passengers"
                            << QStringList{"09_inf_values.csv:4: column \"passengers\": \"inf\" is not a finite number",
                                           "line 8 \"-Infinity\"", "line 18 \"1e999\""};
    QTest::newRow("14 duplicate") << "14_duplicate_timestamps.csv" << 8 << ""
                                  << QStringList{"14_duplicate_timestamps.csv:8: duplicate timestamp \"1949-06\" (also on line 7)"};
    QTest::newRow("16 binary") << "16_binary_random.csv" << 1 << ""
                               << QStringList{"16_binary_random.csv:1: ", "not a UTF-8 text file", "binary"};
}

void TestCoreSeries::rejectsMalformedFile()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QString, column);
    QFETCH(QStringList, fragments);

    const std::string path = malformed(file);
    const std::optional<LoadError> e = loadErrorOf([&] { loadSeries(path); });
    QVERIFY2(e.has_value(), "the file must be rejected with a LoadError");
    const std::string what = e->what();
    for (const QString &f : fragments) {
        QVERIFY2(what.find(f.toStdString()) != std::string::npos, (what + "\n  lacks: " + f.toStdString()).c_str());
    }
    QCOMPARE(e->file, path);
    QCOMPARE(e->line, line);
    QCOMPARE(QString::fromStdString(e->column), column);
    QVERIFY(!e->problem.empty());
    QVERIFY2(isAscii(what), "no raw bytes of the input in the message");
    QCOMPARE(what.find('\0'), std::string::npos);
}

void TestCoreSeries::loadsAirPassengersVariant_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("valueName");
    QTest::addColumn<bool>("sorted");
    QTest::addColumn<int>("row0Line");
    QTest::addColumn<int>("row12Line");
    QTest::addColumn<int>("row23Line");

    QTest::newRow("03 BOM") << "03_utf8_bom.csv" << "passengers" << false << 2 << 14 << 25;
    QTest::newRow("04 CRLF") << "04_crlf.csv" << "passengers" << false << 2 << 14 << 25;
    QTest::newRow("10 quoted") << "10_quoted_fields.csv" << "passengers, thousands" << false << 2 << 14 << 25;
    QTest::newRow("13 long line") << "13_very_long_line.csv" << "passengers" << false << 2 << 14 << 25;
    QTest::newRow("15 unsorted") << "15_unsorted_timestamps.csv" << "passengers" << true << 18 << 6 << 20;
    QTest::newRow("17 whitespace") << "17_whitespace_blank_lines.csv" << "passengers" << false << 2 << 15 << 27;
}

void TestCoreSeries::loadsAirPassengersVariant()
{
    QFETCH(QString, file);
    QFETCH(QString, valueName);
    QFETCH(bool, sorted);
    QFETCH(int, row0Line);
    QFETCH(int, row12Line);
    QFETCH(int, row23Line);

    const Series s = loadSeries(malformed(file));
    QCOMPARE(s.rows(), 24);
    QCOMPARE(s.columns, std::vector<std::string>{valueName.toStdString()});
    QCOMPARE(s.timeName, std::string("date"));
    QCOMPARE(s.timeKind, TimeKind::YearMonth);
    QVERIFY(s.missing.empty());
    for (int r = 0; r < 24; ++r) {
        QCOMPARE(s.values(r, 0), kPassengers[std::size_t(r)]);
        const QString month = QString("%1-%2").arg(1949 + r / 12).arg(r % 12 + 1, 2, 10, QChar('0'));
        QCOMPARE(QString::fromStdString(s.timeText[std::size_t(r)]), month);
        if (r > 0) {
            QVERIFY(s.time[std::size_t(r)] > s.time[std::size_t(r - 1)]);
        }
    }
    QCOMPARE(s.time.front(), -662688000.0); // 1949-01-01 00:00 UTC
    QCOMPARE(s.time.back(), -602294400.0);  // 1950-12-01 00:00 UTC
    QCOMPARE(s.lines[0], row0Line);
    QCOMPARE(s.lines[12], row12Line);
    QCOMPARE(s.lines[23], row23Line);
    if (sorted) {
        QCOMPARE(s.warnings.size(), std::size_t(1));
        QVERIFY(s.warnings[0].find("not sorted") != std::string::npos);
    } else {
        QVERIFY(s.warnings.empty());
    }
}

void TestCoreSeries::loadsSemicolonDecimalComma()
{
    const Series s = loadSeries(malformed("05_semicolon_decimal_comma.csv"));
    QCOMPARE(s.columns, std::vector<std::string>{"temperature_f"});
    QCOMPARE(s.timeName, std::string("date"));
    QCOMPARE(s.timeKind, TimeKind::YearMonth);
    const QList<double> expected = {40.6, 40.8, 44.4, 46.7, 54.1, 58.5, 57.7, 56.4, 54.3, 50.5, 42.9, 39.8,
                                    44.2, 39.8, 45.1, 47.0, 54.1, 58.7, 66.3, 59.9, 57.0, 54.2, 39.7, 42.8};
    QVERIFY2(columnEquals(s, 0, expected), qPrintable(columnValues(s, 0)));
    QCOMPARE(s.timeText[0], std::string("1920-01"));
}

void TestCoreSeries::loadsMissingValuesFile()
{
    const Series s = loadSeries(malformed("08_missing_values.csv"));
    QCOMPARE(s.rows(), 20);
    QCOMPARE(s.columns, (std::vector<std::string>{"DAX", "SMI"}));
    QCOMPARE(s.timeName, std::string("decimal_year"));
    QCOMPARE(s.timeKind, TimeKind::DecimalYear);
    QCOMPARE(s.time[0], 1991.49615);
    QCOMPARE(s.time[19], 1991.56923);
    QVERIFY(s.timeText.empty()); // numeric times keep no text: timeLabel writes it
    QCOMPARE(timeLabel(s, 1), std::string("1991.50000"));

    // Exactly the four cells the README lists, in row order.
    QCOMPARE(s.missing.size(), std::size_t(4));
    const int expected[4][3] = {{2, 4, 0}, {6, 8, 1}, {11, 13, 0}, {14, 16, 1}}; // row, line, column
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(s.missing[std::size_t(i)].row, expected[i][0]);
        QCOMPARE(s.missing[std::size_t(i)].line, expected[i][1]);
        QCOMPARE(s.missing[std::size_t(i)].column, expected[i][2]);
    }
    const QList<double> dax = {1628.75, 1613.63, kNaN,    1621.04, 1618.16, 1610.61, 1630.75, 1640.17, 1635.47, 1645.89,
                               1647.84, kNaN,    1629.93, 1621.49, 1624.74, 1627.63, 1631.99, 1621.18, 1613.42, 1604.95};
    const QList<double> smi = {1678.1, 1688.5, 1678.6, 1684.1, 1686.6, 1671.6, kNaN,   1703.6, 1697.5, 1716.3,
                               1723.8, 1730.5, 1727.4, 1733.3, kNaN,   1728.3, 1737.1, 1723.1, 1723.6, 1719.0};
    QVERIFY2(columnEquals(s, 0, dax), qPrintable(columnValues(s, 0)));
    QVERIFY2(columnEquals(s, 1, smi), qPrintable(columnValues(s, 1)));
    QCOMPARE(s.warnings.size(), std::size_t(1));
    QVERIFY2(s.warnings[0].find("4 missing values") != std::string::npos, s.warnings[0].c_str());

    Series rejected = s;
    const std::optional<LoadError> e = loadErrorOf([&] { applyMissingPolicy(rejected, MissingPolicy::Reject); });
    QVERIFY(e.has_value());
    QCOMPARE(e->line, 4);
    QCOMPARE(e->column, std::string("DAX"));
    QVERIFY2(std::string(e->what()).find("08_missing_values.csv:4: column \"DAX\": 4 missing values")
                 != std::string::npos,
             e->what());

    Series filled = s;
    applyMissingPolicy(filled, MissingPolicy::Interpolate);
    QVERIFY(filled.missing.empty());
    QVERIFY(!filled.values.hasNaN());
    QCOMPARE(filled.values(2, 0), (1613.63 + 1621.04) / 2);
    QCOMPARE(filled.values(6, 1), (1671.6 + 1703.6) / 2);
    QCOMPARE(filled.values(11, 0), (1647.84 + 1629.93) / 2);
    QCOMPARE(filled.values(14, 1), (1733.3 + 1728.3) / 2);
    QCOMPARE(filled.values(3, 0), 1621.04);
}

void TestCoreSeries::loadsHeaderlessFile()
{
    const Series s = loadSeries(malformed("11_no_header.csv"));
    QCOMPARE(s.rows(), 24); // the first line is data, not a header
    QCOMPARE(s.timeName, std::string("col0"));
    QCOMPARE(s.columns, std::vector<std::string>{"col1"});
    QCOMPARE(s.timeKind, TimeKind::DecimalYear);
    QCOMPARE(s.time[0], 1949.0);
    QCOMPARE(s.time[1], 1949.08333);
    QCOMPARE(s.time[23], 1950.91667);
    QCOMPARE(timeLabel(s, 0), std::string("1949.00000"));
    QCOMPARE(s.lines[0], 1);
    QVERIFY2(columnEquals(s, 0, toList(kPassengers)), qPrintable(columnValues(s, 0)));
}

void TestCoreSeries::loadsSingleColumn()
{
    const Series s = loadSeries(malformed("12_single_column.csv"));
    QCOMPARE(s.rows(), 24);
    QCOMPARE(s.columns, std::vector<std::string>{"passengers"});
    QCOMPARE(s.timeKind, TimeKind::Index);
    QVERIFY(s.timeName.empty());
    for (int r = 0; r < 24; ++r) {
        QCOMPARE(s.time[std::size_t(r)], double(r));
        QVERIFY(s.timeText.empty());
        QCOMPARE(s.values(r, 0), kPassengers[std::size_t(r)]);
    }
}

void TestCoreSeries::rejectsLineLongerThanLimit()
{
    LoadOptions options;
    options.maxLineLength = 1000;
    const std::optional<LoadError> e = loadErrorOf([&] { loadSeries(malformed("13_very_long_line.csv"), options); });
    QVERIFY(e.has_value());
    QCOMPARE(e->line, 13);
    QVERIFY2(std::string(e->what()).find("13_very_long_line.csv:13: line is 200011 characters long") != std::string::npos,
             e->what());
    QVERIFY(std::string(e->what()).size() < 300);

    // The default limit (1 MiB) loads it: 200,000 leading zeros are still 118.
    const Series s = loadSeries(malformed("13_very_long_line.csv"));
    QCOMPARE(s.values(11, 0), 118.0);
}

void TestCoreSeries::readsTsv()
{
    const Series s = parseSeries("date\tvalue\tother value\n2020-01-01\t1.5\t-2\n2020-01-02\t 2.5 \t1e3\n", "t.tsv");
    QCOMPARE(s.columns, (std::vector<std::string>{"value", "other value"}));
    QCOMPARE(s.timeKind, TimeKind::Date);
    QCOMPARE(s.time, (std::vector<double>{1577836800.0, 1577923200.0}));
    QVERIFY(columnEquals(s, 0, {1.5, 2.5}));
    QVERIFY(columnEquals(s, 1, {-2.0, 1000.0}));
    QCOMPARE(s.lines, (std::vector<int>{2, 3}));
}

void TestCoreSeries::readsDecimalCommaWithSemicolon()
{
    const Series s = parseSeries("year;a;b\n2001;1,5;-2,25\n2002;3;4,0\n2003;NA;1e2\n", "dc.csv");
    QCOMPARE(s.timeKind, TimeKind::Year);
    QCOMPARE(s.time, (std::vector<double>{2001, 2002, 2003}));
    QVERIFY2(columnEquals(s, 0, {1.5, 3.0, kNaN}), qPrintable(columnValues(s, 0)));
    QVERIFY2(columnEquals(s, 1, {-2.25, 4.0, 100.0}), qPrintable(columnValues(s, 1)));
    QCOMPARE(s.missing.size(), std::size_t(1));

    // With ',' as the delimiter a comma inside a quoted number is not a decimal comma.
    const std::optional<LoadError> e = loadErrorOf([] { parseSeries("date,v\n2020-01,\"1,5\"\n", "c.csv"); });
    QVERIFY(e.has_value());
    QCOMPARE(std::string(e->what()), std::string("c.csv:2: column \"v\": \"1,5\" is not a number"));
}

void TestCoreSeries::readsQuotedFields()
{
    const Series s = parseSeries("\"date\",\"the \"\"best\"\" value\", \"x, y\" \n"
                                 "\"2020-01\",\"12.5\",3\n"
                                 "2020-02, \"13\" ,\"\"\n",
                                 "q.csv");
    QCOMPARE(s.columns, (std::vector<std::string>{"the \"best\" value", "x, y"}));
    QCOMPARE(s.timeText, (std::vector<std::string>{"2020-01", "2020-02"}));
    QVERIFY2(columnEquals(s, 0, {12.5, 13.0}), qPrintable(columnValues(s, 0)));
    QVERIFY2(columnEquals(s, 1, {3.0, kNaN}), qPrintable(columnValues(s, 1)));
    QCOMPARE(s.missing.size(), std::size_t(1));
    QCOMPARE(s.missing[0].line, 3);
}

void TestCoreSeries::quotedNewlineKeepsLineNumbers()
{
    // The header spans lines 1-2, so the rows are on lines 3, 4, 5.
    const Series s = parseSeries("date,\"two\nlines\"\n2020-01,1\n2020-02,2\n2020-03,3\n", "nl.csv");
    QCOMPARE(s.columns, std::vector<std::string>{"two\nlines"});
    QCOMPARE(s.lines, (std::vector<int>{3, 4, 5}));

    const std::optional<LoadError> e
        = loadErrorOf([] { parseSeries("date,\"two\nlines\"\n2020-01,1\n2020-02,x\n", "nl.csv"); });
    QVERIFY(e.has_value());
    QCOMPARE(e->line, 4);
}

void TestCoreSeries::parsesDatesToEpochSeconds_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("seconds");

    QTest::newRow("year-month") << "1949-01" << int(TimeKind::YearMonth) << -662688000.0;
    QTest::newRow("date") << "2020-01-02" << int(TimeKind::Date) << 1577923200.0;
    QTest::newRow("leap day") << "2000-02-29" << int(TimeKind::Date) << 951782400.0;
    QTest::newRow("before epoch") << "1969-12-31" << int(TimeKind::Date) << -86400.0;
    QTest::newRow("1900-03-01") << "1900-03-01" << int(TimeKind::Date) << -2203891200.0;
    QTest::newRow("date-time") << "2021-03-04 05:06:07" << int(TimeKind::DateTime) << 1614834367.0;
    QTest::newRow("T and Z") << "2021-03-04T05:06:07Z" << int(TimeKind::DateTime) << 1614834367.0;
    QTest::newRow("no seconds") << "2021-03-04 05:07" << int(TimeKind::DateTime) << 1614834420.0;
    QTest::newRow("offset") << "2021-03-04T06:06:07+01:00" << int(TimeKind::DateTime) << 1614834367.0;
    QTest::newRow("fraction") << "1969-12-31 23:59:59.5" << int(TimeKind::DateTime) << -0.5;
}

void TestCoreSeries::parsesDatesToEpochSeconds()
{
    QFETCH(QString, cell);
    QFETCH(int, kind);
    QFETCH(double, seconds);

    // No header name says "time": the content alone makes it the time axis.
    const Series s = parseSeries("when,v\n" + cell.toStdString() + ",1\n", "d.csv");
    QCOMPARE(s.timeName, std::string("when"));
    QCOMPARE(int(s.timeKind), kind);
    QCOMPARE(s.time[0], seconds);
    QCOMPARE(QString::fromStdString(s.timeText[0]), cell);
    QCOMPARE(s.columns, std::vector<std::string>{"v"});
}

void TestCoreSeries::readsYearColumn()
{
    const Series s = parseSeries("year,flow\n1871,1120\n1872,1160\n1873,963\n", "nile.csv");
    QCOMPARE(s.timeKind, TimeKind::Year);
    QCOMPARE(s.timeName, std::string("year"));
    QCOMPARE(s.time, (std::vector<double>{1871, 1872, 1873}));
    QVERIFY(columnEquals(s, 0, {1120, 1160, 963}));

    // The same numbers under a decimal_year header are decimal years.
    const Series d = parseSeries("decimal_year,flow\n1871,1\n1872,2\n", "d.csv");
    QCOMPARE(d.timeKind, TimeKind::DecimalYear);
}

void TestCoreSeries::readsSecondsColumn()
{
    const Series s = parseSeries("time_s,v\n0.0,1\n0.5,2\n1.0,3\n", "s.csv");
    QCOMPARE(s.timeKind, TimeKind::Seconds);
    QCOMPARE(s.time, (std::vector<double>{0.0, 0.5, 1.0}));

    // A numeric first column without a time name is a value column.
    const Series v = parseSeries("x,y\n5,1\n6,2\n", "v.csv");
    QCOMPARE(v.timeKind, TimeKind::Index);
    QCOMPARE(v.columns, (std::vector<std::string>{"x", "y"}));
    QVERIFY(columnEquals(v, 0, {5, 6}));
}

void TestCoreSeries::readsHeaderlessDates()
{
    const Series s = parseSeries("1949-01,112\n1949-02,118\n", "h.csv");
    QCOMPARE(s.rows(), 2);
    QCOMPARE(s.timeName, std::string("col0"));
    QCOMPARE(s.columns, std::vector<std::string>{"col1"});
    QCOMPARE(s.timeKind, TimeKind::YearMonth);

    // A missing cell in the first row does not make it a header.
    const Series m = parseSeries("1990,NA\n1991,2\n", "m.csv");
    QCOMPARE(m.rows(), 2);
    QCOMPARE(m.timeKind, TimeKind::Year);
    QCOMPARE(m.missing.size(), std::size_t(1));
    QCOMPARE(m.missing[0].line, 1);

    // Headerless numbers that are not years: no time axis, all columns are values.
    const Series n = parseSeries("3,1\n1,2\n2,3\n", "n.csv");
    QCOMPARE(n.timeKind, TimeKind::Index);
    QCOMPARE(n.columns, (std::vector<std::string>{"col0", "col1"}));
    QVERIFY(columnEquals(n, 0, {3, 1, 2}));
}

void TestCoreSeries::readsNumberForms()
{
    const Series s = parseSeries("v\n+5\n.5\n-1.25e3\n007\n1e-999\n 42 \n", "n.csv");
    QVERIFY2(columnEquals(s, 0, {5, 0.5, -1250, 7, 0, 42}), qPrintable(columnValues(s, 0)));
    QVERIFY(s.missing.empty());
}

void TestCoreSeries::readsMissingTokens()
{
    const Series s = parseSeries("v\n1\nNA\nna\nNaN\nnan\nnull\nNULL\nN/A\n\"\"\n0\n", "m.csv");
    QCOMPARE(s.rows(), 10);
    QCOMPARE(s.missing.size(), std::size_t(8));
    QCOMPARE(s.values(0, 0), 1.0);
    QCOMPARE(s.values(9, 0), 0.0); // 0 is a value, not a missing one
    for (int r = 1; r <= 8; ++r) {
        QVERIFY(std::isnan(s.values(r, 0)));
        QCOMPARE(s.missing[std::size_t(r - 1)].row, r);
        QCOMPARE(s.missing[std::size_t(r - 1)].line, r + 2);
    }
    // An empty cell is missing too, in the middle or at the end of a line.
    const Series e = parseSeries("date,a,b\n2020-01,,1\n2020-02,2,\n", "e.csv");
    QCOMPARE(e.missing.size(), std::size_t(2));
    QCOMPARE(e.missing[0].column, 0);
    QCOMPARE(e.missing[1].column, 1);
}

void TestCoreSeries::keepsIndexTimeWithoutTimeColumn()
{
    const Series s = parseSeries("a,b\n1,2\n3,4\n5,6\n", "i.csv");
    QCOMPARE(s.timeKind, TimeKind::Index);
    QCOMPARE(s.time, (std::vector<double>{0, 1, 2}));
    QCOMPARE(s.columnIndex("b"), 1);
    QCOMPARE(s.columnIndex("c"), -1);
    QCOMPARE(s.values(2, 1), 6.0);
}

void TestCoreSeries::rejectsBadText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");

    QTest::newRow("whitespace only") << QByteArray(" \n\t\n") << "x.csv: empty file (only blank lines)";
    QTest::newRow("BOM only") << QByteArray("\xEF\xBB\xBF") << "x.csv: empty file (only blank lines)";
    QTest::newRow("non-finite time") << QByteArray("year,v\n1990,1\ninf,2\n") << "x.csv:3: column \"year\": \"inf\" is not a finite number";
    QTest::newRow("text in time column") << QByteArray("date,v\nsoon,1\n")
                                         << "x.csv:2: column \"date\": \"soon\" is not a number or a date (YYYY-MM-DD, DD.MM.YYYY, M/D/YYYY, ...)";
    QTest::newRow("missing timestamp") << QByteArray("date,v\n2020-01,1\n,2\n") << "x.csv:3: column \"date\": missing timestamp";
    QTest::newRow("invalid month") << QByteArray("date,v\n2020-01,1\n2020-13,2\n") << "x.csv:3: column \"date\": \"2020-13\" is not a valid date";
    QTest::newRow("not a leap year") << QByteArray("date,v\n2001-02-28,1\n2001-02-29,2\n") << "x.csv:3: column \"date\": \"2001-02-29\" is not a valid date";
    QTest::newRow("mixed formats") << QByteArray("date,v\n2020-01,1\n2020-02-01,2\n")
                                   << "x.csv:3: column \"date\": \"2020-02-01\" is not in the format of line 2 (YYYY-MM)";
    QTest::newRow("not a date") << QByteArray("date,v\n2020-01,1\n2020/02,2\n")
                                << "x.csv:3: column \"date\": \"2020/02\" is not a date in the format of line 2 (YYYY-MM)";
    QTest::newRow("unterminated quote") << QByteArray("date,v\n2020-01,\"1\n2020-02,2\n")
                                        << "x.csv:2: a quoted field is never closed (missing '\"')";
    QTest::newRow("text after quote") << QByteArray("date,v\n2020-01,\"1\"x\n") << "x.csv:2: unexpected \"x\" after a closing quote";
    QTest::newRow("duplicate name") << QByteArray("date,v,v\n2020-01,1,2\n") << "x.csv:1: column \"v\": duplicate column name (also column 2)";
    QTest::newRow("too few fields") << QByteArray("date,v\n2020-01,1\n2020-02\n") << "x.csv:3: expected 2 fields, got 1";
    QTest::newRow("NUL byte") << QByteArray("date,v\n2020-01,1\n2020-02,\0\n", 27)
                              << "x.csv:3: not a UTF-8 text file (NUL byte at byte 25); binary files cannot be loaded, and other encodings must be saved as UTF-8";
    QTest::newRow("Latin-1") << QByteArray("date,v\n2020-01,1\n2020-02,caf\xE9\n")
                             << "x.csv:3: not a UTF-8 text file (invalid UTF-8 at byte 28); binary files cannot be loaded, and other encodings must be saved as UTF-8";
    QTest::newRow("overlong UTF-8") << QByteArray("v\n\xC0\xAF\n") << "x.csv:2: not a UTF-8 text file (invalid UTF-8 at byte 2); binary files cannot be loaded, and other encodings must be saved as UTF-8";
    QTest::newRow("control char echoed safely") << QByteArray("date,v\n2020-01,1\x01\n") << "x.csv:2: column \"v\": \"1\\x01\" is not a number";
    QTest::newRow("UTF-8 cell") << QByteArray("date,v\n2020-01,\xC2\xB5\n") << "x.csv:2: column \"v\": \"\xC2\xB5\" is not a number";
    QTest::newRow("duplicate after sort") << QByteArray("year,v\n1992,1\n1990,2\n1992,3\n")
                                          << "x.csv:4: duplicate timestamp \"1992\" (also on line 2)";
    QTest::newRow("non-finite before a later error") << QByteArray("date,v\n2020-01,-inf\n2020-02,x\n")
                                                     << "x.csv:2: column \"v\": \"-inf\" is not a finite number";
}

void TestCoreSeries::rejectsBadText()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);

    const std::optional<LoadError> e = loadErrorOf([&] { parseSeries(text.toStdString(), "x.csv"); });
    QVERIFY2(e.has_value(), "must be rejected");
    QCOMPARE(QString::fromStdString(e->what()), message);
}

void TestCoreSeries::rejectsFileLargerThanLimit()
{
    LoadOptions options;
    options.maxFileBytes = 100;
    const std::optional<LoadError> e = loadErrorOf([&] { loadSeries(malformed("03_utf8_bom.csv"), options); });
    QVERIFY(e.has_value());
    QVERIFY2(std::string(e->what()).find("more than the limit of 100") != std::string::npos, e->what());

    const std::optional<LoadError> t = loadErrorOf([&] { parseSeries(std::string(101, '1'), "big.csv", options); });
    QVERIFY(t.has_value());
}

void TestCoreSeries::rejectsMissingFile()
{
    const std::optional<LoadError> e = loadErrorOf([] { loadSeries("/nonexistent/dir/none.csv"); });
    QVERIFY(e.has_value());
    QVERIFY2(std::string(e->what()).find("/nonexistent/dir/none.csv: cannot open") == 0, e->what());

    const std::optional<LoadError> d = loadErrorOf([] { loadSeries(RNNLAB_TEST_DATA); });
    QVERIFY(d.has_value());
    QVERIFY2(std::string(d->what()).find("is a directory") != std::string::npos, d->what());
}

void TestCoreSeries::appliesMissingPolicy_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<QList<int>>("columns");
    QTest::addColumn<QList<double>>("a");
    QTest::addColumn<QList<double>>("b");
    QTest::addColumn<QList<double>>("time");
    QTest::addColumn<QList<int>>("lines");
    QTest::addColumn<int>("missingLeft");

    // a = 1, NA, -, 7, NA: linear between rows 0 and 3 gives 3 and 5; the edge takes 7.
    // b = NA, 10, -, 40, 50: the edge takes 10; row 2 is halfway between 10 and 40.
    QTest::newRow("interpolate") << int(MissingPolicy::Interpolate) << QList<int>{}
                                 << QList<double>{1, 3, 5, 7, 7} << QList<double>{10, 10, 25, 40, 50}
                                 << QList<double>{0, 1, 2, 3, 4} << QList<int>{2, 3, 4, 5, 6} << 0;
    QTest::newRow("ffill") << int(MissingPolicy::FFill) << QList<int>{} << QList<double>{1, 1, 1, 7, 7}
                           << QList<double>{10, 10, 10, 40, 50} << QList<double>{0, 1, 2, 3, 4}
                           << QList<int>{2, 3, 4, 5, 6} << 0;
    QTest::newRow("drop") << int(MissingPolicy::Drop) << QList<int>{} << QList<double>{7} << QList<double>{40}
                          << QList<double>{3} << QList<int>{5} << 0;
    QTest::newRow("drop by a") << int(MissingPolicy::Drop) << QList<int>{0} << QList<double>{1, 7}
                               << QList<double>{kNaN, 40} << QList<double>{0, 3} << QList<int>{2, 5} << 1;
    QTest::newRow("interpolate b") << int(MissingPolicy::Interpolate) << QList<int>{1}
                                   << QList<double>{1, kNaN, kNaN, 7, kNaN} << QList<double>{10, 10, 25, 40, 50}
                                   << QList<double>{0, 1, 2, 3, 4} << QList<int>{2, 3, 4, 5, 6} << 3;
    QTest::newRow("ffill a") << int(MissingPolicy::FFill) << QList<int>{0} << QList<double>{1, 1, 1, 7, 7}
                             << QList<double>{kNaN, 10, kNaN, 40, 50} << QList<double>{0, 1, 2, 3, 4}
                             << QList<int>{2, 3, 4, 5, 6} << 2;
}

void TestCoreSeries::appliesMissingPolicy()
{
    QFETCH(int, policy);
    QFETCH(QList<int>, columns);
    QFETCH(QList<double>, a);
    QFETCH(QList<double>, b);
    QFETCH(QList<double>, time);
    QFETCH(QList<int>, lines);
    QFETCH(int, missingLeft);

    Series s = parseSeries(kPolicyText, "p.csv");
    QCOMPARE(s.timeKind, TimeKind::Seconds);
    QCOMPARE(s.missing.size(), std::size_t(5));
    applyMissingPolicy(s, MissingPolicy(policy), std::vector<int>(columns.begin(), columns.end()));
    QVERIFY2(columnEquals(s, 0, a), qPrintable(columnValues(s, 0) + " != " + listValues(a)));
    QVERIFY2(columnEquals(s, 1, b), qPrintable(columnValues(s, 1) + " != " + listValues(b)));
    QCOMPARE(toList(s.time), time);
    QCOMPARE(QList<int>(s.lines.begin(), s.lines.end()), lines);
    QVERIFY(s.timeText.empty()); // a numeric time column keeps no text
    QCOMPARE(int(s.missing.size()), missingLeft);
    for (const MissingCell &m : s.missing) {
        QVERIFY(std::isnan(s.values(m.row, m.column)));
        QCOMPARE(s.lines[std::size_t(m.row)], m.line);
    }
}

void TestCoreSeries::rejectPolicyNamesCountAndFirstCell()
{
    Series s = parseSeries(kPolicyText, "p.csv");
    std::optional<LoadError> e = loadErrorOf([&] { applyMissingPolicy(s, MissingPolicy::Reject); });
    QVERIFY(e.has_value());
    QVERIFY2(std::string(e->what()).find("p.csv:2: column \"b\": 5 missing values") == 0, e->what());

    e = loadErrorOf([&] { applyMissingPolicy(s, MissingPolicy::Reject, {0}); });
    QVERIFY(e.has_value());
    QVERIFY2(std::string(e->what()).find("p.csv:3: column \"a\": 3 missing values") == 0, e->what());
    QCOMPARE(s.missing.size(), std::size_t(5)); // rejecting changes nothing

    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, applyMissingPolicy(s, MissingPolicy::FFill, {2}));
}

void TestCoreSeries::policyLeavesCompleteSeriesAlone()
{
    Series s = parseSeries("date,v\n2020-01,1\n2020-02,2\n", "ok.csv");
    const Eigen::MatrixXd before = s.values;
    for (MissingPolicy p : {MissingPolicy::Reject, MissingPolicy::Interpolate, MissingPolicy::FFill, MissingPolicy::Drop}) {
        applyMissingPolicy(s, p);
    }
    QVERIFY(s.values == before);
    QVERIFY(s.warnings.empty());
}

void TestCoreSeries::policyOnEmptyColumnFails()
{
    Series s = parseSeries("date,a,b\n2020-01,1,NA\n2020-02,2,\n", "e.csv");
    std::optional<LoadError> e = loadErrorOf([&] { applyMissingPolicy(s, MissingPolicy::Interpolate); });
    QVERIFY(e.has_value());
    QCOMPARE(e->column, std::string("b"));
    e = loadErrorOf([&] { applyMissingPolicy(s, MissingPolicy::Drop); });
    QVERIFY(e.has_value());
    QVERIFY2(std::string(e->what()).find("leaves nothing") != std::string::npos, e->what());
}

void TestCoreSeries::policyNamesRoundTrip()
{
    for (MissingPolicy p : {MissingPolicy::Reject, MissingPolicy::Interpolate, MissingPolicy::FFill, MissingPolicy::Drop}) {
        QCOMPARE(missingPolicyFromString(toString(p)), p);
    }
    QCOMPARE(missingPolicyFromString("Interpolate"), MissingPolicy::Interpolate);
    QCOMPARE(std::string(toString(MissingPolicy::FFill)), std::string("ffill"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, missingPolicyFromString("zero"));
    QCOMPARE(std::string(toString(TimeKind::DecimalYear)), std::string("decimal_year"));
    QCOMPARE(std::string(toString(TimeKind::Index)), std::string("index"));
    QCOMPARE(std::string(toString(TimeKind::YearMonth)), std::string("year_month"));
}

void TestCoreSeries::loadsSampleFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("column");
    QTest::addColumn<double>("first");
    QTest::addColumn<double>("last");

    QTest::newRow("airpassengers") << "airpassengers.csv" << 144 << int(TimeKind::YearMonth) << "passengers" << 112.0 << 432.0;
    QTest::newRow("co2") << "co2_mauna_loa.csv" << 468 << int(TimeKind::YearMonth) << "co2_ppm" << 315.42 << 364.34;
    QTest::newRow("nile") << "nile.csv" << 100 << int(TimeKind::Year) << "flow" << 1120.0 << 740.0;
    QTest::newRow("nottem") << "nottem.csv" << 240 << int(TimeKind::YearMonth) << "temperature_f" << 40.6 << 37.8;
    QTest::newRow("eustockmarkets") << "eustockmarkets.csv" << 1860 << int(TimeKind::DecimalYear) << "DAX" << 1628.75
                                    << 5473.72;
}

void TestCoreSeries::loadsSampleFile()
{
    QFETCH(QString, file);
    QFETCH(int, rows);
    QFETCH(int, kind);
    QFETCH(QString, column);
    QFETCH(double, first);
    QFETCH(double, last);

    const Series s = loadSeries(sample(file));
    QCOMPARE(s.rows(), rows);
    QCOMPARE(int(s.timeKind), kind);
    QCOMPARE(QString::fromStdString(s.columns[0]), column);
    QCOMPARE(s.values(0, 0), first);
    QCOMPARE(s.values(rows - 1, 0), last);
    QVERIFY(s.missing.empty());
    QVERIFY(s.warnings.empty());
    QVERIFY(!s.values.hasNaN());
    QCOMPARE(int(s.time.size()), rows);
    QCOMPARE(s.lines.back(), rows + 1);
}

void TestCoreSeries::loadsEuStockMarkets()
{
    const Series s = loadSeries(sample("eustockmarkets.csv"));
    QCOMPARE(s.rows(), 1860);
    QCOMPARE(s.columns, (std::vector<std::string>{"DAX", "SMI", "CAC", "FTSE"}));
    QCOMPARE(s.timeName, std::string("decimal_year"));
    QCOMPARE(s.timeKind, TimeKind::DecimalYear);
    QCOMPARE(s.time.front(), 1991.49615);
    QCOMPARE(s.time.back(), 1998.64615);
    QCOMPARE(s.values(0, 3), 2443.6);
    QCOMPARE(s.values(1859, 1), 7676.3);
    QCOMPARE(s.values(1859, 2), 3995.0);
}

QTEST_APPLESS_MAIN(TestCoreSeries)
#include "tst_core_series.moc"
