// Tests of the time column (src/core/data/time_parse.cpp and its use by the loader):
// one file per date layout in tests/data/dates, each checked at its first, middle and
// last row against times computed independently (Python's datetime), and the ISO text
// written back; the ambiguous day/month rule and its override; two-column times;
// Unix epochs; offsets to UTC; long-format files and --filter; missing-value tokens;
// text columns ignored; the load options; drop + differencing refused.
#include "data/series.h"
#include "data/time_axis.h"
#include "data/time_parse.h"
#include "data/time_spacing.h"
#include "data/windows.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <optional>
#include <string>

using namespace rnnlab;

namespace {

std::string dates(const QString &file)
{
    return std::string(RNNLAB_TEST_DATA) + "/dates/" + file.toStdString();
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

bool contains(const std::string &s, const char *part)
{
    return s.find(part) != std::string::npos;
}

QString joined(const std::vector<std::string> &v)
{
    QStringList out;
    for (const auto &s : v) {
        out << QString::fromStdString(s);
    }
    return out.join(" | ");
}

} // namespace

class TestCoreTimeParse : public QObject
{
    Q_OBJECT

private slots:
    void readsLayout_data();
    void readsLayout();
    void ambiguousDayMonthWarnsAndCanBeOverridden();
    void unambiguousDayFirstAndMonthFirst();
    void twoColumnTimes();
    void epochNeedsTimeNameAndPlausibleValues();
    void offsetsConvertToUtc();
    void formatsAtEachResolution();
    void extrapolatesQuartersAndMonths();
    void longFormatExplainsFilter();
    void filterKeepsOneGroup();
    void filterErrorsNameColumnsAndGroups();
    void ignoresTextColumnsWithNote();
    void defaultAndExtraMissingTokens();
    void timeOptionPicksColumn();
    void skipRowsDelimiterDecimal();
    void userDateFormatErrorsNameCell();
    void dropWithDifferenceIsRefused();
    void namesSpacingAndGaps();
};

void TestCoreTimeParse::readsLayout_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("resolution");
    QTest::addColumn<QList<double>>("times");
    QTest::addColumn<QStringList>("iso");

