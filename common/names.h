// Project names, the same everywhere: fetch records them, analyze shards by them, the report
// groups by them.
#pragma once
#include <string>
#include <string_view>
#include <utility>

namespace pep765 {

// PEP 503 normalised name: lower case, runs of -_. made one '-'.
std::string normalize_project_name(std::string_view name);

// Package name (normalised) and version from an archive's file name: sdist NAME-VERSION.tar.gz
// (or .zip, .tgz, .tar.bz2, .tar.xz), wheel or egg NAME-VERSION-....whl. `kind` is the
// artifact kind (sdist, wheel, egg, dir, file); a directory or file keeps its name whole.
std::pair<std::string, std::string> package_of_artifact(const std::string& name, const std::string& kind);

}  // namespace pep765
