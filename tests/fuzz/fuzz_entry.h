// The fuzzed entry points, one per reader: each takes the bytes of a file and must
// return normally or throw the reader's documented error, nothing else (no crash,
// leak, hang or other exception). libFuzzer drives them through fuzz_*.cpp; the
// CTest test tst_app_fuzzregress replays the corpora and every regression input.
#pragma once
#include <string_view>

namespace rnnlab::fuzz {

void seriesInput(std::string_view bytes);     // parseSeries + the missing-value policies
void modelFileInput(std::string_view bytes);  // JSON -> modelFromJson (+ its data settings)
void experimentInput(std::string_view bytes); // JSON -> experimentFromJson
void timeParseInput(std::string_view bytes);  // reading choices + CSV -> parseSeries, formatTime

} // namespace rnnlab::fuzz

#ifdef RNNLAB_LIBFUZZER
#include <cstddef>
#include <cstdint>
#define RNNLAB_FUZZ_TARGET(fn)                                                                                         \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)                                 \
    {                                                                                                                  \
        rnnlab::fuzz::fn(std::string_view(reinterpret_cast<const char *>(data), size));                               \
        return 0;                                                                                                      \
    }
#else
#define RNNLAB_FUZZ_TARGET(fn)
#endif
