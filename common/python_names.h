// Which archive members are Python modules: one test for the analysis (extract/) and for the
// fetch of a wheel's ranges (fetch/ranged_wheel.h), so both take the same members.
#pragma once
#include <string_view>

namespace pep765 {

// Python's own test for a module file, as the oracle and the study used: the name ends in ".py".
inline bool is_python_name(std::string_view name) {
  return name.size() > 3 && name.substr(name.size() - 3) == ".py" && name.back() != '/';
}

}  // namespace pep765
