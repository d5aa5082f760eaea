#include "sql/merge.h"

#include <fmt/format.h>

#include "common/timings.h"
#include "sql/db.h"

namespace pep765 {

namespace {

struct MergeStep {
  const char* table;
  const char* sql;
};

// One input, attached as `src`, table by table. Order matters only for what refers to what:
// parents first.
const MergeStep kMergeSteps[] = {
    {"contents", R"sql(
INSERT OR IGNORE INTO main.contents SELECT * FROM src.contents)sql"},
    {"hits", R"sql(
INSERT OR IGNORE INTO main.hits SELECT * FROM src.hits)sql"},
    {"packages", R"sql(
INSERT INTO main.packages(name, listed_name, status, error, version, release_rule, lacks, repository_url,
                          home_page, project_urls, fetched_at)
  SELECT name, listed_name, status, error, version, release_rule, lacks, repository_url, home_page, project_urls,
         fetched_at FROM src.packages WHERE true
  ON CONFLICT(name) DO UPDATE SET status = excluded.status, error = excluded.error, version = excluded.version,
    release_rule = excluded.release_rule, lacks = excluded.lacks, repository_url = excluded.repository_url,
    home_page = excluded.home_page, project_urls = excluded.project_urls, fetched_at = excluded.fetched_at
  WHERE packages.status = 'listed' OR (excluded.status = 'resolved' AND packages.status <> 'resolved'))sql"},
    {"artifacts", R"sql(
INSERT OR IGNORE INTO main.artifacts(path, name, kind, size, mtime, status, error, files, analyzed_at, package_id,
                                     version, project)
  SELECT a.path, a.name, a.kind, a.size, a.mtime, a.status, a.error, a.files, a.analyzed_at, mp.id, a.version,
         a.project
  FROM src.artifacts a LEFT JOIN src.packages sp ON sp.id = a.package_id LEFT JOIN main.packages mp ON mp.name = sp.name)sql"},
    {"files", R"sql(
-- Artifact by artifact (CROSS JOIN fixes the order): left to itself SQLite walked src.files by
-- its hash index, with a random look-up of each row's path and a random insert, 30 times the
-- time at x16 for 16 times the rows; in artifact order both are sequential.
INSERT OR IGNORE INTO main.files(artifact_id, member, path, hash)
  SELECT ma.id, f.member, f.path, f.hash
  FROM src.artifacts sa CROSS JOIN main.artifacts ma ON ma.path = sa.path CROSS JOIN src.files f ON f.artifact_id = sa.id
  WHERE ma.analyzed_at = sa.analyzed_at AND ma.size = sa.size)sql"},
    {"selections", R"sql(
INSERT INTO main.selections(kind, source, list_date, seed, size, index_url, as_of, pick, created_at)
  SELECT kind, source, list_date, seed, size, index_url, as_of, pick, created_at FROM src.selections WHERE true
  ON CONFLICT(kind, source, list_date, seed, index_url, as_of, pick) DO UPDATE SET size = max(size, excluded.size))sql"},
    {"selected", R"sql(
INSERT INTO main.selected(selection_id, package_id, rank, download_count, draw, in_sample, version, status, reason,
                          released, file)
  SELECT ms.id, mp.id, s.rank, s.download_count, s.draw, s.in_sample, s.version, s.status, s.reason, s.released,
         s.file
  FROM src.selected s
  JOIN src.selections ss ON ss.id = s.selection_id
  JOIN main.selections ms ON ms.kind = ss.kind AND ms.source = ss.source AND ms.list_date = ss.list_date
    AND ms.seed = ss.seed AND ms.index_url = ss.index_url AND ms.as_of = ss.as_of AND ms.pick = ss.pick
  JOIN src.packages sp ON sp.id = s.package_id JOIN main.packages mp ON mp.name = sp.name WHERE true
  ON CONFLICT(selection_id, package_id) DO UPDATE SET version = excluded.version, status = excluded.status,
    reason = excluded.reason, released = excluded.released, file = excluded.file WHERE selected.status <> 'found' AND excluded.status = 'found')sql"},
    {"downloads", R"sql(
INSERT INTO main.downloads(package_id, filename, kind, url, size, sha256, upload_time, path, status, error, attempts,
                           version, read_as, bytes_read, requests, sha256_verified, read_note, members_left_out,
                           bytes_left_out)
  SELECT mp.id, d.filename, d.kind, d.url, d.size, d.sha256, d.upload_time, d.path, d.status, d.error, d.attempts,
         d.version, d.read_as, d.bytes_read, d.requests, d.sha256_verified, d.read_note, d.members_left_out,
         d.bytes_left_out
  FROM src.downloads d JOIN src.packages sp ON sp.id = d.package_id JOIN main.packages mp ON mp.name = sp.name
  WHERE true
  ON CONFLICT(package_id, filename) DO UPDATE SET path = excluded.path, status = excluded.status,
    error = excluded.error, attempts = excluded.attempts, read_as = excluded.read_as,
    bytes_read = excluded.bytes_read, requests = excluded.requests, sha256_verified = excluded.sha256_verified,
    read_note = excluded.read_note, members_left_out = excluded.members_left_out,
    bytes_left_out = excluded.bytes_left_out
  WHERE downloads.status <> 'done')sql"},
    {"index_costs", R"sql(
INSERT INTO main.index_costs(selection_id, requests, bytes)
  SELECT ms.id, c.requests, c.bytes FROM src.index_costs c
  JOIN src.selections ss ON ss.id = c.selection_id
  JOIN main.selections ms ON ms.kind = ss.kind AND ms.source = ss.source AND ms.list_date = ss.list_date
    AND ms.seed = ss.seed AND ms.index_url = ss.index_url AND ms.as_of = ss.as_of AND ms.pick = ss.pick
  WHERE true
  ON CONFLICT(selection_id) DO UPDATE SET requests = requests + excluded.requests, bytes = bytes + excluded.bytes)sql"},
    {"triage", R"sql(
INSERT INTO main.triage(package, path, statement, source, occurrence, category, note, updated_at)
  SELECT package, path, statement, source, occurrence, category, note, updated_at FROM src.triage WHERE true
  ON CONFLICT(package, path, statement, source, occurrence) DO UPDATE SET category = excluded.category, note = excluded.note,
    updated_at = excluded.updated_at WHERE excluded.updated_at > triage.updated_at)sql"},
};

}  // namespace

MergeTotals merge_stores(const std::string& out, const std::vector<std::string>& inputs) {
  ScopedTimer t("merge");
  // Every input is checked before OUT is touched: it exists, is a store of this schema, and is
  // not OUT itself (merging a store into itself would only rewrite it).
  for (const std::string& in : inputs) {
    if (names_store_file(out, in))
      throw DbError(fmt::format("{}: is the merge's output; name OUT once, before the stores to merge into it", in));
    Db check(in, OpenMode::Read);
  }
  // Timed apart: opening may migrate an older output store.
  Db db = [&] {
    ScopedTimer open("open the output");
    return Db(out);
  }();
  MergeTotals totals;
  for (const std::string& in : inputs) {
    // Attached read-only: merge never writes into its inputs.
    Query attach = db.prepare("ATTACH DATABASE ? AS src");
    attach.bind(1, file_uri(in, "mode=ro"));
    attach.run();
    try {
      ScopedTimer merge_one(fmt::format("merge {}", in));
      WriteTransaction write(db);
      // The index of files by content takes each row at a random place: once it outgrows the
      // cache every insert is a page read and a page write, and copying the x64 dev census took
      // 20 s, 8 times the x16's. An input that at least doubles the files is copied without it,
      // and the index built again after by one sort (as analyze does), in the same transaction
      // (a merge cut short keeps it); each rebuild is paid for by as many new rows, so merging
      // many shards stays linear.
      const bool rebuild_index = *db.scalar("SELECT count(*) FROM src.files") >= *db.scalar("SELECT count(*) FROM main.files");
      if (rebuild_index) db.exec("DROP INDEX IF EXISTS main.files_hash");
      for (const MergeStep& step : kMergeSteps) {
        ScopedTimer t(step.table);
        db.exec(step.sql);
      }
      if (rebuild_index) {
        ScopedTimer t("index files by content");
        db.create_missing_schema();  // the index as sql/schema.sql defines it
      }
      write.commit();
    } catch (const DbError& e) {
      db.exec("DETACH DATABASE src");
      throw DbError(fmt::format("{}: cannot merge into {}: {}", in, out, e.what()));
    }
    db.exec("DETACH DATABASE src");
    totals.stores++;
  }
  ScopedTimer count("count the merged store");
  totals.artifacts = size_t(*db.scalar("SELECT count(*) FROM artifacts"));
  totals.contents = size_t(*db.scalar("SELECT count(*) FROM contents"));
  totals.packages = size_t(*db.scalar("SELECT count(*) FROM packages"));
  return totals;
}

}  // namespace pep765
