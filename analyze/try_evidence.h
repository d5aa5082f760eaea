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
  //   no-exception-flag      the jump runs only as the try found a flag that every handler, each
  //                          catching everything, changes first: only when no exception arrived
  //   guard-unproven         the jump is under a test of a name the try binds, but not such a flag
  //   guard-on-finally-result the test reads what the finally itself computed before the jump
  //   conditional            the jump is under an `if`, or in a loop, with or try, of the finally
  //   body-yields            the try body yields (a generator, a context manager): what the caller
  //                          throws in there (its with block's exception, GeneratorExit) reaches the finally
  //   body-raises-explicitly the try body holds a `raise`
  //   returns-prior-value    the finally returns a name bound before the try (or a parameter) that
  //                          the body does not bind: a value ready whatever the body did
  //   body-changes-value     ... but the body changes it (an item, an attribute, a method call)
  //   body-only-sets-its-attributes  ... and every statement of the body only sets an attribute
  //                          of it (`f.__name__ = ...`): decorating a value that stays whole
  std::string value_flow;
  // The words around the try: comments on the lines just above it and inside it, and the
  // enclosing function's docstring; one per line, capped.
  std::string context;
};

// `jump` is the return/break/continue inside `finally_clause` of `try_node`; `function` the
// innermost function holding the try (a null node at module level).
JumpEvidence jump_evidence(TSNode try_node, TSNode finally_clause, TSNode jump, TSNode function, std::string_view text);

}  // namespace pep765
