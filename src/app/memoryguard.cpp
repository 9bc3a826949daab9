// The window's memory check (see memoryguard.h).
#include "memoryguard.h"

#include "nn/memory_estimate.h"

#include <QMessageBox>

#include <algorithm>
#include <iostream>

namespace rnnlab {

bool confirmJobMemory(QWidget *parent, const TrainingJob &job, bool interactive, QString *error)
{
    const long long windows = job.series.rows(); // at most one window per row
    const int batch = int(std::min<long long>(job.train.batchSize, std::max<long long>(1, windows)));
    const double bytes = trainingBytes(job.spec, {job.data.lookback, batch, job.train.threads, windows, job.ensemble});
    const MemoryCheck check = checkMemory(bytes, MemoryLimits::forThisMachine(), trainingDescription(job.spec, job.ensemble));
    const QString message = QString::fromStdString(check.message);
    if (check.verdict == MemoryVerdict::Ok) {
        return true;
    }
    if (check.verdict == MemoryVerdict::Warn && interactive) {
        const auto answer = QMessageBox::question(parent, QObject::tr("Large model"),
                                                  message + QObject::tr(".\n\nTrain anyway?"),
                                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer == QMessageBox::Yes) {
            return true;
        }
        *error = QObject::tr("Not started: %1").arg(message);
        return false;
    }
    if (!interactive) {
        std::cerr << "rnnlab: " << (check.verdict == MemoryVerdict::Warn ? "not confirmed without a user: " : "")
                  << check.message << "\n";
    }
    *error = message;
    return false;
}

} // namespace rnnlab
