// Where a Python file's logical lines begin and end, from one pass over its bytes.
//
// It tokenizes just enough for that: strings (single- and triple-quoted, with escapes),
// comments, brackets and backslash continuations; it does not read expressions. Two users:
// the region scan (which statements can hold a jump out of a `finally`, so only those are
// parsed) and the structure check run over every file (indentation as CPython's tokenizer
// checks it). Where it cannot follow the text (an unterminated string, unbalanced brackets) it
// says so and the caller falls back to a real parse; nesting past CPython's own limit is
// reported as such.
//
// The visitor gets:
//   line(start, code, row, spaces_only)
//                            a logical line begins: `start` is its physical line's first byte,
//                            `code` its first token, `row` the 0-based line number;
//                            `spaces_only`: its indentation has no tab or form feed
//   line_end(code_end)       it ends: one past its last byte of code (comments and trailing
//                            blanks excluded)
//   keyword(begin, end)      each `finally`, `return`, `break` or `continue` outside strings
//                            and comments; only called when the visitor sets
//                            `static constexpr bool kKeywords = true`
// A visitor that needs no row numbers sets `static constexpr bool kRows = false`.
//
// Every file of a census passes through here, so the scan never looks at most bytes one by
// one: each 64-byte block is classified once into a mask of the bytes it must stop at
// (newlines, quotes, `#`, backslashes, brackets, and where asked the first letters of the four
// keywords), and the scan moves from one set bit to the next. Strings and comments are
// crossed by searching for their end.
#pragma once
#include <algorithm>
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

// A byte of an identifier-like word (any non-ASCII byte counts: it is part of a UTF-8 name).
// A table, as every line's first word is read through it.
inline constexpr auto kWordBytes = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; c++)
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
  return t;
}();
inline bool is_word_byte(unsigned char c) { return kWordBytes[c]; }

// Past the word bytes from `k`: every line's first word is read this way, so 16 bytes are
// classified at once where the text allows (a byte loop's exit was a mispredicted branch a line).
inline size_t word_end(const char* s, size_t k, size_t n) {
#if defined(__SSE2__)
  // A byte in [lo, hi], by a signed compare after moving lo to -128.
  auto in_range = [](__m128i v, char lo, char hi) {
    const __m128i moved = _mm_add_epi8(v, _mm_set1_epi8(char(0x80 - (unsigned char)lo)));
    return _mm_cmplt_epi8(moved, _mm_set1_epi8(char(0x80 + ((unsigned char)hi - (unsigned char)lo) + 1)));
  };
  for (; k + 16 <= n; k += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + k));
    const __m128i letter = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
    const __m128i word = _mm_or_si128(_mm_or_si128(letter, in_range(v, '0', '9')),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    // Bytes from 0x80 on (UTF-8 names) count too: their sign bit.
    const unsigned words = unsigned(_mm_movemask_epi8(word)) | unsigned(_mm_movemask_epi8(v));
    if (words != 0xFFFF) return k + unsigned(__builtin_ctz(~words));
  }
#endif
  while (k < n && is_word_byte(static_cast<unsigned char>(s[k]))) k++;
  return k;
}

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

namespace logical_lines_detail {

// What one 64-byte block holds, a bit per byte: the bytes the scan stops at (newlines,
// quotes, `#`, backslashes and, with kKeywords, where a keyword may begin: 'f' with 'y' 6
// bytes on (finally), 'r' with 'n' 5 on (return), 'b' with 'k' 4 on (break), 'c' with 'e' 7
// on (continue); each candidate is checked whole), and the opening and closing brackets,
// which are counted, not stopped at. Reads 64 bytes, 71 with kKeywords.
struct BlockBits {
  uint64_t stops = 0, opens = 0, closes = 0;
};

template <bool kKeywords>
inline BlockBits block_bits(const char* p) {
  BlockBits out;
#if defined(__SSE2__)
  auto eq = [](__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
  for (int chunk = 0; chunk < 4; chunk++) {
    const char* q = p + 16 * chunk;
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    __m128i stop = _mm_or_si128(_mm_or_si128(eq(v, '\n'), eq(v, '#')), _mm_or_si128(eq(v, '\\'), eq(v, '\'')));
    stop = _mm_or_si128(stop, eq(v, '"'));
    if constexpr (kKeywords) {
      auto at = [&](int k, char c) { return eq(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q + k)), c); };
      __m128i w = _mm_and_si128(eq(v, 'f'), at(6, 'y'));
      w = _mm_or_si128(w, _mm_and_si128(eq(v, 'r'), at(5, 'n')));
      w = _mm_or_si128(w, _mm_and_si128(eq(v, 'b'), at(4, 'k')));
      w = _mm_or_si128(w, _mm_and_si128(eq(v, 'c'), at(7, 'e')));
      stop = _mm_or_si128(stop, w);
    }
    const __m128i open = _mm_or_si128(_mm_or_si128(eq(v, '('), eq(v, '[')), eq(v, '{'));
    const __m128i close = _mm_or_si128(_mm_or_si128(eq(v, ')'), eq(v, ']')), eq(v, '}'));
    const int shift = 16 * chunk;
    out.stops |= uint64_t(uint32_t(_mm_movemask_epi8(stop))) << shift;
    out.opens |= uint64_t(uint32_t(_mm_movemask_epi8(open))) << shift;
    out.closes |= uint64_t(uint32_t(_mm_movemask_epi8(close))) << shift;
  }
#else
  for (int k = 0; k < 64; k++) {
    const char c = p[k];
    bool stop = c == '\n' || c == '#' || c == '\\' || c == '\'' || c == '"';
    if constexpr (kKeywords)
      stop = stop || (c == 'f' && p[k + 6] == 'y') || (c == 'r' && p[k + 5] == 'n') ||
             (c == 'b' && p[k + 4] == 'k') || (c == 'c' && p[k + 7] == 'e');
    out.stops |= uint64_t(stop) << k;
    out.opens |= uint64_t(c == '(' || c == '[' || c == '{') << k;
    out.closes |= uint64_t(c == ')' || c == ']' || c == '}') << k;
  }
#endif
  return out;
}

