// Where a Python file's logical lines begin and end, from one pass over its bytes.
//
// It tokenizes just enough for that: strings (single- and triple-quoted, with escapes),
// comments, brackets and backslash continuations; it does not read expressions. Two users:
// the region scan (which statements hold a `finally`, so only those are parsed) and the
// structure check run over every file (indentation as CPython's tokenizer checks it). Where
// it cannot follow the text (an unterminated string, unbalanced brackets) it says so and the
// caller falls back to a real parse; nesting past CPython's own limit is reported as such.
//
// The visitor gets:
//   line(start, code, row)   a logical line begins: `start` is its physical line's first byte,
//                            `code` its first token, `row` the 0-based line number
//   line_end(code_end)       it ends: one past its last byte of code (comments and trailing
//                            blanks excluded)
//   word(begin, end)         each identifier-like word outside strings and comments; only
//                            called when the visitor sets `static constexpr bool kWords = true`
// A visitor that needs no row numbers sets `static constexpr bool kRows = false`: strings are
// then crossed by searching for their quote, not byte by byte.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pep765 {

// CPython's tokenizer refuses a file with brackets nested deeper than this ("too many nested
// parentheses", MAXLEVEL in its lexer), so such a file can hold no warning and is never handed
// to a parser (a parser's stack is the first thing such a file attacks).
constexpr int kMaxBracketNesting = 200;

enum class LineScanEnd : uint8_t { Complete, LostTrack, TooDeeplyNested };

inline bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

namespace logical_lines_detail {

// The bytes the scan must stop at when it does not look at words; all others are skipped
// (most of a file is words, blanks and operators that change nothing here), 16 at a time.
constexpr std::string_view kStops = "\n#\\'\"()[]{}";
constexpr std::array<bool, 256> stops = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : kStops) t[c] = true;
  return t;
}();

inline size_t skip_to_stop(const char* s, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n'), hash = _mm_set1_epi8('#'), bs = _mm_set1_epi8('\\'),
                sq = _mm_set1_epi8('\''), dq = _mm_set1_epi8('"'), lp = _mm_set1_epi8('('), rp = _mm_set1_epi8(')'),
                lb = _mm_set1_epi8('['), rb = _mm_set1_epi8(']'), lc = _mm_set1_epi8('{'), rc = _mm_set1_epi8('}');
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, hash));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, bs), _mm_cmpeq_epi8(v, sq)));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, lp)));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, rp), _mm_cmpeq_epi8(v, lb)));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, rb), _mm_cmpeq_epi8(v, lc)));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, rc));
    if (const int bits = _mm_movemask_epi8(m)) return i + size_t(__builtin_ctz(unsigned(bits)));
  }
#endif
  while (i < n && !stops[static_cast<unsigned char>(s[i])]) i++;
  return i;
}

// Where the string opened by `quote` (tripled or not) ends; npos when it does not
// (unterminated, or a single-quoted one meeting a line end). A triple-quoted string (a
// docstring: long) is crossed by searching for its quote; an odd run of backslashes before a
// quote escapes it.
inline size_t string_end(const char* s, size_t j, size_t n, char quote, bool triple) {
  if (!triple) {
    for (; j < n; j++) {
      const char d = s[j];
      if (d == '\\') {
        if (j + 2 < n && s[j + 1] == '\r' && s[j + 2] == '\n') j++;
        j++;
      } else if (d == '\n') {
        return std::string_view::npos;
      } else if (d == quote) {
        return j + 1;
      }
    }
    return std::string_view::npos;
  }
  for (;;) {
    const void* hit = std::memchr(s + j, quote, n - j);
    if (!hit) return std::string_view::npos;
    const size_t q = size_t(static_cast<const char*>(hit) - s);
    size_t back = 0;
    while (q - back > j && s[q - 1 - back] == '\\') back++;
    if (back % 2 == 0 && q + 2 < n && s[q + 1] == quote && s[q + 2] == quote) return q + 3;
    j = q + 1;
  }
}

