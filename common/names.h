// Project names, the same everywhere: fetch records them, analyze shards by them, the report
// groups by them.
#pragma once
#include <string>
#include <string_view>
#include <utility>

namespace pep765 {

// PEP 503 normalised name: lower case, runs of -_. made one '-'.
std::string normalize_project_name(std::string_view name);

// Package name (normalised) and version ("" where there is none) of an artifact, from its file
// name: identity_of_artifact (common/dist_filename.h) as a pair. A thin wrapper kept for the
// report's last readers until they read artifacts.project, the stored fact.
std::pair<std::string, std::string> package_of_artifact(const std::string& name, const std::string& kind);

}  // namespace pep765
