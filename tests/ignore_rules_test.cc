// extract/ignore_rules.h against gitignore(5)'s own examples and rules.
#include "extract/ignore_rules.h"

#include <gtest/gtest.h>

namespace pep765 {
namespace {

using V = IgnoreList::Verdict;

V verdict(const char* text, const char* path, bool is_dir = false) {
  return IgnoreList("/r", text, ".gitignore").match(std::string("/r/") + path, is_dir);
}

TEST(IgnoreRules, NamesWithoutASlashMatchAtAnyDepth) {
  EXPECT_EQ(verdict("foo.py\n", "foo.py"), V::Ignored);
  EXPECT_EQ(verdict("foo.py\n", "a/b/foo.py"), V::Ignored);
  EXPECT_EQ(verdict("*.py\n", "a/b.py"), V::Ignored);
  EXPECT_EQ(verdict("*.py\n", "a/b.pyc"), V::None);
}

TEST(IgnoreRules, ASlashAtTheStartOrMiddleAnchors) {
  EXPECT_EQ(verdict("/top.py\n", "top.py"), V::Ignored);
  EXPECT_EQ(verdict("/top.py\n", "a/top.py"), V::None);
  EXPECT_EQ(verdict("doc/frotz\n", "doc/frotz", true), V::Ignored);
  EXPECT_EQ(verdict("doc/frotz\n", "a/doc/frotz", true), V::None);
  EXPECT_EQ(verdict("a/*.py\n", "a/x.py"), V::Ignored);
  EXPECT_EQ(verdict("a/*.py\n", "a/b/x.py"), V::None);  // '*' does not cross '/'
}

TEST(IgnoreRules, ATrailingSlashMatchesDirectoriesOnly) {
  EXPECT_EQ(verdict("build/\n", "build", true), V::Ignored);
  EXPECT_EQ(verdict("build/\n", "build", false), V::None);
  EXPECT_EQ(verdict("build/\n", "src/build", true), V::Ignored);
}

TEST(IgnoreRules, DoubleAsterisks) {
  EXPECT_EQ(verdict("**/foo\n", "foo"), V::Ignored);
  EXPECT_EQ(verdict("**/foo\n", "a/b/foo"), V::Ignored);
  EXPECT_EQ(verdict("**/foo/bar\n", "x/foo/bar"), V::Ignored);
  EXPECT_EQ(verdict("abc/**\n", "abc/x/y.py"), V::Ignored);
  EXPECT_EQ(verdict("abc/**\n", "abc", true), V::None);
  EXPECT_EQ(verdict("a/**/b\n", "a/b"), V::Ignored);
  EXPECT_EQ(verdict("a/**/b\n", "a/x/y/b"), V::Ignored);
  EXPECT_EQ(verdict("a/**/b\n", "c/a/b"), V::None);
}

TEST(IgnoreRules, TheLastMatchDecidesAndNegationReincludes) {
  EXPECT_EQ(verdict("*.py\n!keep.py\n", "keep.py"), V::Included);
  EXPECT_EQ(verdict("!keep.py\n*.py\n", "keep.py"), V::Ignored);
}

TEST(IgnoreRules, CommentsBlanksEscapesAndTrailingSpaces) {
  EXPECT_EQ(verdict("# x.py\n\n", "# x.py"), V::None);
  EXPECT_EQ(verdict("\\#x.py\n", "#x.py"), V::Ignored);
  EXPECT_EQ(verdict("\\!x.py\n", "!x.py"), V::Ignored);
  EXPECT_EQ(verdict("x.py   \n", "x.py"), V::Ignored);
  EXPECT_EQ(verdict("x.py\\ \n", "x.py "), V::Ignored);
  EXPECT_EQ(verdict("x.py\r\n", "x.py"), V::Ignored);
  EXPECT_EQ(verdict("[ab].py\n", "b.py"), V::Ignored);
  EXPECT_EQ(verdict("?.py\n", "ab.py"), V::None);
}

TEST(IgnoreRules, BracketExpressions) {
  EXPECT_EQ(verdict("*.py[cod]\n", "x.pyc"), V::Ignored);
  EXPECT_EQ(verdict("*.py[cod]\n", "x.pyx"), V::None);
  EXPECT_EQ(verdict("x[!0-9].py\n", "xa.py"), V::Ignored);
  EXPECT_EQ(verdict("x[!0-9].py\n", "x5.py"), V::None);
  EXPECT_EQ(verdict("x[^a].py\n", "xa.py"), V::None);
  EXPECT_EQ(verdict("x[[:digit:]].py\n", "x7.py"), V::Ignored);
  EXPECT_EQ(verdict("x[]a].py\n", "x].py"), V::Ignored);
  EXPECT_EQ(verdict("x[.py\n", "x[.py"), V::Ignored);  // no closing ']': a plain '['
  EXPECT_EQ(verdict("a*b*c\n", "axxbyyc"), V::Ignored);
  EXPECT_EQ(verdict("a*b*c\n", "axxbyy"), V::None);
}

TEST(IgnoreRules, HostilePatternsStayFast) {
  // Exponential for a backtracking matcher; linear here. The test's timeout catches a regression.
  std::string stars, deep = "/r";
  for (int i = 0; i < 40; i++) stars += "*a";
  for (int i = 0; i < 40; i++) deep += "/a";
  EXPECT_EQ(IgnoreList("/r", stars + "b\n", "g").match("/r/" + std::string(250, 'a'), false), V::None);
  std::string many = "x";
  for (int i = 0; i < 40; i++) many += "/**/a";
  EXPECT_EQ(IgnoreList("/r", many + "/b\n", "g").match(deep + "/c", false), V::None);
}

TEST(IgnoreRules, OnlyPathsBelowTheBaseMatch) {
  EXPECT_EQ(IgnoreList("/r", "x.py\n", "g").match("/other/x.py", false), V::None);
  EXPECT_EQ(IgnoreList("/r", "x.py\n", "g").match("/rx.py", false), V::None);
}

TEST(IgnoreRules, TheDeeperFileTakesPrecedence) {
  auto top = std::make_shared<IgnoreChain>(IgnoreChain{nullptr, IgnoreList("/r", "*.py\n", "top")});
  IgnoreChain deeper{top, IgnoreList("/r/sub", "!keep.py\n", "sub")};
  const IgnorePattern* why = nullptr;
  EXPECT_EQ(deeper.match("/r/sub/keep.py", false, &why), V::Included);
  EXPECT_EQ(why->source, "sub:1");
  EXPECT_EQ(deeper.match("/r/sub/other.py", false, &why), V::Ignored);
  EXPECT_EQ(why->source, "top:1");
}

}  // namespace
}  // namespace pep765
