#include "sql/db.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <vector>

#include "common/dist_filename.h"
#include "common/timings.h"
#include "schema.h"

namespace pep765 {

namespace {

// SQLite's virtual machine steps over every connection of the process, in thousands: the work
// the query plans did, the same on a loaded machine as on an idle one. `--timings` prints it;
// tests/e2e_read_scale.py holds every read command's growth with the store to it.
constexpr int kStepsPerTick = 1000;
std::atomic<int64_t> sql_steps_thousands{0};

int count_sql_steps(void*) {
  sql_steps_thousands.fetch_add(1, std::memory_order_relaxed);
  return 0;  // never interrupts
}

void count_steps_of(sqlite3* db) {
  static const bool registered = [] {
    timings().add_counter("thousand SQLite virtual machine steps", &sql_steps_thousands);
    return true;
  }();
  (void)registered;
  sqlite3_progress_handler(db, kStepsPerTick, count_sql_steps, nullptr);
}

int lock_timeout_ms = 30000;

// SQLite's words, with what they mean for a person where they are about the file itself. `rc`
// is the extended code the failing call returned (read from the call, not from the connection,
// so it is the failure's own).
std::string explain(sqlite3* db, int rc, const std::string& what) {
  const char* file = sqlite3_db_filename(db, "main");
  const std::string where = file && *file ? file : "the store";
  if (rc == SQLITE_BUSY_SNAPSHOT)  // a read upgraded to a write: a bug of ours, not a lock
    return fmt::format("{}: internal error: a read was upgraded to a write after another writer committed, in: {}",
                       where, what);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return fmt::format("{}: locked by another process for longer than --lock-timeout ({} s); nothing was lost, "
                         "rerun when it is done", where, lock_timeout_ms / 1000);
    case SQLITE_FULL:
      return fmt::format("{}: the disk is full; what was committed is intact: free space and rerun", where);
    case SQLITE_IOERR:
      return fmt::format("{}: cannot write ({}); what was committed is intact", where, sqlite3_errstr(rc));
    case SQLITE_READONLY:
      return fmt::format("{}: the store is read-only here ({})", where, sqlite3_errstr(rc));
    default:
      return fmt::format("SQL error: {} in: {}", sqlite3_errmsg(db), what);
  }
}

}  // namespace

// A path as an SQLite URI (file:...), so the read-only and immutable flags can be given.
std::string file_uri(const std::string& path, const char* params) {
  std::string uri = "file:";
  for (unsigned char c : std::filesystem::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7f) uri += fmt::format("%{:02X}", c);
    else uri += char(c);
  }
  return uri + "?" + params;
}


void set_lock_timeout_seconds(int seconds) { lock_timeout_ms = std::max(0, seconds) * 1000; }
int lock_timeout_seconds() { return lock_timeout_ms / 1000; }

std::string utc_timestamp() {
  char when[32];
  std::time_t now = std::time(nullptr);
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return when;
}

Query::Query(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), int(sql.size()), &stmt_, nullptr) != SQLITE_OK)
    throw DbError(fmt::format("SQL error: {} in: {}", sqlite3_errmsg(db), sql));
}

Query::~Query() { sqlite3_finalize(stmt_); }

Query& Query::bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Query& Query::bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Query& Query::bind_blob(int i, const void* data, size_t size) {
  sqlite3_bind_blob(stmt_, i, data, int(size), SQLITE_TRANSIENT);
  return *this;
}

Query& Query::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Query::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string msg = explain(db_, rc, sqlite3_sql(stmt_));
  sqlite3_reset(stmt_);
  throw DbError(msg);
}

void Query::run() {
  while (step()) {
  }
  reset();
}

void Query::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Query::int64(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Query::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string();
}

std::string_view Query::blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  return p ? std::string_view(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : std::string_view();
}

bool Query::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Db::Db(const std::string& path, OpenMode mode) : path_(path) {
  try {
    if (mode == OpenMode::Read) open_read(path);
    else open_write(path);
  } catch (const DbError& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    std::string what = e.what();
    if (what.find(path) == std::string::npos) what = fmt::format("{}: {}", path, what);
    throw DbError(what);
  }
}

