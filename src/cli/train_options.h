// The data and training options of `train` (--data, --target, --lookback, --lr, --clip-norm,
// --seed ...), parsed into the engine's settings, so `compare` reads them exactly as `train`
// does. (`train` still parses its own copy; it can switch to this one in a pure refactor.)
#pragma once
#include "args.h"

#include "data/windows.h"
#include "nn/trainer.h"

#include <set>
#include <string>

namespace rnnlab::cli {

struct TrainOptions {
    std::string dataPath;  // --data, required
    std::string modelText; // --model, required; parsed once the data's feature count is known
    DataConfig data;
    TrainConfig train;     // train.threads from --threads (default 1)
};

// The valued options and flags parseTrainOptions reads (without train's --init, --save, --out).
const std::set<std::string> &trainValuedOptions();
const std::set<std::string> &trainFlagOptions();

// Throws ArgError naming the option and the value.
TrainOptions parseTrainOptions(const Args &args);

// The usage lines for these options (for --help texts).
extern const char *const kTrainOptionsUsage;

} // namespace rnnlab::cli
