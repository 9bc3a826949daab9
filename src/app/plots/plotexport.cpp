// Saving plots (see plotexport.h).
#include "plots/plotexport.h"

#include "plots/decimator.h"

#include "plots/plotstyle.h"
#include "io/atomic_file.h"

#include <qcustomplot.h>

#include <QBuffer>
#include <QHash>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QPageLayout>
#include <QPdfWriter>
#include <QPixmap>
#include <QSvgGenerator>
#include <QTextStream>

#include <optional>

namespace rnnlab {

bool writeBytesAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    try {
        writeFileAtomically(path.toStdString(), std::string_view(bytes.constData(), std::size_t(bytes.size())));
        return true;
    } catch (const std::exception &e) {
        if (error) {
            *error = QString::fromStdString(e.what());
        }
        return false;
    }
}

namespace {
bool renderFailed(const QString &path, const char *format, QString *error)
{
    if (error) {
        *error = QObject::tr("%1: cannot render the %2").arg(path, QLatin1String(format));
    }
    return false;
}
} // namespace

bool savePixmapPng(const QPixmap &pixmap, const QString &path, QString *error)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly) || !pixmap.save(&buffer, "PNG")) {
        return renderFailed(path, "PNG image", error);
    }
    return writeBytesAtomically(path, bytes, error);
}

bool savePlotPng(QCustomPlot *plot, const QString &path, QString *error)
{
    plot->replot(QCustomPlot::rpImmediateRefresh);
    return savePixmapPng(plot->toPixmap(kExportSize.width(), kExportSize.height(), 1.0), path, error);
}

bool savePlotPdf(QCustomPlot *plot, const QString &path, QString *error)
{
    plot->replot(QCustomPlot::rpImmediateRefresh);
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter pdf(&buffer);
        pdf.setTitle(plot->objectName());
        pdf.setCreator(QStringLiteral("RNN Lab"));
        // A fixed page (kExportPdfSize points) drawn as that many pixels at 96 dpi, so text
        // and lines keep their on-screen proportions whatever the plot's size on screen.
        const int dpi = 96;
        const QSize pixels(kExportPdfSize.width() * dpi / 72, kExportPdfSize.height() * dpi / 72);
        pdf.setResolution(dpi);
        QPageLayout layout;
        layout.setMode(QPageLayout::FullPageMode);
        layout.setOrientation(QPageLayout::Portrait);
        layout.setMargins(QMarginsF(0, 0, 0, 0));
        layout.setPageSize(QPageSize(kExportPdfSize, QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageLayout(layout);
        QCPPainter painter;
        if (!painter.begin(&pdf)) {
            return renderFailed(path, "PDF document", error);
        }
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        painter.setMode(QCPPainter::pmNonCosmetic);
        plot->toPainter(&painter, pixels.width(), pixels.height());
        if (!painter.end()) {
            return renderFailed(path, "PDF document", error);
        }
    }
    return writeBytesAtomically(path, bytes, error);
}

bool savePlotSvg(QCustomPlot *plot, const QString &path, QString *error)
{
    // QCustomPlot has no SVG writer of its own; it draws onto any QPainter device.
    plot->replot(QCustomPlot::rpImmediateRefresh);
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(kExportSize);
        svg.setViewBox(QRect(QPoint(0, 0), kExportSize));
        svg.setTitle(plot->objectName());
        QCPPainter painter;
        if (!painter.begin(&svg)) {
            return renderFailed(path, "SVG image", error);
        }
        plot->toPainter(&painter, kExportSize.width(), kExportSize.height());
        if (!painter.end() || bytes.isEmpty()) {
            return renderFailed(path, "SVG image", error);
        }
    }
    return writeBytesAtomically(path, bytes, error);
}

namespace {
QHash<const QCustomPlot *, std::function<QString(double)>> &keyFormatters()
{
    static QHash<const QCustomPlot *, std::function<QString(double)>> formatters;
    return formatters;
}

QString csvField(QString s)
{
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"'))) {
        s.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
    return s;
}
} // namespace

void setCsvKeyFormatter(QCustomPlot *plot, std::function<QString(double)> format)
{
    if (!keyFormatters().contains(plot)) {
        QObject::connect(plot, &QObject::destroyed, [plot] { keyFormatters().remove(plot); });
    }
    keyFormatters().insert(plot, std::move(format));
}

