#include "common/pep440.h"

#include <fmt/format.h>

#include <cctype>
#include <tuple>

namespace pep765 {

namespace {

// A hand-written reader of the specification's grammar (no regex: a version string comes
// from an index, and backtracking must not be its to trigger). Each step consumes from `s`.
struct Reader {
  std::string_view s;
  size_t i = 0;

  bool done() const { return i >= s.size(); }
  char peek(size_t ahead = 0) const {
    return i + ahead < s.size() ? char(std::tolower(static_cast<unsigned char>(s[i + ahead]))) : '\0';
  }
  static bool digit(char c) { return c >= '0' && c <= '9'; }
  static bool separator(char c) { return c == '.' || c == '-' || c == '_'; }
  bool number(int64_t& out) {
    if (!digit(peek())) return false;
    int64_t n = 0;
    constexpr int64_t kMax = 999'999'999'999'999'999;
    while (digit(peek())) {
      n = n > (kMax - (peek() - '0')) / 10 ? kMax : n * 10 + (peek() - '0');
      i++;
    }
    out = n;
    return true;
  }
  // The word `w` (lower case) at the cursor, not followed by another letter.
  bool word(std::string_view w) {
    for (size_t k = 0; k < w.size(); k++)
      if (peek(k) != w[k]) return false;
    if (std::isalpha(static_cast<unsigned char>(peek(w.size())))) return false;
    i += w.size();
    return true;
  }
};

// After an optional separator, one of `words`; the index of the word matched, or -1 (the
// cursor unmoved).
int spelled(Reader& r, std::initializer_list<std::string_view> words) {
  const size_t start = r.i;
  if (Reader::separator(r.peek())) r.i++;
  int k = 0;
  for (std::string_view w : words) {
    if (r.word(w)) return k;
    k++;
  }
  r.i = start;
  return -1;
}

// The number after a phase word: an optional separator, then digits; 0 when absent (1.0a = 1.0a0).
int64_t phase_number(Reader& r) {
  const size_t start = r.i;
  if (Reader::separator(r.peek())) r.i++;
  int64_t n = 0;
  if (!r.number(n)) r.i = start;
  return n;
}

// Local segments compare one by one: numbers as numbers, and above any word; words as text;
// a longer label that starts with a shorter one is greater.
std::strong_ordering compare_local(const std::string& a, const std::string& b) {
  auto segments = [](const std::string& s) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    size_t start = 0;
    for (size_t dot; (dot = s.find('.', start)) != std::string::npos; start = dot + 1) out.push_back(s.substr(start, dot - start));
    out.push_back(s.substr(start));
    return out;
  };
  auto numeric = [](const std::string& s) { return s.find_first_not_of("0123456789") == std::string::npos; };
  const auto x = segments(a), y = segments(b);
  for (size_t k = 0; k < x.size() && k < y.size(); k++) {
    const bool nx = numeric(x[k]), ny = numeric(y[k]);
    if (nx != ny) return nx ? std::strong_ordering::greater : std::strong_ordering::less;
    if (nx) {
      // Numbers of any length: compare without leading zeros, by length, then by digits.
      auto strip = [](const std::string& s) { return s.substr(std::min(s.find_first_not_of('0'), s.size())); };
      const std::string sx = strip(x[k]), sy = strip(y[k]);
      if (auto c = sx.size() <=> sy.size(); c != 0) return c;
      if (auto c = sx.compare(sy) <=> 0; c != 0) return c;
    } else if (auto c = x[k].compare(y[k]) <=> 0; c != 0) {
      return c;
    }
  }
  return x.size() <=> y.size();
}

}  // namespace

std::optional<Version> Version::parse(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  Reader r{text};
  Version v;
  if (r.peek() == 'v') r.i++;
  int64_t n = 0;
  if (!r.number(n)) return std::nullopt;
  if (r.peek() == '!') {
    v.epoch = n;
    r.i++;
    if (!r.number(n)) return std::nullopt;
  }
  v.release.push_back(n);
  while (r.peek() == '.' && Reader::digit(r.peek(1))) {
    r.i++;
    r.number(n);
    v.release.push_back(n);
  }
  // Pre-release: a|alpha, b|beta, rc|c|pre|preview (longest spellings first).
  if (int phase = spelled(r, {"alpha", "a", "beta", "b", "preview", "pre", "rc", "c"}); phase >= 0)
    v.pre = std::make_pair(phase < 2 ? 0 : phase < 4 ? 1 : 2, phase_number(r));
  // Post-release: post|rev|r with an optional number, or the implicit "-N".
  if (r.peek() == '-' && Reader::digit(r.peek(1))) {
    r.i++;
    r.number(n);
    v.post = n;
  } else if (spelled(r, {"post", "rev", "r"}) >= 0) {
    v.post = phase_number(r);
  }
  if (spelled(r, {"dev"}) >= 0) v.dev = phase_number(r);
  if (r.peek() == '+') {
    r.i++;
    std::string local;
    bool expect_segment = true;
    for (; !r.done(); r.i++) {
      const char c = r.peek();
      if (std::isalnum(static_cast<unsigned char>(c))) {
        local += c;
        expect_segment = false;
      } else if (Reader::separator(c) && !expect_segment) {
        local += '.';
        expect_segment = true;
      } else {
        return std::nullopt;
      }
    }
    if (expect_segment) return std::nullopt;  // empty, or ending in a separator
    v.local = std::move(local);
  }
  if (!r.done()) return std::nullopt;
  return v;
}

std::string Version::normalized() const {
  std::string out = epoch ? fmt::format("{}!", epoch) : "";
  for (size_t k = 0; k < release.size(); k++) out += fmt::format("{}{}", k ? "." : "", release[k]);
  if (pre) out += fmt::format("{}{}", pre->first == 0 ? "a" : pre->first == 1 ? "b" : "rc", pre->second);
  if (post) out += fmt::format(".post{}", *post);
  if (dev) out += fmt::format(".dev{}", *dev);
  if (!local.empty()) out += "+" + local;
  return out;
}

std::strong_ordering Version::operator<=>(const Version& o) const {
  if (auto c = epoch <=> o.epoch; c != 0) return c;
  // Release segments compare as if the shorter were padded with zeros: 1.0 == 1.0.0.
  for (size_t k = 0; k < std::max(release.size(), o.release.size()); k++) {
    const int64_t a = k < release.size() ? release[k] : 0, b = k < o.release.size() ? o.release[k] : 0;
    if (auto c = a <=> b; c != 0) return c;
  }
  // Within a release: a dev release of it (1.0.dev1) first, then its pre-releases, the final,
  // and its post-releases; a dev release of a pre or post sorts just before that pre or post.
  auto pre_key = [](const Version& v) -> std::tuple<int, int, int64_t> {
    if (v.pre) return {1, v.pre->first, v.pre->second};
    if (v.dev && !v.post) return {0, 0, 0};
    return {2, 0, 0};
  };
  if (auto c = pre_key(*this) <=> pre_key(o); c != 0) return c;
  auto post_key = [](const Version& v) -> int64_t { return v.post ? *v.post : -1; };
  if (auto c = post_key(*this) <=> post_key(o); c != 0) return c;
  auto dev_key = [](const Version& v) -> int64_t { return v.dev ? *v.dev : INT64_MAX; };
  if (auto c = dev_key(*this) <=> dev_key(o); c != 0) return c;
  // A local version sorts after the same version without one.
  if (local.empty() != o.local.empty()) return local.empty() ? std::strong_ordering::less : std::strong_ordering::greater;
  return compare_local(local, o.local);
}

}  // namespace pep765
