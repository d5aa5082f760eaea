// The check stage: the rule over a maintainer's own files, directories and archives, with no
// store. `pep765 check` prints what it finds as a linter does (report/lint.h).
//
// Directories are walked for .py files as ruff walks them: hidden directories, virtual
// environments, build output and caches are left out (kSkippedDirectories), symbolic links are
// not followed; a path named on the command line is always read. Archives (.tar.gz, .whl,
// .zip, ...) named on the command line are read member by member in memory.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analyze/analyze_file.h"

namespace pep765 {

struct CheckOptions {
  std::vector<std::string> paths;
  int jobs = 0;                          // 0: every core
  FileOptions file;
  size_t max_file_bytes = 32u << 20;     // larger files are named and left unchecked
  uint64_t max_expanded_bytes = 8ull << 30;
  uint64_t max_expansion_ratio = 200;
};

// One file that holds a hit or does not parse, as the user named it: `dir/x.py`, or
// `dist/p-1.0.tar.gz!p-1.0/x.py` for an archive member (archive and member apart too).
struct CheckedFile {
  std::string path;        // the display path
  std::string archive;     // empty for a file on disk
  std::string member;      // the member's path inside `archive`
  std::string text;        // its bytes, kept for the lines the hits are on
  FileAnalysis analysis;
};

struct CheckResult {
  size_t files = 0;                     // .py files read
  std::vector<CheckedFile> findings;    // files with hits or a failed parse, in path order
  std::vector<std::string> problems;    // what could not be read, with the reason
};

CheckResult check_paths(const CheckOptions& options);

}  // namespace pep765
