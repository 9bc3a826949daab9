// Sizes and numbers from outside are checked before they cost anything: the memory
// estimate and its limits, checked JSON fields, a model file whose sizes claim more
// than it holds, files of NULs and devices, and a header of 262k fields (linear).
#include "data/series.h"
#include "data/windows.h"
#include "io/bounded_read.h"
#include "io/json_fields.h"
#include "io/model_file.h"
#include "nn/memory_estimate.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include <unistd.h>

using namespace rnnlab;
using nlohmann::json;

namespace {

template <class F> std::string errorOf(F f)
{
    try {
        f();
    } catch (const std::exception &e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string &s, const std::string &part)
{
    return s.find(part) != std::string::npos;
}

// The limits of a 24 GB machine, fixed so the test does not depend on this one.
const MemoryLimits k24GB {8'000'000'000ULL, 19'200'000'000ULL};

} // namespace

class TestCoreLimits : public QObject {
    Q_OBJECT
private slots:
    void memoryEstimate();
    void memoryLimitsFromEnvironment();
    void jsonFields_data();
    void jsonFields();
    void modelFileClaimsMoreThanItHolds();
    void modelFileNumbers();
    void nulAndDevicesRefusedEarly();
    void regularFileReadIntoItsOwnSize();
    void wideHeaderIsLinear();
};

void TestCoreLimits::memoryEstimate()
{
    const ModelSpec small = parseModelSpec("lstm:32,dense", 1, 1);
    QCOMPARE(checkMemory(trainingBytes(small, {12, 32, 1, 100}), k24GB, "x").verdict, MemoryVerdict::Ok);
    // lstm:10000 trains at ~12.5 GB (measured by the issue): above the soft limit.
    const ModelSpec large = parseModelSpec("lstm:10000,dense", 1, 1);
    const double need = trainingBytes(large, {12, 32, 1, 100});
    QVERIFY2(need > 8e9 && need < 19.2e9, formatBytes(need).c_str());
    const MemoryCheck warn = checkMemory(need, k24GB, "training lstm:10000,dense");
    QCOMPARE(warn.verdict, MemoryVerdict::Warn);
    QVERIFY2(contains(warn.message, "training lstm:10000,dense needs about") && contains(warn.message, "8 GB"),
             warn.message.c_str());
    // lstm:100000: 160 GB of weights alone.
    const ModelSpec huge = parseModelSpec("lstm:100000,dense", 1, 1);
    const MemoryCheck refuse = checkMemory(trainingBytes(huge, {12, 32, 1, 100}), k24GB, "training lstm:100000,dense");
    QCOMPARE(refuse.verdict, MemoryVerdict::Refuse);
    QVERIFY2(contains(refuse.message, "more than the limit of 19.2 GB"), refuse.message.c_str());
    QVERIFY(contains(errorOf([&] { requireMemory(1e12, k24GB, "y"); }), "y needs about 1e+03 GB"));
    // Products of user sizes do not overflow: lookback x batch x units x threads.
    const double absurd = trainingBytes(huge, {100000, 10000000, 1024, 1LL << 40});
    QVERIFY(std::isfinite(absurd) && absurd > 1e18);
    // More threads, more replicas: the estimate grows.
    QVERIFY(trainingBytes(small, {12, 32, 4, 100}) > trainingBytes(small, {12, 32, 1, 100}));
    // A seed ensemble builds all its members up front, the others with one thread each.
    QCOMPARE(trainingBytes(large, {12, 32, 2, 100, 5}),
             trainingBytes(large, {12, 32, 2, 100}) + 4 * trainingBytes(large, {12, 32, 1, 100}));
    const MemoryCheck members = checkMemory(trainingBytes(large, {12, 32, 1, 100, 3}), k24GB, "x");
    QCOMPARE(members.verdict, MemoryVerdict::Refuse); // one member warns, three are refused
}

void TestCoreLimits::memoryLimitsFromEnvironment()
{
    qputenv("RNNLAB_MEMORY_LIMITS", "1000,2000");
    const MemoryLimits m = MemoryLimits::forThisMachine();
    qunsetenv("RNNLAB_MEMORY_LIMITS");
    QCOMPARE(m.soft, 1000ULL);
    QCOMPARE(m.hard, 2000ULL);
    const MemoryLimits here = MemoryLimits::forThisMachine();
    QVERIFY(here.soft > 0 && here.hard > here.soft);
}

void TestCoreLimits::jsonFields_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message"); // empty: accepted
    QTest::newRow("ok") << "12" << "";
    QTest::newRow("whole float") << "12.0" << "";
    QTest::newRow("zero") << "0" << "f.json: field \"data.lookback\": 0 is out of range (allowed: a whole number from 1 to 10000)";
    QTest::newRow("negative") << "-7" << "f.json: field \"data.lookback\": -7 is out of range (allowed: a whole number from 1 to 10000)";
    QTest::newRow("8.9e22") << "8.9e22" << "f.json: field \"data.lookback\": 8.9e+22 is out of range (allowed: a whole number from 1 to 10000)";
    QTest::newRow("fraction") << "2.5" << "f.json: field \"data.lookback\": 2.5 is not a whole number (allowed: a whole number from 1 to 10000)";
    QTest::newRow("2^64") << "18446744073709551615" << "f.json: field \"data.lookback\": 18446744073709551615 is out of range (allowed: a whole number from 1 to 10000)";
    QTest::newRow("string") << "\"12\"" << "f.json: field \"data.lookback\": \"12\" is not a number (allowed: a whole number from 1 to 10000)";
    QTest::newRow("null") << "null" << "f.json: field \"data.lookback\": null is not a number (allowed: a whole number from 1 to 10000)";
}

