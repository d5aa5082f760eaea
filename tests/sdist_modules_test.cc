// analyzed_sdist_modules (sql/analysis_records.h): a release's analyzed sdist modules as a
// wheel of it would hold them, over a real store: only that release's sdists that were read,
// only contents whose CRC-32 is known, paths without the sdist's top folder.
#include <gtest/gtest.h>

#include <filesystem>

#include "sql/analysis_records.h"
#include "sql/db.h"

using namespace pep765;
namespace fs = std::filesystem;

TEST(SdistModules, AReleasesReadSdistModulesAsAWheelHoldsThem) {
  const fs::path path = fs::temp_directory_path() / "pep765-sdist-modules-test.sqlite";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  Db db(path.string());
  db.exec(R"sql(
INSERT INTO packages(id, name, listed_name, status) VALUES (1, 'p', 'p', 'resolved'), (2, 'q', 'q', 'resolved');
INSERT INTO contents(hash, size, newlines, lines, parse, parse_scope, crc32) VALUES
  (x'01', 10, 1, 1, 'ok', 'none', 3735928559), (x'02', 20, 2, 2, 'ok', 'none', 7),
  (x'03', 30, 3, 3, 'ok', 'none', NULL), (x'04', 40, 4, 4, 'ok', 'none', 9);
INSERT INTO artifacts(id, path, name, kind, size, mtime, status, files, analyzed_at, package_id, version, project) VALUES
  (1, '/d/p/p-1.0.tar.gz', 'p-1.0.tar.gz', 'sdist', 1, 1, 'partial', 3, 't', 1, '1.0', 'p'),
  (2, '/d/p/p-1.0-py3-none-any.whl', 'p-1.0-py3-none-any.whl', 'wheel', 1, 1, 'ok', 1, 't', 1, '1.0', 'p'),
  (3, '/d/p/p-0.9.tar.gz', 'p-0.9.tar.gz', 'sdist', 1, 1, 'ok', 1, 't', 1, '0.9', 'p'),
  (4, '/d/q/q-1.0.tar.gz', 'q-1.0.tar.gz', 'sdist', 1, 1, 'ok', 1, 't', 2, '1.0', 'q'),
  (5, '/e/p/p-1.0.tar.gz', 'p-1.0.tar.gz', 'sdist', 1, 1, 'failed', 0, 't', 1, '1.0', 'p');
INSERT INTO files(artifact_id, member, path, hash) VALUES
  (1, 0, 'p-1.0/src/p/a.py', x'01'), (1, 1, 'p-1.0/p/b.py', x'02'), (1, 2, 'p-1.0/p/c.py', x'03'),
  (2, 0, 'p/a.py', x'04'), (3, 0, 'p-0.9/p/a.py', x'04'), (4, 0, 'q-1.0/q/a.py', x'04');
)sql");
  const std::vector<SdistModule> got = analyzed_sdist_modules(db, 1, "1.0");
  ASSERT_EQ(got.size(), 2u);  // c.py's CRC-32 is unknown; the wheel, 0.9, q and the failed sdist are not it
  EXPECT_EQ(got[0].path, "src/p/a.py");
  EXPECT_EQ(got[0].crc32, 0xDEADBEEFu);
  EXPECT_EQ(got[0].size, 10);
  EXPECT_EQ(got[0].hash, std::string("\x01", 1));
  EXPECT_EQ(got[1].path, "p/b.py");
  EXPECT_EQ(got[1].crc32, 7u);
  EXPECT_TRUE(analyzed_sdist_modules(db, 2, "0.9").empty());
}
