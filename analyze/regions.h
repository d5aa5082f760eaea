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

#include "analyze/logical_lines.h"

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

// How a logical line begins, as far as grouping statements is concerned.
enum class LineKind : uint8_t {
  Plain,
  Continuation,  // else / elif / except / finally: part of the compound statement above
  Decorator,     // @...: belongs with the def or class below
  Class,         // class ...: its members can be split further
};

struct LogicalLine {
  uint32_t start;       // byte offset of the start of its first physical line
  uint32_t code;        // byte offset of its first non-blank character
  uint32_t row;
  LineKind kind;
  bool has_finally;     // a `finally` keyword in the line
  bool has_jump;        // a `return`, `break` or `continue` keyword in the line
  bool jump_in_finally; // a `finally:` line whose clause (same line or block below) holds a jump
};

// The logical lines of a file, as the region scan needs them. Collected by scan_regions
// itself, or by the layout check in the pass it makes anyway (check_structure), so a file
// holding `finally` is not scanned twice.
struct RegionLines {
  std::vector<LogicalLine> lines;
  bool has_finally = false;  // a `finally` keyword outside strings and comments
  LineScanEnd end = LineScanEnd::Complete;
};

// A scan_logical_lines visitor that fills RegionLines (its `end` is the caller's to set).
class LineCollector {
 public:
  static constexpr bool kKeywords = true;
  LineCollector(std::string_view text, RegionLines& out) : text_(text), out_(out) {}
  void line(uint32_t start, uint32_t code, uint32_t row, bool spaces_only);
  void line_end(size_t) {}
  void keyword(size_t begin, size_t end);  // finally, return, break or continue

 private:
  std::string_view text_;
  RegionLines& out_;
};

// `text` is the source without a byte order mark and with lone '\r' already made '\n'.
// JumpInFinally gives the units that can hold a hit; EveryStatement covers the whole file.
RegionScan scan_regions(std::string_view text, Select select = Select::JumpInFinally);

// The same from lines already collected from `text` (marks on them may change).
RegionScan select_regions(std::string_view text, RegionLines& lines, Select select);

}  // namespace pep765
