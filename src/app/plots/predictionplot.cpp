// The predictions plot (see predictionplot.h).
#include "plots/predictionplot.h"

#include "data/time_parse.h"
#include "forecasting/forecastrunner.h"
#include "plots/decimator.h"
#include "plots/ensembleband.h"
#include "plots/seriescurve.h"
#include "plots/flowlayout.h"
#include "plots/tableexport.h"

#include "plots/hoverreadout.h"
#include "plots/plotexport.h"
#include "plots/plotstyle.h"
#include "plots/verdictlabel.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QTableWidget>

#include <algorithm>
#include <cmath>
#include <limits>

namespace rnnlab {

PredictionPlot::PredictionPlot(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_table(new QTableWidget(this))
    , m_originSpin(new QSpinBox(this))
    , m_stepsSpin(new QSpinBox(this))
    , m_horizonStepSpin(new QSpinBox(this))
    , m_noteLabel(new QLabel(this))
    , m_verdict(new VerdictLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    // One wrapping bar: a label and its spin box stay together, the baseline switches
    // follow and wrap, so the bar never sets the window's minimum width.
    auto *barWidget = new QWidget(this);
    m_baselineBar = new FlowLayout(barWidget, 8);
    m_baselineBar->setContentsMargins(6, 2, 6, 0);
    auto pair = [this](const QString &label, QSpinBox *spin) {
        auto *box = new QWidget(this);
        auto *row = new QHBoxLayout(box);
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(4);
        row->addWidget(new QLabel(label, box));
        row->addWidget(spin);
        return box;
    };
    m_originSpin->setToolTip(tr("Row where the closed-loop forecast starts (or click the plot)"));
    m_originSpin->setPrefix(tr("row "));
    m_baselineBar->addWidget(pair(tr("Forecast origin"), m_originSpin));
    m_stepsSpin->setRange(1, 100000);
    m_stepsSpin->setValue(36);
    m_stepsSpin->setToolTip(tr("Rows forecast by feeding the model its own predictions; may run past the data"));
    m_baselineBar->addWidget(pair(tr("steps"), m_stepsSpin));
    m_horizonStepSpin->setRange(1, 1);
    m_horizonStepSpin->setToolTip(tr("Which of the H predicted steps the open-loop curve shows"));
    m_baselineBar->addWidget(pair(tr("horizon step"), m_horizonStepSpin));
    m_baselineBar->addWidget(new QLabel(tr("Baselines:"), this));
    m_pendingLabel = new QLabel(tr("computing baselines…"), this);
    m_pendingLabel->setObjectName(QStringLiteral("baselinesPending"));
    m_pendingLabel->setStyleSheet(QStringLiteral("color: #666; font-style: italic;"));
    m_pendingLabel->setVisible(false);
    m_baselineBar->addWidget(m_pendingLabel);
    layout->addWidget(barWidget);

    layout->addWidget(m_plot, 1);
    m_noteLabel->setWordWrap(true);
    m_noteLabel->setStyleSheet(QStringLiteral("color: #666;"));
    auto *metricsRow = new QHBoxLayout;
    metricsRow->addWidget(m_table, 3);
    metricsRow->addWidget(m_verdict, 1);
    layout->addLayout(metricsRow);
    layout->addWidget(m_noteLabel);

    m_table->setColumnCount(8);
    m_table->setHorizontalHeaderLabels({tr("Test span"), tr("MAE"), tr("RMSE"), tr("MAPE %"), tr("sMAPE %"), tr("MASE"),
                                        tr("PI cover %"), tr("Ljung–Box")});
    m_table->horizontalHeaderItem(kCoverageColumn)->setToolTip(
        tr("Share (%) of the test span's closed-loop points inside the 80% / 95% prediction intervals"));
    m_table->horizontalHeaderItem(kLjungBoxColumn)->setToolTip(
        tr("Ljung–Box Q (p-value) of the one-step test errors; p < 0.05: the errors are still correlated"));
    // Stretch first: it sets every column, so the columns that must show their whole
    // text ("243.2 (p 0.000)") are set after it.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    for (int col : {0, kCoverageColumn, kLjungBoxColumn}) {
        m_table->horizontalHeader()->setSectionResizeMode(col, QHeaderView::ResizeToContents);
    }
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() + 6);
    m_table->setToolTip(tr("Errors on the test span in original units; MASE below 1 beats the in-sample naive forecast. "
                           "Right-click to copy or save as CSV."));
    installTableContextMenu(m_table, QStringLiteral("metrics"), this);

