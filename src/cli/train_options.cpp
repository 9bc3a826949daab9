// Parsing of train's data and training options (see train_options.h); the ranges and
// messages are train's.
#include "train_options.h"

#include <cmath>

namespace rnnlab::cli {

const char *const kTrainOptionsUsage =
    "  --data FILE [--target COL] [--inputs COL,COL] [--missing reject|interpolate|ffill|drop]\n"
    "  --model SPEC --lookback L [--horizon 1] [--stride 1] [--split 0.7,0.15,0.15]\n"
    "  [--normalize zscore|minmax|none] [--transform none|log|diff|logdiff|sdiff|logsdiff]\n"
    "  [--loss mse|mae|huber] [--optimizer adam|sgd|rmsprop]\n"
    "  [--lr 0.001] [--momentum 0] [--nesterov] [--weight-decay 0] [--batch 32] [--epochs 20]\n"
    "  [--no-shuffle] [--clip-norm X] [--clip-value X] [--tbptt K] [--gain 1] [--no-forget-bias]\n"
    "  [--patience P] [--seed 1]\n";

const std::set<std::string> &trainValuedOptions()
{
    static const std::set<std::string> names = {"data", "target", "inputs", "missing", "model", "lookback", "horizon",
                                                "stride", "split", "normalize", "transform", "loss", "optimizer", "lr",
                                                "momentum", "weight-decay", "batch", "epochs", "clip-norm",
                                                "clip-value", "tbptt", "gain", "patience", "seed", "threads"};
    return names;
}

const std::set<std::string> &trainFlagOptions()
{
    static const std::set<std::string> names = {"no-shuffle", "no-forget-bias", "nesterov"};
    return names;
}

TrainOptions parseTrainOptions(const Args &args)
{
    TrainOptions o;
    DataConfig &dc = o.data;
    dc.target = args.str("target", "");
    dc.inputs = args.list("inputs");
    dc.missing = parseChoice(args, "missing", "reject", missingPolicyFromString);
    dc.normalization = parseChoice(args, "normalize", "zscore", normalizationFromString);
    dc.transform = parseChoice(args, "transform", "none", transformFromString);
    dc.lookback = int(args.integer("lookback", 0, 1, 100000));
    if (!args.has("lookback")) {
        throw ArgError("--lookback is required");
    }
    dc.horizon = int(args.integer("horizon", 1, 1, 10000));
    dc.stride = int(args.integer("stride", 1, 1, 1000000));
    parseSplit(args, dc);

    o.train = parseTrainConfig(args, 20);
    o.modelText = args.required("model");
    o.dataPath = args.required("data");
    return o;
}

void parseSplit(const Args &args, DataConfig &dc)
{
    const std::vector<double> split = args.reals("split", {0.7, 0.15, 0.15});
    if (split.size() != 3) {
        throw ArgError("--split takes three fractions, e.g. 0.7,0.15,0.15");
    }
    if (split[0] <= 0 || split[1] < 0 || split[2] < 0 || std::abs(split[0] + split[1] + split[2] - 1.0) > 1e-6) {
        throw ArgError("--split: the fractions must be >= 0 (train > 0) and sum to 1, e.g. 0.7,0.15,0.15");
    }
    dc.trainFraction = split[0];
    dc.valFraction = split[1];
    dc.testFraction = split[2];
}

TrainConfig parseTrainConfig(const Args &args, int defaultEpochs)
{
    TrainConfig tc;
    tc.loss = parseChoice(args, "loss", "mse", lossFromString);
    tc.optimizer.kind = parseChoice(args, "optimizer", "adam", optimizerFromString);
    tc.optimizer.lr = args.real("lr", 1e-3, 1e-12, 1e6);
    tc.optimizer.momentum = args.real("momentum", 0.0, 0.0, 0.999999);
    tc.optimizer.nesterov = args.has("nesterov");
    tc.optimizer.weightDecay = args.real("weight-decay", 0.0, 0.0, 1e6);
    tc.batchSize = int(args.integer("batch", 32, 1, 10000000));
    tc.epochs = int(args.integer("epochs", defaultEpochs, 0, 10000000));
    tc.shuffle = !args.has("no-shuffle");
    if (args.has("clip-norm") && args.has("clip-value")) {
        throw ArgError("--clip-norm and --clip-value exclude each other");
    }
    if (args.has("clip-norm")) {
        tc.clip = ClipConfig{ClipKind::Norm, args.real("clip-norm", 1.0, 1e-12, 1e12)};
    } else if (args.has("clip-value")) {
        tc.clip = ClipConfig{ClipKind::Value, args.real("clip-value", 1.0, 1e-12, 1e12)};
    }
    tc.tbptt = int(args.integer("tbptt", 0, 0, 100000));
    tc.init.recurrentGain = args.real("gain", 1.0, 0.0, 1000.0);
    tc.init.forgetBias = !args.has("no-forget-bias");
    tc.patience = int(args.integer("patience", 0, 0, 1000000));
    tc.seed = (std::uint64_t)args.integer("seed", 1, 0, (1LL << 62));
    tc.threads = int(args.integer("threads", 1, 1, 1024));
    return tc;
}

} // namespace rnnlab::cli
