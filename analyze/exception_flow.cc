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

// `x = 1`, `x = y = None`, `x: int = 0`: plain names given literals or names.
bool plain_assignment(TSNode n) {
  if (!is(n, "assignment")) return false;
  TSNode left = ts_node_child_by_field_name(n, "left", 4);
  TSNode right = ts_node_child_by_field_name(n, "right", 5);
  if (ts_node_is_null(left) || !is(left, "identifier")) return false;
  if (ts_node_is_null(right)) return true;  // `x: int`, an annotation alone
  return literal_or_name(right) || plain_assignment(right);
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
static std::vector<TSNode> statements_of(TSNode block) {
  std::vector<TSNode> out;
  for (uint32_t i = 0; i < ts_node_named_child_count(block); i++) {
    TSNode s = ts_node_named_child(block, i);
    if (!is(s, "comment")) out.push_back(s);
  }
  return out;
}

TryFlow try_flow(TSNode try_node, std::string_view text) {
  TryFlow f;
  TSNode body = ts_node_child_by_field_name(try_node, "body", 4);
  f.body_raises = ts_node_is_null(body) || block_raises(body, text);
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
      if (!ts_node_is_null(handler) && raises_explicitly(handler)) f.handler_raises = true;
    } else if (is(clause, "else_clause")) {
      TSNode b = block_of(clause);
      if (!ts_node_is_null(b) && block_raises(b, text)) f.else_raises = true;
    }
  }
  return f;
}

}  // namespace pep765