    stylePlot(m_plot);
    m_plot->setMinimumHeight(160);
    m_plot->xAxis->setLabel(tr("time"));
    m_plot->yAxis->setLabel(tr("value"));
    m_actual = m_plot->addGraph();
    m_actual->setName(tr("actual"));
    m_actual->setPen(QPen(colors::series, 1.3));
    m_actualCurve = new DecimatedGraph(m_actual);
    m_model = m_plot->addGraph();
    m_model->setName(tr("model (open loop)"));
    m_model->setPen(QPen(colors::model, 1.6));
    m_forecast = m_plot->addGraph();
    m_forecast->setName(tr("closed-loop forecast"));
    m_forecast->setPen(QPen(colors::forecast, 1.8, Qt::DashLine));
    // The bands are drawn on a layer below the curves (the graph indices of actual,
    // model and forecast stay 0, 1, 2); each upper edge fills down to its lower edge,
    // and only the upper ones are in the legend.
    m_plot->addLayer(QStringLiteral("bands"), m_plot->layer(QStringLiteral("main")), QCustomPlot::limBelow);
    auto band = [this](QCPGraph *&upper, QCPGraph *&lower, int alpha) {
        lower = m_plot->addGraph();
        upper = m_plot->addGraph();
        QColor fill = colors::forecast;
        fill.setAlpha(alpha);
        for (QCPGraph *g : {upper, lower}) {
            g->setLayer(QStringLiteral("bands"));
            g->setPen(Qt::NoPen);
            g->removeFromLegend();
        }
        upper->setBrush(fill);
        upper->setChannelFillGraph(lower);
    };
    band(m_band95Upper, m_band95Lower, 45);
    band(m_band80Upper, m_band80Lower, 80);
    m_ensemble = std::make_unique<EnsembleBand>(m_plot, QStringLiteral("bands"), [this](double r) { return rowTime(r); });
    m_originLine = new QCPItemStraightLine(m_plot);
    m_originLine->setPen(QPen(colors::forecast, 1, Qt::DotLine));
    m_originLine->setVisible(false);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_readout = new HoverReadout(m_plot, this);

    auto request = [this] { emit forecastRequested(forecastOrigin(), forecastSteps()); };
    connect(m_originSpin, &QSpinBox::valueChanged, this, request);
    connect(m_stepsSpin, &QSpinBox::valueChanged, this, request);
    connect(m_horizonStepSpin, &QSpinBox::valueChanged, this, [this] {
        setPredictions(std::vector<int>(m_starts), Eigen::MatrixXd(m_pred));
    });
    // A click (press and release at the same place, not a drag) sets the origin.
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent *e) { m_pressPos = e->pos(); });
    connect(m_plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent *e) {
        if (!m_series || (e->pos() - m_pressPos).manhattanLength() > 3 || e->button() != Qt::LeftButton) {
            return;
        }
        const double row = timeToRow(m_plot->xAxis->pixelToCoord(e->pos().x()));
        setForecastOrigin(int(std::lround(row)));
    });
}

PredictionPlot::~PredictionPlot() = default;

