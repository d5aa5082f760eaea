#include "sql/db.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "schema.h"

namespace pep765 {

namespace {

int lock_timeout_ms = 30000;

// SQLite's words, with what they mean for a person where they are about the file itself.
std::string explain(sqlite3* db, const std::string& what) {
  const char* file = sqlite3_db_filename(db, "main");
  const std::string where = file && *file ? file : "the store";
  switch (sqlite3_errcode(db) & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return fmt::format("{}: locked by another process (waited {} s; see --lock-timeout); nothing was lost, "
                         "rerun when it is done", where, lock_timeout_ms / 1000);
    case SQLITE_FULL:
      return fmt::format("{}: the disk is full; what was committed is intact: free space and rerun", where);
    case SQLITE_IOERR:
      return fmt::format("{}: cannot write ({}); what was committed is intact", where, sqlite3_errmsg(db));
    default:
      return fmt::format("SQL error: {} in: {}", sqlite3_errmsg(db), what);
  }
}

}  // namespace

void set_lock_timeout_seconds(int seconds) { lock_timeout_ms = std::max(0, seconds) * 1000; }

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
  std::string msg = explain(db_, sqlite3_sql(stmt_));
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

Db::Db(const std::string& path) : path_(path) {
  // A store in a folder not made yet: make it, as --dest is made.
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent, ec) && !std::filesystem::create_directories(parent, ec))
    throw DbError(fmt::format("{}: cannot make the folder for the store: {}", path, ec.message()));
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw DbError(fmt::format("{}: cannot open the store: {}", path, msg));
  }
  try {
    // Another process holding the store makes us wait rather than fail at once.
    sqlite3_busy_timeout(db_, lock_timeout_ms);
    // Switching a new store to WAL needs the file to itself, and SQLite reports a concurrent
    // opener as busy without waiting: retry for as long as the busy timeout.
    for (int attempt = 0;; attempt++) {
      try {
        exec("PRAGMA journal_mode=WAL");
        break;
      } catch (const DbError&) {
        if (sqlite3_errcode(db_) != SQLITE_BUSY || attempt >= lock_timeout_ms / 50) throw;
        sqlite3_sleep(50);
      }
    }
    exec("PRAGMA synchronous=NORMAL");
    // Bulk writes touch random pages of the hash indexes: keep them cached (bounded, 32 MB),
    // and checkpoint the WAL less often than every 4 MB.
    exec("PRAGMA cache_size=-32768");
    exec("PRAGMA wal_autocheckpoint=16384");
    exec("PRAGMA foreign_keys=ON");
    auto has_meta = scalar("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'");
    if (*has_meta) {
      Query q(db_, "SELECT value FROM meta WHERE key='schema_version'");
      std::string version = q.step() ? q.text(0) : "";
      if (version != std::to_string(kSchemaVersion))
        throw DbError(fmt::format("{}: the store has schema version '{}' and this pep765 reads version {}: "
                                  "{}", path, version, kSchemaVersion,
                                  version < std::to_string(kSchemaVersion)
                                      ? "it predates the first released schema and cannot be migrated; analyze into a new store"
                                      : "it was written by a newer pep765; use that one"));
    } else if (*scalar("SELECT count(*) FROM sqlite_master") != 0) {
      throw DbError(fmt::format("{}: not a pep765 store (it has tables but no meta table)", path));
    }
    exec("BEGIN IMMEDIATE");
    exec(kSchemaSql);
    exec(fmt::format("INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '{}')", kSchemaVersion));
    exec("COMMIT");
  } catch (const DbError& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    std::string what = e.what();
    if (what.find(path) == std::string::npos) what = fmt::format("{}: {}", path, what);
    throw DbError(what);
  }
}

Db::~Db() { sqlite3_close(db_); }

void Db::exec(std::string_view sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    sqlite3_free(err);
    throw DbError(explain(db_, std::string(sql.substr(0, 200))));
  }
}

std::optional<int64_t> Db::scalar(std::string_view sql) {
  Query q(db_, sql);
  if (!q.step() || q.is_null(0)) return std::nullopt;
  return q.int64(0);
}

}  // namespace pep765
