#include "analyze/finally_jumps.h"
#include "analyze/exception_flow.h"
#include "analyze/try_evidence.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <string>
#include <vector>
#include <cstring>

#include "common/enum_names.h"

extern "C" const TSLanguage* tree_sitter_python();

namespace pep765 {

constexpr const char* kStatementNames[] = {"return", "break", "continue"};  // in Statement's order
const char* statement_name(Statement s) { return enum_name(s, kStatementNames); }

const TSLanguage* python_language() { return tree_sitter_python(); }

namespace {

// What a node is, for this walk. Looked up per symbol id, since one name can have several
// ids (aliases) and comparing strings per node would cost.
enum class Kind : uint8_t {
  Other,        // an expression or simple statement: holds no statements, not descended
  Container,    // holds statements: module, block, if/with/match/clauses, ERROR
  Try,
  Finally,
  Except,       // except_clause
  ExceptGroup,  // except_group_clause (except*)
  Loop,         // for / async for / while
  Function,     // def / async def
  Class,
  Return,
  Break,
  Continue,
  Python2Only,  // print_statement, exec_statement
};

// tree-sitter's ERROR node symbol (ts_builtin_sym_error), the largest TSSymbol.
constexpr TSSymbol kErrorSymbol = TSSymbol(-1);

class Symbols {
 public:
  Symbols() {
    const TSLanguage* lang = python_language();
    body_ = ts_language_field_id_for_name(lang, "body", 4);
    name_ = ts_language_field_id_for_name(lang, "name", 4);
    value_ = ts_language_field_id_for_name(lang, "value", 5);
    const uint32_t count = ts_language_symbol_count(lang);
    kinds_.assign(count, Kind::Other);
    for (TSSymbol s = 0; s < count; s++) {
      if (ts_language_symbol_type(lang, s) != TSSymbolTypeRegular) continue;
      kinds_[s] = classify(ts_language_symbol_name(lang, s));
    }
  }
  Kind kind(TSNode n) const {
    TSSymbol s = ts_node_symbol(n);
    if (s == kErrorSymbol) return Kind::Container;  // keep looking inside broken parses
    return s < kinds_.size() ? kinds_[s] : Kind::Other;
  }
  TSFieldId body() const { return body_; }
  TSFieldId name() const { return name_; }
  TSFieldId value() const { return value_; }

