#include "analyze/structure_check.h"

#include <array>
#include <optional>
#include <cctype>
#include <string>
#include <cstdint>
#include <cstring>

#include "analyze/logical_lines.h"
#include "analyze/regions.h"

namespace pep765 {

namespace {

// What a logical line's first word is, as far as the layout check cares: the words that
// open a block or need one, the other hard and soft keywords (a Python 3 statement may start
// with one and follow it by a name), and names. Every line's first word is classified here
// once, by its length and first letter.
enum class FirstWord : uint8_t {
  Name, Keyword, Def, Class, For, While, Async, Return, Yield, Await, Break, Continue, Raise,
};

FirstWord classify_first_word(std::string_view w) {
  // Within a case the length is known equal: a compare of that many bytes, which the compiler
  // does inline (a string_view compare called memcmp, several times for most lines).
  auto is = [&]<size_t N>(const char (&k)[N]) { return std::memcmp(w.data(), k, N - 1) == 0; };
  switch (w.size()) {
    case 2:
      return is("as") || is("if") || is("in") || is("is") || is("or") ? FirstWord::Keyword : FirstWord::Name;
    case 3:
      if (is("def")) return FirstWord::Def;
      if (is("for")) return FirstWord::For;
      return is("and") || is("del") || is("not") || is("try") ? FirstWord::Keyword : FirstWord::Name;
    case 4:
      return is("None") || is("True") || is("case") || is("elif") || is("else") || is("from") || is("pass") ||
                     is("type") || is("with")
                 ? FirstWord::Keyword
                 : FirstWord::Name;
    case 5:
      if (is("class")) return FirstWord::Class;
      if (is("while")) return FirstWord::While;
      if (is("async")) return FirstWord::Async;
      if (is("yield")) return FirstWord::Yield;
      if (is("await")) return FirstWord::Await;
      if (is("break")) return FirstWord::Break;
      if (is("raise")) return FirstWord::Raise;
      return is("False") || is("match") ? FirstWord::Keyword : FirstWord::Name;
    case 6:
      if (is("return")) return FirstWord::Return;
      return is("assert") || is("except") || is("global") || is("import") || is("lambda") ? FirstWord::Keyword
                                                                                        : FirstWord::Name;
    case 7:
      return is("finally") ? FirstWord::Keyword : FirstWord::Name;
    case 8:
      if (is("continue")) return FirstWord::Continue;
      return is("nonlocal") ? FirstWord::Keyword : FirstWord::Name;
    default:
      return FirstWord::Name;
  }
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

// What opened an indented block, as far as the compiler's checks care: `return`, `yield` and
// `await` need an enclosing function; `break` and `continue` a loop body with no function or
// class between (a loop's `else` is no loop body).
enum class Block : uint8_t { Other, Function, Class, Loop };

// With kCollect, it also hands every line and jump keyword to the region scan's collector, in
// the same pass.
template <bool kCollect>
struct LayoutVisitor {
  static constexpr bool kRows = kCollect;
  static constexpr bool kKeywords = kCollect;
  std::string_view text;
  StructureCheck& out;
  LineCollector* collector = nullptr;

  // CPython's indentation stacks: columns with tabs to multiples of 8, and with tabs as 1;
  // beside them, what opened each level.
  std::array<int64_t, kMaxIndent> cols{}, altcols{};  // 64-bit: a hostile line may be indented by gigabytes
  std::array<Block, kMaxIndent> blocks{};
  int level = 0;
  bool opens_block = false;  // the previous logical line ends in ':'
  Block header = Block::Other;   // what the previous logical line would open
  Block this_header = Block::Other;
  bool first_is_raise = false;
  uint32_t code = 0;

  void reject(const char* rule) {
    if (!out.rejected) out.rejected = rule;
  }
  void suspect(const char* why) {
    if (!out.suspect) out.suspect_why = why;
    out.suspect = true;
  }

  // The tokenizer's indentation check, then the parser's: an INDENT exactly after a line
  // ending in ':'.
  void indentation(uint32_t start, uint32_t code_at, bool spaces_only) {
    int64_t col = code_at - start, altcol = col;
    if (!spaces_only) {
      col = altcol = 0;
      for (uint32_t k = start; k < code_at; k++) {
        const char c = text[k];
        if (c == ' ') { col++; altcol++; }
        else if (c == '\t') { col = (col / 8 + 1) * 8; altcol++; }
        else { col = altcol = 0; }  // form feed
      }
    }
    bool indented = false;
    if (col == cols[level]) {
      if (altcol != altcols[level]) return reject("tab_error");
    } else if (col > cols[level]) {
      if (level + 1 >= kMaxIndent) return reject("too_many_indentation_levels");
      if (altcol <= altcols[level]) return reject("tab_error");
      cols[++level] = col;
      altcols[level] = altcol;
      blocks[level] = header;
      indented = true;
    } else {
      while (level > 0 && col < cols[level]) level--;
      if (col != cols[level]) return reject("unindent_mismatch");
      if (altcol != altcols[level]) return reject("tab_error");
    }
    if (opens_block && !indented) return reject("expected_indented_block");
    if (indented && !opens_block) return reject("unexpected_indent");
  }

  size_t word_end(size_t k) const { return pep765::word_end(text.data(), k, text.size()); }

  // Two names in a row (or a name and a literal) at the start of a statement: only keywords
  // and soft keywords begin a Python 3 statement that way.
  void first_tokens(uint32_t at) {
    const size_t n = text.size();
    const unsigned char c0 = text[at];
    if (!is_word_byte(c0) || (c0 >= '0' && c0 <= '9')) return;
    const size_t end = word_end(at);
    const std::string_view first = text.substr(at, end - at);
    const FirstWord kind = classify_first_word(first);
    if (kind != FirstWord::Name) {
      first_is_raise = kind == FirstWord::Raise;
      if (kind == FirstWord::Def) tuple_parameter(end);
      statement_context(kind, end);
      return;
    }
    size_t k = end;
    while (k < n && is_blank(text[k])) k++;
    if (k >= n) return;
    const char next = text[k];
    if (next == '\'' || next == '"') {
      if (k == end && is_string_prefix(first)) return;  // the line starts with a prefixed string
      suspect("name_then_string");
    } else if (is_word_byte(static_cast<unsigned char>(next))) {
      if (k == end) return;
      if (!is_word_operator(text.substr(k, word_end(k) - k))) suspect("two_names");
    }
  }

  // The compiler's checks on where a statement may stand (CPython raises SyntaxError for
  // each): what the line would open, and whether a jump or yield has the block it needs.
  void statement_context(FirstWord first, size_t end) {
    FirstWord opener = first;
    if (first == FirstWord::Async) {  // async def / async for / async with
      size_t k = end;
      while (k < text.size() && is_blank(text[k])) k++;
      opener = classify_first_word(text.substr(k, word_end(k) - k));
    }
    switch (opener) {
      case FirstWord::Def: this_header = Block::Function; break;
      case FirstWord::Class: this_header = Block::Class; break;
      case FirstWord::For: case FirstWord::While: this_header = Block::Loop; break;
      default: this_header = Block::Other;
    }
    switch (first) {
      case FirstWord::Return: case FirstWord::Yield: case FirstWord::Await:
        for (int l = level; l > 0; l--)
          if (blocks[l] == Block::Function) return;
        return reject(first == FirstWord::Return  ? "return_outside_function"
                      : first == FirstWord::Yield ? "yield_outside_function"
                                                  : "await_outside_function");
      case FirstWord::Break: case FirstWord::Continue:
        for (int l = level; l > 0; l--) {
          if (blocks[l] == Block::Loop) return;
          if (blocks[l] != Block::Other) break;  // a function or class body: no loop of its own
        }
        return reject(first == FirstWord::Break ? "break_outside_loop" : "continue_outside_loop");
      default:
        return;
    }
  }

  void keyword(size_t begin, size_t end) {
    if constexpr (kCollect) collector->keyword(begin, end);
  }

  void line(uint32_t start, uint32_t code_at, uint32_t row, bool spaces_only) {
    if constexpr (kCollect) collector->line(start, code_at, row, spaces_only);
    indentation(start, code_at, spaces_only);
    code = code_at;
    first_is_raise = false;
    this_header = Block::Other;
    first_tokens(code_at);
  }

  // `raise E, value` (Python 2): a comma outside brackets, before any string or comment. No
  // Python 3 raise has one (tree-sitter reads it as raising a tuple, so this decides).
  void raise_with_comma(size_t code_end) {
    int depth = 0;
    for (size_t k = code + 5; k < code_end; k++) {
      const char c = text[k];
      if (c == '#' || c == '"' || c == '\'') return;
      if (c == '(' || c == '[' || c == '{') depth++;
      else if (c == ')' || c == ']' || c == '}') depth--;
      else if (c == ',' && depth == 0) return reject("python2_raise");
    }
  }

  // `def f((x, y)):` (Python 2's tuple parameters): a parameter list whose first parameter
  // opens a bracket. Python 3 has none (tree-sitter accepts them, so this decides).
  void tuple_parameter(size_t after_def) {
    const size_t n = text.size();
    size_t k = after_def;
    while (k < n && is_blank(text[k])) k++;
    k = word_end(k);  // the name
    while (k < n && is_blank(text[k])) k++;
    if (k < n && text[k] == '[') return;  // type parameters: leave it to the parse
    if (k >= n || text[k] != '(') return;
    k++;
    while (k < n && is_blank(text[k])) k++;
    if (k < n && text[k] == '(') reject("python2_tuple_parameter");
  }

  void line_end(size_t code_end) {
    opens_block = code_end > 0 && text[code_end - 1] == ':';
    header = this_header;
    if (first_is_raise) raise_with_comma(code_end);
  }
};

// The encoding a PEP 263 cookie names on `line` ("" when none): `# -*- coding: latin-1 -*-`.
std::string coding_cookie(std::string_view line) {
  size_t k = 0;
  while (k < line.size() && is_blank(line[k])) k++;
  if (k >= line.size() || line[k] != '#') return "";
  const size_t at = line.find("coding", k);
  if (at == std::string_view::npos || at + 6 >= line.size() || (line[at + 6] != ':' && line[at + 6] != '=')) return "";
  k = at + 7;
  while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) k++;
  std::string name;
  while (k < line.size() && (std::isalnum(static_cast<unsigned char>(line[k])) || line[k] == '-' || line[k] == '_' ||
                             line[k] == '.'))
    name += char(std::tolower(static_cast<unsigned char>(line[k++])));
  return name;
}

}  // namespace

bool declared_utf8(std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) return true;  // a BOM: UTF-8 whatever is declared
  std::string_view rest = bytes;
  for (int line_no = 0; line_no < 2 && !rest.empty(); line_no++) {
    const size_t end = rest.find_first_of("\r\n");
    const std::string_view line = rest.substr(0, end);
    const std::string name = coding_cookie(line);
    if (!name.empty()) {
      // CPython's get_normal_name: utf-8, utf_8, utf8 and utf-8-<anything> are UTF-8.
      std::string n = name;
      for (char& c : n)
        if (c == '_') c = '-';
      return n == "utf-8" || n == "utf8" || n.rfind("utf-8-", 0) == 0;
    }
    // The second line counts only after a first line that is blank or a comment.
    size_t k = 0;
    while (k < line.size() && is_blank(line[k])) k++;
    if (k < line.size() && line[k] != '#') break;
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + (rest.compare(end, 2, "\r\n") == 0 ? 2 : 1));  // CRLF is one line break
  }
  return true;
}

namespace {

template <bool kCollect>
StructureCheck check_layout(std::string_view text, RegionLines* lines) {
  StructureCheck out;
  std::optional<LineCollector> collector;
  if constexpr (kCollect) collector.emplace(text, *lines);
  LayoutVisitor<kCollect> visitor{text, out, collector ? &*collector : nullptr};
  const LineScanEnd end = scan_logical_lines(text, visitor);
  if constexpr (kCollect) lines->end = end;
  switch (end) {
    case LineScanEnd::TooDeeplyNested:
      out.rejected = "too_deeply_nested";
      return out;
    case LineScanEnd::LostTrack:
      // What was found before the scan lost its way may rest on a misread string: a parse
      // decides instead.
      out.rejected = nullptr;
      out.suspect = true;
      out.suspect_why = "lost_track";
      return out;
    case LineScanEnd::Complete:
      break;
  }
  if (visitor.opens_block) visitor.reject("expected_indented_block");  // `if x:` at the end of the file
  return out;
}

}  // namespace

StructureCheck check_structure(std::string_view text, RegionLines* lines) {
  return lines ? check_layout<true>(text, lines) : check_layout<false>(text, nullptr);
}

}  // namespace pep765
