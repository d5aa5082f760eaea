// The choices a person makes on the command line that several stages share, as enums parsed
// once (cli/) and passed down typed: which rule makes a hit, which lines a rate counts, which release a selection takes.
#pragma once
#include <optional>
#include <string_view>

namespace pep765 {

// Which flag makes a hit: what CPython 3.14 warns about, what really leaves the finally, either.
enum class Rule { Cpython, Exits, Any };
// The rate's denominator: physical lines, lines of files that parse, the study's newlines + 1
// per parsed file.
enum class LineDefinition { Physical, Parsed, Study };
// Which release of each project a selection takes: the latest, as pip would install it (today's
// census), or the study's (PEP 765's appendix script: the `releases` key that sorts last as a
// string, its first .tar.gz; fetch/study_pick.h).
enum class Pick { Latest, Study };

std::optional<Rule> parse_rule(std::string_view text);
std::optional<LineDefinition> parse_line_definition(std::string_view text);
const char* rule_name(Rule rule);                      // cpython | exits | any
const char* line_definition_name(LineDefinition loc);  // physical | parsed | study
std::optional<Pick> parse_pick(std::string_view text);
const char* pick_name(Pick pick);                      // latest | study

}  // namespace pep765
