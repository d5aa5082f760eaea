#include "analyze/try_evidence.h"

#include <cstring>
#include <set>
#include <vector>

namespace pep765 {

namespace {

bool is(TSNode n, const char* type) { return !ts_node_is_null(n) && std::strcmp(ts_node_type(n), type) == 0; }

std::string_view text_of(TSNode n, std::string_view text) {
  const uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  return a <= b && b <= text.size() ? text.substr(a, b - a) : std::string_view();
}

bool nested_scope(TSNode n) { return is(n, "function_definition") || is(n, "class_definition") || is(n, "lambda"); }

// `x` or `self.x`: a name or a chain of attributes over one, as its text.
bool dotted_name(TSNode n) {
  if (is(n, "identifier")) return true;
  return is(n, "attribute") && dotted_name(ts_node_child_by_field_name(n, "object", 6));
}

// The names a target binds: `x`, `self.x`, and those inside `a, (b, c)` / `[a, b]`.
void add_targets(TSNode target, std::string_view text, std::set<std::string>& out) {
  if (dotted_name(target)) {
    out.insert(std::string(text_of(target, text)));
    return;
  }
  if (is(target, "pattern_list") || is(target, "tuple_pattern") || is(target, "list_pattern") ||
      is(target, "expression_list") || is(target, "tuple") || is(target, "list") || is(target, "as_pattern_target") ||
      is(target, "parenthesized_expression"))
    for (uint32_t i = 0; i < ts_node_named_child_count(target); i++) add_targets(ts_node_named_child(target, i), text, out);
}

// Every name `n` binds, outside nested functions and classes: assignments (plain, annotated,
// augmented, walrus), for targets, `with ... as`, `except ... as`.
std::set<std::string> bound_names(TSNode n, std::string_view text) {
  std::set<std::string> out;
  if (ts_node_is_null(n)) return out;
  std::vector<TSNode> todo{n};
  while (!todo.empty()) {
    TSNode cur = todo.back();
    todo.pop_back();
    if (nested_scope(cur)) continue;
    if (is(cur, "assignment") || is(cur, "augmented_assignment") || is(cur, "for_statement"))
      add_targets(ts_node_child_by_field_name(cur, "left", 4), text, out);
    if (is(cur, "named_expression")) add_targets(ts_node_child_by_field_name(cur, "name", 4), text, out);
    if (is(cur, "as_pattern") || is(cur, "except_clause")) add_targets(ts_node_child_by_field_name(cur, "alias", 5), text, out);
    for (uint32_t i = 0; i < ts_node_named_child_count(cur); i++) todo.push_back(ts_node_named_child(cur, i));
  }
  return out;
}

// The names and attribute chains an expression reads.
std::set<std::string> read_names(TSNode n, std::string_view text) {
  std::set<std::string> out;
  std::vector<TSNode> todo{n};
  while (!todo.empty()) {
    TSNode cur = todo.back();
    todo.pop_back();
    if (dotted_name(cur)) out.insert(std::string(text_of(cur, text)));
    if (is(cur, "identifier") || nested_scope(cur)) continue;
    for (uint32_t i = 0; i < ts_node_named_child_count(cur); i++) todo.push_back(ts_node_named_child(cur, i));
  }
  return out;
}

bool meets(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const std::string& x : a)
    if (b.count(x)) return true;
  return false;
}

// The texts of the expressions the try body returns.
std::set<std::string> returned_texts(TSNode body, std::string_view text) {
  std::set<std::string> out;
  std::vector<TSNode> todo{body};
  while (!todo.empty()) {
    TSNode cur = todo.back();
    todo.pop_back();
    if (nested_scope(cur)) continue;
    if (is(cur, "return_statement") && ts_node_named_child_count(cur) > 0)
      out.insert(std::string(text_of(ts_node_named_child(cur, 0), text)));
    for (uint32_t i = 0; i < ts_node_named_child_count(cur); i++) todo.push_back(ts_node_named_child(cur, i));
  }
  return out;
}

bool literal(TSNode n) {
  for (const char* t : {"integer", "float", "true", "false", "none", "string", "concatenated_string"})
    if (is(n, t)) return true;
  return false;
}

void add_tag(std::string& tags, const char* tag) {
  if (("," + tags + ",").find(std::string(",") + tag + ",") != std::string::npos) return;
  if (!tags.empty()) tags += ',';
  tags += tag;
}

// A test the jump depends on: it runs only when `condition` is `runs_when`. From each `if`/`elif`
// around it (true in its block, false in its else), and each earlier `if C: ... raise` (or
// return, break, continue) beside it in the finally, which the jump runs only past when C is false.
struct Guard {
  TSNode condition;
  bool runs_when;
};

bool ends_by_jumping(TSNode block) {
  const uint32_t n = ts_node_named_child_count(block);
  if (n == 0) return false;
  TSNode last = ts_node_named_child(block, n - 1);
  return is(last, "raise_statement") || is(last, "return_statement") || is(last, "break_statement") ||
         is(last, "continue_statement");
}

std::vector<Guard> guards_of(TSNode jump, TSNode finally_clause) {
  std::vector<Guard> out;
  TSNode child = jump;
  for (TSNode cur = ts_node_parent(jump); !ts_node_is_null(cur) && !ts_node_eq(cur, finally_clause);
       child = cur, cur = ts_node_parent(cur)) {
    if (is(cur, "block"))
      for (TSNode s = ts_node_prev_named_sibling(child); !ts_node_is_null(s); s = ts_node_prev_named_sibling(s)) {
        if (!is(s, "if_statement") || !ts_node_is_null(ts_node_child_by_field_name(s, "alternative", 11))) continue;
        TSNode condition = ts_node_child_by_field_name(s, "condition", 9);
        TSNode consequence = ts_node_child_by_field_name(s, "consequence", 11);
        if (!ts_node_is_null(condition) && !ts_node_is_null(consequence) && ends_by_jumping(consequence))
          out.push_back({condition, false});
      }
    if (!is(cur, "if_statement") && !is(cur, "elif_clause")) continue;
    TSNode condition = ts_node_child_by_field_name(cur, "condition", 9);
    if (ts_node_is_null(condition)) continue;
    out.push_back({condition, ts_node_eq(child, ts_node_child_by_field_name(cur, "consequence", 11))});
  }
  return out;
}

// What a name holds when the try starts, as far as the code says: a literal bound to it just
// before the try (in its block) or at the top of the try body.
enum class Held : uint8_t { Unknown, None, Falsy, Truthy };

Held held_by(TSNode literal_node, std::string_view text) {
  if (is(literal_node, "none")) return Held::None;
  if (is(literal_node, "false")) return Held::Falsy;
  if (is(literal_node, "true")) return Held::Truthy;
  if (is(literal_node, "integer") || is(literal_node, "float"))
    return text_of(literal_node, text).find_first_not_of("0._") == std::string_view::npos ? Held::Falsy : Held::Truthy;
  if (is(literal_node, "string")) return text_of(literal_node, text).size() <= 2 ? Held::Falsy : Held::Truthy;
  if (is(literal_node, "list") || is(literal_node, "tuple") || is(literal_node, "dictionary"))
    return ts_node_named_child_count(literal_node) == 0 ? Held::Falsy : Held::Unknown;
  return Held::Unknown;
}

// `name = literal` (or `a, name = x, literal`) as a statement: the literal; a null node otherwise.
TSNode literal_bound(TSNode statement, const std::string& name, std::string_view text) {
  if (!is(statement, "expression_statement") || ts_node_named_child_count(statement) != 1) return TSNode{};
  TSNode a = ts_node_named_child(statement, 0);
  if (!is(a, "assignment")) return TSNode{};
  TSNode left = ts_node_child_by_field_name(a, "left", 4), right = ts_node_child_by_field_name(a, "right", 5);
  if (ts_node_is_null(left) || ts_node_is_null(right)) return TSNode{};
  if (is(left, "pattern_list") && is(right, "expression_list") &&
      ts_node_named_child_count(left) == ts_node_named_child_count(right))
    for (uint32_t i = 0; i < ts_node_named_child_count(left); i++)
      if (text_of(ts_node_named_child(left, i), text) == name) {
        left = ts_node_named_child(left, i);
        right = ts_node_named_child(right, i);
        break;
      }
  if (!dotted_name(left) || text_of(left, text) != name) return TSNode{};
  return held_by(right, text) == Held::Unknown ? TSNode{} : right;
}

// Every except clause catches everything (bare, or BaseException) and first of all binds one
// of `names` to a name or a literal: once any exception arrives, the flag is changed.
bool every_handler_flags_first(TSNode try_node, const std::set<std::string>& names, std::string_view text) {
  bool any = false;
  for (uint32_t i = 0; i < ts_node_named_child_count(try_node); i++) {
    TSNode clause = ts_node_named_child(try_node, i);
    if (is(clause, "except_group_clause")) return false;
    if (!is(clause, "except_clause")) continue;
    TSNode caught = ts_node_child_by_field_name(clause, "value", 5);
    if (is(caught, "as_pattern")) caught = ts_node_named_child(caught, 0);  // `BaseException as e`
    if (!ts_node_is_null(caught) && text_of(caught, text) != "BaseException") return false;
    TSNode block{};
    for (uint32_t k = ts_node_named_child_count(clause); k-- > 0;)
      if (is(ts_node_named_child(clause, k), "block")) block = ts_node_named_child(clause, k);
    if (ts_node_is_null(block) || ts_node_named_child_count(block) == 0) return false;
    TSNode first = ts_node_named_child(block, 0);
    if (!is(first, "expression_statement") || ts_node_named_child_count(first) != 1) return false;
    TSNode a = ts_node_named_child(first, 0);
    TSNode left = ts_node_child_by_field_name(a, "left", 4), right = ts_node_child_by_field_name(a, "right", 5);
    if (!is(a, "assignment") || !dotted_name(left) || !names.count(std::string(text_of(left, text))) ||
        !(is(right, "identifier") || held_by(right, text) != Held::Unknown))
      return false;
    any = true;
  }
  return any;
}

// The names the finally binds before the statement holding the jump (its own reading of an outcome).
std::set<std::string> bound_in_finally_before(TSNode jump, TSNode finally_clause, std::string_view text) {
  std::set<std::string> out;
  TSNode child = jump;
  for (TSNode cur = ts_node_parent(jump); !ts_node_is_null(cur) && !ts_node_eq(cur, finally_clause);
       child = cur, cur = ts_node_parent(cur))
    if (is(cur, "block"))
      for (TSNode s = ts_node_prev_named_sibling(child); !ts_node_is_null(s); s = ts_node_prev_named_sibling(s))
        out.merge(bound_names(s, text));
  return out;
}

Held held_at_start(const std::string& name, TSNode try_node, TSNode body, std::string_view text) {
  Held held = Held::Unknown;
  for (TSNode s = ts_node_prev_named_sibling(try_node); !ts_node_is_null(s); s = ts_node_prev_named_sibling(s))
    if (TSNode v = literal_bound(s, name, text); !ts_node_is_null(v)) {
      held = held_by(v, text);
      break;
    } else if (bound_names(s, text).count(name)) {
      break;  // bound otherwise last: not known
    }
  for (uint32_t i = 0; i < ts_node_named_child_count(body); i++) {  // the body's leading `name = literal`s
    TSNode v = literal_bound(ts_node_named_child(body, i), name, text);
    if (ts_node_is_null(v)) break;
    held = held_by(v, text);
  }
  return held;
}

// The value of `condition` with every name as the try found it: 1 true, 0 false, -1 unknown.
int value_at_start(TSNode condition, TSNode try_node, TSNode body, std::string_view text) {
  if (is(condition, "parenthesized_expression") && ts_node_named_child_count(condition) == 1)
    return value_at_start(ts_node_named_child(condition, 0), try_node, body, text);
  if (is(condition, "not_operator")) {
    const int v = value_at_start(ts_node_child_by_field_name(condition, "argument", 8), try_node, body, text);
    return v < 0 ? v : 1 - v;
  }
  if (dotted_name(condition)) {
    const Held h = held_at_start(std::string(text_of(condition, text)), try_node, body, text);
    return h == Held::Unknown ? -1 : h == Held::Truthy ? 1 : 0;
  }
  // `name is None`, `name is not None`
  if (is(condition, "comparison_operator") && ts_node_named_child_count(condition) == 2 &&
      is(ts_node_named_child(condition, 1), "none") && dotted_name(ts_node_named_child(condition, 0))) {
    const std::string_view op = text_of(condition, text);
    const bool is_not = op.find(" is not ") != std::string_view::npos;
    if (!is_not && op.find(" is ") == std::string_view::npos) return -1;
    const Held h = held_at_start(std::string(text_of(ts_node_named_child(condition, 0), text)), try_node, body, text);
    if (h == Held::Unknown) return -1;
    return (h == Held::None) != is_not ? 1 : 0;
  }
  return -1;
}

// Each binding of `names` in `block` is its last statement (or ends with it): once bound, nothing
// of the block is left to raise.
bool bound_only_at_the_end(TSNode block, const std::set<std::string>& names, std::string_view text) {
  const uint32_t end = ts_node_end_byte(block);
  std::vector<TSNode> todo;
  // The body's leading `name = literal`s are where the flag starts (held_at_start), not a setting.
  uint32_t first = 0;
  for (const std::string& name : names)
    while (first < ts_node_named_child_count(block) &&
           !ts_node_is_null(literal_bound(ts_node_named_child(block, first), name, text)))
      first++;
  for (uint32_t i = first; i < ts_node_named_child_count(block); i++) todo.push_back(ts_node_named_child(block, i));
  while (!todo.empty()) {
    TSNode cur = todo.back();
    todo.pop_back();
    if (nested_scope(cur)) continue;
    if (is(cur, "expression_statement") && meets(bound_names(cur, text), names) && ts_node_end_byte(cur) != end) {
      // Trailing comments aside: the statement must be the block's last one.
      TSNode next = ts_node_next_named_sibling(cur);
      while (is(next, "comment")) next = ts_node_next_named_sibling(next);
      if (!ts_node_is_null(next)) return false;
      for (TSNode up = ts_node_parent(cur); !ts_node_is_null(up) && !ts_node_eq(up, block); up = ts_node_parent(up)) {
        TSNode after = ts_node_next_named_sibling(up);
        while (is(after, "comment")) after = ts_node_next_named_sibling(after);
        if (!ts_node_is_null(after) && !is(after, "else_clause") && !is(after, "elif_clause")) return false;
      }
    }
    for (uint32_t i = 0; i < ts_node_named_child_count(cur); i++) todo.push_back(ts_node_named_child(cur, i));
  }
  return true;
}

// A node of `type` in `n`, outside nested functions, classes and lambdas.
bool holds(TSNode n, const char* type) {
  std::vector<TSNode> todo{n};
  while (!todo.empty()) {
    TSNode cur = todo.back();
    todo.pop_back();
    if (is(cur, type)) return true;
    if (nested_scope(cur)) continue;
    for (uint32_t i = 0; i < ts_node_named_child_count(cur); i++) todo.push_back(ts_node_named_child(cur, i));
  }
  return false;
}

// The names bound before the try: the function's parameters and what the statements before it
// (in its block and each enclosing one, up to the function) bind.
std::set<std::string> names_before(TSNode try_node, TSNode function, std::string_view text) {
  std::set<std::string> out;
  for (TSNode cur = try_node; !ts_node_is_null(cur) && !ts_node_eq(cur, function); cur = ts_node_parent(cur))
    for (TSNode s = ts_node_prev_named_sibling(cur); !ts_node_is_null(s); s = ts_node_prev_named_sibling(s))
      if (!nested_scope(s)) out.merge(bound_names(s, text));
  if (ts_node_is_null(function)) return out;
  TSNode params = ts_node_child_by_field_name(function, "parameters", 10);
  for (uint32_t i = 0; !ts_node_is_null(params) && i < ts_node_named_child_count(params); i++) {
    TSNode p = ts_node_named_child(params, i);
    TSNode name = is(p, "identifier") ? p : ts_node_child_by_field_name(p, "name", 4);
    if (ts_node_is_null(name) && ts_node_named_child_count(p) > 0) name = ts_node_named_child(p, 0);  // typed_parameter
    if (is(name, "identifier")) out.insert(std::string(text_of(name, text)));
  }
  return out;
}

// `n` changes what `name` holds: an assignment to an item or attribute of it, or a method call on it.
bool mutates(TSNode n, const std::string& name, std::string_view text) {
  auto on_name = [&](TSNode x) {  // `name[...]`, `name.attr`, deeper
    while (is(x, "subscript") || is(x, "attribute")) {
      x = ts_node_child_by_field_name(x, is(x, "subscript") ? "value" : "object", is(x, "subscript") ? 5 : 6);
      if (is(x, "identifier") && text_of(x, text) == name) return true;
    }
    return false;
  };
  std::vector<TSNode> todo{n};
  while (!todo.empty()) {
    TSNode cur = todo.back();
    todo.pop_back();
    if (nested_scope(cur)) continue;
    if ((is(cur, "assignment") || is(cur, "augmented_assignment")) && on_name(ts_node_child_by_field_name(cur, "left", 4)))
      return true;
    if (is(cur, "call") && on_name(ts_node_child_by_field_name(cur, "function", 8))) return true;
    for (uint32_t i = 0; i < ts_node_named_child_count(cur); i++) todo.push_back(ts_node_named_child(cur, i));
  }
  return false;
}

// Every statement of `block` sets an attribute of `name` (`f.__name__ = ...`): the block only
// decorates the value, which stays whole if it fails.
bool only_sets_attributes_of(TSNode block, const std::string& name, std::string_view text) {
  bool any = false;
  for (uint32_t i = 0; i < ts_node_named_child_count(block); i++) {
    TSNode s = ts_node_named_child(block, i);
    if (is(s, "comment")) continue;
    if (!is(s, "expression_statement") || ts_node_named_child_count(s) != 1) return false;
    TSNode a = ts_node_named_child(s, 0);
    TSNode left = ts_node_child_by_field_name(a, "left", 4);
    if (!is(a, "assignment") || !is(left, "attribute")) return false;
    TSNode object = ts_node_child_by_field_name(left, "object", 6);
    if (!is(object, "identifier") || text_of(object, text) != name) return false;
    any = true;
  }
  return any;
}

constexpr size_t kContextCap = 600;

void add_context_line(std::string& context, std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  if (line.empty() || context.size() >= kContextCap) return;
  if (!context.empty()) context += '\n';
  size_t room = kContextCap - context.size(), cut = std::min(room, line.size());
  while (cut > 0 && cut < line.size() && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) cut--;
  context += line.substr(0, cut);
}

// The comments right above the try (its earlier siblings, line after line), then those that
// speak of the try as a whole: before the body's first statement, and in the finally clause.
// A handler's own comments ("ignore this error") speak of what that handler swallows, not the jump.
void add_comments(TSNode node, TSNode body, TSNode finally_clause, std::string_view text, std::string& context) {
  std::vector<TSNode> above;
  uint32_t next_row = ts_node_start_point(node).row;
  // A comment between a `def` line and the block's first statement sits before the block.
  TSNode first = node;
  while (ts_node_is_null(ts_node_prev_named_sibling(first)) && is(ts_node_parent(first), "block"))
    first = ts_node_parent(first);
  for (TSNode s = ts_node_prev_named_sibling(first); is(s, "comment") && ts_node_end_point(s).row + 1 >= next_row;
       s = ts_node_prev_named_sibling(s)) {
    above.push_back(s);
    next_row = ts_node_start_point(s).row;
  }
  for (size_t i = above.size(); i-- > 0;) add_context_line(context, text_of(above[i], text));
  uint32_t body_start = ts_node_end_byte(node);
  for (uint32_t i = 0; !ts_node_is_null(body) && i < ts_node_named_child_count(body); i++)
    if (TSNode s = ts_node_named_child(body, i); !is(s, "comment")) {
      body_start = ts_node_start_byte(s);
      break;
    }
  const uint32_t finally_start = ts_node_start_byte(finally_clause), finally_end = ts_node_end_byte(finally_clause);
  std::vector<TSNode> todo{node};
  std::vector<TSNode> inside;
  while (!todo.empty()) {
    TSNode cur = todo.back();
    todo.pop_back();
    const uint32_t at = ts_node_start_byte(cur);
    if (is(cur, "comment") && (at < body_start || (at >= finally_start && at < finally_end))) inside.push_back(cur);
    for (uint32_t i = ts_node_named_child_count(cur); i-- > 0;) todo.push_back(ts_node_named_child(cur, i));
  }
  for (TSNode c : inside) add_context_line(context, text_of(c, text));
}

// The first statement of a function's body, when it is a string: its docstring, line by line.
void add_docstring(TSNode function, std::string_view text, std::string& context) {
  TSNode body = ts_node_child_by_field_name(function, "body", 4);
  if (ts_node_is_null(body) || ts_node_named_child_count(body) == 0) return;
  TSNode first = ts_node_named_child(body, 0);
  if (!is(first, "expression_statement") || ts_node_named_child_count(first) != 1) return;
  TSNode doc = ts_node_named_child(first, 0);
  if (!is(doc, "string")) return;
  std::string_view s = text_of(doc, text);
  for (size_t start = 0; start < s.size();) {
    size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) nl = s.size();
    add_context_line(context, s.substr(start, nl - start));
    start = nl + 1;
  }
}

}  // namespace

