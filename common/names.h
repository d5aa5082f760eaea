// Project names, the same everywhere: fetch records them, analyze shards by them, the report
// groups by them (a distribution file's name is parsed in common/dist_filename.h).
#pragma once
#include <string>
#include <string_view>

namespace pep765 {

// PEP 503 normalised name: lower case, runs of -_. made one '-'.
std::string normalize_project_name(std::string_view name);

}  // namespace pep765
