// Fuzz target: the date parser (data/time_parse.h) driven through the loader with the
// reading choices a user can make. The first line of the input is not CSV: its first
// byte picks the time column (auto, none, the first header, the first two combined),
// the rest of it is the --date-format (empty: detected). Whatever loads is written
// back with formatTime (the ISO text predictions.csv gets) and through the spacing
// summary. Only LoadError may leave it.
#include "fuzz_entry.h"

#include "data/series.h"
#include "data/time_parse.h"
#include "data/time_spacing.h"

namespace rnnlab::fuzz {

namespace {

// The header cells of the first CSV line, split on , ; or tab (enough to name columns).
std::vector<std::string> headerNames(std::string_view csv)
{
    std::vector<std::string> names;
    const std::string_view line = csv.substr(0, csv.find('\n'));
    std::string cell;
    for (char c : line) {
        if (c == ',' || c == ';' || c == '\t') {
            names.push_back(cell);
            cell.clear();
        } else if (c != '\r' && c != '"') {
            cell += c;
        }
    }
    names.push_back(cell);
    return names;
}

} // namespace

// Splits the input into the reading choices (options) and the CSV text; false when
// there is no choice line.
bool timeParseChoices(std::string_view bytes, LoadOptions &options, std::string_view &csv)
{
    const std::size_t eol = bytes.find('\n');
    if (eol == std::string_view::npos || eol == 0) {
        return false;
    }
    const std::string_view choice = bytes.substr(0, eol);
    csv = bytes.substr(eol + 1);
    options.maxLineLength = 1 << 16; // small limits: the fuzzer explores, not fills memory
    options.maxFileBytes = 1 << 20;
    options.dateFormat = std::string(choice.substr(1));
    const std::vector<std::string> names = headerNames(csv);
    switch (static_cast<unsigned char>(choice[0]) % 4) {
    case 0: options.timeColumn = "auto"; break;
    case 1: options.timeColumn = "none"; break;
    case 2: options.timeColumn = names[0]; break;
    default: options.timeColumn = names.size() > 1 ? names[0] + ',' + names[1] : names[0]; break;
    }
    return true;
}

void timeParseInput(std::string_view bytes)
{
    LoadOptions options;
    std::string_view csv;
    if (!timeParseChoices(bytes, options, csv)) {
        return;
    }
    Series s;
    try {
        s = parseSeries(std::string(csv), "fuzz.csv", options);
    } catch (const LoadError &) {
        return;
    }
    std::size_t written = 0;
    for (double t : s.time) {
        written += formatTime(s, t).size();
    }
    written += describeSeries(s).size();
    if (written == std::size_t(-1)) { // keeps the calls from being optimised away
        __builtin_trap();
    }
}

} // namespace rnnlab::fuzz

RNNLAB_FUZZ_TARGET(timeParseInput)
