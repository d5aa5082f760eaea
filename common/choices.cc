#include "common/choices.h"

#include <cstddef>

namespace pep765 {

namespace {

// Each enum's names, in the order of its values.
constexpr const char* kRuleNames[] = {"cpython", "exits", "any"};
constexpr const char* kLineDefinitionNames[] = {"physical", "parsed", "study"};

template <class Enum, size_t N>
std::optional<Enum> parse_name(std::string_view text, const char* const (&names)[N]) {
  for (size_t i = 0; i < N; i++)
    if (text == names[i]) return static_cast<Enum>(i);
  return std::nullopt;
}

}  // namespace

std::optional<Rule> parse_rule(std::string_view text) { return parse_name<Rule>(text, kRuleNames); }
std::optional<LineDefinition> parse_line_definition(std::string_view text) {
  return parse_name<LineDefinition>(text, kLineDefinitionNames);
}
const char* rule_name(Rule rule) { return kRuleNames[static_cast<size_t>(rule)]; }
const char* line_definition_name(LineDefinition loc) { return kLineDefinitionNames[static_cast<size_t>(loc)]; }

}  // namespace pep765
