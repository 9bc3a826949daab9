// Sliding windows, the chronological split and the train-only normalisation.
// Split rule: a window belongs to the split holding its first target row i+L, and
// it is dropped when its last target row i+L+H-1 falls in a later split, so no
// target is ever scored in two splits (inputs may reach back into earlier splits).
// A differencing transform leaves row 0 without a value, so window starts begin at 1.
#include "data/windows.h"

#include "forecasting/baselines.h"
#include "io/json_fields.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace rnnlab {

namespace {

std::string formatNumber(double x)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

std::string listColumns(const Series &series)
{
    std::string out;
    for (const std::string &c : series.columns) {
        out += (out.empty() ? "'" : ", '") + c + "'";
    }
    return out.empty() ? "(none)" : out;
}

int findColumn(const Series &series, const std::string &name, const char *role)
{
    for (int c = 0; c < (int)series.columns.size(); ++c) {
        if (series.columns[c] == name) {
            return c;
        }
    }
    throw std::invalid_argument(std::string("unknown ") + role + " column '" + name + "' in "
        + (series.source.empty() ? "the series" : "'" + series.source + "'") + "; the available columns are "
        + listColumns(series));
}

std::string describeCell(const Series &series, int row, int column)
{
    std::string where = (series.source.empty() ? std::string("the series") : "'" + series.source + "'");
    if (row < (int)series.lines.size() && series.lines[row] > 0) {
        where += ", line " + std::to_string(series.lines[row]);
    } else {
        where += ", row " + std::to_string(row);
    }
    return where + ", column '" + series.columns[column] + "'";
}

Normalizer fitNormalizer(const Eigen::Ref<const Eigen::VectorXd> &train, Normalization kind)
{
    Normalizer n;
    n.kind = kind;
    if (kind == Normalization::ZScore) {
        n.offset = train.mean();
        // Population std: the training rows are the whole population we normalise with.
        const double var = (train.array() - n.offset).square().mean();
        n.scale = std::sqrt(var);
    } else if (kind == Normalization::MinMax) {
        n.offset = train.minCoeff();
        n.scale = train.maxCoeff() - n.offset;
    }
    // A constant column would divide by zero; scale 1 just centres it.
    if (!(n.scale > 1e-12 * std::max(1.0, std::abs(n.offset)))) {
        n.scale = 1.0;
    }
    return n;
}

void checkFractions(const DataConfig &c)
{
    const double f[3] = {c.trainFraction, c.valFraction, c.testFraction};
    const char *names[3] = {"train", "validation", "test"};
    for (int k = 0; k < 3; ++k) {
        if (!std::isfinite(f[k]) || f[k] < 0.0) {
            throw std::invalid_argument(
                std::string(names[k]) + " fraction " + formatNumber(f[k]) + " must be a number >= 0");
        }
    }
    const double sum = f[0] + f[1] + f[2];
    if (std::abs(sum - 1.0) > 1e-6) {
        throw std::invalid_argument("split fractions " + formatNumber(f[0]) + " + " + formatNumber(f[1]) + " + "
            + formatNumber(f[2]) + " = " + formatNumber(sum) + " must sum to 1");
    }
}

} // namespace

const char *toString(Normalization n)
{
    switch (n) {
    case Normalization::ZScore: return "zscore";
    case Normalization::MinMax: return "minmax";
    case Normalization::None: return "none";
    }
    return "?";
}

Normalization normalizationFromString(const std::string &s)
{
    if (s == "zscore" || s == "z-score" || s == "standard") {
        return Normalization::ZScore;
    }
    if (s == "minmax" || s == "min-max") {
        return Normalization::MinMax;
    }
    if (s == "none") {
        return Normalization::None;
    }
    throw std::invalid_argument("unknown normalization '" + s + "'; use zscore, minmax or none");
}

const char *toString(Transform t)
{
    switch (t) {
    case Transform::None: return "none";
    case Transform::Log: return "log";
    case Transform::Difference: return "diff";
    case Transform::LogDifference: return "logdiff";
    case Transform::SeasonalDifference: return "sdiff";
    case Transform::LogSeasonalDifference: return "logsdiff";
    }
    return "?";
}

