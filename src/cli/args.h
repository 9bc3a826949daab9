// A small `--name value` / `--flag` parser for the subcommands. Unknown options,
// missing values and malformed numbers throw ArgError naming the argument, which
// the subcommand turns into exit code 2.
#pragma once
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace rnnlab::cli {

struct ArgError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Args {
public:
    // valued: options that take a value; flags: options that do not.
    Args(int argc, char **argv, const std::set<std::string> &valued, const std::set<std::string> &flags);
    bool has(const std::string &name) const;
    std::string str(const std::string &name, const std::string &def) const;
    std::string required(const std::string &name) const;
    long long integer(const std::string &name, long long def, long long lo, long long hi) const;
    double real(const std::string &name, double def, double lo, double hi) const;
    std::vector<double> reals(const std::string &name, const std::vector<double> &def) const; // "0.7,0.15,0.15"
    std::vector<std::string> list(const std::string &name) const;                           // "a,b,c"
    const std::vector<std::string> &positional() const { return m_positional; }

private:
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positional;
};

} // namespace rnnlab::cli
