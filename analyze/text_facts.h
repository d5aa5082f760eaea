// Facts about a file's bytes that need no parse: line counts and the oddities worth noting.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace pep765 {

struct TextFacts {
  uint64_t newlines = 0;         // count of '\n': the study counted newlines + 1 per file
  uint64_t lines = 0;            // physical lines: newlines, plus one for a non-empty last line without '\n'
  bool has_nul = false;          // CPython refuses source with NUL bytes
  bool invalid_utf8 = false;     // CPython refuses it unless a coding cookie says otherwise
  bool has_bom = false;          // UTF-8 byte order mark at the start
  bool has_crlf = false;
  bool has_lone_cr = false;      // old Mac line ends: CPython counts each '\r' as a line break
  bool has_finally_bytes = false;  // the bytes "finally" occur somewhere: the cheap prefilter

  // Comma-separated names of the oddities, for the store's notes column.
  std::string notes() const;
};

// One pass over the bytes (plus a UTF-8 check only for the rare files that are not ASCII).
TextFacts text_facts(std::string_view bytes);

// Lines of a file seen in pieces (a member too large to hold): feed every piece in order.
class StreamingLineCounter {
 public:
  void feed(std::string_view piece);
  uint64_t newlines() const { return newlines_; }
  uint64_t lines() const { return newlines_ + (last_ != '\n' && seen_ ? 1 : 0); }

 private:
  uint64_t newlines_ = 0;
  char last_ = 0;
  bool seen_ = false;
};

bool is_valid_utf8(std::string_view bytes);

}  // namespace pep765