// Walks a text's stop bytes in order, one 64-byte block at a time, and keeps the bracket depth
// of its code: brackets are counted from the masks (a tight loop, no dispatch per bracket) up
// to each point the scan asks for, and the bytes of strings and comments are passed over.
template <bool kKeywords>
class StopCursor {
 public:
  StopCursor(const char* s, size_t n) : s_(s), n_(n) {
    if (n_) load(0);
  }

  // The first stop at or after `i` (the text's size when there is none, or when the brackets
  // of a block passed over went wrong: see trouble()). `i` never goes back. In code, the
  // brackets of the blocks passed over are counted; in a string, they are not.
  template <bool kInCode = true>
  size_t next(size_t i) {
    for (;;) {
      if (i - base_ < 64) {
        if (const uint64_t later = bits_.stops >> (i - base_)) return i + size_t(__builtin_ctzll(later));
        i = base_ + 64;
      }
      if (i >= n_) return n_;
      if constexpr (kInCode) {
        if (counted_ < i && !count_brackets(std::min(i, base_ + 64))) return n_;
      }
      load(i);
    }
  }

  // Where the single-quoted string whose body starts at `j` ends (one past its closing quote),
  // from stop to stop: its quote, a backslash (which escapes the next byte, or a CRLF), or a
  // newline (which it may not hold). npos when unterminated.
  size_t single_quoted_end(size_t j, char quote) {
    for (;;) {
      j = next<false>(j);
      if (j >= n_) return std::string_view::npos;
      const char d = s_[j];
      if (d == quote) return j + 1;
      if (d == '\n') return std::string_view::npos;
      if (d == '\\') j += (j + 2 < n_ && s_[j + 1] == '\r' && s_[j + 2] == '\n') ? 3 : 2;
      else j++;
    }
  }

  // Counts the brackets of the code before `at` (in the current block); false when the depth
  // went below zero or past kMaxBracketNesting on the way (trouble() says which).
  bool count_brackets(size_t at) {
    if (at <= counted_) return true;
    const unsigned from = unsigned(counted_ - base_), to = unsigned(at - base_);
    uint64_t range = (to >= 64 ? ~uint64_t(0) : (uint64_t(1) << to) - 1) & ~((uint64_t(1) << from) - 1);
    uint64_t brackets = (bits_.opens | bits_.closes) & range;
    counted_ = at;
    while (brackets) {
      const unsigned k = unsigned(__builtin_ctzll(brackets));
      depth_ += 1 - 2 * int((bits_.closes >> k) & 1);
      if (depth_ < 0 || depth_ > kMaxBracketNesting) {
        trouble_ = depth_ < 0 ? LineScanEnd::LostTrack : LineScanEnd::TooDeeplyNested;
        return false;
      }
      brackets &= brackets - 1;
    }
    return true;
  }

  // The bytes before `at` are not code (a string or a comment was crossed).
  void pass_over(size_t at) { counted_ = at; }

  int depth() const { return depth_; }
  LineScanEnd trouble() const { return trouble_; }

 private:
  static constexpr size_t kReach = 64 + (kKeywords ? 7 : 0);  // bytes block_bits reads
  void load(size_t at) {
    base_ = at;
    if (counted_ < at) counted_ = at;
    if (n_ - at >= kReach) {
      bits_ = block_bits<kKeywords>(s_ + at);
      return;
    }
    // The text's last block, read from a copy padded with NULs (no stop, no keyword letter).
    char padded[80] = {};
    std::memcpy(padded, s_ + at, n_ - at);
    bits_ = block_bits<kKeywords>(padded);
  }
  const char* s_;
  size_t n_;
  size_t base_ = 0;     // the current block's first byte
  size_t counted_ = 0;  // brackets are counted up to here
  BlockBits bits_;
  int depth_ = 0;
  LineScanEnd trouble_ = LineScanEnd::Complete;
};

