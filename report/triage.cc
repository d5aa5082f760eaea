#include "report/triage.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "common/ascii.h"
#include "common/printable.h"

namespace pep765 {

namespace {

std::vector<std::string> components(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(ascii_lower(path.substr(start, slash - start)));
    start = slash + 1;
  }
  return out;
}

// One of `parts` anywhere in `text` (names: `test_return_in_finally` mentions finally).
bool mentions(const std::string& text, std::initializer_list<const char*> parts) {
  for (const char* p : parts)
    if (text.find(p) != std::string::npos) return true;
  return false;
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// One of `words` in `text` as words (not inside another: "on error" is not in "json error").
bool has_word(const std::string& text, std::initializer_list<const char*> words) {
  for (const char* w : words) {
    const size_t n = std::strlen(w);
    for (size_t at = text.find(w); at != std::string::npos; at = text.find(w, at + 1)) {
      const bool starts = at == 0 || !word_char(text[at - 1]) || !word_char(w[0]);
      const bool ends = at + n == text.size() || !word_char(text[at + n]) || !word_char(w[n - 1]);
      if (starts && ends) return true;
    }
  }
  return false;
}

// A linter's code for this check, disabled on purpose (in the suppression comment or around the try).
bool linter_marked(const std::string& lower) {
  return mentions(lower, {"noqa: b012", "noqa:b012", "noqa b012", "lost-exception", "w0150", "plw0150",
                          "return-in-finally", "jump-statement-in-finally", "finally-return"});
}

// Words that say the swallowing is meant: strong ones decide, soft ones only make it a question.
bool says_deliberate(const std::string& words) {
  return has_word(words, {"intentional", "deliberate", "on purpose", "by design", "purposely", "purposefully",
                          "swallow", "suppress", "silence", "never raise", "must not raise", "should not raise",
                          "shouldn't raise", "mustn't raise", "must never raise", "should never raise",
                          "don't propagate", "do not propagate", "not propagate", "best effort", "best-effort",
                          "ignore all", "ignore any", "ignore errors", "ignore exceptions", "ignore the error",
                          "ignore the exception", "errors are ignored", "exceptions are ignored", "to be safe",
                          "just in case"});
}
bool hints_deliberate(const std::string& words) {
  return has_word(words, {"ignoring", "ignored", "don't care", "do not care", "whatever", "anyway", "in any case",
                          "no matter", "silently", "always return", "never fail", "not fail", "must not fail",
                          "fallback", "fall back", "return whether", "returns whether", "on failure", "on error"});
}

// The study's test meaning: the code is about the pattern (finally, the check that flags it).
bool about_the_pattern(const std::string& words) {
  return mentions(words, {"finally", "b012", "lost-exception", "lost_exception", "w0150", "pep 765", "pep765",
                          "pep-765", "pep 601", "pep601", "syntaxwarning", "sim107", "return-in-finally",
                          "return_in_finally", "jump-statement"});
}

// A name that says the function must not fail, or tidies up where failing helps nobody.
bool must_not_fail_role(const std::string& function) {
  const std::string f = ascii_lower(function);
  for (const char* exact : {"__del__", "__exit__", "__aexit__", "close", "aclose", "cleanup", "clean_up", "shutdown",
                            "stop", "terminate", "dispose", "release", "teardown", "tear_down", "teardown_class",
                            "destroy", "finalize", "finalise", "disconnect", "quit", "kill", "unlink", "__repr__",
                            "__str__"})
    if (f == exact) return true;
  for (const char* prefix : {"safe_", "_safe_", "try_", "_try_", "quiet", "_quiet", "silent", "_silent", "close_",
                             "_close", "cleanup_", "_cleanup", "shutdown_", "_shutdown", "stop_", "_stop"})
    if (f.rfind(prefix, 0) == 0) return true;
  for (const char* suffix : {"close", "cleanup", "shutdown", "_quietly", "_silently"})
    if (f.size() > std::strlen(suffix) && f.compare(f.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
      return true;
  return false;
}

// The comments of a try source, for a hit analyzed before its context was stored: what
// follows a '#' on each line (a '#' in a string is rare enough in a try statement).
std::string comments_of(const std::string& source) {
  std::string out;
  for (const std::string& line : split_lines(source))
    if (size_t hash = line.find('#'); hash != std::string::npos) out += line.substr(hash) + "\n";
  return out;
}

std::string last_component(const std::string& scope) {
  const size_t dot = scope.rfind('.');
  return dot == std::string::npos ? scope : scope.substr(dot + 1);
}

std::string file_name(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Whether an except clause of the try says, in a string it logs or prints, that it ignores the
// error ("... Ignoring.", "ignoring the failure"): the program's own words at run time that a
// failure here is tolerated and the code goes on. A comment in a handler is not taken: it speaks
// of what that handler takes, which the handler swallows anyway.
bool handler_says_ignoring(const std::string& try_source) {
  bool in_handler = false;
  for (const std::string& line : split_lines(try_source)) {
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    const std::string_view text = std::string_view(line).substr(first);
    // The clause's keyword, not a name that begins with it (`exceptions.append(...)`, `elsewhere = 1`).
    auto opens = [&](std::string_view keyword) {
      return text.starts_with(keyword) && (text.size() == keyword.size() || !word_char(text[keyword.size()]));
    };
    if (opens("except")) in_handler = true;
    if (opens("finally") || opens("else")) in_handler = false;
    if (!in_handler) continue;
    const std::string code = ascii_lower(line.substr(0, line.find('#')));
    const size_t quote = code.find_first_of("'\"");
    if (quote != std::string::npos && code.find("ignor", quote) != std::string::npos) return true;
  }
  return false;
}

bool has_tag(const std::string& list, std::string_view tag) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    if (std::string_view(list).substr(start, comma - start) == tag) return true;
    start = comma + 1;
  }
  return false;
}

}  // namespace

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

bool is_test_data_path(const std::string& path) {
  if (!is_test_path(path)) return false;
  const std::vector<std::string> parts = components(path);
  for (size_t i = 0; i + 1 < parts.size(); i++)
    for (const char* d : {"data", "testdata", "test_data", "fixtures", "fixture", "functional", "input", "inputs",
                          "samples", "resources", "regrtest_data"})
      if (parts[i] == d) return true;
  return false;
}

bool is_test_path(const std::string& path) {
  const std::vector<std::string> parts = components(path);
  if (parts.empty()) return false;
  for (size_t i = 0; i + 1 < parts.size(); i++) {
    const std::string& d = parts[i];
    if (d == "test" || d == "tests" || d == "testing" || d == "fixtures" || d == "functional" ||
        d == "test_data" || d == "testdata" || d == "unittests")
      return true;
  }
  const std::string& file = parts.back();
  auto ends = [&](const std::string& suffix) {
    return file.size() >= suffix.size() && file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return file.rfind("test_", 0) == 0 || ends("_test.py") || ends("_tests.py") || file == "conftest.py" ||
         file == "tests.py";
}

const char* category_name(Category c) {
  switch (c) {
    case Category::Test: return "test";
    case Category::Intentional: return "intentional";
    case Category::Bug: return "bug";
    case Category::Review: return "review";
  }
  return "?";
}

const char* study_term(Category c) {
  switch (c) {
    case Category::Test: return "test";
    case Category::Intentional: return "could be correct";
    case Category::Bug: return "incorrect";
    case Category::Review: return "review (not in the study)";
  }
  return "?";
}

const char* pattern_name(Pattern p) {
  switch (p) {
    case Pattern::None: return "";
    case Pattern::HandlerRaiseSwallowed: return "handler-raise-swallowed";
    case Pattern::ExceptExceptionReturn: return "except-exception-return";
    case Pattern::OverridesHandlerReturn: return "overrides-handler-return";
    case Pattern::OverridesBodyReturn: return "overrides-body-return";
    case Pattern::SwallowsEverything: return "swallows-everything";
    case Pattern::SwallowsElse: return "swallows-else";
    case Pattern::SwallowsUncaught: return "swallows-uncaught";
    case Pattern::LoopJump: return "loop-jump";
    case Pattern::SwallowsThrownIn: return "swallows-thrown-in";
    case Pattern::ReadyValueFallback: return "ready-value-fallback";
    case Pattern::NothingInFlight: return "nothing-in-flight";
    case Pattern::CatchesEverything: return "catches-everything";
    case Pattern::OneOperationFallback: return "one-operation-fallback";
    case Pattern::MarkedDeliberate: return "marked-deliberate";
    case Pattern::GuardedByFlag: return "guarded-by-flag";
    case Pattern::LogsAndIgnores: return "logs-and-ignores";
    case Pattern::TestsThePattern: return "tests-the-pattern";
    case Pattern::MixedEvidence: return "mixed-evidence";
  }
  return "?";
}

std::optional<Category> category_from_name(std::string_view name) {
  for (Category c : {Category::Test, Category::Intentional, Category::Bug, Category::Review})
    if (name == category_name(c)) return c;
  return std::nullopt;
}

namespace {

// What the decision reads, derived once from the stored facts.
struct Reading {
  const HitFacts& hit;
  bool is_return = false, value = false;  // a return; a return with a value
  bool catches_all = false, catches_exception = false;
  bool reraises = false;                  // an except clause holds a raise
  bool from_body = false, in_flight = false;  // an exception from the body reaches the finally; any can
  bool handler_returns = false;
  std::string words = {};            // comments, docstring, suppression: lower case
  std::string function = {};         // the innermost function's name
  std::string flow = {};             // value_flow tags
  std::string jump = {};             // "the `return` on line 15"
};

Reading read(const HitFacts& hit) {
  Reading r{.hit = hit};
  r.is_return = hit.statement == "return";
  r.value = r.is_return && hit.has_value;
  r.catches_all = has_tag(hit.handlers, "BaseException") || has_tag(hit.handlers, "bare");
  r.catches_exception = has_tag(hit.handlers, "Exception");
  r.reraises = hit.evidence ? has_tag(hit.evidence->handler_actions, "raise") || hit.evidence->reraise_line > 0
                            : hit.handler_raises;
  r.from_body = hit.body_raises && !r.catches_all;
  r.in_flight = r.from_body || hit.handler_raises || hit.else_raises;
  r.handler_returns = hit.evidence ? has_tag(hit.evidence->handler_actions, "return") : hit.handler_returns;
  r.words = ascii_lower((hit.evidence ? hit.evidence->context : comments_of(hit.try_source)) + "\n" +
                        comments_of(hit.line_source) + "\n" + hit.noqa);
  // A typing pragma is no word of intent.
  for (size_t at; (at = r.words.find("type: ignore")) != std::string::npos;) r.words.erase(at, 12);
  r.function = last_component(hit.scope);
  r.flow = hit.evidence ? hit.evidence->value_flow : "";
  r.jump = hit.line ? fmt::format("the `{}` on line {}", hit.statement, hit.line) : fmt::format("the `{}`", hit.statement);
  return r;
}

// "`conn.close()` on line 12": the statement the lost exception comes from.
std::string raiser(const Reading& r) {
  if (!r.hit.evidence || r.hit.evidence->raise_line == 0) return "a statement of the `try`";
  return fmt::format("{} on line {}", inline_code(r.hit.evidence->raise_source), r.hit.evidence->raise_line);
}

Triage verdict(Category c, Pattern p, std::string reason, std::string evidence) {
  return {c, p, std::move(reason), std::move(evidence)};
}

// The bug verdicts by shape: something can be in flight and the jump loses it.
Triage bug_by_shape(const Reading& r) {
  const HitFacts& hit = r.hit;
  const std::string jump = "the finally's " + hit.statement;
  if (hit.handler_raises)  // not an explicit raise (that is decided first): a with block in a handler
    return verdict(Category::Bug, Pattern::HandlerRaiseSwallowed,
                   "a handler runs a with block that may re-raise (save_and_reraise_exception and the like), and the "
                   "finally's " + hit.statement + " swallows that exception",
                   fmt::format("An `except` clause runs a `with` block, which may re-raise (as "
                               "save_and_reraise_exception does); {} discards that exception.",
                               r.jump));
  if (!r.is_return)
    return verdict(Category::Bug, Pattern::LoopJump, jump + " discards any exception raised in the try and goes on",
                   fmt::format("If {} raises, {} discards that exception and the loop goes on.", raiser(r), r.jump));
  if (r.from_body && r.catches_exception)
    return verdict(Category::Bug, Pattern::ExceptExceptionReturn,
                   "handles Exception but the finally's return also swallows BaseException (KeyboardInterrupt, SystemExit)",
                   fmt::format("The `except Exception` clause takes ordinary errors; if {} raises a KeyboardInterrupt, "
                               "SystemExit or another BaseException, {} discards it.",
                               raiser(r), r.jump));
  if (hit.try_body_returns && !has_tag(r.flow, "same-as-body-return"))
    return verdict(Category::Bug, Pattern::OverridesBodyReturn,
                   "the finally's return replaces the try body's return value and swallows any exception",
                   fmt::format("The value the `try` body returns is replaced by {}; if {} raises, it discards that "
                               "exception too.", r.jump, raiser(r)));
  if (hit.handlers.empty())
    return verdict(Category::Bug, Pattern::SwallowsEverything,
                   "try/finally with no handler: the return swallows every exception raised in the try",
                   fmt::format("If {} raises, {} discards that exception: the `try` has no `except` clause.", raiser(r), r.jump));
  if (!r.from_body)
    return verdict(Category::Bug, Pattern::SwallowsElse,
                   "the else clause can raise, and the finally's return swallows that exception",
                   fmt::format("If {} (the `else` clause) raises, {} discards that exception.", raiser(r), r.jump));
  return verdict(Category::Bug, Pattern::SwallowsUncaught,
                 "the handlers catch some exceptions; the finally's return swallows every other one",
                 fmt::format("If {} raises an exception no `except` clause names, {} discards it.", raiser(r), r.jump));
}

// Why a bug-shaped hit may be meant after all, from what the code says about itself; "" when
// nothing does.
std::string doubt(const Reading& r) {
  if (must_not_fail_role(r.function))
    return fmt::format("the function's name ({}) says it tidies up or must not fail, where dropping errors may be meant",
                       inline_code(r.function));
  if (hints_deliberate(r.words)) return "a comment or docstring around the try speaks of ignoring or falling back";
  return "";
}

}  // namespace

Triage triage(const HitFacts& hit) {
  const Reading r = read(hit);
  const std::string where = hit.scope.empty() ? "" : fmt::format(" ({})", inline_code(hit.scope));

  // Test: test code about the pattern itself, by what it says, never by its path alone.
  if (is_test_path(hit.path) &&
      (about_the_pattern(ascii_lower(hit.scope)) || about_the_pattern(ascii_lower(file_name(hit.path))) ||
       about_the_pattern(r.words) || linter_marked(ascii_lower(hit.line_source))))
    return verdict(Category::Test, Pattern::TestsThePattern,
                   "test code about finally or the check itself: it exercises the pattern on purpose",
                   fmt::format("A test of the pattern{}: its name or comments speak of `finally` or the check.", where));

  const bool marked = linter_marked(r.words) || !hit.noqa.empty() || says_deliberate(r.words);
  // A handler that re-raises means the exception was meant to propagate: the finally defeats it
  // (unless a flag every handler sets first keeps the jump from running once any exception came).
  if (r.reraises && !has_tag(r.flow, "no-exception-flag")) {
    const std::string evidence =
        hit.evidence && hit.evidence->reraise_line
            ? fmt::format("The `raise` on line {} sends the exception on; {} discards it.", hit.evidence->reraise_line, r.jump)
            : fmt::format("An `except` clause raises; {} discards that exception.", r.jump);
    // The jump runs on an outcome the finally itself reads (an I/O's result, say): the code picks
    // that outcome over the exception, and does not say why.
    if (has_tag(r.flow, "guard-on-finally-result"))
      return verdict(Category::Review, Pattern::MixedEvidence,
                     "a handler re-raises, but the jump runs only on an outcome the finally itself reads",
                     evidence + " It does so only when a test on what the `finally` itself computed holds: the "
                                "code lets that outcome win over the exception, and does not say why.");
    if (marked)
      return verdict(Category::Review, Pattern::MixedEvidence,
                     "a comment says the jump is meant, but a handler re-raises and the jump swallows that",
                     evidence + " A comment or suppression says the jump is meant: which of the two is wrong is "
                                "not in the code.");
    return verdict(Category::Bug, Pattern::HandlerRaiseSwallowed,
                   "a handler raises (a re-raise, raise ... from, or a with block that may re-raise), and the finally's " +
                       hit.statement + " swallows that exception",
                   evidence);
  }
  // The PEP's second example: `except: return NotImplemented` then `finally: return value`.
  if (r.handler_returns && r.value)
    return verdict(Category::Bug, Pattern::OverridesHandlerReturn,
                   "the finally's return replaces the handler's return value and swallows any exception",
                   fmt::format("The value an `except` clause returns is replaced by {}: the handler's return is lost.",
                               r.jump));
  // A test's data (a fixtures or data folder under tests): code a tool reads rather than runs, so
  // what its jump loses matters to no caller; unless it speaks of the pattern (a test, above) or
  // nothing can be lost (below), a person decides.
  if (is_test_data_path(hit.path) && (r.in_flight || hit.try_body_returns))
    return verdict(Category::Review, Pattern::MixedEvidence,
                   "test data (a fixtures or data folder): code read by a tool's tests rather than run",
                   fmt::format("The file is data for tests ({}): read, not run, so whether {} loses anything is up to "
                               "what the tests check, which the code does not say.",
                               inline_code(hit.path), r.jump));
  // A generator's try: what the caller throws in at the yield (the error of its with block,
  // GeneratorExit on close) is in flight at the finally, and no handler takes it.
  if (has_tag(r.flow, "body-yields") && !r.catches_all)
    return verdict(Category::Bug, Pattern::SwallowsThrownIn,
                   "the try body yields: the exception the caller throws in there is swallowed",
                   fmt::format("The `try` body yields, so the exception its caller throws in (the error of a `with` "
                               "block over this context manager, GeneratorExit when it is closed) reaches the "
                               "finally, and {} discards it.",
                               r.jump));
  // The body's return is replaced (or, by a break/continue, cancelled) whenever it runs: a value
  // is lost whatever is in flight.
  if (hit.evidence && hit.try_body_returns && !has_tag(r.flow, "conditional") &&
      (!r.is_return || (r.value && !has_tag(r.flow, "same-as-body-return"))))
    return verdict(Category::Bug, Pattern::OverridesBodyReturn,
                   r.is_return ? "the finally's return replaces the try body's return value and swallows any exception"
                               : "the finally's " + hit.statement + " cancels the try body's return",
                   r.is_return ? fmt::format("The value the `try` body returns is always replaced by {}; if {} raises, "
                                             "it discards that exception too.", r.jump, raiser(r))
                               : fmt::format("When the `try` body returns, {} cancels that return and the loop goes on "
                                             "(or ends): its value is lost.", r.jump));
  if (!r.in_flight && !hit.body_raises)
    return verdict(Category::Intentional, Pattern::NothingInFlight,
                   "no exception can be in flight when the finally runs: the try body cannot raise",
                   fmt::format("No statement of the `try` body can raise (only names bound to literals, names or "
                               "plain tuples and lists, `pass` and the like), so {} loses nothing.",
                               r.jump));
  // Only where no handler may raise after setting it: else the jump swallows that.
  if (has_tag(r.flow, "no-exception-flag"))
    return verdict(Category::Intentional, Pattern::GuardedByFlag,
                   "the jump runs only under a flag every handler (each catching everything) sets first: only "
                   "when no exception arrived",
                   fmt::format("The {} runs only as the `try` found the name it tests, and every `except` clause, "
                               "each catching everything, changes that name first: when it runs, no exception has "
                               "arrived, and a handler's re-raise is never discarded.",
                               r.jump.substr(4)));
  if (has_tag(r.flow, "flag") && !hit.handler_raises)
    return verdict(Category::Intentional, Pattern::GuardedByFlag,
                   "the jump runs only under a flag set at the end of the try body or of a handler: an exception "
                   "neither finishes leaves it as it was, and propagates",
                   fmt::format("{} runs only once the `try` body or an `except` clause has run to its end and set "
                               "the name it tests; an exception before that leaves the name as it was, the jump "
                               "does not run, and the exception propagates.",
                               "The " + r.jump.substr(4)));
  // Handlers that catch what they name already do the swallowing the words may speak of; what
  // the jump adds (BaseException, the exceptions none names) the words may not mean.
  if (marked && !hit.handlers.empty() && !r.catches_all)
    return verdict(Category::Review, Pattern::MixedEvidence,
                   "a comment or suppression says it is meant, but the handlers already catch what they name",
                   fmt::format("If {} raises what no `except` clause names (BaseException, KeyboardInterrupt), {} "
                               "discards it. A comment or suppression says the swallowing is meant, but the `except` "
                               "clauses already swallow what they name: whether the words cover the rest is not in "
                               "the code.",
                               raiser(r), r.jump));
  if (marked)
    return verdict(Category::Intentional, Pattern::MarkedDeliberate, "a comment marks it as deliberate",
                   fmt::format("If {} raises, {} discards that exception, and a comment or linter suppression says that "
                               "is meant.", raiser(r), r.jump));
  if (!r.in_flight && has_tag(r.flow, "guard-unproven"))
    return verdict(Category::Review, Pattern::MixedEvidence,
                   "the try catches everything, but the jump runs only under a test of what the try set",
                   fmt::format("The catch-all clause takes every exception of the `try` body, but {} runs only under a "
                               "test of what the `try` set, so it runs after some handlers and not others; what a "
                               "handler raises then is discarded. Which outcome the test picks is not in the code.",
                               r.jump));
  if (!r.in_flight)
    return verdict(Category::Intentional, Pattern::CatchesEverything,
                   "the try catches everything (bare except or except BaseException) and no handler raises: "
                   "swallowing is explicit",
                   fmt::format("The `{}` clause takes every exception of the `try` body and no handler raises, so "
                               "swallowing is explicit; {} adds nothing to lose.",
                               has_tag(hit.handlers, "bare") ? "except:" : "except BaseException:", r.jump));
  if (hit.one_operation_fallback && !hit.try_body_returns)  // a body that returns is overridden: no fallback
    return verdict(Category::Intentional, Pattern::OneOperationFallback,
                   "a try with no handler around one statement and a finally that only " + hit.statement +
                       "s: a catch-all with a fallback, so the swallowing is the point",
                   fmt::format("If {} raises, {} drops it and falls back: a one-statement try/finally used as a "
                               "catch-all.", raiser(r), r.jump));
  // No handler, and the return gives back what was ready before the try (nothing, or a value the
  // body leaves alone or only sets attributes of, as a decorator names the function it returns):
  // the body is side work around a result that does not depend on it. A
  // constant is not taken as such: `return 1` after work says nothing of what the work was for.
  if (hit.handlers.empty() && r.is_return && !has_tag(r.flow, "conditional") && !has_tag(r.flow, "body-raises-explicitly") &&
      hit.evidence && (!r.value || (has_tag(r.flow, "returns-prior-value") && !has_tag(r.flow, "body-changes-value"))))
    return verdict(Category::Intentional, Pattern::ReadyValueFallback,
                   "no handler, and the finally returns a value ready before the try: a fallback around side work",
                   fmt::format("If {} raises, {} discards it and gives back {}: the body is side work around "
                               "a result that does not depend on it.",
                               raiser(r), r.jump,
                               !r.value ? "nothing"
                               : has_tag(r.flow, "body-only-sets-its-attributes")
                                   ? "a value ready before the `try`, whose attributes the body only sets"
                                   : "a value ready before the `try`, which the body does not touch"));
  // A handler that logs the failure and says it ignores it: the author meant the code to go on
  // whatever failed, and the finally's jump is how it goes on. It also discards what no clause
  // names (BaseException) and what the handler raises: that is the price of going on, said.
  if (!hit.handlers.empty() && !r.reraises && !r.catches_all && handler_says_ignoring(hit.try_source) &&
      !(hit.try_body_returns && r.is_return))
    return verdict(Category::Intentional, Pattern::LogsAndIgnores,
                   "a handler logs the failure and says it ignores it: going on regardless is meant",
                   fmt::format("If {} raises, an `except` clause logs it and says it is ignored; {} also discards "
                               "what no clause names (BaseException: KeyboardInterrupt, SystemExit, a cancelled "
                               "task) and what the handler raises: going on regardless is what the code says it does.",
                               raiser(r), r.jump));
  Triage bug = bug_by_shape(r);
  // A certain loss of a value stays a bug whatever the words: the body's return is always replaced.
  if (bug.pattern == Pattern::OverridesBodyReturn) return bug;
  if (const std::string why = doubt(r); !why.empty())
    return verdict(Category::Review, Pattern::MixedEvidence,
                   "the shape loses an exception, but " + why,
                   bug.evidence + " But " + why + "; whether that is meant is not in the code: a person has to read it.");
  return bug;
}

}  // namespace pep765
