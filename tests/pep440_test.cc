// PEP 440 versions, with vectors written from the specification's own rules and examples
// ("Version specifiers": normalization, and its summary of permitted suffixes and ordering).
#include <gtest/gtest.h>

#include "common/pep440.h"

using namespace pep765;

namespace {

Version v(const char* s) {
  auto parsed = Version::parse(s);
  EXPECT_TRUE(parsed) << s;
  return parsed.value_or(Version{});
}

}  // namespace

// The specification's summary of permitted suffixes, in its order, and an epoch above all.
TEST(Pep440, TheSpecificationsOrder) {
  const char* ordered[] = {"1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
                           "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
                           "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15",
                           "1.1.dev1", "1.9", "1.10", "2!0.1"};
  for (size_t i = 0; i < std::size(ordered); i++)
    for (size_t j = i + 1; j < std::size(ordered); j++) EXPECT_LT(v(ordered[i]), v(ordered[j])) << ordered[i] << " < " << ordered[j];
}

TEST(Pep440, ReleaseSegmentsCompareWithZeroPadding) {
  EXPECT_EQ(v("1.0"), v("1.0.0"));
  EXPECT_EQ(v("1"), v("1.0.0.0"));
  EXPECT_LT(v("1.0.0"), v("1.0.0.1"));
  EXPECT_LT(v("2.9.2"), v("2.32.3"));   // numbers, not text: the study's string order had it the other way
  EXPECT_LT(v("9.1"), v("75.1.0"));
  EXPECT_LT(v("2024.9.1"), v("2024.10.1"));
  EXPECT_EQ(v("1.01"), v("1.1"));       // integer normalization
  EXPECT_EQ(v("1.0").normalized(), "1.0");
  EXPECT_EQ(v("1.0.0").normalized(), "1.0.0");  // segments kept as written
}

TEST(Pep440, Normalization) {
  const std::pair<const char*, const char*> cases[] = {
      {"1.0RC1", "1.0rc1"},         {"1.1.a1", "1.1a1"},          {"1.1-a1", "1.1a1"},       {"1.1_a1", "1.1a1"},
      {"1.1alpha1", "1.1a1"},       {"1.1beta2", "1.1b2"},        {"1.1c3", "1.1rc3"},       {"1.1pre3", "1.1rc3"},
      {"1.1preview3", "1.1rc3"},    {"1.2a", "1.2a0"},            {"1.2.post2", "1.2.post2"}, {"1.2-post2", "1.2.post2"},
      {"1.2post2", "1.2.post2"},    {"1.2.rev2", "1.2.post2"},    {"1.2.r2", "1.2.post2"},   {"1.2.post", "1.2.post0"},
      {"1.0-1", "1.0.post1"},       {"1.2-dev2", "1.2.dev2"},     {"1.2dev2", "1.2.dev2"},   {"1.2.dev", "1.2.dev0"},
      {"1.0+ubuntu-1", "1.0+ubuntu.1"}, {"1.0+Ubuntu_1.A", "1.0+ubuntu.1.a"}, {"v1.0", "1.0"}, {"V1.0", "1.0"},
      {"  1.0\n", "1.0"},           {"1!2.0", "1!2.0"},           {"0!1.0", "1.0"},           {"00", "0"},
      {"1.0a1.post2.dev3", "1.0a1.post2.dev3"}, {"1.0a1-2", "1.0a1.post2"}, {"2019.10.03", "2019.10.3"}};
  for (const auto& [given, normal] : cases) EXPECT_EQ(v(given).normalized(), normal) << given;
  EXPECT_EQ(v("1.0-1"), v("1.0.post1"));
  EXPECT_EQ(v("1.0RC1"), v("1.0rc1"));
  EXPECT_EQ(v("1.0c1"), v("1.0rc1"));
}

TEST(Pep440, NotVersions) {
  for (const char* s : {"", "dev", "2004d", "1.0-", "1.0.", "1..0", "1.0+", "1.0+a..b", "1.0+a-", "one", "1.0 beta",
                        "1.0!", "!1.0", "1.0a1a2", "1.0.post1.post2", "1.0-", "v", "1.0/2"})
    EXPECT_FALSE(Version::parse(s)) << s;
  EXPECT_FALSE(Version::parse(std::string_view("1.0\0x", 5)));
  // Numbers past what any index needs saturate, never overflow.
  EXPECT_TRUE(Version::parse(std::string(400, '9')));
}

TEST(Pep440, FinalsAndPreReleases) {
  for (const char* s : {"2.0", "2.0.post3", "1!1.0", "1.0+local"}) EXPECT_TRUE(v(s).is_final()) << s;
  for (const char* s : {"2.0rc1", "2.0.dev0", "2.0a1.post1", "2.0.post1.dev1"}) EXPECT_TRUE(v(s).is_prerelease()) << s;
}

TEST(Pep440, LocalVersionsCompareSegmentBySegment) {
  EXPECT_LT(v("1.0"), v("1.0+a"));
  EXPECT_LT(v("1.0+a"), v("1.0+b"));
  EXPECT_LT(v("1.0+abc"), v("1.0+1"));    // a number is above any word
  EXPECT_LT(v("1.0+1"), v("1.0+2"));
  EXPECT_LT(v("1.0+2"), v("1.0+10"));     // as numbers
  EXPECT_LT(v("1.0+1"), v("1.0+1.0"));    // more segments, same start
  EXPECT_EQ(v("1.0+A.1"), v("1.0+a-1"));
  EXPECT_EQ(v("1.0+007"), v("1.0+7"));
}
