// An output set (`train --out DIR`): the files of one run, replaced as a whole or
// not at all. The files are written into a new sibling directory, which is then
// swapped with DIR (renameat2 RENAME_EXCHANGE, or two renames where the filesystem
// lacks it); the old set is removed only after the swap. No temporary survives.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rnnlab {

class OutputSet {
public:
    explicit OutputSet(std::string dir);
    void add(std::string name, std::string bytes); // a plain file name, no '/'
    // Throws FileWriteError naming the file or directory and the OS reason; DIR is
    // then exactly what it was before.
    void commit();
    std::uintmax_t bytes() const;

    // Before work starts: DIR is absent or a directory holding only files named in
    // `names` (the swap would delete anything else), and its filesystem has room
    // for two sets of `bytesNeeded` (old and new live side by side until the swap).
    static void check(const std::string &dir, const std::vector<std::string> &names, std::uintmax_t bytesNeeded);

private:
    std::string m_dir;
    std::vector<std::pair<std::string, std::string>> m_files;
};

} // namespace rnnlab
