// Hits as the store holds them, one row per hit per counted artifact holding its file, with the
// artifact's package (sql/census.h's package identity), and a person's triage of hits: the
// statements behind report/hits.h, export, triage and compare.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/choices.h"
#include "common/hit_evidence.h"
#include "sql/census.h"

namespace pep765 {

struct HitRow {
  // Where: the package and release (sql/census.h's package identity), and what fetch recorded
  // of it (empty where the artifact was analyzed from a path).
  std::string package, version, repository_url, home_page;
  std::string project_urls;  // the index's info.project_urls as stored: a JSON object, label -> URL
  std::string download_url;  // where fetch took the artifact from
  int rank = 0;              // best rank in a top list; 0 when not in one
  std::string artifact, artifact_kind, path;
  int member = 0;
  // What: the hit and its facts.
  std::string content;  // hex of the content hash: the same hit in two artifacts shares it
  int line = 0, column = 0;
  std::string statement;
  bool cpython = false, exits = false, erroneous_parse = false, has_value = false;
  std::string scope, handlers, try_source;
  int try_line = 0;
  bool try_body_returns = false, handler_returns = false;
  bool body_raises = true, handler_raises = false, else_raises = false, one_operation_fallback = false;
  // The suppression comment on its line ("noqa: B012"; "" none); absent when the hit was
  // analyzed before pep765 read them (schema 8).
  std::optional<std::string> noqa;
  // Its evidence for triage (schema.sql); absent when analyzed before pep765 read it (schema 9).
  std::optional<HitEvidence> evidence;
};
// In no particular order.
std::vector<HitRow> hit_rows(Census& census);

// What `hits` prints: a row per hit per artifact, under `rule`, by artifact name, path, member,
// line and column.
struct HitPlace {
  std::string artifact, path;
  int64_t line = 0, column = 0;  // column: the stored byte column, from 1
  std::string statement;
  bool cpython = false, exits = false;
  std::string try_source;  // the try statement, for the column in characters (report/hits.h)
  int64_t try_line = 0;
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