    QTest::newRow("01_year") << "01_year.csv" << int(TimeKind::Year) << int(TimeResolution::Year)
        << QList<double>{1995.0, 1997.0, 1999.0}
        << QStringList{"1995", "1997", "1999"};
    QTest::newRow("02_iso_month") << "02_iso_month.csv" << int(TimeKind::YearMonth) << int(TimeResolution::Month)
        << QList<double>{788918400.0, 794016000.0, 799286400.0}
        << QStringList{"1995-01", "1995-03", "1995-05"};
    QTest::newRow("03_iso_date") << "03_iso_date.csv" << int(TimeKind::Date) << int(TimeResolution::Day)
        << QList<double>{791424000.0, 791596800.0, 791769600.0}
        << QStringList{"1995-01-30", "1995-02-01", "1995-02-03"};
    QTest::newRow("04_iso_datetime_t") << "04_iso_datetime_t.csv" << int(TimeKind::DateTime) << int(TimeResolution::Minute)
        << QList<double>{1231155000.0, 1231158600.0, 1231162200.0}
        << QStringList{"2009-01-05T11:30", "2009-01-05T12:30", "2009-01-05T13:30"};
    QTest::newRow("05_iso_datetime_space_seconds") << "05_iso_datetime_space_seconds.csv" << int(TimeKind::DateTime) << int(TimeResolution::Second)
        << QList<double>{1231199998.0, 1231200000.0, 1231200002.0}
        << QStringList{"2009-01-05T23:59:58", "2009-01-06T00:00:00", "2009-01-06T00:00:02"};
    QTest::newRow("06_iso_fraction_z") << "06_iso_fraction_z.csv" << int(TimeKind::DateTime) << int(TimeResolution::Millisecond)
        << QList<double>{1614834367.25, 1614834368.25, 1614834369.25}
        << QStringList{"2021-03-04T05:06:07.250Z", "2021-03-04T05:06:08.250Z", "2021-03-04T05:06:09.250Z"};
    QTest::newRow("07_iso_offset") << "07_iso_offset.csv" << int(TimeKind::DateTime) << int(TimeResolution::Minute)
        << QList<double>{1609466400.0, 1609473600.0, 1609480800.0}
        << QStringList{"2021-01-01T02:00Z", "2021-01-01T04:00Z", "2021-01-01T06:00Z"};
    QTest::newRow("08_compact") << "08_compact.csv" << int(TimeKind::Date) << int(TimeResolution::Day)
        << QList<double>{946512000.0, 946684800.0, 946857600.0}
        << QStringList{"1999-12-30", "2000-01-01", "2000-01-03"};
    QTest::newRow("09_quarter_compact") << "09_quarter_compact.csv" << int(TimeKind::YearMonth) << int(TimeResolution::Quarter)
        << QList<double>{804556800.0, 820454400.0, 836179200.0}
        << QStringList{"1995-Q3", "1996-Q1", "1996-Q3"};
    QTest::newRow("10_quarter_dash") << "10_quarter_dash.csv" << int(TimeKind::YearMonth) << int(TimeResolution::Quarter)
        << QList<double>{804556800.0, 820454400.0, 836179200.0}
        << QStringList{"1995-Q3", "1996-Q1", "1996-Q3"};
    QTest::newRow("11_quarter_space") << "11_quarter_space.csv" << int(TimeKind::YearMonth) << int(TimeResolution::Quarter)
        << QList<double>{804556800.0, 820454400.0, 836179200.0}
        << QStringList{"1995-Q3", "1996-Q1", "1996-Q3"};
    QTest::newRow("12_quarter_first") << "12_quarter_first.csv" << int(TimeKind::YearMonth) << int(TimeResolution::Quarter)
        << QList<double>{804556800.0, 820454400.0, 836179200.0}
        << QStringList{"1995-Q3", "1996-Q1", "1996-Q3"};
    QTest::newRow("13_iso_week") << "13_iso_week.csv" << int(TimeKind::Date) << int(TimeResolution::Week)
        << QList<double>{1608508800.0, 1609718400.0, 1610928000.0}
        << QStringList{"2020-W52", "2021-W01", "2021-W03"};
    QTest::newRow("14_jena_climate") << "14_jena_climate.csv" << int(TimeKind::DateTime) << int(TimeResolution::Minute)
        << QList<double>{1230768600.0, 1230769800.0, 1230771000.0}
        << QStringList{"2009-01-01T00:10", "2009-01-01T00:30", "2009-01-01T00:50"};
    QTest::newRow("15_us_mdy") << "15_us_mdy.csv" << int(TimeKind::Date) << int(TimeResolution::Day)
        << QList<double>{1578614400.0, 1578787200.0, 1579132800.0}
        << QStringList{"2020-01-10", "2020-01-12", "2020-01-16"};
    QTest::newRow("16_dmy_slash") << "16_dmy_slash.csv" << int(TimeKind::Date) << int(TimeResolution::Day)
        << QList<double>{1578614400.0, 1578787200.0, 1579132800.0}
        << QStringList{"2020-01-10", "2020-01-12", "2020-01-16"};
    QTest::newRow("17_mon_d_yyyy") << "17_mon_d_yyyy.csv" << int(TimeKind::Date) << int(TimeResolution::Day)
        << QList<double>{788918400.0, 789091200.0, 791596800.0}
        << QStringList{"1995-01-01", "1995-01-03", "1995-02-01"};
    QTest::newRow("18_d_mon_yyyy") << "18_d_mon_yyyy.csv" << int(TimeKind::Date) << int(TimeResolution::Day)
        << QList<double>{788918400.0, 789091200.0, 791596800.0}
        << QStringList{"1995-01-01", "1995-01-03", "1995-02-01"};
    QTest::newRow("19_month_name_year") << "19_month_name_year.csv" << int(TimeKind::YearMonth) << int(TimeResolution::Month)
        << QList<double>{812505600.0, 817776000.0, 823132800.0}
        << QStringList{"1995-10", "1995-12", "1996-02"};
    QTest::newRow("20_mon_year") << "20_mon_year.csv" << int(TimeKind::YearMonth) << int(TimeResolution::Month)
        << QList<double>{812505600.0, 817776000.0, 823132800.0}
        << QStringList{"1995-10", "1995-12", "1996-02"};
    QTest::newRow("21_epoch_seconds") << "21_epoch_seconds.csv" << int(TimeKind::DateTime) << int(TimeResolution::Minute)
        << QList<double>{1609459200.0, 1609466400.0, 1609473600.0}
        << QStringList{"2021-01-01T00:00Z", "2021-01-01T02:00Z", "2021-01-01T04:00Z"};
    QTest::newRow("22_epoch_milliseconds") << "22_epoch_milliseconds.csv" << int(TimeKind::DateTime) << int(TimeResolution::Millisecond)
        << QList<double>{1609459200.123, 1609459202.123, 1609459204.123}
        << QStringList{"2021-01-01T00:00:00.123Z", "2021-01-01T00:00:02.123Z", "2021-01-01T00:00:04.123Z"};
    QTest::newRow("23_year_month_columns") << "23_year_month_columns.csv" << int(TimeKind::YearMonth) << int(TimeResolution::Month)
        << QList<double>{815184000.0, 820454400.0, 825638400.0}
        << QStringList{"1995-11", "1996-01", "1996-03"};
    QTest::newRow("24_year_quarter_columns") << "24_year_quarter_columns.csv" << int(TimeKind::YearMonth) << int(TimeResolution::Quarter)
        << QList<double>{804556800.0, 820454400.0, 836179200.0}
        << QStringList{"1995-Q3", "1996-Q1", "1996-Q3"};
    QTest::newRow("25_date_time_columns") << "25_date_time_columns.csv" << int(TimeKind::DateTime) << int(TimeResolution::Minute)
        << QList<double>{1230852600.0, 1230853800.0, 1230855000.0}
        << QStringList{"2009-01-01T23:30", "2009-01-01T23:50", "2009-01-02T00:10"};
    QTest::newRow("26_ambiguous_slash") << "26_ambiguous_slash.csv" << int(TimeKind::Date) << int(TimeResolution::Day)
        << QList<double>{1577923200.0, 1578096000.0, 1578268800.0}
        << QStringList{"2020-01-02", "2020-01-04", "2020-01-06"};
    QTest::newRow("27_decimal_year") << "27_decimal_year.csv" << int(TimeKind::DecimalYear) << int(TimeResolution::None)
        << QList<double>{1991.49615, 1991.50385, 1991.51154}
        << QStringList{"1991.49615", "1991.50385", "1991.51154"};
    QTest::newRow("28_dmy_dash") << "28_dmy_dash.csv" << int(TimeKind::Date) << int(TimeResolution::Day)
        << QList<double>{1578614400.0, 1578787200.0, 1579132800.0}
        << QStringList{"2020-01-10", "2020-01-12", "2020-01-16"};
}

