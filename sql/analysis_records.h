// What the analyze stage reads from and writes to the store, as named operations over plain
// rows: the look-ups its input stage makes (already analyzed? which project?), the contents
// known before a run, the one writer's inserts, the deferred files index, and the confirm
// stage's CPython verdicts. Statements are prepared once per connection; the writer's are hot
// (every content, hit, artifact and file of a census goes through them), so its rows are views
// of the caller's data, bound without a copy of their own.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/db.h"

namespace pep765 {

// A content's 16-byte hash (canonical XXH3-128) as the store keeps it, viewed.
using HashBytes = std::string_view;

struct ContentRow {
  HashBytes hash;
  int64_t size = 0, newlines = 0, lines = 0;
  std::string_view parse, parse_scope, notes;
  int64_t analysis = 0;  // the analysis that wrote it (kAnalysisVersion)
  uint32_t crc32 = 0;
};

struct HitRow {
  int64_t line = 0, col = 0;
  std::string_view statement;
  bool cpython = false, exits = false, erroneous_parse = false, has_value = false;
  std::string_view scope;
  int64_t try_line = 0;
  std::string_view handlers;
  bool try_body_returns = false, handler_returns = false;
  std::string_view try_source;
  bool body_raises = true, handler_raises = false, else_raises = false, one_operation = false;
  std::string_view noqa;  // the suppression comment on its line ("" none)
  int64_t raise_line = 0, reraise_line = 0;
  std::string_view raise_source, handler_actions, value_flow, context;
};

// An artifact as analysis found it. Its project and version are what its file name says
// (common/dist_filename.h); a fetched file's download record overrides both, and gives its
// package row.
struct ArtifactRow {
  std::string_view path, name, kind;
  int64_t size = 0, mtime = 0;
  std::string_view status, error;  // error "" when none
  int64_t files = 0;
  std::string_view project;
  std::optional<std::string_view> version;  // nullopt: none
};

// A fetched file's release: its package row and version (downloads).
struct FetchedRelease {
  int64_t package_id = 0;
  std::string version;
  auto operator<=>(const FetchedRelease&) const = default;
};

// A module of a release's analyzed sdist, as a wheel of the release would hold it: its path
// within the package (the sdist's path without its top folder: `pkg-1.0/pkg/m.py` is
// `pkg/m.py`), CRC-32, size and content hash (16 bytes).
struct SdistModule {
  std::string path;
  uint32_t crc32 = 0;
  int64_t size = 0;
  std::string hash;
};
// The modules of the sdists analyzed for `package_id`'s release `version` (ok or partial; their
// contents analyzed since schema 10, which stores the CRC-32), in member order: what a wheel of
// the release need not have read (fetch can leave them out of a partial read; analysis takes
// them unread).
// `min_analysis`: only contents of that analysis version or later (older ones are analyzed
// again when met, so fetch cannot leave their wheel members out).
std::vector<SdistModule> analyzed_sdist_modules(Db& db, int64_t package_id, std::string_view version,
                                                int min_analysis = 0);

// The input stage's questions, on its own read-only connection.
class AnalysisLookups {
 public:
  // `analysis`: the current kAnalysisVersion; contents of an older one make their artifacts
  // analyzed again.
  AnalysisLookups(Db& lookup, int analysis);
  AnalysisLookups(const AnalysisLookups&) = delete;
  AnalysisLookups& operator=(const AnalysisLookups&) = delete;

  // The store holds contents an older analysis wrote.
  bool stale_contents() const { return stale_contents_; }
  // Whether the store holds the artifact at `path` with this size and mtime, every content of
  // it analyzed by the current analysis.
  bool already_analyzed(const std::string& path, uint64_t size, int64_t mtime);
  // The project a download of `path` names, or nullopt where fetch recorded none.
  std::optional<std::string> fetched_project(const std::string& path);
  // The release a finished download of `path` belongs to, or nullopt where fetch recorded none.
  std::optional<FetchedRelease> fetched_release(const std::string& path);
  Db& db() { return db_; }
  // Many look-ups in one read transaction (each alone would take and drop the WAL read lock:
  // three fcntl calls an input). No write may begin on this connection in between.
  void begin_reads();
  void end_reads();

 private:
  Db& db_;
  const bool stale_contents_;
  Query stored_artifact_, project_by_path_, release_by_path_;
  const int analysis_;
};

// Every content the current analysis (or a newer) stored, by its hash: what a run need not
// analyze again.
void for_each_current_content(Db& db, int analysis, const std::function<void(HashBytes)>& each);

// The files index by content (files_hash), which a bulk analyze drops for its run and builds
// again at its end (analyze/analyze.cc, DeferredFilesIndex).
int64_t stored_artifact_count(Db& db);
void drop_files_index(Db& db);
void build_files_index(Db& db);

// The analyze stage's one writer. While it lives, SQLite's per-row foreign key checks are off:
// every key it writes holds by construction (sql/README.md).
class AnalysisWriter {
 public:
  // `replace_old_hits`: the store holds contents an older analysis wrote, whose old hits must
  // go when they are written again.
  AnalysisWriter(Db& db, bool replace_old_hits);
  ~AnalysisWriter();
  AnalysisWriter(const AnalysisWriter&) = delete;
  AnalysisWriter& operator=(const AnalysisWriter&) = delete;

  void begin() { db_.begin_write(); }
  void commit() { db_.commit(); }
  void write_content(const ContentRow& c);
  void write_hit(HashBytes content, const HitRow& h);
  // Replaces whatever the store held at the artifact's path (its files too); the new row's id.
  int64_t write_artifact(const ArtifactRow& a);
  void write_file(int64_t artifact_id, int64_t member, std::string_view path, HashBytes content);

 private:
  Db& db_;
  const bool replace_old_hits_;
  Query insert_content_, delete_hits_, insert_hit_, delete_files_, delete_artifact_, insert_artifact_, insert_file_,
      release_of_path_;
};

// A file tree-sitter rejected, not yet put to CPython 3.14 (the confirm stage).
struct ConfirmCandidate {
  std::string hash, hex, notes, artifact_path, artifact_kind;
  int64_t member = 0;
};
// Such files, one per content, each at its first artifact and member: not refused before any
// parse (too deeply nested: CPython's own limit) or after a parser crash.
std::vector<ConfirmCandidate> unconfirmed_error_files(Db& db);

// A jump CPython 3.14 reports as leaving a finally.
struct CpythonHit {
  int64_t line = 0, col = 0;
  std::string statement;
  bool cpython = false, exits = false;
};

class CpythonVerdicts {
 public:
  explicit CpythonVerdicts(Db& db);
  // CPython compiles it: parse `ok` with `notes`, and CPython's hits replace those of the
  // error-recovered tree (a tree hit at the same place keeps its triage facts). One write.
  void record_compiles(HashBytes content, const std::string& notes, const std::vector<CpythonHit>& hits);
  // CPython rejects it too: parse stays `error`, with `notes`. One write.
  void record_rejects(HashBytes content, const std::string& notes);
  // The interpreter giving the verdicts (sys.version's first word), kept in `meta` with those
  // of earlier runs ("3.14.0, 3.14.2"), for the report's provenance.
  void record_interpreter(const std::string& version);

 private:
  Db& db_;
  Query set_content_, update_hit_, insert_hit_, hit_places_, delete_hit_;
};

}  // namespace pep765
