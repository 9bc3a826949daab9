// Min/max decimation to pixel columns (see decimator.h).
#include "plots/decimator.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace rnnlab {

MinMaxBlocks MinMaxBlocks::of(std::span<const double> values)
{
    MinMaxBlocks m;
    const std::size_t n = values.size();
    m.blocks.resize((n + kPoints - 1) / kPoints);
    for (std::size_t b = 0; b < m.blocks.size(); ++b) {
        const std::size_t first = b * kPoints;
        const std::size_t end = std::min(n, first + kPoints);
        Block &k = m.blocks[b];
        for (std::size_t i = first; i < end; ++i) {
            const double v = values[i];
            const auto at = std::uint32_t(i - first);
            if (std::isnan(v)) {
                k.firstNaN = std::min(k.firstNaN, at);
            } else {
                // Strict comparisons keep the first of equal extremes, as the point-by-point scan does.
                if (k.lowest == kNone || v < values[first + k.lowest]) {
                    k.lowest = at;
                }
                if (k.highest == kNone || v > values[first + k.highest]) {
                    k.highest = at;
                }
            }
        }
    }
    return m;
}

void decimateMinMax(std::span<const double> keys, std::span<const double> values, double lo, double hi, int columns,
                    QVector<double> &outKeys, QVector<double> &outValues, const MinMaxBlocks *blocks)
{
    constexpr std::size_t B = MinMaxBlocks::kPoints;
    if (blocks && blocks->blocks.size() != (values.size() + B - 1) / B) {
        blocks = nullptr; // a summary of other values: read the points
    }
    outKeys.clear();
    outValues.clear();
    const std::size_t n = std::min(keys.size(), values.size());
    if (n == 0 || columns < 1) {
        return;
    }
    // [b, e): the points inside [lo, hi], widened by one on each side.
    std::size_t b = std::size_t(std::lower_bound(keys.begin(), keys.begin() + std::ptrdiff_t(n), lo) - keys.begin());
    std::size_t e = std::size_t(std::upper_bound(keys.begin(), keys.begin() + std::ptrdiff_t(n), hi) - keys.begin());
    const bool before = b > 0;
    const bool after = e < n;
    if (e - b <= std::size_t(4) * std::size_t(columns)) {
        b -= before ? 1 : 0;
        e += after ? 1 : 0;
        outKeys.reserve(int(e - b));
        outValues.reserve(int(e - b));
        for (std::size_t i = b; i < e; ++i) {
            outKeys.push_back(keys[i]);
            outValues.push_back(values[i]);
        }
        return;
    }
    outKeys.reserve(4 * columns + 2);
    outValues.reserve(4 * columns + 2);
    auto keep = [&](std::size_t i) {
        outKeys.push_back(keys[i]);
        outValues.push_back(values[i]);
    };
    if (before) {
        keep(b - 1);
    }
    const double width = (hi - lo) / columns;
    const double perKey = width > 0 ? 1.0 / width : 0.0;
    if (!(width > 0)) {
        columns = 1;
    }
    std::size_t i = b;
    while (i < e) {
        // The column of point i, and the first point past it.
        // Column c is [lo + c * width, lo + (c + 1) * width); the product may round
        // across a boundary, so settle it against the boundaries themselves.
        int col = std::min(columns - 1, int((keys[i] - lo) * perKey));
        while (col > 0 && keys[i] < lo + col * width) {
            --col;
        }
        while (col + 1 < columns && keys[i] >= lo + (col + 1) * width) {
            ++col;
        }
        const double colEnd = col + 1 >= columns ? std::numeric_limits<double>::infinity() : lo + (col + 1) * width;
        const std::size_t firstInColumn = i;
        std::size_t lowest = e;
        std::size_t highest = e;
        std::size_t firstNaN = e;
        // Point i always belongs here, even if rounding put it at the column's end.
        for (bool firstPoint = true; i < e && (firstPoint || keys[i] < colEnd); ++i, firstPoint = false) {
            // A whole block inside this column (and the range): its summary stands for
            // its points. Blocks come in key order, so strict comparisons still keep the
            // first of equal extremes.
            while (blocks && i % B == 0 && i + B <= e && keys[i + B - 1] < colEnd) {
                const MinMaxBlocks::Block &k = blocks->blocks[i / B];
                if (k.firstNaN != MinMaxBlocks::kNone) {
                    firstNaN = std::min(firstNaN, i + k.firstNaN);
                }
                if (k.lowest != MinMaxBlocks::kNone) {
                    if (lowest == e || values[i + k.lowest] < values[lowest]) {
                        lowest = i + k.lowest;
                    }
                    if (highest == e || values[i + k.highest] > values[highest]) {
                        highest = i + k.highest;
                    }
                }
                i += B;
                firstPoint = false;
            }
            if (i >= e || (!firstPoint && keys[i] >= colEnd)) {
                break;
            }
            const double v = values[i];
            if (std::isnan(v)) {
                firstNaN = std::min(firstNaN, i);
                continue;
            }
            if (lowest == e || v < values[lowest]) {
                lowest = i;
            }
            if (highest == e || v > values[highest]) {
                highest = i;
            }
        }
        // First, lowest, highest and last (M4): the line into and out of the column
        // and its vertical extent are exactly those of the full curve.
        // A missing first or last point is the column's one NaN point already.
        const std::size_t last = i - 1;
        std::size_t kept[5] = {std::isnan(values[firstInColumn]) ? e : firstInColumn, lowest, highest,
                               std::isnan(values[last]) ? e : last, firstNaN};
        std::sort(std::begin(kept), std::end(kept));
        for (std::size_t k = 0; k < 5 && kept[k] != e; ++k) {
            if (k == 0 || kept[k] != kept[k - 1]) {
                keep(kept[k]);
            }
        }
    }
    if (after) {
        keep(e);
    }
}

