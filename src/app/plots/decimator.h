// Min/max decimation of a long curve to the plot's pixel columns, so a 10M-point
// series redraws in a few milliseconds: each column keeps its first and last point
// and the points holding its lowest and its highest value (in key order), so no spike
// is lost and the line's envelope is exact. DecimatedGraph keeps the full curve once (shared, read-only)
// and refills its QCPGraph with the decimated points of the visible range whenever
// the axis range or the plot's width changes. It is not a resampler: keys stay real.
#pragma once
#include <QObject>
#include <QVector>

#include <memory>
#include <span>
#include <vector>

class QCPGraph;

namespace rnnlab {

// requires: keys ascending, values.size() == keys.size(), columns >= 1, lo <= hi.
// ensures: out holds, in key order, for each of `columns` equal-width columns of
//          [lo, hi] that has points, its first, (first) lowest, (first) highest and
//          last point (M4: the drawn line is the full curve's, pixel for pixel), each
//          once, and its first NaN point where it has a missing value (so the line
//          breaks there too); plus the nearest point outside [lo, hi] on each side, so
//          the line runs to the plot's edges. When the range holds at most
//          4 * columns points they are copied as they are.
void decimateMinMax(std::span<const double> keys, std::span<const double> values, double lo, double hi, int columns,
                    QVector<double> &outKeys, QVector<double> &outValues);

class DecimatedGraph : public QObject
{
    Q_OBJECT
public:
    // The graph's data is owned here from now on: setCurve() replaces it.
    explicit DecimatedGraph(QCPGraph *graph);

    // The whole curve (keys ascending); the graph shows its decimation at once.
    void setCurve(std::vector<double> keys, std::vector<double> values);
    void clear();
    std::size_t size() const { return m_keys ? m_keys->size() : 0; }
    std::span<const double> keys() const;
    std::span<const double> values() const;
    QCPGraph *graph() const { return m_graph; }

    // Recomputes the graph's points for the current x range and plot width.
    void refresh();

private:
    QCPGraph *m_graph;
    std::shared_ptr<const std::vector<double>> m_keys;
    std::shared_ptr<const std::vector<double>> m_values;
    double m_lo = 0.0, m_hi = -1.0; // the range last decimated for
    int m_columns = 0;
};

} // namespace rnnlab
