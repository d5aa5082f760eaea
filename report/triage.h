// A first pass at triage, done by the program: each hit gets a category, a pattern tag where
// one fits, and a one-line reason. A person's triage (pep765 triage import) wins over it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/hit_evidence.h"

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
  int line = 0;            // the jump's line
  std::string scope;       // enclosing classes and functions, dotted
  std::string noqa;        // the suppression comment ending its line ("" none)
  bool has_value = false;  // `return x`, not a bare `return`
  // Its evidence (common/hit_evidence.h); absent for a hit analyzed before pep765 read it.
  std::optional<HitEvidence> evidence;
};

// bug / intentional / test are the study's incorrect / could be correct / test of the pattern;
// review is pep765's own: the evidence is mixed or missing, and a person has to decide.
enum class Category : uint8_t { Test, Intentional, Bug, Review };
enum class Pattern : uint8_t {
  None,
  // bug
  HandlerRaiseSwallowed, ExceptExceptionReturn, OverridesHandlerReturn, OverridesBodyReturn, SwallowsEverything,
  SwallowsElse, SwallowsUncaught, LoopJump, SwallowsThrownIn,
  // intentional
  NothingInFlight, CatchesEverything, OneOperationFallback, MarkedDeliberate, GuardedByFlag, ReadyValueFallback,
  LogsAndIgnores,
  // test
  TestsThePattern,
  // review
  MixedEvidence,
};
// The names stored, exported and shown: test, intentional, bug, review; handler-raise-swallowed,
// ... ("" for Pattern::None).
const char* category_name(Category c);
const char* pattern_name(Pattern p);
// The study's words for a category (PEP 765's Appendix): "test", "could be correct",
// "incorrect"; review is no term of the study's: "review (not in the study)".
const char* study_term(Category c);
// A person's category as written in a triage file; nullopt for anything else.
std::optional<Category> category_from_name(std::string_view name);

struct Triage {
  Category category = Category::Bug;
  Pattern pattern = Pattern::None;
  std::string reason;
  // What the code shows, in one or two sentences a maintainer can check: which statement can
  // raise (its line), what the jump loses; for review, what was missing.
  std::string evidence;
};

// Categories, in the study's terms. Each verdict needs the code to support it; where the shape
// says one thing and the code's own words another, or what decides it is not in the code, the
// verdict is review. In order (README "Triage" gives the reasons):
//   test          the code tests the pattern itself (a linter's fixture, an interpreter test):
//                 test code whose names or comments speak of finally / the check, never by path alone
//   bug           a handler re-raises and the jump swallows it (never intentional; review if the
//                 code says it is meant); the finally's return replaces a handler's return (the
//                 PEP's second example) or the body's
//   bug           the try body yields and nothing catches what is thrown in there
//   intentional   nothing can be in flight; the jump runs only under a flag set at the end of the
//                 body or of a handler; a comment or linter suppression says the swallowing is
//                 meant (review where handlers already catch what they name: the words may cover
//                 only that); a catch-all handler (review when the jump runs under a test the code
//                 does not explain); a one-operation try/finally fallback; a fallback value ready
//                 before the try; a handler that logs the failure and says it ignores it
//   review        something can be in flight, but the function's name (close, cleanup, ...) or a
//                 comment or docstring hints that the swallowing may be meant
//   bug           otherwise, something can be in flight and is lost
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
//     swallows-thrown-in       the try body yields: what the caller throws in there is lost
//   intentional:
//     nothing-in-flight        the try body cannot raise (analyze/exception_flow.h)
//     catches-everything       a bare except or except BaseException, and no handler raises
//     one-operation-fallback   no handler, one statement in the try, a finally that only jumps:
//                              the try/finally is a catch-all with a fallback result
//     marked-deliberate        a comment says so (noqa: B012, "intentional", ...)
//     guarded-by-flag          the jump runs only under a flag that only the try body's last
//                              statement or a handler's last one sets (analyze/try_evidence.h)
//     ready-value-fallback     no handler, and the finally's unconditional return gives back a value
//                              ready before the try that the body leaves alone or only sets
//                              attributes of (or nothing): the try/finally is a fallback around side work
//     logs-and-ignores         an except clause logs the failure and says, in what it logs, that it
//                              ignores it (no catch-all, no re-raise, no body return replaced)
//   test:
//     tests-the-pattern        test code about finally or the check itself
//   review:
//     mixed-evidence           the evidence names what points each way
Triage triage(const HitFacts& hit);

// The lines of a text, without their '\n' (a last line without one is kept).
std::vector<std::string> split_lines(const std::string& text);

// Test code by its path (what the report counts as "in test code"; not a verdict on its own):
// a tests/test/testing folder, test_*.py, *_test.py, conftest.py, or linter
// fixtures (a fixtures, functional or test_data/testdata folder).
bool is_test_path(const std::string& path);
// Data of tests: under a test path, in a data, testdata, fixtures, functional, ... folder.
bool is_test_data_path(const std::string& path);

}  // namespace pep765