void TestCoreTimeParse::readsLayout()
{
    QFETCH(QString, file);
    QFETCH(int, kind);
    QFETCH(int, resolution);
    QFETCH(QList<double>, times);
    QFETCH(QStringList, iso);

    const Series s = loadSeries(dates(file));
    QCOMPARE(int(s.timeKind), kind);
    QCOMPARE(int(s.resolution), resolution);
    QCOMPARE(s.rows(), 5);
    QVERIFY(!s.timeName.empty());
    const int rows[3] = {0, s.rows() / 2, s.rows() - 1};
    for (int k = 0; k < 3; ++k) {
        const int r = rows[k];
        QVERIFY2(std::abs(s.time[std::size_t(r)] - times[k]) < 1e-6,
                 qPrintable(QString("row %1: %2 != %3").arg(r).arg(s.time[std::size_t(r)], 0, 'f', 6).arg(times[k], 0, 'f', 6)));
        QCOMPARE(QString::fromStdString(formatTime(s, s.time[std::size_t(r)])), iso[k]);
        QCOMPARE(QString::fromStdString(timeLabel(s, r)), iso[k]);
    }
    // The values beside the time are read too (5.5 or a Jena pressure).
    QVERIFY(!s.values.hasNaN());
    if (file != "26_ambiguous_slash.csv") {
        QVERIFY2(s.warnings.empty(), qPrintable(joined(s.warnings)));
    }
}

