// The gradients view (see gradientplot.h).
#include "plots/gradientplot.h"

#include "plots/hoverreadout.h"
#include "plots/plotstyle.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>

#include <cmath>
#include <limits>

namespace rnnlab {

namespace {
// A log axis range that shows every positive finite value of the graphs.
void fitLogRange(QCustomPlot *plot, double minFloor = 1e-30)
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = 0;
    for (int i = 0; i < plot->graphCount(); ++i) {
        for (auto it = plot->graph(i)->data()->constBegin(); it != plot->graph(i)->data()->constEnd(); ++it) {
            if (std::isfinite(it->value) && it->value > minFloor) {
                lo = std::min(lo, it->value);
                hi = std::max(hi, it->value);
            }
        }
    }
    if (hi > 0) {
        plot->yAxis->setRange(lo / 2.0, hi * 2.0);
    }
}

// The largest key of the graphs from index `first` on (other runs' overlays) plus one; 0: none.
double keyEnd(QCustomPlot *plot, int first)
{
    double end = 0;
    for (int i = first; i < plot->graphCount(); ++i) {
        bool found = false;
        const QCPRange r = plot->graph(i)->getKeyRange(found);
        if (found) {
            end = std::max(end, r.upper + 1);
        }
    }
    return end;
}

QCPGraph *addCurve(QCustomPlot *plot, const QString &name, const QColor &c, Qt::PenStyle style = Qt::SolidLine)
{
    QCPGraph *g = plot->addGraph();
    g->setName(name);
    g->setPen(QPen(c, 1.6, style));
    return g;
}
} // namespace

