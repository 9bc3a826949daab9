// applyAutoTransform: a Qt face on chooseTransform.
#include "filedefaults.h"

#include "data/auto_transform.h"

#include <QCoreApplication>

namespace rnnlab {

QString applyAutoTransform(const Series &series, DataConfig &config)
{
    try {
        const TransformChoice c = chooseTransform(series, config);
        config.transform = c.transform;
        config.windowNorm = c.windowNorm;
        return QCoreApplication::translate("FileDefaults", "Transform auto: %1.").arg(QString::fromStdString(c.reason));
    } catch (const std::exception &e) {
        return QCoreApplication::translate("FileDefaults", "Transform auto: not decided (%1).").arg(QString::fromUtf8(e.what()));
    }
}

} // namespace rnnlab