Transform transformFromString(const std::string &s)
{
    if (s == "none") {
        return Transform::None;
    }
    if (s == "log") {
        return Transform::Log;
    }
    if (s == "diff" || s == "difference") {
        return Transform::Difference;
    }
    if (s == "logdiff" || s == "log-diff") {
        return Transform::LogDifference;
    }
    if (s == "sdiff" || s == "seasonal-diff") {
        return Transform::SeasonalDifference;
    }
    if (s == "logsdiff" || s == "log-sdiff") {
        return Transform::LogSeasonalDifference;
    }
    throw std::invalid_argument("unknown transform '" + s + "'; use none, log, diff, logdiff, sdiff or logsdiff");
}

const char *toString(WindowNorm n)
{
    return n == WindowNorm::Last ? "last" : "none";
}

WindowNorm windowNormFromString(const std::string &s)
{
    if (s == "none") {
        return WindowNorm::None;
    }
    if (s == "last") {
        return WindowNorm::Last;
    }
    throw std::invalid_argument("unknown window normalisation '" + s + "'; use none or last");
}

int Windows::targetFeature() const
{
    for (std::size_t k = 0; k < inputColumns.size(); ++k) {
        if (inputColumns[k] == targetColumn) {
            return int(k);
        }
    }
    return -1;
}

bool isSeasonal(Transform t)
{
    return t == Transform::SeasonalDifference || t == Transform::LogSeasonalDifference;
}

bool usesLog(Transform t)
{
    return t == Transform::Log || t == Transform::LogDifference || t == Transform::LogSeasonalDifference;
}

int firstTransformedRow(Transform t, int period)
{
    if (isSeasonal(t)) {
        return period;
    }
    return t == Transform::Difference || t == Transform::LogDifference ? 1 : 0;
}

Eigen::VectorXd transformColumn(const Series &series, int column, Transform t, int period)
{
    const Eigen::VectorXd x = series.values.col(column);
    if (t == Transform::None) {
        return x;
    }
    if (isSeasonal(t) && period < 2) {
        throw std::invalid_argument(std::string("the ") + toString(t) + " transform needs a seasonal period of at "
            "least 2 (got " + std::to_string(period) + ")");
    }
    const bool useLog = usesLog(t);
    Eigen::VectorXd y = x;
    if (useLog) {
        for (int r = 0; r < (int)x.size(); ++r) {
            // !(x > 0) also catches NaN, which would otherwise slip through as log(NaN).
            if (!(x[r] > 0.0)) {
                throw std::invalid_argument(describeCell(series, r, column) + ": value " + formatNumber(x[r])
                    + " is not > 0, so the " + toString(t) + " transform cannot take its logarithm");
            }
            y[r] = std::log(x[r]);
        }
    }
    if (t == Transform::Difference || t == Transform::LogDifference) {
        for (Eigen::Index r = y.size() - 1; r >= 1; --r) {
            y[r] -= y[r - 1];
        }
        if (y.size() > 0) {
            y[0] = 0.0;
        }
    }
    if (isSeasonal(t)) {
        for (Eigen::Index r = y.size() - 1; r >= period; --r) {
            y[r] -= y[r - period];
        }
        y.head(std::min<Eigen::Index>(period, y.size())).setZero();
    }
    return y;
}

