// The seed ensemble on the predictions plot: the members' median as a curve and their
// min–max spread as a shaded band, at the horizon step the open-loop curve shows, both
// named in the legend with the member count. Owns its three graphs on the host plot.
// Not here: the combination itself (forecasting/ensembleview.h).
#pragma once
#include "forecasting/ensembleview.h"

#include <QString>

#include <functional>

class QCustomPlot;
class QCPGraph;

namespace rnnlab {

class EnsembleBand {
public:
    // `rowTime` maps a row to the plot's x; the band goes on layer `bandLayer`.
    EnsembleBand(QCustomPlot *plot, const QString &bandLayer, std::function<double(double)> rowTime);

    // Draws step `step` (0-based) of each window; an empty view removes everything.
    void show(const EnsembleView &view, int lookback, int step);
    void clear() { show({}, 0, 0); showForecast(0, {}, {}, {}); }
    // The members' min–max around the closed-loop forecast from row `origin` (same
    // colour, not in the legend twice); empty vectors remove it.
    void showForecast(int origin, const std::vector<double> &low, const std::vector<double> &high, int members);
    const EnsembleView &view() const { return m_view; }

    QCPGraph *median() const { return m_median; }
    QCPGraph *upper() const { return m_upper; }
    QCPGraph *lower() const { return m_lower; }
    QCPGraph *forecastUpper() const { return m_forecastUpper; }
    QCPGraph *forecastLower() const { return m_forecastLower; }

private:
    QCustomPlot *m_plot;
    std::function<double(double)> m_rowTime;
    QCPGraph *m_lower, *m_upper, *m_median;
    QCPGraph *m_forecastLower, *m_forecastUpper;
    EnsembleView m_view;
};

} // namespace rnnlab
