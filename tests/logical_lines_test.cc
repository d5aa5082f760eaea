// The logical-line scan against a byte-by-byte reading of the same rules: the scan works on
// 64-byte masks, counts brackets lazily and crosses strings from stop to stop, so every event
// must match what a plain reading finds, wherever the tokens fall against the blocks.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "analyze/logical_lines.h"

using namespace pep765;

namespace {

struct Events {
  LineScanEnd end = LineScanEnd::Complete;
  std::vector<std::string> seen;
};

struct Recorder {
  static constexpr bool kKeywords = true;
  std::string_view text;
  Events& out;
  void line(uint32_t start, uint32_t code, uint32_t row, bool spaces_only) {
    out.seen.push_back("line " + std::to_string(start) + " " + std::to_string(code) + " " + std::to_string(row) +
                       (spaces_only ? " spaces" : " blanks"));
  }
  void line_end(size_t code_end) { out.seen.push_back("end " + std::to_string(code_end)); }
  void keyword(size_t begin, size_t end) {
    out.seen.push_back("keyword " + std::string(text.substr(begin, end - begin)) + " " + std::to_string(begin));
  }
};

Events scan(std::string_view text) {
  Events e;
  Recorder r{text, e};
  e.end = scan_logical_lines(text, r);
  return e;
}

// The rules read one byte at a time, as the scan did before it used masks.
Events reference(std::string_view text) {
  Events e;
  const size_t n = text.size();
  const char* s = text.data();
  size_t i = 0, comment_at = std::string_view::npos;
  uint32_t row = 0;
  int depth = 0;
  bool in_line = false, line_start = true;
  auto end_line = [&](size_t at) {
    if (!in_line) return;
    in_line = false;
    at = comment_at != std::string_view::npos ? comment_at : at;
    while (at > 0 && (is_blank(s[at - 1]) || s[at - 1] == '\r')) at--;
    e.seen.push_back("end " + std::to_string(at));
  };
  auto fail = [&](LineScanEnd why) {
    e.end = why;
    return e;
  };
  while (i < n) {
    if (line_start) {
      line_start = false;
      comment_at = std::string_view::npos;
      size_t j = i;
      bool spaces = true;
      for (; j < n && is_blank(s[j]); j++)
        if (s[j] != ' ') spaces = false;
      if (j < n && s[j] != '\n' && s[j] != '\r' && s[j] != '#') {
        in_line = true;
        e.seen.push_back("line " + std::to_string(i) + " " + std::to_string(j) + " " + std::to_string(row) +
                         (spaces ? " spaces" : " blanks"));
      }
      i = j;
      continue;
    }
    const char c = s[i];
    if (c == '#') {
      comment_at = i;
      while (i < n && s[i] != '\n') i++;
    } else if (c == '\n') {
      if (depth == 0) {
        end_line(i);
        line_start = true;
      }
      comment_at = std::string_view::npos;
      row++;
      i++;
    } else if (c == '\\') {
      if (i + 1 < n && s[i + 1] == '\n') { row++; i += 2; }
      else if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') { row++; i += 3; }
      else i++;
    } else if (c == '\'' || c == '"') {
      const bool triple = i + 2 < n && s[i + 1] == c && s[i + 2] == c;
      size_t j = i + (triple ? 3 : 1);
      for (;;) {
        if (j >= n) return fail(LineScanEnd::LostTrack);
        const char d = s[j];
        if (d == '\\') {
          if (j + 1 < n && s[j + 1] == '\n') {
            row++;
          } else if (j + 2 < n && s[j + 1] == '\r' && s[j + 2] == '\n') {
            row++;
            j++;
          }
          j += 2;
        } else if (d == '\n') {
          if (!triple) return fail(LineScanEnd::LostTrack);
          row++;
          j++;
        } else if (d == c && (!triple || (j + 2 < n && s[j + 1] == c && s[j + 2] == c))) {
          j += triple ? 3 : 1;
          break;
        } else {
          j++;
        }
      }
      i = j;
    } else if (c == '(' || c == '[' || c == '{') {
      if (++depth > kMaxBracketNesting) return fail(LineScanEnd::TooDeeplyNested);
      i++;
    } else if (c == ')' || c == ']' || c == '}') {
      if (--depth < 0) return fail(LineScanEnd::LostTrack);
      i++;
    } else if (is_word_byte(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < n && is_word_byte(static_cast<unsigned char>(s[j]))) j++;
      const std::string_view w = text.substr(i, j - i);
      if (w == "finally" || w == "return" || w == "break" || w == "continue")
        e.seen.push_back("keyword " + std::string(w) + " " + std::to_string(i));
      i = j;
    } else {
      i++;
    }
  }
  if (depth != 0) return fail(LineScanEnd::LostTrack);
  end_line(n);
  return e;
}

// Whether the text scanned to its end (so every event was compared).
bool expect_same(const std::string& text) {
  const Events got = scan(text), want = reference(text);
  EXPECT_EQ(int(got.end), int(want.end)) << testing::PrintToString(text);
  if (want.end != LineScanEnd::Complete) return false;
  EXPECT_EQ(got.seen, want.seen) << testing::PrintToString(text);
  return true;
}

TEST(LogicalLines, MatchesAPlainReadingOnRandomTokenSoup) {
  const std::vector<std::string> tokens = {
      "(", ")", "[", "]", "{", "}", "'", "\"", "'''", "\"\"\"", "\\\n", "\\\r\n", "\\", "\\'", "\\\"", "#", "\n",
      "\r\n", "\r", " ", "\t", "\f", "    ", "        ", "finally", "return", "break", "continue", "xfinally",
      "return_", "breaks", "fy", "f", "y", "r", "n", "b", "k", "c", "e", "abc", ":", ",", ".", "\xC3\xA9",
      "x = 1", "def f():", "try:", std::string(1, '\0')};
  // Quotes and brackets come in pairs half the time, so that many texts scan to their end
  // and every event is compared, not only the outcome.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"(", ")"}, {"[", "]"}, {"{", "}"}, {"'", "'"}, {"\"", "\""}, {"'''", "'''"}, {"\"\"\"", "\"\"\""}};
  std::mt19937 rng(765);
  int complete = 0;
  for (int round = 0; round < 20000; round++) {
    const size_t count = 1 + rng() % 120;
    std::string text;
    std::vector<std::string> closers;
    for (size_t k = 0; k < count; k++) {
      const unsigned pick = rng() % 4;
      if (pick == 0 && !closers.empty()) {
        text += closers.back();
        closers.pop_back();
      } else if (pick == 1) {
        const auto& [open, close] = pairs[rng() % pairs.size()];
        text += open;
        closers.push_back(close);
      } else {
        text += tokens[rng() % tokens.size()];
      }
    }
    while (!closers.empty() && rng() % 8) {
      text += closers.back();
      closers.pop_back();
    }
    complete += expect_same(text);
    if (HasFailure()) break;
  }
  EXPECT_GT(complete, 1000);  // the soup must not fail early everywhere (1,809 with this seed)
}

TEST(LogicalLines, BalancedCodeAcrossBlocks) {
  // Well-formed lines (most random soup fails early), with strings and brackets straddling
  // every 64-byte boundary as the offset grows.
  const std::string body =
      "def f(a, b=[1, (2, 3)]):\n    s = 'it''s (' + \"x]\" # ) comment (\n    try:\n"
      "        return {'k': (a,\n                     b)}\n    finally:\n\tbreak\n"
      "    t = '''doc ( [ \n''' ; continue\n    u = \\\n        1\nx = f'{a}' if y else r\"\\\"\"\n";
  for (size_t pad = 0; pad < 130; pad++) {
    expect_same(std::string(pad, '#') + "\n" + body);
    expect_same(std::string(pad, ' ') + "x = 1\n" + body);
    expect_same("x = (" + std::string(pad, ' ') + ")\n" + body + "finally");
  }
}

TEST(LogicalLines, BracketTroubleIsFoundWhereverItFalls) {
  for (size_t pad = 0; pad < 130; pad++) {
    const std::string lead(pad, 'a');
    EXPECT_EQ(scan(lead + ")(\n").end, LineScanEnd::LostTrack) << pad;       // below zero and back up
    EXPECT_EQ(scan(lead + "(\n").end, LineScanEnd::LostTrack) << pad;        // never closed
    EXPECT_EQ(scan(lead + std::string(201, '(') + std::string(201, ')') + "\n").end, LineScanEnd::TooDeeplyNested)
        << pad;
    EXPECT_EQ(scan(lead + std::string(200, '(') + std::string(200, ')') + "\n").end, LineScanEnd::Complete) << pad;
    EXPECT_EQ(scan(lead + "')' (\n").end, LineScanEnd::LostTrack) << pad;   // the quoted one does not count
    EXPECT_EQ(scan(lead + "(')') # )\n").end, LineScanEnd::Complete) << pad;
  }
}

}  // namespace