void Db::open_read(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw DbError(fmt::format("{}: no store there (give --db the store that fetch, analyze or run wrote)", path));
  auto open = [&](const char* params) {
    sqlite3_close(db_);
    db_ = nullptr;
    const std::string uri = file_uri(path, params);
    int rc = sqlite3_open_v2(uri.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    if (rc != SQLITE_OK)
      throw DbError(fmt::format("cannot open the store: {}", db_ ? sqlite3_errmsg(db_) : "out of memory"));
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, lock_timeout_ms);
    count_steps_of(db_);
  };
  open("mode=ro");
  try {
    check_schema(false);
  } catch (const DbError&) {
    // A WAL store needs its -shm file to be read; where the user may not create it (a store
    // read-only to them, in a folder they cannot write) SQLite refuses. With no -wal file no
    // one is writing the store, so it can be read as the immutable file it is.
    const int rc = sqlite3_extended_errcode(db_);
    if ((rc & 0xff) != SQLITE_READONLY && (rc & 0xff) != SQLITE_CANTOPEN) throw;
    if (std::filesystem::exists(path + "-wal", ec)) throw;
    open("mode=ro&immutable=1");
    check_schema(false);
  }
}

void Db::open_write(const std::string& path) {
  // A store in a folder not made yet: make it, as --dest is made.
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent, ec) && !std::filesystem::create_directories(parent, ec))
    throw DbError(fmt::format("{}: cannot make the folder for the store: {}", path, ec.message()));
  // As a URI, so that ATTACH (merge) can name its inputs read-only.
  if (sqlite3_open_v2(file_uri(path, "mode=rwc").c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nullptr) != SQLITE_OK)
    throw DbError(fmt::format("{}: cannot open the store: {}", path, db_ ? sqlite3_errmsg(db_) : "out of memory"));
  sqlite3_extended_result_codes(db_, 1);
  // Another process holding the store makes us wait rather than fail at once.
  sqlite3_busy_timeout(db_, lock_timeout_ms);
  count_steps_of(db_);
  // Switching a new store to WAL needs the file to itself, and SQLite reports a concurrent
  // opener as busy without waiting: retry for as long as the busy timeout.
  for (int attempt = 0;; attempt++) {
    try {
      exec("PRAGMA journal_mode=WAL");
      break;
    } catch (const DbError&) {
      if ((sqlite3_extended_errcode(db_) & 0xff) != SQLITE_BUSY || attempt >= lock_timeout_ms / 50) throw;
      sqlite3_sleep(50);
    }
  }
  exec("PRAGMA synchronous=NORMAL");
  // Bulk writes touch random pages of the hash indexes: keep them cached (bounded, 32 MB),
  // and checkpoint the WAL less often than every 4 MB.
  exec("PRAGMA cache_size=-32768");
  exec("PRAGMA wal_autocheckpoint=16384");
  exec("PRAGMA foreign_keys=ON");
  // Each migration step in a transaction of its own, the version read again inside it (another
  // process may have migrated meanwhile); then whatever of the schema the store lacks.
  for (;;) {
    WriteTransaction schema(*this);
    const int version = check_schema(true);
    if (version != 0 && version < kSchemaVersion) {
      migrate_one_step(version);
      schema.commit();
      continue;
    }
    create_missing_schema();
    exec(fmt::format("INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '{}')", kSchemaVersion));
    schema.commit();
    return;
  }
}

// The store's schema version (0: a new, empty store). Refuses what is not a pep765 store, or a
// store of a schema this pep765 cannot read; an older schema only where it may migrate it.
int Db::check_schema(bool may_migrate) {
  if (!*scalar("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'")) {
    if (*scalar("SELECT count(*) FROM sqlite_master") != 0)
      throw DbError(fmt::format("{}: not a pep765 store (it has tables but no meta table)", path_));
    if (!may_migrate) throw DbError(fmt::format("{}: an empty file, not a pep765 store", path_));
    return 0;  // a new store: the schema is applied next
  }
  Query q(db_, "SELECT value FROM meta WHERE key='schema_version'");
  const std::string text = q.step() ? q.text(0) : "";
  q.reset();
  int version = 0;
  std::from_chars(text.data(), text.data() + text.size(), version);
  if (version == kSchemaVersion) return version;
  if (version > kSchemaVersion)
    throw DbError(fmt::format("{}: the store has schema version '{}' and this pep765 reads version {}: it was "
                              "written by a newer pep765; use that one", path_, text, kSchemaVersion));
  if (version < 1)
    throw DbError(fmt::format("{}: the store has schema version '{}', which predates the first released schema "
                              "and cannot be migrated; analyze into a new store", path_, text));
  if (!may_migrate)
    throw DbError(fmt::format("{}: the store has schema version '{}' and this pep765 reads version {}: run a "
                              "writing command on it once (for example `pep765 analyze --db {}`) to migrate it",
                              path_, version, kSchemaVersion, path_));
  return version;
}

