#include "extract/ignore_rules.h"

#include <fnmatch.h>

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

// Segments of a pattern against segments of a path, `**` spanning directories.
bool match_segments(const std::vector<std::string>& pattern, size_t i, const std::vector<std::string>& path,
                    size_t j) {
  for (; i < pattern.size(); i++, j++) {
    if (pattern[i] == "**") {
      if (i + 1 == pattern.size()) return j < path.size();  // "x/**": everything inside x
      for (size_t k = j; k <= path.size(); k++)             // "**/": zero or more directories
        if (match_segments(pattern, i + 1, path, k)) return true;
      return false;
    }
    if (j == path.size() || ::fnmatch(pattern[i].c_str(), path[j].c_str(), 0) != 0) return false;
  }
  return j == path.size();
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
  // The last segment: the tail of `path`, so a C string for fnmatch without a copy.
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
        default: hit = ::fnmatch(p.segments[0].c_str(), name.data(), 0) == 0;
      }
    } else {
      if (segments.empty()) segments = split(rel);
      hit = match_segments(p.segments, 0, segments, 0);
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
