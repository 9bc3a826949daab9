// The atomic whole-file writer (see write_file.h).
#include "runs/write_file.h"

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace rnnlab {

void writeFileAtomically(const std::string &path, std::string_view bytes)
{
    const std::string tmp = path + ".tmp";
    std::FILE *f = std::fopen(tmp.c_str(), "wb");
    if (!f) {
        throw std::runtime_error(path + ": cannot open for writing");
    }
    const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const bool flushed = std::fflush(f) == 0;
    const bool closed = std::fclose(f) == 0;
    std::error_code ec;
    if (!written || !flushed || !closed) {
        std::filesystem::remove(tmp, ec);
        throw std::runtime_error(path + ": write failed (disk full?)");
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(tmp, ignored);
        throw std::runtime_error(path + ": cannot replace the file: " + ec.message());
    }
}

} // namespace rnnlab
