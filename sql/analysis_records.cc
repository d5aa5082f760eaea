#include "sql/analysis_records.h"

#include <fmt/format.h>

#include <set>
#include <utility>

namespace pep765 {

namespace {

bool has_older_contents(Db& db, int analysis) {
  return *db.scalar(fmt::format("SELECT EXISTS(SELECT 1 FROM contents WHERE analysis < {})", analysis)) != 0;
}

// A fetched file's release (package id, version, project name), where fetch finished it.
constexpr const char* kReleaseOfPath =
    "SELECT d.package_id, d.version, p.name FROM downloads d JOIN packages p ON p.id = d.package_id "
    "WHERE d.path = ? AND d.status = 'done' AND d.version <> ''";

}  // namespace

AnalysisLookups::AnalysisLookups(Db& lookup, int analysis)
    : db_(lookup),
      stale_contents_(has_older_contents(lookup, analysis)),
      // Whether an artifact's contents were analyzed by an older pep765 is a join over its
      // files: asked only of a store that holds such contents at all (a rerun over a current
      // store of 4,482 artifacts spent 0.3 s on it).
      stored_artifact_(lookup.prepare(
          stale_contents_
              ? "SELECT a.size, a.mtime, EXISTS(SELECT 1 FROM files f JOIN contents c ON c.hash = f.hash "
                "WHERE f.artifact_id = a.id AND c.analysis < ?2) FROM artifacts a WHERE a.path = ?1"
              : "SELECT a.size, a.mtime, ?2 < 0 FROM artifacts a WHERE a.path = ?1")),
      project_by_path_(lookup.prepare(
          "SELECT p.name FROM downloads dl JOIN packages p ON p.id = dl.package_id WHERE dl.path = ?")),
      // As the writer takes a fetched file's release (AnalysisWriter::write_artifact).
      release_by_path_(lookup.prepare(kReleaseOfPath)),
      analysis_(analysis) {}

bool AnalysisLookups::already_analyzed(const std::string& path, uint64_t size, int64_t mtime) {
  Query& q = stored_artifact_;
  q.bind(1, path).bind(2, analysis_);
  const bool same = q.step() && uint64_t(q.int64(0)) == size && q.int64(1) == mtime && q.int64(2) == 0;
  q.reset();
  return same;
}

std::optional<std::string> AnalysisLookups::fetched_project(const std::string& path) {
  Query& q = project_by_path_;
  q.bind(1, path);
  std::optional<std::string> name;
  if (q.step()) name = q.text(0);
  q.reset();
  if (name && name->empty()) name.reset();
  return name;
}

std::optional<FetchedRelease> AnalysisLookups::fetched_release(const std::string& path) {
  Query& q = release_by_path_;
  q.bind(1, path);
  std::optional<FetchedRelease> release;
  if (q.step()) release = FetchedRelease{q.int64(0), q.text(1)};
  q.reset();
  return release;
}

std::vector<SdistModule> analyzed_sdist_modules(Db& db, int64_t package_id, std::string_view version,
                                                int min_analysis) {
  Query q = db.prepare(
      "SELECT f.path, c.crc32, c.size, f.hash FROM artifacts a JOIN files f ON f.artifact_id = a.id "
      "JOIN contents c ON c.hash = f.hash WHERE a.package_id = ? AND a.version = ? AND a.kind = 'sdist' "
      "AND a.status <> 'failed' AND c.crc32 IS NOT NULL AND c.analysis >= ? ORDER BY a.id, f.member");
  q.bind(1, package_id).bind(2, version).bind(3, int64_t(min_analysis));
  std::vector<SdistModule> modules;
  while (q.step()) {
    const std::string path = q.text(0);
    const size_t slash = path.find('/');
    if (slash == std::string::npos) continue;  // no top folder: no path a wheel would hold
    const HashBytes hash = q.blob(3);
    modules.push_back({path.substr(slash + 1), uint32_t(q.int64(1)), q.int64(2), std::string(hash)});
  }
  return modules;
}

void AnalysisLookups::begin_reads() { db_.exec("BEGIN"); }
void AnalysisLookups::end_reads() { db_.exec("COMMIT"); }

void for_each_current_content(Db& db, int analysis, const std::function<void(HashBytes)>& each) {
  Query q = db.prepare(fmt::format("SELECT hash FROM contents WHERE analysis >= {}", analysis));
  while (q.step()) each(q.blob(0));
}

int64_t stored_artifact_count(Db& db) { return db.scalar("SELECT count(*) FROM artifacts").value_or(0); }

void drop_files_index(Db& db) {
  WriteTransaction drop(db);
  db.exec("DROP INDEX IF EXISTS files_hash");
  drop.commit();
}

void build_files_index(Db& db) {
  WriteTransaction build(db);
  db.create_missing_schema();  // the index as sql/schema.sql defines it
  build.commit();
}

AnalysisWriter::AnalysisWriter(Db& db, bool replace_old_hits)
    : db_(db),
      replace_old_hits_(replace_old_hits),
      insert_content_(db.prepare(
          "INSERT INTO contents(hash, size, newlines, lines, parse, parse_scope, notes, analysis, crc32) "
          "VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(hash) DO UPDATE SET size = excluded.size, newlines = excluded.newlines, "
          "lines = excluded.lines, parse = excluded.parse, parse_scope = excluded.parse_scope, "
          "notes = excluded.notes, analysis = excluded.analysis, crc32 = excluded.crc32")),
      delete_hits_(db.prepare("DELETE FROM hits WHERE hash = ?")),
      insert_hit_(db.prepare(
          "INSERT OR IGNORE INTO hits(hash, line, col, statement, cpython, exits, erroneous_parse, "
          "has_value, scope, try_line, handlers, try_body_returns, handler_returns, try_source, body_raises, "
          "handler_raises, else_raises, one_operation, noqa, raise_line, raise_source, reraise_line, handler_actions, "
          "value_flow, context) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")),
      delete_files_(db.prepare("DELETE FROM files WHERE artifact_id IN (SELECT id FROM artifacts WHERE path = ?)")),
      delete_artifact_(db.prepare("DELETE FROM artifacts WHERE path = ?")),
      insert_artifact_(db.prepare(
          "INSERT INTO artifacts(path, name, kind, size, mtime, status, error, files, analyzed_at, package_id, version, "
          "project) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)")),
      insert_file_(db.prepare("INSERT INTO files(artifact_id, member, path, hash) VALUES(?,?,?,?)")),
      release_of_path_(db.prepare(kReleaseOfPath)) {
  // SQLite checks each foreign key by a lookup per row: for a files row, one into artifacts and
  // one into contents: a sixth of the writer's time on the dev corpus. Every key this writer
  // writes holds by construction (an artifact's files go in right after it, and only once every
  // content they name is stored), and it deletes a re-analyzed artifact's files itself, so the
  // checks are off while it writes and on again after (tests/e2e_analyze.py runs
  // foreign_key_check after a re-analysis).
  db_.exec("PRAGMA foreign_keys=OFF");
}

AnalysisWriter::~AnalysisWriter() {
  try {
    db_.exec("PRAGMA foreign_keys=ON");  // a no-op inside a transaction, which an error may leave open
  } catch (const DbError&) {
  }
}

void AnalysisWriter::write_content(const ContentRow& c) {
  insert_content_.bind_blob(1, c.hash.data(), c.hash.size()).bind(2, c.size).bind(3, c.newlines).bind(4, c.lines)
      .bind(5, c.parse).bind(6, c.parse_scope).bind(7, c.notes).bind(8, c.analysis).bind(9, int64_t(c.crc32));
  insert_content_.run();
  // A content an older pep765 analyzed is analyzed again: its old hits go with its old row.
  if (replace_old_hits_) {
    delete_hits_.bind_blob(1, c.hash.data(), c.hash.size());
    delete_hits_.run();
  }
}

void AnalysisWriter::write_hit(HashBytes content, const HitRow& h) {
  insert_hit_.bind_blob(1, content.data(), content.size()).bind(2, h.line).bind(3, h.col).bind(4, h.statement)
      .bind(5, h.cpython).bind(6, h.exits).bind(7, h.erroneous_parse).bind(8, h.has_value).bind(9, h.scope)
      .bind(10, h.try_line).bind(11, h.handlers).bind(12, h.try_body_returns).bind(13, h.handler_returns)
      .bind(14, h.try_source).bind(15, h.body_raises).bind(16, h.handler_raises).bind(17, h.else_raises)
      .bind(18, h.one_operation).bind(19, h.noqa).bind(20, h.raise_line).bind(21, h.raise_source)
      .bind(22, h.reraise_line).bind(23, h.handler_actions).bind(24, h.value_flow).bind(25, h.context);
  insert_hit_.run();
}

int64_t AnalysisWriter::write_artifact(const ArtifactRow& a) {
  delete_files_.bind(1, a.path);
  delete_files_.run();
  delete_artifact_.bind(1, a.path);
  delete_artifact_.run();
  insert_artifact_.bind(1, a.path).bind(2, a.name).bind(3, a.kind).bind(4, a.size).bind(5, a.mtime).bind(6, a.status);
  if (a.error.empty()) insert_artifact_.bind_null(7);
  else insert_artifact_.bind(7, a.error);
  insert_artifact_.bind(8, a.files).bind(9, utc_timestamp());
  // A fetched file carries its project and release, so a selection counts only the releases
  // it chose; another artifact, what its name says.
  release_of_path_.bind(1, a.path);
  if (release_of_path_.step()) {
    insert_artifact_.bind(10, release_of_path_.int64(0)).bind(11, release_of_path_.text(1))
        .bind(12, release_of_path_.text(2));
  } else {
    insert_artifact_.bind_null(10);
    if (a.version) insert_artifact_.bind(11, *a.version);
    else insert_artifact_.bind_null(11);
    insert_artifact_.bind(12, a.project);
  }
  release_of_path_.reset();
  insert_artifact_.run();
  return db_.last_insert_rowid();
}

void AnalysisWriter::write_file(int64_t artifact_id, int64_t member, std::string_view path, HashBytes content) {
  insert_file_.bind(1, artifact_id).bind(2, member).bind(3, path).bind_blob(4, content.data(), content.size());
  insert_file_.run();
}

std::vector<ConfirmCandidate> unconfirmed_error_files(Db& db) {
  std::vector<ConfirmCandidate> out;
  Query q = db.prepare(
      "SELECT c.hash, hex(c.hash), c.notes, a.path, a.kind, f.member FROM contents c "
      "JOIN files f ON f.hash = c.hash JOIN artifacts a ON a.id = f.artifact_id "
      "WHERE c.parse = 'error' AND instr(c.notes, 'cpython314') = 0 AND instr(c.notes, 'too_deeply_nested') = 0 "
      "AND instr(c.notes, 'analysis_failed') = 0 GROUP BY c.hash ORDER BY a.path, f.member");
  while (q.step()) out.push_back({std::string(q.blob(0)), q.text(1), q.text(2), q.text(3), q.text(4), q.int64(5)});
  return out;
}

void CpythonVerdicts::record_interpreter(const std::string& version) {
  std::string known = db_.text_scalar("SELECT value FROM meta WHERE key = 'cpython314_version'").value_or("");
  if ((", " + known + ", ").find(", " + version + ", ") != std::string::npos) return;
  Query q = db_.prepare("INSERT INTO meta(key, value) VALUES('cpython314_version', ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  q.bind(1, known.empty() ? version : known + ", " + version);
  q.run();
}

CpythonVerdicts::CpythonVerdicts(Db& db)
    : db_(db),
      set_content_(db.prepare("UPDATE contents SET parse = ?, notes = ? WHERE hash = ?")),
      update_hit_(db.prepare(
          "UPDATE hits SET cpython = ?, exits = ?, erroneous_parse = 0 WHERE hash = ? AND line = ? AND col = ?")),
      insert_hit_(db.prepare(
          "INSERT OR IGNORE INTO hits(hash, line, col, statement, cpython, exits, erroneous_parse, has_value, scope, "
          "try_line, handlers, try_body_returns, handler_returns, try_source) VALUES(?,?,?,?,?,?,0,0,'',0,'',0,0,'')")),
      hit_places_(db.prepare("SELECT line, col FROM hits WHERE hash = ?")),
      delete_hit_(db.prepare("DELETE FROM hits WHERE hash = ? AND line = ? AND col = ?")) {}

void CpythonVerdicts::record_compiles(HashBytes content, const std::string& notes, const std::vector<CpythonHit>& hits) {
  WriteTransaction write(db_);
  set_content_.bind(1, "ok").bind(2, notes).bind_blob(3, content.data(), content.size());
  set_content_.run();
  std::set<std::pair<int64_t, int64_t>> places;
  for (const CpythonHit& h : hits) {
    places.insert({h.line, h.col});
    update_hit_.bind(1, h.cpython).bind(2, h.exits).bind_blob(3, content.data(), content.size()).bind(4, h.line)
        .bind(5, h.col);
    update_hit_.run();
    if (db_.changes() == 0) {
      insert_hit_.bind_blob(1, content.data(), content.size()).bind(2, h.line).bind(3, h.col).bind(4, h.statement)
          .bind(5, h.cpython).bind(6, h.exits);
      insert_hit_.run();
    }
  }
  std::vector<std::pair<int64_t, int64_t>> gone;
  hit_places_.bind_blob(1, content.data(), content.size());
  while (hit_places_.step())
    if (!places.count({hit_places_.int64(0), hit_places_.int64(1)})) gone.push_back({hit_places_.int64(0), hit_places_.int64(1)});
  hit_places_.reset();
  for (auto [line, col] : gone) {
    delete_hit_.bind_blob(1, content.data(), content.size()).bind(2, line).bind(3, col);
    delete_hit_.run();
  }
  write.commit();
}

void CpythonVerdicts::record_rejects(HashBytes content, const std::string& notes) {
  WriteTransaction write(db_);
  set_content_.bind(1, "error").bind(2, notes).bind_blob(3, content.data(), content.size());
  set_content_.run();
  write.commit();
}

}  // namespace pep765