// Past the spaces from `i` (indentation is mostly spaces, 16 at a time).
inline size_t skip_spaces(const char* s, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const unsigned other = ~unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(v, space))) & 0xFFFF;
    if (other) return i + unsigned(__builtin_ctz(other));
  }
#endif
  while (i < n && s[i] == ' ') i++;
  return i;
}

// Where the keyword starting at `i` ends, or 0 when no `finally`, `return`, `break` or
// `continue` starts there as a whole word.
inline size_t jump_keyword_end(const char* s, size_t i, size_t n) {
  if (i > 0 && is_word_byte(static_cast<unsigned char>(s[i - 1]))) return 0;
  std::string_view word;
  switch (s[i]) {
    case 'f': word = "finally"; break;
    case 'r': word = "return"; break;
    case 'b': word = "break"; break;
    case 'c': word = "continue"; break;
    default: return 0;
  }
  const size_t end = i + word.size();
  if (end > n || std::memcmp(s + i, word.data(), word.size()) != 0) return 0;
  if (end < n && is_word_byte(static_cast<unsigned char>(s[end]))) return 0;
  return end;
}

// Where the triple-quoted string (often a long docstring) whose body starts at `j` ends, one
// past its closing quotes; npos when it does not. It is crossed by searching for its quote;
// an odd run of backslashes before a quote escapes it.
inline size_t triple_quoted_end(const char* s, size_t j, size_t n, char quote) {
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

template <typename V, typename = void>
struct wants_keywords : std::false_type {};
template <typename V>
struct wants_keywords<V, std::void_t<decltype(V::kKeywords)>> : std::bool_constant<V::kKeywords> {};

inline uint32_t count_newlines(const char* s, size_t from, size_t to) {
  uint32_t rows = 0;
  while (const void* nl = std::memchr(s + from, '\n', to - from)) {
    rows++;
    from = size_t(static_cast<const char*>(nl) - s) + 1;
  }
  return rows;
}

}  // namespace logical_lines_detail

template <typename Visitor>
LineScanEnd scan_logical_lines(std::string_view text, Visitor& visitor) {
  namespace detail = logical_lines_detail;
  constexpr bool kKeywords = detail::wants_keywords<Visitor>::value;
  constexpr bool kRows = detail::wants_rows<Visitor>::value;
  const size_t n = text.size();
  const char* const s = text.data();
  detail::StopCursor<kKeywords> stops(s, n);
  uint32_t row = 0;
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
  // A physical line begins at `at` outside brackets: it begins a logical line unless blank or
  // only a comment. Returns where its first token (or line end) is.
  auto start_line = [&](size_t at) {
    comment_at = std::string_view::npos;
    size_t j = detail::skip_spaces(s, at, n);
    const bool spaces_only = j >= n || !is_blank(s[j]);
    while (j < n && is_blank(s[j])) j++;
    if (j < n && s[j] != '\n' && s[j] != '\r' && s[j] != '#') {
      in_line = true;
      visitor.line(uint32_t(at), uint32_t(j), row, spaces_only);
    }
    return j;
  };

  size_t i = start_line(0);
  while ((i = stops.next(i)) < n) {
    const char c = s[i];
    switch (c) {
      case '#': {
        if (!stops.count_brackets(i)) return stops.trouble();
        comment_at = i;
        const void* nl = std::memchr(s + i, '\n', n - i);
        i = nl ? size_t(static_cast<const char*>(nl) - s) : n;
        stops.pass_over(i);
        break;
      }
      case '\n':
        if (!stops.count_brackets(i)) return stops.trouble();
        row++;
        if (stops.depth() == 0) {
          end_line(i);
          i = start_line(i + 1);
        } else {
          comment_at = std::string_view::npos;
          i++;
        }
        break;
      case '\\':
        // A backslash-newline joins the next physical line to this logical line.
        if (i + 1 < n && s[i + 1] == '\n') { row++; i += 2; }
        else if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') { row++; i += 3; }
        else i++;
        break;
      case '\'':
      case '"': {
        if (!stops.count_brackets(i)) return stops.trouble();
        const bool triple = i + 2 < n && s[i + 1] == c && s[i + 2] == c;
        const size_t end = triple ? detail::triple_quoted_end(s, i + 3, n, c) : stops.single_quoted_end(i + 1, c);
        if (end == std::string_view::npos) return LineScanEnd::LostTrack;  // unterminated string
        if constexpr (kRows) row += detail::count_newlines(s, i, end);
        i = end;
        stops.pass_over(i);
        break;
      }
      default:
        // Only a keyword candidate stops here.
        if constexpr (kKeywords) {
          if (const size_t end = detail::jump_keyword_end(s, i, n)) {
            visitor.keyword(i, end);
            i = end;
            break;
          }
        }
        i++;
    }
  }
  if (stops.trouble() != LineScanEnd::Complete) return stops.trouble();
  if (!stops.count_brackets(n)) return stops.trouble();
  if (stops.depth() != 0) return LineScanEnd::LostTrack;
  end_line(n);
  return LineScanEnd::Complete;
}

}  // namespace pep765
