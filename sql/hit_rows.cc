#include "sql/hit_rows.h"

#include <fmt/format.h>

#include "common/timings.h"

namespace pep765 {

// From each hit to the files holding it (files_hash): hits are few, files many, and without the
// store's statistics the planner may scan files first (CROSS JOIN fixes the order).
std::vector<HitRow> hit_rows(Census& census) {
  ScopedTimer t("hit rows");
  Query q = census.db().prepare(
      "SELECT a.name, a.kind, f.path, f.member, hex(h.hash), h.line, h.col, h.statement, h.cpython, h.exits, "
      "h.erroneous_parse, h.has_value, h.scope, h.try_line, h.handlers, h.try_body_returns, h.handler_returns, "
      "h.try_source, a.project, coalesce(a.release, ''), p.name IS NOT NULL, p.repository_url, "
      "coalesce(r.best_rank, 0), coalesce(p.home_page, ''), "
      "coalesce((SELECT d.url FROM downloads d WHERE d.path = a.path AND d.status = 'done'), ''), "
      "coalesce(p.project_urls, ''), h.body_raises, h.handler_raises, h.else_raises, h.one_operation "
      "FROM hits h CROSS JOIN files f ON f.hash = h.hash JOIN counted a ON a.id = f.artifact_id "
      "LEFT JOIN packages p ON p.id = a.package_id "
      "LEFT JOIN top_ranks r ON r.package_id = a.package_id AND r.version = a.version");
  std::vector<HitRow> out;
  while (q.step()) {
    HitRow r;
    r.artifact = q.text(0);
    r.artifact_kind = q.text(1);
    r.path = q.text(2);
    r.member = q.int64(3);
    r.content = q.text(4);
    r.line = q.int64(5);
    r.column = q.int64(6);
    r.statement = q.text(7);
    r.cpython = q.int64(8);
    r.exits = q.int64(9);
    r.erroneous_parse = q.int64(10);
    r.has_value = q.int64(11);
    r.scope = q.text(12);
    r.try_line = q.int64(13);
    r.handlers = q.text(14);
    r.try_body_returns = q.int64(15);
    r.handler_returns = q.int64(16);
    r.try_source = q.text(17);
    r.project = q.text(18);
    r.release = q.text(19);
    r.fetched = q.int64(20);
    if (r.fetched) {
      r.repository_url = q.text(21);
      r.rank = q.int64(22);
      r.home_page = q.text(23);
      r.download_url = q.text(24);
      r.project_urls = q.text(25);
    }
    r.body_raises = q.int64(26);
    r.handler_raises = q.int64(27);
    r.else_raises = q.int64(28);
    r.one_operation = q.int64(29);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<HitPlace> hit_places(Census& census, Rule rule) {
  const char* condition = rule == Rule::Cpython ? "h.cpython = 1" : rule == Rule::Exits ? "h.exits = 1" : "1";
  Query q = census.db().prepare(fmt::format(
      "SELECT a.name, f.path, h.line, h.col, h.statement, h.cpython, h.exits "
      "FROM hits h CROSS JOIN files f ON f.hash = h.hash JOIN counted a ON a.id = f.artifact_id "
      "WHERE {} ORDER BY a.name, a.path, f.member, h.line, h.col",
      condition));
  std::vector<HitPlace> out;
  while (q.step())
    out.push_back({q.text(0), q.text(1), q.int64(2), q.int64(3), q.text(4), q.int64(5) != 0, q.int64(6) != 0});
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
