// The loss plot (see lossplot.h).
#include "plots/lossplot.h"

#include "plots/hoverreadout.h"
#include "plots/plotstyle.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

#include <cmath>

namespace rnnlab {

LossPlot::LossPlot(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_logCheck(new QCheckBox(tr("Log scale"), this))
    , m_smoothSlider(new QSlider(Qt::Horizontal, this))
    , m_smoothLabel(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 2, 6, 0);
    auto *title = new QLabel(tr("<b>Loss</b>"), this);
    bar->addWidget(title);
    bar->addSpacing(12);
    bar->addWidget(m_logCheck);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Smoothing"), this));
    m_smoothSlider->setRange(0, 95);
    m_smoothSlider->setValue(60);
    m_smoothSlider->setMaximumWidth(160);
    m_smoothSlider->setToolTip(tr("Exponential moving average of the loss; the raw points stay visible"));
    bar->addWidget(m_smoothSlider);
    bar->addWidget(m_smoothLabel);
    bar->addStretch(1);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);
    m_logCheck->setChecked(true);
    m_logCheck->setToolTip(tr("Logarithmic loss axis"));

    stylePlot(m_plot);
    m_plot->setMinimumHeight(140);
    m_plot->xAxis->setLabel(tr("epoch"));
    m_plot->yAxis->setLabel(tr("loss (normalised units)"));
    setIntegerTicks(m_plot->xAxis);

