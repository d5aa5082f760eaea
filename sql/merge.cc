#include "sql/merge.h"

#include <fmt/format.h>

#include "common/timings.h"
#include "sql/db.h"

namespace pep765 {

namespace {

// One input, attached as `src`. Order matters only for what refers to what: parents first.
const char* kMergeSql = R"sql(
INSERT OR IGNORE INTO main.contents SELECT * FROM src.contents;
INSERT OR IGNORE INTO main.hits SELECT * FROM src.hits;
INSERT OR IGNORE INTO main.artifacts(path, name, kind, size, mtime, status, error, files, analyzed_at)
  SELECT path, name, kind, size, mtime, status, error, files, analyzed_at FROM src.artifacts;
INSERT OR IGNORE INTO main.files(artifact_id, member, path, hash)
  SELECT ma.id, f.member, f.path, f.hash FROM src.files f
  JOIN src.artifacts sa ON sa.id = f.artifact_id JOIN main.artifacts ma ON ma.path = sa.path
  WHERE ma.analyzed_at = sa.analyzed_at AND ma.size = sa.size;
INSERT INTO main.selections(kind, source, list_date, seed, size, index_url, as_of, created_at)
  SELECT kind, source, list_date, seed, size, index_url, as_of, created_at FROM src.selections WHERE true
  ON CONFLICT(kind, source, list_date, seed, index_url, as_of) DO UPDATE SET size = max(size, excluded.size);
INSERT INTO main.packages(name, listed_name, status, error, version, release_rule, lacks, repository_url,
                          home_page, project_urls, fetched_at)
  SELECT name, listed_name, status, error, version, release_rule, lacks, repository_url, home_page, project_urls,
         fetched_at FROM src.packages WHERE true
  ON CONFLICT(name) DO UPDATE SET status = excluded.status, error = excluded.error, version = excluded.version,
    release_rule = excluded.release_rule, lacks = excluded.lacks, repository_url = excluded.repository_url,
    home_page = excluded.home_page, project_urls = excluded.project_urls, fetched_at = excluded.fetched_at
  WHERE packages.status = 'listed' OR (excluded.status = 'resolved' AND packages.status <> 'resolved');
INSERT OR IGNORE INTO main.selected(selection_id, package_id, rank, download_count, draw, in_sample)
  SELECT ms.id, mp.id, s.rank, s.download_count, s.draw, s.in_sample FROM src.selected s
  JOIN src.selections ss ON ss.id = s.selection_id
  JOIN main.selections ms ON ms.kind = ss.kind AND ms.source = ss.source AND ms.list_date = ss.list_date
    AND ms.seed = ss.seed AND ms.index_url = ss.index_url AND ms.as_of = ss.as_of
  JOIN src.packages sp ON sp.id = s.package_id JOIN main.packages mp ON mp.name = sp.name;
INSERT INTO main.downloads(package_id, filename, kind, url, size, sha256, upload_time, path, status, error, attempts)
  SELECT mp.id, d.filename, d.kind, d.url, d.size, d.sha256, d.upload_time, d.path, d.status, d.error, d.attempts
  FROM src.downloads d JOIN src.packages sp ON sp.id = d.package_id JOIN main.packages mp ON mp.name = sp.name
  WHERE true
  ON CONFLICT(package_id, filename) DO UPDATE SET path = excluded.path, status = excluded.status,
    error = excluded.error, attempts = excluded.attempts
  WHERE downloads.status <> 'done';
INSERT INTO main.triage(package, path, statement, source, category, note, updated_at)
  SELECT package, path, statement, source, category, note, updated_at FROM src.triage WHERE true
  ON CONFLICT(package, path, statement, source) DO UPDATE SET category = excluded.category, note = excluded.note,
    updated_at = excluded.updated_at WHERE excluded.updated_at > triage.updated_at;
)sql";

}  // namespace

MergeTotals merge_stores(const std::string& out, const std::vector<std::string>& inputs) {
  ScopedTimer t("merge");
  Db db(out);
  MergeTotals totals;
  for (const std::string& in : inputs) {
    { Db check(in); }  // refuses a file that is not a store of this schema, with the reason
    Query attach = db.prepare("ATTACH DATABASE ? AS src");
    attach.bind(1, in);
    attach.run();
    try {
      db.exec("BEGIN IMMEDIATE");
      db.exec(kMergeSql);
      db.exec("COMMIT");
    } catch (const DbError& e) {
      db.exec("ROLLBACK");
      db.exec("DETACH DATABASE src");
      throw DbError(fmt::format("{}: cannot merge into {}: {}", in, out, e.what()));
    }
    db.exec("DETACH DATABASE src");
    totals.stores++;
  }
  totals.artifacts = size_t(*db.scalar("SELECT count(*) FROM artifacts"));
  totals.contents = size_t(*db.scalar("SELECT count(*) FROM contents"));
  totals.packages = size_t(*db.scalar("SELECT count(*) FROM packages"));
  return totals;
}

}  // namespace pep765
