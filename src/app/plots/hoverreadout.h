// The value under the mouse cursor for any QCustomPlot: the nearest data point of the
// visible graphs (or the colour-map cell) shown as a tooltip and sent as a one-line
// readout (the main window puts it in the status bar).
#pragma once
#include <QObject>
#include <QString>

#include <functional>

class QCustomPlot;
class QMouseEvent;

namespace rnnlab {

class HoverReadout : public QObject {
    Q_OBJECT
public:
    HoverReadout(QCustomPlot *plot, QObject *parent);
    // Formats the key of a point ("1958-03", "epoch 12"); default: the number.
    void setKeyFormatter(std::function<QString(double)> f) { m_keyFormat = std::move(f); }
    void setValueUnit(const QString &unit) { m_unit = unit; }
    // The text for a pixel position; empty when nothing is within reach. Public for tests.
    QString readoutAt(const QPointF &pixel) const;

signals:
    void readout(const QString &text);

private:
    void onMouseMove(QMouseEvent *event);

    QCustomPlot *m_plot;
    std::function<QString(double)> m_keyFormat;
    QString m_unit;
};

} // namespace rnnlab
