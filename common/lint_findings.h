// What `pep765 check` finds (analyze/check.h) and the linter output prints (report/lint.h):
// the files with hits or a failed parse, each hit as much of it as a linter line or a SARIF
// result needs. Below both stages, so neither includes the other.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace pep765 {

struct LintHit {
  uint32_t line = 0;                 // 1-based
  uint32_t column = 0;               // 1-based byte column
  const char* statement = "return";  // return | break | continue (static text)
  bool cpython = false;              // the hit under the cpython rule
  bool exits = false;                // ... and under the exits rule
  std::string suppressed_by;         // the comment that marks it intended ("noqa: PEP765"), or empty
};

// One file that holds a hit or does not parse, as the user named it: `dir/x.py`, or
// `dist/p-1.0.tar.gz!p-1.0/x.py` for an archive member (archive and member apart too).
struct CheckedFile {
  std::string path;                        // the display path
  std::string archive;                     // empty for a file on disk
  std::string member;                      // the member's path inside `archive`
  std::string text;                        // its bytes, kept for the lines the hits are on
  bool parse_failed = false;               // error nodes, Python 2 syntax or a layout CPython rejects
  const char* rejected_layout = nullptr;   // that layout (tab_error, ...), when it is one
  std::string cpython314_error;            // CPython 3.14's reason, when it was asked and rejects the file
  std::vector<LintHit> hits;               // in source order
};

struct CheckResult {
  size_t files = 0;                     // .py files read
  std::vector<CheckedFile> findings;    // files with hits or a failed parse, in path order
  std::vector<std::string> problems;    // what could not be read, with the reason
  std::vector<std::string> skipped;     // what walks left out, with the pattern that did it
  std::vector<std::string> archives_not_read;  // archives met in walks (read only when named)
};

}  // namespace pep765
