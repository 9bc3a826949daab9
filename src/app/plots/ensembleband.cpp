// The ensemble's median curve and spread band (see ensembleband.h).
#include "plots/ensembleband.h"

#include "plots/plotstyle.h"

#include <qcustomplot.h>

#include <algorithm>

namespace rnnlab {

namespace {
const QColor kEnsemble{0x8c, 0x56, 0x4b}; // brown: apart from model red and forecast purple
}

EnsembleBand::EnsembleBand(QCustomPlot *plot, const QString &bandLayer, std::function<double(double)> rowTime)
    : m_plot(plot)
    , m_rowTime(std::move(rowTime))
{
    m_lower = plot->addGraph();
    m_upper = plot->addGraph();
    m_median = plot->addGraph();
    m_forecastLower = plot->addGraph();
    m_forecastUpper = plot->addGraph();
    for (QCPGraph *g : {m_lower, m_upper, m_forecastLower, m_forecastUpper}) {
        g->setLayer(bandLayer);
        g->setPen(Qt::NoPen);
    }
    m_upper->setChannelFillGraph(m_lower);
    m_forecastUpper->setChannelFillGraph(m_forecastLower);
    QColor fill = kEnsemble;
    fill.setAlpha(70);
    m_forecastUpper->setBrush(fill);
    m_forecastLower->removeFromLegend();
    m_forecastUpper->removeFromLegend();
    m_median->setPen(QPen(kEnsemble, 1.4));
    clear();
}

void EnsembleBand::show(const EnsembleView &view, int lookback, int step)
{
    m_view = view;
    QVector<double> x, lo, mid, hi;
    const bool fits = !view.empty() && view.median.cols() == Eigen::Index(view.starts.size()) && view.median.rows() > 0
        && view.low.cols() == view.median.cols() && view.high.cols() == view.median.cols();
    if (fits) {
        const int h = std::clamp(step, 0, int(view.median.rows()) - 1);
        for (std::size_t i = 0; i < view.starts.size(); ++i) {
            x << m_rowTime(view.starts[i] + lookback + h);
            lo << view.low(h, Eigen::Index(i));
            mid << view.median(h, Eigen::Index(i));
            hi << view.high(h, Eigen::Index(i));
        }
    }
    // A translucent fill over thousands of points is slow to paint: opaque and light there.
    QColor fill = kEnsemble;
    fill.setAlpha(x.size() > 2000 ? 255 : 70);
    if (x.size() > 2000) {
        fill = fill.lighter(190);
    }
    m_upper->setBrush(fill);
    m_lower->setData(x, lo, true);
    m_upper->setData(x, hi, true);
    setGraphData(m_median, x, mid, QPen(kEnsemble, 1.4));
    const QString stepText = fits && view.median.rows() > 1 ? QObject::tr(", step %1").arg(step + 1) : QString();
    m_median->setName(QObject::tr("ensemble median (%1 seeds%2)").arg(view.members).arg(stepText));
    m_upper->setName(QObject::tr("ensemble min–max of %1 seeds").arg(view.members));
    m_lower->setName(QObject::tr("ensemble min–max of %1 seeds, lower edge").arg(view.members)); // CSV only
    m_lower->removeFromLegend();
    for (QCPGraph *g : {m_median, m_upper}) {
        if (fits) {
            g->addToLegend();
        } else {
            g->removeFromLegend();
        }
    }
}

void EnsembleBand::showForecast(int origin, const std::vector<double> &low, const std::vector<double> &high,
                                int members)
{
    QVector<double> x, lo, hi;
    for (std::size_t i = 0; i < std::min(low.size(), high.size()); ++i) {
        x << m_rowTime(origin + int(i));
        lo << low[i];
        hi << high[i];
    }
    m_forecastLower->setData(x, lo, true);
    m_forecastUpper->setData(x, hi, true);
    m_forecastUpper->setName(QObject::tr("forecast: min–max of %1 seeds").arg(members));
    m_forecastLower->setName(QObject::tr("forecast: min–max of %1 seeds, lower edge").arg(members));
    // The open-loop band's legend entry names the colour; without one, this one does.
    if (!x.isEmpty() && m_upper->data()->isEmpty()) {
        m_forecastUpper->addToLegend();
    } else {
        m_forecastUpper->removeFromLegend();
    }
}

} // namespace rnnlab
