// The data and training options of `train` (--data, --target, --lookback, --lr, --clip-norm,
// --seed ...), parsed into the engine's settings, so `compare` reads them exactly as `train`
// does: both commands call parseSplit and parseTrainConfig, `compare` through parseTrainOptions.
#pragma once
#include "args.h"

#include "data/windows.h"
#include "nn/trainer.h"

#include <set>
#include <stdexcept>
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

// The pieces both commands share. The training options (--loss ... --threads); `defaultEpochs`
// is the command's own (train: the early-stopping cap, compare: 20).
TrainConfig parseTrainConfig(const Args &args, int defaultEpochs);
// --split into the data config's three fractions.
void parseSplit(const Args &args, DataConfig &dc);

// The value of option `name` (or `def`) through fromString; its std::invalid_argument
// becomes an ArgError that names the option.
template <class F>
auto parseChoice(const Args &args, const char *name, const char *def, F fromString)
{
    try {
        return fromString(args.str(name, def));
    } catch (const std::invalid_argument &e) {
        throw ArgError(std::string("--") + name + ": " + e.what());
    }
}

// The usage lines for these options (for --help texts).
extern const char *const kTrainOptionsUsage;

} // namespace rnnlab::cli
