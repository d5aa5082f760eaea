#include "analyze/exception_flow.h"

#include <cstring>
#include <vector>

namespace pep765 {

namespace {

bool is(TSNode n, const char* type) { return std::strcmp(ts_node_type(n), type) == 0; }

// The last named child of type `block`: the suite of a clause.
TSNode block_of(TSNode clause) {
  for (uint32_t i = ts_node_named_child_count(clause); i-- > 0;) {
    TSNode c = ts_node_named_child(clause, i);
    if (is(c, "block")) return c;
  }
  return TSNode{};
}

bool plain_string(TSNode n) {
  if (!is(n, "string")) return false;
  for (uint32_t i = 0; i < ts_node_named_child_count(n); i++)
    if (is(ts_node_named_child(n, i), "interpolation")) return false;  // an f-string evaluates code
  return true;
}

bool literal(TSNode n) {
  if (plain_string(n)) return true;
  for (const char* t : {"integer", "float", "true", "false", "none", "ellipsis"})
    if (is(n, t)) return true;
  if (is(n, "concatenated_string")) {
    for (uint32_t i = 0; i < ts_node_named_child_count(n); i++)
      if (!plain_string(ts_node_named_child(n, i))) return false;
    return true;
  }
  if (is(n, "unary_operator") && ts_node_named_child_count(n) == 1) {
    TSNode operand = ts_node_named_child(n, 0);
    return is(operand, "integer") || is(operand, "float");
  }
  return false;
}

bool literal_or_name(TSNode n) { return literal(n) || is(n, "identifier"); }

// The named children of `n`, comments aside.
std::vector<TSNode> parts_of(TSNode n) {
  std::vector<TSNode> out;
  for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
    TSNode c = ts_node_named_child(n, i);
    if (!is(c, "comment")) out.push_back(c);
  }
  return out;
}

// `()`, `[]`, `{}`, `(None, 0)`, `[a, b]`: building them evaluates nothing that can fail (a set
// or a non-empty dict hashes its items, which can).
bool plain_display(TSNode n) {
  if (is(n, "parenthesized_expression")) {
    const std::vector<TSNode> inner = parts_of(n);
    return inner.size() == 1 && (literal_or_name(inner[0]) || plain_display(inner[0]));
  }
  if (is(n, "dictionary")) return parts_of(n).empty();
  if (!is(n, "tuple") && !is(n, "list") && !is(n, "expression_list")) return false;
  for (TSNode item : parts_of(n))
    if (!literal_or_name(item)) return false;
  return true;
}

// `a` or `a, b` / `(a, b)` / `[a, b]`: plain names, how many (0: not such a target).
size_t plain_names(TSNode n) {
  if (is(n, "identifier")) return 1;
  if (!is(n, "pattern_list") && !is(n, "tuple_pattern") && !is(n, "list_pattern")) return 0;
  const std::vector<TSNode> names = parts_of(n);
  for (TSNode name : names)
    if (!is(name, "identifier")) return 0;
  return names.size();
}

// `x = 1`, `x = y = None`, `x: int = 0`, `x = []`, `a, b = 1, None`: plain names given literals,
// names or plain displays. An annotation inside a function is never evaluated; at module
// level it is, and names a type there, which is taken not to fail.
bool plain_assignment(TSNode n) {
  if (!is(n, "assignment")) return false;
  TSNode left = ts_node_child_by_field_name(n, "left", 4);
  TSNode right = ts_node_child_by_field_name(n, "right", 5);
  const size_t names = ts_node_is_null(left) ? 0 : plain_names(left);
  if (names == 0) return false;
  if (ts_node_is_null(right)) return true;  // `x: int`, an annotation alone
  if (names > 1)  // unpacking: only a display of as many plain items cannot fail
    return (is(right, "expression_list") || is(right, "tuple") || is(right, "list")) && plain_display(right) &&
           parts_of(right).size() == names;
  return literal_or_name(right) || plain_display(right) || plain_assignment(right);
}

std::string_view text_of(TSNode n, std::string_view text) {
  const uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  return a <= b && b <= text.size() ? text.substr(a, b - a) : std::string_view();
}

bool block_raises(TSNode block, std::string_view text);

bool statement_can_raise(TSNode s, std::string_view text) {
  if (is(s, "comment")) return false;
  for (const char* t : {"pass_statement", "global_statement", "nonlocal_statement", "break_statement", "continue_statement"})
    if (is(s, t)) return false;
  if (is(s, "expression_statement")) {
    for (uint32_t i = 0; i < ts_node_named_child_count(s); i++) {
      TSNode e = ts_node_named_child(s, i);
      if (!literal(e) && !plain_assignment(e)) return true;
    }
    return false;
  }
  if (is(s, "return_statement")) {
    const uint32_t n = ts_node_named_child_count(s);
    return n > 0 && !literal_or_name(ts_node_named_child(s, 0));
  }
  if (is(s, "try_statement")) {
    // Caught by a catch-all that cannot raise, with nothing after it that can.
    bool caught = false;
    for (uint32_t i = 0; i < ts_node_named_child_count(s); i++) {
      TSNode clause = ts_node_named_child(s, i);
      if (is(clause, "except_clause")) {
        bool catch_all = true;
        for (uint32_t k = 0; k < ts_node_named_child_count(clause); k++) {
          TSNode c = ts_node_named_child(clause, k);
          if (is(c, "block") || is(c, "comment")) continue;
          const std::string_view type = ts_node_type(c);
          // `except BaseException:` or `except BaseException as e:`
          TSNode name = type == "as_pattern" ? ts_node_named_child(c, 0) : c;
          catch_all = !ts_node_is_null(name) && is(name, "identifier") && text_of(name, text) == "BaseException";
          break;
        }
        TSNode handler = block_of(clause);
        if (catch_all && !ts_node_is_null(handler) && !block_raises(handler, text)) caught = true;
      } else if (is(clause, "else_clause") || is(clause, "finally_clause")) {
        TSNode b = block_of(clause);
        if (!ts_node_is_null(b) && block_raises(b, text)) return true;
      }
    }
    TSNode body = ts_node_child_by_field_name(s, "body", 4);
    return !caught && !ts_node_is_null(body) && block_raises(body, text);
  }
  return true;
}

// A raise, or a with block, in `n` outside nested functions, classes and lambdas.
bool raises_explicitly(TSNode n) {
  std::vector<TSNode> todo{n};
  while (!todo.empty()) {
    TSNode cur = todo.back();
    todo.pop_back();
    if (is(cur, "raise_statement") || is(cur, "with_statement")) return true;
    if (is(cur, "function_definition") || is(cur, "class_definition") || is(cur, "lambda")) continue;
    for (uint32_t i = 0; i < ts_node_named_child_count(cur); i++) todo.push_back(ts_node_named_child(cur, i));
  }
  return false;
}

bool block_raises(TSNode block, std::string_view text) {
  for (uint32_t i = 0; i < ts_node_named_child_count(block); i++)
    if (statement_can_raise(ts_node_named_child(block, i), text)) return true;
  return false;
}

}  // namespace

