// The store's connection rules (sql/README.md, "Concurrency"), on real SQLite files.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "sql/db.h"

using namespace pep765;
namespace fs = std::filesystem;

namespace {

std::string fresh_store(const char* name) {
  const fs::path dir = fs::temp_directory_path() / "pep765-db-test";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
  return p.string();
}

}  // namespace

// A read left open on a connection, then a write on it after another connection committed:
// SQLite fails that at once (SQLITE_BUSY_SNAPSHOT), without waiting, which looked like a lock
// held by another process. begin_write refuses it up front, naming the open read.
TEST(Db, AWriteNeverUpgradesAnOpenRead) {
  const std::string path = fresh_store("upgrade.sqlite");
  Db a(path), b(path);
  a.exec("INSERT INTO meta(key, value) VALUES('x', '1'), ('y', '2')");
  Query read = a.prepare("SELECT key FROM meta");
  ASSERT_TRUE(read.step());  // a read transaction is open on `a`
  b.exec("INSERT INTO meta(key, value) VALUES('z', '3')");  // another writer commits
  try {
    a.begin_write();
    FAIL() << "began a write over an open read";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("SELECT key FROM meta"), std::string::npos);
  }
  read.reset();
  a.begin_write();  // once the read is done, the write takes the lock (waiting if need be)
  a.exec("INSERT INTO meta(key, value) VALUES('w', '4')");
  a.commit();
  EXPECT_EQ(*b.scalar("SELECT count(*) FROM meta"), 5);
}

TEST(Db, WriteTransactionRollsBackUnlessCommitted) {
  const std::string path = fresh_store("rollback.sqlite");
  Db db(path);
  try {
    WriteTransaction t(db);
    db.exec("INSERT INTO meta(key, value) VALUES('gone', '1')");
    throw std::runtime_error("fault");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(*db.scalar("SELECT count(*) FROM meta WHERE key = 'gone'"), 0);
}

TEST(Db, ReadModeNeverCreatesAStore) {
  const std::string path = fresh_store("absent.sqlite");
  EXPECT_THROW(Db(path, OpenMode::Read), DbError);
  EXPECT_FALSE(fs::exists(path));
}

TEST(Db, TheStoreAndItsSideFilesAreTheStore) {
  const std::string path = fresh_store("named.sqlite");
  { Db create(path); }
  EXPECT_TRUE(names_store_file(path, path));
  EXPECT_TRUE(names_store_file(path, path + "-wal"));
  EXPECT_TRUE(names_store_file(path, (fs::path(path).parent_path() / "." / "named.sqlite").string()));
  EXPECT_FALSE(names_store_file(path, path + ".html"));
}
