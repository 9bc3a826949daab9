// SHA-256 (FIPS 180-4) of bytes in memory or of a file, as "sha256:<hex>": the data
// identity a run record carries, in the same form as the GUI's experiment files
// (QCryptographicHash), so a record can be matched with the file it was trained on.
#pragma once
#include <string>
#include <string_view>

namespace rnnlab {

std::string sha256Hex(std::string_view bytes); // 64 lowercase hex digits
// "sha256:<hex>" of the file's bytes; throws std::runtime_error naming the file if it cannot be read.
std::string fileChecksum(const std::string &path);

} // namespace rnnlab