GradientPlot::GradientPlot(QWidget *parent)
    : QWidget(parent)
    , m_timePlot(new QCustomPlot(this))
    , m_heatPlot(new QCustomPlot(this))
    , m_normPlot(new QCustomPlot(this))
    , m_radiusPlot(new QCustomPlot(this))
    , m_layerCombo(new QComboBox(this))
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    auto title = [this](const QString &text, QWidget *extra = nullptr) {
        auto *row = new QHBoxLayout;
        row->setContentsMargins(6, 2, 6, 0);
        // Titles wrap and may shrink: a long title must not set the window's minimum width.
        auto *label = new QLabel(text, this);
        label->setWordWrap(true);
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        row->addWidget(label, 1);
        if (extra) {
            row->addWidget(extra);
        }
        return row;
    };
    m_layerCombo->setToolTip(tr("Recurrent layer shown in the heat map"));
    grid->addLayout(title(tr("<b>Gradient through time</b> (latest epoch, last batch)")), 0, 0);
    grid->addWidget(m_timePlot, 1, 0);
    grid->addLayout(title(tr("<b>Gradient history</b>"), m_layerCombo), 0, 1);
    grid->addWidget(m_heatPlot, 1, 1);
    grid->addLayout(title(tr("<b>Global gradient norm</b> per epoch")), 2, 0);
    grid->addWidget(m_normPlot, 3, 0);
    grid->addLayout(title(tr("<b>Spectral radius</b> of W_hh: max |eigenvalue| over its gate blocks "
                                 "(LSTM i, f, g, o; GRU r, z, n)")), 2, 1);
    grid->addWidget(m_radiusPlot, 3, 1);
    grid->setRowStretch(1, 3);
    grid->setRowStretch(3, 2);

    for (QCustomPlot *p : plots()) {
        stylePlot(p);
        p->setMinimumHeight(120);
        auto *r = new HoverReadout(p, this);
        m_readouts << r;
    }
    m_timePlot->xAxis->setLabel(tr("time step t (0 = oldest input)"));
    m_timePlot->yAxis->setLabel(tr("‖dL/dh_t‖ (L2 norm)"));
    setLogAxis(m_timePlot->yAxis);
    placeLegendOnTop(m_timePlot);
    setIntegerTicks(m_timePlot->xAxis);
    m_readouts[0]->setKeyFormatter([](double k) { return tr("t = %1").arg(std::llround(k)); });

    m_heatPlot->xAxis->setLabel(tr("epoch"));
    m_heatPlot->yAxis->setLabel(tr("time step t"));
    setIntegerTicks(m_heatPlot->xAxis);
    setIntegerTicks(m_heatPlot->yAxis);
    m_heatPlot->axisRect()->setupFullAxesBox(true);
    m_map = new QCPColorMap(m_heatPlot->xAxis, m_heatPlot->yAxis);
    m_map->setName(tr("‖dL/dh_t‖"));
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);
    m_scale = new QCPColorScale(m_heatPlot);
    m_heatPlot->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setBarWidth(10);
    m_map->setColorScale(m_scale);
    m_scale->setDataScaleType(QCPAxis::stLogarithmic);
    setLogAxis(m_scale->axis());
    m_scale->axis()->setLabel(tr("‖dL/dh_t‖ (log)"));
    m_scale->axis()->setTickLabelFont(m_heatPlot->xAxis->tickLabelFont());
    m_map->setGradient(QCPColorGradient(QCPColorGradient::gpThermal));
    auto *group = new QCPMarginGroup(m_heatPlot);
    m_heatPlot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_readouts[1]->setValueUnit(QString());

    m_normPlot->xAxis->setLabel(tr("epoch"));
    m_normPlot->yAxis->setLabel(tr("‖∇θ L‖ (L2 norm)"));
    setLogAxis(m_normPlot->yAxis);
    placeLegendOnTop(m_normPlot);
    setIntegerTicks(m_normPlot->xAxis);
    addCurve(m_normPlot, tr("before clipping"), colors::train);
    addCurve(m_normPlot, tr("after clipping"), colors::model, Qt::DashLine);
    m_threshold = new QCPItemStraightLine(m_normPlot);
    m_threshold->setPen(QPen(QColor(80, 80, 80), 1, Qt::DotLine));
    m_threshold->setVisible(false);
    m_readouts[2]->setKeyFormatter([](double k) { return tr("epoch %1").arg(std::llround(k)); });

    m_radiusPlot->xAxis->setLabel(tr("epoch"));
    m_radiusPlot->yAxis->setLabel(tr("ρ(W_hh) (no unit)"));
    placeLegendOnTop(m_radiusPlot);
    setIntegerTicks(m_radiusPlot->xAxis);
    auto *one = new QCPItemStraightLine(m_radiusPlot);
    one->setPen(QPen(QColor(120, 120, 120), 1, Qt::DotLine));
    one->point1->setCoords(0, 1);
    one->point2->setCoords(1, 1);
    m_readouts[3]->setKeyFormatter([](double k) { return tr("epoch %1").arg(std::llround(k)); });


    connect(m_layerCombo, &QComboBox::currentIndexChanged, this, [this] {
        rebuildHeatMap();
        m_heatPlot->replot(QCustomPlot::rpQueuedReplot);
        emit layerChanged(heatMapLayer());
    });
    clear();
}

int GradientPlot::heatMapLayer() const
{
    return std::max(0, m_layerCombo->currentIndex());
}

void GradientPlot::clear()
{
    m_epochs.clear();
    rebuildCurves();
    rebuildHeatMap();
    m_normPlot->graph(0)->data()->clear();
    m_normPlot->graph(1)->data()->clear();
    m_threshold->setVisible(false);
    m_normPlot->xAxis->setRange(0, 10);
    m_normPlot->yAxis->setRange(1e-3, 10);
    m_radiusPlot->xAxis->setRange(0, 10);
    m_radiusPlot->yAxis->setRange(0, 1.5);
    replotAll();
}

