// What `pep765 check` prints: one line per hit as linters print them
// (`path:line:col: PEP765 message`), or what CI systems read: JSON (ruff's fields), SARIF 2.1.0
// for code scanning, GitHub workflow annotations, GitLab Code Quality JSON, JUnit XML. Columns
// are 1-based characters (code points) in every format.
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "common/choices.h"
#include "common/lint_findings.h"

namespace pep765 {

enum class LintFormat { Text, Json, Sarif, Github, Gitlab, Junit };

// What to write: the hits under `rule` whose code is in `select` (empty: every code), one per
// line or document entry, or with `statistics` a count per code (suppressed ones apart).
struct LintRequest {
  Rule rule = Rule::Cpython;
  std::vector<std::string> select;
  LintFormat format = LintFormat::Text;
  bool statistics = false;
};

struct LintCounts {
  size_t hits = 0;             // hits written (under the rule and selection asked for)
  size_t suppressed = 0;       // ... and those a suppression comment marks intended (not written but in SARIF)
  size_t unparsed = 0;         // files that do not parse
  size_t unparsed_with_hits = 0;
};

// Writes the hits of `result` (what analyze/check.h found). Files that do not parse are named
// on `notes` (standard error): with hits, that those come from an error-recovered parse;
// without, that they were not checked.
LintCounts write_lint(const CheckResult& result, const LintRequest& request, std::FILE* out, std::FILE* notes);

// A URI reference for a path (RFC 3986): relative paths stay relative, absolute ones become
// file:// URIs; bytes outside the unreserved set and '/' are percent-encoded.
std::string uri_reference(const std::string& path);

}  // namespace pep765