    auto makeGraph = [this](const QString &name, const QColor &c, bool raw) {
        QCPGraph *g = m_plot->addGraph();
        g->setName(name);
        if (raw) {
            QColor light = c;
            light.setAlpha(110);
            g->setPen(QPen(light, 1));
            g->setLineStyle(QCPGraph::lsNone);
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, light, light, 4));
        } else {
            g->setPen(QPen(c, 2));
        }
        return g;
    };
    m_trainRaw = makeGraph(tr("train (raw)"), colors::train, true);
    m_valRaw = makeGraph(tr("validation (raw)"), colors::val, true);
    m_trainSmooth = makeGraph(tr("train (smoothed)"), colors::train, false);
    m_valSmooth = makeGraph(tr("validation (smoothed)"), colors::val, false);

    m_bestLine = new QCPItemStraightLine(m_plot);
    m_bestLine->setPen(QPen(colors::test, 1.2, Qt::DashLine));
    m_bestLine->setVisible(false);
    m_bestText = new QCPItemText(m_plot);
    m_bestText->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_bestText->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_bestText->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_bestText->setColor(colors::test.darker(130));
    m_bestText->setBrush(QColor(255, 255, 255, 210));
    m_bestText->setPadding(QMargins(3, 1, 3, 1));
    m_bestText->setVisible(false);
    m_bestText->setClipToAxisRect(true);

    placeLegendOnTop(m_plot);

    m_readout = new HoverReadout(m_plot, this);
    m_readout->setKeyFormatter([](double k) { return tr("epoch %1").arg(std::llround(k)); });

    connect(m_logCheck, &QCheckBox::toggled, this, [this](bool on) { setLogScale(on); });
    connect(m_smoothSlider, &QSlider::valueChanged, this, [this] {
        updateSmoothed();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    setLogScale(true);
    updateSmoothed();
}

void LossPlot::setLossName(const QString &name)
{
    m_plot->yAxis->setLabel(tr("%1 loss (normalised units)").arg(name));
}

void LossPlot::clear()
{
    for (QCPGraph *g : {m_trainRaw, m_valRaw, m_trainSmooth, m_valSmooth}) {
        g->data()->clear();
    }
    setBestEpoch(0);
    rescale();
}

int LossPlot::pointCount() const
{
    return m_trainRaw->data()->size();
}

void LossPlot::appendEpochs(const std::vector<EpochRecord> &epochs)
{
    if (epochs.empty()) {
        return;
    }
    QVector<double> x, train, vx, val;
    for (const EpochRecord &e : epochs) {
        // Non-finite losses (a diverged batch) cannot sit on a log axis: the banner reports them.
        if (std::isfinite(e.trainLoss)) {
            x << e.epoch;
            train << e.trainLoss;
        }
        if (std::isfinite(e.valLoss)) {
            vx << e.epoch;
            val << e.valLoss;
        }
    }
    m_trainRaw->addData(x, train, true);
    m_valRaw->addData(vx, val, true);
    updateSmoothed();
    rescale();
}

void LossPlot::setBestEpoch(int epoch)
{
    m_bestEpoch = epoch;
    const bool show = epoch > 0;
    m_bestLine->setVisible(show);
    m_bestText->setVisible(show);
    if (show) {
        m_bestLine->point1->setCoords(epoch, 0);
        m_bestLine->point2->setCoords(epoch, 1);
        // At the top: losses fall, so the curves leave the top of the plot clear and the
        // label no longer hides the late points it is about.
        m_bestText->position->setCoords(epoch, 0.02);
        // Keep the label inside the plot when the best epoch is near the right edge.
        bool found = false;
        const QCPRange keys = m_trainRaw->getKeyRange(found);
        const bool right = found && epoch > keys.lower + 0.7 * keys.size();
        m_bestText->setPositionAlignment((right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
        m_bestText->setText(right ? tr("best val: epoch %1 ").arg(epoch) : tr(" best val: epoch %1").arg(epoch));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

bool LossPlot::logScale() const
{
    return m_logCheck->isChecked();
}

void LossPlot::setLogScale(bool on)
{
    if (m_logCheck->isChecked() != on) {
        m_logCheck->setChecked(on); // re-enters through toggled
        return;
    }
    if (on) {
        setLogAxis(m_plot->yAxis);
    } else {
        m_plot->yAxis->setScaleType(QCPAxis::stLinear);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        m_plot->yAxis->setNumberFormat(QStringLiteral("gb"));
        m_plot->yAxis->setNumberPrecision(4);
    }
    rescale();
}

int LossPlot::smoothing() const
{
    return m_smoothSlider->value();
}

void LossPlot::setSmoothing(int percent)
{
    m_smoothSlider->setValue(percent);
}

void LossPlot::updateSmoothed()
{
    const double a = m_smoothSlider->value() / 100.0;
    m_smoothLabel->setText(QStringLiteral("%1").arg(a, 0, 'f', 2));
    auto smooth = [a](const QSharedPointer<QCPGraphDataContainer> &raw, QCPGraph *out) {
        QVector<double> x, y;
        x.reserve(raw->size());
        y.reserve(raw->size());
        double s = 0;
        bool first = true;
        for (auto it = raw->constBegin(); it != raw->constEnd(); ++it) {
            // Smoothed in log space on a log axis would differ; the plain EMA is what
            // TensorBoard shows and what users expect from "smoothing".
            s = first ? it->value : a * s + (1 - a) * it->value;
            first = false;
            x << it->key;
            y << s;
        }
        out->setData(x, y, true);
    };
    smooth(m_trainRaw->data(), m_trainSmooth);
    smooth(m_valRaw->data(), m_valSmooth);
}

void LossPlot::rescale()
{
    // Every graph counts: this run's and the overlaid curves of earlier runs (runoverlays.h).
    const QCP::SignDomain domain = logScale() ? QCP::sdPositive : QCP::sdBoth;
    bool anyKey = false;
    bool anyValue = false;
    QCPRange keys, r;
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        QCPGraph *g = m_plot->graph(i);
        if (!g->visible()) {
            continue;
        }
        bool found = false;
        const QCPRange k = g->getKeyRange(found);
        if (found) {
            keys = anyKey ? QCPRange(std::min(keys.lower, k.lower), std::max(keys.upper, k.upper)) : k;
            anyKey = true;
        }
        const QCPRange v = g->getValueRange(found, domain);
        if (found) {
            r = anyValue ? QCPRange(std::min(r.lower, v.lower), std::max(r.upper, v.upper)) : v;
            anyValue = true;
        }
    }
    if (!anyKey) {
        m_plot->xAxis->setRange(0, 10);
        m_plot->yAxis->setRange(logScale() ? QCPRange(1e-3, 1) : QCPRange(0, 1));
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    m_plot->xAxis->setRange(std::max(0.0, keys.lower - 0.5), std::max(keys.upper + 0.5, 2.0));
    if (anyValue) {
        if (logScale()) {
            m_plot->yAxis->setRange(r.lower / 1.3, r.upper * 1.3);
        } else {
            const double pad = 0.06 * std::max(r.size(), 1e-12);
            m_plot->yAxis->setRange(std::min(0.0, r.lower - pad), r.upper + pad);
        }
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace rnnlab
