// Checks `train` makes before the first epoch, so a run is never lost at its end:
// the memory the run needs (refused above the hard limit, warned above the soft
// one), and that --save and --out can be written (not a directory, writable, room).
#pragma once
#include "data/windows.h"
#include "nn/model_spec.h"
#include "nn/trainer.h"

#include <string>
#include <vector>

namespace rnnlab::cli {

// The files of a `train --out DIR` set.
const std::vector<std::string> &outputSetNames();

// Throws ArgError naming the limit, the path or the reason; warnings go to stderr.
void preflightTrain(const ModelSpec &spec, const TrainConfig &tc, const Windows &windows,
                    const std::string &savePath, const std::string &outDir, int members = 1);

} // namespace rnnlab::cli