void PredictionPlot::setEnsemble(const EnsembleView &view)
{
    m_ensemble->show(view, m_windows ? m_windows->lookback : 0, m_horizonStepSpin->value() - 1);
    fitValueRange();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

const EnsembleView &PredictionPlot::ensemble() const
{
    return m_ensemble->view();
}

void PredictionPlot::showForecast(const ForecastResult &result)
{
    setForecast(result.origin, result.values);
    setForecastSpread(result.low, result.high, result.members);
    setForecastIntervals(result.bands.half80, result.bands.half95, intervalSource(result));
    setIntervalCoverage(result.coverage);
}

void PredictionPlot::setForecastSpread(const std::vector<double> &low, const std::vector<double> &high, int members)
{
    m_ensemble->showForecast(m_forecastOriginShown, low, high, members);
    fitValueRange();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

double PredictionPlot::rowTime(double row) const
{
    if (!m_series || m_series->rows() == 0) {
        return row;
    }
    const Series &s = *m_series;
    const int n = s.rows();
    if (row <= n - 1) {
        return timeAt(s, std::max(0, int(std::lround(row))));
    }
    // Past the data: continue at the mean spacing of the time axis.
    const double dt = n > 1 ? (timeAt(s, n - 1) - timeAt(s, 0)) / (n - 1) : 1.0;
    return timeAt(s, n - 1) + (row - (n - 1)) * dt;
}

double PredictionPlot::timeToRow(double t) const
{
    const Series &s = *m_series;
    const int n = s.rows();
    if (n < 2) {
        return 0;
    }
    const double dt = (timeAt(s, n - 1) - timeAt(s, 0)) / (n - 1);
    return (t - timeAt(s, 0)) / (dt == 0 ? 1 : dt);
}

void PredictionPlot::clearData()
{
    m_series.reset();
    m_windows.reset();
    m_actualCurve->clear();
    clearPredictions();
    setBaselines({}, {});
    m_forecast->data()->clear();
    m_plot->clearItems();
    m_originLine = new QCPItemStraightLine(m_plot);
    m_originLine->setPen(QPen(colors::forecast, 1, Qt::DotLine));
    m_originLine->setVisible(false);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PredictionPlot::setData(const Series &series, const Windows &windows)
{
    setData(std::make_shared<const Series>(series), std::make_shared<const Windows>(windows));
}

void PredictionPlot::setData(std::shared_ptr<const Series> series, std::shared_ptr<const Windows> windows)
{
    clearData();
    m_series = std::move(series);
    m_windows = std::move(windows);
    const Series &s = *m_series;
    const Windows &w = *m_windows;
    const int target = w.targetColumn;
    setupTimeAxis(m_plot->xAxis, s);
    m_plot->yAxis->setLabel(tr("%1 (original units)").arg(QString::fromStdString(s.columns[std::size_t(target)])));
    m_readout->setKeyFormatter([this](double t) { return m_series ? timeReadout(*m_series, t) : QString::number(t); });
    // predictions.csv writes the time as the CLI does: ISO 8601 at the data's resolution.
    setCsvKeyFormatter(m_plot, [this](double t) {
        return m_series ? QString::fromStdString(formatTime(*m_series, t)) : QString::number(t, 'g', 12);
    });
    styleGraphFor(m_actual, std::size_t(s.rows()), QPen(colors::series, 1.3));
    showSeriesColumn(*m_actualCurve, m_series, target); // the series' own buffers, not a copy
    if (s.rows() > 1) {
        const double half = 0.5 * (rowTime(1) - rowTime(0));
        addSpan(m_plot, rowTime(0) - half, rowTime(w.trainEnd) - half, colors::train, tr("train"));
        if (w.valEnd > w.trainEnd) {
            addSpan(m_plot, rowTime(w.trainEnd) - half, rowTime(w.valEnd) - half, colors::val, tr("validation"));
        }
        if (w.rows > w.valEnd) {
            addSpan(m_plot, rowTime(w.valEnd) - half, rowTime(w.rows - 1) + half, colors::test, tr("test"));
        }
    }
    m_horizonStepSpin->setRange(1, std::max(1, w.horizon));
    m_horizonStepSpin->setEnabled(w.horizon > 1);
    const QSignalBlocker block(m_originSpin);
    m_originSpin->setRange(w.lookback, w.rows);
    m_originSpin->setValue(w.valEnd > w.lookback ? w.valEnd : w.rows);
    rescale();
}

void PredictionPlot::clearPredictions()
{
    m_starts.clear();
    m_pred.resize(0, 0);
    m_model->data()->clear();
    m_ensemble->clear();
    m_forecast->data()->clear();
    m_forecastShown.clear();
    setForecastIntervals({}, {}, QString());
    m_coverage.reset();
    m_originLine->setVisible(false);
    m_table->setRowCount(0);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PredictionPlot::setBaselinesPending(bool pending)
{
    m_pendingLabel->setVisible(pending);
}

bool PredictionPlot::baselinesPending() const
{
    return !m_pendingLabel->isHidden();
}

int PredictionPlot::predictionPointCount() const
{
    return m_model->data()->size();
}

void PredictionPlot::setPredictions(const std::vector<int> &starts, const Eigen::MatrixXd &pred,
                                    const EnsembleView &ensemble)
{
    setPredictions(starts, pred);
    setEnsemble(ensemble);
}

void PredictionPlot::setPredictions(const std::vector<int> &starts, const Eigen::MatrixXd &pred)
{
    m_starts = starts;
    m_pred = pred;
    if (!m_windows || pred.cols() != Eigen::Index(starts.size()) || pred.rows() == 0) {
        m_model->data()->clear();
        m_ensemble->clear();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const int h = std::min(int(pred.rows()), m_horizonStepSpin->value()) - 1;
    QVector<double> x;
    QVector<double> y;
    x.reserve(int(starts.size()));
    y.reserve(int(starts.size()));
    for (std::size_t i = 0; i < starts.size(); ++i) {
        x << rowTime(starts[i] + m_windows->lookback + h);
        y << pred(h, Eigen::Index(i));
    }
    m_model->setName(pred.rows() > 1 ? tr("model (open loop, step %1)").arg(h + 1) : tr("model (open loop)"));
    setGraphData(m_model, x, y, QPen(colors::model, 1.6));
    if (!m_ensemble->view().empty()) {
        m_ensemble->show(EnsembleView(m_ensemble->view()), m_windows->lookback, h); // the step shown
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PredictionPlot::setBaselines(const std::vector<BaselineForecast> &baselines, const std::vector<int> &starts)
{
    QStringList wanted = m_baselineChecks.empty() ? m_wantedBaselines : visibleBaselines();
    for (QCPGraph *g : m_baselineGraphs) {
        m_plot->removeGraph(g);
    }
    m_baselineGraphs.clear();
    for (QCheckBox *c : m_baselineChecks) {
        delete c;
    }
    m_baselineChecks.clear();
    int colour = 2;
    for (const BaselineForecast &b : baselines) {
        if (b.skipped() || !m_windows || b.pred.cols() != Eigen::Index(starts.size())) {
            continue;
        }
        const QString name = QString::fromStdString(b.name);
        QCPGraph *g = m_plot->addGraph();
        g->setName(name);
        QColor c = colors::cycle(colour++);
        // Dashes on thousands of points are slow to stroke: one-pixel dashes without antialiasing.
        const bool many = starts.size() > 1000;
        g->setPen(QPen(c, many ? 0.0 : 1.1, Qt::DashDotLine));
        g->setAntialiased(!many);
        g->setAdaptiveSampling(true);
        std::vector<double> x(starts.size());
        std::vector<double> y(starts.size());
        for (std::size_t i = 0; i < starts.size(); ++i) {
            x[i] = rowTime(starts[i] + m_windows->lookback);
            y[i] = b.pred(0, Eigen::Index(i));
        }
        // Owned by the graph: removing the graph removes it.
        (new DecimatedGraph(g))->setCurve(std::move(x), std::move(y));
        auto *check = new QCheckBox(name, this);
        check->setToolTip(QString::fromStdString(b.note));
        const bool on = wanted.contains(name);
        check->setChecked(on);
        g->setVisible(on);
        if (!on) {
            g->removeFromLegend();
        }
        connect(check, &QCheckBox::toggled, this, [this, g](bool visible) {
            g->setVisible(visible);
            if (visible) {
                g->addToLegend();
            } else {
                g->removeFromLegend();
            }
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        });
        m_baselineBar->addWidget(check);
        m_baselineChecks.push_back(check);
        m_baselineGraphs.push_back(g);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QStringList PredictionPlot::visibleBaselines() const
{
    QStringList out;
    for (QCheckBox *c : m_baselineChecks) {
        if (c->isChecked()) {
            out << c->text();
        }
    }
    return out;
}

void PredictionPlot::setVisibleBaselines(const QStringList &names)
{
    m_wantedBaselines = names;
    for (QCheckBox *c : m_baselineChecks) {
        c->setChecked(names.contains(c->text()));
    }
}

void PredictionPlot::setForecast(int origin, const std::vector<double> &values)
{
    QVector<double> x;
    QVector<double> y;
    if (m_windows && m_series && origin > 0) {
        // Start the dashed line at the last real value so it visibly continues the series.
        x << rowTime(origin - 1);
        y << m_series->values(origin - 1, m_windows->targetColumn);
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        x << rowTime(origin + int(i));
        y << values[i];
    }
    m_forecast->setData(x, y, true);
    m_forecastOriginShown = origin;
    m_forecastShown = values;
    m_originLine->setVisible(true);
    m_originLine->point1->setCoords(rowTime(origin) - 0.5 * (rowTime(1) - rowTime(0)), 0);
    m_originLine->point2->setCoords(rowTime(origin) - 0.5 * (rowTime(1) - rowTime(0)), 1);
    const double end = rowTime(origin + int(values.size()));
    if (end > m_plot->xAxis->range().upper) {
        m_plot->xAxis->setRangeUpper(end + 0.02 * m_plot->xAxis->range().size());
    }
    fitValueRange();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PredictionPlot::fitValueRange()
{
    // Everything drawn fits: the data, the open-loop predictions, the visible baselines
    // and the forecast (a forecast that leaves the data's range used to be cut off).
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        QCPGraph *g = m_plot->graph(i);
        if (!g->visible() || g->data()->isEmpty()) {
            continue;
        }
        bool found = false;
        const QCPRange r = g->getValueRange(found);
        if (found && std::isfinite(r.lower) && std::isfinite(r.upper)) {
            lo = std::min(lo, r.lower);
            hi = std::max(hi, r.upper);
        }
    }
    if (!(lo <= hi)) {
        return;
    }
    const double pad = hi > lo ? 0.05 * (hi - lo) : std::max(1.0, std::abs(hi) * 0.05);
    m_plot->yAxis->setRange(lo - pad, hi + pad);
}

void PredictionPlot::setForecastIntervals(const std::vector<double> &half80, const std::vector<double> &half95,
                                          const QString &source)
{
    const std::size_t k = std::min({half80.size(), half95.size(), m_forecastShown.size()});
    const struct {
        QCPGraph *upper, *lower;
        const std::vector<double> &half;
        QString name;
    } bands[2] = {{m_band80Upper, m_band80Lower, half80, tr("80% interval (%1)").arg(source)},
                  {m_band95Upper, m_band95Lower, half95, tr("95% interval (%1)").arg(source)}};
    for (const auto &b : bands) {
        QVector<double> x, lo, hi;
        for (std::size_t i = 0; i < k; ++i) {
            x << rowTime(m_forecastOriginShown + int(i));
            lo << m_forecastShown[i] - b.half[i];
            hi << m_forecastShown[i] + b.half[i];
        }
        b.lower->setData(x, lo, true);
        b.upper->setData(x, hi, true);
        b.upper->setName(b.name);
        b.lower->setName(b.name + tr(", lower edge")); // for the CSV export; not in the legend
        if (k > 0) {
            b.upper->addToLegend();
        } else {
            b.upper->removeFromLegend();
        }
    }
    if (k > 0) {
        fitValueRange();
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PredictionPlot::setIntervalCoverage(std::optional<IntervalCoverage> coverage)
{
    m_coverage = coverage;
    showCoverage();
}

void PredictionPlot::showCoverage()
{
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QTableWidgetItem *name = m_table->item(r, 0);
        if (!name || name->text() != QLatin1String("model")) {
            continue;
        }
        auto *item = new QTableWidgetItem(QStringLiteral("–"));
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (m_coverage && m_coverage->points > 0) {
            item->setText(QStringLiteral("%1 / %2").arg(100.0 * m_coverage->coverage80, 0, 'f', 0)
                              .arg(100.0 * m_coverage->coverage95, 0, 'f', 0));
            item->setToolTip(tr("%1 closed-loop points of the test span: %2% inside the 80% band, %3% inside the 95% band")
                                 .arg(m_coverage->points)
                                 .arg(100.0 * m_coverage->coverage80, 0, 'f', 1)
                                 .arg(100.0 * m_coverage->coverage95, 0, 'f', 1));
        }
        m_table->setItem(r, kCoverageColumn, item);
    }
}

void PredictionPlot::setForecastNote(const QString &note)
{
    m_forecast->data()->clear();
    m_ensemble->showForecast(0, {}, {}, 0);
    m_forecastShown.clear();
    setForecastIntervals({}, {}, QString());
    m_originLine->setVisible(false);
    m_noteLabel->setText(note);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PredictionPlot::setMetrics(const std::vector<MetricsRow> &rows, const QString &note)
{
    m_table->setRowCount(int(rows.size()));
    auto cell = [](std::optional<double> v) {
        auto *item = new QTableWidgetItem(v && std::isfinite(*v) ? QString::number(*v, 'g', 4) : QStringLiteral("–"));
        if (v && std::isfinite(*v)) {
            item->setData(Qt::UserRole, *v); // exports and copies at full precision
        }
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return item;
    };
    for (int i = 0; i < int(rows.size()); ++i) {
        const Metrics &m = rows[std::size_t(i)].metrics;
        auto *name = new QTableWidgetItem(rows[std::size_t(i)].name);
        if (!m.note.empty()) {
            name->setToolTip(QString::fromStdString(m.note));
        }
        m_table->setItem(i, 0, name);
        m_table->setItem(i, 1, cell(m.mae));
        m_table->setItem(i, 2, cell(m.rmse));
        m_table->setItem(i, 3, cell(m.mape));
        m_table->setItem(i, 4, cell(m.smape));
        m_table->setItem(i, 5, cell(m.mase));
        m_table->setItem(i, kCoverageColumn, cell(std::nullopt));
        const std::optional<ResidualCheck> &lb = rows[std::size_t(i)].residuals;
        auto *q = cell(std::nullopt);
        if (lb) {
            q->setText(QStringLiteral("%1 (%2)").arg(lb->ljungBox, 0, 'f', 1).arg(lb->pValue, 0, 'f', 3));
            q->setToolTip(tr("Q over %1 lags; p = %2").arg(lb->lags).arg(lb->pValue, 0, 'g', 3));
            if (lb->pValue < 0.05) {
                q->setForeground(QColor(0xb0, 0x30, 0x30));
            }
        }
        m_table->setItem(i, kLjungBoxColumn, q);
    }
    showCoverage();
    const int rowHeight = m_table->fontMetrics().height() + 4;
    m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
    // Sized to its rows (at most 8 visible) so the plot keeps the space.
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() + std::min(8, int(rows.size())) * rowHeight + 4);
    m_noteLabel->setText(note);
    // The row named "model" is the network; indented rows are its per-step detail.
    std::optional<Metrics> model;
    std::vector<std::pair<QString, Metrics>> baselines;
    for (const MetricsRow &r : rows) {
        if (r.name == QLatin1String("model")) {
            model = r.metrics;
        } else if (!r.name.startsWith(QLatin1Char(' '))) {
            baselines.emplace_back(r.name, r.metrics);
        }
    }
    m_verdict->showVerdict(model, baselines);
}

int PredictionPlot::horizonStep() const
{
    return m_horizonStepSpin->value();
}

void PredictionPlot::setHorizonStep(int step)
{
    m_horizonStepSpin->setValue(step);
}

int PredictionPlot::forecastOrigin() const
{
    return m_originSpin->value();
}

void PredictionPlot::setForecastOrigin(int row)
{
    m_originSpin->setValue(row);
}

int PredictionPlot::forecastSteps() const
{
    return m_stepsSpin->value();
}

void PredictionPlot::setForecastSteps(int steps)
{
    m_stepsSpin->setValue(steps);
}

void PredictionPlot::rescale()
{
    m_plot->rescaleAxes(true);
    m_plot->yAxis->scaleRange(1.1, m_plot->yAxis->range().center());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace rnnlab
