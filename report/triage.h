// A first pass at triage, done by the program: each hit gets a category, a pattern tag where
// one fits, and a one-line reason. A person's triage (pep765 triage import) wins over it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pep765 {

// What triage looks at: the facts the analyzer stored with each hit.
struct HitFacts {
  std::string path;        // inside the package
  std::string statement;   // return | break | continue
  std::string handlers;    // bare / BaseException / Exception / other, comma-separated
  bool try_body_returns = false;
  bool handler_returns = false;
  std::string try_source;  // the try statement
  std::string line_source; // the statement's own line
  // What can be in flight when the finally runs (analyze/exception_flow.h).
  bool body_raises = true, handler_raises = false, else_raises = false, one_operation_fallback = false;
};

enum class Category : uint8_t { Test, Intentional, Bug };
enum class Pattern : uint8_t {
  None,
  // bug
  HandlerRaiseSwallowed, ExceptExceptionReturn, OverridesHandlerReturn, OverridesBodyReturn, SwallowsEverything,
  SwallowsElse, SwallowsUncaught, LoopJump,
  // intentional
  NothingInFlight, CatchesEverything, OneOperationFallback, MarkedDeliberate,
};
// The names stored, exported and shown: test, intentional, bug; handler-raise-swallowed, ...
// ("" for Pattern::None).
const char* category_name(Category c);
const char* pattern_name(Pattern p);
// A person's category as written in a triage file; nullopt for anything else.
std::optional<Category> category_from_name(std::string_view name);

struct Triage {
  Category category = Category::Bug;
  Pattern pattern = Pattern::None;
  std::string reason;
};

// Categories, in the study's terms: `test` (tests of the pattern, test paths and data),
// `intentional` ("could be correct": nothing can be in flight when the finally runs, or
// swallowing everything is explicit), `bug` (something can be in flight and is lost).
// Patterns say why, and never contradict the category:
//   bug:
//     handler-raise-swallowed  a handler raises (re-raise, raise from, a with block that may
//                              re-raise), and the jump swallows it
//     except-exception-return  an `except Exception` handler, then return in finally (PEP 765's first)
//     overrides-handler-return a handler returns, and the finally's return replaces its value (the second)
//     overrides-body-return    the try body returns, and the finally's return replaces its value
//     swallows-everything      try/finally with no handler: every exception is dropped
//     swallows-else            the else clause can raise and is swallowed
//     swallows-uncaught        handlers for some exceptions; the jump swallows the others
//     loop-jump                break/continue out of a finally in a loop
//   intentional:
//     nothing-in-flight        the try body cannot raise (analyze/exception_flow.h)
//     catches-everything       a bare except or except BaseException, and no handler raises
//     one-operation-fallback   no handler, one statement in the try, a finally that only jumps:
//                              the try/finally is a catch-all with a fallback result
//     marked-deliberate        a comment says so (noqa: B012, "intentional", ...)
Triage triage(const HitFacts& hit);

// The lines of a text, without their '\n' (a last line without one is kept).
std::vector<std::string> split_lines(const std::string& text);

// Test code: a tests/test/testing folder, test_*.py, *_test.py, conftest.py, or linter
// fixtures (a fixtures, functional or test_data/testdata folder).
bool is_test_path(const std::string& path);

}  // namespace pep765