Windows makeWindows(const Series &source, const DataConfig &config)
{
    if (config.lookback < 1) {
        throw std::invalid_argument("lookback must be at least 1 (got " + std::to_string(config.lookback) + ")");
    }
    if (config.horizon < 1) {
        throw std::invalid_argument("horizon must be at least 1 (got " + std::to_string(config.horizon) + ")");
    }
    if (config.stride < 1) {
        throw std::invalid_argument("stride must be at least 1 (got " + std::to_string(config.stride) + ")");
    }
    checkFractions(config);
    if (source.columns.empty() || source.values.cols() != (Eigen::Index)source.columns.size()) {
        throw std::invalid_argument("the series " + source.source + " has no value columns");
    }

    Windows w;
    w.transform = config.transform;
    w.windowNorm = config.windowNorm;
    w.lookback = config.lookback;
    w.horizon = config.horizon;
    w.stride = config.stride;
    w.targetColumn = config.target.empty() ? 0 : findColumn(source, config.target, "target");
    if (config.inputs.empty()) {
        w.inputColumns = {w.targetColumn};
    } else {
        std::set<int> seen;
        for (const std::string &name : config.inputs) {
            const int c = findColumn(source, name, "input");
            if (!seen.insert(c).second) {
                throw std::invalid_argument("input column '" + name + "' is listed twice");
            }
            w.inputColumns.push_back(c);
        }
    }
    if (w.windowNorm != WindowNorm::None && w.targetFeature() < 0) {
        throw std::invalid_argument(std::string("window normalisation '") + toString(w.windowNorm)
            + "' subtracts the target's last value from each window, so the target column must be one of the inputs");
    }
    std::vector<int> used = w.inputColumns;
    if (std::find(used.begin(), used.end(), w.targetColumn) == used.end()) {
        used.push_back(w.targetColumn);
    }

    // The policy runs on a copy and only when a used column has a gap, so unused
    // columns with gaps never block training.
    const Series *series = &source;
    Series patched;
    bool hasGap = false;
    for (int c : used) {
        hasGap = hasGap || source.values.col(c).array().isNaN().any();
    }
    if (hasGap) {
        patched = source;
        applyMissingPolicy(patched, config.missing, used);
        series = &patched;
    }
    // A difference across rows the drop policy removed compares values that were
    // not neighbours: refuse, and say what to use instead.
    if ((firstTransformedRow(config.transform) > 0 || isSeasonal(config.transform)) && !series->droppedInside.empty()) {
        const std::size_t n = series->droppedInside.size();
        throw std::invalid_argument("the drop policy removed " + std::to_string(n) + " row" + (n == 1 ? "" : "s")
            + " inside the series (first: line " + std::to_string(series->droppedInside.front()) + "), so the "
            + toString(config.transform) + " transform would take a difference across the gap; use the interpolate "
            "or ffill missing-value policy (--missing interpolate) with a differencing transform");
    }
    for (int c : used) {
        for (int r = 0; r < series->rows(); ++r) {
            const double v = series->values(r, c);
            if (!std::isfinite(v)) {
                throw std::invalid_argument(describeCell(*series, r, c) + ": value "
                    + (std::isnan(v) ? "is missing" : "is infinite") + " after the missing-value policy");
            }
        }
    }

    const int rows = series->rows();
    w.rows = rows;
    w.trainEnd = std::clamp((int)std::lround(rows * config.trainFraction), 0, rows);
    w.valEnd = std::clamp((int)std::lround(rows * (config.trainFraction + config.valFraction)), w.trainEnd, rows);
    if (config.testFraction == 0.0) {
        w.valEnd = rows; // rounding must not leave a one-row test split nobody asked for
    }
    if (isSeasonal(w.transform)) {
        // The declared period, else the one the training rows of the target show.
        w.seasonalPeriod = config.seasonalPeriod;
        if (w.seasonalPeriod == 0) {
            const Eigen::VectorXd levels = series->values.col(w.targetColumn);
            w.seasonalPeriod = detectSeasonalPeriod(std::span<const double>(levels.data(), std::size_t(w.trainEnd)));
        }
        if (w.seasonalPeriod < 2 || w.seasonalPeriod >= w.trainEnd) {
            throw std::invalid_argument(std::string("the ") + toString(w.transform) + " transform needs a seasonal "
                "period between 2 and the " + std::to_string(w.trainEnd) + " training rows; "
                + (config.seasonalPeriod == 0 ? std::string("none was detected in the training rows of ")
                        + (series->source.empty() ? std::string("the series") : "'" + series->source + "'")
                        + ", so declare one (--period m) or use diff"
                                              : "the declared period is " + std::to_string(config.seasonalPeriod)));
        }
    }
    const int L = w.lookback, H = w.horizon, first = w.firstRow();
    if (first + L + H > w.trainEnd) {
        throw std::invalid_argument("lookback " + std::to_string(L) + " + horizon " + std::to_string(H)
            + (first > 0 ? " + " + std::to_string(first) + " row" + (first == 1 ? "" : "s") + " lost to the "
                    + std::string(toString(w.transform)) + " transform"
                         : std::string())
            + " needs at least " + std::to_string(first + L + H) + " training rows; the training split has "
            + std::to_string(w.trainEnd) + " of " + std::to_string(rows) + " rows");
    }

    for (int i = first; i + L + H <= rows; i += w.stride) {
        const int first = i + L, last = i + L + H - 1;
        if (first < w.trainEnd) {
            if (last < w.trainEnd) {
                w.train.push_back(i);
            }
        } else if (first < w.valEnd) {
            if (last < w.valEnd) {
                w.val.push_back(i);
            }
        } else {
            w.test.push_back(i);
        }
    }
    if (w.train.empty()) {
        throw std::invalid_argument("no training window: lookback " + std::to_string(L) + ", horizon "
            + std::to_string(H) + ", stride " + std::to_string(w.stride) + " over " + std::to_string(w.trainEnd)
            + " training rows");
    }

    // Normalisers are fitted on the transformed training rows that have a value.
    const int fitRows = w.trainEnd - first;
    w.inputs.resize((Eigen::Index)w.inputColumns.size(), rows);
    for (int k = 0; k < (int)w.inputColumns.size(); ++k) {
        const Eigen::VectorXd x = transformColumn(*series, w.inputColumns[k], w.transform, w.seasonalPeriod);
        const Normalizer n = fitNormalizer(x.segment(first, fitRows), config.normalization);
        w.inputNorms.push_back(n);
        w.inputs.row(k) = ((x.array() - n.offset) / n.scale).cast<float>().transpose();
    }
    const Eigen::VectorXd y = transformColumn(*series, w.targetColumn, w.transform, w.seasonalPeriod);
    w.targetNorm = fitNormalizer(y.segment(first, fitRows), config.normalization);
    w.target = ((y.array() - w.targetNorm.offset) / w.targetNorm.scale).cast<float>();
    w.targetLevels = series->values.col(w.targetColumn);
    if (first > 0) {
        // Rows before `first` have no transformed value; 0 keeps stray reads finite, and no window reads them.
        w.inputs.leftCols(first).setZero();
        w.target.head(first).setZero();
    }
    return w;
}

