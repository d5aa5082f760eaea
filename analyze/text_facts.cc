#include "analyze/text_facts.h"

#include <cstring>

namespace pep765 {

namespace {

uint64_t count_newlines(const unsigned char* p, size_t n) {
  // Kept branch-free so the compiler vectorises it: this loop sees every byte of the corpus.
  uint64_t count = 0;
  for (size_t i = 0; i < n; i++) count += p[i] == '\n';
  return count;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) { i++; continue; }
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
  f.newlines = count_newlines(p, n);
  f.lines = f.newlines + (n > 0 && p[n - 1] != '\n' ? 1 : 0);
  f.has_nul = std::memchr(p, 0, n) != nullptr;
  f.has_bom = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
  if (const void* cr = std::memchr(p, '\r', n)) {
    for (size_t i = static_cast<const unsigned char*>(cr) - p; i < n; i++) {
      if (p[i] != '\r') continue;
      if (i + 1 < n && p[i + 1] == '\n') f.has_crlf = true;
      else f.has_lone_cr = true;
    }
  }
  unsigned char high = 0;
  for (size_t i = 0; i < n; i++) high |= p[i];
  f.invalid_utf8 = (high & 0x80) && !is_valid_utf8(bytes);
  f.has_finally_bytes = n >= 7 && memmem(p, n, "finally", 7) != nullptr;
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
  newlines_ += count_newlines(reinterpret_cast<const unsigned char*>(piece.data()), piece.size());
  last_ = piece.back();
  seen_ = true;
}

}  // namespace pep765
