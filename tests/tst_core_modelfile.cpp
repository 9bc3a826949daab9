// The model file: save -> load is bit-exact for every layer type, extra keys
// survive, the write is atomic, every kind of broken file is rejected whole with a
// ModelFileError naming the file and the problem, and applyModelFile refuses a
// model of another architecture without touching it.
#include "io/model_file.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>

using namespace rnnlab;
using nlohmann::json;

namespace {

void randomize(Model<float> &model, std::uint64_t seed)
{
    model.initialize(InitConfig{}, seed);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> uniform(-0.5f, 0.5f);
    for (int i = 0; i < (int)model.tensors().size(); ++i) {
        if (model.tensors()[i].name.rfind("bias", 0) == 0) {
            MatMap<float> b = model.tensor(i);
            for (Eigen::Index k = 0; k < b.size(); ++k) {
                b.data()[k] += uniform(rng);
            }
        }
    }
}

bool bitEqual(const Vec<float> &a, const Vec<float> &b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

void writeText(const std::string &path, const std::string &text)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << text;
}

// A valid file's JSON for "lstm:4,rnn:3,dense:2:tanh,dense", input 2, horizon 1.
json goodJson()
{
    Model<float> model(parseModelSpec("lstm:4,rnn:3,dense:2:tanh,dense", 2, 1));
    randomize(model, 3);
    return modelToJson(model, json{{"data", {{"lookback", 12}}}});
}

} // namespace

class TestModelFile : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void jsonRoundTripInMemory();
    void atomicWrite();
    void saveToMissingDirectory();
    void brokenFiles_data();
    void brokenFiles();
    void errorsNameTheSource();
    void applyIntoOtherSpec_data();
    void applyIntoOtherSpec();
    void readsTorchReferenceFiles();

private:
    QTemporaryDir m_dir;
};

void TestModelFile::roundTrip_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("inputSize");
    QTest::addColumn<int>("horizon");
    QTest::addColumn<bool>("forgetBias");
    QTest::newRow("rnn") << QString("rnn:5,dense") << 1 << 1 << true;
    QTest::newRow("rnn relu, sigmoid") << QString("rnn:4:relu,rnn:3:sigmoid,dense") << 2 << 3 << true;
    QTest::newRow("lstm + dense head") << QString("lstm:6,dense:4:tanh,dense") << 3 << 2 << true;
    QTest::newRow("lstm no forget bias") << QString("lstm:6,dense") << 1 << 1 << false;
    QTest::newRow("gru,lstm") << QString("gru:5,lstm:4,dense:3:relu,dense:2:sigmoid,dense") << 2 << 4 << true;
}

void TestModelFile::roundTrip()
{
    QFETCH(QString, spec);
    QFETCH(int, inputSize);
    QFETCH(int, horizon);
    QFETCH(bool, forgetBias);
    QVERIFY(m_dir.isValid());

    ModelSpec s = parseModelSpec(spec.toStdString(), inputSize, horizon);
    for (LayerSpec &l : s.layers) {
        if (l.type == LayerType::Lstm) {
            l.forgetBias = forgetBias;
        }
    }
    Model<float> model(s);
    randomize(model, 11);
    // Awkward floats: the extremes, a subnormal, negative zero.
    model.params()[0] = std::numeric_limits<float>::max();
    model.params()[1] = -std::numeric_limits<float>::min();
    model.params()[2] = std::numeric_limits<float>::denorm_min() * 3;
    model.params()[3] = -0.0f;
    model.params()[4] = 0.1f;

    const json extra = {{"data", {{"normalization", "zscore"}, {"offset", 1.25}, {"columns", {"a", "b"}}}},
                        {"training", {{"epochs", 20}, {"optimizer", "adam"}}},
                        {"note", "caf\u00e9 \u2014 \u00fcnicode"}};
    const std::string path = (m_dir.path() + "/roundtrip.json").toStdString();
    saveModelFile(path, model, extra);
    ModelFile file;
    try {
        file = loadModelFile(path);
    } catch (const ModelFileError &e) {
        QFAIL(qPrintable(QString("the engine cannot read the file it wrote: ") + e.what()));
    }

    QVERIFY2(file.spec == model.spec(), formatModelSpec(file.spec).c_str());
    QVERIFY2(bitEqual(file.params, model.params()), "parameters changed in the round trip");
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        QVERIFY2(file.extra.contains(it.key()), it.key().c_str());
        QVERIFY2(file.extra[it.key()] == it.value(), it.key().c_str());
    }
    QVERIFY(!file.extra.contains("format"));
    QVERIFY(!file.extra.contains("version"));
    QVERIFY(!file.extra.contains("layers"));

    // And back into a fresh model of the same spec.
    Model<float> fresh(file.spec);
    applyModelFile(file, fresh);
    QVERIFY(bitEqual(fresh.params(), model.params()));

    // Saving the loaded model again gives the same bytes.
    const std::string again = (m_dir.path() + "/roundtrip2.json").toStdString();
    saveModelFile(again, fresh, file.extra);
    std::ifstream a(path), b(again);
    std::stringstream sa, sb;
    sa << a.rdbuf();
    sb << b.rdbuf();
    QCOMPARE(sa.str(), sb.str());
}