template <typename V, typename = void>
struct wants_rows : std::true_type {};
template <typename V>
struct wants_rows<V, std::void_t<decltype(V::kRows)>> : std::bool_constant<V::kRows> {};

}  // namespace logical_lines_detail

template <typename Visitor>
LineScanEnd scan_logical_lines(std::string_view text, Visitor& visitor) {
  const size_t n = text.size();
  const char* const s = text.data();
  size_t i = 0;
  uint32_t row = 0;
  int depth = 0;
  bool in_line = false;             // a logical line has begun and not yet ended
  size_t comment_at = std::string_view::npos;  // where this physical line's comment starts

  // One past the last byte of code before `at` (a newline, a comment or the end of text).
  auto code_end_before = [&](size_t at) {
    while (at > 0 && (is_blank(s[at - 1]) || s[at - 1] == '\r')) at--;
    return at;
  };
  auto end_line = [&](size_t at) {
    if (!in_line) return;
    in_line = false;
    visitor.line_end(code_end_before(comment_at != std::string_view::npos ? comment_at : at));
  };

  bool line_start = true;
  while (i < n) {
    if (line_start) {
      line_start = false;
      comment_at = std::string_view::npos;
      size_t j = i;
      while (j < n && is_blank(s[j])) j++;
      if (j < n && s[j] != '\n' && s[j] != '\r' && s[j] != '#') {
        in_line = true;
        visitor.line(uint32_t(i), uint32_t(j), row);
      }
      i = j;
      continue;
    }
    const char c = s[i];
    switch (c) {
      case '#': {
        comment_at = i;
        const void* nl = std::memchr(s + i, '\n', n - i);
        i = nl ? size_t(static_cast<const char*>(nl) - s) : n;
        break;
      }
      case '\n':
        if (depth == 0) {
          end_line(i);
          line_start = true;
        }
        comment_at = std::string_view::npos;
        row++;
        i++;
        break;
      case '\\':
        // A backslash-newline joins the next physical line to this logical line.
        if (i + 1 < n && s[i + 1] == '\n') { row++; i += 2; }
        else if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') { row++; i += 3; }
        else i++;
        break;
      case '\'':
      case '"': {
        const bool triple = i + 2 < n && s[i + 1] == c && s[i + 2] == c;
        if constexpr (!logical_lines_detail::wants_rows<Visitor>::value) {
          const size_t end = logical_lines_detail::string_end(s, i + (triple ? 3 : 1), n, c, triple);
          if (end == std::string_view::npos) return LineScanEnd::LostTrack;
          i = end;
          break;
        }
        size_t j = i + (triple ? 3 : 1);
        for (;;) {
          if (j >= n) return LineScanEnd::LostTrack;  // unterminated string
          const char d = s[j];
          if (d == '\\') {
            if (j + 1 < n && s[j + 1] == '\n') row++;
            else if (j + 2 < n && s[j + 1] == '\r' && s[j + 2] == '\n') { row++; j++; }
            j += 2;
          } else if (d == '\n') {
            if (!triple) return LineScanEnd::LostTrack;  // a single-quoted string cannot span lines
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
        break;
      }
      case '(': case '[': case '{':
        if (++depth > kMaxBracketNesting) return LineScanEnd::TooDeeplyNested;
        i++;
        break;
      case ')': case ']': case '}':
        if (--depth < 0) return LineScanEnd::LostTrack;
        i++;
        break;
      default:
        if constexpr (Visitor::kWords) {
          if (is_word_byte(c)) {
            size_t j = i;
            while (j < n && is_word_byte(s[j])) j++;
            visitor.word(i, j);
            i = j;
            break;
          }
          i++;
        } else {
          i = logical_lines_detail::skip_to_stop(s, i + 1, n);
        }
    }
  }
  if (depth != 0) return LineScanEnd::LostTrack;
  end_line(n);
  return LineScanEnd::Complete;
}

}  // namespace pep765
