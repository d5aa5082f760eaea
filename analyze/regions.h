// Which parts of a file need a parse.
//
// Only a statement whose `finally` clause holds a `return`, `break` or `continue` keyword can
// hold a jump out of one, and parsing is far slower than decompression. So a careful scan
// (strings, comments, brackets and backslash continuations respected) splits the file into
// its top-level statements, and a top-level class further into its members; the parser then
// sees only the statements whose `finally` clause holds a jump keyword, each with the headers
// of the classes around it so names and nesting stay right. Splitting classes into members
// also bounds a parse's memory on large files. Where the scan cannot follow the file (an
// unterminated string, unbalanced brackets, inconsistent indentation) it says so, and the
// caller parses the whole file.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace pep765 {

struct SourceRange {
  uint32_t start_byte, end_byte;
  uint32_t start_row, start_column;
  uint32_t end_row, end_column;
};

// What one parse sees: the headers of the classes around a statement, then the statement.
// Units are parsed one at a time, so the memory a parse needs is bounded by the largest unit,
// never by the file.
struct ParseUnit {
  std::vector<SourceRange> ranges;  // in order, not touching
  size_t bytes = 0;
};

struct RegionScan {
  bool sure = true;          // false: the scan lost track; parse the whole file instead
  bool has_finally = false;  // a `finally` keyword outside strings and comments
  bool has_jump_in_finally = false;  // JumpInFinally: some finally clause holds a jump keyword
  std::vector<ParseUnit> units;  // in source order
};

enum class Select { JumpInFinally, EveryStatement };

// `text` is the source without a byte order mark and with lone '\r' already made '\n'.
// JumpInFinally gives the units that can hold a hit; EveryStatement covers the whole file.
RegionScan scan_regions(std::string_view text, Select select = Select::JumpInFinally);

}  // namespace pep765
