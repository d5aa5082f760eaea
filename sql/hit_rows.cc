#include "sql/hit_rows.h"

#include <fmt/format.h>

#include "common/timings.h"

namespace pep765 {

// From each hit to the files holding it (files_hash): hits are few, files many, and without the
// store's statistics the planner may scan files first (CROSS JOIN fixes the order).
std::vector<HitRow> hit_rows(Census& census) {
  ScopedTimer t("hit rows");
  // Columns in HitRow's order; what fetch recorded only where the artifact was fetched.
  Query q = census.db().prepare(
      "SELECT a.project, coalesce(a.release, ''), coalesce(p.repository_url, ''), coalesce(p.home_page, ''), "
      "coalesce(p.project_urls, ''), "
      "CASE WHEN p.name IS NULL THEN '' ELSE "
      "  coalesce((SELECT d.url FROM downloads d WHERE d.path = a.path AND d.status = 'done'), '') END, "
      "CASE WHEN p.name IS NULL THEN 0 ELSE coalesce(r.best_rank, 0) END, "
      "a.name, a.kind, f.path, f.member, hex(h.hash), h.line, h.col, h.statement, "
      "h.cpython, h.exits, h.erroneous_parse, h.has_value, h.scope, h.handlers, h.try_source, h.try_line, "
      "h.try_body_returns, h.handler_returns, h.body_raises, h.handler_raises, h.else_raises, h.one_operation, h.noqa, "
      "h.raise_line, h.reraise_line, coalesce(h.raise_source, ''), coalesce(h.handler_actions, ''), "
      "coalesce(h.value_flow, ''), coalesce(h.context, '') "
      "FROM hits h CROSS JOIN files f ON f.hash = h.hash JOIN counted a ON a.id = f.artifact_id "
      "LEFT JOIN packages p ON p.id = a.package_id "
      "LEFT JOIN top_ranks r ON r.package_id = a.package_id AND r.version = a.version");
  std::vector<HitRow> out;
  while (q.step()) {
    int c = 0;  // the next column: a braced list is evaluated left to right
    auto text = [&] { return q.text(c++); };
    auto number = [&] { return int(q.int64(c++)); };
    auto flag = [&] { return q.int64(c++) != 0; };
    out.push_back({.package = text(), .version = text(), .repository_url = text(), .home_page = text(),
                   .project_urls = text(), .download_url = text(), .rank = number(),
                   .artifact = text(), .artifact_kind = text(), .path = text(), .member = number(),
                   .content = text(), .line = number(), .column = number(), .statement = text(),
                   .cpython = flag(), .exits = flag(), .erroneous_parse = flag(), .has_value = flag(),
                   .scope = text(), .handlers = text(), .try_source = text(), .try_line = number(),
                   .try_body_returns = flag(), .handler_returns = flag(), .body_raises = flag(),
                   .handler_raises = flag(), .else_raises = flag(), .one_operation_fallback = flag()});
    if (!q.is_null(c)) out.back().noqa = q.text(c);
    c++;
    if (!q.is_null(c))  // read by an analysis that knew them (schema 9)
      out.back().evidence = HitEvidence{.raise_line = int(q.int64(c)), .reraise_line = int(q.int64(c + 1)),
                                        .raise_source = q.text(c + 2), .handler_actions = q.text(c + 3),
                                        .value_flow = q.text(c + 4), .context = q.text(c + 5)};
  }
  return out;
}

std::vector<HitPlace> hit_places(Census& census, Rule rule) {
  const char* condition = rule == Rule::Cpython ? "h.cpython = 1" : rule == Rule::Exits ? "h.exits = 1" : "1";
  Query q = census.db().prepare(fmt::format(
      "SELECT a.name, f.path, h.line, h.col, h.statement, h.cpython, h.exits, h.try_source, h.try_line "
      "FROM hits h CROSS JOIN files f ON f.hash = h.hash JOIN counted a ON a.id = f.artifact_id "
      "WHERE {} ORDER BY a.name, a.path, f.member, h.line, h.col",
      condition));
  std::vector<HitPlace> out;
  while (q.step())
    out.push_back({q.text(0), q.text(1), q.int64(2), q.int64(3), q.text(4), q.int64(5) != 0, q.int64(6) != 0, q.text(7),
                   q.int64(8)});
  return out;
}

std::vector<TriageRow> triage_rows(Census& census) {
  Query q = census.db().prepare("SELECT package, path, statement, source, occurrence, category, note FROM triage");
  std::vector<TriageRow> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.int64(4), q.text(5), q.text(6)});
  return out;
}

void store_triage(Census& census, const std::vector<TriageRow>& rows) {
  WriteTransaction write(census.db());
  Query upsert = census.db().prepare(
      "INSERT INTO triage(package, path, statement, source, occurrence, category, note, updated_at) "
      "VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(package, path, statement, source, occurrence) DO UPDATE SET "
      "category = excluded.category, "
      "note = excluded.note, updated_at = excluded.updated_at");
  for (const TriageRow& r : rows) {
    upsert.bind(1, r.package).bind(2, r.path).bind(3, r.statement).bind(4, r.source).bind(5, r.occurrence)
        .bind(6, r.category).bind(7, r.note).bind(8, utc_timestamp());
    upsert.run();
  }
  write.commit();
}

}  // namespace pep765
