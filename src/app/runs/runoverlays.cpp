// Earlier runs over the window's plots (see runoverlays.h).
#include "runs/runoverlays.h"

#include "forecasting/forecast.h"
#include "modelpanel.h"
#include "nn/model.h"
#include "plots/gradientplot.h"
#include "plots/lossplot.h"
#include "plots/plotstyle.h"

#include <qcustomplot.h>

#include <cmath>

namespace rnnlab {

namespace {

// The windows a run was trained on are the ones shown: same rows and columns, same
// window settings, the target it read.
bool trainedOn(const RunRecord &r, const Series &series, const Windows &w, const DataConfig &b)
{
    const DataConfig &a = r.settings.windows;
    std::vector<std::string> inputs;
    for (int c : w.inputColumns) {
        inputs.push_back(series.columns[std::size_t(c)]);
    }
    return a.inputs == inputs && a.missing == b.missing && r.settings.data.rows == series.rows() && r.settings.data.columns == series.columns
           && a.lookback == b.lookback && a.horizon == b.horizon && a.stride == b.stride
           && a.trainFraction == b.trainFraction && a.valFraction == b.valFraction && a.testFraction == b.testFraction
           && a.normalization == b.normalization && a.transform == b.transform
           && a.target == series.columns[std::size_t(w.targetColumn)]
           && r.settings.spec.inputSize == w.features() && !r.params.empty() && !w.test.empty();
}

// Extends the axis ranges to hold `graph` (the plot's own fit may not know it).
void include(QCPRange &range, const QCPRange &r, bool logY)
{
    if (logY) {
        range = QCPRange(std::min(range.lower, r.lower / 1.5), std::max(range.upper, r.upper * 1.5));
    } else {
        range = QCPRange(std::min(range.lower, r.lower), std::max(range.upper, r.upper));
    }
}

} // namespace

RunOverlays::RunOverlays(LossPlot *loss, GradientPlot *gradients, PredictionPlot *predictions, QObject *parent)
    : QObject(parent)
    , m_loss(loss)
    , m_gradients(gradients)
    , m_predictions(predictions)
{
    // setLayers() removes every graph of the gradient plots; the layer picked there is ours too.
    connect(m_gradients, &GradientPlot::curvesReset, this, &RunOverlays::redraw);
    connect(m_gradients, &GradientPlot::layerChanged, this, &RunOverlays::redraw);
}

QList<QCustomPlot *> RunOverlays::plots() const
{
    return {m_loss->plot(), m_gradients->timePlot(), m_gradients->normPlot(), m_gradients->radiusPlot(),
            m_predictions->plot()};
}

void RunOverlays::setRuns(std::vector<OverlayRun> runs)
{
    m_runs = std::move(runs);
    computePredictions();
    redraw();
}

void RunOverlays::setData(std::shared_ptr<const Series> series, std::shared_ptr<const Windows> windows,
                          const DataConfig &config)
{
    m_series = std::move(series);
    m_windows = std::move(windows);
    m_config = config;
    computePredictions();
    redraw();
}

void RunOverlays::clearData()
{
    setData(nullptr, nullptr, {});
}

void RunOverlays::setLive(bool live)
{
    if (live != m_live) {
        m_live = live;
        redraw();
    }
}

void RunOverlays::computePredictions()
{
    m_pred.assign(m_runs.size(), Eigen::MatrixXd());
    if (!m_series || !m_windows) {
        return;
    }
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        const RunRecord &r = m_runs[i].run;
        if (!trainedOn(r, *m_series, *m_windows, m_config)) {
            continue;
        }
        try {
            Model<float> model(r.settings.spec);
            if (model.params().size() != Eigen::Index(r.params.size())) {
                continue;
            }
            model.params() = Eigen::Map<const Vec<float>>(r.params.data(), Eigen::Index(r.params.size()));
            m_pred[i] = openLoopPredict(model, *m_windows, m_windows->test);
        } catch (const std::exception &) {
            m_pred[i].resize(0, 0); // a spec the windows cannot feed: no curve, the rest still draws
        }
    }
}

