// The residuals view (see residualsview.h).
#include "plots/residualsview.h"

#include "plots/plotstyle.h"

#include <qcustomplot.h>

#include <QGridLayout>
#include <QLabel>

#include <algorithm>
#include <cmath>

namespace rnnlab {

namespace {

QCustomPlot *makePlot(QWidget *parent)
{
    auto *p = new QCustomPlot(parent);
    stylePlot(p);
    p->setMinimumSize(200, 150);
    return p;
}

// A message in the middle of an empty plot, so it is never blank without a reason.
void showEmpty(QCustomPlot *plot, const QString &why)
{
    plot->clearItems();
    if (why.isEmpty()) {
        return;
    }
    auto *text = new QCPItemText(plot);
    text->setPositionAlignment(Qt::AlignCenter);
    text->position->setType(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(0.5, 0.5);
    text->setText(why);
    text->setColor(QColor(0x66, 0x66, 0x66));
}

} // namespace

ResidualsView::ResidualsView(QWidget *parent)
    : QWidget(parent)
    , m_time(makePlot(this))
    , m_acf(makePlot(this))
    , m_hist(makePlot(this))
    , m_caption(new QLabel(this))
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    grid->addWidget(m_time, 0, 0, 1, 2);
    grid->addWidget(m_acf, 1, 0);
    grid->addWidget(m_hist, 1, 1);
    grid->addWidget(m_caption, 2, 0, 1, 2);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    m_caption->setWordWrap(true);

    m_time->plotLayout()->insertRow(0);
    m_time->plotLayout()->addElement(0, 0, new QCPTextElement(m_time, tr("One-step residuals on the test span")));
    m_residualGraph = m_time->addGraph();
    m_residualGraph->setName(tr("residual"));
    m_residualGraph->setPen(QPen(colors::model, 1.2));
    m_residualGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    m_zeroLine = m_time->addGraph();
    m_zeroLine->setPen(QPen(QColor(0x88, 0x88, 0x88), 1, Qt::DashLine));
    m_zeroLine->removeFromLegend();
    m_time->xAxis->setLabel(tr("time"));

    // The legend above the bars, never over them; the title above the legend.
    placeLegendOnTop(m_acf);
    m_acf->plotLayout()->insertRow(0);
    m_acf->plotLayout()->addElement(0, 0, new QCPTextElement(m_acf, tr("Autocorrelation of the residuals")));
    m_acfBars = new QCPBars(m_acf->xAxis, m_acf->yAxis);
    m_acfBars->setName(tr("ACF r_k"));
    m_acfBars->setPen(QPen(colors::model.darker(130)));
    m_acfBars->setBrush(colors::model);
    m_acfBars->setWidth(0.35);
    m_upperBound = m_acf->addGraph();
    m_lowerBound = m_acf->addGraph();
    for (QCPGraph *g : {m_upperBound, m_lowerBound}) {
        g->setPen(QPen(colors::train, 1.2, Qt::DashLine));
    }
    m_upperBound->setName(tr("±1.96/√n (white noise, 95%)"));
    m_lowerBound->removeFromLegend();
    m_acf->xAxis->setLabel(tr("lag k (rows)"));
    m_acf->yAxis->setLabel(tr("autocorrelation r_k"));
    setIntegerTicks(m_acf->xAxis);

