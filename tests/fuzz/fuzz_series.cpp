// Fuzz target: the series loader (data/series.h) on arbitrary bytes, then each
// missing-value policy on what it accepted. Only LoadError may leave it.
#include "fuzz_entry.h"

#include "data/series.h"

namespace rnnlab::fuzz {

void seriesInput(std::string_view bytes)
{
    LoadOptions options;
    options.maxLineLength = 1 << 16; // small limits: the fuzzer explores, not fills memory
    options.maxFileBytes = 1 << 20;
    Series s;
    try {
        s = parseSeries(std::string(bytes), "fuzz.csv", options);
    } catch (const LoadError &) {
        return;
    }
    for (MissingPolicy p : {MissingPolicy::Reject, MissingPolicy::Interpolate, MissingPolicy::FFill, MissingPolicy::Drop}) {
        Series copy = s;
        try {
            applyMissingPolicy(copy, p);
        } catch (const LoadError &) {
        }
    }
}

} // namespace rnnlab::fuzz

RNNLAB_FUZZ_TARGET(seriesInput)
