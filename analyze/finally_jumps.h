// The rule: every return / break / continue that leaves a `finally` block, under both
// definitions pep765 reports (see README "The two rules").
//
//   cpython  what CPython 3.14 warns about (Python/ast_preprocess.c): a finally body, a loop
//            body (not its else) and a function body each open a context, and a jump is
//            flagged iff the innermost context is a finally.
//   exits    the jump really leaves the finally: for return the innermost finally-or-function
//            is a finally; for break/continue the innermost finally-or-loop-body(-or-function).
#pragma once
#include <tree_sitter/api.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/excerpt.h"
#include "common/hit_evidence.h"

namespace pep765 {

enum class Statement : uint8_t { Return, Break, Continue };
const char* statement_name(Statement s);

struct JumpHit {
  uint32_t line = 0;    // 1-based, as CPython reports it
  uint32_t column = 0;  // 1-based byte column: CPython's col_offset + 1
  Statement statement = Statement::Return;
  bool cpython = false;
  bool exits = false;
  bool has_value = false;         // `return x`, not a bare `return`
  std::string scope;              // enclosing classes and functions, dotted; empty at module level
  uint32_t try_line = 0;          // the try statement whose finally the jump is in
  std::string handlers;           // its except clauses: bare / BaseException / Exception / other, comma-separated
  bool try_body_returns = false;  // the try body also returns (the finally overrides that value)
  bool handler_returns = false;   // an except clause also returns
  std::string try_source;         // the try statement's text, capped
  // What can be in flight when the finally runs (analyze/exception_flow.h).
  bool body_raises = true, handler_raises = false, else_raises = false, one_operation_fallback = false;
  // Its evidence for triage: exception_flow.h's raise and handler facts, try_evidence.h's flow and words.
  HitEvidence evidence;
  // The maintainers' own word on it: the suppression comment ending its line (analyze/noqa.h),
  // as "noqa", "noqa: B012", "pylint: lost-exception"; "" when there is none. Set by analyze.
  std::string suppressed_by;
};

// JumpHit::try_source is cut by the excerpt rule (common/excerpt.h).

const TSLanguage* python_language();

struct TreeFindings {
  std::vector<JumpHit> hits;  // in source order
  // Statements only Python 2 has (print x, exec code, except E, e): tree-sitter's grammar
  // accepts them, CPython 3 does not, so the file does not really parse.
  bool python2_syntax = false;
};

// Walks `tree` (parsed from `text`) without recursion.
TreeFindings find_finally_jumps(const TSTree* tree, std::string_view text);

}  // namespace pep765