void TestCoreLimits::jsonFields()
{
    QFETCH(QString, value);
    QFETCH(QString, message);
    const json j = json::parse("{\"lookback\": " + value.toStdString() + ", \"lr\": -1, \"seed\": -1}");
    const JsonFields f(j, "f.json", "data");
    const std::string err = errorOf([&] { QCOMPARE(f.integer("lookback", 1, 10000), 12LL); });
    QCOMPARE(QString::fromStdString(err), message);
    QCOMPARE(QString::fromStdString(errorOf([&] { f.real("lr", 1e-6, 1000); })),
             QString("f.json: field \"data.lr\": -1 is out of range (allowed: a number from 1e-06 to 1000)"));
    QVERIFY(contains(errorOf([&] { f.unsignedInteger("seed", 100); }), "\"data.seed\": -1 is not a whole number from 0 to 100"));
    QVERIFY(contains(errorOf([&] { f.integer("missing", 0, 1); }), "\"data.missing\": missing"));
    QCOMPARE(f.integer("absent", 0, 5, 3), 3LL);
}

void TestCoreLimits::modelFileClaimsMoreThanItHolds()
{
    // The issue's 243-byte file: hidden_size 20000 and no tensors. Refused by
    // counting, before the 12 GB model is made.
    const json j = json::parse(R"({"format":"rnnlab-model","version":1,"layers":[
        {"type":"lstm","input_size":1,"hidden_size":20000,"tensors":{}},
        {"type":"dense","input_size":20000,"output_size":1,"activation":"linear","tensors":{}}]})");
    const std::string err = errorOf([&] { modelFromJson(j, "m.json"); });
    QVERIFY2(contains(err, "m.json: the layer sizes need 1600260001 weights but the file holds only 0 values"), err.c_str());
    // Hidden sizes past the per-layer limit never reach the count.
    json k = j;
    k["layers"][0]["hidden_size"] = 1e12;
    QVERIFY(contains(errorOf([&] { modelFromJson(k, "m.json"); }), "\"hidden_size\" must be a whole number from 1 to 100000"));
}