void TestCoreTimeParse::ambiguousDayMonthWarnsAndCanBeOverridden()
{
    const Series s = loadSeries(dates("26_ambiguous_slash.csv"));
    QCOMPARE(s.warnings.size(), std::size_t(1));
    const std::string &w = s.warnings[0];
    QVERIFY2(contains(w, "day-first or month-first") && contains(w, "read as M/D/YYYY") && contains(w, "--date-format \"%d/%m/%Y\""),
             w.c_str());
    QCOMPARE(timeLabel(s, 0), std::string("2020-01-02"));

    LoadOptions o;
    o.dateFormat = "%d/%m/%Y";
    const Series d = loadSeries(dates("26_ambiguous_slash.csv"), o);
    QVERIFY(d.warnings.empty());
    QCOMPARE(timeLabel(d, 0), std::string("2020-02-01"));
    QCOMPARE(timeLabel(d, 4), std::string("2020-06-01"));

    // '.' and '-' are day-first by the rule.
    const Series dot = parseSeries("date,v\n01.02.2020,1\n02.02.2020,2\n", "dot.csv");
    QCOMPARE(timeLabel(dot, 0), std::string("2020-02-01"));
    QCOMPARE(dot.warnings.size(), std::size_t(0)); // no month-first layout with '.'
    const Series dash = parseSeries("date,v\n01-02-2020,1\n02-02-2020,2\n", "dash.csv");
    QCOMPARE(timeLabel(dash, 0), std::string("2020-02-01"));
    QCOMPARE(dash.warnings.size(), std::size_t(1));
    QVERIFY2(contains(dash.warnings[0], "read as DD-MM-YYYY"), dash.warnings[0].c_str());
}

void TestCoreTimeParse::unambiguousDayFirstAndMonthFirst()
{
    // One day above 12 anywhere in the column settles the order, whichever row it is in.
    const Series us = parseSeries("d,v\n1/2/2020,1\n1/3/2020,2\n1/13/2020,3\n", "us.csv");
    QCOMPARE(us.timeFormat, std::string("M/D/YYYY"));
    QCOMPARE(timeLabel(us, 0), std::string("2020-01-02"));
    QVERIFY(us.warnings.empty());
    const Series eu = parseSeries("d,v\n1/2/2020,1\n2/2/2020,2\n13/2/2020,3\n", "eu.csv");
    QCOMPARE(eu.timeFormat, std::string("D/M/YYYY"));
    QCOMPARE(timeLabel(eu, 0), std::string("2020-02-01"));
    QVERIFY(eu.warnings.empty());
}

void TestCoreTimeParse::twoColumnTimes()
{
    const Series ym = loadSeries(dates("23_year_month_columns.csv"));
    QCOMPARE(ym.timeName, std::string("year+month"));
    QCOMPARE(ym.columns, std::vector<std::string>{"v"});
    const Series names = parseSeries("year,month,v\n1995,Jan,1\n1995,Feb,2\n", "n.csv");
    QCOMPARE(timeLabel(names, 1), std::string("1995-02"));
    const Series q = parseSeries("year,quarter,v\n1995,Q4,1\n1996,Q1,2\n", "q.csv");
    QCOMPARE(timeLabel(q, 1), std::string("1996-Q1"));
    const Series dt = loadSeries(dates("25_date_time_columns.csv"));
    QCOMPARE(dt.timeName, std::string("date+time"));
    // Crossing midnight: 23:30 .. 00:10 of the next day.
    QCOMPARE(timeLabel(dt, 4), std::string("2009-01-02T00:10"));
    // The explicit form names both columns.
    LoadOptions o;
    o.timeColumn = "y,m";
    const Series e = parseSeries("y,m,v\n2001,12,1\n2002,1,2\n", "e.csv", o);
    QCOMPARE(e.timeName, std::string("y+m"));
    QCOMPARE(e.timeKind, TimeKind::YearMonth);
    QCOMPARE(timeLabel(e, 1), std::string("2002-01"));
}

