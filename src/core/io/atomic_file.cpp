// POSIX implementation of the atomic writes (see atomic_file.h). Plain open/write/
// fsync/close/rename so that every step reports its own errno; iostreams report
// only "failed" and do not check close.
#include "io/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace rnnlab {

namespace fs = std::filesystem;

namespace {

std::string reason(int err)
{
    return std::strerror(err);
}

[[noreturn]] void fail(const std::string &path, const std::string &what, int err)
{
    throw FileWriteError(path + ": " + what + ": " + reason(err));
}

std::string parentOf(const std::string &path)
{
    const fs::path p(path);
    return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

// Makes the rename itself durable; failure here is not data loss, so it is ignored.
void syncDir(const std::string &dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

AtomicFile::AtomicFile(std::string path)
    : m_path(std::move(path))
{
    struct stat st {};
    const bool exists = ::stat(m_path.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        throw FileWriteError(m_path + ": is a directory, not a file");
    }
    const fs::path target(m_path);
    const fs::path hidden("." + target.filename().string());
    m_tmp = (target.has_parent_path() ? target.parent_path() / hidden : hidden).string() + ".XXXXXX";
    m_fd = ::mkostemp(m_tmp.data(), O_CLOEXEC);
    if (m_fd < 0) {
        fail(m_path, "cannot create a file in " + parentOf(m_path), errno);
    }
    // mkstemp makes 0600; a new file gets the usual 0666 minus the umask, a
    // replaced one keeps its mode.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(m_fd, exists ? (st.st_mode & 07777) : (0666 & ~mask));
}

AtomicFile::~AtomicFile()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        ::unlink(m_tmp.c_str());
    }
}

void AtomicFile::abandon(const std::string &what, int err)
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    ::unlink(m_tmp.c_str());
    fail(m_path, what, err);
}

void AtomicFile::write(std::string_view bytes)
{
    if (m_fd < 0) {
        throw FileWriteError(m_path + ": write after commit");
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(m_fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            abandon("cannot write", n < 0 ? errno : ENOSPC);
        }
        done += std::size_t(n);
    }
}

void AtomicFile::commit()
{
    if (m_fd < 0) {
        throw FileWriteError(m_path + ": committed twice");
    }
    // Delayed allocation can report a full disk only here, so both are checked.
    if (::fsync(m_fd) != 0) {
        abandon("cannot flush to disk", errno);
    }
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(m_tmp.c_str());
        fail(m_path, "cannot close", err);
    }
    if (::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
        const int err = errno;
        ::unlink(m_tmp.c_str());
        fail(m_path, "cannot replace the file", err);
    }
    syncDir(parentOf(m_path));
}

void writeFileAtomically(const std::string &path, std::string_view bytes)
{
    AtomicFile f(path);
    f.write(bytes);
    f.commit();
}

std::string normalDirPath(const std::string &dir)
{
    fs::path p = fs::absolute(fs::path(dir)).lexically_normal();
    if (!p.has_filename() && p.has_parent_path()) {
        p = p.parent_path(); // "out/" -> "out"
    }
    return p.string();
}

std::uintmax_t freeBytes(const std::string &path)
{
    fs::path p = fs::absolute(fs::path(path));
    std::error_code ec;
    while (!p.empty() && !fs::exists(p, ec) && p.has_parent_path() && p.parent_path() != p) {
        p = p.parent_path();
    }
    struct statvfs sv {};
    if (::statvfs(p.c_str(), &sv) != 0) {
        return UINTMAX_MAX;
    }
    return std::uintmax_t(sv.f_bavail) * std::uintmax_t(sv.f_frsize);
}

namespace {

void checkRoom(const std::string &path, const std::string &where, std::uintmax_t bytesNeeded)
{
    const std::uintmax_t free = freeBytes(where);
    if (bytesNeeded > 0 && free != UINTMAX_MAX && free < bytesNeeded) {
        throw FileWriteError(path + ": not enough free space: about " + std::to_string(bytesNeeded)
                             + " bytes are needed, " + std::to_string(free) + " are free on that filesystem");
    }
}

void checkDirWritable(const std::string &path, const std::string &dir)
{
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
        fail(path, "the directory " + dir + " cannot be used", errno);
    }
    if (!S_ISDIR(st.st_mode)) {
        throw FileWriteError(path + ": " + dir + " is not a directory");
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        fail(path, "cannot write in " + dir, errno);
    }
}

} // namespace

void checkWritableFile(const std::string &path, std::uintmax_t bytesNeeded)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        throw FileWriteError(path + ": is a directory, not a file");
    }
    const std::string dir = parentOf(path);
    checkDirWritable(path, dir);
    checkRoom(path, dir, bytesNeeded);
}

void checkWritableDir(const std::string &dir, std::uintmax_t bytesNeeded)
{
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            throw FileWriteError(dir + ": exists and is not a directory");
        }
    }
    // The set is written as a sibling, so it is the parent that must take writes;
    // it is created (with its parents) when missing, as mkdir -p would.
    const std::string parent = parentOf(normalDirPath(dir));
    std::error_code ec;
    if (!fs::exists(parent, ec)) {
        fs::create_directories(parent, ec);
        if (ec) {
            throw FileWriteError(dir + ": cannot create " + parent + ": " + ec.message());
        }
    }
    checkDirWritable(dir, parent);
    checkRoom(dir, parent, bytesNeeded);
}

} // namespace rnnlab
