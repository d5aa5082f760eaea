// What a census read but did not analyze, by reason: the read side's "what was not counted"
// (issue 27). Every reason the store records is here, each with how many and a few names, so
// that a report can say exactly which lines its rates stand on.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sql/census.h"

namespace pep765 {

struct NotCounted {
  std::string reason;                // one of the words below
  std::string meaning;               // what it means for the figures, for a person
  int64_t count = 0;                 // files (.py members of counted artifacts), or artifacts for "unreadable"
  std::vector<std::string> examples; // the first few, "ARTIFACT: MEMBER" (or "ARTIFACT: why")
};

// Over what the census counts (the Census's counted artifacts), reasons in this order, only
// those with a count:
//   over_member_cap   a file over --max-member-bytes: lines streamed, never parsed
//   over_parse_cap    a file over --max-parse-bytes: not parsed
//   analysis_failed   the parser failed or crashed on it: no hits looked for
// The first three had no hits looked for, so their lines are in no rate either (census.cc's
// PEP765_READ_IN_FULL); they are stored, and listed here, so nothing leaves silently.
//   not_utf8          not valid UTF-8 (CPython refuses it without a coding cookie); parsed here all the same
//   unreadable        an artifact read in part or not at all (partial / failed): its error
std::vector<NotCounted> not_counted(Census& census, size_t examples = 5);

}  // namespace pep765
