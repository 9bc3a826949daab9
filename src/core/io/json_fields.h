// Checked reading of JSON fields for the files RNN Lab reads back (model file,
// experiment): every number type-, range- and integer-checked before it is
// converted, so nothing is clamped, wrapped or undefined (get<int>() of 8.9e22).
// Errors name the file, the field's path and what is allowed.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace rnnlab {

struct JsonFieldError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A view of one JSON object of a file; `path` is the object's place in the file
// ("training", "layer 2"), empty for the top level.
class JsonFields {
public:
    // Throws JsonFieldError when `object` is not a JSON object.
    // requires: `object` outlives this view (it is kept by reference).
    JsonFields(const nlohmann::json &object, std::string source, std::string path);
    JsonFields(nlohmann::json &&, std::string, std::string) = delete; // a temporary would dangle

    bool has(const char *key) const;
    // Required fields throw when missing; the overloads with a default return it
    // when the key is absent (a present key of the wrong type still throws).
    long long integer(const char *key, long long lo, long long hi) const;
    long long integer(const char *key, long long lo, long long hi, long long def) const;
    std::uint64_t unsignedInteger(const char *key, std::uint64_t hi) const;
    double real(const char *key, double lo, double hi) const;
    double real(const char *key, double lo, double hi, double def) const;
    // null stands for "no value" (NaN), as the writers store non-finite numbers.
    double realOrNull(const char *key, double lo, double hi) const;
    bool boolean(const char *key) const;
    bool boolean(const char *key, bool def) const;
    std::string string(const char *key) const;
    std::string string(const char *key, const std::string &def) const;
    const nlohmann::json &object(const char *key) const; // must be an object
    const nlohmann::json &array(const char *key) const;  // must be an array
    JsonFields child(const char *key) const;              // a nested object

    // "SOURCE: field "PATH.KEY": PROBLEM"
    [[noreturn]] void fail(const std::string &key, const std::string &problem) const;
    const std::string &source() const { return m_source; }
    std::string name(const std::string &key) const;

private:
    const nlohmann::json &at(const char *key) const;
    const nlohmann::json &m_object;
    std::string m_source, m_path;
};

// The same checks for one value that is not an object field (an array element):
// `what` names it in the message.
double checkedReal(const nlohmann::json &v, double lo, double hi, const std::string &what);
long long checkedInteger(const nlohmann::json &v, long long lo, long long hi, const std::string &what);

// nlohmann's exception text without its "[json.exception.xxx.nnn] " prefix.
std::string jsonReason(const std::exception &e);

} // namespace rnnlab
