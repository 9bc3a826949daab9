// The gradients view (see gradientplot.h).
#include "plots/gradientplot.h"

#include "plots/axislabels.h"
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
    // Other runs draw two curves each here and have one legend entry: the title says which is which.
    grid->addLayout(title(tr("<b>Global gradient norm</b> per epoch (solid: before clipping, dashed: after)")), 2, 0);
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
    setShortAxisLabel(m_heatPlot->yAxis, tr("t"));
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
    setShortAxisLabel(m_scale->axis(), tr("‖dL/dh_t‖"));
    m_scale->axis()->setTickLabelFont(m_heatPlot->xAxis->tickLabelFont());
    m_map->setGradient(QCPColorGradient(QCPColorGradient::gpThermal));
    auto *group = new QCPMarginGroup(m_heatPlot);
    m_heatPlot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_mapGroup = group;
    m_mapRect = m_heatPlot->axisRect();
    m_maps << m_map;
    m_mapRects << m_mapRect;
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

QStringList GradientPlot::layerPickerItems() const
{
    QStringList items;
    for (int i = 0; i < m_layerCombo->count(); ++i) {
        items << m_layerCombo->itemText(i);
    }
    return items;
}

void GradientPlot::setPickerItems(const QStringList &names)
{
    if (names == layerPickerItems()) {
        return;
    }
    const int current = m_layerCombo->currentIndex();
    const QSignalBlocker block(m_layerCombo);
    m_layerCombo->clear();
    m_layerCombo->addItems(names);
    m_layerCombo->setCurrentIndex(current >= 0 && current < names.size() ? current : 0);
}

void GradientPlot::setRunLayers(const QStringList &layers)
{
    m_runLayers = layers;
    setPickerItems(layers.isEmpty() ? m_layers : layers);
}

void GradientPlot::setRunHeatMaps(std::vector<HeatMapRun> runs)
{
    m_runMaps = std::move(runs);
    rebuildHeatMap();
    if (isVisible()) {
        m_heatPlot->replot(QCustomPlot::rpQueuedReplot);
    } else {
        m_stale = true;
    }
}

