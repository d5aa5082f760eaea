#include "report/wording.h"

#include <fmt/format.h>

namespace pep765 {

std::string jump_effect(std::string_view statement, bool would) {
  const std::string swallow = would ? "would swallow any exception in flight" : "swallows any exception in flight";
  if (statement == "break") return swallow + (would ? " and end the loop" : " and ends the loop");
  if (statement == "continue") return swallow + (would ? " and go on with the loop" : " and goes on with the loop");
  return swallow;
}

std::string_view lint_code(bool cpython) { return cpython ? "PEP765" : "PEP765X"; }

std::string lint_message(std::string_view statement, bool cpython) {
  if (cpython)
    return fmt::format("`{}` in `finally` {} (a SyntaxWarning in Python 3.14)", statement, jump_effect(statement));
  return fmt::format("`{}` leaves the `finally` from a nested loop and {} (Python 3.14 does not warn here)",
                     statement, jump_effect(statement));
}

}  // namespace pep765
