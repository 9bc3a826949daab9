// The residuals view: the model's one-step errors on the test span over time, their
// autocorrelation (ACF bars with the +-1.96/sqrt(n) bounds of white noise) and their
// histogram, with the Ljung-Box statistic in a caption. Structure left in the errors
// (bars past the bounds, a small p-value) is what a better model could still use.
// Not here: computing the residuals (forecasting/testspanreport.h).
#pragma once
#include "data/series.h"
#include "forecasting/residual_checks.h"

#include <QList>
#include <QWidget>

#include <utility>

#include <optional>
#include <vector>

class QCustomPlot;
class QCPBars;
class QCPGraph;
class QLabel;

namespace rnnlab {

class ResidualsView : public QWidget {
    Q_OBJECT
public:
    explicit ResidualsView(QWidget *parent = nullptr);

    // residuals[i] = actual - forecast of row rows[i] of `series`, in `unit`s (the target
    // column's name); seasonalPeriod picks the ACF's lags (checkResiduals' rule).
    void setResiduals(const Series &series, const std::vector<int> &rows, const std::vector<double> &residuals,
                      int seasonalPeriod, const QString &unit);
    void clear(const QString &why);

    const std::optional<ResidualCheck> &check() const { return m_check; }
    QCustomPlot *timePlot() const { return m_time; }
    QCustomPlot *acfPlot() const { return m_acf; }
    QCustomPlot *histogramPlot() const { return m_hist; }
    QCPGraph *residualGraph() const { return m_residualGraph; }
    QCPBars *acfBars() const { return m_acfBars; }
    QCPBars *histogramBars() const { return m_histBars; }
    QString caption() const;
    // The three plots with the file stems an export gives them (residuals_time, _acf, _histogram).
    QList<std::pair<QString, QCustomPlot *>> namedPlots() const;

private:
    QCustomPlot *m_time;
    QCustomPlot *m_acf;
    QCustomPlot *m_hist;
    QCPGraph *m_residualGraph;
    QCPGraph *m_zeroLine;
    QCPBars *m_acfBars;
    QCPGraph *m_upperBound;
    QCPGraph *m_lowerBound;
    QCPBars *m_histBars;
    QLabel *m_caption;
    std::optional<ResidualCheck> m_check;
};

} // namespace rnnlab
