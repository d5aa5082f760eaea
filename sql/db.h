// A thin RAII layer over SQLite, and opening the pep765 store with its schema.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pep765 {

constexpr int kSchemaVersion = 1;

// How long to wait for a store another process is writing to, for every store opened after.
void set_lock_timeout_seconds(int seconds);

// Now, as the store's times are written: UTC, ISO 8601 (2026-11-23T08:00:00Z).
std::string utc_timestamp();

struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
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
  // Opens (creating if needed) the store at `path`, in WAL mode, with the schema applied.
  // Throws DbError naming the file and the reason (not a store, another schema version, ...).
  explicit Db(const std::string& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  void exec(std::string_view sql);
  Query prepare(std::string_view sql) { return Query(db_, sql); }
  // The single value of a one-row query, or nullopt.
  std::optional<int64_t> scalar(std::string_view sql);

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace pep765
