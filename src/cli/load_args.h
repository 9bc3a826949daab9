// The options every data-loading subcommand takes (train, forecast, bench --load):
// which column is time, its date format, the delimiter, decimal mark, rows to skip,
// extra missing-value tokens and a row filter, turned into LoadOptions.
#pragma once
#include "args.h"

#include "data/series.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace rnnlab::cli {

// The option names, to add to a subcommand's `valued` set.
const std::set<std::string> &loadOptionNames();
// One usage line describing them.
extern const char *const kLoadUsage;
// Throws ArgError naming the option when a value is malformed.
LoadOptions loadOptionsFrom(const Args &args);
// True when any of the options was given.
bool hasLoadOptions(const Args &args);
// The choices as the model file's data.load key, so `forecast` reads the file as
// `train` did; only the ones that differ from the defaults are written.
nlohmann::json loadOptionsJson(const LoadOptions &options);
LoadOptions loadOptionsFromJson(const nlohmann::json &j); // throws ArgError on a bad value

} // namespace rnnlab::cli