 private:
  static Kind classify(std::string_view name) {
    static const std::pair<std::string_view, Kind> table[] = {
        {"module", Kind::Container},          {"block", Kind::Container},
        {"if_statement", Kind::Container},    {"elif_clause", Kind::Container},
        {"else_clause", Kind::Container},     {"with_statement", Kind::Container},
        {"match_statement", Kind::Container}, {"case_clause", Kind::Container},
        {"decorated_definition", Kind::Container},
        {"try_statement", Kind::Try},         {"finally_clause", Kind::Finally},
        {"except_clause", Kind::Except},      {"except_group_clause", Kind::ExceptGroup},
        {"for_statement", Kind::Loop},        {"while_statement", Kind::Loop},
        {"function_definition", Kind::Function}, {"class_definition", Kind::Class},
        {"return_statement", Kind::Return},   {"break_statement", Kind::Break},
        {"continue_statement", Kind::Continue},
        {"print_statement", Kind::Python2Only}, {"exec_statement", Kind::Python2Only},
    };
    for (auto& [n, k] : table)
      if (n == name) return k;
    return Kind::Other;
  }
  std::vector<Kind> kinds_;
  TSFieldId body_, name_, value_;
};

const Symbols& symbols() {
  static const Symbols instance;
  return instance;
}

bool descends(Kind k) {
  return k != Kind::Other && k != Kind::Return && k != Kind::Break && k != Kind::Continue &&
         k != Kind::Python2Only;
}

// `print x` is Python 2 only; `print >>f, x` parses in Python 3 too (a tuple expression), so a
// print statement with a chevron does not count.
bool python2_only(TSNode statement) {
  if (std::strcmp(ts_node_type(statement), "print_statement") != 0) return true;  // exec "code"
  for (uint32_t i = 0; i < ts_node_named_child_count(statement); i++)
    if (std::strcmp(ts_node_type(ts_node_named_child(statement, i)), "chevron") == 0) return false;
  return true;
}

enum class Marker : uint8_t { None, Finally, Loop, Function };

struct Frame {
  TSNode node;
  Kind kind;
  Marker innermost;     // innermost of finally / loop body / function body
  Marker innermost_fd;  // innermost of finally / function body
};

std::string_view node_text(TSNode n, std::string_view text) {
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  if (a > text.size()) a = text.size();
  if (b > text.size()) b = text.size();
  return text.substr(a, b > a ? b - a : 0);
}

// Classifies what an except clause catches by the names in its expression.
const char* handler_class(TSNode clause, Kind kind, std::string_view text) {
  const Symbols& sym = symbols();
  TSNode caught = {};
  if (kind == Kind::Except) {
    caught = ts_node_child_by_field_id(clause, sym.value());
  } else {
    for (uint32_t i = 0; i < ts_node_named_child_count(clause); i++) {
      TSNode c = ts_node_named_child(clause, i);
      if (sym.kind(c) != Kind::Container) { caught = c; break; }
    }
  }
  if (ts_node_is_null(caught)) return "bare";
  std::string_view expr = node_text(caught, text);
  bool base = false, plain = false;
  for (size_t i = 0; i < expr.size();) {
    auto word_byte = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    if (!word_byte(expr[i])) { i++; continue; }
    size_t j = i;
    while (j < expr.size() && word_byte(expr[j])) j++;
    std::string_view w = expr.substr(i, j - i);
    base |= w == "BaseException";
    plain |= w == "Exception";
    i = j;
  }
  return base ? "BaseException" : plain ? "Exception" : "other";
}

// Whether `n` holds a return statement of its own (not one inside a nested def or class).
bool holds_return(TSNode n) {
  const Symbols& sym = symbols();
  std::vector<TSNode> todo{n};
  while (!todo.empty()) {
    TSNode cur = todo.back();
    todo.pop_back();
    Kind k = sym.kind(cur);
    if (k == Kind::Return) return true;
    if (!descends(k) || k == Kind::Function || k == Kind::Class) continue;
    for (uint32_t i = 0; i < ts_node_named_child_count(cur); i++)
      todo.push_back(ts_node_named_child(cur, i));
  }
  return false;
}

// The try statement's source as stored with the hit (analyze/finally_jumps.h, kExcerptGap):
// whole when it is short; else its first lines, its clause headers, the `finally:` line and
// the lines around the jump, so a snippet always shows the finally and the flagged line, and
// the stored text stays bounded whatever the try's size.
std::string excerpt_source(TSNode try_node, TSNode finally_node, uint32_t jump_row, std::string_view text) {
  const std::string_view source = node_text(try_node, text);
  std::vector<std::string_view> lines;
  for (size_t start = 0;;) {
    const size_t end = source.find('\n', start);
    lines.push_back(source.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (source.size() <= kTrySourceCap && lines.size() <= kExcerptWholeLines) return std::string(source);
  const uint32_t first_row = ts_node_start_point(try_node).row;
  std::vector<bool> keep(lines.size(), false);
  auto keep_rows = [&](int64_t from, int64_t to) {  // [from, to) as rows of the file
    for (int64_t r = std::max<int64_t>(from, first_row); r < to && r - first_row < int64_t(lines.size()); r++)
      keep[size_t(r - first_row)] = true;
  };
  keep_rows(first_row, first_row + 3);
  // The clause headers (except, else, finally): every named child but the body.
  const TSNode body = ts_node_child_by_field_id(try_node, symbols().body());
  int headers = 0;
  for (uint32_t c = 0; c < ts_node_named_child_count(try_node) && headers < 6; c++) {
    const TSNode clause = ts_node_named_child(try_node, c);
    if (ts_node_eq(clause, body)) continue;
    const uint32_t row = ts_node_start_point(clause).row;
    keep_rows(row, row + 1);
    headers++;
  }
  const uint32_t finally_row = ts_node_start_point(finally_node).row;
  keep_rows(finally_row, finally_row + 2);
  keep_rows(int64_t(jump_row) - 4, int64_t(jump_row) + 3);
  std::string out;
  size_t gap = 0;
  auto flush_gap = [&] {
    if (gap) out += fmt::format("{}{}\n", kExcerptGap, gap);
    gap = 0;
  };
  for (size_t i = 0; i < lines.size(); i++) {
    if (!keep[i]) {
      gap++;
      continue;
    }
    flush_gap();
    std::string_view line = lines[i];
    if (line.size() > kExcerptLineCap) {  // a minified line: cut at a character boundary
      size_t cut = kExcerptLineCap;
      while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) cut--;
      line = line.substr(0, cut);
    }
    out += line;
    out += '\n';
  }
  flush_gap();
  if (!out.empty()) out.pop_back();
  return out;
}

void describe(JumpHit& hit, TSNode jump, const std::vector<Frame>& frames, std::string_view text) {
  const Symbols& sym = symbols();
  for (const Frame& f : frames) {
    if (f.kind != Kind::Function && f.kind != Kind::Class) continue;
    TSNode name = ts_node_child_by_field_id(f.node, sym.name());
    if (ts_node_is_null(name)) continue;
    if (!hit.scope.empty()) hit.scope += '.';
    hit.scope += node_text(name, text);
  }
  for (size_t i = frames.size(); i-- > 1;) {
    if (frames[i].kind != Kind::Finally || frames[i - 1].kind != Kind::Try) continue;
    TSNode try_node = frames[i - 1].node;
    hit.try_line = ts_node_start_point(try_node).row + 1;
    hit.try_source = excerpt_source(try_node, frames[i].node, hit.line - 1, text);
    const TryFlow flow = try_flow(try_node, text);
    hit.body_raises = flow.body_raises;
    hit.handler_raises = flow.handler_raises;
    hit.else_raises = flow.else_raises;
    hit.one_operation_fallback = flow.one_operation_fallback;
    TSNode function{};
    for (size_t k = i - 1; k-- > 0;)
      if (frames[k].kind == Kind::Function) {
        function = frames[k].node;
        break;
      }
    JumpEvidence words_and_flow = jump_evidence(try_node, frames[i].node, jump, function, text);
    hit.evidence = {int(flow.raise_line), int(flow.reraise_line), flow.raise_source, flow.handler_actions,
                    std::move(words_and_flow.value_flow), std::move(words_and_flow.context)};
    TSNode body = ts_node_child_by_field_id(try_node, sym.body());
    hit.try_body_returns = !ts_node_is_null(body) && holds_return(body);
    for (uint32_t c = 0; c < ts_node_named_child_count(try_node); c++) {
      TSNode clause = ts_node_named_child(try_node, c);
      Kind k = sym.kind(clause);
      if (k != Kind::Except && k != Kind::ExceptGroup) continue;
      if (!hit.handlers.empty()) hit.handlers += ',';
      hit.handlers += handler_class(clause, k, text);
      hit.handler_returns |= holds_return(clause);
    }
    break;
  }
}

}  // namespace

TreeFindings find_finally_jumps(const TSTree* tree, std::string_view text) {
  const Symbols& sym = symbols();
  TreeFindings findings;
  std::vector<JumpHit>& hits = findings.hits;
  TSNode root = ts_tree_root_node(tree);
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  std::vector<Frame> frames;
  frames.push_back({root, sym.kind(root), Marker::None, Marker::None});

  // The frame of the node under the cursor, from its parent's frame.
  auto enter = [&](TSNode node) {
    const Frame& parent = frames.back();
    Frame f{node, sym.kind(node), parent.innermost, parent.innermost_fd};
    if (f.kind == Kind::Finally) {
      f.innermost = f.innermost_fd = Marker::Finally;
    } else if (ts_tree_cursor_current_field_id(&cursor) == sym.body()) {
      if (parent.kind == Kind::Loop) f.innermost = Marker::Loop;
      if (parent.kind == Kind::Function) f.innermost = f.innermost_fd = Marker::Function;
    }
    // `except E, e:` is not among them: CPython 3.14 reads it as `except (E, e):` (PEP 758).
    if (f.kind == Kind::Python2Only && python2_only(node)) findings.python2_syntax = true;
    if (f.kind == Kind::Return || f.kind == Kind::Break || f.kind == Kind::Continue) {
      JumpHit hit;
      hit.statement = f.kind == Kind::Return ? Statement::Return
                      : f.kind == Kind::Break ? Statement::Break : Statement::Continue;
      hit.cpython = f.innermost == Marker::Finally;
      hit.exits = (hit.statement == Statement::Return ? f.innermost_fd : f.innermost) == Marker::Finally;
      if (hit.cpython || hit.exits) {
        TSPoint at = ts_node_start_point(node);
        hit.line = at.row + 1;
        hit.column = at.column + 1;
        hit.has_value = hit.statement == Statement::Return && ts_node_named_child_count(node) > 0;
        describe(hit, node, frames, text);
        hits.push_back(std::move(hit));
      }
    }
    frames.push_back(f);
  };

  for (;;) {
    if (descends(frames.back().kind) && ts_tree_cursor_goto_first_child(&cursor)) {
      enter(ts_tree_cursor_current_node(&cursor));
      continue;
    }
    // Next sibling, climbing as far as needed; done when back at the root.
    for (;;) {
      frames.pop_back();
      if (frames.empty()) break;
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        enter(ts_tree_cursor_current_node(&cursor));
        break;
      }
      ts_tree_cursor_goto_parent(&cursor);
    }
    if (frames.empty()) break;
  }
  ts_tree_cursor_delete(&cursor);
  return findings;
}

}  // namespace pep765
