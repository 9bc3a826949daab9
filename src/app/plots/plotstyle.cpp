// Shared plot looks (see plotstyle.h).
#include "plots/plotstyle.h"

#include "plots/axislabels.h"

#include "data/time_parse.h"

#include <qcustomplot.h>

#include <QDateTime>

#include <cmath>

namespace rnnlab {

QColor colors::cycle(int i)
{
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0xa0, 0x2c),
                                     QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
                                     QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22), QColor(0x17, 0xbe, 0xcf)};
    return palette[((i % 9) + 9) % 9];
}

void stylePlot(QCustomPlot *plot)
{
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setNoAntialiasingOnDrag(true);
    QFont small = plot->font();
    small.setPointSizeF(std::max(7.5, small.pointSizeF() - 1.0));
    plot->legend->setFont(small);
    plot->legend->setBrush(QColor(255, 255, 255, 220));
    plot->legend->setBorderPen(QPen(QColor(180, 180, 180)));
    plot->legend->setRowSpacing(-2);
    for (QCPAxis *axis : {plot->xAxis, plot->yAxis}) {
        axis->setTickLabelFont(small);
        axis->setLabelFont(plot->font());
        axis->grid()->setPen(QPen(QColor(225, 225, 225), 0, Qt::DotLine));
    }
    plot->axisRect()->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot] {
        fitLegend(plot);
        fitAxisLabels(plot);
    });
}

namespace {
const char *const kLegendHidden = "rnnlab_legendHidden"; // removed by fitLegend because empty
const char *const kLegendOnTop = "rnnlab_legendOnTop";   // placeLegendOnTop's, even while taken out
const char *const kFullLabel = "rnnlab_fullLabel";       // the title an axis was given
const char *const kFullFont = "rnnlab_fullLabelFont";
const char *const kShownLabel = "rnnlab_shownLabel";     // the title fitAxisLabels set
const char *const kShortLabel = "rnnlab_shortLabel";     // setShortAxisLabel

bool hasData(const QCPGraph *g)
{
    return !g->data()->isEmpty();
}
} // namespace

void fitLegend(QCustomPlot *plot)
{
    QCPLegend *legend = plot->legend;
    if (!legend->visible()) {
        return;
    }
    bool readd = false;
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph *g = plot->graph(i);
        const bool listed = legend->hasItemWithPlottable(g);
        if (listed && !hasData(g)) {
            g->removeFromLegend();
            g->setProperty(kLegendHidden, true);
        } else if (!listed && hasData(g) && g->property(kLegendHidden).toBool()) {
            readd = true;
        }
    }
    if (readd) {
        // Back in graph order: the window's own curves before other runs' overlays.
        QList<QCPGraph *> order;
        for (int i = 0; i < plot->graphCount(); ++i) {
            QCPGraph *g = plot->graph(i);
            if (legend->hasItemWithPlottable(g) || (hasData(g) && g->property(kLegendHidden).toBool())) {
                order << g;
                g->removeFromLegend();
            }
        }
        for (QCPGraph *g : order) {
            g->setProperty(kLegendHidden, false);
            g->addToLegend();
        }
    }
    // A legend in the plot's layout (placeLegendOnTop), not an inset: wrap it.
    QCPLayoutGrid *layout = plot->plotLayout();
    const bool inLayout = layout->hasElement(0, 0) && layout->element(0, 0) == legend;
    if (inLayout) {
        plot->setProperty(kLegendOnTop, true);
    }
    if (!plot->property(kLegendOnTop).toBool()) {
        return;
    }
    // An empty legend's maximum width (its margins) would cap the column it shares with
    // the axis rect, squeezing the plot to a sliver: out of the layout while empty.
    if (legend->itemCount() == 0) {
        if (inLayout) {
            layout->take(legend);
            layout->simplify();
        }
        return;
    }
    if (!inLayout) {
        layout->insertRow(0);
        layout->addElement(0, 0, legend);
    }
    QList<int> widths;
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (QCPAbstractLegendItem *item = legend->item(i)) {
            widths << item->minimumOuterSizeHint().width();
        }
    }
    const int available = plot->viewport().width() - legend->margins().left() - legend->margins().right() - 4;
    // The most entries per row whose columns (each as wide as its widest entry) fit.
    int perRow = std::max(1, int(widths.size()));
    for (; perRow > 1; --perRow) {
        QList<int> columns(perRow, 0);
        for (int i = 0; i < widths.size(); ++i) {
            columns[i % perRow] = std::max(columns[i % perRow], widths[i]);
        }
        int total = legend->columnSpacing() * (perRow - 1);
        for (int c : columns) {
            total += c;
        }
        if (total <= available) {
            break;
        }
    }
    if (legend->wrap() != perRow || legend->columnCount() > perRow) {
        legend->setWrap(perRow);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    }
}

