// The status line after a retrain: every logged number equal or where it first differs,
// and, when the run's data file is gone from its path (deleted or moved since it was
// read), that the retrain used the series in memory, which has the run's checksum.
#pragma once
#include "runs/run_record.h"

#include <QString>

namespace rnnlab {

// `difference`: firstDifference(original, retrain), empty when bit for bit equal.
QString retrainMessage(const RunRecord &original, const QString &difference);

} // namespace rnnlab
