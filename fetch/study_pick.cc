#include "fetch/study_pick.h"

#include <fmt/format.h>

#include <algorithm>

namespace pep765 {

bool sorts_before_as_bytes(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
  });
}

ReleaseChoice study_pick(const ProjectDoc& project, const std::optional<std::string>& as_of) {
  ReleaseChoice choice;
  if (!project.releases) {
    choice.lacks = "no_release";
    choice.reason = "the index's JSON gives no `releases`, which the study's pick reads";
    return choice;
  }
  // The releases the JSON listed at `as_of`: those with a file by then, and those with none.
  const std::pair<std::string, std::vector<ReleaseFile>>* last = nullptr;
  for (const auto& release : *project.releases) {
    const auto& [key, files] = release;
    if (as_of && !files.empty() &&
        std::none_of(files.begin(), files.end(), [&](const ReleaseFile& f) { return uploaded_by(f, *as_of); }))
      continue;
    if (!last || sorts_before_as_bytes(last->first, key)) last = &release;
  }
  if (!last) {
    choice.lacks = "no_release";
    choice.reason = as_of ? fmt::format("the index lists no release by {}", *as_of) : "the index lists no release";
    return choice;
  }
  choice.version = last->first;
  choice.why = "study: the release key that sorts last as a string, its first .tar.gz";
  for (const ReleaseFile& f : last->second) {
    if (as_of && !uploaded_by(f, *as_of)) continue;
    if (f.filename.ends_with(".tar.gz")) {
      choice.sdist = f;
      return choice;
    }
  }
  choice.lacks = last->second.empty() ? "no_files" : "no_sdist";
  choice.reason = fmt::format("the last-sorting release {} has no .tar.gz", last->first);
  return choice;
}

}  // namespace pep765