void TestCoreTimeParse::epochNeedsTimeNameAndPlausibleValues()
{
    const Series s = loadSeries(dates("21_epoch_seconds.csv"));
    QVERIFY(s.utc);
    QCOMPARE(s.timeFormat, std::string("Unix seconds"));
    const Series ms = loadSeries(dates("22_epoch_milliseconds.csv"));
    QCOMPARE(ms.timeFormat, std::string("Unix milliseconds"));
    QCOMPARE(ms.time[0], 1609459200.123);
    // Elapsed seconds in a time column stay seconds; a big number under another
    // name is a value.
    const Series small = parseSeries("timestamp,v\n0,1\n60,2\n", "small.csv");
    QCOMPARE(small.timeKind, TimeKind::Seconds);
    const Series other = parseSeries("id,v\n1609459200,1\n1609459260,2\n", "id.csv");
    QCOMPARE(other.timeKind, TimeKind::Index);
    QCOMPARE(other.columns.size(), std::size_t(2));
}

void TestCoreTimeParse::offsetsConvertToUtc()
{
    const Series s = loadSeries(dates("07_iso_offset.csv"));
    QVERIFY(s.utc);
    QCOMPARE(s.time[0], 1609466400.0); // 2020-12-31T21:00-05:00 = 2021-01-01T02:00Z
    const Series wall = loadSeries(dates("04_iso_datetime_t.csv"));
    QVERIFY(!wall.utc); // no offset: the wall clock as written
    const Series mixed = parseSeries("t,v\n2021-03-04T05:06:07+0130,1\n2021-03-04T05:06:08Z,2\n", "m.csv");
    QCOMPARE(mixed.time[0], 1614834367.0 - 5400.0);
    QCOMPARE(timeLabel(mixed, 1), std::string("2021-03-04T05:06:08Z"));
}

void TestCoreTimeParse::formatsAtEachResolution()
{
    const double t = 1231155030.25; // 2009-01-05T11:30:30.250 UTC, a Monday of ISO week 2
    QCOMPARE(formatTime(t, TimeKind::DateTime, TimeResolution::Millisecond), std::string("2009-01-05T11:30:30.250"));
    QCOMPARE(formatTime(t, TimeKind::DateTime, TimeResolution::Second, true), std::string("2009-01-05T11:30:30Z"));
    QCOMPARE(formatTime(t, TimeKind::DateTime, TimeResolution::Minute), std::string("2009-01-05T11:30"));
    QCOMPARE(formatTime(t, TimeKind::Date, TimeResolution::Day), std::string("2009-01-05"));
    QCOMPARE(formatTime(t, TimeKind::Date, TimeResolution::Week), std::string("2009-W02"));
    QCOMPARE(formatTime(t, TimeKind::YearMonth, TimeResolution::Month), std::string("2009-01"));
    QCOMPARE(formatTime(t, TimeKind::YearMonth, TimeResolution::Quarter), std::string("2009-Q1"));
    QCOMPARE(formatTime(-86400.0, TimeKind::Date, TimeResolution::Day), std::string("1969-12-31"));
    QCOMPARE(formatTime(-1.0, TimeKind::DateTime, TimeResolution::Second), std::string("1969-12-31T23:59:59"));
    QCOMPARE(formatTime(1871.0, TimeKind::Year, TimeResolution::Year), std::string("1871"));
    QCOMPARE(formatTime(1991.5, TimeKind::DecimalYear, TimeResolution::None), std::string("1991.50000"));
    QCOMPARE(formatTime(12.0, TimeKind::Index, TimeResolution::None), std::string("12"));
    QCOMPARE(formatTime(0.25, TimeKind::Seconds, TimeResolution::None), std::string("0.25"));
}

void TestCoreTimeParse::extrapolatesQuartersAndMonths()
{
    const Series q = loadSeries(dates("10_quarter_dash.csv")); // last 1996-Q3
    QCOMPARE(timeLabel(q, 5), std::string("1996-Q4"));
    QCOMPARE(timeLabel(q, 6), std::string("1997-Q1"));
    const Series m = loadSeries(dates("19_month_name_year.csv")); // last 1996-02
    QCOMPARE(timeLabel(m, 5), std::string("1996-03"));
}