void setShortAxisLabel(QCPAxis *axis, const QString &label)
{
    axis->setProperty(kShortLabel, label);
}

namespace {
// The title of `axis` that fits `length` pixels: the full one, in a smaller font, the
// short one (setShortAxisLabel, else the full one without its trailing parenthesis).
void fitAxisLabel(QCPAxis *axis, int length)
{
    // The title given by the code, unless it is the one set here.
    if (axis->label() != axis->property(kShownLabel).toString()) {
        axis->setProperty(kFullLabel, axis->label());
        axis->setProperty(kFullFont, axis->labelFont());
    }
    const QString full = axis->property(kFullLabel).toString();
    if (full.isEmpty() || !axis->visible() || length <= 0) {
        return;
    }
    const QFont base = axis->property(kFullFont).value<QFont>();
    QString shortLabel = axis->property(kShortLabel).toString();
    if (shortLabel.isEmpty()) {
        shortLabel = full;
        const qsizetype paren = full.lastIndexOf(QLatin1String(" ("));
        if (paren > 0 && full.endsWith(QLatin1Char(')'))) {
            shortLabel = full.left(paren);
        }
    }
    QFont small = base;
    small.setPointSizeF(std::max(7.0, base.pointSizeF() - 1.5));
    auto fits = [&](const QString &t, const QFont &f) { return QFontMetrics(f).horizontalAdvance(t) <= length; };
    QString text = shortLabel;
    QFont font = small;
    if (fits(full, base)) {
        text = full;
        font = base;
    } else if (fits(full, small)) {
        text = full;
    } else if (fits(shortLabel, base)) {
        font = base;
    }
    axis->setProperty(kShownLabel, text);
    if (axis->label() != text) {
        axis->setLabel(text);
    }
    if (axis->labelFont() != font) {
        axis->setLabelFont(font);
    }
}
} // namespace

void fitAxisLabels(QCustomPlot *plot)
{
    for (QCPAxisRect *rect : plot->axisRects()) {
        for (QCPAxis *axis : rect->axes(QCPAxis::atLeft | QCPAxis::atRight)) {
            fitAxisLabel(axis, rect->height() - 4);
        }
    }
    // A colour scale's title runs along its bar.
    for (QCPLayoutElement *el : plot->plotLayout()->elements(false)) {
        if (auto *scale = qobject_cast<QCPColorScale *>(el); scale && scale->type() == QCPAxis::atRight) {
            fitAxisLabel(scale->axis(), scale->rect().height() - 4);
        }
    }
}

namespace {
// Date ticks labelled by what their spacing resolves: years, months or days.
class AdaptiveDateTicker : public QCPAxisTickerDateTime {
protected:
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision) override
    {
        Q_UNUSED(locale)
        Q_UNUSED(formatChar)
        Q_UNUSED(precision)
        // The spacing of the ticks picks the resolution: years, months, days, minutes.
        const TimeResolution r = m_lastStep >= 360.0 * 86400.0 ? TimeResolution::Year
            : m_lastStep >= 27.0 * 86400.0                      ? TimeResolution::Month
            : m_lastStep >= 86400.0                             ? TimeResolution::Day
            : m_lastStep >= 60.0                                ? TimeResolution::Minute
                                                                : TimeResolution::Second;
        return QString::fromStdString(formatTime(tick, TimeKind::DateTime, r, m_utc));
    }
    double getTickStep(const QCPRange &range) override
    {
        m_lastStep = QCPAxisTickerDateTime::getTickStep(range);
        // The base ticker allows 2.5-year steps, which read badly as whole years.
        const double year = 86400.0 * 30.4375 * 12.0;
        if (m_lastStep >= year) {
            const double years = m_lastStep / year;
            const double magnitude = std::pow(10.0, std::floor(std::log10(years)));
            const double m = years / magnitude;
            m_lastStep = (m < 1.5 ? 1.0 : m < 3.5 ? 2.0 : m < 7.5 ? 5.0 : 10.0) * magnitude * year;
        }
        return m_lastStep;
    }

public:
    bool m_utc = false; // the data carried offsets: sub-day labels end in Z

private:
    double m_lastStep = 0;
};
} // namespace