void TestModelFile::jsonRoundTripInMemory()
{
    Model<float> model(parseModelSpec("gru:3,dense", 1, 2));
    randomize(model, 5);
    const json j = modelToJson(model);
    QCOMPARE(j["format"].get<std::string>(), std::string("rnnlab-model"));
    QCOMPARE(j["version"].get<int>(), 1);
    QCOMPARE((int)j["layers"].size(), 2);
    QCOMPARE(j["layers"][0]["type"].get<std::string>(), std::string("gru"));
    QCOMPARE(j["layers"][0]["hidden_size"].get<int>(), 3);
    QCOMPARE(j["layers"][0]["input_size"].get<int>(), 1);
    QCOMPARE((int)j["layers"][0]["tensors"]["weight_hh"].size(), 9); // 3H rows
    QCOMPARE((int)j["layers"][0]["tensors"]["weight_hh"][0].size(), 3);
    QCOMPARE(j["layers"][1]["output_size"].get<int>(), 2);
    // Row-major as in PyTorch: weight_ih[r][c] is tensor (r, c).
    const int wi = model.findTensor(0, "weight_ih");
    QCOMPARE(j["layers"][0]["tensors"]["weight_ih"][4][0].get<double>(), double(model.tensor(wi)(4, 0)));
    const ModelFile f = modelFromJson(j, "memory");
    QVERIFY(f.spec == model.spec());
    QVERIFY(bitEqual(f.params, model.params()));
}

void TestModelFile::atomicWrite()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = (dir.path() + "/model.json").toStdString();
    Model<float> a(parseModelSpec("lstm:3,dense", 1, 1));
    randomize(a, 1);
    Model<float> b(parseModelSpec("rnn:2,dense", 1, 1));
    randomize(b, 2);
    saveModelFile(path, a);
    saveModelFile(path, b); // overwrites
    int files = 0;
    for (const auto &entry : std::filesystem::directory_iterator(dir.path().toStdString())) {
        ++files;
        QVERIFY2(entry.path().filename() == "model.json", entry.path().c_str());
    }
    QCOMPARE(files, 1);
    QVERIFY(!std::filesystem::exists(path + ".tmp"));
    QVERIFY(loadModelFile(path).spec == b.spec());
}

void TestModelFile::saveToMissingDirectory()
{
    Model<float> model(parseModelSpec("lstm:3,dense", 1, 1));
    const std::string path = (m_dir.path() + "/no/such/dir/model.json").toStdString();
    bool threw = false;
    try {
        saveModelFile(path, model);
    } catch (const ModelFileError &e) {
        threw = true;
        QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
    }
    QVERIFY(threw);
    QVERIFY(!std::filesystem::exists(path + ".tmp"));
}

