// The run overlay plots (see runoverlayplots.h).
#include "report/runoverlayplots.h"

#include "plots/plotstyle.h"

#include <qcustomplot.h>

#include <cmath>

namespace rnnlab {

namespace {

QCustomPlot *newPlot(QWidget *parent, int width, int height, const QString &x, const QString &y, bool logY)
{
    auto *p = new QCustomPlot(parent);
    p->resize(width, height);
    stylePlot(p);
    p->xAxis->setLabel(x);
    p->yAxis->setLabel(y);
    setIntegerTicks(p->xAxis);
    if (logY) {
        setLogAxis(p->yAxis);
    }
    placeLegendOnTop(p);
    return p;
}

// Adds a curve of finite, and on a log axis positive, points only.
void addCurve(QCustomPlot *p, const QString &name, const QColor &color, Qt::PenStyle style, const QVector<double> &x,
              const QVector<double> &y, bool logY, bool inLegend = true)
{
    QVector<double> kx, ky;
    for (int i = 0; i < x.size(); ++i) {
        if (std::isfinite(y[i]) && (!logY || y[i] > 0)) {
            kx << x[i];
            ky << y[i];
        }
    }
    QCPGraph *g = p->addGraph();
    g->setName(name);
    g->setPen(QPen(color, 1.6, style));
    g->setData(kx, ky, true);
    if (!inLegend) {
        g->removeFromLegend();
    }
}

// perRow: legend entries per row, so long run names are never cut off.
void finish(QCustomPlot *p, int perRow)
{
    p->legend->setWrap(perRow);
    p->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    p->rescaleAxes();
    QCPRange r = p->yAxis->range();
    // Less than about a decade gets one or two log labels at most: read it on a linear axis.
    if (p->yAxis->scaleType() == QCPAxis::stLogarithmic && r.lower > 0 && r.upper / r.lower < 20) {
        p->yAxis->setScaleType(QCPAxis::stLinear);
        p->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        p->yAxis->setNumberFormat(QStringLiteral("g"));
        p->rescaleAxes();
        r = p->yAxis->range();
    }
    // Room above and below the curves, so none runs along the frame.
    if (p->yAxis->scaleType() == QCPAxis::stLogarithmic) {
        p->yAxis->setRange(r.lower / 1.5, r.upper * 1.5);
    } else {
        const double pad = std::max(0.05 * r.size(), 1e-3 * std::max(std::abs(r.lower), std::abs(r.upper)));
        p->yAxis->setRange(r.lower - pad, r.upper + pad);
    }
    p->replot();
}

} // namespace

QList<RunOverlayPlot> makeRunOverlayPlots(const std::vector<RunRecord> &runs, QWidget *parent, int width, int height)
{
    QCustomPlot *loss = newPlot(parent, width, height, QObject::tr("epoch"), QObject::tr("loss (normalised units)"), true);
    QCustomPlot *time = newPlot(parent, width, height, QObject::tr("time step t (0 = oldest input)"),
                                QObject::tr("‖dL/dh_t‖ (L2 norm)"), true);
    QCustomPlot *norm = newPlot(parent, width, height, QObject::tr("epoch"), QObject::tr("‖∇θ L‖ (L2 norm)"), true);
    QCustomPlot *radius = newPlot(parent, width, height, QObject::tr("epoch"), QObject::tr("ρ(W_hh) (no unit)"), false);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RunRecord &r = runs[i];
        const QColor color = colors::cycle(int(i));
        const QString name = QString::fromStdString(r.name);
        QVector<double> epoch, train, val, before, after, rho;
        for (const EpochStats &e : r.history) {
            if (e.stopped || e.nonFinite.found) {
                continue;
            }
            epoch << e.epoch;
            train << e.trainLoss;
            val << (e.valLoss ? *e.valLoss : std::nan(""));
            before << e.gradNorm;
            after << e.gradNormClipped;
            rho << (e.spectralRadius.empty() ? std::nan("") : e.spectralRadius[0]);
        }
        addCurve(loss, name + QObject::tr(" train"), color, Qt::SolidLine, epoch, train, true);
        addCurve(loss, name + QObject::tr(" val"), color, Qt::DashLine, epoch, val, true);
        addCurve(norm, name + QObject::tr(" before clip"), color, Qt::SolidLine, epoch, before, true);
        addCurve(norm, name + QObject::tr(" after clip"), color, Qt::DashLine, epoch, after, true);
        addCurve(radius, name, color, Qt::SolidLine, epoch, rho, false);
        // The last epoch that has hidden-gradient norms.
        for (auto it = r.history.rbegin(); it != r.history.rend(); ++it) {
            if (!it->hiddenGradNorms.empty()) {
                const std::vector<double> &h = it->hiddenGradNorms[0];
                QVector<double> t, v;
                for (std::size_t k = 0; k < h.size(); ++k) {
                    t << double(k);
                    v << h[k];
                }
                addCurve(time, name, color, Qt::SolidLine, t, v, true);
                break;
            }
        }
    }
    // Two entries per run on the loss and norm plots, one on the others.
    finish(loss, 4);
    finish(norm, 4);
    finish(time, 6);
    finish(radius, 6);
    return {{QObject::tr("Loss per epoch (train solid, validation dashed)"), loss},
            {QObject::tr("Gradient through time, first recurrent layer, last epoch"), time},
            {QObject::tr("Global gradient norm per epoch, before (solid) and after (dashed) clipping"), norm},
            {QObject::tr("Spectral radius of W_hh, first recurrent layer"), radius}};
}

} // namespace rnnlab