void placeLegendOnTop(QCustomPlot *plot)
{
    plot->legend->setVisible(true);
    if (plot->plotLayout()->rowCount() > 1 && plot->plotLayout()->element(0, 0) == plot->legend) {
        return;
    }
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setMargins(QMargins(4, 0, 4, 0));
    plot->legend->setColumnSpacing(10);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->plotLayout()->setRowSpacing(0);
}

namespace {
class LogTicker : public QCPAxisTicker {
public:
    explicit LogTicker(QCPAxis *axis)
        : m_axis(axis)
    {
    }

    void generate(const QCPRange &range, const QLocale &locale, QChar formatChar, int precision, QVector<double> &ticks,
                  QVector<double> *subTicks, QVector<QString> *tickLabels) override
    {
        ticks.clear();
        if (subTicks) {
            subTicks->clear();
        }
        if (tickLabels) {
            tickLabels->clear();
        }
        if (!(range.lower > 0) || !(range.upper > range.lower) || !std::isfinite(range.upper)) {
            return;
        }
        const int length = m_axis && m_axis->axisRect()
            ? (m_axis->orientation() == Qt::Vertical ? m_axis->axisRect()->height() : m_axis->axisRect()->width())
            : 200;
        const int maxLabels = std::max(2, length / (m_axis && m_axis->orientation() == Qt::Horizontal ? 60 : 26));
        const int e0 = int(std::floor(std::log10(range.lower)));
        const int e1 = int(std::ceil(std::log10(range.upper)));
        auto collect = [&](const std::vector<int> &mantissas, int every, QVector<double> &out) {
            out.clear();
            for (int e = e0; e <= e1; ++e) {
                if (((e % every) + every) % every != 0) {
                    continue;
                }
                for (int m : mantissas) {
                    const double v = m * std::pow(10.0, e);
                    if (v >= range.lower * (1 - 1e-9) && v <= range.upper * (1 + 1e-9)) {
                        out << v;
                    }
                }
            }
        };
        collect({1, 2, 5}, 1, ticks);
        bool decadesOnly = false;
        if (ticks.size() > maxLabels) {
            decadesOnly = true;
            for (int every = 1; every <= 64; every *= 2) {
                collect({1}, every, ticks);
                if (ticks.size() <= maxLabels) {
                    if (subTicks && every == 1) {
                        collect({2, 3, 4, 5, 6, 7, 8, 9}, 1, *subTicks);
                    }
                    break;
                }
            }
        }
        if (ticks.size() < 2 && !decadesOnly) {
            // Less than a factor of two in view: linear ticks read best.
            QCPAxisTicker::generate(range, locale, formatChar, precision, ticks, subTicks, tickLabels);
            return;
        }
        if (tickLabels) {
            for (double v : ticks) {
                *tickLabels << (v >= 1e-3 && v < 1e4 ? locale.toString(v, 'g', 3) : locale.toString(v, 'e', 0));
            }
        }
    }

private:
    QCPAxis *m_axis;
};
} // namespace

void setLogAxis(QCPAxis *axis)
{
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(QSharedPointer<LogTicker>::create(axis));
    // 'g' with beautiful powers: the painter draws "2e-05" as 2·10⁻⁵.
    axis->setNumberFormat(QStringLiteral("gb"));
    axis->setNumberPrecision(3);
}

void styleGraphFor(QCPGraph *graph, std::size_t points, const QPen &pen)
{
    // Past about a thousand points an antialiased, wide pen is stroked as an outline and
    // one redraw takes a large part of a second under Xvfb: one-pixel lines instead.
    constexpr std::size_t kManyPoints = 1000;
    const bool many = points > kManyPoints;
    QPen p = pen;
    if (many) {
        p.setWidthF(0); // cosmetic: always one device pixel, drawn as lines, not stroked outlines
    }
    graph->setPen(p);
    graph->setAntialiased(!many);
    graph->setAdaptiveSampling(true);
}