int RunOverlays::predictedRuns() const
{
    int n = 0;
    for (const Eigen::MatrixXd &p : m_pred) {
        n += p.size() > 0 ? 1 : 0;
    }
    return n;
}

std::vector<PredictionPlot::MetricsRow> RunOverlays::metricsRows() const
{
    std::vector<PredictionPlot::MetricsRow> rows;
    for (const OverlayRun &r : m_runs) {
        if (!r.run.test.empty() && r.run.test.front().name == "model") {
            rows.push_back({tr("run \u201c%1\u201d").arg(r.name), r.run.test.front().metrics});
        }
    }
    return rows;
}

int RunOverlays::graphCount(const QCustomPlot *plot) const
{
    int n = 0;
    for (const auto &[p, g] : m_graphs) {
        n += p == plot && g ? 1 : 0;
    }
    return n;
}

void RunOverlays::removeGraphs()
{
    for (const auto &[p, g] : m_graphs) {
        if (p && g) {
            p->removeGraph(g);
        }
    }
    m_graphs.clear();
}

QCPGraph *RunOverlays::add(QCustomPlot *plot, const OverlayRun &r, const QString &legend, Qt::PenStyle style,
                           const QVector<double> &x, const QVector<double> &y, bool logY)
{
    QVector<double> kx, ky;
    for (int i = 0; i < x.size(); ++i) {
        if (std::isfinite(y[i]) && (!logY || y[i] > 0)) {
            kx << x[i];
            ky << y[i];
        }
    }
    QColor c = r.colour;
    if (m_live) {
        c.setAlpha(150); // the earlier runs step back while the new curve arrives
    }
    // Under the plot's own graphs: the current training draws on top of the earlier runs.
    if (!plot->layer(QStringLiteral("runs"))) {
        plot->addLayer(QStringLiteral("runs"), plot->layer(QStringLiteral("main")), QCustomPlot::limBelow);
    }
    QCPGraph *g = plot->addGraph();
    g->setLayer(QStringLiteral("runs"));
    g->setName(legend);
    g->setPen(QPen(c, m_live ? 1.0 : 1.3, style));
    g->setData(kx, ky, true);
    if (legend.isEmpty()) {
        g->removeFromLegend();
    }
    m_graphs.append({plot, g});
    return g;
}

// The layer picker's items for these runs: "RNN 64 / LSTM 64 (layer 1)" (runs whose
// recurrent layers differ share the picker by position).
static QStringList layerNames(const std::vector<OverlayRun> &runs)
{
    QList<QStringList> names; // [recurrent layer] distinct "LSTM 64"
    QList<int> positions;     // the first run's layer number, for the "(layer k)"
    for (const OverlayRun &o : runs) {
        int k = 0;
        for (int i = 0; i < int(o.run.settings.spec.layers.size()); ++i) {
            const LayerSpec &l = o.run.settings.spec.layers[std::size_t(i)];
            if (!isRecurrent(l.type)) {
                continue;
            }
            if (k == names.size()) {
                names << QStringList();
                positions << i + 1;
            }
            const QString name = QStringLiteral("%1 %2").arg(layerTypeName(l.type)).arg(l.units);
            if (!names[k].contains(name)) {
                names[k] << name;
            }
            ++k;
        }
    }
    QStringList items;
    for (int k = 0; k < names.size(); ++k) {
        items << RunOverlays::tr("%1 (layer %2)").arg(names[k].join(QStringLiteral(" / "))).arg(positions[k]);
    }
    return items;
}

