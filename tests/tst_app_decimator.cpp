// Min/max decimation of long curves (src/app/plots/decimator.h): every pixel
// column keeps its exact minimum and maximum, gaps stay gaps, zooming refines, and
// (labelled bench, skipped in the normal run) a redraw at 10M points is timed.
#include "plots/decimator.h"

#include <qcustomplot.h>

#include <QElapsedTimer>
#include <QtTest>

#include <cmath>
#include <cstdint>
#include <ctime>
#include <limits>
#include <random>

using namespace rnnlab;

class TestAppDecimator : public QObject
{
    Q_OBJECT
private slots:
    void keepsEachColumnsMinAndMax_data();
    void keepsEachColumnsMinAndMax();
    void smallRangesAreCopied();
    void gapsStayGaps();
    void blockSummaryIsTheDirectMinMax();
    void blocksGiveTheSameOutput_data();
    void blocksGiveTheSameOutput();
    void graphFollowsZoom();
    void redrawAt10M();
};

namespace {

// Column c is [lo + c * width, lo + (c + 1) * width), the last one closed.
std::size_t columnOf(double k, double lo, double width, int columns)
{
    int col = 0;
    while (col + 1 < columns && k >= lo + (col + 1) * width) {
        ++col;
    }
    return std::size_t(col);
}

struct Curve {
    std::vector<double> keys, values;
};

// A random walk with spikes, on keys with irregular spacing.
Curve walk(std::size_t n, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> step;
    std::uniform_real_distribution<double> gap(0.5, 1.5);
    Curve c;
    c.keys.resize(n);
    c.values.resize(n);
    double k = 0;
    double v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        k += gap(rng);
        v += step(rng);
        c.keys[i] = k;
        c.values[i] = (i % 997 == 0) ? v + 50.0 : v;
    }
    return c;
}

} // namespace

void TestAppDecimator::keepsEachColumnsMinAndMax_data()
{
    QTest::addColumn<int>("points");
    QTest::addColumn<int>("columns");
    QTest::addColumn<double>("from"); // the visible range, as fractions of the keys' span
    QTest::addColumn<double>("to");
    QTest::newRow("100k to 800 px, all") << 100000 << 800 << 0.0 << 1.0;
    QTest::newRow("100k to 333 px, a middle third") << 100000 << 333 << 0.3 << 0.63;
    QTest::newRow("5k to 1000 px, the start") << 5000 << 1000 << -0.1 << 0.8;
}

void TestAppDecimator::keepsEachColumnsMinAndMax()
{
    QFETCH(int, points);
    QFETCH(int, columns);
    QFETCH(double, from);
    QFETCH(double, to);
    const Curve c = walk(std::size_t(points), 7);
    const double span = c.keys.back() - c.keys.front();
    const double lo = c.keys.front() + from * span;
    const double hi = c.keys.front() + to * span;
    QVector<double> x;
    QVector<double> y;
    decimateMinMax(c.keys, c.values, lo, hi, columns, x, y);
    QVERIFY(x.size() <= 4 * columns + 2);
    QVERIFY(std::is_sorted(x.begin(), x.end()));
    // The reference: each column's min and max by brute force.
    const double width = (hi - lo) / columns;
    std::vector<double> mins(std::size_t(columns), std::numeric_limits<double>::infinity());
    std::vector<double> maxs(std::size_t(columns), -std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < c.keys.size(); ++i) {
        if (c.keys[i] < lo || c.keys[i] > hi) {
            continue;
        }
        const std::size_t col = columnOf(c.keys[i], lo, width, columns);
        mins[col] = std::min(mins[col], c.values[i]);
        maxs[col] = std::max(maxs[col], c.values[i]);
    }
    std::vector<double> gotMin(std::size_t(columns), std::numeric_limits<double>::infinity());
    std::vector<double> gotMax(std::size_t(columns), -std::numeric_limits<double>::infinity());
    int outside = 0;
    for (int i = 0; i < x.size(); ++i) {
        if (x[i] < lo || x[i] > hi) {
            ++outside;
            continue;
        }
        const std::size_t col = columnOf(x[i], lo, width, columns);
        gotMin[col] = std::min(gotMin[col], y[i]);
        gotMax[col] = std::max(gotMax[col], y[i]);
        // Every kept point is a real point of the curve.
        const auto it = std::lower_bound(c.keys.begin(), c.keys.end(), x[i]);
        QVERIFY(it != c.keys.end() && *it == x[i]);
        QCOMPARE(c.values[std::size_t(it - c.keys.begin())], y[i]);
    }
    for (std::size_t k = 0; k < std::size_t(columns); ++k) {
        QCOMPARE(gotMin[k], mins[k]);
        QCOMPARE(gotMax[k], maxs[k]);
    }
    // One neighbour outside on each side that has points beyond the range.
    QCOMPARE(outside, (from > 0 ? 1 : 0) + (to < 1 ? 1 : 0));
}

