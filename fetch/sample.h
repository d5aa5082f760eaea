// A random sample of an index's projects (the study's second figure): the project list from
// the simple index, and a draw order that depends only on the seed and the set of names.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/names.h"

namespace pep765 {

// Project names from a simple index page: PEP 691 JSON ({"projects": [{"name": ...}]}) or
// PEP 503 HTML (one <a> per project). Throws std::runtime_error when it is neither.
std::vector<std::string> parse_project_list(std::string_view body);

// Takes out of `names` those that are no project names (invalid_name_reason), which it
// returns, positions 1-based in the list as given.
std::vector<InvalidName> drop_invalid_names(std::vector<std::string>& names);

// Every name (PEP 503-normalised, duplicates dropped), in the order the seed draws them: a
// Fisher-Yates shuffle of the sorted names with mt19937_64 and unbiased bounded integers,
// so the same seed and the same list give the same order on any machine.
std::vector<std::string> draw_order(std::vector<std::string> names, uint64_t seed);

}  // namespace pep765
