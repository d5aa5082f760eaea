// What can be in flight when a try statement's finally runs: the facts triage needs to tell a
// jump that loses an exception from one where none can be lost (report/triage.h decides).
//
// A block "cannot raise" when each of its statements is `pass`, a literal expression (a
// docstring, `...`), `global`/`nonlocal`, `break`/`continue`, a `return` of nothing, a
// literal or a name, an assignment (annotated or not) to plain names of a literal, a name, or
// a tuple or list of them, or a `try` with a catch-all handler (bare or `except
// BaseException`) whose block cannot raise and whose else and finally cannot raise. Anything
// else (a call, an attribute, a subscript, an operator, an f-string) can; README "What cannot
// raise" gives the reason for each. A handler "raises" when it holds a `raise` (a re-raise, `raise X from e`) or a
// `with` block (a context manager that may re-raise, such as save_and_reraise_exception),
// outside nested functions and classes; a handler that only calls things is taken not to.
#pragma once
#include <tree_sitter/api.h>

#include <string>
#include <string_view>

namespace pep765 {

struct TryFlow {
  bool body_raises = true;      // the try body can raise
  bool handler_raises = false;  // some except clause raises (explicitly, or through a with block)
  bool else_raises = false;     // the else clause can raise
  // A try with no except clause around one statement (not a try), whose finally is only the jump: the
  // try/finally stands in for a catch-all around one operation, with a fallback result
  // (`try: raw = raw.decode() finally: return raw`). Deliberate swallowing, as people write it.
  bool one_operation_fallback = false;
  // Where the exception the jump can lose comes from: the first statement of the try body that
  // can raise (else of the else clause), 1-based, and its first line; 0 and "" when none can.
  uint32_t raise_line = 0;
  std::string raise_source;
  // The first explicit `raise` in an except clause (a re-raise, `raise X from e`): 0 when none.
  uint32_t reraise_line = 0;
  // What each except clause does, in order, comma-separated: raise (holds a raise), return
  // (holds a return), pass (nothing: pass, a docstring, `...`), log (calls a logger, print or
  // traceback, and otherwise only binds names), assign (only binds names: a flag, a fallback
  // value), other (anything else).
  std::string handler_actions;
};

TryFlow try_flow(TSNode try_node, std::string_view text);

// The rule for one block (the body of a try, a handler or an else), as stated above.
bool block_can_raise(TSNode block, std::string_view text);

}  // namespace pep765