// word_end classifies 16 bytes at a time: it must stop exactly where a byte-by-byte reading
// of kWordBytes stops, for every byte value at every place of a block and at the text's end.
TEST(LogicalLines, WordEndAgreesWithTheByteTable) {
  auto plain = [](const std::string& s, size_t k) {
    while (k < s.size() && pep765::is_word_byte(static_cast<unsigned char>(s[k]))) k++;
    return k;
  };
  for (int c = 0; c < 256; c++)
    for (size_t at = 0; at < 40; at++) {
      std::string s(40, 'a');
      s[at] = char(c);
      for (size_t from : {size_t(0), size_t(1), size_t(17)})
        ASSERT_EQ(pep765::word_end(s.data(), from, s.size()), plain(s, from)) << "byte " << c << " at " << at;
    }
  std::mt19937 rng(765);
  const std::string alphabet = "abzAZ09_ .(:\n\x80\xff@[`{/";
  for (int round = 0; round < 20000; round++) {
    std::string s(rng() % 70, ' ');
    for (char& ch : s) ch = rng() % 4 ? alphabet[rng() % 6] : alphabet[rng() % alphabet.size()];
    const size_t from = s.empty() ? 0 : rng() % s.size();
    ASSERT_EQ(pep765::word_end(s.data(), from, s.size()), plain(s, from)) << s;
  }
}
