// The bounded reader (see bounded_read.h): chunks of 1 MiB, each scanned for NUL
// as it arrives, so the cost of a hostile file is one chunk past the first NUL.
#include "io/bounded_read.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <sys/stat.h>

namespace rnnlab {

std::string readBoundedFile(const std::string &path, std::size_t maxBytes)
{
    using Kind = FileReadError::Kind;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            throw FileReadError(Kind::Directory, 0, 0, "is a directory, not a file");
        }
        if (S_ISREG(st.st_mode) && std::uintmax_t(st.st_size) > maxBytes) {
            throw FileReadError(Kind::TooLarge, 0, 0,
                                "file is " + std::to_string(st.st_size) + " bytes, more than the limit of "
                                    + std::to_string(maxBytes));
        }
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) {
        throw FileReadError(Kind::Open, 0, 0, std::string("cannot open: ") + std::strerror(errno));
    }
    std::string text;
    if (S_ISREG(st.st_mode)) {
        // The whole file at once (its size was checked against maxBytes above), so a
        // 400 MB file is not copied on the way; a sparse file that claims more than it
        // holds only reserves address space, which is never touched.
        text.reserve(std::size_t(st.st_size) + 1);
    }
    constexpr std::size_t kChunk = std::size_t(1) << 20;
    while (true) {
        const std::size_t old = text.size();
        // At most one chunk past the limit. A regular file reads into what was reserved:
        // one chunk past its end would reallocate, doubling the buffer (82 MB held for a
        // 41 MB file, beside the columns being parsed from it).
        std::size_t want = kChunk;
        if (S_ISREG(st.st_mode) && text.capacity() > old) {
            want = std::min(kChunk, text.capacity() - old);
        }
        text.resize(old + want);
        const std::size_t got = std::fread(text.data() + old, 1, want, file.get());
        text.resize(old + got);
        if (const void *nul = std::memchr(text.data() + old, '\0', got)) {
            const std::size_t at = std::size_t(static_cast<const char *>(nul) - text.data());
            const int line = 1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(at), '\n'));
            throw FileReadError(Kind::Nul, at, line,
                                "not a text file (NUL byte at byte " + std::to_string(at) + ", line "
                                    + std::to_string(line) + ")");
        }
        if (text.size() > maxBytes) {
            throw FileReadError(Kind::TooLarge, text.size(), 0,
                                "file is more than the limit of " + std::to_string(maxBytes) + " bytes");
        }
        if (got < want) {
            if (std::ferror(file.get()) != 0) {
                throw FileReadError(Kind::Read, text.size(), 0, std::string("cannot read: ") + std::strerror(errno));
            }
            break;
        }
    }
    return text;
}

} // namespace rnnlab
