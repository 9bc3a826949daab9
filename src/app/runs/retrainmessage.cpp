#include "runs/retrainmessage.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace rnnlab {

QString retrainMessage(const RunRecord &original, const QString &difference)
{
    const auto tr = [](const char *s) { return QCoreApplication::translate("MainWindow", s); };
    const QString name = QString::fromStdString(original.name);
    QString text = difference.isEmpty()
        ? tr("Retrain of \u201c%1\u201d: every logged number equal, bit for bit.").arg(name)
        : tr("Retrain of \u201c%1\u201d differs first in %2.").arg(name, difference);
    // Generated data has no file (and no checksum); a file's run was checked against the
    // data shown before it started, so only the file on disk can be missing here.
    const QString file = QString::fromStdString(original.settings.data.file);
    if (!original.settings.data.checksum.empty() && !QFileInfo(file).isFile()) {
        text += QLatin1Char(' ')
            + tr("Its data file %1 no longer exists: retrained on the series read from it when it was opened.").arg(file);
    }
    return text;
}

} // namespace rnnlab
