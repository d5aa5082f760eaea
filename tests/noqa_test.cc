// analyze/noqa.h: the comment forms ruff, flake8 and pylint read.
#include "analyze/noqa.h"

#include <gtest/gtest.h>

namespace pep765 {
namespace {

TEST(Noqa, CodesAliasesAndBlanket) {
  std::string how;
  EXPECT_TRUE(comment_suppresses("# noqa", "PEP765", &how));
  EXPECT_EQ(how, "noqa");
  EXPECT_TRUE(comment_suppresses("# NoQA: pep765", "PEP765", &how));
  EXPECT_EQ(how, "noqa: pep765");
  EXPECT_TRUE(comment_suppresses("# noqa:E501,B012", "PEP765X", &how));
  EXPECT_EQ(how, "noqa: B012");
  EXPECT_TRUE(comment_suppresses("# type: ignore # noqa: PEP765X", "PEP765X"));
  EXPECT_FALSE(comment_suppresses("# noqa: PEP765X", "PEP765"));  // codes are compared whole
  EXPECT_FALSE(comment_suppresses("# noqa: E501", "PEP765"));
  EXPECT_FALSE(comment_suppresses("# noqa123", "PEP765"));
  EXPECT_FALSE(comment_suppresses("# see noqa docs", "PEP765"));
}

TEST(Noqa, Pylint) {
  std::string how;
  EXPECT_TRUE(comment_suppresses("# pylint: disable=lost-exception", "PEP765", &how));
  EXPECT_EQ(how, "pylint: lost-exception");
  EXPECT_TRUE(comment_suppresses("# pylint: disable = unused-import, W0150", "PEP765"));
  EXPECT_FALSE(comment_suppresses("# pylint: disable=unused-import", "PEP765"));
  EXPECT_FALSE(comment_suppresses("# pylint: disable-next=lost-exception", "PEP765"));
  EXPECT_FALSE(comment_suppresses("# pylint: enable=lost-exception", "PEP765"));
}

TEST(Noqa, TheCommentTokenNotAHashInAString) {
  PythonParser parser;
  const std::string text = "try:\n    pass\nfinally:\n    return '#x'  # noqa: B012\n";
  EXPECT_EQ(trailing_comment(text, 4, 5, parser), "# noqa: B012");
  EXPECT_EQ(trailing_comment("finally:\n    return '# noqa'\n", 2, 5, parser), "");
  EXPECT_EQ(trailing_comment("\xEF\xBB\xBFx\r\n  break # c\n", 2, 3, parser), "# c");
  EXPECT_EQ(trailing_comment("x\n", 9, 1, parser), "");
}

}  // namespace
}  // namespace pep765