void TestCoreTimeParse::longFormatExplainsFilter()
{
    const std::string text = "date,symbol,close\n2020-01-02,AAPL,75.1\n2020-01-02,MSFT,160.6\n2020-01-03,AAPL,74.4\n"
                             "2020-01-03,MSFT,158.6\n2020-01-03,GOOG,68.4\n";
    const std::optional<LoadError> e = loadErrorOf([&] { parseSeries(text, "stocks.csv"); });
    QVERIFY(e.has_value());
    const std::string what = e->what();
    QVERIFY2(contains(what, "stocks.csv:3: column \"symbol\": the file holds 3 series in long format, one per symbol (AAPL, MSFT, GOOG)"), e->what());
    QVERIFY2(contains(what, "--filter symbol=AAPL"), e->what());
    QCOMPARE(e->groupColumn, std::string("symbol"));
    QCOMPARE(e->groups, (std::vector<std::string>{"AAPL", "MSFT", "GOOG"}));
}

void TestCoreTimeParse::filterKeepsOneGroup()
{
    const std::string text = "date,symbol,close\n2020-01-02,AAPL,75.1\n2020-01-02,MSFT,160.6\n2020-01-03,AAPL,74.4\n"
                             "2020-01-03,MSFT,158.6\n";
    LoadOptions o;
    o.filterColumn = "symbol";
    o.filterValue = "MSFT";
    const Series s = parseSeries(text, "stocks.csv", o);
    QCOMPARE(s.rows(), 2);
    QCOMPARE(s.columns, std::vector<std::string>{"close"});
    QCOMPARE(s.values(0, 0), 160.6);
    QCOMPARE(s.values(1, 0), 158.6);
    QCOMPARE(s.lines, (std::vector<int>{3, 5}));
    QCOMPARE(s.warnings.size(), std::size_t(1));
    QVERIFY2(contains(s.warnings[0], "kept the 2 rows with symbol = MSFT (2 others skipped)"), s.warnings[0].c_str());
}

void TestCoreTimeParse::filterErrorsNameColumnsAndGroups()
{
    const std::string text = "date,symbol,close\n2020-01-02,AAPL,75.1\n2020-01-02,MSFT,160.6\n";
    LoadOptions o;
    o.filterColumn = "ticker";
    o.filterValue = "AAPL";
    std::optional<LoadError> e = loadErrorOf([&] { parseSeries(text, "s.csv", o); });
    QVERIFY(e.has_value());
    QCOMPARE(QString::fromStdString(e->what()), QString("s.csv:1: column \"ticker\": no such column (the columns are date, symbol, close)"));
    o.filterColumn = "symbol";
    o.filterValue = "IBM";
    e = loadErrorOf([&] { parseSeries(text, "s.csv", o); });
    QVERIFY(e.has_value());
    QCOMPARE(QString::fromStdString(e->what()), QString("s.csv: column \"symbol\": no row has symbol = \"IBM\" (its values: AAPL, MSFT)"));
    QCOMPARE(e->groups, (std::vector<std::string>{"AAPL", "MSFT"}));
}

void TestCoreTimeParse::ignoresTextColumnsWithNote()
{
    const Series s = parseSeries("date,station,temp,name\n2020-01-01,KNYC,1.5,Central Park\n2020-01-02,KNYC,2.5,Central Park\n",
                                 "w.csv");
    QCOMPARE(s.columns, std::vector<std::string>{"temp"});
    QCOMPARE(s.ignoredColumns, (std::vector<std::string>{"station", "name"}));
    QCOMPARE(s.warnings.size(), std::size_t(2));
    QVERIFY2(contains(s.warnings[0], "ignored column \"station\": text (KNYC)"), s.warnings[0].c_str());
    // Text further down a numeric column is still an error naming the cell.
    const std::optional<LoadError> e = loadErrorOf([] { parseSeries("date,v\n2020-01-01,1\n2020-01-02,x1\n", "e.csv"); });
    QVERIFY(e.has_value());
    QCOMPARE(QString::fromStdString(e->what()), QString("e.csv:3: column \"v\": \"x1\" is not a number"));
    // With no numeric column left, the text is read as numbers, so the error names the cell.
    const std::optional<LoadError> n = loadErrorOf([] { parseSeries("date,name\n2020-01-01,a\n2020-01-02,b\n", "n.csv"); });
    QVERIFY(n.has_value());
    QCOMPARE(QString::fromStdString(n->what()), QString("n.csv:2: column \"name\": \"a\" is not a number"));
}