void gatherBatch(const Windows &w, std::span<const int> starts, Eigen::MatrixXf &X, Eigen::MatrixXf &Y)
{
    const int L = w.lookback, H = w.horizon, B = (int)starts.size();
    X.resize(w.features(), (Eigen::Index)L * B);
    Y.resize(H, B);
    for (int b = 0; b < B; ++b) {
        const int i = starts[b];
        if (i < 0 || i + L + H > w.rows) {
            throw std::invalid_argument("window start " + std::to_string(i) + " is outside the series of "
                + std::to_string(w.rows) + " rows (lookback " + std::to_string(L) + ", horizon " + std::to_string(H)
                + ")");
        }
        for (int t = 0; t < L; ++t) {
            X.col((Eigen::Index)t * B + b) = w.inputs.col(i + t);
        }
        Y.col(b) = w.target.segment(i + L, H);
    }
    if (w.windowNorm == WindowNorm::Last) {
        const int k = w.targetFeature();
        for (int b = 0; b < B; ++b) {
            const int last = starts[b] + L - 1;
            const float x = w.inputs(k, last);
            for (int t = 0; t < L; ++t) {
                X(k, (Eigen::Index)t * B + b) -= x;
            }
            Y.col(b).array() -= w.target[last];
        }
    }
}

void addWindowLevels(const Windows &w, std::span<const int> starts, Eigen::MatrixXf &predNorm)
{
    if (w.windowNorm == WindowNorm::None) {
        return;
    }
    for (std::size_t n = 0; n < starts.size(); ++n) {
        predNorm.col(Eigen::Index(n)).array() += w.target[starts[n] + w.lookback - 1];
    }
}

nlohmann::json toJson(const DataConfig &config, const Windows &w)
{
    auto norm = [](const Normalizer &n) { return nlohmann::json {{"offset", n.offset}, {"scale", n.scale}}; };
    nlohmann::json inputNorms = nlohmann::json::array();
    for (const Normalizer &n : w.inputNorms) {
        inputNorms.push_back(norm(n));
    }
    return nlohmann::json {
        {"target", config.target},
        {"inputs", config.inputs},
        {"targetColumn", w.targetColumn},
        {"inputColumns", w.inputColumns},
        {"lookback", w.lookback},
        {"horizon", w.horizon},
        {"stride", w.stride},
        {"split", {{"train", config.trainFraction}, {"val", config.valFraction}, {"test", config.testFraction}}},
        {"normalization", toString(config.normalization)},
        {"transform", toString(config.transform)},
        {"seasonalPeriod", w.seasonalPeriod},
        {"windowNorm", toString(w.windowNorm)},
        {"missing", toString(config.missing)},
        {"targetNorm", norm(w.targetNorm)},
        {"inputNorms", inputNorms},
    };
}

