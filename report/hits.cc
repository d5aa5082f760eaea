#include "report/hits.h"

#include "common/excerpt.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>


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
                 (n && n >= line - 3 && n <= line + 2);
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
    out += fmt::format("{}{:>{}} | {}\n", lines[i].number == line ? '>' : ' ', lines[i].number, widest, code);
  }
  if (!out.empty()) out.pop_back();
  return out;
}

std::vector<HitRecord> load_hit_records(Db& db) {
  std::map<HitKey, std::pair<Category, std::string>> people;
  {
    Query q = db.prepare("SELECT package, path, statement, source, occurrence, category, note FROM triage");
    while (q.step())  // import wrote only real categories; a row a store holds otherwise is no decision
      if (std::optional<Category> c = category_from_name(q.text(5)))
        people[{q.text(0), q.text(1), q.text(2), q.text(3), int(q.int64(4))}] = {*c, q.text(6)};
  }
  Query q = db.prepare(
      "SELECT a.name, a.kind, f.path, f.member, hex(h.hash), h.line, h.col, h.statement, h.cpython, h.exits, "
      "h.erroneous_parse, h.has_value, h.scope, h.try_line, h.handlers, h.try_body_returns, h.handler_returns, "
      "h.try_source, p.name, a.version, p.repository_url, "
      "(SELECT min(s.rank) FROM selected s JOIN selections x ON x.id = s.selection_id "
      " WHERE s.package_id = p.id AND s.version = a.version AND x.kind = 'top'), "
      "p.home_page, (SELECT d.url FROM downloads d WHERE d.path = a.path AND d.status = 'done'), p.project_urls, "
      "h.body_raises, h.handler_raises, h.else_raises, h.one_operation "
      "FROM hits h JOIN files f ON f.hash = h.hash JOIN counted_artifacts a ON a.id = f.artifact_id "
      "LEFT JOIN packages p ON p.id = a.package_id");
  std::vector<HitRecord> out;
  while (q.step()) {
    HitRecord r;
    r.artifact = q.text(0);
    r.artifact_kind = q.text(1);
    r.path = q.text(2);
    r.member = int(q.int64(3));
    r.content = q.text(4);
    r.line = int(q.int64(5));
    r.column = int(q.int64(6));
    r.statement = q.text(7);
    r.cpython = q.int64(8);
    r.exits = q.int64(9);
    r.erroneous_parse = q.int64(10);
    r.has_value = q.int64(11);
    r.scope = q.text(12);
    r.try_line = int(q.int64(13));
    r.handlers = q.text(14);
    r.try_body_returns = q.int64(15);
    r.handler_returns = q.int64(16);
    r.try_source = q.text(17);
    r.body_raises = q.int64(25);
    r.handler_raises = q.int64(26);
    r.else_raises = q.int64(27);
    r.one_operation_fallback = q.int64(28);
    if (!q.is_null(18)) {
      r.package = q.text(18);
      r.version = q.text(19);
      r.repository_url = q.text(20);
      r.rank = q.is_null(21) ? 0 : int(q.int64(21));
      r.home_page = q.is_null(22) ? "" : q.text(22);
      r.download_url = q.is_null(23) ? "" : q.text(23);
      r.project_urls = q.is_null(24) ? "" : q.text(24);
    } else {
      std::tie(r.package, r.version) = package_of_artifact(r.artifact, r.artifact_kind);
    }
    // An sdist holds everything under NAME-VERSION/: without it, sdist and wheel paths agree.
    r.package_path = r.path;
    if (r.artifact_kind == "sdist")
      if (size_t slash = r.path.find('/'); slash != std::string::npos) r.package_path = r.path.substr(slash + 1);
    r.line_source = statement_line(r.try_source, r.try_line, r.line);
    HitFacts facts{r.package_path, r.statement, r.handlers, r.try_body_returns, r.handler_returns, r.try_source,
                   r.line_source, r.body_raises, r.handler_raises, r.else_raises, r.one_operation_fallback};
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