void TestModelFile::brokenFiles_data()
{
    QTest::addColumn<QString>("content"); // "<missing>" = no file at all
    QTest::addColumn<QStringList>("mentions"); // the message must contain one of these

    const json good = goodJson();
    auto mutated = [&](auto &&edit) {
        json j = good;
        edit(j);
        return QString::fromStdString(j.dump());
    };
    const std::string full = good.dump();

    QTest::newRow("missing file") << QString("<missing>") << QStringList{"no such", "not found", "exist", "open"};
    QTest::newRow("empty") << QString("") << QStringList{"empty"};
    QTest::newRow("truncated JSON") << QString::fromStdString(full.substr(0, full.size() / 2))
                                    << QStringList{"truncated", "JSON"};
    QTest::newRow("truncated by one byte") << QString::fromStdString(full.substr(0, full.size() - 1))
                                           << QStringList{"truncated", "JSON"};
    QTest::newRow("not JSON") << QString("time,value\n1,2\n") << QStringList{"JSON"};
    QTest::newRow("JSON array") << QString("[1, 2, 3]") << QStringList{"object", "format"};
    QTest::newRow("wrong format") << mutated([](json &j) { j["format"] = "keras-model"; }) << QStringList{"format"};
    QTest::newRow("no format") << mutated([](json &j) { j.erase("format"); }) << QStringList{"format"};
    QTest::newRow("version 2") << mutated([](json &j) { j["version"] = 2; }) << QStringList{"version"};
    QTest::newRow("version string") << mutated([](json &j) { j["version"] = "1"; }) << QStringList{"version"};
    QTest::newRow("no layers") << mutated([](json &j) { j["layers"] = json::array(); }) << QStringList{"layers"};
    QTest::newRow("layers not an array") << mutated([](json &j) { j["layers"] = "lstm"; }) << QStringList{"layers"};
    QTest::newRow("unknown layer type") << mutated([](json &j) { j["layers"][1]["type"] = "transformer"; })
                                        << QStringList{"transformer"};
    QTest::newRow("missing type") << mutated([](json &j) { j["layers"][1].erase("type"); }) << QStringList{"type"};
    QTest::newRow("bad activation") << mutated([](json &j) { j["layers"][1]["activation"] = "softmax"; })
                                    << QStringList{"softmax"};
    QTest::newRow("weight_hh wrong rows") << mutated([](json &j) { j["layers"][0]["tensors"]["weight_hh"].erase(0); })
                                          << QStringList{"weight_hh"};
    QTest::newRow("weight_hh ragged") << mutated([](json &j) { j["layers"][0]["tensors"]["weight_hh"][3].erase(0); })
                                      << QStringList{"weight_hh"};
    QTest::newRow("weight_hh transposed") << mutated([](json &j) {
        json &w = j["layers"][0]["tensors"]["weight_hh"]; // 16 x 4 -> 4 x 16
        json t = json::array();
        for (size_t c = 0; c < w[0].size(); ++c) {
            json row = json::array();
            for (size_t r = 0; r < w.size(); ++r) {
                row.push_back(w[r][c]);
            }
            t.push_back(row);
        }
        w = t;
    }) << QStringList{"weight_hh"};
    QTest::newRow("bias as a scalar") << mutated([](json &j) { j["layers"][3]["tensors"]["bias"] = 0.5; })
                                      << QStringList{"bias"};
    QTest::newRow("missing tensor") << mutated([](json &j) { j["layers"][0]["tensors"].erase("bias_hh"); })
                                    << QStringList{"bias_hh"};
    QTest::newRow("missing tensors") << mutated([](json &j) { j["layers"][2].erase("tensors"); })
                                     << QStringList{"tensor"};
    QTest::newRow("string value") << mutated([](json &j) { j["layers"][0]["tensors"]["weight_ih"][2][1] = "abc"; })
                                  << QStringList{"weight_ih"};
    QTest::newRow("null value") << mutated([](json &j) { j["layers"][1]["tensors"]["bias_ih"][0] = nullptr; })
                                << QStringList{"bias_ih"};
    // JSON has no NaN/Inf literals; 1e999 overflows to inf when parsed.
    QTest::newRow("infinite value") << mutated([](json &j) { j["layers"][0]["tensors"]["weight_ih"][1][0] = 1234.5678; })
                                           .replace("1234.5678", "1e999")
                                    << QStringList{"weight_ih", "finite", "overflow"};
    QTest::newRow("value too large for float") << mutated([](json &j) { j["layers"][2]["tensors"]["weight"][0][0] = 1e300; })
                                               << QStringList{"weight", "finite"};
    QTest::newRow("hidden_size mismatch") << mutated([](json &j) { j["layers"][1]["input_size"] = 5; })
                                          << QStringList{"input_size", "hidden_size"};
    QTest::newRow("hidden_size not matching tensors") << mutated([](json &j) { j["layers"][0]["hidden_size"] = 5; })
                                                      << QStringList{"input_size", "hidden_size", "weight", "bias"};
    QTest::newRow("missing hidden_size") << mutated([](json &j) { j["layers"][0].erase("hidden_size"); })
                                         << QStringList{"hidden_size"};
    QTest::newRow("hidden_size 0") << mutated([](json &j) { j["layers"][0]["hidden_size"] = 0; })
                                   << QStringList{"hidden_size"};
    QTest::newRow("hidden_size fractional") << mutated([](json &j) { j["layers"][0]["hidden_size"] = 4.5; })
                                            << QStringList{"hidden_size"};
    QTest::newRow("dense before recurrent") << mutated([](json &j) { std::swap(j["layers"][0], j["layers"][3]); })
                                            << QStringList{"dense", "recurrent", "input_size"};
}