void GradientPlot::setLayers(const QStringList &names)
{
    m_layers = names;
    const QSignalBlocker block(m_layerCombo);
    m_layerCombo->clear();
    m_layerCombo->addItems(names);
    m_radiusPlot->clearGraphs();
    m_timePlot->clearGraphs();
    m_timeCurves.clear();
    for (int i = 0; i < names.size(); ++i) {
        addCurve(m_radiusPlot, names[i], colors::cycle(i));
        // Marks show where a value was computed (every k epochs for large layers).
        m_radiusPlot->graph(i)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    }
    clear();
    emit curvesReset();
}

void GradientPlot::rebuildCurves()
{
    // One curve per recurrent layer exists from setLayers() on, so the legend names the
    // layers before the first epoch (an empty legend also squeezed the axis rect).
    const EpochRecord *last = m_epochs.empty() ? nullptr : &m_epochs.back();
    const int layers = std::max(int(m_layers.size()), last ? int(last->hiddenGradNorms.size()) : 0);
    while (m_timeCurves.size() < layers) {
        const int l = int(m_timeCurves.size());
        QCPGraph *g = addCurve(m_timePlot, l < m_layers.size() ? m_layers[l] : tr("layer %1").arg(l + 1), colors::cycle(l));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
        m_timeCurves << g;
    }
    int maxT = int(keyEnd(m_timePlot, m_timeCurves.size()));
    for (int l = 0; l < int(m_timeCurves.size()); ++l) {
        QVector<double> x;
        QVector<double> y;
        if (last && l < int(last->hiddenGradNorms.size())) {
            const auto &norms = last->hiddenGradNorms[std::size_t(l)];
            for (int t = 0; t < int(norms.size()); ++t) {
                // Steps cut off by truncated BPTT have zero gradient: left out on a log axis.
                if (norms[std::size_t(t)] > 0 && std::isfinite(norms[std::size_t(t)])) {
                    x << t;
                    y << norms[std::size_t(t)];
                }
            }
            maxT = std::max(maxT, int(norms.size()));
        }
        m_timeCurves[l]->setData(x, y, true);
    }
    if (maxT == 0) {
        m_timePlot->xAxis->setRange(-0.5, 11.5);
        m_timePlot->yAxis->setRange(1e-4, 1);
        return;
    }
    m_timePlot->xAxis->setRange(-0.5, maxT - 0.5);
    fitLogRange(m_timePlot);
}

