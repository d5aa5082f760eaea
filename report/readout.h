// Read-outs of the store until the report stage exists: the hits as TSV, the totals as JSON.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

#include "common/choices.h"
#include "sql/census.h"

namespace pep765 {

// One TSV row per hit per artifact holding the file, with a header row:
// artifact  path  line  column  statement  cpython  exits
void print_hits(const std::string& db_path, Rule rule, std::FILE* out);

// Totals: artifacts, files, lines (physical, in files that parse, the study's definition),
// hits per rule; unique (by content) and per artifact.
nlohmann::json summary(const std::string& db_path);
nlohmann::json summary(Census& census);
// A summary's read_costs in one line ("read: index pages ...; wheels ..."), "" when nothing was fetched.
std::string read_cost_line(const nlohmann::json& summary);

// Distinct hits under the cpython rule in the contents the store's files name: a cheap figure
// for a closing line.
int64_t stored_hits(const std::string& db_path);

}  // namespace pep765
