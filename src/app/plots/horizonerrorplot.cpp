// The per-horizon error plot (see horizonerrorplot.h).
#include "plots/horizonerrorplot.h"

#include "plots/plotstyle.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>

namespace rnnlab {

HorizonErrorPlot::HorizonErrorPlot(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    stylePlot(m_plot);
    m_plot->setMinimumSize(200, 150);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, tr("Test MAE by forecast step")));
    m_plot->xAxis->setLabel(tr("forecast step h (rows ahead)"));
    setIntegerTicks(m_plot->xAxis);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    clear(tr("Train a model to see its error by forecast step."));
}

void HorizonErrorPlot::clear(const QString &why)
{
    m_plot->clearGraphs();
    m_plot->clearItems();
    auto *text = new QCPItemText(m_plot);
    text->setPositionAlignment(Qt::AlignCenter);
    text->position->setType(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(0.5, 0.5);
    text->setText(why);
    text->setColor(QColor(0x66, 0x66, 0x66));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HorizonErrorPlot::setErrors(const std::vector<Curve> &curves, const QString &unit)
{
    int steps = 0;
    for (const Curve &c : curves) {
        steps = std::max(steps, int(c.mae.size()));
    }
    if (curves.empty() || steps < 2) {
        clear(steps == 1 ? tr("The model forecasts one step (horizon 1): set a horizon > 1 in the Data tab\n"
                              "to compare the methods step by step.")
                         : tr("No test-span errors yet."));
        return;
    }
    m_plot->clearGraphs();
    m_plot->clearItems();
    int colour = 2;
    for (const Curve &c : curves) {
        QCPGraph *g = m_plot->addGraph();
        g->setName(c.name);
        const bool model = c.name == QLatin1String("model");
        const QColor col = model ? colors::model : colors::cycle(colour++);
        g->setPen(QPen(col, model ? 2.2 : 1.2, model ? Qt::SolidLine : Qt::DashLine));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, col, model ? 6 : 4));
        QVector<double> x, y;
        for (std::size_t h = 0; h < c.mae.size(); ++h) {
            x << double(h + 1);
            y << c.mae[h];
        }
        g->setData(x, y, true);
    }
    m_plot->yAxis->setLabel(tr("MAE (%1)").arg(unit));
    m_plot->rescaleAxes();
    m_plot->xAxis->setRange(0.5, steps + 0.5);
    const QCPRange r = m_plot->yAxis->range();
    m_plot->yAxis->setRange(std::min(0.0, r.lower), r.upper + 0.1 * r.size());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace rnnlab