void RunOverlays::redraw()
{
    const bool had = !m_graphs.isEmpty();
    removeGraphs();
    // The heat map and the layer picker show the selected runs, except while a training
    // draws live: then its own. The picker first, its layer is the one drawn.
    m_gradients->setRunLayers(m_live ? QStringList() : layerNames(m_runs));
    const int layer = m_gradients->heatMapLayer();
    std::vector<HeatMapRun> maps;
    const int step = std::max(0, m_predictions->horizonStep() - 1);
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        const OverlayRun &o = m_runs[i];
        QVector<double> epoch, train, val, before, after, rho;
        for (const EpochStats &e : o.run.history) {
            if (e.stopped || e.nonFinite.found) {
                continue;
            }
            epoch << e.epoch;
            train << e.trainLoss;
            val << (e.valLoss ? *e.valLoss : std::nan(""));
            before << e.gradNorm;
            after << e.gradNormClipped;
            rho << (layer < int(e.spectralRadius.size()) ? e.spectralRadius[std::size_t(layer)] : std::nan(""));
        }
        if (!m_live) {
            HeatMapRun map{o.name, o.colour, {}, {}};
            for (const EpochStats &e : o.run.history) {
                if (!e.stopped && !e.nonFinite.found) {
                    map.epochs.push_back(e.epoch);
                    map.norms.push_back(layer < int(e.hiddenGradNorms.size()) ? e.hiddenGradNorms[std::size_t(layer)] : std::vector<double>());
                }
            }
            maps.push_back(std::move(map));
        }
        const bool logLoss = m_loss->logScale();
        add(m_loss->plot(), o, o.name, Qt::SolidLine, epoch, train, logLoss);
        add(m_loss->plot(), o, QString(), Qt::DashLine, epoch, val, logLoss);
        add(m_gradients->normPlot(), o, o.name, Qt::SolidLine, epoch, before, true);
        add(m_gradients->normPlot(), o, QString(), Qt::DashLine, epoch, after, true);
        add(m_gradients->radiusPlot(), o, o.name, Qt::SolidLine, epoch, rho, false);
        // ||dL/dh_t|| of the last epoch that logged it.
        for (auto it = o.run.history.rbegin(); it != o.run.history.rend(); ++it) {
            if (layer < int(it->hiddenGradNorms.size())) {
                const std::vector<double> &h = it->hiddenGradNorms[std::size_t(layer)];
                QVector<double> t, v;
                for (std::size_t k = 0; k < h.size(); ++k) {
                    t << double(k);
                    v << h[k];
                }
                add(m_gradients->timePlot(), o, o.name, Qt::SolidLine, t, v, true);
                break;
            }
        }
        const Eigen::MatrixXd &p = m_pred[i];
        if (p.size() > 0 && m_series && m_windows && step < p.rows()) {
            QVector<double> x, y;
            for (std::size_t j = 0; j < m_windows->test.size(); ++j) {
                x << timeAt(*m_series, m_windows->test[j] + m_windows->lookback + step);
                y << p(step, Eigen::Index(j));
            }
            add(m_predictions->plot(), o, o.name, Qt::SolidLine, x, y, false);
        }
    }
    m_gradients->setRunHeatMaps(std::move(maps));
    if (had || !m_graphs.isEmpty()) { // nothing drawn, nothing removed: the plots keep their ranges (a restored zoom)
        refit();
    }
}


void RunOverlays::refit()
{
    m_loss->refit(); // the legends fit themselves at each replot (plotstyle.h fitLegend)
    // The gradient plots fit their own curves; widen them to the overlays.
    for (QCustomPlot *p : {m_gradients->timePlot(), m_gradients->normPlot(), m_gradients->radiusPlot(),
                           m_predictions->plot()}) {
        const bool logY = p->yAxis->scaleType() == QCPAxis::stLogarithmic;
        QCPRange keys = p->xAxis->range();
        QCPRange values = p->yAxis->range();
        bool any = false;
        for (const auto &[plot, g] : m_graphs) {
            if (plot != p || !g) {
                continue;
            }
            bool found = false;
            const QCPRange k = g->getKeyRange(found);
            if (found) {
                keys = QCPRange(std::min(keys.lower, k.lower - 0.5), std::max(keys.upper, k.upper + 0.5));
                any = true;
            }
            const QCPRange v = g->getValueRange(found, logY ? QCP::sdPositive : QCP::sdBoth);
            if (found) {
                include(values, v, logY);
            }
        }
        if (any && p != m_predictions->plot()) { // the prediction plot keeps the user's time window
            p->xAxis->setRange(keys);
        }
        if (any) {
            p->yAxis->setRange(values);
        }
        p->replot(QCustomPlot::rpQueuedReplot);
    }
}

} // namespace rnnlab