void TestAppDecimator::smallRangesAreCopied()
{
    const Curve c = walk(1000, 3);
    QVector<double> x;
    QVector<double> y;
    decimateMinMax(c.keys, c.values, c.keys[100], c.keys[299], 100, x, y);
    // 200 points fit 100 columns' four points each: copied, plus one neighbour each side.
    QCOMPARE(x.size(), 202);
    QCOMPARE(x.front(), c.keys[99]);
    QCOMPARE(x.back(), c.keys[300]);
    QCOMPARE(y[1], c.values[100]);
}

void TestAppDecimator::gapsStayGaps()
{
    Curve c = walk(100000, 5);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 50000; i < 50300; ++i) {
        c.values[i] = nan;
    }
    QVector<double> x;
    QVector<double> y;
    const double lo = c.keys.front();
    const double hi = c.keys.back();
    decimateMinMax(c.keys, c.values, lo, hi, 500, x, y);
    int nans = 0;
    for (double v : y) {
        nans += std::isnan(v) ? 1 : 0;
    }
    // One NaN in each column the 300 missing points touch: the line breaks there.
    const double width = (hi - lo) / 500;
    const std::size_t gapColumns = columnOf(c.keys[50299], lo, width, 500) - columnOf(c.keys[50000], lo, width, 500) + 1;
    QCOMPARE(std::size_t(nans), gapColumns);
}

// Each block's summary against its points' min, max and first NaN read directly.
void TestAppDecimator::blockSummaryIsTheDirectMinMax()
{
    Curve c = walk(100000 + 77, 17); // a short last block
    for (std::size_t i = 0; i < c.values.size(); ++i) {
        c.values[i] = std::round(c.values[i] / 4.0); // ties: the first of equal extremes counts
    }
    for (std::size_t i = 3000; i < 3300; ++i) { // whole blocks of NaN and part-NaN ones
        c.values[i] = std::numeric_limits<double>::quiet_NaN();
    }
    c.values[9000] = std::numeric_limits<double>::quiet_NaN();
    const MinMaxBlocks m = MinMaxBlocks::of(c.values);
    const std::size_t B = MinMaxBlocks::kPoints;
    QCOMPARE(m.blocks.size(), (c.values.size() + B - 1) / B);
    for (std::size_t b = 0; b < m.blocks.size(); ++b) {
        std::size_t lowest = SIZE_MAX, highest = SIZE_MAX, nan = SIZE_MAX;
        for (std::size_t i = b * B; i < std::min(c.values.size(), (b + 1) * B); ++i) {
            const double v = c.values[i];
            if (std::isnan(v)) {
                nan = std::min(nan, i);
            } else {
                lowest = (lowest == SIZE_MAX || v < c.values[lowest]) ? i : lowest;
                highest = (highest == SIZE_MAX || v > c.values[highest]) ? i : highest;
            }
        }
        const auto at = [&](std::uint32_t k) { return k == MinMaxBlocks::kNone ? SIZE_MAX : b * B + k; };
        QCOMPARE(at(m.blocks[b].lowest), lowest);
        QCOMPARE(at(m.blocks[b].highest), highest);
        QCOMPARE(at(m.blocks[b].firstNaN), nan);
    }
}

