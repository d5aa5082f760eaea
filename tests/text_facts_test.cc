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
  // Wherever it falls against the 16-byte blocks and the tail, in texts of every length.
  for (size_t len = 7; len < 70; len++)
    for (size_t at = 0; at + 7 <= len; at++) {
      std::string text(len, 'x');
      text.replace(at, 7, "finally");
      EXPECT_TRUE(text_facts(text).has_finally_bytes) << len << " " << at;
      text[at + 3] = 'X';  // an 'f' with a 'y' 6 bytes on that is not the word
      EXPECT_FALSE(text_facts(text).has_finally_bytes) << len << " " << at;
    }
}

TEST(TextFacts, Utf8AcrossBlocks) {
  // A multi-byte character at every offset of a long ASCII text, whole and cut short.
  for (size_t at = 0; at < 40; at++) {
    std::string text(48, 'a');
    text.replace(at, 3, "\xE6\x97\xA5");
    EXPECT_TRUE(is_valid_utf8(text)) << at;
    text[at + 2] = 'a';
    EXPECT_FALSE(is_valid_utf8(text)) << at;
  }
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

TEST(TextFacts, WideScanAgreesWithBytewiseCount) {
  // Lengths around the 16-byte blocks and the 255-round fold of the vector count.
  for (size_t len : {0u, 1u, 15u, 16u, 17u, 4079u, 4080u, 4081u, 10000u}) {
    std::string s;
    for (size_t i = 0; i < len; i++) s += (i % 7 == 0) ? '\n' : (i % 5 == 0 ? '\r' : 'x');
    size_t expected = 0;
    bool cr = false;
    for (char c : s) { expected += c == '\n'; cr |= c == '\r'; }
    TextFacts f = text_facts(s);
    EXPECT_EQ(f.newlines, expected) << len;
    EXPECT_EQ(f.has_crlf || f.has_lone_cr, cr) << len;
    EXPECT_FALSE(f.has_nul);
    std::string with_nul = s + std::string(1, '\0') + "tail";
    EXPECT_TRUE(text_facts(with_nul).has_nul) << len;
  }
  std::string all_newlines(100000, '\n');
  EXPECT_EQ(text_facts(all_newlines).newlines, 100000u);
}