namespace {

// The numbered migrations: step N takes a store of schema N - 1 to schema N. Each runs in its
// own write transaction, which also records its version in meta, so a store is always at
// one numbered schema, whatever moment a migration is stopped at.
//
// 2: each selection records the release it chose, each download and artifact its release, so
//    a selection counts only its own releases (sql/README.md, "What a selection counts"). v1
//    knew one release per project (packages.version): the files named for it are taken as
//    that release's; other files keep no release and are not counted by a selection.
void migrate_to_2(Db& db) {
  db.exec(R"sql(
ALTER TABLE artifacts ADD COLUMN package_id INTEGER;
ALTER TABLE artifacts ADD COLUMN version TEXT;
ALTER TABLE downloads ADD COLUMN version TEXT NOT NULL DEFAULT '';
ALTER TABLE selected ADD COLUMN version TEXT;
ALTER TABLE selected ADD COLUMN status TEXT NOT NULL DEFAULT 'listed';
ALTER TABLE selected ADD COLUMN reason TEXT;
UPDATE downloads SET version = p.version FROM packages p
  WHERE p.id = downloads.package_id AND p.version <> '' AND instr(downloads.filename, '-' || p.version) > 0;
UPDATE selected SET version = CASE WHEN p.status = 'resolved' THEN p.version END,
  status = CASE p.status WHEN 'resolved' THEN 'found' ELSE p.status END, reason = p.error
  FROM packages p WHERE p.id = selected.package_id;
UPDATE artifacts SET package_id = d.package_id, version = d.version FROM downloads d
  WHERE d.path = artifacts.path AND d.version <> '';
CREATE TABLE triage_v2 (
  package TEXT NOT NULL, path TEXT NOT NULL, statement TEXT NOT NULL, source TEXT NOT NULL,
  occurrence INTEGER NOT NULL DEFAULT 0, category TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL, PRIMARY KEY (package, path, statement, source, occurrence)) WITHOUT ROWID;
INSERT INTO triage_v2(package, path, statement, source, occurrence, category, note, updated_at)
  SELECT package, path, statement, source, 0, category, note, updated_at FROM triage;
DROP TABLE triage;
ALTER TABLE triage_v2 RENAME TO triage;
)sql");
}

// 3: each content records the analysis that wrote it (contents.analysis), so a newer pep765
//    analyzes again what an older one analyzed; v2 rows are analysis 1.
void migrate_to_3(Db& db) { db.exec("ALTER TABLE contents ADD COLUMN analysis INTEGER NOT NULL DEFAULT 1"); }

// 4: each hit records what can be in flight when its finally runs; the hits are analyzed
//    again (their contents' analysis is older).
void migrate_to_4(Db& db) {
  db.exec(R"sql(
ALTER TABLE hits ADD COLUMN body_raises INTEGER NOT NULL DEFAULT 1;
ALTER TABLE hits ADD COLUMN handler_raises INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hits ADD COLUMN else_raises INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hits ADD COLUMN one_operation INTEGER NOT NULL DEFAULT 0;
)sql");
}

// Fills artifacts.project and .version of the artifacts no download names (analyzed from a
// path), from their file names, as identity_of_artifact reads them.
void fill_local_identities(Db& db) {
  struct Local {
    int64_t id;
    ArtifactIdentity identity;
  };
  std::vector<Local> locals;
  {
    Query q = db.prepare("SELECT id, name, kind FROM artifacts WHERE package_id IS NULL");
    while (q.step()) locals.push_back({q.int64(0), identity_of_artifact(q.text(1), q.text(2))});
  }
  Query update = db.prepare("UPDATE artifacts SET project = ?, version = ? WHERE id = ?");
  for (const Local& a : locals) {
    update.bind(1, a.identity.project);
    if (a.identity.version) update.bind(2, *a.identity.version);
    else update.bind_null(2);
    update.bind(3, a.id);
    update.run();
  }
}

// 5: each artifact carries its project (artifacts.project) and, for a local archive too, its
//    version: a fetched file's from its download, another's parsed from its file name
//    (common/dist_filename.h), exactly as the report has grouped it; and the release index
//    of selected, which counted_artifacts looks up for every fetched artifact.
void migrate_to_5(Db& db) {
  db.exec(R"sql(
ALTER TABLE artifacts ADD COLUMN project TEXT;
UPDATE artifacts SET project = p.name FROM packages p WHERE p.id = artifacts.package_id;
CREATE INDEX IF NOT EXISTS selected_release ON selected(package_id, version);
)sql");
  fill_local_identities(db);
}

// 6: the list entries that are no project names (invalid_names). A new table and nothing
//    else: the schema applied after the last step (create_missing_schema) makes it.
void migrate_to_6(Db&) {}

// 7: each selection records its pick rule (selections.pick, in its UNIQUE key, so the study's
//    pick and the latest of one list and date are two selections; older ones took the latest),
//    and each selected row its release's date (selected.released) and, for a study pick, the
//    one file it took (selected.file). SQLite cannot change a
//    UNIQUE constraint in place, and a parent table that rows reference cannot be dropped with
//    foreign keys on (which cannot be turned off inside this transaction): the two tables
//    that reference selections are kept aside, the three made anew, and the rows put back.
void migrate_to_7(Db& db) {
  // A store migrated from before 6 has no invalid_names yet (step 6 leaves it to the schema
  // applied after the last step).
  db.exec(R"sql(
CREATE TABLE IF NOT EXISTS invalid_names (selection_id INTEGER, position INTEGER, raw TEXT, reason TEXT);
CREATE TEMP TABLE selections_v6 AS SELECT * FROM selections;
CREATE TEMP TABLE selected_v6 AS SELECT * FROM selected;
CREATE TEMP TABLE invalid_names_v6 AS SELECT * FROM invalid_names;
DROP TABLE selected;
DROP TABLE invalid_names;
DROP TABLE selections;
CREATE TABLE selections (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL, list_date TEXT NOT NULL DEFAULT '',
  seed INTEGER NOT NULL DEFAULT 0, size INTEGER NOT NULL, index_url TEXT NOT NULL, as_of TEXT NOT NULL DEFAULT '',
  pick TEXT NOT NULL DEFAULT 'latest', created_at TEXT NOT NULL,
  UNIQUE (kind, source, list_date, seed, index_url, as_of, pick));
INSERT INTO selections(id, kind, source, list_date, seed, size, index_url, as_of, pick, created_at)
  SELECT id, kind, source, list_date, seed, size, index_url, as_of, 'latest', created_at FROM selections_v6;
CREATE TABLE selected (
  selection_id INTEGER NOT NULL REFERENCES selections(id), package_id INTEGER NOT NULL REFERENCES packages(id),
  rank INTEGER, download_count INTEGER, draw INTEGER NOT NULL, in_sample INTEGER NOT NULL DEFAULT 1, version TEXT,
  status TEXT NOT NULL DEFAULT 'listed', reason TEXT, released TEXT, file TEXT,
  PRIMARY KEY (selection_id, package_id)) WITHOUT ROWID;
INSERT INTO selected(selection_id, package_id, rank, download_count, draw, in_sample, version, status, reason)
  SELECT selection_id, package_id, rank, download_count, draw, in_sample, version, status, reason FROM selected_v6;
CREATE INDEX selected_release ON selected(package_id, version);
CREATE TABLE invalid_names (
  selection_id INTEGER NOT NULL REFERENCES selections(id), position INTEGER NOT NULL, raw TEXT NOT NULL,
  reason TEXT NOT NULL, PRIMARY KEY (selection_id, position)) WITHOUT ROWID;
INSERT INTO invalid_names(selection_id, position, raw, reason)
  SELECT selection_id, position, raw, reason FROM invalid_names_v6;
DROP TABLE temp.selections_v6;
DROP TABLE temp.selected_v6;
DROP TABLE temp.invalid_names_v6;
)sql");
}

// 8: hits.noqa, the suppression comment on each hit's line. Hits analyzed before it stay NULL,
// "not known", rather than a guess of "none": the report counts only what was read.
void migrate_to_8(Db& db) { db.exec("ALTER TABLE hits ADD COLUMN noqa TEXT"); }

// 9: how each download was read (downloads.read_as: whole | ranges), the bytes and requests it
//    took, whether its bytes were checked against its sha256, and why a wheel the ranges could
//    read was read whole; and what each selection's index pages cost (index_costs). Before 9
//    every file was read whole and checked against its sha256 where the index gave one (the
//    others were recorded "unverified"); what they cost was not recorded, so stays NULL.
void migrate_to_9(Db& db) {
  db.exec(R"sql(
ALTER TABLE downloads ADD COLUMN read_as TEXT;
ALTER TABLE downloads ADD COLUMN bytes_read INTEGER;
ALTER TABLE downloads ADD COLUMN requests INTEGER;
ALTER TABLE downloads ADD COLUMN sha256_verified INTEGER;
ALTER TABLE downloads ADD COLUMN read_note TEXT;
UPDATE downloads SET read_as = 'whole',
  sha256_verified = (sha256 IS NOT NULL AND sha256 <> '' AND (error IS NULL OR error NOT LIKE 'unverified%'))
  WHERE status = 'done';
CREATE TABLE IF NOT EXISTS index_costs (
  selection_id INTEGER PRIMARY KEY REFERENCES selections(id), requests INTEGER NOT NULL, bytes INTEGER NOT NULL);
)sql");
}

// 10: contents.crc32, each content's CRC-32
// as analysis read it (a zip member's, its central directory's, checked by the reader; a tar
// member's, computed), so that a release's sdist modules can be matched with its wheel's
// members by CRC-32, size and path without reading those (sql/analysis_records.h,
// analyzed_sdist_modules, through the artifacts_release index). Contents analyzed before stay
// NULL: unknown, never matched.
// With it, what a ranged wheel read left out because the sdist gave it
// (downloads.members_left_out, bytes_left_out; NULL before, and for files read whole).
void migrate_to_10(Db& db) {
  db.exec(R"sql(
ALTER TABLE contents ADD COLUMN crc32 INTEGER;
ALTER TABLE downloads ADD COLUMN members_left_out INTEGER;
ALTER TABLE downloads ADD COLUMN bytes_left_out INTEGER;
)sql");
}

// 11: each hit's evidence for triage: where the
// exception the jump can lose is raised (raise_line, raise_source), the first re-raise in a
// handler (reraise_line), what each handler does (handler_actions), the data flow to the jump
// (value_flow) and the words around the try (context). Hits analyzed before it keep NULL,
// "not read", and are analyzed again (their contents' analysis is older: kAnalysisVersion 5).
void migrate_to_11(Db& db) {
  db.exec(R"sql(
ALTER TABLE hits ADD COLUMN raise_line INTEGER;
ALTER TABLE hits ADD COLUMN raise_source TEXT;
ALTER TABLE hits ADD COLUMN reraise_line INTEGER;
ALTER TABLE hits ADD COLUMN handler_actions TEXT;
ALTER TABLE hits ADD COLUMN value_flow TEXT;
ALTER TABLE hits ADD COLUMN context TEXT;
)sql");
}

struct Migration {
  int to;
  void (*apply)(Db&);
};
constexpr Migration kMigrations[] = {{2, migrate_to_2}, {3, migrate_to_3}, {4, migrate_to_4}, {5, migrate_to_5},
                                     {6, migrate_to_6}, {7, migrate_to_7}, {8, migrate_to_8},
                                     {9, migrate_to_9}, {10, migrate_to_10}, {11, migrate_to_11}};
static_assert(std::size(kMigrations) + 1 == kSchemaVersion, "a migration for every schema version");

}  // namespace