bool block_can_raise(TSNode block, std::string_view text) { return block_raises(block, text); }

// The statements of a block, comments aside.
static std::vector<TSNode> statements_of(TSNode block) { return parts_of(block); }

// The first statement of `block` that can raise, inside a nested try's body where that is
// where it raises (its `try:` line says nothing); a null node when none can.
static TSNode first_raising(TSNode block, std::string_view text) {
  for (TSNode s : statements_of(block)) {
    if (!statement_can_raise(s, text)) continue;
    if (is(s, "try_statement")) {
      TSNode body = ts_node_child_by_field_name(s, "body", 4);
      if (!ts_node_is_null(body))
        if (TSNode inner = first_raising(body, text); !ts_node_is_null(inner)) return inner;
    }
    return s;
  }
  return TSNode{};
}

// The first `raise` in `n`, outside nested functions, classes and lambdas; a null node when none.
static TSNode first_raise(TSNode n) {
  std::vector<TSNode> todo{n};
  while (!todo.empty()) {
    TSNode cur = todo.back();
    todo.pop_back();
    if (is(cur, "raise_statement")) return cur;
    if (is(cur, "function_definition") || is(cur, "class_definition") || is(cur, "lambda")) continue;
    for (uint32_t i = ts_node_named_child_count(cur); i-- > 0;) todo.push_back(ts_node_named_child(cur, i));
  }
  return TSNode{};
}

// `log.warning(...)`, `logger.exception(...)`, `print(...)`, `traceback.print_exc()`,
// `warnings.warn(...)`, `sys.stderr.write(...)`: a call that only reports.
static bool reporting_call(TSNode s, std::string_view text) {
  if (!is(s, "expression_statement")) return false;
  const std::vector<TSNode> parts = parts_of(s);
  if (parts.size() != 1 || !is(parts[0], "call")) return false;
  TSNode callee = ts_node_child_by_field_name(parts[0], "function", 8);
  if (ts_node_is_null(callee)) return false;
  std::string_view name = text_of(callee, text);
  const std::string_view whole = name;
  if (size_t dot = name.rfind('.'); dot != std::string_view::npos) name = name.substr(dot + 1);
  for (const char* reporter : {"print", "print_exc", "print_exception", "format_exc", "warn", "warning", "debug", "info",
                               "error", "exception", "critical", "fatal", "log", "msg"})
    if (name == reporter) return true;
  return name == "write" && (whole.find("stderr") != std::string_view::npos || whole.find("stdout") != std::string_view::npos);
}