bool savePlotCsv(QCustomPlot *plot, const QString &path, QString *error)
{
    const std::function<QString(double)> keyText = keyFormatters().value(plot);
    QByteArray bytes;
    QBuffer file(&bytes);
    file.open(QIODevice::WriteOnly | QIODevice::Text);
    QTextStream out(&file);
    out << "curve," << csvField(plot->xAxis->label()).replace(QLatin1Char('\n'), QLatin1Char(' ')) << ','
        << csvField(plot->yAxis->label()) << ",z\n";
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph *g = plot->graph(i);
        const QString name = csvField(g->name());
        auto row = [&](double key, double value) {
            out << name << ',' << (keyText ? csvField(keyText(key)) : QString::number(key, 'g', 12)) << ','
                << QString::number(value, 'g', 10) << ",\n";
        };
        // A decimated curve shows a few points per pixel; the file gets all of them.
        if (const auto *full = g->findChild<DecimatedGraph *>(QString(), Qt::FindDirectChildrenOnly)) {
            for (std::size_t k = 0; k < full->size(); ++k) {
                row(full->keys()[k], full->values()[k]);
            }
            continue;
        }
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
            row(it->key, it->value);
        }
    }
    for (int i = 0; i < plot->plottableCount(); ++i) {
        auto *map = qobject_cast<QCPColorMap *>(plot->plottable(i));
        if (!map) {
            continue;
        }
        const QString name = csvField(map->name());
        QCPColorMapData *d = map->data();
        for (int k = 0; k < d->keySize(); ++k) {
            for (int v = 0; v < d->valueSize(); ++v) {
                double key = 0;
                double value = 0;
                d->cellToCoord(k, v, &key, &value);
                out << name << ',' << key << ',' << value << ',' << QString::number(d->cell(k, v), 'g', 10) << '\n';
            }
        }
    }
    out.flush();
    file.close();
    return writeBytesAtomically(path, bytes, error);
}

void installPlotContextMenu(QCustomPlot *plot, const QString &name, QWidget *dialogParent)
{
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot, name, dialogParent](const QPoint &pos) {
        QMenu menu(plot);
        menu.addAction(QObject::tr("Save as PNG…"), plot, [=] {
            const QString path = QFileDialog::getSaveFileName(dialogParent, QObject::tr("Save plot"), name + QStringLiteral(".png"),
                                                              QObject::tr("PNG image (*.png)"));
            QString error;
            if (!path.isEmpty() && !savePlotPng(plot, path, &error)) {
                QMessageBox::warning(dialogParent, QObject::tr("Save plot"), error);
            }
        });
        menu.addAction(QObject::tr("Save as SVG…"), plot, [=] {
            const QString path = QFileDialog::getSaveFileName(dialogParent, QObject::tr("Save plot"), name + QStringLiteral(".svg"),
                                                              QObject::tr("SVG image (*.svg)"));
            QString error;
            if (!path.isEmpty() && !savePlotSvg(plot, path, &error)) {
                QMessageBox::warning(dialogParent, QObject::tr("Save plot"), error);
            }
        });
        menu.addAction(QObject::tr("Save as PDF…"), plot, [=] {
            const QString path = QFileDialog::getSaveFileName(dialogParent, QObject::tr("Save plot"), name + QStringLiteral(".pdf"),
                                                              QObject::tr("PDF document (*.pdf)"));
            QString error;
            if (!path.isEmpty() && !savePlotPdf(plot, path, &error)) {
                QMessageBox::warning(dialogParent, QObject::tr("Save plot"), error);
            }
        });
        menu.addAction(QObject::tr("Save data as CSV…"), plot, [=] {
            const QString path = QFileDialog::getSaveFileName(dialogParent, QObject::tr("Save plot data"), name + QStringLiteral(".csv"),
                                                              QObject::tr("CSV (*.csv)"));
            QString error;
            if (!path.isEmpty() && !savePlotCsv(plot, path, &error)) {
                QMessageBox::warning(dialogParent, QObject::tr("Save plot data"), error);
            }
        });
        menu.addSeparator();
        menu.addAction(QObject::tr("Fit to data"), plot, [plot] {
            plot->rescaleAxes(true);
            plot->replot();
        });
        menu.exec(plot->mapToGlobal(pos));
    });
}

} // namespace rnnlab
