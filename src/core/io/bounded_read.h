// Reading a whole text file with a size limit, refusing at the first NUL byte: a
// binary file, /dev/zero or a sparse file of zeros is refused after one chunk, never
// after gigabytes. Pipes and devices (no size known up front) are read the same way.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>

namespace rnnlab {

struct FileReadError : std::runtime_error {
    enum class Kind { Open, Read, TooLarge, Nul, Directory };
    FileReadError(Kind kind, std::size_t offset, int line, const std::string &message)
        : std::runtime_error(message), kind(kind), offset(offset), line(line) {}
    Kind kind;
    std::size_t offset; // byte of the NUL, or bytes read so far
    int line;           // 1-based line of the NUL; 0 otherwise
};

// The file's bytes. Throws FileReadError whose message (without the path: callers
// add it in their own format) says what is wrong: "cannot open: <strerror>",
// "NUL byte at byte N (line L): ...", "more than the limit of N bytes".
std::string readBoundedFile(const std::string &path, std::size_t maxBytes);

} // namespace rnnlab
