// How much memory a model or a training run will need, computed from the spec and
// the sizes alone (nothing is allocated), and the limits that decide whether it may
// run: above the hard limit a request is refused, above the soft limit the user is
// warned (CLI) or asked (GUI). An upper-bound estimate, not a measurement.
#pragma once
#include "nn/model_spec.h"

#include <cstdint>
#include <string>

namespace rnnlab {

struct MemoryLimits {
    std::uint64_t soft = 0; // warn / ask above this many bytes
    std::uint64_t hard = 0; // refuse above this many bytes
    // A third of the physical memory (soft) and 80% of it (hard): on a 24 GB machine
    // about 8 GB and 19 GB. RNNLAB_MEMORY_LIMITS="SOFT,HARD" (bytes) overrides, for
    // tests and for machines shared with other work.
    static MemoryLimits forThisMachine();
};

struct TrainingSize {
    int lookback = 1;
    int batch = 1;
    int threads = 1;
    long long windows = 0; // training + validation + test windows (their cached data)
    int members = 1;       // a seed ensemble's networks: all of them are built up front, the
                           // others with one thread each (trainMembers)
};

// Bytes of one Model<float> (weights and gradients) and of a whole training run
// (master and replicas, optimizer state, best weights, activations of a batch of
// `lookback` steps per replica, the spectral-radius work). Saturates instead of
// overflowing, so absurd sizes give absurd but finite answers.
double modelBytes(const ModelSpec &spec);
double trainingBytes(const ModelSpec &spec, const TrainingSize &size);

enum class MemoryVerdict { Ok, Warn, Refuse };
struct MemoryCheck {
    MemoryVerdict verdict = MemoryVerdict::Ok;
    std::string message; // empty when Ok; names the need and the limit
};
// `what` names the request in the message, e.g. "training lstm:10000,dense"; `remedy`
// ends a refusal.
MemoryCheck checkMemory(double bytesNeeded, const MemoryLimits &limits, const std::string &what,
                        const std::string &remedy = "make the model, lookback or batch smaller");
std::string formatBytes(double bytes); // "12.5 GB"
// What a memory message calls a training run: "training lstm:32,dense", with
// " x 5 ensemble members" for a seed ensemble.
std::string trainingDescription(const ModelSpec &spec, int members);

// Throws std::length_error with checkMemory's message when the need is above the
// hard limit; returns the check (Ok or Warn) otherwise.
MemoryCheck requireMemory(double bytesNeeded, const MemoryLimits &limits, const std::string &what,
                          const std::string &remedy = "make the model, lookback or batch smaller");

} // namespace rnnlab
