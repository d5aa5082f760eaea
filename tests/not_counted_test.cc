// What a census read but did not analyze, by reason: real files analyzed into a real store, then
// read back the way the report will (sql/not_counted.h), and the closing lines' counts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "analyze/analyze.h"
#include "sql/db.h"
#include "sql/not_counted.h"

using namespace pep765;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

bool any_names(const std::vector<std::string>& examples, const std::string& member) {
  for (const std::string& e : examples)
    if (e.find(member) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(NotCounted, EveryReasonWithItsCountAndNames) {
  const fs::path dir = fs::temp_directory_path() / "pep765-not-counted-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "tree");
  const std::string hit = "def f():\n    try:\n        pass\n    finally:\n        return 1\n";
  write(dir / "tree" / "ok.py", hit);
  // Over the parse cap: the statement that must be parsed (its finally jumps) is the long one.
  write(dir / "tree" / "long_line.py",
        "def g():\n    try:\n        x = '" + std::string(60000, 'a') + "'\n    finally:\n        return 1\n");
  write(dir / "tree" / "huge.py", "y = '" + std::string(300000, 'b') + "'\n");           // over the member cap
  write(dir / "tree" / "latin1.py", "# caf\xe9\nz = 1\n");
  write(dir / "broken.tar.gz", std::string("\x1f\x8b\x08\x00not really gzip", 20));

  AnalyzeOptions o;
  o.db_path = (dir / "store.sqlite").string();
  o.paths = {(dir / "tree").string(), (dir / "broken.tar.gz").string()};
  o.progress = false;
  o.max_member_bytes = 200000;
  o.file.max_parse_bytes = 50000;
  const AnalyzeTotals totals = analyze(o);

  // The closing lines: one entry per cap, each naming its file.
  ASSERT_EQ(totals.not_parsed.size(), 2u);
  EXPECT_EQ(totals.not_parsed[0].cap, "over --max-member-bytes (200000 bytes)");
  EXPECT_EQ(totals.not_parsed[0].count, 1u);
  EXPECT_TRUE(any_names(totals.not_parsed[0].first, "huge.py"));
  EXPECT_EQ(totals.not_parsed[1].cap, "over --max-parse-bytes (50000 bytes)");
  EXPECT_EQ(totals.not_parsed[1].count, 1u);
  EXPECT_TRUE(any_names(totals.not_parsed[1].first, "long_line.py"));

  Census census(o.db_path);
  std::map<std::string, NotCounted> by_reason;
  for (NotCounted& n : not_counted(census)) by_reason[n.reason] = std::move(n);
  ASSERT_EQ(by_reason.size(), 4u);
  EXPECT_EQ(by_reason["over_member_cap"].count, 1);
  EXPECT_TRUE(any_names(by_reason["over_member_cap"].examples, "huge.py"));
  EXPECT_EQ(by_reason["over_parse_cap"].count, 1);
  EXPECT_TRUE(any_names(by_reason["over_parse_cap"].examples, "long_line.py"));
  EXPECT_EQ(by_reason["not_utf8"].count, 1);
  EXPECT_TRUE(any_names(by_reason["not_utf8"].examples, "latin1.py"));
  EXPECT_EQ(by_reason["unreadable"].count, 1);
  EXPECT_TRUE(any_names(by_reason["unreadable"].examples, "broken.tar.gz"));
  EXPECT_FALSE(by_reason["unreadable"].meaning.empty());
  fs::remove_all(dir);
}