    m_hist->plotLayout()->insertRow(0);
    m_hist->plotLayout()->addElement(0, 0, new QCPTextElement(m_hist, tr("Histogram of the residuals")));
    m_histBars = new QCPBars(m_hist->xAxis, m_hist->yAxis);
    m_histBars->setName(tr("count"));
    m_histBars->setPen(QPen(colors::series));
    m_histBars->setBrush(QColor(0x99, 0x99, 0x99));
    m_hist->yAxis->setLabel(tr("count (test windows)"));
    setIntegerTicks(m_hist->yAxis);
    clear(tr("Train a model to see its residuals."));
}

QList<std::pair<QString, QCustomPlot *>> ResidualsView::namedPlots() const
{
    return {{QStringLiteral("residuals_time"), m_time},
            {QStringLiteral("residuals_acf"), m_acf},
            {QStringLiteral("residuals_histogram"), m_hist}};
}

QString ResidualsView::caption() const
{
    return m_caption->text();
}

void ResidualsView::clear(const QString &why)
{
    m_check.reset();
    m_residualGraph->data()->clear();
    m_zeroLine->data()->clear();
    m_acfBars->data()->clear();
    m_upperBound->data()->clear();
    m_lowerBound->data()->clear();
    m_histBars->data()->clear();
    for (QCustomPlot *p : {m_time, m_acf, m_hist}) {
        showEmpty(p, why);
        p->replot(QCustomPlot::rpQueuedReplot);
    }
    m_caption->setText(why);
}

void ResidualsView::setResiduals(const Series &series, const std::vector<int> &rows,
                                 const std::vector<double> &residuals, int seasonalPeriod, const QString &unit)
{
    const int n = int(std::min(rows.size(), residuals.size()));
    try {
        m_check = checkResiduals(std::span<const double>(residuals.data(), std::size_t(n)), seasonalPeriod);
    } catch (const std::invalid_argument &e) {
        clear(tr("No residual check: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    for (QCustomPlot *p : {m_time, m_acf, m_hist}) {
        showEmpty(p, QString());
    }
    // Over time, on the series' own time axis.
    QVector<double> x(n), y(n);
    for (int i = 0; i < n; ++i) {
        x[i] = timeAt(series, rows[std::size_t(i)]);
        y[i] = residuals[std::size_t(i)];
    }
    m_residualGraph->setData(x, y, true);
    m_zeroLine->setData({x.front(), x.back()}, {0.0, 0.0}, true);
    setupTimeAxis(m_time->xAxis, series);
    m_time->yAxis->setLabel(tr("actual − forecast (%1)").arg(unit));
    m_time->rescaleAxes();
    m_time->xAxis->scaleRange(1.04, m_time->xAxis->range().center()); // the first and last points not on the frame
    m_time->yAxis->scaleRange(1.15, m_time->yAxis->range().center());

    // ACF with the white-noise bounds.
    const ResidualCheck &c = *m_check;
    QVector<double> lag(c.lags), r(c.lags);
    for (int k = 0; k < c.lags; ++k) {
        lag[k] = k + 1;
        r[k] = c.acf[std::size_t(k)];
    }
    m_acfBars->setData(lag, r, true);
    m_upperBound->setData({0.5, c.lags + 0.5}, {c.bound, c.bound}, true);
    m_lowerBound->setData({0.5, c.lags + 0.5}, {-c.bound, -c.bound}, true);
    m_acf->xAxis->setRange(0.3, c.lags + 0.7);
    const double top = std::max({c.bound, std::abs(*std::max_element(r.begin(), r.end())),
                                 std::abs(*std::min_element(r.begin(), r.end()))});
    m_acf->yAxis->setRange(-1.2 * top, 1.2 * top);

    // Histogram: Sturges' number of bins, at least 5.
    const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
    const int bins = std::max(5, int(std::ceil(std::log2(double(n)) + 1.0)));
    const double width = *hi > *lo ? (*hi - *lo) / bins : 1.0;
    QVector<double> centre(bins), count(bins, 0.0);
    for (int b = 0; b < bins; ++b) {
        centre[b] = *lo + (b + 0.5) * width;
    }
    for (double v : y) {
        count[std::clamp(int((v - *lo) / width), 0, bins - 1)] += 1.0;
    }
    m_histBars->setWidth(width);
    m_histBars->setData(centre, count, true);
    m_hist->xAxis->setLabel(tr("residual (%1)").arg(unit));
    m_hist->xAxis->setRange(*lo - width, *hi + width);
    m_hist->yAxis->setRange(0, *std::max_element(count.begin(), count.end()) * 1.15);

    const int outside = int(std::count_if(r.begin(), r.end(), [&](double v) { return std::abs(v) > c.bound; }));
    m_caption->setText(tr("%1 one-step residuals of the test span. Ljung–Box Q = %2 over %3 lags, p = %4%5. "
                          "%6 of %3 autocorrelations lie outside ±%7.")
                           .arg(n)
                           .arg(c.ljungBox, 0, 'f', 2)
                           .arg(c.lags)
                           .arg(c.pValue, 0, 'g', 3)
                           .arg(c.pValue < 0.05 ? tr(": the errors are still correlated") : tr(": no sign of correlation left"))
                           .arg(outside)
                           .arg(c.bound, 0, 'f', 3));
    for (QCustomPlot *p : {m_time, m_acf, m_hist}) {
        p->replot(QCustomPlot::rpQueuedReplot);
    }
}

} // namespace rnnlab