// What an except clause does (exception_flow.h's handler_actions).
static const char* handler_action(TSNode handler, std::string_view text) {
  if (!ts_node_is_null(first_raise(handler))) return "raise";
  std::vector<TSNode> todo{handler};
  while (!todo.empty()) {
    TSNode cur = todo.back();
    todo.pop_back();
    if (is(cur, "return_statement")) return "return";
    if (is(cur, "function_definition") || is(cur, "class_definition") || is(cur, "lambda")) continue;
    for (uint32_t i = 0; i < ts_node_named_child_count(cur); i++) todo.push_back(ts_node_named_child(cur, i));
  }
  bool logs = false, binds = false, other = false;
  for (TSNode s : statements_of(handler)) {
    if (is(s, "pass_statement") || (is(s, "expression_statement") && parts_of(s).size() == 1 && literal(parts_of(s)[0])))
      continue;
    if (reporting_call(s, text)) logs = true;
    else if (is(s, "expression_statement") && parts_of(s).size() == 1 &&
             (is(parts_of(s)[0], "assignment") || is(parts_of(s)[0], "augmented_assignment")))
      binds = true;
    else
      other = true;
  }
  return other ? "other" : logs ? "log" : binds ? "assign" : "pass";
}

static std::string first_line(TSNode n, std::string_view text) {
  std::string_view s = text_of(n, text);
  s = s.substr(0, s.find('\n'));
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  constexpr size_t kCap = 100;
  if (s.size() <= kCap) return std::string(s);
  size_t cut = kCap;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) cut--;  // at a character boundary
  return std::string(s.substr(0, cut)) + "...";
}

TryFlow try_flow(TSNode try_node, std::string_view text) {
  TryFlow f;
  TSNode body = ts_node_child_by_field_name(try_node, "body", 4);
  f.body_raises = ts_node_is_null(body) || block_raises(body, text);
  if (!ts_node_is_null(body)) {
    if (TSNode s = first_raising(body, text); !ts_node_is_null(s)) {
      f.raise_line = ts_node_start_point(s).row + 1;
      f.raise_source = first_line(s, text);
    }
  }
  bool handlers = false, only_jump = false;
  for (uint32_t i = 0; i < ts_node_named_child_count(try_node); i++) {
    TSNode clause = ts_node_named_child(try_node, i);
    if (is(clause, "except_clause") || is(clause, "except_group_clause") || is(clause, "else_clause")) handlers = true;
    if (is(clause, "finally_clause")) {
      TSNode b = block_of(clause);
      const std::vector<TSNode> in_finally = ts_node_is_null(b) ? std::vector<TSNode>{} : statements_of(b);
      only_jump = in_finally.size() == 1 && (is(in_finally[0], "return_statement") || is(in_finally[0], "break_statement") ||
                                             is(in_finally[0], "continue_statement"));
    }
  }
  // One statement, not itself a try (that one handles its own errors).
  const std::vector<TSNode> in_body = ts_node_is_null(body) ? std::vector<TSNode>{} : statements_of(body);
  f.one_operation_fallback = !handlers && only_jump && in_body.size() == 1 && !is(in_body[0], "try_statement");
  for (uint32_t i = 0; i < ts_node_named_child_count(try_node); i++) {
    TSNode clause = ts_node_named_child(try_node, i);
    if (is(clause, "except_clause") || is(clause, "except_group_clause")) {
      TSNode handler = block_of(clause);
      if (ts_node_is_null(handler)) continue;
      if (raises_explicitly(handler)) f.handler_raises = true;
      if (TSNode r = first_raise(handler); !ts_node_is_null(r) && f.reraise_line == 0)
        f.reraise_line = ts_node_start_point(r).row + 1;
      if (!f.handler_actions.empty()) f.handler_actions += ',';
      f.handler_actions += handler_action(handler, text);
    } else if (is(clause, "else_clause")) {
      TSNode b = block_of(clause);
      if (ts_node_is_null(b)) continue;
      TSNode s = first_raising(b, text);
      if (ts_node_is_null(s)) continue;
      f.else_raises = true;
      if (f.raise_line == 0) {
        f.raise_line = ts_node_start_point(s).row + 1;
        f.raise_source = first_line(s, text);
      }
    }
  }
  return f;
}

}  // namespace pep765