void TestAppDecimator::blocksGiveTheSameOutput_data()
{
    QTest::addColumn<int>("columns");
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::newRow("1 column, all") << 1 << 0.0 << 1.0;
    QTest::newRow("7 columns, all") << 7 << 0.0 << 1.0;
    QTest::newRow("50 columns, a middle part") << 50 << 0.123 << 0.77;
    QTest::newRow("800 columns, all") << 800 << -0.01 << 1.01;
    QTest::newRow("1600 columns, the end") << 1600 << 0.5 << 1.2;
    QTest::newRow("300 columns, around the gap") << 300 << 0.28 << 0.32;
}

// With the block summary or without it, the decimated curve is the same, point for
// point (first, lowest, highest, last and first NaN of each column).
void TestAppDecimator::blocksGiveTheSameOutput()
{
    QFETCH(int, columns);
    QFETCH(double, from);
    QFETCH(double, to);
    Curve c = walk(1000000, 19);
    for (std::size_t i = 0; i < c.values.size(); ++i) {
        c.values[i] = std::round(c.values[i] / 8.0);
    }
    for (std::size_t i = 300000; i < 301000; ++i) {
        c.values[i] = std::numeric_limits<double>::quiet_NaN();
    }
    for (std::size_t i = 500000; i < 700000; i += 4099) {
        c.values[i] = std::numeric_limits<double>::quiet_NaN();
    }
    const MinMaxBlocks blocks = MinMaxBlocks::of(c.values);
    const double span = c.keys.back() - c.keys.front();
    const double lo = c.keys.front() + from * span;
    const double hi = c.keys.front() + to * span;
    QVector<double> x, y, bx, by;
    decimateMinMax(c.keys, c.values, lo, hi, columns, x, y);
    decimateMinMax(c.keys, c.values, lo, hi, columns, bx, by, &blocks);
    QVERIFY(x.size() > 2);
    QCOMPARE(bx, x); // keys: never NaN
    QCOMPARE(by.size(), y.size());
    for (int i = 0; i < y.size(); ++i) {
        QVERIFY2(std::isnan(y[i]) ? std::isnan(by[i]) : by[i] == y[i], qPrintable(QString::number(i)));
    }
    // And the summary is what is read: one that names each block's lowest point as its
    // highest too loses the columns' maxima.
    MinMaxBlocks wrong = blocks;
    for (MinMaxBlocks::Block &k : wrong.blocks) {
        k.highest = k.lowest;
    }
    decimateMinMax(c.keys, c.values, lo, hi, columns, bx, by, &wrong);
    QVERIFY(*std::max_element(by.begin(), by.end(), [](double a, double b) { return std::isnan(b) ? false : std::isnan(a) || a < b; })
            < *std::max_element(y.begin(), y.end(), [](double a, double b) { return std::isnan(b) ? false : std::isnan(a) || a < b; })
            || columns > 100);
}

void TestAppDecimator::graphFollowsZoom()
{
    QCustomPlot plot;
    plot.resize(900, 400);
    QCPGraph *g = plot.addGraph();
    auto *d = new DecimatedGraph(g);
    Curve c = walk(1000000, 11);
    const double first = c.keys.front();
    const double last = c.keys.back();
    d->setCurve(std::move(c.keys), std::move(c.values));
    QCOMPARE(d->size(), std::size_t(1000000));
    plot.rescaleAxes();
    // The whole curve's extent, though the graph holds only a few thousand points.
    QCOMPARE(plot.xAxis->range().lower, first);
    QCOMPARE(plot.xAxis->range().upper, last);
    QVERIFY(g->data()->size() <= 4 * std::max(200, plot.axisRect()->width()) + 2);
    plot.replot();
    const int wide = g->data()->size();
    QVERIFY(wide > 100);
    // Zoomed in to 500 points: all of them, as they are, plus the neighbours.
    const std::span<const double> k = d->keys();
    plot.xAxis->setRange(k[400000], k[400499]);
    QCOMPARE(g->data()->size(), 502);
    QCOMPARE(g->data()->at(1)->key, k[400000]);
    QCOMPARE(g->data()->at(1)->value, d->values()[400000]);
    d->clear();
    QCOMPARE(g->data()->size(), 0);
}

