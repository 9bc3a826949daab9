// Min/max decimation of a long curve to the plot's pixel columns, so a 10M-point
// series redraws in a few milliseconds: each column keeps its first and last point
// and the points holding its lowest and its highest value (in key order), so no spike
// is lost and the line's envelope is exact. DecimatedGraph keeps the full curve once (shared, read-only)
// and refills its QCPGraph with the decimated points of the visible range whenever
// the axis range or the plot's width changes, reading whole blocks of 128 points from
// a min/max summary (MinMaxBlocks). It is not a resampler: keys stay real.
#pragma once
#include <QObject>
#include <QVector>

#include <cstdint>
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
struct MinMaxBlocks;
void decimateMinMax(std::span<const double> keys, std::span<const double> values, double lo, double hi, int columns,
                    QVector<double> &outKeys, QVector<double> &outValues, const MinMaxBlocks *blocks = nullptr);

// A summary of `values` in blocks of kPoints: each block's first lowest, first highest
// and first NaN point (kNone when it has none). decimateMinMax() given it reads a
// block that lies wholly inside one pixel column from here instead of point by point,
// so a redraw of 10M points over the full range reads 78k summaries and, at the
// columns' unaligned edges, ~100 points per column; its output is the same, point for
// point, as without it. Built once per curve (one pass; 12 bytes per 128 points).
// 128, not 1024: with 1024 the edges of 1600 columns would still be 1.6M points.
struct MinMaxBlocks {
    static constexpr std::size_t kPoints = 128;
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu; // offsets within the block
    struct Block {
        std::uint32_t lowest = kNone, highest = kNone, firstNaN = kNone;
    };
    std::vector<Block> blocks;

    static MinMaxBlocks of(std::span<const double> values);
};

class DecimatedGraph : public QObject
{
    Q_OBJECT
public:
    // The graph's data is owned here from now on: setCurve() replaces it.
    explicit DecimatedGraph(QCPGraph *graph);

    // The whole curve (keys ascending); the graph shows its decimation at once.
    void setCurve(std::vector<double> keys, std::vector<double> values);
    // The same over buffers someone else holds (a Series' time and one of its value
    // columns): `owner` keeps them alive, nothing is copied (8 bytes a point saved per span).
    void setCurve(std::shared_ptr<const void> owner, std::span<const double> keys, std::span<const double> values);
    void clear();
    std::size_t size() const { return m_keys.size(); }
    std::span<const double> keys() const;
    std::span<const double> values() const;
    QCPGraph *graph() const { return m_graph; }

    // Recomputes the graph's points for the current x range and plot width.
    void refresh();

private:
    QCPGraph *m_graph;
    std::shared_ptr<const void> m_owner; // of the spans
    std::span<const double> m_keys;
    std::span<const double> m_values;
    MinMaxBlocks m_blocks; // of m_values
    double m_lo = 0.0, m_hi = -1.0; // the range last decimated for
    int m_columns = 0;
};

} // namespace rnnlab
