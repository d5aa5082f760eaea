#include "common/names.h"

#include <cctype>

#include "common/dist_filename.h"

namespace pep765 {

std::string normalize_project_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (out.empty() || out.back() != '-') out += '-';
    } else {
      out += char(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::pair<std::string, std::string> package_of_artifact(const std::string& name, const std::string& kind) {
  ArtifactIdentity id = identity_of_artifact(name, kind);
  return {std::move(id.project), id.version.value_or("")};
}

}  // namespace pep765
