// Project names, the same everywhere: fetch records them, analyze shards by them, the report
// groups by them (a distribution file's name is parsed in common/dist_filename.h).
#pragma once
#include <string>
#include <string_view>

namespace pep765 {

// PEP 503 normalised name: lower case, runs of -_. made one '-'.
std::string normalize_project_name(std::string_view name);

// Names longer than this are taken for no project's: no index serves one, and each would
// become a URL segment and a folder name.
constexpr size_t kMaxProjectNameBytes = 200;

// The packaging specification's name rule: ASCII letters, digits, '.', '_' and '-', starting
// and ending with a letter or digit, at most kMaxProjectNameBytes. Why `raw` breaks it ("" when
// it is a valid name): the one check of every name a list or an index gives, before it reaches
// a URL, a folder or the store.
std::string invalid_name_reason(std::string_view raw);

// A name a list or an index gave that is no project name, as it was given (escape it with
// printable() to show or store it), with why.
struct InvalidName {
  std::string raw;
  std::string reason;
  size_t position = 0;  // 1-based, among the list's or index's entries
};

}  // namespace pep765
