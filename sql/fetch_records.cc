#include "sql/fetch_records.h"

#include <filesystem>

#include "common/printable.h"

namespace pep765 {

namespace {

void bind_text_or_null(Query& q, int i, const std::string& text) {
  if (text.empty()) q.bind_null(i);
  else q.bind(i, text);
}

}  // namespace

FetchRecords::FetchRecords(Db& db)
    : db_(db),
      page_validators_(db.prepare("SELECT etag, last_modified FROM http_cache WHERE url = ?")),
      page_body_(db.prepare("SELECT body FROM http_cache WHERE url = ?")),
      keep_page_(db.prepare(
          "INSERT OR REPLACE INTO http_cache(url, etag, last_modified, body, fetched_at) VALUES(?,?,?,?,?)")),
      insert_selection_(db.prepare(
          "INSERT INTO selections(kind, source, list_date, seed, size, index_url, as_of, pick, created_at) "
          "VALUES(?,?,?,?,?,?,?,?,?) "
          "ON CONFLICT(kind, source, list_date, seed, index_url, as_of, pick) DO UPDATE SET size = max(size, excluded.size)")),
      selection_id_(db.prepare(
          "SELECT id FROM selections WHERE kind = ? AND source = ? AND list_date = ? AND seed = ? AND index_url = ? "
          "AND as_of = ? AND pick = ?")),
      insert_package_(db.prepare("INSERT INTO packages(name, listed_name, status) VALUES(?, ?, 'listed') "
                                 "ON CONFLICT(name) DO NOTHING")),
      package_id_(db.prepare("SELECT id FROM packages WHERE name = ?")),
      insert_listed_(db.prepare(
          "INSERT INTO selected(selection_id, package_id, rank, download_count, draw, in_sample) VALUES(?,?,?,?,?,1) "
          "ON CONFLICT(selection_id, package_id) DO UPDATE SET rank = excluded.rank, "
          "download_count = excluded.download_count, draw = excluded.draw, in_sample = 1")),
      insert_draw_(db.prepare(
          "INSERT OR REPLACE INTO selected(selection_id, package_id, rank, download_count, draw, in_sample, version, "
          "status, reason, released) VALUES(?,?,?,NULL,?,?,?,?,?,?)")),
      insert_invalid_name_(db.prepare(
          "INSERT OR REPLACE INTO invalid_names(selection_id, position, raw, reason) VALUES(?,?,?,?)")),
      update_package_(db.prepare(
          "UPDATE packages SET status = ?, error = ?, version = ?, release_rule = ?, lacks = ?, repository_url = ?, "
          "home_page = ?, project_urls = ?, fetched_at = ? WHERE id = ?")),
      update_selected_(db.prepare(
          "UPDATE selected SET version = ?, status = ?, reason = ?, released = ?, file = ? "
          "WHERE selection_id = ? AND package_id = ?")),
      // A file found on disk (?18) keeps the cost its row recorded when it was read.
      insert_download_(db.prepare(
          "INSERT INTO downloads(package_id, filename, kind, url, size, sha256, upload_time, path, status, error, "
          "attempts, version, read_as, bytes_read, requests, sha256_verified, read_note, members_left_out, bytes_left_out) "
          "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?19,?20) "
          "ON CONFLICT(package_id, filename) DO UPDATE SET kind = excluded.kind, url = excluded.url, "
          "size = excluded.size, sha256 = excluded.sha256, upload_time = excluded.upload_time, path = excluded.path, "
          "status = excluded.status, error = excluded.error, attempts = excluded.attempts, version = excluded.version, "
          "read_as = excluded.read_as, sha256_verified = excluded.sha256_verified, "
          "bytes_read = CASE WHEN ?18 AND downloads.read_as IS excluded.read_as THEN downloads.bytes_read ELSE excluded.bytes_read END, "
          "requests = CASE WHEN ?18 AND downloads.read_as IS excluded.read_as THEN downloads.requests ELSE excluded.requests END, "
          "read_note = CASE WHEN ?18 AND downloads.read_as IS excluded.read_as THEN downloads.read_note ELSE excluded.read_note END, "
          "members_left_out = CASE WHEN ?18 AND downloads.read_as IS excluded.read_as THEN downloads.members_left_out "
          "ELSE excluded.members_left_out END, "
          "bytes_left_out = CASE WHEN ?18 AND downloads.read_as IS excluded.read_as THEN downloads.bytes_left_out "
          "ELSE excluded.bytes_left_out END")),
      mark_artifact_(db.prepare(
          "UPDATE artifacts SET package_id = ?1, version = ?2, project = (SELECT name FROM packages WHERE id = ?1) "
          "WHERE path = ?3")),
      ranged_read_(db.prepare(
          "SELECT 1 FROM downloads WHERE package_id = ? AND filename = ? AND path = ? AND size = ? AND sha256 = ? "
          "AND status = 'done' AND read_as = 'ranges'")),
      add_index_cost_(db.prepare(
          "INSERT INTO index_costs(selection_id, requests, bytes) VALUES(?1, ?2, ?3) ON CONFLICT(selection_id) "
          "DO UPDATE SET requests = requests + excluded.requests, bytes = bytes + excluded.bytes")) {}

std::optional<CachedPage> FetchRecords::cached_page(const std::string& url) {
  page_validators_.bind(1, url);
  std::optional<CachedPage> page;
  if (page_validators_.step()) page = CachedPage{page_validators_.text(0), page_validators_.text(1)};
  page_validators_.reset();
  return page;
}

std::string FetchRecords::cached_body(const std::string& url) {
  page_body_.bind(1, url);
  std::string body = page_body_.step() ? std::string(page_body_.blob(0)) : std::string();
  page_body_.reset();
  return body;
}

void FetchRecords::keep_page(const std::string& url, const CachedPage& validators, const std::string& body) {
  WriteTransaction write(db_);
  keep_page_.bind(1, url).bind(2, validators.etag).bind(3, validators.last_modified)
      .bind_blob(4, body.data(), body.size()).bind(5, utc_timestamp());
  keep_page_.run();
  write.commit();
}

int64_t FetchRecords::selection_row(const SelectionRecord& s) {
  insert_selection_.bind(1, s.kind).bind(2, s.source).bind(3, s.list_date).bind(4, s.seed).bind(5, s.size)
      .bind(6, s.index_url).bind(7, s.as_of).bind(8, s.pick).bind(9, utc_timestamp());
  insert_selection_.run();
  selection_id_.bind(1, s.kind).bind(2, s.source).bind(3, s.list_date).bind(4, s.seed).bind(5, s.index_url)
      .bind(6, s.as_of).bind(7, s.pick);
  selection_id_.step();
  const int64_t id = selection_id_.int64(0);
  selection_id_.reset();
  return id;
}

int64_t FetchRecords::package_row(const std::string& name, const std::string& listed_name) {
  insert_package_.bind(1, name).bind(2, listed_name);
  insert_package_.run();
  package_id_.bind(1, name);
  package_id_.step();
  const int64_t id = package_id_.int64(0);
  package_id_.reset();
  return id;
}

FetchRecords::Recorded FetchRecords::record_top_selection(const SelectionRecord& s,
                                                          const std::vector<ListedRecord>& listed) {
  WriteTransaction write(db_);
  Recorded out;
  out.selection_id = selection_row(s);
  for (const ListedRecord& p : listed) {
    const int64_t id = package_row(p.name, p.listed_name);
    insert_listed_.bind(1, out.selection_id).bind(2, id).bind(3, p.rank);
    if (p.download_count) insert_listed_.bind(4, *p.download_count);
    else insert_listed_.bind_null(4);
    insert_listed_.bind(5, p.rank);  // a top list's draw is its rank
    insert_listed_.run();
    out.package_ids.push_back(id);
  }
  write.commit();
  return out;
}

int64_t FetchRecords::record_random_selection(const SelectionRecord& s) {
  WriteTransaction write(db_);
  const int64_t id = selection_row(s);
  write.commit();
  return id;
}

std::vector<int64_t> FetchRecords::package_rows(const std::vector<std::string>& names) {
  WriteTransaction write(db_);
  std::vector<int64_t> ids;
  for (const std::string& name : names) ids.push_back(package_row(name, name));
  write.commit();
  return ids;
}

void FetchRecords::record_draws(int64_t selection_id, const std::vector<DrawRecord>& draws) {
  WriteTransaction write(db_);
  for (const DrawRecord& d : draws) {
    Query& q = insert_draw_;
    q.bind(1, selection_id).bind(2, d.package_id);
    if (d.rank) q.bind(3, *d.rank);
    else q.bind_null(3);
    q.bind(4, d.draw).bind(5, int64_t(d.rank.has_value()));
    if (d.version) q.bind(6, *d.version);
    else q.bind_null(6);
    q.bind(7, d.status);
    bind_text_or_null(q, 8, d.reason);
    bind_text_or_null(q, 9, d.released);
    q.run();
  }
  write.commit();
}

void FetchRecords::record_invalid_names(int64_t selection_id, const std::vector<InvalidName>& names) {
  WriteTransaction write(db_);
  for (const InvalidName& n : names) {
    insert_invalid_name_.bind(1, selection_id).bind(2, int64_t(n.position)).bind(3, printable(n.raw)).bind(4, n.reason);
    insert_invalid_name_.run();
  }
  write.commit();
}

void FetchRecords::record_project(const ProjectRecord& p) {
  WriteTransaction write(db_);
  Query& q = update_package_;
  q.bind(1, p.status);
  bind_text_or_null(q, 2, p.error);
  q.bind(3, p.version).bind(4, p.release_rule).bind(5, p.lacks);
  if (p.has_urls) q.bind(6, p.repository_url).bind(7, p.home_page).bind(8, p.project_urls_json);
  else q.bind_null(6).bind_null(7).bind_null(8);
  q.bind(9, utc_timestamp()).bind(10, p.package_id);
  q.run();
  Query& s = update_selected_;  // a random draw's row is written once the round is settled
  if (p.selection_status == "found") s.bind(1, p.version);
  else s.bind_null(1);
  s.bind(2, p.selection_status);
  bind_text_or_null(s, 3, p.reason);
  bind_text_or_null(s, 4, p.released);
  bind_text_or_null(s, 5, p.file);
  s.bind(6, p.selection_id).bind(7, p.package_id);
  s.run();
  write.commit();
}

void FetchRecords::record_download(const DownloadRecord& d) {
  WriteTransaction write(db_);
  Query& q = insert_download_;
  q.bind(1, d.package_id).bind(2, d.filename).bind(3, d.kind).bind(4, d.url).bind(5, d.size).bind(6, d.sha256)
      .bind(7, d.upload_time).bind(8, d.path).bind(9, d.status);
  bind_text_or_null(q, 10, d.error);
  q.bind(11, d.attempts).bind(12, d.version);
  if (d.read_as.empty()) {  // not read: no cost to speak of
    q.bind_null(13).bind_null(14).bind_null(15).bind_null(16);
  } else {
    q.bind(13, d.read_as).bind(14, d.bytes_read).bind(15, d.requests).bind(16, int64_t(d.sha256_verified));
  }
  bind_text_or_null(q, 17, d.read_note);
  q.bind(18, int64_t(d.kept));
  if (d.read_as == "ranges")
    q.bind(19, d.members_left_out).bind(20, d.bytes_left_out);
  else
    q.bind_null(19).bind_null(20);
  q.run();
  if (d.status == "done") {
    mark_artifact_.bind(1, d.package_id).bind(2, d.version).bind(3, d.path);
    mark_artifact_.run();
  }
  write.commit();
}

bool FetchRecords::holds_ranged_read(int64_t package_id, const std::string& filename, const std::string& path,
                                     int64_t size, const std::string& sha256) {
  ranged_read_.bind(1, package_id).bind(2, filename).bind(3, path).bind(4, size).bind(5, sha256);
  const bool held = ranged_read_.step();
  ranged_read_.reset();
  return held;
}

void FetchRecords::add_index_cost(int64_t selection_id, int64_t requests, int64_t bytes) {
  WriteTransaction write(db_);
  add_index_cost_.bind(1, selection_id).bind(2, requests).bind(3, bytes);
  add_index_cost_.run();
  write.commit();
}

std::vector<std::string> verified_download_paths(const std::string& db_path) {
  // Asked by a writing command (analyze given no PATH), which migrates an older store; a store
  // that is not there is refused as a reader refuses it, not made anew.
  std::error_code ec;
  Db db(db_path, std::filesystem::is_regular_file(db_path, ec) ? OpenMode::Write : OpenMode::Read);
  std::vector<std::string> paths;
  Query q = db.prepare("SELECT path FROM downloads WHERE status = 'done' AND path <> '' ORDER BY path");
  while (q.step()) paths.push_back(q.text(0));
  return paths;
}

}  // namespace pep765