void GradientPlot::setLayers(const QStringList &names)
{
    m_layers = names;
    setPickerItems(m_runLayers.isEmpty() ? names : m_runLayers);
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

HeatMapRun GradientPlot::ownHeatMap() const
{
    HeatMapRun own;
    const int layer = heatMapLayer();
    for (const EpochRecord &e : m_epochs) {
        own.epochs.push_back(e.epoch);
        own.norms.push_back(layer < int(e.hiddenGradNorms.size()) ? e.hiddenGradNorms[std::size_t(layer)] : std::vector<double>());
    }
    return own;
}

void GradientPlot::layoutHeatMaps(const std::vector<HeatMapRun> &runs, bool titled)
{
    const int n = std::max(1, std::min(kMaxHeatMaps, int(runs.size())));
    QString key = QString::number(n);
    for (int i = 0; titled && i < n; ++i) {
        key += QLatin1Char('\n') + runs[std::size_t(i)].name + runs[std::size_t(i)].colour.name();
    }
    if (key == m_mapLayout) {
        return; // every epoch of a training comes here: the layout only when it changes
    }
    m_mapLayout = key;
    QCPLayoutGrid *grid = m_heatPlot->plotLayout();
    // Everything out of the layout, then back in: row 0 the titles (when titled), row 1
    // one axis rect per run and the colour scale they share.
    for (QCPTextElement *t : m_mapTitles) {
        grid->remove(t);
    }
    m_mapTitles.clear();
    while (m_maps.size() > n) {
        m_heatPlot->removePlottable(m_maps.takeLast());
        grid->remove(m_mapRects.takeLast());
    }
    for (QCPAxisRect *r : m_mapRects) {
        grid->take(r);
    }
    grid->take(m_scale);
    grid->simplify();
    while (m_maps.size() < n) {
        auto *rect = new QCPAxisRect(m_heatPlot);
        rect->setupFullAxesBox(true);
        QCPAxis *x = rect->axis(QCPAxis::atBottom);
        QCPAxis *y = rect->axis(QCPAxis::atLeft);
        for (QCPAxis *a : {x, y}) {
            a->setTickLabelFont(m_heatPlot->xAxis->tickLabelFont());
            a->setLabelFont(m_heatPlot->xAxis->labelFont());
            a->grid()->setPen(m_heatPlot->xAxis->grid()->pen());
            setIntegerTicks(a);
        }
        x->setLabel(tr("epoch"));
        rect->setRangeZoom(Qt::Horizontal | Qt::Vertical);
        rect->setMarginGroup(QCP::msBottom | QCP::msTop, m_mapGroup);
        auto *map = new QCPColorMap(x, y);
        map->setName(m_map->name());
        map->setInterpolate(false);
        map->setTightBoundary(false);
        map->setGradient(m_map->gradient());
        map->setColorScale(m_scale);
        m_maps << map;
        m_mapRects << rect;
    }
    const int row = titled ? 1 : 0;
    for (int i = 0; i < n; ++i) {
        grid->addElement(row, i, m_mapRects[i]);
        if (titled) {
            const HeatMapRun &r = runs[std::size_t(i)];
            QFont font = m_heatPlot->xAxis->labelFont();
            font.setBold(true);
            const int room = std::max(60, (m_heatPlot->width() - 70) / n);
            auto *title = new QCPTextElement(m_heatPlot, QFontMetrics(font).elidedText(r.name, Qt::ElideRight, room), font);
            title->setTextColor(r.colour);
            title->setMargins(QMargins(0, 0, 0, 2));
            grid->addElement(0, i, title);
            m_mapTitles << title;
        }
    }
    grid->addElement(row, n, m_scale);
    if (titled) {
        grid->setRowStretchFactor(0, 0.001);
        grid->setRowSpacing(0);
    }
    // The time step axis is shared: its title once, on the left. Narrow maps side by
    // side get fewer epoch ticks, so their labels do not run together.
    for (int i = 0; i < n; ++i) {
        if (i > 0) {
            m_mapRects[i]->axis(QCPAxis::atLeft)->setLabel(QString());
        }
        if (auto t = m_mapRects[i]->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerFixed>()) {
            t->setTickCount(n > 3 ? 2 : n > 2 ? 3 : n > 1 ? 4 : 6);
        }
    }
}

void GradientPlot::rebuildHeatMap()
{
    // The runs picked in the run list, else this window's training (also while it runs:
    // the overlays pass no runs then).
    const std::vector<HeatMapRun> own = m_runMaps.empty() ? std::vector<HeatMapRun>{ownHeatMap()} : std::vector<HeatMapRun>();
    const std::vector<HeatMapRun> &runs = m_runMaps.empty() ? own : m_runMaps;
    layoutHeatMaps(runs, !m_runMaps.empty());
    const int n = int(m_maps.size());
    // One colour scale for all: the union of their ranges.
    double lo = std::numeric_limits<double>::infinity();
    double hi = 0;
    for (int i = 0; i < n; ++i) {
        for (const std::vector<double> &epoch : runs[std::size_t(i)].norms) {
            for (double v : epoch) {
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
    for (int i = 0; i < n; ++i) {
        const HeatMapRun &r = runs[std::size_t(i)];
        QCPColorMap *map = m_maps[i];
        QCPAxis *xAxis = map->keyAxis();
        QCPAxis *yAxis = map->valueAxis();
        int T = 0;
        for (const std::vector<double> &epoch : r.norms) {
            T = std::max(T, int(epoch.size()));
        }
        const int E = int(r.epochs.size());
        if (E == 0 || T == 0) {
            map->data()->clear();
            map->data()->setSize(1, 1);
            map->data()->setRange(QCPRange(1, 1), QCPRange(0, 0));
            map->data()->setCell(0, 0, std::numeric_limits<double>::quiet_NaN());
            xAxis->setRange(0.5, 10.5);
            yAxis->setRange(-0.5, 11.5);
            continue;
        }
        map->data()->setSize(E, T);
        map->data()->setRange(QCPRange(r.epochs.front(), r.epochs.back()), QCPRange(0, T - 1));
        for (int e = 0; e < E; ++e) {
            const std::vector<double> &g = r.norms[std::size_t(e)];
            for (int t = 0; t < T; ++t) {
                double v = t < int(g.size()) ? g[std::size_t(t)] : 0;
                // Zero (truncated BPTT) and non-finite cells take the bottom colour.
                if (!(v > 0) || !std::isfinite(v)) {
                    v = lo;
                }
                map->data()->setCell(e, t, v);
            }
        }
        const double e0 = r.epochs.front();
        const double e1 = r.epochs.back();
        xAxis->setRange(e0 - 0.5, std::max(e1 + 0.5, e0 + 0.5));
        yAxis->setRange(-0.5, T - 0.5);
    }
    // Whole decades at both ends: labelled ticks, and colours that do not shift each epoch.
    m_scale->setDataRange(QCPRange(std::pow(10.0, std::floor(std::log10(lo))), std::pow(10.0, std::ceil(std::log10(hi > lo ? hi : lo * 10)))));
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
