// The memory estimate (see memory_estimate.h). Doubles throughout: a product of
// user sizes can pass 2^63, and an estimate needs no integer exactness.
#include "nn/memory_estimate.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <unistd.h>

namespace rnnlab {

MemoryLimits MemoryLimits::forThisMachine()
{
    MemoryLimits m;
    if (const char *env = std::getenv("RNNLAB_MEMORY_LIMITS")) {
        unsigned long long soft = 0, hard = 0;
        if (std::sscanf(env, "%llu,%llu", &soft, &hard) == 2 && soft > 0 && hard >= soft) {
            m.soft = soft;
            m.hard = hard;
            return m;
        }
    }
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGE_SIZE);
    const double physical = pages > 0 && pageSize > 0 ? double(pages) * double(pageSize) : 24e9;
    m.soft = std::uint64_t(physical / 3);
    m.hard = std::uint64_t(physical * 0.8);
    return m;
}

double modelBytes(const ModelSpec &spec)
{
    double params = 0;
    double in = spec.inputSize;
    for (const LayerSpec &l : spec.layers) {
        const double h = l.units;
        const double g = l.type == LayerType::Dense ? 1 : gateCount(l.type);
        params += l.type == LayerType::Dense ? h * in + h : g * h * in + g * h * h + 2 * g * h;
        in = h;
    }
    return 2 * 4 * params; // float weights and gradients
}

double trainingBytes(const ModelSpec &spec, const TrainingSize &size)
{
    if (size.members > 1) {
        TrainingSize one = size;
        one.members = 1;
        TrainingSize other = one;
        other.threads = 1;
        return trainingBytes(spec, one) + double(size.members - 1) * trainingBytes(spec, other);
    }
    const double threads = std::max(1, size.threads);
    const double perModel = modelBytes(spec);
    // Master + replicas, two optimizer moments and the best weights.
    double bytes = perModel * threads + perModel * 1.5;
    // Activations per replica for a batch of `lookback` steps: each recurrent layer
    // keeps its gates, cell and outputs per step and sample, and the same again in
    // backward; the largest hidden-to-hidden block goes through an eigen solver in
    // double precision once per epoch.
    const double steps = double(std::max(1, size.lookback)) * std::max(1, size.batch);
    double perStep = 0;
    double largestBlock = 0;
    double in = spec.inputSize;
    for (const LayerSpec &l : spec.layers) {
        const double h = l.units;
        if (l.type == LayerType::Dense) {
            perStep += 2 * h;
        } else {
            perStep += (2 * gateCount(l.type) + 4) * h + in;
            largestBlock = std::max(largestBlock, h * h);
        }
        in = h;
    }
    bytes += 4 * perStep * steps * threads;
    bytes += 8 * 4 * largestBlock;
    bytes += 8 * double(std::max(0LL, size.windows)) * (1 + spec.layers.back().units);
    return bytes;
}

std::string trainingDescription(const ModelSpec &spec, int members)
{
    return "training " + formatModelSpec(spec)
        + (members > 1 ? " x " + std::to_string(members) + " ensemble members" : std::string());
}

std::string formatBytes(double bytes)
{
    char buf[64];
    if (bytes >= 1e9) {
        std::snprintf(buf, sizeof buf, "%.3g GB", bytes / 1e9);
    } else if (bytes >= 1e6) {
        std::snprintf(buf, sizeof buf, "%.3g MB", bytes / 1e6);
    } else {
        std::snprintf(buf, sizeof buf, "%.0f bytes", bytes);
    }
    return buf;
}

MemoryCheck checkMemory(double bytesNeeded, const MemoryLimits &limits, const std::string &what,
                        const std::string &remedy)
{
    MemoryCheck c;
    if (bytesNeeded > double(limits.hard)) {
        c.verdict = MemoryVerdict::Refuse;
        c.message = what + " needs about " + formatBytes(bytesNeeded) + " of memory, more than the limit of "
            + formatBytes(double(limits.hard)) + "; " + remedy;
    } else if (bytesNeeded > double(limits.soft)) {
        c.verdict = MemoryVerdict::Warn;
        c.message = what + " needs about " + formatBytes(bytesNeeded) + " of memory, more than the soft limit of "
            + formatBytes(double(limits.soft)) + "; it may be slow or push the machine into swap";
    }
    return c;
}

MemoryCheck requireMemory(double bytesNeeded, const MemoryLimits &limits, const std::string &what,
                          const std::string &remedy)
{
    MemoryCheck c = checkMemory(bytesNeeded, limits, what, remedy);
    if (c.verdict == MemoryVerdict::Refuse) {
        throw std::length_error(c.message);
    }
    return c;
}

} // namespace rnnlab
