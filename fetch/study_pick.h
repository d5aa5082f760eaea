// The study's pick: the release and file PEP 765's appendix took for each project, exactly as
// its download script (iritkatriel/finally scripts/download_packages.py) chose them, so its
// census can be repeated as it really ran. The script read the legacy JSON API's `releases`,
// "assuming the releases are listed in chronological order", and took the last key; the index
// renders that object with its keys sorted, so the script took the version that sorts last as
// a string (2.9.2 over 2.32.3, 1.9 over 1.10, a 1.0rc1 over its 1.0), then the first file of it
// whose name ends in ".tar.gz". Nothing else: no other release when that one has none, no
// wheel, no look at yanked.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "fetch/index_json.h"
#include "fetch/release.h"

namespace pep765 {

// `a` sorts before `b` as byte strings (Python's str order for UTF-8 text: code points).
bool sorts_before_as_bytes(std::string_view a, std::string_view b);

// The study's choice of `project`'s release and file:
// - among the keys of `releases` (releases without files included), the one that sorts last as
//   a byte string, sorted here (never the document's order);
// - with `as_of` (YYYY-MM-DD or ISO 8601), only the releases with a file uploaded by then, and
//   those with no file at all (whose date nobody can know: the study would have seen them), and
//   of the release taken only the files that existed by then;
// - of that release's files, in the document's order, the first whose filename ends with
//   ".tar.gz" (case-sensitive, as Python's str.endswith), whatever its packagetype or yanked.
// Without one the choice is not usable, with the reason ("the last-sorting release X has no
// .tar.gz"): the study counted such a project missing. Without `releases` nothing is chosen.
ReleaseChoice study_pick(const ProjectDoc& project, const std::optional<std::string>& as_of);

}  // namespace pep765
