// Atomic file writes: every file RNN Lab writes goes to a temporary file in the same
// directory, is written with every write checked, fsync'ed and closed (checked), then
// renamed over the target. On any failure the temporary is removed and the old file
// is left as it was. Messages name the path and the OS reason (strerror of errno).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rnnlab {

struct FileWriteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A file being replaced: write() in pieces, then commit(). Destroyed without a
// commit (an exception, a stop), the temporary is removed and PATH is untouched.
class AtomicFile {
public:
    explicit AtomicFile(std::string path); // creates the temporary; throws FileWriteError
    ~AtomicFile();
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;
    void write(std::string_view bytes); // throws FileWriteError (and abandons the file)
    void commit();                      // fsync, close, rename; throws FileWriteError
    const std::string &path() const { return m_path; }

private:
    [[noreturn]] void abandon(const std::string &what, int err);
    std::string m_path, m_tmp;
    int m_fd = -1;
};

// Replaces PATH with BYTES, or throws FileWriteError with PATH intact.
void writeFileAtomically(const std::string &path, std::string_view bytes);

// Checks, before work starts, that PATH can be written later: not a directory, its
// directory exists and is writable, and it has room for about `bytesNeeded` more.
// Throws FileWriteError naming the path and the reason.
void checkWritableFile(const std::string &path, std::uintmax_t bytesNeeded = 0);
// The same for a directory that will be (re)created as a whole (see OutputSet).
void checkWritableDir(const std::string &dir, std::uintmax_t bytesNeeded = 0);

// DIR absolute, normalised, without a trailing '/'.
std::string normalDirPath(const std::string &dir);

// Bytes free to an unprivileged writer on the filesystem holding PATH (or its
// nearest existing parent); UINTMAX_MAX when unknown.
std::uintmax_t freeBytes(const std::string &path);

} // namespace rnnlab
