// Writes a whole file atomically: a temporary file in the same directory, a checked
// flush and close, then a rename over the target, so a reader never sees half a file.
// (A shared io/atomic_file may replace this; the contract is the same.)
#pragma once
#include <string>
#include <string_view>

namespace rnnlab {

// Throws std::runtime_error naming the path and the problem; no temporary file is left behind.
void writeFileAtomically(const std::string &path, std::string_view bytes);

} // namespace rnnlab
