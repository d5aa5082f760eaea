// What a jump out of `finally` does, said once for every place that says it: linter lines,
// SARIF, drafted issues. Right per statement (a `break` ends the loop, a `continue` goes on
// with it) and per rule (only what CPython 3.14 flags is said to be warned about).
#pragma once
#include <string>
#include <string_view>

namespace pep765 {

// "swallows any exception in flight and ends the loop" (for `break`), and so on; `would`:
// "would swallow any exception in flight and end the loop", where none can be in flight.
std::string jump_effect(std::string_view statement, bool would = false);

// The linter code: PEP765 for what CPython 3.14 warns about, PEP765X for a jump only the
// `exits` rule finds (it sits in a loop inside the finally, or CPython does not look there).
std::string_view lint_code(bool cpython);

// One line: "`return` in `finally` swallows any exception in flight (Python 3.14: SyntaxWarning)".
std::string lint_message(std::string_view statement, bool cpython);

}  // namespace pep765
