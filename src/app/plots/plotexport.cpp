// Saving plots (see plotexport.h).
#include "plots/plotexport.h"

#include "plots/plotstyle.h"

#include <qcustomplot.h>

#include <QFile>
#include <QFileInfo>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextStream>

#include <optional>

namespace rnnlab {

bool savePlotPng(QCustomPlot *plot, const QString &path)
{
    plot->replot(QCustomPlot::rpImmediateRefresh);
    return plot->savePng(path, kExportSize.width(), kExportSize.height(), 1.0);
}

bool savePlotPdf(QCustomPlot *plot, const QString &path)
{
    plot->replot(QCustomPlot::rpImmediateRefresh);
    return plot->savePdf(path, kExportPdfSize.width(), kExportPdfSize.height(), QCP::epNoCosmetic);
}

bool savePlotSvg(QCustomPlot *plot, const QString &path)
{
    // QCustomPlot has no SVG writer of its own; it draws onto any QPainter device.
    plot->replot(QCustomPlot::rpImmediateRefresh);
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(kExportSize);
    svg.setViewBox(QRect(QPoint(0, 0), kExportSize));
    svg.setTitle(plot->objectName());
    QCPPainter painter;
    if (!painter.begin(&svg)) {
        return false;
    }
    plot->toPainter(&painter, kExportSize.width(), kExportSize.height());
    return painter.end() && QFileInfo(path).size() > 0;
}

namespace {
QString csvField(QString s)
{
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"'))) {
        s.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
    return s;
}
} // namespace

bool savePlotCsv(QCustomPlot *plot, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error) {
            *error = QObject::tr("%1: cannot write: %2").arg(path, file.errorString());
        }
        return false;
    }
    QTextStream out(&file);
    // A time axis writes its keys as ISO 8601 times at the data's resolution.
    const QVariant kindProperty = plot->property(kTimeKindProperty);
    const auto kind = kindProperty.isValid() ? std::optional<TimeKind>(TimeKind(kindProperty.toInt())) : std::nullopt;
    const bool isoKeys = kind && (*kind == TimeKind::YearMonth || *kind == TimeKind::Date || *kind == TimeKind::DateTime);
    auto keyText = [&](double key) {
        return isoKeys ? formatTime(*kind, key) : QString::number(key, 'g', 12);
    };
    out << "curve," << csvField(plot->xAxis->label()).replace(QLatin1Char('\n'), QLatin1Char(' ')) << ','
        << csvField(plot->yAxis->label()) << ",z\n";
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph *g = plot->graph(i);
        const QString name = csvField(g->name());
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
            out << name << ',' << keyText(it->key) << ',' << QString::number(it->value, 'g', 10) << ",\n";
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
    if (!file.commit()) {
        if (error) {
            *error = QObject::tr("%1: cannot write: %2").arg(path, file.errorString());
        }
        return false;
    }
    return true;
}

void installPlotContextMenu(QCustomPlot *plot, const QString &name, QWidget *dialogParent)
{
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot, name, dialogParent](const QPoint &pos) {
        QMenu menu(plot);
        menu.addAction(QObject::tr("Save as PNG…"), plot, [=] {
            const QString path = QFileDialog::getSaveFileName(dialogParent, QObject::tr("Save plot"), name + QStringLiteral(".png"),
                                                              QObject::tr("PNG image (*.png)"));
            if (!path.isEmpty() && !savePlotPng(plot, path)) {
                QMessageBox::warning(dialogParent, QObject::tr("Save plot"), QObject::tr("Could not write %1").arg(path));
            }
        });
        menu.addAction(QObject::tr("Save as SVG…"), plot, [=] {
            const QString path = QFileDialog::getSaveFileName(dialogParent, QObject::tr("Save plot"), name + QStringLiteral(".svg"),
                                                              QObject::tr("SVG image (*.svg)"));
            if (!path.isEmpty() && !savePlotSvg(plot, path)) {
                QMessageBox::warning(dialogParent, QObject::tr("Save plot"), QObject::tr("Could not write %1").arg(path));
            }
        });
        menu.addAction(QObject::tr("Save as PDF…"), plot, [=] {
            const QString path = QFileDialog::getSaveFileName(dialogParent, QObject::tr("Save plot"), name + QStringLiteral(".pdf"),
                                                              QObject::tr("PDF document (*.pdf)"));
            if (!path.isEmpty() && !savePlotPdf(plot, path)) {
                QMessageBox::warning(dialogParent, QObject::tr("Save plot"), QObject::tr("Could not write %1").arg(path));
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
