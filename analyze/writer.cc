#include "analyze/writer.h"

#include <fmt/format.h>

#include <ctime>
#include <stdexcept>

#include "common/timings.h"

namespace pep765 {


Writer::Writer(Db& db, ContentSet& contents, AnalyzeTotals& totals, int batch, bool store_has_stale_contents)
    : db_(db),
      totals_(totals),
      batch_(batch),
      insert_content_(db.prepare(
          "INSERT INTO contents(hash, size, newlines, lines, parse, parse_scope, notes, analysis) "
          "VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(hash) DO UPDATE SET size = excluded.size, newlines = excluded.newlines, "
          "lines = excluded.lines, parse = excluded.parse, parse_scope = excluded.parse_scope, "
          "notes = excluded.notes, analysis = excluded.analysis")),
      delete_hits_(db.prepare("DELETE FROM hits WHERE hash = ?")),
      insert_hit_(db.prepare(
          "INSERT OR IGNORE INTO hits(hash, line, col, statement, cpython, exits, erroneous_parse, "
          "has_value, scope, try_line, handlers, try_body_returns, handler_returns, try_source, body_raises, "
          "handler_raises, else_raises, one_operation) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")),
      delete_files_(db.prepare("DELETE FROM files WHERE artifact_id IN (SELECT id FROM artifacts WHERE path = ?)")),
      delete_artifact_(db.prepare("DELETE FROM artifacts WHERE path = ?")),
      insert_artifact_(db.prepare(
          "INSERT INTO artifacts(path, name, kind, size, mtime, status, error, files, analyzed_at, package_id, version) "
          "VALUES(?,?,?,?,?,?,?,?,?,?,?)")),
      insert_file_(db.prepare("INSERT INTO files(artifact_id, member, path, hash) VALUES(?,?,?,?)")),
      release_of_path_(db.prepare(
          "SELECT package_id, version FROM downloads WHERE path = ? AND status = 'done' AND version <> ''")),
      contents_(contents),
      store_has_stale_contents_(store_has_stale_contents) {
  // SQLite checks each foreign key by a lookup per row: for a files row, one into artifacts and
  // one into contents: a sixth of the writer's time on the dev corpus. Every key this writer writes holds
  // by construction (an artifact's files go in right after it, and only once every content they
  // name is stored: ready()), and it deletes a re-analyzed artifact's files itself, so the checks
  // are off while it writes and on again after (tests/e2e_analyze.py runs foreign_key_check
  // after a re-analysis).
  db_.exec("PRAGMA foreign_keys=OFF");
}

Writer::~Writer() {
  try {
    db_.exec("PRAGMA foreign_keys=ON");  // a no-op inside a transaction, which an error may leave open
  } catch (const DbError&) {
  }
}

void Writer::accept(ArtifactResult&& result) {
  begin();
  for (const ContentRecord& c : result.contents) write_content(c);
  waiting_.push_back(std::move(result));
  // Write every artifact whose contents are all stored now, in arrival order.
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    if (ready(*it)) {
      write_artifact(*it);
      it = waiting_.erase(it);
    } else {
      ++it;
    }
  }
  // Batches amortise commits; when fed by a running fetch, which writes to the same store,
  // the write lock is not held across the wait for the next package.
  if (++since_commit_ >= batch_ || std::chrono::steady_clock::now() - began_ > std::chrono::seconds(2)) commit();
}

void Writer::finish() {
  if (!waiting_.empty())
    throw std::logic_error(fmt::format("{} artifacts wait for contents never analyzed", waiting_.size()));
  commit();
}

bool Writer::ready(const ArtifactResult& r) const {
  for (const FileRecord& f : r.files)
    if (!contents_.is_stored(f.hash)) return false;
  return true;
}

void Writer::begin() {
  if (in_transaction_) return;
  db_.begin_write();
  in_transaction_ = true;
  began_ = std::chrono::steady_clock::now();
}

