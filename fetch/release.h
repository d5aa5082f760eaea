// Choosing what to download for a project: the release, and its sdist and one wheel, from the
// PyPI JSON API document (GET {index}/pypi/{name}/json).
#pragma once
#include <nlohmann/json.hpp>

#include "fetch/index_json.h"

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pep765 {

// A PEP 440 version, enough to order releases and tell finals from pre- and dev releases.
struct Version {
  int64_t epoch = 0;
  std::vector<int64_t> release;
  // Pre-release: phase 0 a, 1 b, 2 rc; absent for a final.
  std::optional<std::pair<int, int64_t>> pre;
  std::optional<int64_t> post, dev;
  std::string local;

  static std::optional<Version> parse(const std::string& text);
  bool is_final() const { return !pre && !dev; }
  std::strong_ordering operator<=>(const Version& other) const;
  bool operator==(const Version& other) const { return (*this <=> other) == 0; }
};

struct ReleaseChoice {
  std::string version;
  std::optional<ReleaseFile> sdist, wheel;
  std::string lacks;   // comma list: no_release, no_files, no_sdist, no_wheel, yanked
  std::string why;     // how the release was chosen, for the record
  std::string reason;  // when nothing is usable: why, in words (no_release / no_files)
  bool usable() const { return sdist || wheel; }
};

// The release to take, as pip would install it:
// - without `as_of`: the one the index names latest (info.version) when it has an sdist or a
//   wheel; else the latest final release that has one, else the latest release of any kind
//   that has one; all of these not yanked. Where every such release is yanked, the latest
//   yanked one (pip installs a yanked release when nothing else fits), with `yanked` in lacks.
// - with `as_of` (YYYY-MM-DD or ISO 8601): the latest non-yanked final release with an sdist
//   or wheel uploaded on or before that date, and only the files that existed then. It needs
//   the JSON API's `releases` (every release's files); without them nothing is chosen, with
//   the reason.
// Only sdists and wheels count as files: a release of only eggs or installers has none.
ReleaseChoice choose_release(const ProjectDoc& project, const std::optional<std::string>& as_of);
// The same from a parsed document (checked by project_from_json; throws IndexError).
ReleaseChoice choose_release(const nlohmann::json& project, const std::optional<std::string>& as_of);

// The wheel to take among a release's wheels: pure first (py3-none-any, py2.py3-none-any, then
// other none-any), else one binary wheel: manylinux x86_64, then musllinux x86_64, linux
// x86_64, win_amd64, macosx x86_64, macosx arm64, anything else; then the newest CPython tag;
// ties by file name. Index into `wheels`, or nullopt when empty.
std::optional<size_t> choose_wheel(const std::vector<ReleaseFile>& wheels);

// Project URLs, for issue filing: the repository (a code host among project_urls / home page).
std::string repository_url(const ProjectDoc& project);

}  // namespace pep765
