// Parsing the compared lists (see comparisonlists.h).
#include "runs/comparisonlists.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace rnnlab {

namespace {

// Entries split at commas and trimmed; an empty entry ("0.5,,1") is an error.
std::optional<QStringList> entries(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        *error = QStringLiteral("the list is empty");
        return std::nullopt;
    }
    QStringList out = trimmed.split(QLatin1Char(','));
    for (QString &e : out) {
        e = e.trimmed();
        if (e.isEmpty()) {
            *error = QStringLiteral("\"%1\" has an empty entry").arg(text);
            return std::nullopt;
        }
    }
    return out;
}

} // namespace

std::optional<std::vector<LayerType>> parseCellList(const QString &text, QString *error)
{
    const auto list = entries(text, error);
    if (!list) {
        return std::nullopt;
    }
    std::vector<LayerType> cells;
    for (const QString &e : *list) {
        const QString name = e.toLower();
        LayerType t = LayerType::Dense;
        if (name == QLatin1String("rnn")) {
            t = LayerType::Rnn;
        } else if (name == QLatin1String("lstm")) {
            t = LayerType::Lstm;
        } else if (name == QLatin1String("gru")) {
            t = LayerType::Gru;
        } else {
            *error = QStringLiteral("\"%1\" is not a recurrent cell (expected rnn, lstm or gru)").arg(e);
            return std::nullopt;
        }
        if (std::find(cells.begin(), cells.end(), t) != cells.end()) {
            *error = QStringLiteral("\"%1\" is listed twice").arg(e);
            return std::nullopt;
        }
        cells.push_back(t);
    }
    return cells;
}

std::optional<std::vector<double>> parseGainList(const QString &text, QString *error)
{
    const auto list = entries(text, error);
    if (!list) {
        return std::nullopt;
    }
    std::vector<double> gains;
    for (const QString &e : *list) {
        bool ok = false;
        const double g = e.toDouble(&ok);
        if (!ok || !std::isfinite(g)) {
            *error = QStringLiteral("\"%1\" is not a number").arg(e);
            return std::nullopt;
        }
        if (g <= 0 || g > 1000) {
            *error = QStringLiteral("%1 is out of range (a gain is > 0 and <= 1000)").arg(e);
            return std::nullopt;
        }
        if (std::find(gains.begin(), gains.end(), g) != gains.end()) {
            *error = QStringLiteral("%1 is listed twice").arg(e);
            return std::nullopt;
        }
        gains.push_back(g);
    }
    return gains;
}

bool parseClipList(const QString &text, ComparisonAxes &axes, QString *error)
{
    const auto list = entries(text, error);
    if (!list) {
        return false;
    }
    std::vector<double> norms;
    bool autoClip = false;
    for (const QString &e : *list) {
        if (e.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0) {
            if (autoClip) {
                *error = QStringLiteral("auto is listed twice");
                return false;
            }
            autoClip = true;
            continue;
        }
        bool ok = false;
        const double c = e.toDouble(&ok);
        if (!ok || !std::isfinite(c)) {
            *error = QStringLiteral("\"%1\" is not a number or auto").arg(e);
            return false;
        }
        if (c < 0) {
            *error = QStringLiteral("%1 is negative (0 turns clipping off)").arg(e);
            return false;
        }
        if (std::find(norms.begin(), norms.end(), c) != norms.end()) {
            *error = QStringLiteral("%1 is listed twice").arg(e);
            return false;
        }
        norms.push_back(c);
    }
    if (autoClip && std::find(norms.begin(), norms.end(), 0.0) == norms.end()) {
        *error = QStringLiteral("auto needs 0 in the list too (it clips at a quarter of the median global norm of the unclipped run)");
        return false;
    }
    axes.clipNorms = std::move(norms);
    axes.clipAuto = autoClip;
    return true;
}

QString cellListText(const std::vector<LayerType> &cells)
{
    QStringList names;
    for (LayerType t : cells) {
        names << QString::fromLatin1(toString(t)).toUpper();
    }
    return names.join(QStringLiteral(", "));
}

} // namespace rnnlab