void fromJson(const nlohmann::json &j, DataConfig &config, Windows &w)
{
    DataConfig c;
    Windows out;
    try {
        c.target = j.at("target").get<std::string>();
        c.inputs = j.at("inputs").get<std::vector<std::string>>();
        c.lookback = int(checkedInteger(j.at("lookback"), 1, 100000, "lookback"));
        c.horizon = int(checkedInteger(j.at("horizon"), 1, 10000, "horizon"));
        c.stride = int(checkedInteger(j.at("stride"), 1, 1000000, "stride"));
        const nlohmann::json &split = j.at("split");
        c.trainFraction = checkedReal(split.at("train"), 0, 1, "split.train");
        c.valFraction = checkedReal(split.at("val"), 0, 1, "split.val");
        c.testFraction = checkedReal(split.at("test"), 0, 1, "split.test");
        c.normalization = normalizationFromString(j.at("normalization").get<std::string>());
        c.transform = transformFromString(j.value("transform", std::string("none")));
        c.seasonalPeriod = j.contains("seasonalPeriod")
            ? int(checkedInteger(j["seasonalPeriod"], 0, 100000, "seasonalPeriod")) : 0;
        c.windowNorm = windowNormFromString(j.value("windowNorm", std::string("none")));
        if (isSeasonal(c.transform) && c.seasonalPeriod < 2) {
            throw std::invalid_argument(std::string("the ") + toString(c.transform)
                + " transform needs \"seasonalPeriod\" >= 2");
        }
        c.missing = missingPolicyFromString(j.at("missing").get<std::string>());
        auto norm = [&c](const nlohmann::json &n, const std::string &what) {
            Normalizer out;
            out.kind = c.normalization;
            out.offset = n.at("offset").get<double>();
            out.scale = n.at("scale").get<double>();
            if (!std::isfinite(out.offset) || !std::isfinite(out.scale) || out.scale == 0.0) {
                throw std::invalid_argument(what + " offset/scale must be finite with a non-zero scale");
            }
            return out;
        };
        out.targetNorm = norm(j.at("targetNorm"), "targetNorm");
        const nlohmann::json &inputNorms = j.at("inputNorms");
        for (std::size_t k = 0; k < inputNorms.size(); ++k) {
            out.inputNorms.push_back(norm(inputNorms.at(k), "inputNorms[" + std::to_string(k) + "]"));
        }
        out.targetColumn = j.contains("targetColumn") ? int(checkedInteger(j["targetColumn"], 0, 1000000, "targetColumn")) : 0;
        for (const nlohmann::json &col : j.value("inputColumns", nlohmann::json::array())) {
            out.inputColumns.push_back(int(checkedInteger(col, 0, 1000000, "inputColumns")));
        }
    } catch (const nlohmann::json::exception &e) {
        throw std::invalid_argument(std::string("data settings: ") + e.what());
    } catch (const std::invalid_argument &e) {
        throw std::invalid_argument(std::string("data settings: ") + e.what());
    } catch (const JsonFieldError &e) {
        throw std::invalid_argument(std::string("data settings: ") + e.what());
    }
    if (c.lookback < 1 || c.horizon < 1 || c.stride < 1) {
        throw std::invalid_argument("data settings: lookback, horizon and stride must be at least 1");
    }
    const std::size_t expectedInputs = c.inputs.empty() ? 1 : c.inputs.size();
    if (out.inputNorms.size() != expectedInputs) {
        throw std::invalid_argument("data settings: " + std::to_string(out.inputNorms.size())
            + " input normalizers for " + std::to_string(expectedInputs) + " input columns");
    }
    try {
        checkFractions(c);
    } catch (const std::invalid_argument &e) {
        throw std::invalid_argument(std::string("data settings: ") + e.what());
    }
    out.lookback = c.lookback;
    out.horizon = c.horizon;
    out.stride = c.stride;
    config = c;
    w.transform = c.transform;
    w.seasonalPeriod = isSeasonal(c.transform) ? c.seasonalPeriod : 0;
    w.windowNorm = c.windowNorm;
    w.lookback = out.lookback;
    w.horizon = out.horizon;
    w.stride = out.stride;
    w.targetColumn = out.targetColumn;
    w.inputColumns = out.inputColumns;
    w.inputNorms = out.inputNorms;
    w.targetNorm = out.targetNorm;
}

} // namespace rnnlab
