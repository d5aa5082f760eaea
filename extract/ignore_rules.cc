#include "extract/ignore_rules.h"

#include <cctype>

#include <fmt/format.h>

namespace pep765 {

namespace {

std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t slash = s.find('/', start);
    out.emplace_back(s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

// Whether the class or character at p[at] matches byte `c`; `used` gets its length in the
// pattern. '?' is any byte, a backslash then x the byte x, "[...]" a bracket expression as
// fnmatch(3) reads it (ranges, '!' or '^' negating, POSIX classes like [:digit:]); a '['
// without its ']' is itself.
bool one_matches(std::string_view p, size_t at, unsigned char c, size_t& used) {
  if (p[at] == '?') return used = 1, true;
  if (p[at] == '\\' && at + 1 < p.size()) return used = 2, static_cast<unsigned char>(p[at + 1]) == c;
  if (p[at] != '[') return used = 1, static_cast<unsigned char>(p[at]) == c;
  size_t i = at + 1;
  const bool negated = i < p.size() && (p[i] == '!' || p[i] == '^');
  if (negated) i++;
  bool hit = false;
  for (bool first = true; i < p.size() && (first || p[i] != ']'); first = false) {
    if (p[i] == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      const size_t end = p.find(":]", i + 2);
      if (end != std::string_view::npos) {
        const std::string_view name = p.substr(i + 2, end - i - 2);
        const int ch = c;
        hit |= (name == "alnum" && std::isalnum(ch)) || (name == "alpha" && std::isalpha(ch)) ||
               (name == "digit" && std::isdigit(ch)) || (name == "lower" && std::islower(ch)) ||
               (name == "upper" && std::isupper(ch)) || (name == "space" && std::isspace(ch)) ||
               (name == "punct" && std::ispunct(ch)) || (name == "xdigit" && std::isxdigit(ch)) ||
               (name == "blank" && (ch == ' ' || ch == '\t'));
        i = end + 2;
        continue;
      }
    }
    unsigned char low = static_cast<unsigned char>(p[i]);
    if (low == '\\' && i + 1 < p.size()) low = static_cast<unsigned char>(p[++i]);
    i++;
    unsigned char high = low;
    if (i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
      high = static_cast<unsigned char>(p[i + 1] == '\\' && i + 2 < p.size() ? p[i + 2] : p[i + 1]);
      i += p[i + 1] == '\\' && i + 2 < p.size() ? 3 : 2;
    }
    hit |= low <= c && c <= high;
  }
  if (i >= p.size()) return used = 1, c == '[';  // no closing ']': a plain '['
  used = i + 1 - at;
  return hit != negated;
}

// One segment's glob against one name, in O(pattern x name) whatever the pattern (a hostile
// .gitignore cannot make it exponential): the classic two-pointer match, going back only to
// the last '*'.
bool segment_matches(std::string_view p, std::string_view name) {
  size_t pi = 0, ni = 0, star = std::string_view::npos, star_name = 0;
  while (ni < name.size()) {
    if (pi < p.size() && p[pi] == '*') {
      while (pi < p.size() && p[pi] == '*') pi++;
      star = pi, star_name = ni;
      continue;
    }
    size_t used = 1;
    if (pi < p.size() && one_matches(p, pi, static_cast<unsigned char>(name[ni]), used)) {
      pi += used, ni++;
      continue;
    }
    if (star == std::string_view::npos) return false;
    pi = star, ni = ++star_name;
  }
  while (pi < p.size() && p[pi] == '*') pi++;
  return pi == p.size();
}

// Segments of a pattern against segments of a path, `**` spanning directories. `failed`
// remembers the (pattern, path) positions already known not to match, so patterns with many
// `**` stay O(pattern x path).
bool match_segments(const std::vector<std::string>& pattern, size_t i, const std::vector<std::string>& path,
                    size_t j, std::vector<char>& failed) {
  char& known = failed[i * (path.size() + 1) + j];
  if (known) return false;
  bool hit;
  if (i == pattern.size()) {
    hit = j == path.size();
  } else if (pattern[i] == "**") {
    hit = false;
    if (i + 1 == pattern.size()) {
      hit = j < path.size();  // "x/**": everything inside x
    } else {
      for (size_t k = j; k <= path.size() && !hit; k++)  // "**/": zero or more directories
        hit = match_segments(pattern, i + 1, path, k, failed);
    }
  } else {
    hit = j < path.size() && segment_matches(pattern[i], path[j]) && match_segments(pattern, i + 1, path, j + 1, failed);
  }
  if (!hit) known = 1;
  return hit;
}

}  // namespace

IgnoreList::IgnoreList(std::string base, std::string_view text, const std::string& source) : base_(std::move(base)) {
  size_t line_number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    line_number++;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    add(line, fmt::format("{}:{}", source, line_number));
  }
}

IgnoreList::IgnoreList(std::string base, const std::vector<std::string>& patterns, const std::string& source)
    : base_(std::move(base)) {
  for (const std::string& p : patterns) add(p, source);
}

void IgnoreList::append(const IgnoreList& more) {
  patterns_.insert(patterns_.end(), more.patterns_.begin(), more.patterns_.end());
}

void IgnoreList::add(std::string_view line, const std::string& source) {
  // Trailing spaces go unless the last is escaped with a backslash.
  while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\'))
    line.remove_suffix(1);
  if (line.empty() || line.front() == '#') return;
  IgnorePattern p;
  p.text = std::string(line);
  p.source = source;
  if (line.front() == '!') {
    p.negated = true;
    line.remove_prefix(1);
  } else if (line.starts_with("\\!") || line.starts_with("\\#")) {
    line.remove_prefix(1);
  }
  if (!line.empty() && line.back() == '/') {
    p.directory_only = true;
    line.remove_suffix(1);
  }
  if (line.empty()) return;
  p.anchored = line.find('/') != std::string_view::npos;
  if (line.front() == '/') line.remove_prefix(1);
  if (line.empty()) return;
  p.segments = split(line);
  const std::string& only = p.segments[0];
  auto plain = [](std::string_view s) { return s.find_first_of("*?[\\") == std::string_view::npos; };
  if (p.segments.size() == 1 && plain(only)) {
    p.form = IgnorePattern::Form::Literal, p.fixed = only;
  } else if (p.segments.size() == 1 && only.size() > 1 && only.back() == '*' && plain(only.substr(0, only.size() - 1))) {
    p.form = IgnorePattern::Form::Prefix, p.fixed = only.substr(0, only.size() - 1);
  } else if (p.segments.size() == 1 && only.size() > 1 && only.front() == '*' && plain(only.substr(1))) {
    p.form = IgnorePattern::Form::Suffix, p.fixed = only.substr(1);
  }
  patterns_.push_back(std::move(p));
}

IgnoreList::Verdict IgnoreList::match(const std::string& path, bool is_dir, const IgnorePattern** why) const {
  if (patterns_.empty() || path.size() <= base_.size() || path.compare(0, base_.size(), base_) != 0 ||
      (base_ != "/" && path[base_.size()] != '/'))
    return Verdict::None;
  std::string_view rel = std::string_view(path).substr(base_.size());
  while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
  // The last segment, read in place.
  const std::string_view name = rel.substr(rel.rfind('/') + 1);
  std::vector<std::string> segments;  // split only when an anchored pattern needs them
  for (size_t i = patterns_.size(); i-- > 0;) {
    const IgnorePattern& p = patterns_[i];
    if (p.directory_only && !is_dir) continue;
    bool hit;
    if (!p.anchored) {
      switch (p.form) {
        case IgnorePattern::Form::Literal: hit = name == p.fixed; break;
        case IgnorePattern::Form::Prefix: hit = name.starts_with(p.fixed); break;
        case IgnorePattern::Form::Suffix: hit = name.ends_with(p.fixed); break;
        default: hit = segment_matches(p.segments[0], name);
      }
    } else {
      if (segments.empty()) segments = split(rel);
      std::vector<char> failed((p.segments.size() + 1) * (segments.size() + 1), 0);
      hit = match_segments(p.segments, 0, segments, 0, failed);
    }
    if (!hit) continue;
    if (why) *why = &p;
    return p.negated ? Verdict::Included : Verdict::Ignored;
  }
  return Verdict::None;
}

IgnoreList::Verdict IgnoreChain::match(const std::string& path, bool is_dir, const IgnorePattern** why) const {
  for (const IgnoreChain* c = this; c; c = c->parent.get()) {
    const IgnoreList::Verdict v = c->list.match(path, is_dir, why);
    if (v != IgnoreList::Verdict::None) return v;
  }
  return IgnoreList::Verdict::None;
}

}  // namespace pep765
