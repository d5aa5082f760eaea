// Hits as the store holds them, one row per hit per counted artifact holding its file, with the
// artifact's package (sql/census.h's package identity), and a person's triage of hits: the
// statements behind report/hits.h, export, triage and compare.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/choices.h"
#include "sql/census.h"

namespace pep765 {

struct HitRow {
  std::string artifact, artifact_kind, path;
  int64_t member = 0;
  std::string content;  // hex of the content hash
  int64_t line = 0, column = 0;
  std::string statement;
  bool cpython = false, exits = false, erroneous_parse = false, has_value = false;
  std::string scope;
  int64_t try_line = 0;
  std::string handlers;
  bool try_body_returns = false, handler_returns = false;
  std::string try_source;
  bool body_raises = true, handler_raises = false, else_raises = false, one_operation = false;
  // Its package: the project and release, and what fetch recorded of it (empty where the
  // artifact was analyzed from a path).
  std::string project, release;
  bool fetched = false;
  std::string repository_url, home_page, download_url, project_urls;
  int64_t rank = 0;  // best rank in a top list; 0: none
};
// In no particular order.
std::vector<HitRow> hit_rows(Census& census);

// What `hits` prints: a row per hit per artifact, under `rule`, by artifact name, path, member,
// line and column.
struct HitPlace {
  std::string artifact, path;
  int64_t line = 0, column = 0;
  std::string statement;
  bool cpython = false, exits = false;
};
std::vector<HitPlace> hit_places(Census& census, Rule rule);

// A person's triage, keyed as report/hits.h's HitKey.
struct TriageRow {
  std::string package, path, statement, source;
  int64_t occurrence = 0;
  std::string category, note;
};
std::vector<TriageRow> triage_rows(Census& census);
// Writes each row (a person's decision; updated_at now) in one write transaction, replacing
// the earlier decision on the same hit.
void store_triage(Census& census, const std::vector<TriageRow>& rows);

}  // namespace pep765
