#include "common/choices.h"

#include "common/enum_names.h"

namespace pep765 {

namespace {
constexpr const char* kRuleNames[] = {"cpython", "exits", "any"};
constexpr const char* kLineDefinitionNames[] = {"physical", "parsed", "study"};
constexpr const char* kPickNames[] = {"latest", "study"};
}  // namespace

std::optional<Rule> parse_rule(std::string_view text) { return parse_enum<Rule>(text, kRuleNames); }
std::optional<LineDefinition> parse_line_definition(std::string_view text) {
  return parse_enum<LineDefinition>(text, kLineDefinitionNames);
}
const char* rule_name(Rule rule) { return enum_name(rule, kRuleNames); }
const char* line_definition_name(LineDefinition loc) { return enum_name(loc, kLineDefinitionNames); }
std::optional<Pick> parse_pick(std::string_view text) { return parse_enum<Pick>(text, kPickNames); }
const char* pick_name(Pick pick) { return enum_name(pick, kPickNames); }

}  // namespace pep765
