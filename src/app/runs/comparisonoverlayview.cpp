// The comparison tab's plots (see comparisonoverlayview.h).
#include "runs/comparisonoverlayview.h"

#include "report/runoverlayplots.h"

#include <qcustomplot.h>

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace rnnlab {

ComparisonOverlayView::ComparisonOverlayView(QWidget *parent)
    : QWidget(parent)
    , m_grid(new QGridLayout(this))
    , m_hint(new QLabel(tr("No comparison yet. Compare > Compare cells, Clipping A/B or Gain sweep trains several "
                           "runs at once and draws them here, one colour each."),
                        this))
{
    m_hint->setWordWrap(true);
    m_hint->setAlignment(Qt::AlignCenter);
    m_grid->addWidget(m_hint, 0, 0, 2, 2);
    for (int k = 0; k < 2; ++k) {
        m_grid->setColumnStretch(k, 1);
        m_grid->setRowStretch(k, 1);
    }
}

void ComparisonOverlayView::setRuns(const std::vector<RunRecord> &runs)
{
    for (QWidget *w : m_cells) {
        delete w;
    }
    m_cells.clear();
    m_plots.clear();
    m_hint->setVisible(runs.empty());
    if (runs.empty()) {
        return;
    }
    const QList<RunOverlayPlot> plots = makeRunOverlayPlots(runs, this, 400, 240);
    for (int i = 0; i < plots.size(); ++i) {
        auto *cell = new QWidget(this);
        auto *box = new QVBoxLayout(cell);
        box->setContentsMargins(2, 2, 2, 2);
        box->setSpacing(0);
        auto *title = new QLabel(QStringLiteral("<b>%1</b>").arg(plots[i].title.toHtmlEscaped()), cell);
        title->setWordWrap(true);
        QCustomPlot *plot = plots[i].plot;
        plot->setParent(cell);
        plot->setMinimumSize(200, 140);
        // Half the report's width: fewer legend entries per row, so no run name is cut
        // off (loss and norm plots: a run's two curves per row; the others: three runs).
        plot->legend->setWrap(i == 0 || i == 2 ? 2 : 3);
        plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true); // rearranges to the new wrap
        plot->replot();
        box->addWidget(title);
        box->addWidget(plot, 1);
        m_grid->addWidget(cell, i / 2, i % 2);
        m_cells << cell;
        m_plots << plots[i].plot;
    }
}

} // namespace rnnlab
