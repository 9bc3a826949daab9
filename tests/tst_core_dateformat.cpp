// The --date-format whitelist (data/date_format.h): which formats are accepted, the
// message for the others, the cell shapes that keep date.h's parser away from its
// undefined behaviour, and a replay of every timeparse regression input. This test
// carries its own copy of the date parser built with UBSan halting on the first
// report (tests/CMakeLists.txt), so a cell or format that reaches date.h's undefined
// behaviour aborts it, where a normal build would read on silently.
#include "data/date_format.h"
#include "data/series.h"
#include "data/time_parse.h"

#include <QDirIterator>
#include <QtTest>

using namespace rnnlab;
using rnnlab::timeparse::dateFormatProblem;

namespace {

bool contains(const std::string &s, const std::string &part)
{
    return s.find(part) != std::string::npos;
}

// Loads "t,v" rows with `format`; the error text when it fails, else "".
std::string loadError(const std::string &format, const std::vector<std::string> &cells, Series *out = nullptr)
{
    std::string csv = "t,v\n";
    for (std::size_t i = 0; i < cells.size(); ++i) {
        csv += cells[i] + "," + std::to_string(i) + "\n";
    }
    LoadOptions o;
    o.dateFormat = format;
    try {
        Series s = parseSeries(csv, "dates.csv", o);
        if (out) {
            *out = std::move(s);
        }
        return {};
    } catch (const LoadError &e) {
        return e.what();
    }
}

} // namespace

class TestDateFormat : public QObject {
    Q_OBJECT
private slots:
    void accepted_data()
    {
        QTest::addColumn<QString>("format");
        for (const char *f : {"%d.%m.%Y %H:%M:%S", "%d/%m/%Y", "%m/%d/%Y", "%Y%m%d", "%Y-%m-%d %H:%M", "%b %Y", "%B %d, %Y",
                              "%F %T", "%D", "%Y-%m-%dT%H:%M%Ez", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %Z", "%Y/%j",
                              "%e.%m.%y", "100%% %Y-%m", "%m/%d/%Y %I:%M %p"}) {
            QTest::newRow(f) << QString::fromLatin1(f);
        }
    }
    void accepted()
    {
        QFETCH(QString, format);
        QCOMPARE(QString::fromStdString(dateFormatProblem(format.toStdString())), QString());
    }

