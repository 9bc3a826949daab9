// Icons (see icons.h).
#include "icons.h"

#include <QFile>
#include <QImageReader>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

// The .qrc is compiled into the static rnnlab_app library, whose unreferenced
// resource object the linker would drop: register it explicitly, once. Outside any
// namespace, as Q_INIT_RESOURCE requires.
static void initResources()
{
    Q_INIT_RESOURCE(rnnlab);
}

namespace rnnlab {

namespace {
QPixmap paint(const QString &name, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 24.0, size / 24.0);
    p.setPen(Qt::NoPen);
    if (name == QLatin1String("start")) {
        p.setBrush(QColor(0x2e, 0x7d, 0x32));
        p.drawPolygon(QPolygonF({QPointF(7, 4), QPointF(20, 12), QPointF(7, 20)}));
    } else if (name == QLatin1String("pause")) {
        p.setBrush(QColor(0xef, 0x6c, 0x00));
        p.drawRect(QRectF(6, 4, 4, 16));
        p.drawRect(QRectF(14, 4, 4, 16));
    } else if (name == QLatin1String("resume")) {
        p.setBrush(QColor(0x2e, 0x7d, 0x32));
        p.drawRect(QRectF(4, 4, 3, 16));
        p.drawPolygon(QPolygonF({QPointF(10, 4), QPointF(21, 12), QPointF(10, 20)}));
    } else if (name == QLatin1String("step")) {
        p.setBrush(QColor(0x15, 0x65, 0xc0));
        p.drawPolygon(QPolygonF({QPointF(4, 4), QPointF(14, 12), QPointF(4, 20)}));
        p.drawRect(QRectF(16, 4, 3, 16));
    } else if (name == QLatin1String("stop")) {
        p.setBrush(QColor(0xc6, 0x28, 0x28));
        p.drawRoundedRect(QRectF(5, 5, 14, 14), 1.5, 1.5);
    } else if (name == QLatin1String("reset")) {
        p.setPen(QPen(QColor(0x45, 0x5a, 0x64), 2.5));
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(4, 4, 16, 16), 100 * 16, 290 * 16);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x45, 0x5a, 0x64));
        p.drawPolygon(QPolygonF({QPointF(2, 4), QPointF(9, 4), QPointF(6, 10)}));
    } else if (name == QLatin1String("open")) {
        p.setBrush(QColor(0xf9, 0xa8, 0x25));
        p.drawPolygon(QPolygonF({QPointF(2, 6), QPointF(9, 6), QPointF(11, 8), QPointF(22, 8), QPointF(22, 20), QPointF(2, 20)}));
    } else if (name == QLatin1String("save")) {
        p.setBrush(QColor(0x15, 0x65, 0xc0));
        p.drawRoundedRect(QRectF(3, 3, 18, 18), 2, 2);
        p.setBrush(QColor(0xe3, 0xf2, 0xfd));
        p.drawRect(QRectF(7, 3, 10, 7));
        p.drawRect(QRectF(6, 14, 12, 7));
    } else {
        p.setBrush(QColor(0x26, 0x32, 0x38));
        p.drawRoundedRect(QRectF(0.5, 0.5, 23, 23), 4.5, 4.5);
        QPainterPath wave;
        wave.moveTo(3, 16);
        wave.cubicTo(6, 7, 9, 7, 11.5, 13);
        wave.cubicTo(14, 19, 17, 19, 21, 6.5);
        p.setPen(QPen(QColor(0x4f, 0xc3, 0xf7), 1.6, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        p.drawPath(wave);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xff, 0xb3, 0x00));
        for (double x : {6.8, 12.0, 17.2}) {
            p.drawEllipse(QPointF(x, 19), 1.8, 1.8);
        }
    }
    return pm;
}
} // namespace

QIcon appIcon(const QString &name)
{
    static const bool svg = [] {
        initResources();
        return QImageReader::supportedImageFormats().contains("svg")
            && QFile::exists(QStringLiteral(":/icons/start.svg"));
    }();
    if (svg) {
        return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
    }
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64}) {
        icon.addPixmap(paint(name, size));
    }
    return icon;
}

} // namespace rnnlab
