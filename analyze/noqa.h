// Suppression comments, as ruff, flake8 and pylint read them, on the line a hit is on:
//   # noqa                       every code (a blanket noqa)
//   # noqa: PEP765, B012         the codes listed (commas and/or spaces; case-insensitive)
//   # pylint: disable=lost-exception,W0150
// A hit of code PEP765 (or PEP765X) is suppressed by its own code, by flake8-bugbear's and
// ruff's B012 (the same rule: return/break/continue in finally), and by pylint's names for it
// (lost-exception / W0150, return-in-finally / W0134). `noqa` may follow other text in the
// comment after a `#` ("# type: ignore  # noqa: PEP765"), as ruff finds it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "analyze/analyze_file.h"

namespace pep765 {

// Whether `comment` (one comment token's text, from its '#') suppresses a hit of `code`
// ("PEP765" or "PEP765X"); `how` gets what did it: "noqa", "noqa: B012", "pylint: lost-exception".
bool comment_suppresses(std::string_view comment, std::string_view code, std::string* how = nullptr);

// The comment token that ends line `line` after byte column `column` (both 1-based, as a hit
// has them, in `text` as analyze_file read it), or empty. Lexed by tree-sitter from the hit on:
// a '#' inside a string is no comment.
std::string trailing_comment(std::string_view text, uint32_t line, uint32_t column, PythonParser& parser);

// What suppresses a hit of `code` at `line`/`column` of `text`: the two above together, as
// `check` honours it and `analyze` records it. "" when nothing does.
std::string suppression_of(std::string_view text, uint32_t line, uint32_t column, std::string_view code,
                           PythonParser& parser);

}  // namespace pep765
