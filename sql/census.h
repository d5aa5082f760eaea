// The read side of the store: what the census counts, decided once per command, and the named
// figures the read commands (report, summary, trend, compare, export) need, as plain structs.
// Every read statement of the program lives here or in sql/hit_rows.h; report/ sees no SQL.
//
// Why a Census and not the `counted_artifacts` view: the view's per-file EXISTS over `selected`
// finds no index and runs once per file row, so every read grew with the square of the store
// (issue 30: x16 the store, x200 the time). Read commands open stores read-only, so an index
// cannot be added to a store that exists: instead the counted artifacts are decided ONCE per
// connection, into TEMP tables (they work on a read-only connection), and every figure joins
// them by key.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/choices.h"
#include "sql/db.h"

namespace pep765 {

// A connection to the store with the census decided: TEMP tables
//   counted(id, path, name, kind, status, error, analyzed_at, package_id, version, project, release)
//     the artifacts the census counts (sql/README.md, "What a selection counts"), in id order,
//     indexed by (package_id, version), each with its package identity (project, release);
//   selection_counted(selection_id, id)
//     each selection's counted artifacts: of the releases it found (a study pick: the file it took);
//   top_ranks(package_id, version, best_rank, best_positive_rank)
//     a release's best rank in a top list.
class Census {
 public:
  // Read commands open read-only (the default); triage import writes a person's triage.
  explicit Census(const std::string& path, OpenMode mode = OpenMode::Read);
  const std::string& path() const { return db_.path(); }
  Db& db() { return db_; }  // for the operations of sql/ only

