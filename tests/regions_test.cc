// The scan that picks which statements to parse: it must never cut inside a statement.
#include <gtest/gtest.h>

#include "analyze/analyze_file.h"
#include "analyze/regions.h"
#include "analyze/structure_check.h"

#include <cstdio>
#include <random>
#include <tuple>

using namespace pep765;

namespace {

// The text of each unit, its ranges joined by "|", to compare with what a person would pick.
std::vector<std::string> pieces(std::string_view text, Select select = Select::JumpInFinally) {
  RegionScan scan = scan_regions(text, select);
  EXPECT_TRUE(scan.sure) << text;
  std::vector<std::string> out;
  for (const ParseUnit& unit : scan.units) {
    std::string joined;
    size_t bytes = 0;
    for (const SourceRange& r : unit.ranges) {
      if (!joined.empty()) joined += "|";
      joined += text.substr(r.start_byte, r.end_byte - r.start_byte);
      bytes += r.end_byte - r.start_byte;
    }
    EXPECT_EQ(unit.bytes, bytes);
    out.push_back(joined);
  }
  return out;
}

TEST(Regions, OnlyTopLevelStatementsHoldingFinally) {
  std::string_view src =
      "import os\n"
      "def a():\n    return 1\n"
      "def b():\n    try:\n        pass\n    finally:\n        return 2\n"
      "x = 1\n";
  EXPECT_EQ(pieces(src), std::vector<std::string>{"def b():\n    try:\n        pass\n    finally:\n        return 2\n"});
}

TEST(Regions, TopLevelTryKeepsItsFinallyClause) {
  std::string_view src = "try:\n    pass\nexcept E:\n    pass\nfinally:\n    return\ny = 2\n";
  EXPECT_EQ(pieces(src), std::vector<std::string>{"try:\n    pass\nexcept E:\n    pass\nfinally:\n    return\n"});
}

TEST(Regions, DecoratorsStayWithTheirDefinition) {
  std::string_view src = "@a\n@b(1)\ndef f():\n    try: pass\n    finally: return\n";
  EXPECT_EQ(pieces(src), std::vector<std::string>{std::string(src)});
}

TEST(Regions, ClassIsSplitIntoHeaderAndMembers) {
  std::string_view src =
      "class C(Base):\n"
      "    '''doc'''\n"
      "    def a(self):\n        return 1\n"
      "    @property\n"
      "    def b(self):\n        try:\n            pass\n        finally:\n            return 2\n"
      "    z = 3\n";
  EXPECT_EQ(pieces(src), (std::vector<std::string>{
                             "class C(Base):\n|    @property\n    def b(self):\n        try:\n            pass\n"
                             "        finally:\n            return 2\n"}));
}

TEST(Regions, NestedClassesCarryEveryHeader) {
  std::string_view src =
      "class A:\n    class B:\n        x = 1\n        def f(self):\n            try: pass\n            finally: return\n"
      "    y = 2\n";
  EXPECT_EQ(pieces(src), (std::vector<std::string>{
                             "class A:\n|    class B:\n|        def f(self):\n            try: pass\n"
                             "            finally: return\n"}));
}

TEST(Regions, EveryStatementCoversTheWholeFile) {
  std::string_view src = "import os\nclass C:\n    a = 1\n    def f(self):\n        pass\nx = 2\n";
  auto units = pieces(src, Select::EveryStatement);
  EXPECT_EQ(units, (std::vector<std::string>{"import os\n", "class C:\n|    a = 1\n", "class C:\n|    def f(self):\n        pass\n",
                                             "x = 2\n"}));
}

TEST(Regions, StringsCommentsBracketsAndContinuationsDoNotSplit) {
  std::string_view src =
      "def f():\n"
      "    s = '''\n"
      "x = 1\n"
      "'''\n"
      "    t = (1,\n"
      "2)\n"
      "    u = 1 + \\\n"
      "2\n"
      "    v = \"a\\\"# not a comment\"  # finally in a comment\n"
      "    try:\n        pass\n    finally:\n        return\n"
      "y = 1\n";
  auto p = pieces(src);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], std::string(src.substr(0, src.size() - 6)));
}

TEST(Regions, FinallyOnlyInStringsOrCommentsNeedsNoParse) {
  RegionScan scan = scan_regions("x = 'finally'\n# finally\ny = \"\"\"\nfinally:\n\"\"\"\n");
  EXPECT_TRUE(scan.sure);
  EXPECT_FALSE(scan.has_finally);
  EXPECT_TRUE(scan.units.empty());
}

