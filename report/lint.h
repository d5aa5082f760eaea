// What `pep765 check` prints: one line per hit as linters print them
// (`path:line:col: PEP765 message`), or SARIF 2.1.0 for code scanning (GitHub, GitLab).
#pragma once
#include <cstdio>
#include <string>

#include "common/choices.h"
#include "common/lint_findings.h"

namespace pep765 {

enum class LintFormat { Text, Sarif };

struct LintCounts {
  size_t hits = 0;             // hits written (under the rule asked for)
  size_t unparsed = 0;         // files that do not parse
  size_t unparsed_with_hits = 0;
};

// Writes the hits of `result` (what analyze/check.h found) under `rule`; files that do not parse are named on `notes`
// (standard error) when they hold hits, since their hits come from an error-recovered parse.
LintCounts write_lint(const CheckResult& result, Rule rule, LintFormat format, std::FILE* out, std::FILE* notes);

// Columns as a person counts them: code points from 1, not bytes (`byte_column` is 1-based).
uint32_t code_point_column(std::string_view line, uint32_t byte_column);

// A URI reference for a path (RFC 3986): relative paths stay relative, absolute ones become
// file:// URIs; bytes outside the unreserved set and '/' are percent-encoded.
std::string uri_reference(const std::string& path);

}  // namespace pep765
