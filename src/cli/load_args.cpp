// The data-loading options shared by the subcommands (see load_args.h).
#include "load_args.h"

#include "data/date_format.h"

namespace rnnlab::cli {

const std::set<std::string> &loadOptionNames()
{
    static const std::set<std::string> names{"time", "date-format", "delimiter", "decimal", "skip-rows", "na-values",
                                             "filter"};
    return names;
}

const char *const kLoadUsage =
    "  [--time auto|none|COL|COL,COL] [--date-format FMT] [--delimiter auto|,|;|tab|'|'] [--decimal auto|.|,]\n"
    "  [--skip-rows N] [--na-values TOKEN,TOKEN] [--filter COL=VALUE]\n";

LoadOptions loadOptionsFrom(const Args &args)
{
    LoadOptions o;
    o.timeColumn = args.str("time", "auto");
    if (o.timeColumn.empty()) {
        throw ArgError("--time: give auto, none, a column name or two (year,month)");
    }
    o.dateFormat = args.str("date-format", "");
    if (args.has("date-format") && o.dateFormat.find('%') == std::string::npos) {
        throw ArgError("--date-format: \"" + o.dateFormat + "\" has no % field; e.g. %d.%m.%Y %H:%M:%S or %m/%d/%Y");
    }
    if (const std::string problem = timeparse::dateFormatProblem(o.dateFormat); args.has("date-format") && !problem.empty()) {
        throw ArgError("--date-format: " + problem);
    }
    const std::string d = args.str("delimiter", "auto");
    if (d == "tab" || d == "\\t" || d == "\t") {
        o.delimiter = '\t';
    } else if (d == "," || d == ";" || d == "|" || d == " ") {
        o.delimiter = d[0];
    } else if (d != "auto") {
        throw ArgError("--delimiter: \"" + d + "\" is not auto, ',', ';', '|', ' ' or tab");
    }
    const std::string m = args.str("decimal", "auto");
    if (m == "." || m == ",") {
        o.decimal = m[0];
    } else if (m != "auto") {
        throw ArgError("--decimal: \"" + m + "\" is not auto, '.' or ','");
    }
    if (o.decimal == ',' && o.delimiter == ',') {
        throw ArgError("--decimal , needs another --delimiter than ','");
    }
    o.skipRows = int(args.integer("skip-rows", 0, 0, 1000000000));
    if (args.has("na-values")) {
        for (const std::string &t : args.list("na-values")) {
            o.naValues.push_back(t);
        }
    }
    if (args.has("filter")) {
        const std::string f = args.str("filter", "");
        const auto eq = f.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw ArgError("--filter: \"" + f + "\" is not COL=VALUE (e.g. --filter symbol=AAPL)");
        }
        o.filterColumn = f.substr(0, eq);
        o.filterValue = f.substr(eq + 1);
    }
    return o;
}

bool hasLoadOptions(const Args &args)
{
    for (const std::string &n : loadOptionNames()) {
        if (args.has(n)) {
            return true;
        }
    }
    return false;
}

nlohmann::json loadOptionsJson(const LoadOptions &o)
{
    nlohmann::json j = nlohmann::json::object();
    if (o.timeColumn != "auto") {
        j["time"] = o.timeColumn;
    }
    if (!o.dateFormat.empty()) {
        j["date_format"] = o.dateFormat;
    }
    if (o.delimiter != 0) {
        j["delimiter"] = std::string(1, o.delimiter);
    }
    if (o.decimal != 0) {
        j["decimal"] = std::string(1, o.decimal);
    }
    if (o.skipRows != 0) {
        j["skip_rows"] = o.skipRows;
    }
    if (!o.naValues.empty()) {
        j["na_values"] = o.naValues;
    }
    if (!o.filterColumn.empty()) {
        j["filter"] = {{"column", o.filterColumn}, {"value", o.filterValue}};
    }
    return j;
}

LoadOptions loadOptionsFromJson(const nlohmann::json &j)
{
    LoadOptions o;
    try {
        o.timeColumn = j.value("time", std::string("auto"));
        o.dateFormat = j.value("date_format", std::string());
        const std::string d = j.value("delimiter", std::string());
        const std::string m = j.value("decimal", std::string());
        o.delimiter = d.size() == 1 ? d[0] : 0;
        o.decimal = m.size() == 1 ? m[0] : 0;
        o.skipRows = j.value("skip_rows", 0);
        o.naValues = j.value("na_values", std::vector<std::string>{});
        if (j.contains("filter")) {
            o.filterColumn = j["filter"].at("column").get<std::string>();
            o.filterValue = j["filter"].at("value").get<std::string>();
        }
    } catch (const nlohmann::json::exception &e) {
        throw ArgError(std::string("the model file's data.load settings: ") + e.what());
    }
    if (o.skipRows < 0) {
        throw ArgError("the model file's data.load.skip_rows is negative");
    }
    return o;
}

} // namespace rnnlab::cli
