#include "analyze/py2_signal.h"

#include "analyze/regions.h"

#include <cstring>

namespace pep765 {

namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }
bool word_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// `keyword` at `at` starts a statement: only indentation before it on its line.
bool at_line_start(std::string_view text, size_t at) {
  size_t i = at;
  while (i > 0 && blank(text[i - 1])) i--;
  return i == 0 || text[i - 1] == '\n' || text[i - 1] == '\r';
}

// What follows `print`/`exec` and blanks: the start of an operand (Python 2's statement), not a
// call, an assignment, an attribute, an operator or the end of the line.
bool operand_follows(std::string_view text, size_t after) {
  size_t i = after;
  if (i >= text.size() || !blank(text[i])) return false;  // `print(`, `print.x`, `printer`
  while (i < text.size() && blank(text[i])) i++;
  if (i >= text.size()) return false;
  const char c = text[i];
  if (c == '(') return false;  // `print (x)` is a call in Python 3 too
  if (c == '"' || c == '\'' || word_byte(c)) {
    // `print x`, `print "x"`; but not `print = f`, `print in ...`, `print is None` etc.
    if (word_byte(c)) {
      size_t j = i;
      while (j < text.size() && word_byte(text[j])) j++;
      std::string_view word = text.substr(i, j - i);
      if (word == "in" || word == "is" || word == "and" || word == "or" || word == "if" || word == "else" ||
          word == "for" || word == "not")
        return false;
      while (j < text.size() && blank(text[j])) j++;
      if (j < text.size() && text[j] == '=' && (j + 1 >= text.size() || text[j + 1] != '=')) return false;
    }
    return true;
  }
  return false;
}

// `raise E, value`: a comma outside brackets before the end of the logical line.
bool raise_with_comma(std::string_view text, size_t after) {
  if (after >= text.size() || !blank(text[after])) return false;
  int depth = 0;
  for (size_t i = after; i < text.size(); i++) {
    const char c = text[i];
    if (c == '\n' && depth == 0) return false;
    if (c == '#' || c == '"' || c == '\'') return false;  // strings and comments: too far for a signal
    if (c == '(' || c == '[' || c == '{') depth++;
    else if (c == ')' || c == ']' || c == '}') depth--;
    else if (c == ',' && depth == 0) return true;
  }
  return false;
}



template <typename Check>
bool any_statement(std::string_view text, std::string_view keyword, Check check) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  for (const char* p = begin; p < end;) {
    const void* hit = memmem(p, size_t(end - p), keyword.data(), keyword.size());  // glibc's, vectorised
    if (!hit) return false;
    const size_t at = size_t(static_cast<const char*>(hit) - begin);
    if (at_line_start(text, at) && check(at + keyword.size())) return true;
    p = begin + at + keyword.size();
  }
  return false;
}


// Whether the statement at `at` is one only Python 2 has.
bool python2_statement_at(std::string_view text, size_t at) {
  auto keyword = [&](std::string_view k) {
    return text.compare(at, k.size(), k) == 0 && (at + k.size() >= text.size() || !word_byte(text[at + k.size()]));
  };
  if (keyword("print")) return operand_follows(text, at + 5);
  if (keyword("exec")) return operand_follows(text, at + 4);
  if (keyword("raise")) return raise_with_comma(text, at + 5);
  return false;
}

}  // namespace

bool python2_signal(std::string_view text) {
  // First the bytes (cheap, vectorised); then, for the few files they flag, the statements:
  // a `print x` inside a docstring is no statement, and needs no parse.
  const bool bytes = any_statement(text, "print", [&](size_t after) { return operand_follows(text, after); }) ||
                     any_statement(text, "exec", [&](size_t after) { return operand_follows(text, after); }) ||
                     any_statement(text, "raise", [&](size_t after) { return raise_with_comma(text, after); });
  if (!bytes) return false;
  auto starts = logical_line_starts(text);
  if (!starts) return true;  // the scan lost track: let the parse decide
  for (uint32_t at : *starts)
    if (python2_statement_at(text, at)) return true;
  return false;
}

}  // namespace pep765
