#include "sql/db.h"

#include <fmt/format.h>

#include "schema.h"

namespace pep765 {

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
  std::string msg = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw DbError(fmt::format("SQL error: {} in: {}", msg, sqlite3_sql(stmt_)));
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
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw DbError(fmt::format("{}: cannot open the store: {}", path, msg));
  }
  try {
    // Another process holding the store makes us wait rather than fail at once.
    sqlite3_busy_timeout(db_, 30000);
    // Switching a new store to WAL needs the file to itself, and SQLite reports a concurrent
    // opener as busy without waiting: retry for as long as the busy timeout.
    for (int attempt = 0;; attempt++) {
      try {
        exec("PRAGMA journal_mode=WAL");
        break;
      } catch (const DbError&) {
        if (sqlite3_errcode(db_) != SQLITE_BUSY || attempt >= 600) throw;
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
        throw DbError(fmt::format("{}: store has schema version '{}', this pep765 reads version {}",
                                  path, version, kSchemaVersion));
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
    if (what.rfind(path, 0) != 0) what = fmt::format("{}: {}", path, what);
    throw DbError(what);
  }
}

Db::~Db() { sqlite3_close(db_); }

void Db::exec(std::string_view sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw DbError(fmt::format("SQL error: {}", msg));
  }
}

std::optional<int64_t> Db::scalar(std::string_view sql) {
  Query q(db_, sql);
  if (!q.step() || q.is_null(0)) return std::nullopt;
  return q.int64(0);
}

}  // namespace pep765