void TestCoreTimeParse::defaultAndExtraMissingTokens()
{
    const Series s = parseSeries("date,v\n2020-01-01,1\n2020-01-02,-\n2020-01-03,?\n2020-01-04,n/a\n2020-01-05,N/A\n"
                                 "2020-01-06,NA\n2020-01-07,null\n2020-01-08,NaN\n2020-01-09,\n2020-01-10,-2\n",
                                 "m.csv");
    QCOMPARE(s.missing.size(), std::size_t(8));
    QCOMPARE(s.values(9, 0), -2.0); // a negative number is not the "-" token
    // Extra tokens come on top of the defaults; they match whole cells only.
    LoadOptions o;
    o.naValues = {"--", "missing", "-999"};
    const Series e = parseSeries("date,v\n2020-01-01,--\n2020-01-02,missing\n2020-01-03,-999\n2020-01-04,-9990\n"
                                 "2020-01-05,?\n",
                                 "e.csv", o);
    QCOMPARE(e.missing.size(), std::size_t(4));
    QCOMPARE(e.values(3, 0), -9990.0);
    // Without the option, "missing" is text: the error names it.
    const std::optional<LoadError> err = loadErrorOf([] { parseSeries("date,v\n2020-01-01,1\n2020-01-02,missing\n", "x.csv"); });
    QVERIFY(err.has_value());
    QVERIFY2(contains(err->what(), "\"missing\" is not a number"), err->what());
}

void TestCoreTimeParse::timeOptionPicksColumn()
{
    const std::string text = "id,when,v\n7,2020-01-02,1\n8,2020-01-01,2\n";
    LoadOptions o;
    o.timeColumn = "when";
    const Series s = parseSeries(text, "t.csv", o);
    QCOMPARE(s.timeName, std::string("when"));
    QCOMPARE(s.columns, (std::vector<std::string>{"id", "v"}));
    QCOMPARE(timeLabel(s, 0), std::string("2020-01-01")); // sorted by the chosen time
    QCOMPARE(s.values(0, 0), 8.0);
    o.timeColumn = "none";
    const Series n = parseSeries("year,v\n1990,1\n1991,2\n", "n.csv", o);
    QCOMPARE(n.timeKind, TimeKind::Index);
    QCOMPARE(n.columns, (std::vector<std::string>{"year", "v"}));
    o.timeColumn = "nope";
    const std::optional<LoadError> e = loadErrorOf([&] { parseSeries(text, "t.csv", o); });
    QVERIFY(e.has_value());
    QCOMPARE(QString::fromStdString(e->what()), QString("t.csv:1: column \"nope\": no such column (the columns are id, when, v)"));
}

void TestCoreTimeParse::skipRowsDelimiterDecimal()
{
    LoadOptions o;
    o.skipRows = 2;
    o.delimiter = '|';
    o.decimal = ',';
    const Series s = parseSeries("exported by a logger, v2\nstation: X; units: C\ndate|t\n2020-01|1,5\n2020-02|-2,25\n",
                                 "s.csv", o);
    QCOMPARE(s.rows(), 2);
    QCOMPARE(s.values(0, 0), 1.5);
    QCOMPARE(s.values(1, 0), -2.25);
    QCOMPARE(s.lines, (std::vector<int>{4, 5}));
    const std::optional<LoadError> e = loadErrorOf([&] { parseSeries("a\nb\ndate|t\n2020-01|1\n2020-02|x\n", "s.csv", o); });
    QVERIFY(e.has_value());
    QCOMPARE(e->line, 5);
}

void TestCoreTimeParse::userDateFormatErrorsNameCell()
{
    LoadOptions o;
    o.dateFormat = "%d.%m.%Y %H:%M:%S";
    const Series s = loadSeries(dates("14_jena_climate.csv"), o);
    QCOMPARE(timeLabel(s, 0), std::string("2009-01-01T00:10"));
    o.dateFormat = "%Y-%m-%d";
    const std::optional<LoadError> e = loadErrorOf([&] { loadSeries(dates("14_jena_climate.csv"), o); });
    QVERIFY(e.has_value());
    QCOMPARE(e->line, 2);
    QVERIFY2(contains(e->what(), "column \"Date Time\": \"01.01.2009 00:10:00\" does not match the date format \"%Y-%m-%d\""), e->what());
}

