#include "analyze/text_facts.h"

#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pep765 {

namespace {

struct ByteScan {
  uint64_t newlines = 0;
  bool nul = false, cr = false, high = false;
  bool finally_bytes = false;  // only looked for when asked
};

bool finally_at(const unsigned char* p) { return std::memcmp(p, "finally", 7) == 0; }

// Every byte of the corpus passes through here once, so it is one pass, 16 bytes at a time:
// newlines are summed in byte counters folded every 255 rounds; NUL, '\r' and non-ASCII bytes
// are only noted as present; and, where asked, the bytes "finally" are looked for where an
// 'f' has a 'y' 6 bytes on (a second load of the same bytes, so no separate search).
ByteScan scan_bytes(const unsigned char* p, size_t n, bool find_finally) {
  ByteScan out;
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n'), carriage = _mm_set1_epi8('\r'), zero = _mm_setzero_si128(),
                eff = _mm_set1_epi8('f'), why = _mm_set1_epi8('y');
  __m128i counts = zero;
  int nul = 0, cr = 0, high = 0, rounds = 0;
  auto fold = [&] {
    __m128i sums = _mm_sad_epu8(counts, zero);
    out.newlines += uint64_t(_mm_cvtsi128_si64(sums)) + uint64_t(_mm_extract_epi16(sums, 4));
    counts = zero;
    rounds = 0;
  };
  for (; i + 22 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(v, newline));
    nul |= _mm_movemask_epi8(_mm_cmpeq_epi8(v, zero));
    cr |= _mm_movemask_epi8(_mm_cmpeq_epi8(v, carriage));
    high |= _mm_movemask_epi8(v);
    if (find_finally && !out.finally_bytes) {
      const __m128i later = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 6));
      for (unsigned cand = unsigned(_mm_movemask_epi8(
               _mm_and_si128(_mm_cmpeq_epi8(v, eff), _mm_cmpeq_epi8(later, why))));
           cand; cand &= cand - 1)
        if (finally_at(p + i + unsigned(__builtin_ctz(cand)))) {
          out.finally_bytes = true;
          break;
        }
    }
    if (++rounds == 255) fold();
  }
  fold();
  out.nul = nul;
  out.cr = cr;
  out.high = high;
#endif
  if (find_finally && !out.finally_bytes) {
    // Occurrences starting before i were looked at above.
    out.finally_bytes = n - i >= 7 && memmem(p + i, n - i, "finally", 7) != nullptr;
  }
  for (; i < n; i++) {
    out.newlines += p[i] == '\n';
    out.nul |= p[i] == 0;
    out.cr |= p[i] == '\r';
    out.high |= p[i] >= 0x80;
  }
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
#if defined(__SSE2__)
      // Mostly ASCII: on to the next byte that is not, 16 at a time.
      while (i + 16 <= n) {
        const int high = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
        if (high) {
          i += unsigned(__builtin_ctz(unsigned(high)));
          break;
        }
        i += 16;
      }
      if (i + 16 > n) {
        while (i < n && p[i] < 0x80) i++;
      }
#else
      i++;
#endif
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; k++) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

TextFacts text_facts(std::string_view bytes) {
  TextFacts f;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  const ByteScan scan = scan_bytes(p, n, true);
  f.newlines = scan.newlines;
  f.lines = f.newlines + (n > 0 && p[n - 1] != '\n' ? 1 : 0);
  f.has_nul = scan.nul;
  f.has_bom = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
  if (scan.cr) {
    for (size_t i = 0; i < n; i++) {
      if (p[i] != '\r') continue;
      if (i + 1 < n && p[i + 1] == '\n') f.has_crlf = true;
      else f.has_lone_cr = true;
    }
  }
  f.invalid_utf8 = scan.high && !is_valid_utf8(bytes);
  f.has_finally_bytes = scan.finally_bytes;
  return f;
}

std::string TextFacts::notes() const {
  std::string out;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!out.empty()) out += ',';
    out += name;
  };
  add(has_nul, "nul");
  add(invalid_utf8, "invalid_utf8");
  add(has_bom, "bom");
  add(has_crlf, "crlf");
  add(has_lone_cr, "cr");
  return out;
}

void StreamingLineCounter::feed(std::string_view piece) {
  if (piece.empty()) return;
  newlines_ += scan_bytes(reinterpret_cast<const unsigned char*>(piece.data()), piece.size(), false).newlines;
  last_ = piece.back();
  seen_ = true;
}

}  // namespace pep765