 private:
  Db db_;
};

// Rank bands of a top list, disjoint: 1-100, 101-1,000, 1,001-8,000, past 8,000.
struct RankBand {
  int low, high;  // inclusive; high 0: no upper end
  const char* label;
};
extern const std::vector<RankBand> kRankBands;

// ---- package identity: the one place the read side answers "which package is this artifact"
struct CountedArtifact {
  int64_t id = 0;
  std::string name, kind;
  std::string project, release;  // the package and its version
};
// Every counted artifact with its package, in id order.
std::vector<CountedArtifact> counted_artifacts(Census& census);

// ---- summary
struct ArtifactStatusCount {
  std::string status;  // ok | partial | failed
  int64_t count = 0;
};
std::vector<ArtifactStatusCount> artifact_statuses(Census& census);

struct LineFigures {
  int64_t files = 0, bytes = 0, lines = 0, lines_parse_ok = 0, lines_parse_error = 0, lines_not_parsed = 0,
          study_lines = 0;
  int64_t files_parse_ok = 0, files_parse_error = 0, files_skipped = 0, files_too_large = 0;
};
struct HitCounts {
  int64_t cpython = 0, exits = 0, any = 0, in_erroneous_parse = 0, returns = 0, breaks = 0, continues = 0;
};
// Per artifact: every copy of a file; unique: each content once.
enum class Copies { PerArtifact, Unique };
LineFigures line_figures(Census& census, Copies copies);
HitCounts hit_counts(Census& census, Copies copies);

// Distinct hits under the cpython rule in the contents the store's files name (counted or not).
int64_t stored_cpython_hits(Census& census);

// ---- provenance
struct Selection {
  int64_t id = 0;
  std::string kind, source, list_date;  // kind: top | random
  int64_t seed = 0, size = 0;
  std::string index_url, as_of, created_at;
  std::string pick;  // latest | study
};
// Every selection, by id.
std::vector<Selection> selections(Census& census);

struct TimeSpan {
  std::string first, last;  // empty when there is none
};
TimeSpan fetched_span(Census& census);   // of the counted packages' fetches
TimeSpan analyzed_span(Census& census);  // of the counted artifacts
std::vector<int64_t> analysis_versions(Census& census);
struct CpythonVerdicts {
  int64_t asked = 0, grammar_rejects_unconfirmed = 0;
  std::string interpreter;  // the CPython(s) that gave them ("3.14.2"; "" when unrecorded)
};
CpythonVerdicts cpython_verdicts(Census& census);

// ---- what the census cost to read (schema 9)
struct ReadCostFigures {
  std::string kind;              // index (pages, core metadata, the list) | sdist | wheel
  int64_t files = 0;             // files on disk (none for index)
  int64_t declared_bytes = 0;    // the sizes the index declared for them (none for index)
  int64_t read_bytes = 0, requests = 0;
  int64_t by_ranges = 0;         // files read by ranges (wheels)
  int64_t refused_ranges = 0;    // wheels read whole because the server refused ranges (read_note)
  int64_t unrecorded = 0;        // files read before schema 9: their bytes and requests are unknown
  // Wheels read by ranges: .py members left out because the release's sdist gave them, and
  // the bytes of theirs no range read (schema 10).
  int64_t members_left_out = 0, bytes_left_out = 0;
};
// Index, sdist, wheel, in that order: every file done in the store, and every selection's index
// requests, over all fetch runs.
std::vector<ReadCostFigures> read_costs(Census& census);

// ---- breakdowns: contents counted once per package and once per rank band
struct PackageFigures {
  std::string project, release;
  int64_t rank = 0;  // best rank in a top list of its last artifact's release; 0: none
  int64_t artifacts = 0, files = 0, lines = 0, cpython = 0, exits = 0;  // files: distinct contents
};
// Every counted package with files, by project name.
std::vector<PackageFigures> package_rows(Census& census, LineDefinition loc);

struct BandFigures {
  size_t band = 0;  // index in kRankBands
  int64_t packages = 0, lines = 0, cpython = 0, exits = 0;
};
// The bands that hold a counted package, in band order.
std::vector<BandFigures> rank_band_rows(Census& census, LineDefinition loc);

// ---- per selection
struct SelectionMember {
  std::string project, status, reason, version;
  bool counted = false;                  // a counted artifact of the release it chose
  std::optional<std::string> not_done;   // "file: why" of its release's downloads not done
  bool downloaded = false;               // a download of that release is done
};
// The selection's projects in the sample, in draw order.
std::vector<SelectionMember> selection_members(Census& census, int64_t selection);

struct SelectionFigures {
  int64_t in_sample = 0, replaced = 0, artifacts = 0, lines = 0, hits = 0;
};
// Over the counted artifacts of the releases the selection found; hits under `rule` (cpython
// or exits), over distinct contents.
SelectionFigures selection_figures(Census& census, int64_t selection, LineDefinition loc, Rule rule);

// ---- trend: the same figures per snapshot
struct Release {
  std::string project, version;
};
// The distinct releases a selection found and the census counts.
std::vector<Release> counted_releases(Census& census, int64_t selection);
struct SnapshotFigures {
  int64_t lines = 0, cpython = 0, exits = 0;
};
SnapshotFigures snapshot_figures(Census& census, int64_t selection, LineDefinition loc);
// Per rank band of the selection's own ranks, in band order.
std::vector<BandFigures> snapshot_band_rows(Census& census, int64_t selection, LineDefinition loc);
struct ReleaseUpload {
  std::string project, version, first_upload;  // its earliest file's upload time
};
std::vector<ReleaseUpload> release_uploads(Census& census);

// ---- picks compared: each project of a selection with the release it chose and its figures
struct PickedRelease {
  std::string project, status, reason, version, released;  // released: the release's earliest upload
  bool counted = false;                                     // some artifact of it is counted
  int64_t files = 0, lines = 0, cpython = 0, exits = 0;     // over its distinct contents
};
// The selection's projects in the sample, in draw order, each over the selection's own counted
// artifacts (a study pick's sdists only).
std::vector<PickedRelease> picked_releases(Census& census, int64_t selection, LineDefinition loc);

// ---- what could not be counted
struct UnparsedFile {
  std::string artifact, path, notes;
  int64_t lines = 0;
};
std::vector<UnparsedFile> unparsed_files(Census& census, int limit);
struct UnreadableArtifact {
  std::string artifact, status, error;
};
std::vector<UnreadableArtifact> unreadable_artifacts(Census& census, int limit);

}  // namespace pep765
