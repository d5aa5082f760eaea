// PEP 440 versions, in the one place pep765 reads them: fetch orders an index's releases by
// them and maps its files to the releases it names. The grammar and order are the packaging
// specification's ("Version specifiers"): epochs, release segments compared with zero padding,
// pre-releases (a, b, rc and their alternate spellings), post-releases (also the implicit
// `1.0-1`), dev releases, and local versions; leading `v`, surrounding space and case ignored.
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pep765 {

struct Version {
  int64_t epoch = 0;
  std::vector<int64_t> release;  // as written: 1.0.0 keeps its three segments (equal to 1.0 all the same)
  // Pre-release: phase 0 a, 1 b, 2 rc; absent for none.
  std::optional<std::pair<int, int64_t>> pre;
  std::optional<int64_t> post, dev;
  // Local version label, normalized: lower case, segments joined with '.'.
  std::string local;

  // nullopt for text that is no PEP 440 version (a legacy version such as "2004d" or "dev").
  // Numbers past 18 digits saturate: no index needs them, and none may overflow.
  static std::optional<Version> parse(std::string_view text);
  // The normalized form: "1.0RC1" -> "1.0rc1", "v1.0-1" -> "1.0.post1", "1.0+Ubuntu-1" -> "1.0+ubuntu.1".
  std::string normalized() const;
  bool is_final() const { return !pre && !dev; }  // a post-release of a final is final
  bool is_prerelease() const { return !is_final(); }
  std::strong_ordering operator<=>(const Version& other) const;
  bool operator==(const Version& other) const { return (*this <=> other) == 0; }
};

}  // namespace pep765
