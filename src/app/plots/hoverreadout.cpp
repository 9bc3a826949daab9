// The hover readout (see hoverreadout.h).
#include "plots/hoverreadout.h"

#include <qcustomplot.h>

#include <QToolTip>

#include <cmath>
#include <limits>

namespace rnnlab {

namespace {
constexpr double kReachPixels = 24.0;
}

HoverReadout::HoverReadout(QCustomPlot *plot, QObject *parent)
    : QObject(parent)
    , m_plot(plot)
{
    plot->setMouseTracking(true);
    connect(plot, &QCustomPlot::mouseMove, this, &HoverReadout::onMouseMove);
}

QString HoverReadout::readoutAt(const QPointF &pixel) const
{
    double bestDist = kReachPixels;
    QString best;
    auto fmtKey = [this](double k) { return m_keyFormat ? m_keyFormat(k) : QString::number(k, 'g', 6); };
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        QCPGraph *g = m_plot->graph(i);
        if (!g->visible() || g->data()->isEmpty()) {
            continue;
        }
        const double key = g->keyAxis()->pixelToCoord(pixel.x());
        auto it = g->data()->findBegin(key, true);
        for (int k = 0; k < 3 && it != g->data()->constEnd(); ++k, ++it) {
            if (!std::isfinite(it->value)) {
                continue;
            }
            const QPointF p = g->coordsToPixels(it->key, it->value);
            const double d = std::hypot(p.x() - pixel.x(), p.y() - pixel.y());
            if (d < bestDist) {
                bestDist = d;
                best = QStringLiteral("%1 at %2: %3%4")
                           .arg(g->name(), fmtKey(it->key), QString::number(it->value, 'g', 5), m_unit);
            }
        }
    }
    if (!best.isEmpty()) {
        return best;
    }
    for (int i = 0; i < m_plot->plottableCount(); ++i) {
        auto *map = qobject_cast<QCPColorMap *>(m_plot->plottable(i));
        if (!map || !map->visible() || !map->keyAxis()->axisRect()->rect().contains(pixel.toPoint())) {
            continue;
        }
        double key = 0;
        double value = 0;
        map->pixelsToCoords(pixel, key, value);
        int kc = 0;
        int vc = 0;
        map->data()->coordToCell(key, value, &kc, &vc);
        if (kc < 0 || vc < 0 || kc >= map->data()->keySize() || vc >= map->data()->valueSize()) {
            continue;
        }
        const double z = map->data()->cell(kc, vc);
        if (!std::isfinite(z) || z <= 0) {
            continue;
        }
        return QStringLiteral("%1 %2, %3 %4: %5%6")
            .arg(map->keyAxis()->label().section(QLatin1Char(' '), 0, 0))
            .arg(std::llround(key))
            .arg(map->valueAxis()->label().section(QLatin1Char(' '), 0, 0))
            .arg(std::llround(value))
            .arg(QString::number(z, 'g', 4), m_unit);
    }
    return {};
}

void HoverReadout::onMouseMove(QMouseEvent *event)
{
    const QString text = readoutAt(event->position());
    if (text.isEmpty()) {
        QToolTip::hideText();
    } else {
        QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
    }
    emit readout(text);
}

} // namespace rnnlab