void setGraphData(QCPGraph *graph, const QVector<double> &x, const QVector<double> &y, const QPen &pen)
{
    styleGraphFor(graph, std::size_t(x.size()), pen);
    graph->setData(x, y, true);
}

void setIntegerTicks(QCPAxis *axis)
{
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    ticker->setTickCount(6);
    axis->setTicker(ticker);
}

QString timeAxisLabel(const Series &series)
{
    // The column's name, and its unit only when the name does not already say it:
    // "date", "year", "decimal_year", "time (s)", never "date (date)".
    const QString name = QString::fromStdString(series.timeName);
    const QString lower = name.toLower();
    switch (series.timeKind) {
    case TimeKind::Index: return name.isEmpty() ? QStringLiteral("row") : name + QStringLiteral(" (step)");
    case TimeKind::Year:
    case TimeKind::DecimalYear:
        if (name.isEmpty()) {
            return QStringLiteral("year");
        }
        return lower.contains(QLatin1String("year")) ? name : QStringLiteral("%1 (year)").arg(name);
    case TimeKind::YearMonth:
    case TimeKind::Date:
    case TimeKind::DateTime:
        // The tick labels are calendar dates: they carry the unit. Times the file gave
        // with offsets (or as Unix time) are shown in UTC, and the axis says so.
        return (name.isEmpty() ? QStringLiteral("date") : name) + (series.utc ? QStringLiteral(" (UTC)") : QString());
    case TimeKind::Seconds:
        if (name.isEmpty()) {
            return QStringLiteral("time (s)");
        }
        return lower.contains(QLatin1String("sec")) || lower.endsWith(QLatin1String("_s")) || lower.contains(QLatin1String("(s)"))
            ? name
            : QStringLiteral("%1 (s)").arg(name);
    }
    return {};
}

void setupTimeAxis(QCPAxis *axis, const Series &series)
{
    switch (series.timeKind) {
    case TimeKind::YearMonth:
    case TimeKind::Date:
    case TimeKind::DateTime: {
        auto ticker = QSharedPointer<AdaptiveDateTicker>::create();
        ticker->setDateTimeSpec(Qt::UTC);
        ticker->m_utc = series.utc;
        ticker->setTickCount(5);
        axis->setTicker(ticker);
        break;
    }
    default: {
        auto ticker = QSharedPointer<QCPAxisTicker>::create();
        ticker->setTickCount(5);
        axis->setTicker(ticker);
        axis->setNumberFormat(QStringLiteral("gb"));
        axis->setNumberPrecision(6);
        break;
    }
    }
    axis->setLabel(timeAxisLabel(series));
}

QString timeReadout(const Series &series, double t)
{
    switch (series.timeKind) {
    case TimeKind::Seconds: return QStringLiteral("%1 s").arg(t, 0, 'g', 6);
    case TimeKind::Index: return QStringLiteral("row %1").arg(std::llround(t));
    case TimeKind::DecimalYear: return QString::number(t, 'f', 3);
    default: return QString::fromStdString(formatTime(series, t));
    }
}

QCPItemRect *addSpan(QCustomPlot *plot, double x0, double x1, const QColor &color, const QString &label)
{
    auto *rect = new QCPItemRect(plot);
    rect->setLayer(QStringLiteral("background"));
    rect->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
    rect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    rect->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
    rect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    rect->topLeft->setCoords(x0, 0);
    rect->bottomRight->setCoords(x1, 1);
    QColor fill = color;
    fill.setAlpha(28);
    rect->setBrush(fill);
    rect->setPen(Qt::NoPen);
    rect->setClipToAxisRect(true);
    rect->setSelectable(false);

    auto *text = new QCPItemText(plot);
    text->setLayer(QStringLiteral("background"));
    text->position->setParentAnchorX(rect->top);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(0, 0.01);
    text->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
    text->setText(label);
    QColor tc = color.darker(130);
    text->setColor(tc);
    QFont f = plot->font();
    f.setPointSizeF(std::max(7.0, f.pointSizeF() - 1.5));
    text->setFont(f);
    text->setClipToAxisRect(true);
    text->setSelectable(false);
    return rect;
}

} // namespace rnnlab
