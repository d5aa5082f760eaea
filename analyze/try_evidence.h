// What a try statement says about itself beyond its shape, for triage (report/triage.h): how
// values flow from its body and handlers to the jump in its finally, and the words written
// around it. exception_flow.h says what can be in flight; this says what the jump keeps.
#pragma once
#include <tree_sitter/api.h>

#include <string>
#include <string_view>

namespace pep765 {

struct JumpEvidence {
  // Data flow to the jump, comma-separated tags (README "Triage" lists them):
  //   returns-body-value     the finally returns a name the try body binds
  //   returns-handler-value  ... a name an except clause binds (a fallback value)
  //   same-as-body-return    the try body returns the very expression the finally returns
  //   returns-constant       the finally returns a literal
  //   flag                   the jump runs only under a test of a name the try binds that, as the
  //                          try found it (a literal bound just before it), keeps the jump from
  //                          running, and that only the body's last statement or a handler's last
  //                          one changes: by then nothing of theirs is left to raise
  //   guard-unproven         the jump is under a test of a name the try binds, but not such a flag
  //   conditional            the jump is under some `if` in the finally (it may not run)
  std::string value_flow;
  // The words around the try: comments on the lines just above it and inside it, and the
  // enclosing function's docstring; one per line, capped.
  std::string context;
};

// `jump` is the return/break/continue inside `finally_clause` of `try_node`; `function` the
// innermost function holding the try (a null node at module level).
JumpEvidence jump_evidence(TSNode try_node, TSNode finally_clause, TSNode jump, TSNode function, std::string_view text);

}  // namespace pep765
