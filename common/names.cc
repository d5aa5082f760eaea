#include "common/names.h"

#include <cctype>

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
  std::string stem = name;
  if (kind == "wheel" || kind == "egg") {
    size_t dash = stem.find('-');
    if (dash == std::string::npos) return {normalize_project_name(stem), ""};
    size_t next = stem.find('-', dash + 1);
    return {normalize_project_name(stem.substr(0, dash)),
            stem.substr(dash + 1, next == std::string::npos ? std::string::npos : next - dash - 1)};
  }
  if (kind != "sdist") return {name, ""};
  for (const std::string ext : {".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip"}) {
    if (stem.size() > ext.size() && stem.compare(stem.size() - ext.size(), ext.size(), ext) == 0) {
      stem.resize(stem.size() - ext.size());
      break;
    }
  }
  // The version starts after the last '-' that is followed by a digit.
  for (size_t i = stem.size(); i-- > 0;)
    if (stem[i] == '-' && i + 1 < stem.size() && std::isdigit(static_cast<unsigned char>(stem[i + 1])))
      return {normalize_project_name(stem.substr(0, i)), stem.substr(i + 1)};
  return {normalize_project_name(stem), ""};
}

}  // namespace pep765
