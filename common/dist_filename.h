// Which project and release a distribution file is, from its file name: the one parser of
// sdist, wheel and egg names. Fetch records the project of what it downloads; analyze records
// the project of a local archive from this, so every reader reads a stored fact.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace pep765 {

enum class DistKind { Sdist, Wheel, Egg };
const char* dist_kind_name(DistKind kind);  // sdist | wheel | egg: as artifacts.kind spells them

struct DistFilename {
  std::string project;  // PEP 503 normalized
  std::string version;  // as the file name spells it
  DistKind kind;
};

// A distribution's file name, or nullopt for a name that is none of these:
//   sdist  {name}-{version}.tar.gz (PEP 625), and the legacy .zip .tgz .tar.bz2 .tar.xz .tar:
//          the version starts after the last '-' followed by a digit (a name may hold '-')
//   wheel  {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl (PEP 427, PEP 491): the
//          name's '-' escaped as '_', a build tag starting with a digit
//   egg    {name}-{version}(-{python}(-{platform})?)?.egg
// Extensions match in any case, as extract/ recognizes archives.
std::optional<DistFilename> parse_dist_filename(std::string_view filename);

// The project and release an artifact is recorded under when no fetch record names them:
// `kind` is the artifact's (sdist, wheel, egg, dir, file). A distribution file name gives
// both; one it cannot parse keeps the project the report has always grouped it under (up to
// the first '-' for a wheel or egg, the name less its extension for an sdist) and no version;
// a directory or a single file is its own project, its name as given.
struct ArtifactIdentity {
  std::string project;
  std::optional<std::string> version;
};
ArtifactIdentity identity_of_artifact(std::string_view name, std::string_view kind);

}  // namespace pep765
