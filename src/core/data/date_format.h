// A user's --date-format (CLI, GUI choice, model file), checked against a whitelist
// before date::from_stream sees it, and the shape every cell must have before it
// is read with it. Why both: date.h's parser has undefined behaviour on inputs it
// cannot read (found by fuzz_timeparse): a %S, %T (or %X, %c, %r) whose seconds are
// not there converts an uninitialised long double to an integer; a %z after a '-'
// with no digits negates minutes::min(); a width such as %1111111111Y overflows an
// int while the format is read; a wide %S reads seconds (1.9e757) no integer holds.
// The whitelist removes the widths and the fields that are not needed; the shape
// check makes sure each field the library reads is there, so its reads never fail
// half-way through a field.
//
// Accepted: %Y (up to 4 digits) %y %m %d %e %H %I %M (1-2 digits) %j (1-3 digits)
// %S (1-2 digits, optional .fff) %b %B (English month name or its 3-letter
// abbreviation, any case) %p (AM/PM, any case; only with %I) %z (+HH or +HHMM) %Ez (+H[H][:MM]) %Z (a zone
// abbreviation, read and ignored) %T (%H:%M:%S) %F (%Y-%m-%d) %D (%m/%d/%y) %% and
// literal text (a space matches any run of spaces, as in date::parse). No widths,
// no other modifiers, each field at most once; a year and a month (or %j) are needed.
// The shapes follow date.h built with ONLY_C_LOCALE=1 (as the date package's CMake
// config sets it): names are matched in English, in any case, by date.h itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rnnlab::timeparse {

struct FormatToken {
    enum class Kind { Literal, Space, Digits, Seconds, MonthName, AmPm, Offset, OffsetColon, Zone };
    Kind kind = Kind::Literal;
    char literal = 0;     // Literal
    int maxDigits = 0;    // Digits: 1..maxDigits, as date.h reads them
};

// A whitelisted format, compiled to the shape its cells must have.
struct DateFormat {
    std::string text;
    std::vector<FormatToken> tokens;
};

// Empty when `format` is accepted; else why not, naming the format and the specifier:
// "--date-format \"%d/%m/%4Y\": %4Y has a width; widths are not accepted (...)".
std::string dateFormatProblem(const std::string &format);

// The compiled shape of an accepted format (call dateFormatProblem first; a refused
// format compiles to no tokens, which no cell fits).
DateFormat compileDateFormat(const std::string &format);

// True when `cell` has the shape `format` reads: every field there with the digits,
// names or signs the library needs, the literals in place, nothing left over.
// `secondsChars`: how many characters date.h reads for %S (2 for whole seconds, 6
// for milliseconds "SS.fff").
bool cellFitsFormat(std::string_view cell, const DateFormat &format, int secondsChars = 6);

} // namespace rnnlab::timeparse
