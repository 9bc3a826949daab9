// Checked JSON fields (see json_fields.h). The range test always runs on the
// double (or the exact integer) before any narrowing conversion.
#include "io/json_fields.h"

#include <cmath>
#include <cstdio>

namespace rnnlab {

using nlohmann::json;

namespace {

std::string show(double x)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

// Never dump() a hostile array or object: it may be megabytes deep.
std::string excerpt(const json &v)
{
    if (v.is_array()) {
        return v.empty() ? "[]" : "an array";
    }
    if (v.is_object()) {
        return v.empty() ? "{}" : "an object";
    }
    std::string s = v.dump();
    return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

std::string rangeText(long long lo, long long hi)
{
    return "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
}

std::string rangeText(double lo, double hi)
{
    return "a number from " + show(lo) + " to " + show(hi);
}

// The problem with v as an integer in [lo, hi], or empty when it is one.
std::string integerProblem(const json &v, long long lo, long long hi, long long &out)
{
    if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(INT64_MAX)) {
            return excerpt(v) + " is out of range (allowed: " + rangeText(lo, hi) + ")";
        }
        out = v.get<long long>();
    } else if (v.is_number_float()) {
        const double d = v.get<double>();
        if (!std::isfinite(d) || d != std::floor(d)) {
            return excerpt(v) + " is not a whole number (allowed: " + rangeText(lo, hi) + ")";
        }
        if (d < double(lo) || d > double(hi)) {
            return excerpt(v) + " is out of range (allowed: " + rangeText(lo, hi) + ")";
        }
        out = (long long)d;
    } else {
        return excerpt(v) + " is not a number (allowed: " + rangeText(lo, hi) + ")";
    }
    if (out < lo || out > hi) {
        return excerpt(v) + " is out of range (allowed: " + rangeText(lo, hi) + ")";
    }
    return {};
}

std::string realProblem(const json &v, double lo, double hi, double &out)
{
    if (!v.is_number()) {
        return excerpt(v) + " is not a number (allowed: " + rangeText(lo, hi) + ")";
    }
    out = v.get<double>();
    if (!std::isfinite(out) || out < lo || out > hi) {
        return excerpt(v) + " is out of range (allowed: " + rangeText(lo, hi) + ")";
    }
    return {};
}

} // namespace

JsonFields::JsonFields(const json &object, std::string source, std::string path)
    : m_object(object)
    , m_source(std::move(source))
    , m_path(std::move(path))
{
    if (!m_object.is_object()) {
        throw JsonFieldError(m_source + ": " + (m_path.empty() ? std::string("the top level") : "\"" + m_path + "\"")
                             + " must be a JSON object, not " + excerpt(m_object));
    }
}

std::string JsonFields::name(const std::string &key) const
{
    return m_path.empty() ? key : m_path + "." + key;
}

void JsonFields::fail(const std::string &key, const std::string &problem) const
{
    throw JsonFieldError(m_source + ": field \"" + name(key) + "\": " + problem);
}

bool JsonFields::has(const char *key) const
{
    return m_object.contains(key);
}

const json &JsonFields::at(const char *key) const
{
    const auto it = m_object.find(key);
    if (it == m_object.end()) {
        fail(key, "missing");
    }
    return *it;
}

long long JsonFields::integer(const char *key, long long lo, long long hi) const
{
    long long out = 0;
    const std::string p = integerProblem(at(key), lo, hi, out);
    if (!p.empty()) {
        fail(key, p);
    }
    return out;
}

long long JsonFields::integer(const char *key, long long lo, long long hi, long long def) const
{
    return has(key) ? integer(key, lo, hi) : def;
}

std::uint64_t JsonFields::unsignedInteger(const char *key, std::uint64_t hi) const
{
    const json &v = at(key);
    if (v.is_number_unsigned() || (v.is_number_integer() && v.get<long long>() >= 0)) {
        const std::uint64_t u = v.get<std::uint64_t>();
        if (u <= hi) {
            return u;
        }
    }
    fail(key, excerpt(v) + " is not a whole number from 0 to " + std::to_string(hi));
}

double JsonFields::real(const char *key, double lo, double hi) const
{
    double out = 0;
    const std::string p = realProblem(at(key), lo, hi, out);
    if (!p.empty()) {
        fail(key, p);
    }
    return out;
}

double JsonFields::real(const char *key, double lo, double hi, double def) const
{
    return has(key) ? real(key, lo, hi) : def;
}

double JsonFields::realOrNull(const char *key, double lo, double hi) const
{
    return at(key).is_null() ? std::nan("") : real(key, lo, hi);
}

bool JsonFields::boolean(const char *key) const
{
    const json &v = at(key);
    if (!v.is_boolean()) {
        fail(key, excerpt(v) + " is not true or false");
    }
    return v.get<bool>();
}

bool JsonFields::boolean(const char *key, bool def) const
{
    return has(key) ? boolean(key) : def;
}

std::string JsonFields::string(const char *key) const
{
    const json &v = at(key);
    if (!v.is_string()) {
        fail(key, excerpt(v) + " is not a string");
    }
    return v.get<std::string>();
}

std::string JsonFields::string(const char *key, const std::string &def) const
{
    return has(key) ? string(key) : def;
}

const json &JsonFields::object(const char *key) const
{
    const json &v = at(key);
    if (!v.is_object()) {
        fail(key, excerpt(v) + " is not a JSON object");
    }
    return v;
}

const json &JsonFields::array(const char *key) const
{
    const json &v = at(key);
    if (!v.is_array()) {
        fail(key, excerpt(v) + " is not an array");
    }
    return v;
}

JsonFields JsonFields::child(const char *key) const
{
    return JsonFields(object(key), m_source, name(key));
}

double checkedReal(const json &v, double lo, double hi, const std::string &what)
{
    double out = 0;
    const std::string p = realProblem(v, lo, hi, out);
    if (!p.empty()) {
        throw JsonFieldError(what + ": " + p);
    }
    return out;
}

long long checkedInteger(const json &v, long long lo, long long hi, const std::string &what)
{
    long long out = 0;
    const std::string p = integerProblem(v, lo, hi, out);
    if (!p.empty()) {
        throw JsonFieldError(what + ": " + p);
    }
    return out;
}

std::string jsonReason(const std::exception &e)
{
    const std::string s = e.what();
    if (s.rfind("[json.exception.", 0) == 0) {
        const auto end = s.find("] ");
        if (end != std::string::npos) {
            return s.substr(end + 2);
        }
    }
    return s;
}

} // namespace rnnlab