void TestCoreTimeParse::dropWithDifferenceIsRefused()
{
    Series s = parseSeries("date,v\n2020-01-01,1\n2020-01-02,2\n2020-01-03,NA\n2020-01-04,4\n2020-01-05,5\n2020-01-06,6\n"
                           "2020-01-07,7\n2020-01-08,8\n2020-01-09,9\n2020-01-10,10\n",
                           "d.csv");
    applyMissingPolicy(s, MissingPolicy::Drop);
    QCOMPARE(s.droppedInside, std::vector<int>{4});
    DataConfig c;
    c.lookback = 2;
    c.trainFraction = 1.0;
    c.valFraction = 0.0;
    c.testFraction = 0.0;
    c.transform = Transform::Difference;
    try {
        makeWindows(s, c);
        QFAIL("a difference across the dropped row must be refused");
    } catch (const std::invalid_argument &e) {
        QVERIFY2(contains(e.what(), "first: line 4") && contains(e.what(), "--missing interpolate"), e.what());
    }
    c.transform = Transform::None;
    QCOMPARE(makeWindows(s, c).rows, 9);
    // Dropping only edge rows leaves no gap inside.
    Series edge = parseSeries("date,v\n2020-01-01,NA\n2020-01-02,2\n2020-01-03,3\n2020-01-04,4\n2020-01-05,5\n2020-01-06,6\n",
                              "e.csv");
    applyMissingPolicy(edge, MissingPolicy::Drop);
    QVERIFY(edge.droppedInside.empty());
    c.transform = Transform::Difference;
    QCOMPARE(makeWindows(edge, c).rows, 5);
}

void TestCoreTimeParse::namesSpacingAndGaps()
{
    // Mon 2020-01-06 .. Thu 2020-01-23 on business days, without Wed 15, Thu 16 and Wed 22.
    const Series b = parseSeries("date,v\n2020-01-06,1\n2020-01-07,1\n2020-01-08,1\n2020-01-09,1\n2020-01-10,1\n"
                                 "2020-01-13,1\n2020-01-14,1\n2020-01-17,1\n2020-01-20,1\n2020-01-21,1\n2020-01-23,1\n",
                                 "b.csv");
    QCOMPARE(describeSpacing(b), std::string("business-daily, 2 gaps over 3 days"));
    QCOMPARE(describeSeries(b), std::string("11 rows, 2020-01-06 .. 2020-01-23, business-daily, 2 gaps over 3 days"));
    const Series d = parseSeries("date,v\n2020-01-04,1\n2020-01-05,1\n2020-01-06,1\n2020-01-09,1\n2020-01-10,1\n", "d.csv");
    QCOMPARE(describeSpacing(d), std::string("daily, 1 gap over 2 days"));
    QCOMPARE(describeSpacing(loadSeries(dates("14_jena_climate.csv"))), std::string("every 10 minutes"));
    QCOMPARE(describeSpacing(loadSeries(dates("10_quarter_dash.csv"))), std::string("quarterly"));
    const Series m = parseSeries("date,v\n2020-01,1\n2020-02,1\n2020-05,1\n2020-06,1\n", "m.csv");
    QCOMPARE(describeSpacing(m), std::string("monthly, 1 gap over 2 months"));
    QCOMPARE(describeSpacing(loadSeries(dates("01_year.csv"))), std::string("yearly"));
    QCOMPARE(describeSeries(loadSeries(dates("21_epoch_seconds.csv"))),
             std::string("5 rows, 2021-01-01T00:00Z .. 2021-01-01T04:00Z, hourly (UTC)"));
    const Series irregular = parseSeries("time_s,v\n0,1\n1,1\n1.3,1\n2.9,1\n3.1,1\n", "i.csv");
    QCOMPARE(describeSpacing(irregular), std::string("irregular"));
}

QTEST_APPLESS_MAIN(TestCoreTimeParse)
#include "tst_core_timeparse.moc"
