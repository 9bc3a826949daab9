// MAE by forecast step on the test span, one curve per method (the model and each
// baseline: naive, seasonal naive, drift, AR, ETS, Theta): does the model's advantage
// hold at step H, or only one step ahead? Meaningful when the horizon H > 1; with
// H = 1 the plot says so instead of showing single dots.
#pragma once
#include <QString>
#include <QWidget>

#include <vector>

class QCustomPlot;

namespace rnnlab {

class HorizonErrorPlot : public QWidget {
    Q_OBJECT
public:
    explicit HorizonErrorPlot(QWidget *parent = nullptr);

    struct Curve {
        QString name;
        std::vector<double> mae; // step 1..H
    };
    // unit: the target column's name, for the y axis label.
    void setErrors(const std::vector<Curve> &curves, const QString &unit);
    void clear(const QString &why);

    QCustomPlot *plot() const { return m_plot; }

private:
    QCustomPlot *m_plot;
};

} // namespace rnnlab
