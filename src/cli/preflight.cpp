// The pre-flight checks of `train` (see preflight.h).
#include "preflight.h"

#include "args.h"

#include "io/atomic_file.h"
#include "io/output_set.h"
#include "nn/memory_estimate.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace rnnlab::cli {

const std::vector<std::string> &outputSetNames()
{
    static const std::vector<std::string> names {"metrics.csv", "gradnorms.csv", "model.json", "predictions.csv"};
    return names;
}

void preflightTrain(const ModelSpec &spec, const TrainConfig &tc, const Windows &windows,
                    const std::string &savePath, const std::string &outDir, int members)
{
    const long long windowCount = (long long)(windows.train.size() + windows.val.size() + windows.test.size());
    // A batch larger than the training split is the whole split (the usual "full batch").
    const int batch = int(std::min<long long>(tc.batchSize, std::max<long long>(1, (long long)windows.train.size())));
    const MemoryCheck mem = checkMemory(trainingBytes(spec, {windows.lookback, batch, tc.threads, windowCount, members}),
                                        MemoryLimits::forThisMachine(), trainingDescription(spec, members));
    if (mem.verdict == MemoryVerdict::Refuse) {
        throw ArgError(mem.message);
    }
    if (mem.verdict == MemoryVerdict::Warn) {
        std::fprintf(stderr, "rnnlab-cli train: warning: %s\n", mem.message.c_str());
    }
    // What the files will take, from what is known now: ~16 bytes per weight in
    // JSON, a CSV row per window and per epoch.
    const double modelFile = 16.0 * double(parameterCount(spec)) + 4096;
    const double sets = modelFile + 128.0 * double(windowCount)
        + double(tc.epochs) * (80.0 + 16.0 * windows.lookback * double(spec.layers.size()));
    try {
        if (!savePath.empty()) {
            checkWritableFile(savePath, std::uintmax_t(modelFile));
        }
    } catch (const FileWriteError &e) {
        throw ArgError(std::string("--save: ") + e.what());
    }
    try {
        if (!outDir.empty()) {
            OutputSet::check(outDir, outputSetNames(), std::uintmax_t(sets));
        }
    } catch (const FileWriteError &e) {
        throw ArgError(std::string("--out: ") + e.what());
    }
}

} // namespace rnnlab::cli
