// Line counting and notes: the census's denominator, so every edge is pinned down.
#include <gtest/gtest.h>

#include "analyze/text_facts.h"

using namespace pep765;
using namespace std::literals;

TEST(TextFacts, PhysicalLinesAndStudyNewlines) {
  EXPECT_EQ(text_facts("").lines, 0u);
  EXPECT_EQ(text_facts("").newlines, 0u);
  EXPECT_EQ(text_facts("a").lines, 1u);
  EXPECT_EQ(text_facts("a\n").lines, 1u);
  EXPECT_EQ(text_facts("a\nb").lines, 2u);
  EXPECT_EQ(text_facts("\n\n\n").lines, 3u);
  EXPECT_EQ(text_facts("a\r\nb\r\n").lines, 2u);
  EXPECT_EQ(text_facts("a\nb").newlines, 1u);
}

TEST(TextFacts, Notes) {
  EXPECT_EQ(text_facts("a\0b"sv).notes(), "nul");
  EXPECT_EQ(text_facts("\xEF\xBB\xBFx = 1\r\n").notes(), "bom,crlf");
  EXPECT_EQ(text_facts("x = '\xE9'\n").notes(), "invalid_utf8");
  EXPECT_EQ(text_facts("x = 'é'\ry").notes(), "cr");
  EXPECT_EQ(text_facts("x = 1\n").notes(), "");
}

TEST(TextFacts, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("é ü 日本 🐍"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE6\x97"));          // truncated
}

TEST(TextFacts, FinallyPrefilter) {
  EXPECT_TRUE(text_facts("try:\n pass\nfinally:\n pass\n").has_finally_bytes);
  EXPECT_FALSE(text_facts("try:\n pass\nexcept:\n pass\n").has_finally_bytes);
}

TEST(StreamingLineCounter, MatchesWholeCount) {
  std::string text = "line one\nline two\n\nlast without newline";
  for (size_t cut = 0; cut <= text.size(); cut++) {
    StreamingLineCounter c;
    c.feed(std::string_view(text).substr(0, cut));
    c.feed(std::string_view(text).substr(cut));
    EXPECT_EQ(c.lines(), text_facts(text).lines);
    EXPECT_EQ(c.newlines(), text_facts(text).newlines);
  }
}
