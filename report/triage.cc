#include "report/triage.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "common/ascii.h"

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

bool has_handler(const std::string& handlers, const std::string& kind) {
  size_t start = 0;
  while (start <= handlers.size()) {
    size_t comma = handlers.find(',', start);
    if (comma == std::string::npos) comma = handlers.size();
    if (handlers.compare(start, comma - start, kind) == 0) return true;
    start = comma + 1;
  }
  return false;
}

// A comment saying the jump is meant: a linter's code for this check disabled on purpose, or
// plain words.
bool marked_deliberate(const std::string& source) {
  const std::string s = ascii_lower(source);
  for (const char* mark : {"noqa: b012", "noqa:b012", "noqa b012", "lost-exception", "w0150", "plw0150",
                           "return-in-finally", "pylint: disable=lost-exception", "intentional", "deliberate",
                           "on purpose"})
    if (s.find(mark) != std::string::npos) return true;
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
    case Pattern::NothingInFlight: return "nothing-in-flight";
    case Pattern::CatchesEverything: return "catches-everything";
    case Pattern::OneOperationFallback: return "one-operation-fallback";
    case Pattern::MarkedDeliberate: return "marked-deliberate";
  }
  return "?";
}

std::optional<Category> category_from_name(std::string_view name) {
  for (Category c : {Category::Test, Category::Intentional, Category::Bug})
    if (name == category_name(c)) return c;
  return std::nullopt;
}

Triage triage(const HitFacts& hit) {
  Triage t;
  const bool is_return = hit.statement == "return";
  const bool catches_all = has_handler(hit.handlers, "BaseException") || has_handler(hit.handlers, "bare");
  const bool catches_exception = has_handler(hit.handlers, "Exception");
  // An exception can be in flight when the finally runs: from the body unless a catch-all
  // handler takes it, from a handler that raises, from the else clause.
  const bool from_body = hit.body_raises && !catches_all;
  const bool in_flight = from_body || hit.handler_raises || hit.else_raises;

  if (is_test_path(hit.path)) {
    t.category = Category::Test;
    t.reason = "in test code, which may exercise the pattern on purpose";
    if (!is_return) t.pattern = Pattern::LoopJump;
    return t;
  }
  if (marked_deliberate(hit.try_source) || marked_deliberate(hit.line_source)) {
    t.category = Category::Intentional;
    t.pattern = Pattern::MarkedDeliberate;
    t.reason = "a comment marks it as deliberate";
    return t;
  }
  if (hit.one_operation_fallback && !hit.try_body_returns) {  // a body that returns is overridden: no fallback
    t.category = Category::Intentional;
    t.pattern = Pattern::OneOperationFallback;
    t.reason = "a try with no handler around one statement and a finally that only " + hit.statement +
               "s: a catch-all with a fallback, so the swallowing is the point";
    return t;
  }
  if (!in_flight) {
    t.category = Category::Intentional;
    if (!hit.body_raises) {
      t.pattern = Pattern::NothingInFlight;
      t.reason = "no exception can be in flight when the finally runs: the try body cannot raise";
    } else {
      t.pattern = Pattern::CatchesEverything;
      t.reason = "the try catches everything (bare except or except BaseException) and no handler raises: "
                 "swallowing is explicit";
    }
    return t;
  }
  t.category = Category::Bug;
  const std::string jump = "the finally's " + hit.statement;
  if (hit.handler_raises) {
    t.pattern = Pattern::HandlerRaiseSwallowed;
    t.reason = "a handler raises (a re-raise, raise ... from, or a with block that may re-raise), and " + jump +
               " swallows that exception";
  } else if (!is_return) {
    t.pattern = Pattern::LoopJump;
    t.reason = jump + " discards any exception raised in the try and goes on";
  } else if (from_body && catches_exception) {
    t.pattern = Pattern::ExceptExceptionReturn;
    t.reason = "handles Exception but the finally's return also swallows BaseException (KeyboardInterrupt, SystemExit)";
  } else if (hit.handler_returns) {
    t.pattern = Pattern::OverridesHandlerReturn;
    t.reason = "the finally's return replaces the handler's return value and swallows any exception";
  } else if (hit.try_body_returns) {
    t.pattern = Pattern::OverridesBodyReturn;
    t.reason = "the finally's return replaces the try body's return value and swallows any exception";
  } else if (hit.handlers.empty()) {
    t.pattern = Pattern::SwallowsEverything;
    t.reason = "try/finally with no handler: the return swallows every exception raised in the try";
  } else if (!from_body) {
    t.pattern = Pattern::SwallowsElse;
    t.reason = "the else clause can raise, and the finally's return swallows that exception";
  } else {
    t.pattern = Pattern::SwallowsUncaught;
    t.reason = "the handlers catch some exceptions; the finally's return swallows every other one";
  }
  return t;
}

}  // namespace pep765
