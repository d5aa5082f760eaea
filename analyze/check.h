// The check stage: the rule over a maintainer's own files, directories and archives, with no
// store. `pep765 check` prints what it finds as a linter does (report/lint.h).
//
// Its inputs come from extract's one collector under kCheckRules (extract/sources.h):
// directories are walked for .py files as ruff walks them (hidden directories, virtual
// environments, build output and caches left out, symbolic links not followed, regular files
// only); a path named on the command line is always read. Archives (.tar.gz, .whl, .zip, ...)
// named on the command line are read member by member in memory.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analyze/analyze_file.h"
#include "common/lint_findings.h"

namespace pep765 {

struct CheckOptions {
  std::vector<std::string> paths;
  int jobs = 0;                          // 0: every core
  FileOptions file;
  size_t max_file_bytes = 32u << 20;     // larger files are named and left unchecked
  uint64_t max_expanded_bytes = 8ull << 30;
  uint64_t max_expansion_ratio = 200;
};

// The files with findings (common/lint_findings.h), for report/lint.h to print.
CheckResult check_paths(const CheckOptions& options);

}  // namespace pep765
