#include "common/choices.h"

namespace pep765 {

std::optional<Rule> parse_rule(std::string_view text) {
  for (Rule r : {Rule::Cpython, Rule::Exits, Rule::Any})
    if (text == rule_name(r)) return r;
  return std::nullopt;
}

std::optional<LineDefinition> parse_line_definition(std::string_view text) {
  for (LineDefinition d : {LineDefinition::Physical, LineDefinition::Parsed, LineDefinition::Study})
    if (text == line_definition_name(d)) return d;
  return std::nullopt;
}

const char* rule_name(Rule rule) {
  switch (rule) {
    case Rule::Cpython: return "cpython";
    case Rule::Exits: return "exits";
    case Rule::Any: return "any";
  }
  return "?";
}

const char* line_definition_name(LineDefinition loc) {
  switch (loc) {
    case LineDefinition::Physical: return "physical";
    case LineDefinition::Parsed: return "parsed";
    case LineDefinition::Study: return "study";
  }
  return "?";
}

}  // namespace pep765
