// The store's connection rules (sql/README.md, "Concurrency") and its named operations, on real
// SQLite files.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "sql/analysis_records.h"
#include "sql/db.h"
#include "sql/fetch_records.h"

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

// Package identity is recorded with the artifact: what its file name says, and once fetch
// records a verified download of that path, the download's project and release (an archive
// analyzed from a folder before fetch recorded it learns its package, whatever its name says).
TEST(StoreRecords, AnArtifactCarriesItsProjectAndAFetchedOneItsDownloads) {
  const std::string path = fresh_store("identity.sqlite");
  Db db(path);
  {
    AnalysisWriter writer(db, false);
    writer.begin();
    // path, name, kind, size, mtime, status, error, files, project, version
    writer.write_artifact({"/files/Foo_Bar-1.0.tar.gz", "Foo_Bar-1.0.tar.gz", "sdist", 1, 1, "ok", "", 0, "foo-bar", "1.0"});
    writer.write_artifact({"/src/tree", "/src/tree", "dir", 1, 1, "ok", "", 0, "/src/tree", std::nullopt});
    writer.commit();
  }
  auto identities = [&] {
    std::vector<std::string> out;
    Query q = db.prepare("SELECT name, project, coalesce(version, '-'), coalesce(package_id, 0) FROM artifacts "
                         "ORDER BY id");
    while (q.step()) out.push_back(fmt::format("{} {} {} {}", q.text(0), q.text(1), q.text(2), q.int64(3)));
    return out;
  };
  EXPECT_EQ(identities(), (std::vector<std::string>{"Foo_Bar-1.0.tar.gz foo-bar 1.0 0", "/src/tree /src/tree - 0"}));

  FetchRecords fetch(db);
  const SelectionRecord selection{"top", "list.json", "2024-10-17", 0, 1, "http://127.0.0.1:1", ""};
  const std::vector<ListedRecord> listed{{"foobar", "FooBar", 1, 10}};
  const FetchRecords::Recorded top = fetch.record_top_selection(selection, listed);
  ASSERT_EQ(top.package_ids.size(), 1u);
  const int64_t package = top.package_ids[0];
  fetch.record_download({package, "Foo_Bar-1.0.tar.gz", "sdist", "http://127.0.0.1:1/files/Foo_Bar-1.0.tar.gz", 1,
                         "", "", "/files/Foo_Bar-1.0.tar.gz", "done", "", 1, "1.0"});
  EXPECT_EQ(identities(), (std::vector<std::string>{fmt::format("Foo_Bar-1.0.tar.gz foobar 1.0 {}", package),
                                                    "/src/tree /src/tree - 0"}));
  // A rerun of the selection finds the same rows again.
  EXPECT_EQ(fetch.record_top_selection(selection, listed).selection_id, top.selection_id);
  EXPECT_EQ(verified_download_paths(path), std::vector<std::string>{"/files/Foo_Bar-1.0.tar.gz"});
}
