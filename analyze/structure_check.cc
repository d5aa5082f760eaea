#include "analyze/structure_check.h"

#include <array>
#include <cstdint>

#include "analyze/logical_lines.h"

namespace pep765 {

namespace {

// Hard and soft keywords: the words a Python 3 statement may start with and follow by a name.
bool is_keyword(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "False", "None",   "True",  "and",   "as",     "assert", "async",    "await",  "break",
      "case",  "class",  "continue", "def", "del",   "elif",   "else",     "except", "finally",
      "for",   "from",   "global", "if",   "import", "in",     "is",       "lambda", "match",
      "nonlocal", "not", "or",    "pass",  "raise",  "return", "try",      "type",   "while",
      "with",  "yield"};
  for (std::string_view k : kWords)
    if (w == k) return true;
  return false;
}

// Operators spelled as words, which may follow a name in an expression statement.
bool is_word_operator(std::string_view w) {
  return w == "in" || w == "is" || w == "and" || w == "or" || w == "if" || w == "not";
}

bool is_string_prefix(std::string_view w) {
  if (w.empty() || w.size() > 2) return false;
  auto lower = [](char c) { return char(c >= 'A' && c <= 'Z' ? c + 32 : c); };
  const char a = lower(w[0]), b = w.size() == 2 ? lower(w[1]) : 0;
  auto one = [](char c) { return c == 'r' || c == 'b' || c == 'f' || c == 'u' || c == 't'; };
  if (!b) return one(a);
  return a != b && (a == 'r' || b == 'r') && (one(a) && one(b)) && a != 'u' && b != 'u';
}

// CPython's tokenizer limit on indentation levels (MAXINDENT in its lexer).
constexpr int kMaxIndent = 100;

struct LayoutVisitor {
  static constexpr bool kWords = false;
  std::string_view text;
  StructureCheck& out;

  // CPython's indentation stacks: columns with tabs to multiples of 8, and with tabs as 1.
  std::array<int, kMaxIndent> cols{}, altcols{};
  int level = 0;
  bool opens_block = false;  // the previous logical line ends in ':'
  bool first_is_raise = false;
  uint32_t code = 0;

  void reject(const char* rule) {
    if (!out.rejected) out.rejected = rule;
  }

  // The tokenizer's indentation check, then the parser's: an INDENT exactly after a line
  // ending in ':'.
  void indentation(uint32_t start, uint32_t code_at) {
    int col = 0, altcol = 0;
    for (uint32_t k = start; k < code_at; k++) {
      const char c = text[k];
      if (c == ' ') { col++; altcol++; }
      else if (c == '\t') { col = (col / 8 + 1) * 8; altcol++; }
      else { col = altcol = 0; }  // form feed
    }
    bool indented = false;
    if (col == cols[level]) {
      if (altcol != altcols[level]) return reject("tab_error");
    } else if (col > cols[level]) {
      if (level + 1 >= kMaxIndent) return reject("too_many_indentation_levels");
      if (altcol <= altcols[level]) return reject("tab_error");
      cols[++level] = col;
      altcols[level] = altcol;
      indented = true;
    } else {
      while (level > 0 && col < cols[level]) level--;
      if (col != cols[level]) return reject("unindent_mismatch");
      if (altcol != altcols[level]) return reject("tab_error");
    }
    if (opens_block && !indented) return reject("expected_indented_block");
    if (indented && !opens_block) return reject("unexpected_indent");
  }

  // Two names in a row (or a name and a literal) at the start of a statement: only keywords
  // and soft keywords begin a Python 3 statement that way.
  void first_tokens(uint32_t at) {
    const size_t n = text.size();
    auto word_end = [&](size_t k) {
      while (k < n && is_word_byte(text[k])) k++;
      return k;
    };
    const unsigned char c0 = text[at];
    if (!is_word_byte(c0) || (c0 >= '0' && c0 <= '9')) return;
    const size_t end = word_end(at);
    const std::string_view first = text.substr(at, end - at);
    first_is_raise = first == "raise";
    if (is_keyword(first)) return;
    size_t k = end;
    while (k < n && is_blank(text[k])) k++;
    if (k >= n) return;
    const char next = text[k];
    if (next == '\'' || next == '"') {
      if (k == end && is_string_prefix(first)) return;  // the line starts with a prefixed string
      out.suspect = true;
    } else if (is_word_byte(static_cast<unsigned char>(next))) {
      if (k == end) return;
      if (!is_word_operator(text.substr(k, word_end(k) - k))) out.suspect = true;
    }
  }

  void line(uint32_t start, uint32_t code_at, uint32_t /*row*/) {
    indentation(start, code_at);
    code = code_at;
    first_is_raise = false;
    first_tokens(code_at);
  }

  // `raise E, value` (Python 2): a comma outside brackets, before any string or comment.
  void raise_with_comma(size_t code_end) {
    int depth = 0;
    for (size_t k = code + 5; k < code_end; k++) {
      const char c = text[k];
      if (c == '#' || c == '"' || c == '\'') return;
      if (c == '(' || c == '[' || c == '{') depth++;
      else if (c == ')' || c == ']' || c == '}') depth--;
      else if (c == ',' && depth == 0) {
        out.suspect = true;
        return;
      }
    }
  }

  void line_end(size_t code_end) {
    opens_block = code_end > 0 && text[code_end - 1] == ':';
    if (first_is_raise) raise_with_comma(code_end);
  }
  void word(size_t, size_t) {}
};

}  // namespace

StructureCheck check_structure(std::string_view text) {
  StructureCheck out;
  LayoutVisitor visitor{text, out};
  switch (scan_logical_lines(text, visitor)) {
    case LineScanEnd::TooDeeplyNested:
      out.rejected = "too_deeply_nested";
      return out;
    case LineScanEnd::LostTrack:
      // What was found before the scan lost its way may rest on a misread string: a parse
      // decides instead.
      out.rejected = nullptr;
      out.suspect = true;
      return out;
    case LineScanEnd::Complete:
      break;
  }
  if (visitor.opens_block) visitor.reject("expected_indented_block");  // `if x:` at the end of the file
  return out;
}

}  // namespace pep765
