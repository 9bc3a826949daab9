// The output-set swap (see output_set.h).
#include "io/output_set.h"

#include "io/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rnnlab {

namespace fs = std::filesystem;

OutputSet::OutputSet(std::string dir)
    : m_dir(normalDirPath(dir))
{
}

void OutputSet::add(std::string name, std::string bytes)
{
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
        throw FileWriteError(m_dir + ": \"" + name + "\" is not a plain file name");
    }
    m_files.emplace_back(std::move(name), std::move(bytes));
}

std::uintmax_t OutputSet::bytes() const
{
    std::uintmax_t n = 0;
    for (const auto &f : m_files) {
        n += f.second.size();
    }
    return n;
}

void OutputSet::check(const std::string &dir, const std::vector<std::string> &names, std::uintmax_t bytesNeeded)
{
    const std::string d = normalDirPath(dir);
    checkWritableDir(d, 2 * bytesNeeded);
    std::error_code ec;
    if (!fs::is_directory(d, ec)) {
        return;
    }
    const std::set<std::string> ours(names.begin(), names.end());
    for (const fs::directory_entry &e : fs::directory_iterator(d, ec)) {
        const std::string name = e.path().filename().string();
        if (!ours.count(name)) {
            throw FileWriteError(d + ": holds \"" + name + "\", which this run does not write; --out replaces the "
                                 "directory as a whole, so name a new or an earlier --out directory");
        }
    }
    if (ec) {
        throw FileWriteError(d + ": cannot list the directory: " + ec.message());
    }
}

namespace {

// Removes a directory tree, ignoring errors: used on our own temporaries only.
void removeTree(const std::string &path)
{
    std::error_code ec;
    fs::remove_all(path, ec);
}

} // namespace

void OutputSet::commit()
{
    const fs::path target(m_dir);
    const std::string parent = target.parent_path().string();
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) {
        throw FileWriteError(m_dir + ": cannot create " + parent + ": " + ec.message());
    }
    std::string fresh = (target.parent_path() / ("." + target.filename().string() + ".new-XXXXXX")).string();
    if (!::mkdtemp(fresh.data())) {
        throw FileWriteError(m_dir + ": cannot create a directory in " + parent + ": " + std::strerror(errno));
    }
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::chmod(fresh.c_str(), 0777 & ~mask);
    try {
        for (const auto &[name, bytes] : m_files) {
            try {
                writeFileAtomically(fresh + "/" + name, bytes);
            } catch (const FileWriteError &e) {
                // Name the file as the user knows it, not the temporary directory.
                const std::string what = e.what();
                const std::string prefix = fresh + "/" + name;
                throw FileWriteError(m_dir + "/" + name + what.substr(what.rfind(prefix, 0) == 0 ? prefix.size() : 0));
            }
        }
        struct stat st {};
        if (::stat(m_dir.c_str(), &st) != 0) {
            if (::rename(fresh.c_str(), m_dir.c_str()) != 0) {
                throw FileWriteError(m_dir + ": cannot create the directory: " + std::strerror(errno));
            }
            return;
        }
        if (!S_ISDIR(st.st_mode)) {
            throw FileWriteError(m_dir + ": exists and is not a directory");
        }
        if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, m_dir.c_str(), RENAME_EXCHANGE) == 0) {
            removeTree(fresh); // now the old set
            return;
        }
        if (errno != EINVAL && errno != ENOSYS) {
            throw FileWriteError(m_dir + ": cannot replace the directory: " + std::strerror(errno));
        }
        // No atomic exchange here: move the old set aside, the new one in, and put
        // the old one back if the second rename fails.
        std::string old = (target.parent_path() / ("." + target.filename().string() + ".old-XXXXXX")).string();
        if (!::mkdtemp(old.data()) || ::rename(m_dir.c_str(), old.c_str()) != 0) {
            const int err = errno;
            ::rmdir(old.c_str());
            throw FileWriteError(m_dir + ": cannot move the old set aside: " + std::strerror(err));
        }
        if (::rename(fresh.c_str(), m_dir.c_str()) != 0) {
            const int err = errno;
            ::rename(old.c_str(), m_dir.c_str());
            throw FileWriteError(m_dir + ": cannot replace the directory: " + std::strerror(err));
        }
        removeTree(old);
    } catch (...) {
        removeTree(fresh);
        throw;
    }
}

} // namespace rnnlab
