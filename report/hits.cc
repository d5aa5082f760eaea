#include "report/hits.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>


namespace pep765 {

std::string HitRecord::unique_key() const { return fmt::format("{}:{}:{}", content, line, column); }

std::string try_snippet(const std::string& try_source) {
  const std::vector<std::string> lines = split_lines(try_source);
  size_t strip = std::string::npos;
  for (size_t i = 1; i < lines.size(); i++) {
    size_t code = lines[i].find_first_not_of(" \t");
    if (code != std::string::npos) strip = std::min(strip, code);
  }
  if (strip == std::string::npos) strip = 0;
  std::string out;
  const size_t shown = std::min<size_t>(lines.size(), 20);
  for (size_t i = 0; i < shown; i++) {
    if (i) out += '\n';
    out += i == 0 ? lines[i] : lines[i].substr(std::min(strip, lines[i].find_first_not_of(" \t") == std::string::npos
                                                                     ? lines[i].size() : strip));
  }
  if (shown < lines.size()) out += "\n...";
  return out;
}

std::string statement_line(const std::string& try_source, int try_line, int line) {
  int want = line - try_line;
  size_t start = 0;
  for (int i = 0; i < want; i++) {
    start = try_source.find('\n', start);
    if (start == std::string::npos) return "";
    start++;
  }
  size_t end = try_source.find('\n', start);
  std::string s = try_source.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t a = s.find_first_not_of(" \t\r");
  size_t b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<HitRecord> load_hit_records(Db& db) {
  std::map<HitKey, std::pair<std::string, std::string>> people;
  {
    Query q = db.prepare("SELECT package, path, statement, source, occurrence, category, note FROM triage");
    while (q.step()) people[{q.text(0), q.text(1), q.text(2), q.text(3), int(q.int64(4))}] = {q.text(5), q.text(6)};
  }
  Query q = db.prepare(
      "SELECT a.name, a.kind, f.path, f.member, hex(h.hash), h.line, h.col, h.statement, h.cpython, h.exits, "
      "h.erroneous_parse, h.has_value, h.scope, h.try_line, h.handlers, h.try_body_returns, h.handler_returns, "
      "h.try_source, p.name, a.version, p.repository_url, "
      "(SELECT min(s.rank) FROM selected s JOIN selections x ON x.id = s.selection_id "
      " WHERE s.package_id = p.id AND s.version = a.version AND x.kind = 'top') "
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
    if (!q.is_null(18)) {
      r.package = q.text(18);
      r.version = q.text(19);
      r.repository_url = q.text(20);
      r.rank = q.is_null(21) ? 0 : int(q.int64(21));
    } else {
      std::tie(r.package, r.version) = package_of_artifact(r.artifact, r.artifact_kind);
    }
    // An sdist holds everything under NAME-VERSION/: without it, sdist and wheel paths agree.
    r.package_path = r.path;
    if (r.artifact_kind == "sdist")
      if (size_t slash = r.path.find('/'); slash != std::string::npos) r.package_path = r.path.substr(slash + 1);
    r.line_source = statement_line(r.try_source, r.try_line, r.line);
    HitFacts facts{r.package_path, r.statement, r.handlers, r.try_body_returns, r.handler_returns, r.try_source,
                   r.line_source};
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
