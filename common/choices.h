// The choices a person makes on the command line that several stages share, as enums parsed
// once (cli/) and passed down typed: which rule makes a hit, which lines a rate counts.
#pragma once
#include <optional>
#include <string_view>

namespace pep765 {

// Which flag makes a hit: what CPython 3.14 warns about, what really leaves the finally, either.
enum class Rule { Cpython, Exits, Any };
// The rate's denominator: physical lines, lines of files that parse, the study's newlines + 1
// per parsed file.
enum class LineDefinition { Physical, Parsed, Study };

std::optional<Rule> parse_rule(std::string_view text);
std::optional<LineDefinition> parse_line_definition(std::string_view text);
const char* rule_name(Rule rule);                      // cpython | exits | any
const char* line_definition_name(LineDefinition loc);  // physical | parsed | study

}  // namespace pep765