    // Each refused format's message names the format and the offending specifier.
    void refused_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("names");
        QTest::addColumn<QString>("why");
        QTest::newRow("width") << "%d/%m/%4Y" << "\"%4Y\"" << "width";
        QTest::newRow("huge width") << "%1111111111Y-%m" << "\"%1111111111Y\"" << "width";
        QTest::newRow("width on %S") << "%Y-%m-%d %9S" << "\"%9S\"" << "width";
        QTest::newRow("%X") << "%Y-%m-%d %X" << "\"%X\"" << "not an accepted field";
        QTest::newRow("%c") << "%c" << "\"%c\"" << "not an accepted field";
        QTest::newRow("%r") << "%Y-%m-%d %r" << "\"%r\"" << "not an accepted field";
        QTest::newRow("%Oz") << "%Y-%m-%d%Oz" << "\"%Oz\"" << "modifiers";
        QTest::newRow("%EY") << "%EY-%m" << "\"%EY\"" << "modifiers";
        QTest::newRow("twice") << "%d/%m/%Y %d" << "\"%d\"" << "the day a second time";
        QTest::newRow("%T and %S") << "%F %T.%S" << "\"%S\"" << "the seconds a second time";
        QTest::newRow("%F and %Y") << "%F %Y" << "\"%Y\"" << "the year a second time";
        QTest::newRow("two offsets") << "%F %z%Ez" << "\"%Ez\"" << "the UTC offset a second time";
        QTest::newRow("%I without %p") << "%F %I:%M" << "\"%F %I:%M\"" << "%I (1-12) needs %p";
        QTest::newRow("%p without %I") << "%F %H %p" << "\"%F %H %p\"" << "%p (AM/PM) needs %I";
        QTest::newRow("no year") << "%d/%m" << "\"%d/%m\"" << "has no year";
        QTest::newRow("no month") << "%Y %d" << "\"%Y %d\"" << "has no month";
        QTest::newRow("lone %") << "%Y-%m-%" << "\"%Y-%m-%\"" << "lone %";
        QTest::newRow("control byte") << QString::fromLatin1("%Y%m\x01%q") << "\"%q\"" << "not an accepted field";
    }
    void refused()
    {
        QFETCH(QString, format);
        QFETCH(QString, names);
        QFETCH(QString, why);
        const std::string p = dateFormatProblem(format.toStdString());
        QVERIFY2(contains(p, "date format \"") && contains(p, names.toStdString()) && contains(p, why.toStdString()),
                 p.c_str());
        // The loader refuses it before reading a cell, with the same message and the file's name.
        const std::string e = loadError(format.toStdString(), {"2020-01-01"});
        QVERIFY2(contains(e, "dates.csv") && contains(e, p), e.c_str());
    }

    // Accepted formats read what they should, at the resolution their fields name.
    void reads()
    {
        Series s;
        QCOMPARE(loadError("%d.%m.%Y %H:%M:%S", {"01.01.2009 00:10:00", "01.01.2009 00:20:30"}, &s), std::string());
        QCOMPARE(formatTime(s, s.time[1]), std::string("2009-01-01T00:20:30"));
        QCOMPARE(loadError("%b %Y", {"Jan 1995", "february 1995", "MAR 1995"}, &s), std::string());
        QCOMPARE(formatTime(s, s.time[2]), std::string("1995-03"));
        QCOMPARE(loadError("%Y-%m-%dT%H:%M%Ez", {"2020-01-01T10:00+01:00", "2020-01-01T10:30-00:30"}, &s), std::string());
        QCOMPARE(formatTime(s, s.time[0]), std::string("2020-01-01T09:00Z"));
        QCOMPARE(formatTime(s, s.time[1]), std::string("2020-01-01T11:00Z"));
        QCOMPARE(loadError("%F %T", {"2020-01-01 10:00:00.250", "2020-01-01 10:00:01.5"}, &s), std::string());
        QCOMPARE(formatTime(s, s.time[0]), std::string("2020-01-01T10:00:00.250"));
        QCOMPARE(loadError("%m/%d/%Y %I:%M %p", {"1/2/2020 12:05 am", "1/2/2020 5:30 PM"}, &s), std::string());
        QCOMPARE(formatTime(s, s.time[0]), std::string("2020-01-02T00:05"));
        QCOMPARE(formatTime(s, s.time[1]), std::string("2020-01-02T17:30"));
        QCOMPARE(loadError("%Y/%j", {"2020/060", "2020/61"}, &s), std::string());
        QCOMPARE(formatTime(s, s.time[0]), std::string("2020-02-29"));
    }

    // Cells where date.h's reads would fail half-way through a field (its undefined
    // behaviour: seconds never read, a '-' offset with no digits) are refused by their
    // shape first, with the cell and the format in the message.
    void unreadableCellsAreRefused_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("cell");
        QTest::newRow("seconds missing") << "%d.%m.%Y %H:%M:%S" << "01.01.2009 00:10:";
        QTest::newRow("seconds not digits") << "%d.%m.%Y %H:%M:%S" << "01.01.2009 00:10:xx";
        QTest::newRow("%T cut short") << "%F %T" << "2020-01-01 10:00";
        QTest::newRow("%S after a name") << "%b%Y %S" << "Janu1995 5";
        QTest::newRow("offset sign only") << "%Y-%m-%dT%H:%M%Ez" << "2020-01-01T10:00-";
        QTest::newRow("offset sign letters") << "%Y-%m-%d%z" << "2020-01-01-ab";
        QTest::newRow("offset one digit") << "%Y-%m-%d%z" << "2020-01-01+1";
        QTest::newRow("too many digits") << "%Y-%m-%d" << "20201-01-01";
        QTest::newRow("left over") << "%Y-%m-%d" << "2020-01-01x";
        QTest::newRow("month name") << "%b %Y" << "Sept 1995";
        QTest::newRow("AM/PM missing") << "%Y-%m-%d %I:%M%p" << "2020-01-01 5:30";
    }
    void unreadableCellsAreRefused()
    {
        QFETCH(QString, format);
        QFETCH(QString, cell);
        const std::string e = loadError(format.toStdString(), {cell.toStdString()});
        QVERIFY2(contains(e, "dates.csv:2:") && contains(e, "does not match the date format \""
                                                                                      + format.toStdString() + "\""),
                 e.c_str());
    }

    // Every timeparse input the fuzzer found (tests/fuzz/regressions/timeparse/, the
    // first line being the choices: byte 0 the time column, the rest the format) is
    // read here through this test's UBSan copy of the parser: one that reaches undefined
    // behaviour again aborts the test. The user formats among them must be refused by
    // the whitelist or load cleanly; nothing but LoadError may leave the loader.
    void regressionInputs()
    {
        QDirIterator it(QStringLiteral(RNNLAB_TEST_DATA "/../fuzz/regressions/timeparse"), QDir::Files);
        int inputs = 0;
        int refusedFormats = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            const qsizetype eol = bytes.indexOf('\n');
            if (eol <= 0) {
                continue;
            }
            LoadOptions o;
            o.maxLineLength = 1 << 16;
            const std::string format = bytes.mid(1, eol - 1).toStdString();
            o.dateFormat = format;
            o.timeColumn = "auto";
            if (!format.empty() && !dateFormatProblem(format).empty()) {
                ++refusedFormats;
            }
            ++inputs;
            try {
                (void)parseSeries(bytes.mid(eol + 1).toStdString(), "fuzz.csv", o);
                o.timeColumn = "none";
                (void)parseSeries(bytes.mid(eol + 1).toStdString(), "fuzz.csv", o);
            } catch (const LoadError &) {
            } catch (const std::exception &e) {
                QFAIL(qPrintable(it.fileName() + ": " + QString::fromUtf8(e.what())));
            }
        }
        // 26 inputs reached date.h's undefined behaviour with a user format; most of
        // those formats are now refused outright (widths, %X, %c, ...).
        QVERIFY2(inputs >= 26, qPrintable(QString::number(inputs)));
        QVERIFY2(refusedFormats >= 20, qPrintable(QString::number(refusedFormats)));
    }
};

QTEST_APPLESS_MAIN(TestDateFormat)
#include "tst_core_dateformat.moc"