// Takes a store of schema `version` (checked by check_schema) one step on, inside the caller's
// transaction, recording the new version in meta.
void Db::migrate_one_step(int version) {
  const Migration& m = kMigrations[version - 1];
  m.apply(*this);
  exec(fmt::format("UPDATE meta SET value = '{}' WHERE key = 'schema_version'", m.to));
}

Db::~Db() { sqlite3_close(db_); }

void Db::exec(std::string_view sql) {
  char* err = nullptr;
  if (int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
    sqlite3_free(err);
    throw DbError(explain(db_, rc, std::string(sql.substr(0, 200))));
  }
}

void Db::create_missing_schema() { exec(kSchemaSql); }

void Db::begin_write() {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db_, nullptr); s; s = sqlite3_next_stmt(db_, s))
    if (sqlite3_stmt_busy(s))
      throw std::logic_error(fmt::format("{}: a write began while a read was open: {}", path_, sqlite3_sql(s)));
  exec("BEGIN IMMEDIATE");
}

void Db::commit() { exec("COMMIT"); }

void Db::rollback() noexcept {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool names_store_file(const std::string& store, const std::string& other) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(fs::absolute(other), ec);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string candidate = store + suffix;
    if (fs::exists(candidate, ec) && fs::exists(other, ec) && fs::equivalent(candidate, other, ec)) return true;
    if (fs::weakly_canonical(fs::absolute(candidate), ec) == target) return true;
  }
  return false;
}

std::optional<int64_t> Db::scalar(std::string_view sql) {
  Query q(db_, sql);
  if (!q.step() || q.is_null(0)) return std::nullopt;
  return q.int64(0);
}

std::optional<std::string> Db::text_scalar(std::string_view sql) {
  Query q(db_, sql);
  if (!q.step() || q.is_null(0)) return std::nullopt;
  return q.text(0);
}

}  // namespace pep765
