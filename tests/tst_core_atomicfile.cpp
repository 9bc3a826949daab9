// Atomic writes and output sets (io/atomic_file.h, io/output_set.h) under faults: a
// full tmpfs, a read-only mount, a directory in the way. After every failure the old
// file or set must be byte-for-byte intact and no temporary may remain.
#include "support/tinyfs.h"

#include "data/generate.h"
#include "io/atomic_file.h"
#include "io/model_file.h"
#include "io/output_set.h"

#include <QTest>

#include <fstream>
#include <memory>
#include <sstream>

using namespace rnnlab;

namespace {

std::string slurp(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// The message of what `f` throws as FileWriteError (or a subclass of runtime_error).
template <class F> std::string errorOf(F f)
{
    try {
        f();
    } catch (const std::runtime_error &e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string &s, const char *part)
{
    return s.find(part) != std::string::npos;
}

std::unique_ptr<Model<float>> smallModel()
{
    auto m = std::make_unique<Model<float>>(parseModelSpec("lstm:4,dense", 1, 1));
    m->initialize(InitConfig {}, 1);
    return m;
}

} // namespace

class TestCoreAtomicFile : public QObject {
    Q_OBJECT
private slots:
    void writesAndReplaces();
    void fullDiskKeepsOldFile();
    void readOnlyFilesystemNamesReason();
    void directoryInTheWay();
    void preflightChecks();
    void outputSetReplacesWhole();
    void outputSetFullDiskKeepsOldSet();
    void outputSetRefusesForeignFiles();
    void modelAndCsvOnFullDisk();
};

void TestCoreAtomicFile::writesAndReplaces()
{
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/a.txt").toStdString();
    writeFileAtomically(path, "one");
    writeFileAtomically(path, "two, longer");
    QCOMPARE(slurp(path), std::string("two, longer"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList {"a.txt"});
}

void TestCoreAtomicFile::fullDiskKeepsOldFile()
{
    TinyFs fs;
    REQUIRE_TINYFS(fs);
    const std::string path = fs.file("data.csv");
    writeFileAtomically(path, "old contents\n");
    const std::string err = errorOf([&] { writeFileAtomically(path, std::string(200 * 1024, 'x')); });
    QVERIFY2(contains(err, "No space left on device"), err.c_str());
    QVERIFY2(contains(err, path.c_str()), err.c_str());
    QVERIFY2(!contains(err, "Success"), err.c_str());
    QCOMPARE(slurp(path), std::string("old contents\n"));
    QCOMPARE(fs.entries(), QStringList {"data.csv"});
    // Written in pieces (AtomicFile) the same holds, whichever piece fails.
    const std::string err2 = errorOf([&] {
        AtomicFile f(path);
        for (int i = 0; i < 100; ++i) {
            f.write(std::string(4096, 'y'));
        }
        f.commit();
    });
    QVERIFY2(contains(err2, "No space left on device"), err2.c_str());
    QCOMPARE(slurp(path), std::string("old contents\n"));
    QCOMPARE(fs.entries(), QStringList {"data.csv"});
}

void TestCoreAtomicFile::readOnlyFilesystemNamesReason()
{
    TinyFs fs;
    REQUIRE_TINYFS(fs);
    const std::string path = fs.file("model.json");
    writeFileAtomically(path, "{}");
    QVERIFY(fs.makeReadOnly());
    const std::string err = errorOf([&] { writeFileAtomically(path, "new"); });
    QVERIFY2(contains(err, "Read-only file system"), err.c_str());
    const std::string pre = errorOf([&] { checkWritableFile(path); });
    QVERIFY2(contains(pre, "Read-only file system"), pre.c_str());
    const std::string set = errorOf([&] { OutputSet::check(fs.file("out"), {"a.csv"}, 0); });
    QVERIFY2(contains(set, "Read-only file system"), set.c_str());
    QCOMPARE(slurp(path), std::string("{}"));
}

void TestCoreAtomicFile::directoryInTheWay()
{
    QTemporaryDir dir;
    const std::string err = errorOf([&] { writeFileAtomically(dir.path().toStdString(), "x"); });
    QVERIFY2(contains(err, "is a directory"), err.c_str());
    QVERIFY2(!contains(err, "Success"), err.c_str());
    const std::string model = errorOf([&] { saveModelFile(dir.path().toStdString(), *smallModel()); });
    QVERIFY2(contains(model, "is a directory"), model.c_str());
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList {});
}

void TestCoreAtomicFile::preflightChecks()
{
    QTemporaryDir dir;
    const std::string missingDir = (dir.path() + "/no/such/dir/m.json").toStdString();
    QVERIFY(contains(errorOf([&] { checkWritableFile(missingDir); }), "No such file or directory"));
    QVERIFY(contains(errorOf([&] { checkWritableFile(dir.path().toStdString()); }), "is a directory"));
    QVERIFY(errorOf([&] { checkWritableFile((dir.path() + "/ok.json").toStdString(), 10); }).empty());
    // Room: more than any filesystem has.
    const std::string room = errorOf([&] { checkWritableFile((dir.path() + "/ok.json").toStdString(), UINTMAX_MAX / 2); });
    QVERIFY2(contains(room, "not enough free space"), room.c_str());
    QVERIFY(!QFileInfo::exists(dir.path() + "/ok.json"));
}

void TestCoreAtomicFile::outputSetReplacesWhole()
{
    QTemporaryDir dir;
    const std::string out = (dir.path() + "/run/").toStdString(); // a trailing '/' as users type it
    OutputSet first(out);
    first.add("a.csv", "1\n");
    first.add("b.csv", "2\n");
    first.commit();
    OutputSet second(out);
    second.add("a.csv", "10\n");
    second.add("b.csv", "20\n");
    second.commit();
    QCOMPARE(slurp(dir.path().toStdString() + "/run/a.csv"), std::string("10\n"));
    QCOMPARE(slurp(dir.path().toStdString() + "/run/b.csv"), std::string("20\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList {"run"});
    QCOMPARE(QDir(dir.path() + "/run").entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             (QStringList {"a.csv", "b.csv"}));
}

void TestCoreAtomicFile::outputSetFullDiskKeepsOldSet()
{
    TinyFs fs;
    REQUIRE_TINYFS(fs);
    const std::string out = fs.file("run");
    OutputSet old(out);
    old.add("metrics.csv", "old metrics\n");
    old.add("predictions.csv", "old predictions\n");
    old.commit();
    // The second file does not fit: neither may change, nothing may remain.
    OutputSet fresh(out);
    fresh.add("metrics.csv", "new metrics\n");
    fresh.add("predictions.csv", std::string(200 * 1024, 'p'));
    const std::string err = errorOf([&] { fresh.commit(); });
    QVERIFY2(contains(err, "No space left on device"), err.c_str());
    QVERIFY2(contains(err, (out + "/predictions.csv").c_str()), err.c_str());
    QCOMPARE(slurp(out + "/metrics.csv"), std::string("old metrics\n"));
    QCOMPARE(slurp(out + "/predictions.csv"), std::string("old predictions\n"));
    QCOMPARE(fs.entries(), QStringList {"run"});
    // The check before work starts sees it coming.
    const std::string pre = errorOf([&] { OutputSet::check(out, {"metrics.csv", "predictions.csv"}, 200 * 1024); });
    QVERIFY2(contains(pre, "not enough free space"), pre.c_str());
}

void TestCoreAtomicFile::outputSetRefusesForeignFiles()
{
    QTemporaryDir dir;
    writeFileAtomically((dir.path() + "/notes.txt").toStdString(), "mine");
    const std::string err = errorOf([&] { OutputSet::check(dir.path().toStdString(), {"a.csv"}, 0); });
    QVERIFY2(contains(err, "notes.txt"), err.c_str());
    QVERIFY(errorOf([&] { OutputSet::check(dir.path().toStdString(), {"a.csv", "notes.txt"}, 0); }).empty());
    QVERIFY(errorOf([&] { OutputSet::check((dir.path() + "/new/deeper").toStdString(), {"a.csv"}, 0); }).empty());
    QVERIFY(contains(errorOf([&] { OutputSet::check((dir.path() + "/notes.txt").toStdString(), {"a.csv"}, 0); }),
                     "not a directory"));
}

void TestCoreAtomicFile::modelAndCsvOnFullDisk()
{
    TinyFs fs;
    REQUIRE_TINYFS(fs);
    const std::string model = fs.file("m.json");
    saveModelFile(model, *smallModel());
    const std::string before = slurp(model);
    Model<float> big(parseModelSpec("lstm:64,dense", 1, 1));
    const std::string err = errorOf([&] { saveModelFile(model, big); });
    QVERIFY2(contains(err, "No space left on device"), err.c_str());
    QCOMPARE(slurp(model), before);

    const std::string csv = fs.file("echo.csv");
    writeCsv(echo(10, 2, 1), csv);
    const std::string small = slurp(csv);
    const std::string err2 = errorOf([&] { writeCsv(echo(20000, 2, 1), csv); });
    QVERIFY2(contains(err2, "No space left on device"), err2.c_str());
    QCOMPARE(slurp(csv), small);
    QCOMPARE(fs.entries(), (QStringList {"echo.csv", "m.json"}));
}

QTEST_APPLESS_MAIN(TestCoreAtomicFile)
#include "tst_core_atomicfile.moc"
