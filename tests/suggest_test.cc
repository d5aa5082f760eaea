// "Did you mean": the closest name within a typo's distance, never a far guess.
#include <gtest/gtest.h>

#include "common/suggest.h"

namespace pep765 {
namespace {

const std::vector<std::string> kCommands = {"analyze", "fetch", "run", "merge", "check", "hits", "summary",
                                            "report", "export", "trend", "compare", "triage", "help"};

TEST(ClosestName, OneEditOrASwapOfNeighbours) {
  EXPECT_EQ(closest_name("chek", kCommands), "check");      // a letter left out
  EXPECT_EQ(closest_name("chekc", kCommands), "check");     // two letters swapped
  EXPECT_EQ(closest_name("reprot", kCommands), "report");
  EXPECT_EQ(closest_name("sumary", kCommands), "summary");
  EXPECT_EQ(closest_name("analyse", kCommands), "analyze");  // British spelling
  EXPECT_EQ(closest_name("--frmat", {"--format", "--db"}), "--format");
}

TEST(ClosestName, NoGuessWhenNothingIsClose) {
  EXPECT_EQ(closest_name("zzzzzzzz", kCommands), "");
  EXPECT_EQ(closest_name("x", {"run"}), "");           // short words allow one edit only
  EXPECT_EQ(closest_name("rnu", {"run"}), "run");      // ... a swap is one
  EXPECT_EQ(closest_name("", kCommands), "");
  EXPECT_EQ(closest_name(std::string(1000, 'a'), kCommands), "");
}

TEST(ClosestName, TiesGoToTheEarlierCandidate) {
  EXPECT_EQ(closest_name("hit", {"hits", "hip"}), "hits");
  EXPECT_EQ(did_you_mean("chek", kCommands), " (did you mean 'check'?)");
  EXPECT_EQ(did_you_mean("zzzzzzzz", kCommands), "");
}

}  // namespace
}  // namespace pep765
