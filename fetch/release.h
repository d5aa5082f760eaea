// Choosing what to download for a project: the release, and its sdist and one wheel, from its
// index page in whatever shape the index served it (fetch/project_page.h).
#pragma once
#include <nlohmann/json.hpp>

#include "common/pep440.h"
#include "fetch/index_json.h"
#include "fetch/project_page.h"

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pep765 {

struct ReleaseChoice {
  std::string version;
  std::optional<ReleaseFile> sdist, wheel;
  std::string lacks;   // comma list: no_release, no_files, no_sdist, no_wheel, yanked
  std::string why;     // how the release was chosen, for the record
  std::string reason;  // when nothing is usable: why, in words (no_release / no_files)
  std::string note;    // what the fetch says of the choice (files without an upload time under --as-of)
  // The chosen files' core metadata (PEP 714), the wheel's where it offers one: where the
  // repository link comes from when the index is no legacy JSON API. Empty when not offered.
  std::string metadata_url, metadata_sha256;
  bool usable() const { return sdist || wheel; }
};

// The release to take, as pip would install it, the same whatever shape the page came in:
// - without `as_of`: the one the legacy API names latest (info.version) when it has an sdist
//   or a wheel; else the newest (PEP 440) final release that has one, else the newest release
//   of any kind that has one; all of these not yanked. Where every such release is yanked, the
//   newest yanked one (pip installs a yanked release when nothing else fits), `yanked` in lacks.
// - with `as_of` (YYYY-MM-DD or ISO 8601): the newest non-yanked final release with an sdist
//   or wheel uploaded on or before that date, and only the files that existed then (a file the
//   index gives no upload time for is taken as not existing, and `note` says so). It needs
//   upload times for every release (page.upload_times); without them nothing is chosen, with
//   the reason.
// Only sdists and wheels count as files: a release of only eggs or installers has none.
ReleaseChoice choose_release(const ProjectPage& page, const std::optional<std::string>& as_of);

// The file was uploaded on or before `as_of` (YYYY-MM-DD: the whole of that day; or ISO 8601).
// A file without an upload time was not there, as far as anyone can tell. Both picks use it.
bool uploaded_by(const ReleaseFile& file, const std::string& as_of);
// The same over the legacy document (page_from_legacy), and from a parsed one (checked by
// project_from_json; throws IndexError).
ReleaseChoice choose_release(const ProjectDoc& project, const std::optional<std::string>& as_of);
ReleaseChoice choose_release(const nlohmann::json& project, const std::optional<std::string>& as_of);

// The wheel to take among a release's wheels: pure first (py3-none-any, py2.py3-none-any, then
// other none-any), else one binary wheel: manylinux x86_64, then musllinux x86_64, linux
// x86_64, win_amd64, macosx x86_64, macosx arm64, anything else; then the newest CPython tag;
// ties by file name. Index into `wheels`, or nullopt when empty.
std::optional<size_t> choose_wheel(const std::vector<ReleaseFile>& wheels);

// Project URLs, for issue filing: the repository (a code host among project_urls / home page).
std::string repository_url(const std::vector<std::pair<std::string, std::string>>& project_urls,
                           const std::string& home_page);
inline std::string repository_url(const ProjectDoc& p) { return repository_url(p.project_urls, p.home_page); }

}  // namespace pep765