DecimatedGraph::DecimatedGraph(QCPGraph *graph) : QObject(graph), m_graph(graph)
{
    QCPAxis *x = graph->keyAxis();
    connect(x, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &DecimatedGraph::refresh);
    // A wider plot has more pixel columns: refill before the replot that shows it.
    // refresh() returns at once when neither changed.
    connect(graph->parentPlot(), &QCustomPlot::beforeReplot, this, &DecimatedGraph::refresh);
}

std::span<const double> DecimatedGraph::keys() const
{
    return m_keys;
}

std::span<const double> DecimatedGraph::values() const
{
    return m_values;
}

void DecimatedGraph::setCurve(std::vector<double> keys, std::vector<double> values)
{
    struct Both {
        std::vector<double> keys, values;
    };
    auto both = std::make_shared<const Both>(Both{std::move(keys), std::move(values)});
    setCurve(both, both->keys, both->values);
}

void DecimatedGraph::setCurve(std::shared_ptr<const void> owner, std::span<const double> keys,
                              std::span<const double> values)
{
    m_owner = std::move(owner);
    m_keys = keys;
    m_values = values.subspan(0, std::min(values.size(), keys.size()));
    m_keys = m_keys.subspan(0, m_values.size());
    // One pass over the values (about 10 ms for 10M points), once per curve.
    m_blocks = MinMaxBlocks::of(m_values);
    // The first fill covers the whole curve, so rescaleAxes() sees its true extent
    // (every column's min and max); the axis range that follows refines it.
    const int columns = std::max(200, m_graph->keyAxis()->axisRect()->width());
    QVector<double> x;
    QVector<double> y;
    if (!m_keys.empty()) {
        decimateMinMax(m_keys, m_values, m_keys.front(), m_keys.back(), columns, x, y, &m_blocks);
    }
    m_graph->setData(x, y, true);
    m_lo = 0.0;
    m_hi = -1.0; // refresh() on the next range change
    m_columns = columns;
}

void DecimatedGraph::clear()
{
    m_keys = {};
    m_values = {};
    m_owner.reset();
    m_blocks = {};
    m_columns = 0;
    m_graph->data()->clear();
}

void DecimatedGraph::refresh()
{
    if (size() == 0) {
        return;
    }
    const QCPRange r = m_graph->keyAxis()->range();
    // Columns the width of one pixel; before the first layout the axis rect is
    // tiny, so never fewer than a sensible minimum.
    const int columns = std::max(200, m_graph->keyAxis()->axisRect()->width());
    if (r.lower == m_lo && r.upper == m_hi && columns == m_columns) {
        return;
    }
    m_lo = r.lower;
    m_hi = r.upper;
    m_columns = columns;
    QVector<double> x;
    QVector<double> y;
    decimateMinMax(keys(), values(), r.lower, r.upper, columns, x, y, &m_blocks);
    m_graph->setData(x, y, true);
}

} // namespace rnnlab
