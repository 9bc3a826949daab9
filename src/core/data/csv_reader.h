// The CSV/TSV tokeniser under the series loader: trimming, missing-value tokens,
// numbers (decimal comma included), UTF-8 validation, delimiter detection and the
// record reader that splits RFC 4180 text into fields. It knows nothing of time
// columns or series; series.cpp builds those from its fields.
#pragma once
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace rnnlab::csv {

using std::string_view;

bool isBlankChar(char c);
string_view trim(string_view s);
std::string toLower(string_view s);
bool equalsIgnoreCase(string_view a, string_view b); // b in lower case
// A cell as it may appear in a message: quoted, control bytes escaped, cut short.
std::string quoteCell(string_view s, std::size_t maxBytes = 60);
// The default missing-value tokens: empty, NA, N/A, NaN, null (any case), -, ?.
bool isMissingToken(string_view s);

enum class CellKind { Number, Missing, NotNumber, NonFinite };
// Parses one trimmed cell. With decimalComma, "40,6" reads as 40.6.
CellKind parseNumber(string_view s, bool decimalComma, double &value);
bool isNumber(string_view s, bool decimalComma);

// Offset of the first NUL or invalid UTF-8 byte, or npos when the text is clean.
std::size_t findInvalidUtf8(string_view text);
// The most frequent of tab, ';' and ',' outside quotes on the first non-blank line.
char detectDelimiter(string_view text, std::size_t maxLine);

// Splits the text into records of trimmed fields. Blank lines are skipped; quoted
// fields may hold delimiters, doubled quotes and newlines. The views point into
// the text, or into scratch storage that lives until the next call. Throws
// LoadError (series.h) naming the line.
class RecordReader
{
public:
    // firstLine: the physical line number of the text's first byte (after skipped lines).
    RecordReader(string_view text, const std::string &name, char delimiter, std::size_t maxLine, int firstLine = 1);
    bool next(std::vector<string_view> &fields);
    int recordLine() const { return m_recordLine; }
    std::size_t position() const { return m_pos; } // bytes of the text consumed

private:
    const char *lineEnd(const char *b, int line) const;
    void advancePast(const char *e);
    void splitPlain(const char *b, const char *e, std::vector<string_view> &fields) const;
    bool isPad(char c) const { return c != m_delimiter && (c == ' ' || c == '\t' || c == '\r'); }
    const char *splitQuoted(const char *b, const char *end, std::vector<string_view> &fields);
    void countNewlines(const char *from, const char *to);

    string_view m_text;
    const std::string &m_name;
    char m_delimiter;
    std::size_t m_maxLine;
    std::size_t m_pos = 0;
    int m_line = 1; // physical line at m_pos
    int m_recordLine = 0;
    std::deque<std::string> m_scratch; // unescaped quoted fields; a deque keeps views valid
};

} // namespace rnnlab::csv
