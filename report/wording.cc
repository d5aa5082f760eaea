#include "report/wording.h"

#include <fmt/format.h>

namespace pep765 {

std::string jump_effect(std::string_view statement) {
  if (statement == "break") return "swallows any exception in flight and ends the loop";
  if (statement == "continue") return "swallows any exception in flight and goes on with the loop";
  return "swallows any exception in flight";
}

std::string_view lint_code(bool cpython) { return cpython ? "PEP765" : "PEP765X"; }

std::string lint_message(std::string_view statement, bool cpython) {
  if (cpython)
    return fmt::format("`{}` in `finally` {} (a SyntaxWarning in Python 3.14)", statement, jump_effect(statement));
  return fmt::format("`{}` leaves the `finally` from a nested loop and {} (Python 3.14 does not warn here)",
                     statement, jump_effect(statement));
}

}  // namespace pep765
