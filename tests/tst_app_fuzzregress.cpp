// Replays the fuzz corpora and every regression input (tests/fuzz/corpus/<target>/,
// tests/fuzz/regressions/<target>/) through the fuzzed entry points in a normal
// build, so a defect libFuzzer found stays fixed. A reader may accept or refuse an
// input with its own error; any other exception fails here, a crash fails the test.
// The seeds must stay valid files, or the fuzzer would start from nothing.
#include "fuzz/fuzz_entry.h"

// The entry points themselves, compiled into this test (without libFuzzer's main).
#include "fuzz/fuzz_experiment.cpp"
#include "fuzz/fuzz_modelfile.cpp"
#include "fuzz/fuzz_series.cpp"
#include "fuzz/fuzz_timeparse.cpp"

#include "experiment.h"
#include "io/model_file.h"

#include <QDirIterator>
#include <QRegularExpression>
#include <QtTest>

namespace {

const QString kFuzz = QStringLiteral(RNNLAB_TEST_DATA "/../fuzz");

QStringList inputsOf(const QString &target)
{
    QStringList files;
    for (const QString &kind : {QStringLiteral("corpus"), QStringLiteral("regressions")}) {
        QDirIterator it(kFuzz + '/' + kind + '/' + target, QDir::Files | QDir::Hidden);
        while (it.hasNext()) {
            files << it.next();
        }
    }
    files.sort();
    return files;
}

QByteArray slurp(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestFuzzRegress : public QObject {
    Q_OBJECT
private slots:
    void replay_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        for (const QString &target : {QStringLiteral("series"), QStringLiteral("modelfile"), QStringLiteral("experiment"),
                                      QStringLiteral("timeparse")}) {
            const QStringList files = inputsOf(target);
            QVERIFY2(!files.isEmpty(), qPrintable("no seed corpus for " + target));
            for (const QString &f : files) {
                QTest::newRow(qPrintable(target + ':' + QFileInfo(f).fileName())) << target << f;
            }
        }
    }
    void replay()
    {
        QFETCH(QString, target);
        QFETCH(QString, file);
        const QByteArray bytes = slurp(file);
        const std::string_view view(bytes.constData(), std::size_t(bytes.size()));
        try {
            if (target == QLatin1String("series")) {
                rnnlab::fuzz::seriesInput(view);
            } else if (target == QLatin1String("timeparse")) {
                rnnlab::fuzz::timeParseInput(view);
            } else if (target == QLatin1String("modelfile")) {
                rnnlab::fuzz::modelFileInput(view);
            } else {
                rnnlab::fuzz::experimentInput(view);
            }
        } catch (const std::exception &e) {
            QFAIL(qPrintable(QStringLiteral("%1 escaped: %2").arg(file, QString::fromUtf8(e.what()))));
        }
    }
    void seedsAreValidFiles()
    {
        for (const QString &f : QDir(kFuzz + "/corpus/modelfile").entryList(QDir::Files)) {
            try {
                rnnlab::loadModelFile((kFuzz + "/corpus/modelfile/" + f).toStdString());
            } catch (const std::exception &e) {
                QFAIL(e.what());
            }
        }
        for (const QString &f : QDir(kFuzz + "/corpus/experiment").entryList(QDir::Files)) {
            try {
                rnnlab::loadExperiment(kFuzz + "/corpus/experiment/" + f);
            } catch (const std::exception &e) {
                QFAIL(e.what());
            }
        }
        // The date seeds must load with a time axis (choice '1' asks for none), or the
        // fuzzer would explore the number reader instead of the date parser. Inputs the
        // fuzzer added (named by their SHA-1) need not be valid.
        const QString dates = kFuzz + "/corpus/timeparse/";
        const QRegularExpression found(QStringLiteral("^[0-9a-f]{40}$"));
        for (const QString &f : QDir(dates).entryList(QDir::Files)) {
            if (found.match(f).hasMatch()) {
                continue;
            }
            const QByteArray bytes = slurp(dates + f);
            rnnlab::LoadOptions options;
            std::string_view csv;
            QVERIFY2(rnnlab::fuzz::timeParseChoices(std::string_view(bytes.constData(), std::size_t(bytes.size())), options, csv),
                     qPrintable(f));
            try {
                const rnnlab::Series s = rnnlab::parseSeries(std::string(csv), f.toStdString(), options);
                QVERIFY2((s.timeKind == rnnlab::TimeKind::Index) == (bytes.at(0) == '1'), qPrintable(f));
            } catch (const std::exception &e) {
                QFAIL(qPrintable(f + ": " + QString::fromUtf8(e.what())));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegress)
#include "tst_app_fuzzregress.moc"