void GradientPlot::rebuildHeatMap()
{
    const int layer = heatMapLayer();
    int T = 0;
    for (const EpochRecord &e : m_epochs) {
        if (layer < int(e.hiddenGradNorms.size())) {
            T = std::max(T, int(e.hiddenGradNorms[std::size_t(layer)].size()));
        }
    }
    const int E = int(m_epochs.size());
    if (E == 0 || T == 0) {
        m_map->data()->clear();
        m_map->data()->setSize(1, 1);
        m_map->data()->setRange(QCPRange(1, 1), QCPRange(0, 0));
        m_map->data()->setCell(0, 0, std::numeric_limits<double>::quiet_NaN());
        m_heatPlot->xAxis->setRange(0.5, 10.5);
        m_heatPlot->yAxis->setRange(-0.5, 11.5);
        m_scale->setDataRange(QCPRange(1e-4, 1));
        return;
    }
    double lo = std::numeric_limits<double>::infinity();
    double hi = 0;
    for (const EpochRecord &e : m_epochs) {
        if (layer < int(e.hiddenGradNorms.size())) {
            for (double v : e.hiddenGradNorms[std::size_t(layer)]) {
                if (v > 0 && std::isfinite(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
            }
        }
    }
    if (!(hi > 0)) {
        lo = 1e-4;
        hi = 1;
    }
    m_map->data()->setSize(E, T);
    m_map->data()->setRange(QCPRange(m_epochs.front().epoch, m_epochs.back().epoch), QCPRange(0, T - 1));
    for (int e = 0; e < E; ++e) {
        const auto &g = m_epochs[std::size_t(e)].hiddenGradNorms;
        for (int t = 0; t < T; ++t) {
            double v = layer < int(g.size()) && t < int(g[std::size_t(layer)].size()) ? g[std::size_t(layer)][std::size_t(t)] : 0;
            // Zero (truncated BPTT) and non-finite cells take the bottom colour.
            if (!(v > 0) || !std::isfinite(v)) {
                v = lo;
            }
            m_map->data()->setCell(e, t, v);
        }
    }
    // Whole decades at both ends: labelled ticks, and colours that do not shift each epoch.
    m_scale->setDataRange(QCPRange(std::pow(10.0, std::floor(std::log10(lo))), std::pow(10.0, std::ceil(std::log10(hi > lo ? hi : lo * 10)))));
    const double e0 = m_epochs.front().epoch;
    const double e1 = m_epochs.back().epoch;
    m_heatPlot->xAxis->setRange(e0 - 0.5, std::max(e1 + 0.5, e0 + 0.5));
    m_heatPlot->yAxis->setRange(-0.5, T - 0.5);
}

void GradientPlot::appendEpochs(const std::vector<EpochRecord> &epochs)
{
    if (epochs.empty()) {
        return;
    }
    QVector<double> x, before, after, clip;
    for (const EpochRecord &e : epochs) {
        m_epochs.push_back(e);
        x << e.epoch;
        before << e.gradNorm;
        after << e.gradNormClipped;
        // A radius is drawn at the epoch whose weights gave it; it is recomputed every
        // k epochs (its O(H^3) cost is budgeted), so later records may repeat it.
        const bool fresh = e.spectralRadiusEpoch == 0 || e.spectralRadiusEpoch == e.epoch;
        for (int l = 0; fresh && l < int(e.spectralRadius.size()) && l < int(m_layers.size()); ++l) {
            m_radiusPlot->graph(l)->addData(e.epoch, e.spectralRadius[std::size_t(l)]);
        }
    }
    m_normPlot->graph(0)->addData(x, before, true);
    m_normPlot->graph(1)->addData(x, after, true);
    const double threshold = epochs.back().clipThreshold;
    m_threshold->setVisible(threshold > 0);
    if (threshold > 0) {
        m_threshold->point1->setCoords(0, threshold);
        m_threshold->point2->setCoords(1, threshold);
        m_threshold->setPen(QPen(QColor(80, 80, 80), 1, Qt::DotLine));
    }
    rebuildCurves();
    rebuildHeatMap();
    const double e1 = std::max({2.0, double(m_epochs.back().epoch), keyEnd(m_normPlot, 2), keyEnd(m_radiusPlot, 0)});
    for (QCustomPlot *p : {m_normPlot, m_radiusPlot}) {
        p->xAxis->setRange(0.5, e1 + 0.5);
    }
    fitLogRange(m_normPlot);
    if (threshold > 0) {
        QCPRange r = m_normPlot->yAxis->range();
        m_normPlot->yAxis->setRange(std::min(r.lower, threshold / 2), std::max(r.upper, threshold * 2));
    }
    bool ok = false;
    double rhi = 1.2;
    double rlo = 0;
    for (int l = 0; l < m_radiusPlot->graphCount(); ++l) {
        const QCPRange r = m_radiusPlot->graph(l)->getValueRange(ok);
        if (ok) {
            rhi = std::max(rhi, r.upper * 1.1);
        }
    }
    m_radiusPlot->yAxis->setRange(rlo, rhi);
    replotAll();
}

void GradientPlot::replotAll()
{
    // A hidden tab is not drawn on every epoch (four plots at up to 20 Hz would take
    // CPU from the training thread); showEvent draws it when it appears.
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    for (QCustomPlot *p : plots()) {
        p->replot(QCustomPlot::rpQueuedReplot);
    }
}

void GradientPlot::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        replotAll();
    }
}

} // namespace rnnlab
