#include "common/dist_filename.h"

#include <cctype>
#include <vector>

#include "common/names.h"

namespace pep765 {

namespace {

bool ends_with_nocase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); i++)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

bool starts_with_digit(std::string_view s) { return !s.empty() && std::isdigit(static_cast<unsigned char>(s[0])); }

std::vector<std::string_view> split_dashes(std::string_view s) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t dash = s.find('-', start);
    parts.push_back(s.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start));
    if (dash == std::string_view::npos) return parts;
    start = dash + 1;
  }
}

constexpr std::string_view kSdistExtensions[] = {".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip"};

std::optional<DistFilename> parse_sdist(std::string_view stem) {
  for (size_t i = stem.size(); i-- > 1;)
    if (stem[i] == '-' && starts_with_digit(stem.substr(i + 1)))
      return DistFilename{normalize_project_name(stem.substr(0, i)), std::string(stem.substr(i + 1)), DistKind::Sdist};
  return std::nullopt;
}

// The fields of a wheel or egg name, none empty: a wheel has 5 or 6 (the 6th a build tag
// after the version, starting with a digit), an egg 2 to 4.
std::optional<DistFilename> parse_binary(std::string_view stem, DistKind kind) {
  const std::vector<std::string_view> parts = split_dashes(stem);
  for (std::string_view p : parts)
    if (p.empty()) return std::nullopt;
  if (kind == DistKind::Wheel) {
    if (parts.size() != 5 && parts.size() != 6) return std::nullopt;
    if (parts.size() == 6 && !starts_with_digit(parts[2])) return std::nullopt;
  } else if (parts.size() < 2 || parts.size() > 4) {
    return std::nullopt;
  }
  return DistFilename{normalize_project_name(parts[0]), std::string(parts[1]), kind};
}

}  // namespace

const char* dist_kind_name(DistKind kind) {
  constexpr const char* kNames[] = {"sdist", "wheel", "egg"};  // in DistKind's order
  return kNames[static_cast<int>(kind)];
}

std::optional<DistFilename> parse_dist_filename(std::string_view filename) {
  if (ends_with_nocase(filename, ".whl")) return parse_binary(filename.substr(0, filename.size() - 4), DistKind::Wheel);
  if (ends_with_nocase(filename, ".egg")) return parse_binary(filename.substr(0, filename.size() - 4), DistKind::Egg);
  for (std::string_view ext : kSdistExtensions)
    if (ends_with_nocase(filename, ext)) return parse_sdist(filename.substr(0, filename.size() - ext.size()));
  return std::nullopt;
}

ArtifactIdentity identity_of_artifact(std::string_view name, std::string_view kind) {
  if (kind != "sdist" && kind != "wheel" && kind != "egg") return {std::string(name), std::nullopt};
  if (std::optional<DistFilename> d = parse_dist_filename(name); d && kind == dist_kind_name(d->kind))
    return {std::move(d->project), std::move(d->version)};
  // Not a distribution's name: grouped as the report always grouped it.
  if (kind != "sdist") return {normalize_project_name(name.substr(0, name.find('-'))), std::nullopt};
  for (std::string_view ext : kSdistExtensions)
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) {
      name.remove_suffix(ext.size());
      break;
    }
  return {normalize_project_name(name), std::nullopt};
}

}  // namespace pep765