void TestAppDecimator::redrawAt10M()
{
    if (qEnvironmentVariableIsEmpty("RNNLAB_BENCH")) {
        QSKIP("benchmark: ctest -L bench -R plot_redraw, or scripts/bench-plot-redraw");
    }
    QCustomPlot plot;
    plot.resize(1600, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QCPGraph *g = plot.addGraph();
    g->setPen(QPen(Qt::blue, 0));
    g->setAntialiased(false);
    auto *d = new DecimatedGraph(g);
    Curve c = walk(10000000, 13);
    d->setCurve(std::move(c.keys), std::move(c.values));
    plot.rescaleAxes();
    plot.replot();
    const std::span<const double> k = d->keys();
    // Pan and zoom steps as a drag and a wheel make them: each one a range change
    // (decimation of the visible points) plus a full replot.
    const int steps = 20;
    // CPU time too: on a shared machine the wall time includes the neighbours' work.
    QElapsedTimer t;
    t.start();
    std::clock_t c0 = std::clock();
    for (int i = 0; i < steps; ++i) {
        const double span = (k.back() - k.front()) * (1.0 - 0.04 * i);
        const double lo = k.front() + 0.02 * i * (k.back() - k.front());
        plot.xAxis->setRange(lo, lo + span);
        plot.replot();
    }
    const double ms = double(t.nsecsElapsed()) / 1e6 / steps;
    const double cpuMs = 1000.0 * double(std::clock() - c0) / CLOCKS_PER_SEC / steps;
    std::printf("{\"bench\":\"plot_redraw\",\"points\":%zu,\"width_px\":%d,\"ms_per_redraw\":%.2f,\"cpu_ms_per_redraw\":%.2f,"
                "\"graph_points\":%d}\n",
                d->size(), plot.axisRect()->width(), ms, cpuMs, g->data()->size());
    // The same steps without decimation, for comparison: QCustomPlot's own adaptive sampling.
    QCPGraph *raw = plot.addGraph();
    raw->setPen(QPen(Qt::red, 0));
    raw->setAntialiased(false);
    raw->setAdaptiveSampling(true);
    {
        QVector<double> x(int(k.size()));
        QVector<double> y(int(k.size()));
        std::copy(k.begin(), k.end(), x.begin());
        std::copy(d->values().begin(), d->values().end(), y.begin());
        raw->setData(x, y, true);
    }
    g->setVisible(false);
    t.restart();
    c0 = std::clock();
    for (int i = 0; i < steps; ++i) {
        const double span = (k.back() - k.front()) * (1.0 - 0.04 * i);
        const double lo = k.front() + 0.02 * i * (k.back() - k.front());
        plot.xAxis->setRange(lo, lo + span);
        plot.replot();
    }
    const double rawMs = double(t.nsecsElapsed()) / 1e6 / steps;
    const double rawCpuMs = 1000.0 * double(std::clock() - c0) / CLOCKS_PER_SEC / steps;
    std::printf("{\"bench\":\"plot_redraw_qcp_adaptive\",\"points\":%zu,\"ms_per_redraw\":%.2f,\"cpu_ms_per_redraw\":%.2f}\n",
                k.size(), rawMs, rawCpuMs);
}

QTEST_MAIN(TestAppDecimator)
#include "tst_app_decimator.moc"
