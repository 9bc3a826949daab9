// Implementation of the subcommands' argument parser.
#include "args.h"

#include <charconv>
#include <cmath>

namespace rnnlab::cli {

Args::Args(int argc, char **argv, const std::set<std::string> &valued, const std::set<std::string> &flags)
{
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("--", 0) != 0) {
            m_positional.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        const auto eq = name.find('=');
        const bool inlineValue = eq != std::string::npos;
        if (inlineValue) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flags.count(name)) {
            if (inlineValue) {
                throw ArgError("--" + name + " takes no value");
            }
            m_flags.insert(name);
        } else if (valued.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= argc) {
                    throw ArgError("--" + name + " needs a value");
                }
                value = argv[++i];
            }
            m_values[name] = value;
        } else {
            throw ArgError("unknown option " + a);
        }
    }
}

bool Args::has(const std::string &name) const
{
    return m_flags.count(name) || m_values.count(name);
}

std::string Args::str(const std::string &name, const std::string &def) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? def : it->second;
}

std::string Args::required(const std::string &name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end()) {
        throw ArgError("--" + name + " is required");
    }
    return it->second;
}

long long Args::integer(const std::string &name, long long def, long long lo, long long hi) const
{
    auto it = m_values.find(name);
    if (it == m_values.end()) {
        return def;
    }
    const std::string &s = it->second;
    long long v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
        throw ArgError("--" + name + ": \"" + s + "\" is not a whole number");
    }
    if (v < lo || v > hi) {
        throw ArgError("--" + name + ": " + s + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
    return v;
}

static double parseReal(const std::string &name, const std::string &s)
{
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) {
        throw ArgError("--" + name + ": \"" + s + "\" is not a finite number");
    }
    return v;
}

double Args::real(const std::string &name, double def, double lo, double hi) const
{
    auto it = m_values.find(name);
    if (it == m_values.end()) {
        return def;
    }
    const double v = parseReal(name, it->second);
    if (v < lo || v > hi) {
        throw ArgError("--" + name + ": " + it->second + " is out of range [" + std::to_string(lo) + ", "
                       + std::to_string(hi) + "]");
    }
    return v;
}

std::vector<std::string> Args::list(const std::string &name) const
{
    std::vector<std::string> out;
    auto it = m_values.find(name);
    if (it == m_values.end()) {
        return out;
    }
    std::string cur;
    for (char c : it->second) {
        if (c == ',') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

std::vector<double> Args::reals(const std::string &name, const std::vector<double> &def) const
{
    if (!m_values.count(name)) {
        return def;
    }
    std::vector<double> out;
    for (const std::string &s : list(name)) {
        out.push_back(parseReal(name, s));
    }
    return out;
}

} // namespace rnnlab::cli
