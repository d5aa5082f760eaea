#include "report/triage.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace pep765 {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> components(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(lower(path.substr(start, slash - start)));
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
  const std::string s = lower(source);
  for (const char* mark : {"noqa: b012", "noqa:b012", "noqa b012", "lost-exception", "w0150", "plw0150",
                           "return-in-finally", "pylint: disable=lost-exception", "intentional", "deliberate",
                           "on purpose"})
    if (s.find(mark) != std::string::npos) return true;
  return false;
}

// Whether the try body is only `pass` (or `...`): then no exception can be in flight when the
// finally runs. `try_source` starts at the `try` keyword; its later lines keep their
// indentation in the file, and the except / else / finally clauses are the lines at the
// smallest indentation among them.
bool body_cannot_raise(const std::string& try_source) {
  const std::vector<std::string> lines = split_lines(try_source);
  auto code = [](std::string line) {  // the line without its comment and surrounding blanks
    if (size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::string out;
    for (char c : line)
      if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    return out;
  };
  auto indent = [](const std::string& line) { return line.find_first_not_of(" \t"); };
  size_t clause_indent = std::string::npos;
  for (size_t i = 1; i < lines.size(); i++)
    if (!code(lines[i]).empty()) clause_indent = std::min(clause_indent, indent(lines[i]));
  const size_t colon = lines[0].find(':');
  std::string body = colon == std::string::npos ? "" : code(lines[0].substr(colon + 1));
  for (size_t i = 1; i < lines.size(); i++) {
    const std::string c = code(lines[i]);
    if (c.empty()) continue;
    if (indent(lines[i]) == clause_indent && (c.rfind("except", 0) == 0 || c.rfind("finally", 0) == 0 ||
                                              c.rfind("else", 0) == 0))
      break;
    body += c;
  }
  return body == "pass" || body == "...";
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

Triage triage(const HitFacts& hit) {
  Triage t;
  const bool is_return = hit.statement == "return";
  const bool catches_all = has_handler(hit.handlers, "BaseException") || has_handler(hit.handlers, "bare");

  if (!is_return) t.pattern = "loop-jump";
  else if (has_handler(hit.handlers, "Exception")) t.pattern = "except-exception-return";
  else if (hit.handler_returns) t.pattern = "overrides-handler-return";
  else if (hit.try_body_returns) t.pattern = "overrides-body-return";
  else if (hit.handlers.empty()) t.pattern = "swallows-everything";

  if (is_test_path(hit.path)) {
    t.category = "test";
    t.reason = "in test code, which may exercise the pattern on purpose";
  } else if (catches_all) {
    t.category = "intentional";
    t.reason = "the try already catches everything (bare except or except BaseException), so no exception is lost";
  } else if (marked_deliberate(hit.try_source) || marked_deliberate(hit.line_source)) {
    t.category = "intentional";
    t.reason = "a comment marks it as deliberate";
  } else if (body_cannot_raise(hit.try_source)) {
    t.category = "intentional";
    t.reason = "the try body is only pass: no exception can be in flight";
  } else {
    t.category = "bug";
    if (t.pattern == "except-exception-return")
      t.reason = "handles Exception but the finally's return also swallows BaseException (KeyboardInterrupt, SystemExit)";
    else if (t.pattern == "overrides-handler-return")
      t.reason = "the finally's return replaces the handler's return value and swallows any exception";
    else if (t.pattern == "overrides-body-return")
      t.reason = "the finally's return replaces the try body's return value and swallows any exception";
    else if (t.pattern == "swallows-everything")
      t.reason = "try/finally with no handler: the return swallows every exception raised in the try";
    else if (t.pattern == "loop-jump")
      t.reason = "the " + hit.statement + " discards any exception raised in the try and goes on with the loop";
    else
      t.reason = "the return swallows any exception the handlers let through";
  }
  return t;
}

}  // namespace pep765