void TestModelFile::brokenFiles()
{
    QFETCH(QString, content);
    QFETCH(QStringList, mentions);
    QVERIFY(m_dir.isValid());
    const std::string path = (m_dir.path() + "/broken_" + QTest::currentDataTag()).toStdString() + ".json";
    if (content != "<missing>") {
        writeText(path, content.toStdString());
    }
    bool threw = false;
    try {
        loadModelFile(path);
    } catch (const ModelFileError &e) {
        threw = true;
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable("does not name the file: " + message));
        bool named = false;
        for (const QString &word : mentions) {
            named = named || message.contains(word, Qt::CaseInsensitive);
        }
        QVERIFY2(named, qPrintable("does not name the problem (" + mentions.join(" | ") + "): " + message));
    } catch (const std::exception &e) {
        QFAIL(qPrintable(QString("threw something other than ModelFileError: ") + e.what()));
    }
    QVERIFY2(threw, "the broken file was accepted");
}

void TestModelFile::errorsNameTheSource()
{
    json j = goodJson();
    j["version"] = 7;
    try {
        modelFromJson(j, "clipboard-model");
        QFAIL("accepted version 7");
    } catch (const ModelFileError &e) {
        QVERIFY2(std::string(e.what()).find("clipboard-model") != std::string::npos, e.what());
        QVERIFY2(std::string(e.what()).find('7') != std::string::npos, e.what());
    }
}

void TestModelFile::applyIntoOtherSpec_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("inputSize");
    QTest::newRow("more units") << QString("lstm:5,dense") << 1;
    QTest::newRow("other cell") << QString("gru:4,dense") << 1;
    QTest::newRow("other input size") << QString("lstm:4,dense") << 2;
    QTest::newRow("extra layer") << QString("lstm:4,lstm:4,dense") << 1;
    QTest::newRow("extra dense") << QString("lstm:4,dense:4,dense") << 1;
}

void TestModelFile::applyIntoOtherSpec()
{
    QFETCH(QString, spec);
    QFETCH(int, inputSize);
    Model<float> source(parseModelSpec("lstm:4,dense", 1, 1));
    randomize(source, 1);
    const std::string path = (m_dir.path() + "/source.json").toStdString();
    saveModelFile(path, source);
    const ModelFile file = loadModelFile(path);

    Model<float> target(parseModelSpec(spec.toStdString(), inputSize, 1));
    randomize(target, 2);
    const Vec<float> before = target.params();
    QVERIFY_THROWS_EXCEPTION(ModelFileError, applyModelFile(file, target));
    QVERIFY(bitEqual(target.params(), before));

    // Activation and forget-bias differences are architecture differences too.
    Model<float> rnn(parseModelSpec("rnn:4,dense", 1, 1));
    Model<float> relu(parseModelSpec("rnn:4:relu,dense", 1, 1));
    QVERIFY_THROWS_EXCEPTION(ModelFileError, applyModelFile(modelFromJson(modelToJson(rnn), "rnn"), relu));
}

void TestModelFile::readsTorchReferenceFiles()
{
    // The oracle's reference files are model files written by Python: they must load.
    const std::string path = std::string(RNNLAB_TEST_DATA) + "/torch/lstm_gru_dense.json";
    const ModelFile file = loadModelFile(path);
    QVERIFY(file.extra.contains("oracle"));
    const json &oracle = file.extra["oracle"];
    const ModelSpec expected = parseModelSpec(oracle["spec"].get<std::string>(), oracle["input_size"].get<int>(),
                                              oracle["horizon"].get<int>());
    QVERIFY2(file.spec == expected, formatModelSpec(file.spec).c_str());
    std::ifstream in(path);
    const json raw = json::parse(in);
    Model<float> model(file.spec);
    applyModelFile(file, model);
    const int idx = model.findTensor(1, "weight_hh");
    QCOMPARE(model.tensor(idx)(5, 2), float(raw["layers"][1]["tensors"]["weight_hh"][5][2].get<double>()));
}

QTEST_APPLESS_MAIN(TestModelFile)
#include "tst_core_modelfile.moc"