TEST(Regions, FinallyClauseWithoutJumpNeedsNoParse) {
  // The return after the try, and the one in the except clause, are outside the finally clause.
  RegionScan scan = scan_regions(
      "def f():\n    try:\n        pass\n    except E:\n        return 0\n    finally:\n        close()\n"
      "        if x:\n            y()\n    return 1\n");
  EXPECT_TRUE(scan.sure);
  EXPECT_TRUE(scan.has_finally);
  EXPECT_FALSE(scan.has_jump_in_finally);
  EXPECT_TRUE(scan.units.empty());
  EXPECT_TRUE(scan_regions("try:\n    x = 'return'  # break\nfinally:\n    y = 'continue'\n").units.empty());
}

TEST(Regions, JumpAnywhereInTheFinallyClauseIsParsed) {
  const char* const sources[] = {
      "def f():\n    try: pass\n    finally: return 1\n",                  // on the clause's own line
      "def f():\n    try: pass\n    finally:\n        if x:\n            y()\n        return 1\n",  // after a deeper block
      "try: pass\nfinally:\n    for x in y:\n        break\n",              // a loop's own (the parse decides)
      "try: pass\nfinally:\n    def g():\n        return 1\n",              // a nested function's
      "try:\n    pass\nfinally:\n    try: pass\n    finally:\n        continue\n",  // a nested finally's
      "def f():\n    try: pass\n    finally:\n\tx()\n\treturn\n",          // tabs against spaces: still open
  };
  for (const char* src : sources) {
    RegionScan scan = scan_regions(src);
    EXPECT_TRUE(scan.has_jump_in_finally) << src;
    EXPECT_EQ(scan.units.size(), 1u) << src;
  }
}

TEST(Regions, UnsureWhereTheScanLosesTrack) {
  EXPECT_FALSE(scan_regions("x = 'unterminated\ntry:\n pass\nfinally:\n pass\n").sure);
  EXPECT_FALSE(scan_regions("x = (1,\ntry:\n pass\nfinally:\n pass\n").sure);
  EXPECT_FALSE(scan_regions("x = 1)\ntry:\n pass\nfinally:\n pass\n").sure);
  EXPECT_FALSE(scan_regions("  indented_first = 1\ntry:\n pass\nfinally:\n return\n").sure);
}

TEST(Regions, IrregularClassBodyIsTakenWhole) {
  // The second member is indented less than the first: the class is not split.
  std::string_view src = "class C:\n        a = 1\n    def f(self):\n        try: pass\n        finally: return\n";
  EXPECT_EQ(pieces(src), std::vector<std::string>{std::string(src)});
}

TEST(Regions, RangesCarryRowsAndEndOfFileColumn) {
  std::string_view src = "x = 1\ntry:\n    pass\nfinally:\n    return";
  RegionScan scan = scan_regions(src);
  ASSERT_EQ(scan.units.size(), 1u);
  ASSERT_EQ(scan.units[0].ranges.size(), 1u);
  EXPECT_EQ(scan.units[0].ranges[0].start_row, 1u);
  EXPECT_EQ(scan.units[0].ranges[0].end_row, 4u);
  EXPECT_EQ(scan.units[0].ranges[0].end_column, 10u);
}

}  // namespace

// The analysis parses only statements whose finally clause holds a jump keyword; on random
// programs of nested blocks, it must find exactly the hits a parse of every statement finds.
namespace random_programs {

struct Writer {
  std::mt19937& rng;
  std::string out;
  int lines = 0;

  unsigned pick(unsigned n) { return unsigned(rng() % n); }
  void line(int depth, const std::string& text) {
    out += std::string(size_t(depth) * 4, ' ') + text + "\n";
    lines++;
  }
  void block(int depth, int budget) {
    const int count = 1 + int(pick(3));
    for (int k = 0; k < count && lines < 200; k++) statement(depth, budget);
  }
  void statement(int depth, int budget) {
    const unsigned what = budget <= 0 ? pick(8) : pick(16);
    switch (what) {
      case 0: return line(depth, "pass");
      case 1: return line(depth, "x = 'return break finally'  # continue");
      case 2: return line(depth, pick(2) ? "return" : "return x");
      case 3: return line(depth, "break");
      case 4: return line(depth, "continue");
      case 5: return line(depth, "y = (1,\n" + std::string(size_t(depth) * 4 + 4, ' ') + "2)");
      case 6: return line(depth, "s = \"\"\"\nfinally:\n    return\n\"\"\"");
      case 7: return line(depth, "finished = returned = broken = 0");
      case 8: line(depth, "if c:"); return block(depth + 1, budget - 1);
      case 9:
        line(depth, pick(2) ? "for i in r:" : "while c:");
        block(depth + 1, budget - 1);
        if (pick(3) == 0) {
          line(depth, "else:");
          block(depth + 1, budget - 1);
        }
        return;
      case 10: line(depth, "def f():"); return block(depth + 1, budget - 1);
      case 11: line(depth, "class C:"); return block(depth + 1, budget - 1);
      case 12: line(depth, "with m:"); return block(depth + 1, budget - 1);
      case 13:
        return line(depth, std::string("try: pass\n") + std::string(size_t(depth) * 4, ' ') +
                               (pick(2) ? "finally: return" : "finally: pass"));
      default:
        line(depth, "try:");
        block(depth + 1, budget - 1);
        if (pick(2)) {
          line(depth, "except E:");
          block(depth + 1, budget - 1);
        }
        line(depth, "finally:");
        block(depth + 1, budget - 1);
    }
  }
};

}  // namespace random_programs