void TestCoreLimits::modelFileNumbers()
{
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/m.json").toStdString();
    std::ofstream(path) << R"({"format":"rnnlab-model","version":1,"layers":[{"type":"lstm","input_size":1e999}]})";
    const std::string err = errorOf([&] { loadModelFile(path); });
    QVERIFY2(contains(err, path + ": not valid JSON: number overflow parsing '1e999'"), err.c_str());
    QVERIFY2(!contains(err, "[json.exception"), err.c_str());
    // A model file's data settings are checked too (forecast reads them).
    DataConfig dc;
    Windows w;
    const json data = json::parse(R"({"target":"y","inputs":[],"lookback":8.9e22,"horizon":1,"stride":1,
        "split":{"train":1,"val":0,"test":0},"normalization":"none","missing":"reject",
        "targetNorm":{"offset":0,"scale":1},"inputNorms":[{"offset":0,"scale":1}]})");
    const std::string d = errorOf([&] { fromJson(data, dc, w); });
    QVERIFY2(contains(d, "lookback: 8.9e+22 is out of range (allowed: a whole number from 1 to 100000)"), d.c_str());
}

void TestCoreLimits::nulAndDevicesRefusedEarly()
{
    // /dev/zero has no size and no end: refused at byte 0 after one chunk.
    const std::string zero = errorOf([] { loadSeries("/dev/zero"); });
    QVERIFY2(contains(zero, "/dev/zero:1: not a UTF-8 text file (NUL byte at byte 0)"), zero.c_str());
    const std::string model = errorOf([] { loadModelFile("/dev/zero"); });
    QVERIFY2(contains(model, "NUL byte at byte 0"), model.c_str());
    // A sparse file: larger than the limit is refused by its size, smaller at its first NUL.
    QTemporaryDir dir;
    const QString sparse = dir.path() + "/sparse.csv";
    {
        std::ofstream f(sparse.toStdString());
        f << "v\n1\n";
    }
    QVERIFY(::truncate(sparse.toLocal8Bit().constData(), off_t(3) << 30) == 0);
    const std::string big = errorOf([&] { loadSeries(sparse.toStdString()); });
    QVERIFY2(contains(big, "more than the limit"), big.c_str());
    QVERIFY(::truncate(sparse.toLocal8Bit().constData(), off_t(1) << 30) == 0);
    const std::string nul = errorOf([&] { loadSeries(sparse.toStdString()); });
    QVERIFY2(contains(nul, ":3: not a UTF-8 text file (NUL byte at byte 4)"), nul.c_str());
    QCOMPARE(errorOf([&] { readBoundedFile(sparse.toStdString(), std::size_t(1) << 31); }),
             std::string("not a text file (NUL byte at byte 4, line 3)"));
}

void TestCoreLimits::regularFileReadIntoItsOwnSize()
{
    // A regular file is read into one buffer of its size: no reallocation past its end,
    // which would hold twice the file while the loader parses it. Sizes on and off the
    // 1 MiB chunk boundary, and an empty file.
    QTemporaryDir dir;
    for (const std::size_t size : {std::size_t(0), std::size_t(5), std::size_t(1) << 20, (std::size_t(3) << 20) + 17}) {
        const std::string path = (dir.path() + "/f" + QString::number(size) + ".csv").toStdString();
        std::string content(size, 'x');
        for (std::size_t i = 7; i < size; i += 8) {
            content[i] = '\n';
        }
        {
            std::ofstream f(path, std::ios::binary);
            f << content;
        }
        const std::string text = readBoundedFile(path, std::size_t(1) << 30);
        QVERIFY(text == content);
        QVERIFY2(text.capacity() <= size + 64, qPrintable(QString("%1 bytes read into %2").arg(size).arg(text.capacity())));
    }
}

void TestCoreLimits::wideHeaderIsLinear()
{
    // 262k fields in a 1 MiB-ish header (106 s with the quadratic check); the duplicate
    // is the last one, so every name is compared.
    std::string header;
    const int n = 262144;
    for (int i = 0; i < n; ++i) {
        header += "c" + std::to_string(i) + ",";
    }
    header += "c7\n";
    LoadOptions options;
    options.maxLineLength = header.size() + 1;
    const std::string err = errorOf([&] { parseSeries(header + header, "wide.csv", options); });
    QVERIFY2(contains(err, "wide.csv:1: column \"c7\": duplicate column name (also column 8)"), err.c_str());
}

QTEST_APPLESS_MAIN(TestCoreLimits)
#include "tst_core_limits.moc"