JumpEvidence jump_evidence(TSNode try_node, TSNode finally_clause, TSNode jump, TSNode function, std::string_view text) {
  JumpEvidence e;
  TSNode body = ts_node_child_by_field_name(try_node, "body", 4);
  const std::set<std::string> in_body = bound_names(body, text);
  std::set<std::string> in_handlers;
  for (uint32_t i = 0; i < ts_node_named_child_count(try_node); i++) {
    TSNode clause = ts_node_named_child(try_node, i);
    if (!is(clause, "except_clause") && !is(clause, "except_group_clause")) continue;
    in_handlers.merge(bound_names(clause, text));  // with the `as` name
  }
  if (is(jump, "return_statement") && ts_node_named_child_count(jump) > 0) {
    TSNode value = ts_node_named_child(jump, 0);
    if (dotted_name(value)) {
      const std::string name(text_of(value, text));
      if (in_body.count(name)) add_tag(e.value_flow, "returns-body-value");
      if (in_handlers.count(name)) add_tag(e.value_flow, "returns-handler-value");
    } else if (literal(value)) {
      add_tag(e.value_flow, "returns-constant");
    }
    if (!ts_node_is_null(body) && returned_texts(body, text).count(std::string(text_of(value, text))))
      add_tag(e.value_flow, "same-as-body-return");
  }
  const std::vector<Guard> guards = guards_of(jump, finally_clause);
  // Under an if, or inside a loop, with or try of the finally: it may not run.
  if (!guards.empty() || !ts_node_eq(ts_node_parent(ts_node_parent(jump)), finally_clause))
    add_tag(e.value_flow, "conditional");
  if (!ts_node_is_null(body) && holds(body, "yield")) add_tag(e.value_flow, "body-yields");
  if (!ts_node_is_null(body) && holds(body, "raise_statement")) add_tag(e.value_flow, "body-raises-explicitly");
  if (is(jump, "return_statement") && ts_node_named_child_count(jump) > 0 && dotted_name(ts_node_named_child(jump, 0))) {
    const std::string name(text_of(ts_node_named_child(jump, 0), text));
    if (!in_body.count(name) && names_before(try_node, function, text).count(name)) {
      add_tag(e.value_flow, "returns-prior-value");
      if (!ts_node_is_null(body) && mutates(body, name, text))
        add_tag(e.value_flow, only_sets_attributes_of(body, name, text) ? "body-only-sets-its-attributes" : "body-changes-value");
    }
  }
  for (const Guard& g : guards) {
    const std::set<std::string> read = read_names(g.condition, text);
    if (meets(read, bound_in_finally_before(jump, finally_clause, text))) add_tag(e.value_flow, "guard-on-finally-result");
    if (!meets(read, in_body) && !meets(read, in_handlers)) continue;  // not about what the try did
    // A flag: as the try found it, the test keeps the jump from running; only the body's last
    // statement or a handler's last one changes it.
    bool flag = !ts_node_is_null(body) && value_at_start(g.condition, try_node, body, text) == (g.runs_when ? 0 : 1) &&
                bound_only_at_the_end(body, read, text);
    for (uint32_t i = 0; flag && i < ts_node_named_child_count(try_node); i++) {
      TSNode clause = ts_node_named_child(try_node, i);
      if (!is(clause, "except_clause") && !is(clause, "except_group_clause")) continue;
      for (uint32_t k = ts_node_named_child_count(clause); k-- > 0;)
        if (is(ts_node_named_child(clause, k), "block")) {
          flag = bound_only_at_the_end(ts_node_named_child(clause, k), read, text);
          break;
        }
    }
    // The other way round: the jump runs as the try found the flag, and every handler, each
    // catching everything, changes it first: it runs only when no exception arrived at all.
    const bool no_exception_flag = !flag && !ts_node_is_null(body) && !meets(read, in_body) &&
                                   value_at_start(g.condition, try_node, body, text) == (g.runs_when ? 1 : 0) &&
                                   every_handler_flags_first(try_node, read, text);
    add_tag(e.value_flow, flag ? "flag" : no_exception_flag ? "no-exception-flag" : "guard-unproven");
  }
  add_comments(try_node, body, finally_clause, text, e.context);
  if (!ts_node_is_null(function)) add_docstring(function, text, e.context);
  return e;
}

}  // namespace pep765
