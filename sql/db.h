// A thin RAII layer over SQLite, and opening the pep765 store with its schema.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/error.h"

namespace pep765 {

constexpr int kSchemaVersion = 11;

// How a command opens the store. Commands that only read open it read-only: they never create
// a store (a mistyped --db is an error, not an empty census) and work on a store the user may
// only read.
enum class OpenMode { Write, Read };

// How long to wait for a store another process is writing to, for every store opened after.
void set_lock_timeout_seconds(int seconds);
int lock_timeout_seconds();

// Now, as the store's times are written: UTC, ISO 8601 (2026-11-23T08:00:00Z).
std::string utc_timestamp();

// A store-level failure (missing, not a store, another schema, locked, full): it stops the
// command. One of the one error model's kinds (common/error.h): the message names the store.
struct DbError : Error {
  explicit DbError(const std::string& message) : Error(Error::Kind::Work, "", message) {}
};

class Query {
 public:
  Query(sqlite3* db, std::string_view sql);
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Binds by 1-based position; returns *this so calls chain.
  Query& bind(int i, int64_t v);
  Query& bind(int i, std::string_view v);
  Query& bind_blob(int i, const void* data, size_t size);
  Query& bind_null(int i);
  // One step: true while a row is there. Throws on error.
  bool step();
  // Runs to completion and resets for the next use.
  void run();
  void reset();
  int64_t int64(int col) const;
  std::string text(int col) const;
  std::string_view blob(int col) const;  // valid until the next step or reset
  bool is_null(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Db {
 public:
  // Write: opens (creating if needed) the store at `path`, in WAL mode, with the schema applied
  // (an older schema is migrated). Read: opens an existing store read-only.
  // Throws DbError naming the file and the reason (missing, not a store, another schema, ...).
  //
  // A Db is one SQLite connection and belongs to one thread of work at a time: never share
  // one between threads (sql/README.md, "Concurrency").
  explicit Db(const std::string& path, OpenMode mode = OpenMode::Write);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  void exec(std::string_view sql);
  Query prepare(std::string_view sql) { return Query(db_, sql); }
  // The row id of the last INSERT, and the rows the last statement changed, on this connection.
  int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  // The single value of a one-row query, or nullopt.
  std::optional<int64_t> scalar(std::string_view sql);
  // The same for a text value.
  std::optional<std::string> text_scalar(std::string_view sql);
  // Creates whatever of sql/schema.sql the store lacks (every statement there is IF NOT
  // EXISTS): on opening for writing, and after a bulk load that dropped an index.
  void create_missing_schema();

  // Starts a write transaction that holds the write lock from its first statement (BEGIN
  // IMMEDIATE), so the busy handler covers the wait for another writer. Refuses (logic_error)
  // while a statement of this connection is still reading: that read would be upgraded to a
  // write, which SQLite fails at once (SQLITE_BUSY_SNAPSHOT) when another connection has
  // committed since, without waiting.
  void begin_write();
  void commit();
  void rollback() noexcept;

 private:
  void open_read(const std::string& path);
  void open_write(const std::string& path);
  int check_schema(bool may_migrate);
  void migrate_one_step(int version);

  sqlite3* db_ = nullptr;
  std::string path_;
};

// One write transaction, rolled back unless committed (an exception leaves the store as it was).
class WriteTransaction {
 public:
  explicit WriteTransaction(Db& db) : db_(db) { db_.begin_write(); }
  ~WriteTransaction() {
    if (!done_) db_.rollback();
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Db& db_;
  bool done_ = false;
};

// `path` as an SQLite URI with `params` (mode=ro, ...), for opening and ATTACH.
std::string file_uri(const std::string& path, const char* params);

// Whether two paths name one file (or would: `b` may not exist yet), with the store's -wal,
// -shm and -journal files counted as the store. For refusing outputs that would overwrite it.
bool names_store_file(const std::string& store, const std::string& other);

}  // namespace pep765
