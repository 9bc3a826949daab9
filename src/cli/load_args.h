// The options every data-loading subcommand takes (train, forecast, bench --load):
// which column is time, its date format, the delimiter, decimal mark, rows to skip,
// extra missing-value tokens and a row filter, turned into LoadOptions.
#pragma once
#include "args.h"

#include "data/series.h"

#include <set>
#include <string>

namespace rnnlab::cli {

// The option names, to add to a subcommand's `valued` set.
const std::set<std::string> &loadOptionNames();
// One usage line describing them.
extern const char *const kLoadUsage;
// Throws ArgError naming the option when a value is malformed.
LoadOptions loadOptionsFrom(const Args &args);

} // namespace rnnlab::cli
