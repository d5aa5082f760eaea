// The random sample: reading the project list, and a draw that is reproducible and uniform.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "fetch/sample.h"

using namespace pep765;

TEST(ProjectList, Pep691JsonAndPep503Html) {
  EXPECT_EQ(parse_project_list(R"({"meta": {"api-version": "1.1"}, "projects": [{"name": "Foo"}, {"name": "bar_baz"}]})"),
            (std::vector<std::string>{"Foo", "bar_baz"}));
  EXPECT_EQ(parse_project_list("<!DOCTYPE html><html><body>\n<a href=\"/simple/foo/\">Foo</a>\n"
                               "<a href=\"/simple/a-b/\">a&amp;b</a>\n</body></html>"),
            (std::vector<std::string>{"Foo", "a&b"}));
  EXPECT_TRUE(parse_project_list("<html><body></body></html>").empty());
  EXPECT_THROW(parse_project_list("{\"nope\": []}"), std::runtime_error);
  EXPECT_THROW(parse_project_list("plain text"), std::runtime_error);
}

TEST(DrawOrder, SameSeedSameOrderWhateverTheListOrder) {
  std::vector<std::string> names;
  for (int i = 0; i < 300; i++) names.push_back("project-" + std::to_string(i));
  std::vector<std::string> reversed(names.rbegin(), names.rend());
  auto a = draw_order(names, 42), b = draw_order(reversed, 42), c = draw_order(names, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(a.size(), 300u);
  // Spellings of one name are one project.
  EXPECT_EQ(draw_order({"Foo_Bar", "foo-bar", "foo.bar"}, 1).size(), 1u);
}

TEST(DrawOrder, PinnedSoTheSampleIsStableAcrossMachines) {
  // mt19937_64 is fully specified by the standard and the bounded draw is our own, so these
  // values must never change (a change would silently change every seeded sample).
  std::vector<std::string> names;
  for (int i = 0; i < 10; i++) names.push_back("p" + std::to_string(i));
  EXPECT_EQ(draw_order(names, 7), draw_order(names, 7));
  const auto order = draw_order(names, 7);
  EXPECT_EQ(std::vector<std::string>(order.begin(), order.begin() + 3), (std::vector<std::string>{"p5", "p7", "p8"}));
}

TEST(DrawOrder, FirstPicksAreUniform) {
  // 200 names, samples of 10 under 4,000 seeds: each name is expected 200 times. A chi-square
  // test with 199 degrees of freedom: the 99.9% point is about 273.
  std::vector<std::string> names;
  for (int i = 0; i < 200; i++) names.push_back("n" + std::to_string(1000 + i));
  std::map<std::string, int> count;
  for (uint64_t seed = 1; seed <= 4000; seed++) {
    auto order = draw_order(names, seed);
    for (int k = 0; k < 10; k++) count[order[k]]++;
  }
  ASSERT_EQ(count.size(), 200u);
  const double expected = 4000.0 * 10 / 200;
  double chi2 = 0;
  for (auto& [name, n] : count) chi2 += (n - expected) * (n - expected) / expected;
  EXPECT_LT(chi2, 273.0);
  EXPECT_GT(chi2, 140.0);  // far too even would be as suspicious (the 0.1% point is about 140)
}

// The packaging name rule, the one check of a name from a list or an index.
TEST(ProjectNames, TheNameRule) {
  for (const char* ok : {"a", "Z9", "zope.interface", "typing_extensions", "A-b_c.d", "x1"})
    EXPECT_EQ(invalid_name_reason(ok), "") << ok;
  EXPECT_NE(invalid_name_reason(""), "");
  EXPECT_NE(invalid_name_reason("a/b").find("'/'"), std::string::npos);
  EXPECT_NE(invalid_name_reason("%2e%2e").find("'%'"), std::string::npos);
  EXPECT_NE(invalid_name_reason("q?x").find("'?'"), std::string::npos);
  EXPECT_NE(invalid_name_reason("h#f").find("'#'"), std::string::npos);
  EXPECT_NE(invalid_name_reason("sp ace").find("' '"), std::string::npos);
  EXPECT_NE(invalid_name_reason("n\xc3\xb6n").find("not ASCII"), std::string::npos);
  EXPECT_NE(invalid_name_reason("e\x1b").find("\\x1b"), std::string::npos);
  for (const char* edge : {"..", "-a", "a-", ".a", "a_", "_"})
    EXPECT_NE(invalid_name_reason(edge).find("start and end"), std::string::npos) << edge;
  EXPECT_EQ(invalid_name_reason(std::string(kMaxProjectNameBytes, 'a')), "");
  EXPECT_NE(invalid_name_reason(std::string(kMaxProjectNameBytes + 1, 'a')).find("bytes long"), std::string::npos);
}

TEST(ProjectNames, AnIndexListsBadNamesWithTheirPlaces) {
  std::vector<std::string> names{"good", "a/b", "Also.Good", "..", "x?y"};
  const std::vector<InvalidName> invalid = drop_invalid_names(names);
  EXPECT_EQ(names, (std::vector<std::string>{"good", "Also.Good"}));
  ASSERT_EQ(invalid.size(), 3u);
  EXPECT_EQ(invalid[0].raw, "a/b");
  EXPECT_EQ(invalid[0].position, 2u);
  EXPECT_EQ(invalid[2].raw, "x?y");
  EXPECT_EQ(invalid[2].position, 5u);
}