void Writer::commit() {
  if (!in_transaction_) return;
  PhaseClock clock("store commit");
  db_.commit();
  in_transaction_ = false;
  since_commit_ = 0;
}

void Writer::write_content(const ContentRecord& c) {
  PhaseClock clock("store contents");
  const XXH128_canonical_t key = c.hash.canonical();
  const FileAnalysis& a = c.analysis;
  std::string notes = a.facts.notes();
  if (a.python2_syntax) notes += notes.empty() ? "python2" : ",python2";
  // The rule CPython rejects the file for, unless a fact already names it (nul).
  if (a.rejected_layout && ("," + notes + ",").find("," + std::string(a.rejected_layout) + ",") == std::string::npos)
    notes += (notes.empty() ? "" : ",") + std::string(a.rejected_layout);
  if (!c.extra_notes.empty()) notes += (notes.empty() ? "" : ",") + c.extra_notes;
  insert_content_.bind_blob(1, &key, sizeof key).bind(2, int64_t(c.size)).bind(3, int64_t(a.facts.newlines))
      .bind(4, int64_t(a.facts.lines)).bind(5, parse_outcome_name(a.parse))
      .bind(6, parse_scope_name(a.scope)).bind(7, notes).bind(8, kAnalysisVersion);
  insert_content_.run();
  // A content an older pep765 analyzed is analyzed again: its old hits go with its old row.
  if (store_has_stale_contents_) {
    delete_hits_.bind_blob(1, &key, sizeof key);
    delete_hits_.run();
  }
  const bool erroneous = a.parse == ParseOutcome::Errors;
  for (const JumpHit& h : a.hits) {
    insert_hit_.bind_blob(1, &key, sizeof key).bind(2, h.line).bind(3, h.column).bind(4, statement_name(h.statement))
        .bind(5, h.cpython).bind(6, h.exits).bind(7, erroneous).bind(8, h.has_value).bind(9, h.scope)
        .bind(10, h.try_line).bind(11, h.handlers).bind(12, h.try_body_returns)
        .bind(13, h.handler_returns).bind(14, h.try_source).bind(15, h.body_raises).bind(16, h.handler_raises)
        .bind(17, h.else_raises).bind(18, h.one_operation_fallback);
    insert_hit_.run();
  }
  totals_.contents_analyzed++;
  totals_.hits += a.hits.size();
  contents_.mark_stored(c.hash);
}

void Writer::write_artifact(const ArtifactResult& r) {
  PhaseClock clock("store artifacts");
  const Input& in = *r.input;
  delete_files_.bind(1, in.path);
  delete_files_.run();
  delete_artifact_.bind(1, in.path);
  delete_artifact_.run();
  insert_artifact_.bind(1, in.path).bind(2, in.name).bind(3, input_kind_name(in.kind))
      .bind(4, int64_t(in.size)).bind(5, in.mtime).bind(6, r.status);
  if (r.error.empty()) insert_artifact_.bind_null(7);
  else insert_artifact_.bind(7, r.error);
  insert_artifact_.bind(8, int64_t(r.files.size())).bind(9, utc_timestamp());
  // A fetched file carries its release, so a selection counts only the releases it chose.
  release_of_path_.bind(1, in.path);
  if (release_of_path_.step()) insert_artifact_.bind(10, release_of_path_.int64(0)).bind(11, release_of_path_.text(1));
  else insert_artifact_.bind_null(10).bind_null(11);
  release_of_path_.reset();
  insert_artifact_.run();
  const int64_t id = sqlite3_last_insert_rowid(db_.handle());
  for (const FileRecord& f : r.files) {
    const XXH128_canonical_t key = f.hash.canonical();
    insert_file_.bind(1, id).bind(2, f.member).bind(3, f.path).bind_blob(4, &key, sizeof key);
    insert_file_.run();
  }
  totals_.files += r.files.size();
  (r.status == "ok" ? totals_.ok : r.status == "partial" ? totals_.partial : totals_.failed)++;
}

}  // namespace pep765
