// The recommended data settings of each bundled sample series (its transform, target,
// inputs, lookback), applied when a sample is opened from the Samples menu or at
// start-up so the first training run makes sense. A file the user opens by path keeps
// the generic defaults: this is advice about our files, not a guess about theirs.
#pragma once
#include "data/windows.h"

#include <QString>

namespace rnnlab {

struct SampleRecommendation {
    DataConfig config; // the generic defaults with the recommended fields changed
    QString why;       // one sentence for the status bar
};

// requires: `config` is the panel's config right after loading the sample `fileName`
// (e.g. "airpassengers.csv"). Returns false, leaving `out` untouched, for a file that
// is not a bundled sample.
bool recommendSampleSettings(const QString &fileName, const DataConfig &config, SampleRecommendation &out);

} // namespace rnnlab
