// The check stage: the rule over a maintainer's own files, directories and archives, with no
// store. `pep765 check` prints what it finds as a linter does (report/lint.h).
//
// Its inputs come from extract's one collector (extract/sources.h): directories are walked for
// .py files as ruff walks them (what `filter` excludes and the tree's .gitignore/.ignore files
// left out, symbolic links not followed, regular files only); a path named on the command line
// is always read. Archives (.tar.gz, .whl, .zip, ...) named on the command line are read member
// by member in memory; archives met in a walk are listed, not read. A hit whose line ends in a
// suppression comment (analyze/noqa.h) is kept, marked with it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analyze/analyze_file.h"
#include "common/lint_findings.h"
#include "extract/sources.h"

namespace pep765 {

struct CheckOptions {
  std::vector<std::string> paths;
  int jobs = 0;                          // 0: every core
  FileOptions file;
  size_t max_file_bytes = 32u << 20;     // larger files are named and left unchecked
  uint64_t max_expanded_bytes = 8ull << 30;
  uint64_t max_expansion_ratio = 200;
  WalkFilter filter;
  bool ignore_noqa = false;              // report suppressed hits as any other
  // Standard input is checked too, named so (`-` on the command line; empty: not read).
  std::string stdin_name;
  // A pyodide install: CPython 3.14 gives its verdict on the files tree-sitter's grammar
  // rejects, as analyze's confirm stage does (analyze/confirm.h); empty: tree-sitter's stands.
  std::string pyodide_dir;
};

// The files with findings (common/lint_findings.h), for report/lint.h to print.
CheckResult check_paths(const CheckOptions& options);

}  // namespace pep765
