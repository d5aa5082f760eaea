#include "report/hits.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "common/excerpt.h"
#include "common/source_line.h"
#include "sql/hit_rows.h"

namespace pep765 {

std::string HitRecord::unique_key() const { return fmt::format("{}:{}:{}", content, line, column); }

std::string HitRecord::snippet() const { return numbered_snippet(try_source, try_line, line); }

std::vector<ExcerptLine> excerpt_lines(const std::string& try_source, int try_line) {
  std::vector<ExcerptLine> out;
  int number = try_line;
  for (const std::string& line : split_lines(try_source)) {
    if (!line.empty() && line[0] == kExcerptGap) {
      int gap = 0;
      for (size_t i = 1; i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])); i++)
        gap = gap * 10 + (line[i] - '0');
      out.push_back({0, gap, ""});
      number += gap;
      continue;
    }
    out.push_back({number++, 0, line});
  }
  return out;
}

int character_column(const std::string& try_source, int try_line, int line, int byte_column) {
  // The try's own line starts at `try`, not at the line's start: no hit is on it (a jump
  // leaving a finally sits below the `finally:`).
  if (line == try_line || byte_column < 1) return byte_column;
  for (const ExcerptLine& l : excerpt_lines(try_source, try_line))
    if (l.number == line) return int(code_point_column(l.text, uint32_t(byte_column)));
  return byte_column;
}

std::string statement_line(const std::string& try_source, int try_line, int line) {
  for (const ExcerptLine& l : excerpt_lines(try_source, try_line)) {
    if (l.number != line) continue;
    const size_t a = l.text.find_first_not_of(" \t\r");
    const size_t b = l.text.find_last_not_of(" \t\r");
    return a == std::string::npos ? "" : l.text.substr(a, b - a + 1);
  }
  return "";
}

std::string numbered_snippet(const std::string& try_source, int try_line, int line) {
  return numbered_snippet(try_source, try_line, std::vector<int>{line});
}

std::string numbered_snippet(const std::string& try_source, int try_line, const std::vector<int>& flagged) {
  const int line = flagged.empty() ? 0 : *std::min_element(flagged.begin(), flagged.end());
  auto is_flagged = [&](int n) { return n && std::find(flagged.begin(), flagged.end(), n) != flagged.end(); };
  auto near_flagged = [&](int n) {
    for (int f : flagged)
      if (n >= f - 3 && n <= f + 2) return true;
    return false;
  };
  std::vector<ExcerptLine> lines = excerpt_lines(try_source, try_line);
  auto indent = [](const std::string& s) { return s.find_first_not_of(" \t"); };
  // The try's clauses sit at the smallest indentation of its later lines: that much is taken off.
  size_t strip = std::string::npos;
  for (size_t i = 1; i < lines.size(); i++)
    if (lines[i].number && indent(lines[i].text) != std::string::npos) strip = std::min(strip, indent(lines[i].text));
  if (strip == std::string::npos) strip = 0;
  // Which lines to show: all of a short try; of a long one its first lines, the `finally:`
  // and the lines around the flagged one.
  std::vector<bool> shown(lines.size(), lines.size() <= kSnippetLines);
  if (lines.size() > kSnippetLines) {
    size_t finally_at = lines.size();
    for (size_t i = 1; i < lines.size(); i++) {
      if (!lines[i].number || lines[i].number > line) continue;
      const size_t at = indent(lines[i].text);
      if (at == strip && lines[i].text.compare(at, 7, "finally") == 0) finally_at = i;
    }
    for (size_t i = 0; i < lines.size(); i++) {
      const int n = lines[i].number;
      const size_t at = indent(lines[i].text);
      const bool clause = i > 0 && n && at == strip &&
                          (lines[i].text.compare(at, 6, "except") == 0 || lines[i].text.compare(at, 4, "else") == 0);
      shown[i] = i < 3 || clause || (finally_at < lines.size() && (i == finally_at || i == finally_at + 1)) ||
                 (n && near_flagged(n));
    }
  }
  int widest = 1;
  for (const ExcerptLine& l : lines) widest = std::max<int>(widest, int(fmt::format("{}", l.number).size()));
  std::string out;
  bool in_gap = false;
  for (size_t i = 0; i < lines.size(); i++) {
    if (!shown[i] || !lines[i].number) {
      if (!in_gap) out += fmt::format("{:>{}} | ...\n", "", widest + 1);
      in_gap = true;
      continue;
    }
    in_gap = false;
    const std::string& text = lines[i].text;
    const std::string code = i == 0 ? text : text.substr(std::min(strip, indent(text) == std::string::npos ? text.size() : strip));
    out += fmt::format("{}{:>{}} | {}\n", is_flagged(lines[i].number) ? '>' : ' ', lines[i].number, widest, code);
  }
  if (!out.empty()) out.pop_back();
  return out;
}

std::vector<HitRecord> load_hit_records(Census& census) {
  std::map<HitKey, std::pair<Category, std::string>> people;
  for (const TriageRow& t : triage_rows(census))  // import wrote only real categories; a row a store holds otherwise is no decision
    if (std::optional<Category> c = category_from_name(t.category))
      people[{t.package, t.path, t.statement, t.source, int(t.occurrence)}] = {*c, t.note};
  std::vector<HitRecord> out;
  for (HitRow& row : hit_rows(census)) {
    HitRecord r;
    static_cast<HitRow&>(r) = std::move(row);
    // An sdist holds everything under NAME-VERSION/: without it, sdist and wheel paths agree.
    r.package_path = r.path;
    if (r.artifact_kind == "sdist")
      if (size_t slash = r.path.find('/'); slash != std::string::npos) r.package_path = r.path.substr(slash + 1);
    r.line_source = statement_line(r.try_source, r.try_line, r.line);
    r.column = character_column(r.try_source, r.try_line, r.line, r.column);  // as check counts it
    HitFacts facts{r.package_path, r.statement, r.handlers, r.try_body_returns, r.handler_returns, r.try_source,
                   r.line_source, r.body_raises, r.handler_raises, r.else_raises, r.one_operation_fallback,
                   r.line, r.scope, r.noqa.value_or(""), r.has_value, r.evidence};
    r.triage = triage(facts);
    r.program_category = r.triage.category;
    out.push_back(std::move(r));
  }
  // Occurrences: per artifact file, identical statement lines numbered by line.
  {
    std::map<std::tuple<std::string, int, std::string, std::string>, std::vector<HitRecord*>> same;
    for (HitRecord& r : out) same[{r.artifact, r.member, r.statement, r.line_source}].push_back(&r);
    for (auto& [k, records] : same) {
      std::stable_sort(records.begin(), records.end(), [](const HitRecord* a, const HitRecord* b) {
        return std::tie(a->line, a->column) < std::tie(b->line, b->column);
      });
      for (size_t i = 0; i < records.size(); i++) records[i]->occurrence = int(i);
    }
  }
  for (HitRecord& r : out) {
    if (auto it = people.find(r.key()); it != people.end()) {
      r.triage.category = it->second.first;
      r.triage.reason = "triaged by a person";
      r.note = it->second.second;
      r.triaged_by_person = true;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const HitRecord& a, const HitRecord& b) {
    auto key = [](const HitRecord& r) {
      return std::make_tuple(r.rank == 0 ? INT32_MAX : r.rank, r.package, r.artifact, r.member, r.line, r.column);
    };
    return key(a) < key(b);
  });
  return out;
}

}  // namespace pep765