TEST(Regions, DefaultAnalysisFindsEveryHitOfAWholeParse) {
  std::mt19937 rng(1765);
  PythonParser parser;
  FileOptions whole;
  whole.parse_all = true;
  size_t programs_with_hits = 0, skipped = 0;
  for (int round = 0; round < 3000; round++) {
    random_programs::Writer w{rng, {}, 0};
    w.block(0, 4);
    const FileAnalysis a = analyze_file(w.out, parser, FileOptions{});
    const FileAnalysis b = analyze_file(w.out, parser, whole);
    auto key = [](const FileAnalysis& f) {
      std::vector<std::tuple<uint32_t, uint32_t, bool, bool>> hits;
      for (const JumpHit& h : f.hits) hits.emplace_back(h.line, h.column, h.cpython, h.exits);
      return hits;
    };
    ASSERT_EQ(key(a), key(b)) << w.out;
    programs_with_hits += !b.hits.empty();
    skipped += a.parse == ParseOutcome::Skipped && w.out.find("finally") != std::string::npos;
  }
  // Both kinds must be common, or the test shows nothing.
  EXPECT_GT(programs_with_hits, 300u) << programs_with_hits;
  EXPECT_GT(skipped, 300u) << skipped;
}

// The layout check collects the region scan's lines in its own pass (analyze_file does so for
// every file holding `finally`): the regions must be exactly those of the scan's own pass, on
// programs as written and with bytes dropped or changed (strings left open, brackets
// unbalanced, indentation broken).
TEST(Regions, LinesCollectedByTheLayoutCheckGiveTheSameRegions) {
  std::mt19937 rng(7650);
  auto same = [](std::string_view text, Select select) {
    RegionLines lines;
    check_structure(text, &lines);
    const RegionScan fused = select_regions(text, lines, select);
    const RegionScan own = scan_regions(text, select);
    auto flat = [](const RegionScan& s) {
      std::vector<std::tuple<uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t>> out;
      for (const ParseUnit& u : s.units)
        for (const SourceRange& r : u.ranges)
          out.emplace_back(r.start_byte, r.end_byte, r.start_row, r.start_column, r.end_row, r.end_column);
      return out;
    };
    EXPECT_EQ(fused.sure, own.sure) << text;
    EXPECT_EQ(fused.has_finally, own.has_finally) << text;
    EXPECT_EQ(fused.has_jump_in_finally, own.has_jump_in_finally) << text;
    EXPECT_EQ(fused.units.size(), own.units.size()) << text;
    EXPECT_EQ(flat(fused), flat(own)) << text;
    return own.sure && !own.units.empty();
  };
  const std::string noise = "'\"()[]{}\\\n\t #:";
  size_t with_units = 0, unsure = 0;
  for (int round = 0; round < 3000; round++) {
    random_programs::Writer w{rng, {}, 0};
    w.block(0, 4);
    std::string text = w.out;
    if (round % 2) {
      for (int k = 0, edits = 1 + int(rng() % 3); k < edits && !text.empty(); k++) {
        const size_t at = rng() % text.size();
        if (rng() % 2) text.erase(at, 1);
        else text[at] = noise[rng() % noise.size()];
      }
    }
    for (Select select : {Select::JumpInFinally, Select::EveryStatement}) {
      with_units += same(text, select);
      unsure += !scan_regions(text, select).sure;
    }
  }
  EXPECT_GT(with_units, 1000u) << with_units;
  EXPECT_GT(unsure, 300u) << unsure;
}
