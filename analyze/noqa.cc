#include "analyze/noqa.h"

#include <tree_sitter/api.h>

#include <cctype>
#include <memory>
#include <vector>

#include "common/source_line.h"

namespace pep765 {

namespace {

bool equal_folded(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool starts_folded(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && equal_folded(s.substr(0, prefix.size()), prefix);
}

void skip_spaces(std::string_view& s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
}

bool code_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

// The names under which other tools know this rule, with the codes of ours they cover.
bool alias_of(std::string_view name, std::string_view code) {
  if (equal_folded(name, code)) return true;
  for (const char* alias : {"B012", "lost-exception", "W0150", "return-in-finally", "W0134"})
    if (equal_folded(name, alias)) return true;
  return false;
}

// The names of a list "A, B C": each compared with `code`.
bool list_names(std::string_view list, std::string_view code, std::string* how, const char* tool) {
  for (;;) {
    while (!list.empty() && (list.front() == ' ' || list.front() == '\t' || list.front() == ',')) list.remove_prefix(1);
    size_t n = 0;
    while (n < list.size() && code_char(list[n])) n++;
    if (n == 0) return false;
    if (alias_of(list.substr(0, n), code)) {
      if (how) *how = std::string(tool) + std::string(list.substr(0, n));
      return true;
    }
    list.remove_prefix(n);
  }
}

}  // namespace

bool comment_suppresses(std::string_view comment, std::string_view code, std::string* how) {
  for (size_t hash = comment.find('#'); hash != std::string_view::npos; hash = comment.find('#', hash + 1)) {
    std::string_view rest = comment.substr(hash + 1);
    skip_spaces(rest);
    if (starts_folded(rest, "noqa") && (rest.size() == 4 || !code_char(rest[4]))) {
      rest.remove_prefix(4);
      skip_spaces(rest);
      // "# noqa" alone (or not followed by a colon) is blanket, as ruff and flake8 read it.
      if (rest.empty() || rest.front() != ':') {
        if (how) *how = "noqa";
        return true;
      }
      if (list_names(rest.substr(1), code, how, "noqa: ")) return true;
      continue;
    }
    if (starts_folded(rest, "pylint:")) {
      rest.remove_prefix(7);
      skip_spaces(rest);
      if (!starts_folded(rest, "disable") || starts_folded(rest, "disable-next")) continue;
      rest.remove_prefix(7);
      skip_spaces(rest);
      if (rest.empty() || rest.front() != '=') continue;
      if (list_names(rest.substr(1), code, how, "pylint: ")) return true;
    }
  }
  return false;
}

std::string trailing_comment(std::string_view text, uint32_t line, uint32_t column, PythonParser& parser) {
  const std::string_view whole = source_line(text, line);
  const size_t from = column > 0 ? column - 1 : 0;
  if (from >= whole.size() || whole.substr(from).find('#') == std::string_view::npos) return {};
  // The hit is a statement's first token, so lexing from it to the end of its line is exact:
  // no string or bracket is open there.
  const std::string_view piece = whole.substr(from);
  std::unique_ptr<TSTree, decltype(&ts_tree_delete)> tree(parser.parse(piece, nullptr), ts_tree_delete);
  if (!tree) return {};
  std::string comment;
  std::vector<TSNode> stack{ts_tree_root_node(tree.get())};
  while (!stack.empty()) {
    const TSNode node = stack.back();
    stack.pop_back();
    if (std::string_view(ts_node_type(node)) == "comment") {
      const uint32_t a = ts_node_start_byte(node), b = ts_node_end_byte(node);
      if (b <= piece.size() && b > a) comment = std::string(piece.substr(a, b - a));
      continue;
    }
    for (uint32_t i = 0, n = ts_node_child_count(node); i < n; i++) stack.push_back(ts_node_child(node, i));
  }
  return comment;
}

std::string suppression_of(std::string_view text, uint32_t line, uint32_t column, std::string_view code,
                           PythonParser& parser) {
  std::string how;
  if (const std::string comment = trailing_comment(text, line, column, parser); !comment.empty())
    comment_suppresses(comment, code, &how);
  return how;
}

}  // namespace pep765
