// The fetch stage, in the order it runs:
//   top-N:   load_list -> record_selection -> fetch_projects (each project's files are
//            downloaded as soon as its release is known)
//   random:  draw_sample (the index's project list, drawn in seeded order until N projects
//            have files) -> download_sample
// Both go through one libcurl multi loop: index JSON (cached) -> release -> files.
#include "fetch/fetch.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/printable.h"
#include "common/progress.h"
#include "common/url.h"
#include "common/timings.h"
#include "fetch/release.h"
#include "fetch/sample.h"
#include "fetch/toplist.h"
#include "fetch/transfers.h"
#include "sql/db.h"

namespace fs = std::filesystem;

namespace pep765 {

namespace {

std::string without_trailing_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

struct Project {
  ListedProject listed;
  int64_t id = 0;
  size_t outstanding = 0;            // files not yet settled
  std::vector<std::string> ready;    // verified paths
  std::optional<ReleaseChoice> choice;  // once resolved with files to fetch
  std::string status = "listed";     // what this selection records: found | not_found | no_release | failed
  std::string reason;                // why it is not found
};

struct FetchContext {
  FetchContext(const FetchOptions& o, Db& d)
      : options(o),
        db(d),
        insert_download(d.prepare(
            "INSERT OR REPLACE INTO downloads(package_id, filename, kind, url, size, sha256, upload_time, path, "
            "status, error, attempts, version) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)")),
        update_selected(d.prepare(
            "UPDATE selected SET version = ?, status = ?, reason = ? WHERE selection_id = ? AND package_id = ?")),
        update_package(d.prepare(
            "UPDATE packages SET status = ?, error = ?, version = ?, release_rule = ?, lacks = ?, repository_url = ?, "
            "home_page = ?, project_urls = ?, fetched_at = ? WHERE id = ?")) {}
  const FetchOptions& options;
  Db& db;
  Query insert_download, update_selected, update_package;
  TopList list;
  int64_t selection_id = 0;
  std::deque<Project> projects;  // a deque: callbacks hold references while it grows
  size_t expected = 0;           // projects the progress counts to
  FetchTotals totals;
  size_t projects_done = 0;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  Progress progress{options.progress, "packages"};

  void report(std::string message) {
    progress.interrupt();
    fmt::print(stderr, "pep765: {}\n", printable(message));
    totals.problems.push_back(std::move(message));
  }
  size_t index_answers = 0;      // index pages answered with any HTTP status
  size_t index_unreachable = 0;  // index pages that got no answer at all, before the first answer
  std::vector<std::string> unanswered;  // their messages, said once the index has answered
};

// After this many index requests without a single answer, the index is taken as unreachable.
constexpr size_t kUnreachableAfter = 8;

TransferOptions transfer_options(const FetchOptions& o) {
  TransferOptions t;
  t.parallel = std::max<size_t>(1, o.jobs);
  t.max_attempts = std::max(1, o.attempts);
  t.backoff_base_s = o.backoff_s;
  t.user_agent = fmt::format("pep765/{}", PEP765_VERSION);  // no home page to name yet: none invented
  t.max_page_bytes = o.max_page_bytes;
  return t;
}

// A GET of an index page, answered from the store's cache when the server says "not modified".
void get_cached(FetchContext& ctx, Transfers& transfers, const std::string& url, const std::string& accept,
                std::function<void(TransferResult&&, std::string&& body)> done) {
  TransferRequest req;
  req.url = url;
  req.accept = accept;
  {
    Query q = ctx.db.prepare("SELECT etag, last_modified FROM http_cache WHERE url = ?");
    q.bind(1, url);
    if (q.step()) {
      req.if_none_match = q.text(0);
      req.if_modified_since = q.text(1);
    }
  }
  transfers.add(std::move(req), [&ctx, url, done = std::move(done)](TransferResult&& r) {
    std::string body;
    if (r.not_modified()) {
      Query q = ctx.db.prepare("SELECT body FROM http_cache WHERE url = ?");
      q.bind(1, url);
      if (q.step()) body = std::string(q.blob(0));
    } else if (r.ok()) {
      body = r.body;
      if (!r.etag.empty() || !r.last_modified.empty()) {
        WriteTransaction write(ctx.db);
        Query q = ctx.db.prepare(
            "INSERT OR REPLACE INTO http_cache(url, etag, last_modified, body, fetched_at) VALUES(?,?,?,?,?)");
        q.bind(1, url).bind(2, r.etag).bind(3, r.last_modified).bind_blob(4, body.data(), body.size()).bind(5, utc_timestamp());
        q.run();
        write.commit();
      }
    }
    done(std::move(r), std::move(body));
  });
}

void load_list(FetchContext& ctx) {
  ScopedTimer t("load list");
  std::string body;
  if (is_http_url(ctx.options.list)) {
    Transfers transfers(transfer_options(ctx.options));
    std::string error;
    get_cached(ctx, transfers, ctx.options.list, "application/json, text/plain;q=0.5",
               [&](TransferResult&& r, std::string&& b) {
                 if (!r.ok()) error = r.error;
                 body = std::move(b);
               });
    transfers.run();
    if (!error.empty()) throw std::runtime_error(fmt::format("{}: cannot fetch the top list: {}", ctx.options.list, error));
  } else {
    std::ifstream in(ctx.options.list, std::ios::binary);
    if (!in) throw std::runtime_error(fmt::format("{}: cannot read the top list", ctx.options.list));
    std::error_code ec;
    if (auto size = fs::file_size(ctx.options.list, ec); !ec && size > ctx.options.max_page_bytes)
      throw std::runtime_error(fmt::format("{}: the top list is {} bytes, over --max-page-bytes ({})", ctx.options.list,
                                           size, ctx.options.max_page_bytes));
    std::stringstream ss;
    ss << in.rdbuf();
    body = ss.str();
  }
  try {
    ctx.list = parse_top_list(body, ctx.options.top);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", ctx.options.list, e.what()));
  }
}

// The project's row in `packages` (made on first sight), by its normalised name.
int64_t package_row(Db& db, const std::string& name, const std::string& listed_name) {
  Query insert = db.prepare("INSERT INTO packages(name, listed_name, status) VALUES(?, ?, 'listed') "
                            "ON CONFLICT(name) DO NOTHING");
  insert.bind(1, name).bind(2, listed_name);
  insert.run();
  Query id = db.prepare("SELECT id FROM packages WHERE name = ?");
  id.bind(1, name);
  id.step();
  const int64_t row = id.int64(0);
  id.reset();
  return row;
}

void record_selection(FetchContext& ctx) {
  ScopedTimer t("record selection");
  Db& db = ctx.db;
  WriteTransaction write(db);
  {
    Query q = db.prepare(
        "INSERT INTO selections(kind, source, list_date, seed, size, index_url, as_of, created_at) "
        "VALUES('top', ?, ?, 0, ?, ?, ?, ?) "
        "ON CONFLICT(kind, source, list_date, seed, index_url, as_of) DO UPDATE SET size = max(size, excluded.size)");
    q.bind(1, ctx.options.list).bind(2, ctx.list.last_update).bind(3, int64_t(ctx.options.top))
        .bind(4, ctx.options.index_url).bind(5, ctx.options.as_of.value_or("")).bind(6, utc_timestamp());
    q.run();
    Query id = db.prepare(
        "SELECT id FROM selections WHERE kind = 'top' AND source = ? AND list_date = ? AND seed = 0 AND index_url = ? "
        "AND as_of = ?");
    id.bind(1, ctx.options.list).bind(2, ctx.list.last_update).bind(3, ctx.options.index_url)
        .bind(4, ctx.options.as_of.value_or(""));
    id.step();
    ctx.selection_id = id.int64(0);
    id.reset();
  }
  // A rerun keeps what the last run found of each project until this run finds it anew.
  Query insert_selected = db.prepare(
      "INSERT INTO selected(selection_id, package_id, rank, download_count, draw, in_sample) VALUES(?,?,?,?,?,1) "
      "ON CONFLICT(selection_id, package_id) DO UPDATE SET rank = excluded.rank, "
      "download_count = excluded.download_count, draw = excluded.draw, in_sample = 1");
  for (const ListedProject& p : ctx.list.projects) {
    const std::string name = normalize_project_name(p.name);
    if (!ctx.options.shard.holds(name)) continue;  // another shard's package
    Project project{p, package_row(db, name, p.name), 0, {}, {}, "listed", ""};
    insert_selected.bind(1, ctx.selection_id).bind(2, project.id).bind(3, p.rank);
    if (p.download_count) insert_selected.bind(4, *p.download_count);
    else insert_selected.bind_null(4);
    insert_selected.bind(5, p.rank);
    insert_selected.run();
    ctx.projects.push_back(std::move(project));
  }
  write.commit();
  ctx.totals.packages = ctx.projects.size();
  ctx.expected = ctx.projects.size();
}

// Packages settled of those listed (the ETA counts them), with the index pages answered and
// the bytes so far beside them.
void show_progress(FetchContext& ctx, uint64_t bytes, bool final) {
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.started).count();
  const std::string phase = ctx.index_answers < ctx.expected ? "fetch" : "download";
  ctx.progress.show(phase, double(ctx.projects_done), double(ctx.expected),
                    fmt::format("index pages {}/{}, {:.1f} MB at {:.1f} MB/s", ctx.index_answers, ctx.expected,
                                bytes / 1e6, secs > 0 ? bytes / 1e6 / secs : 0.0),
                    final);
}

void project_settled(FetchContext& ctx, Project& p) {
  ctx.projects_done++;
  if (ctx.options.on_package_ready && !p.ready.empty()) ctx.options.on_package_ready(p.ready);
}

void record_download(FetchContext& ctx, const Project& p, const ReleaseFile& f, const char* kind,
                     const std::string& path, const char* status, const std::string& error, int attempts) {
  WriteTransaction write(ctx.db);
  Query& q = ctx.insert_download;
  q.bind(1, p.id).bind(2, f.filename).bind(3, kind).bind(4, f.url).bind(5, int64_t(f.size)).bind(6, f.sha256)
      .bind(7, f.upload_time).bind(8, path).bind(9, status);
  if (error.empty()) q.bind_null(10);
  else q.bind(10, error);
  q.bind(11, attempts).bind(12, p.choice ? p.choice->version : "");
  q.run();
  if (std::string_view(status) == "done") {
    // A file analyzed before fetch recorded it (analyze given the folder) learns its release.
    Query mark = ctx.db.prepare("UPDATE artifacts SET package_id = ?, version = ? WHERE path = ?");
    mark.bind(1, p.id).bind(2, p.choice ? p.choice->version : "").bind(3, path);
    mark.run();
  }
  write.commit();
}

void download_files(FetchContext& ctx, Transfers& transfers, Project& p, const ReleaseChoice& choice) {
  std::vector<std::pair<ReleaseFile, const char*>> wanted;
  if (ctx.options.sdist && choice.sdist) wanted.push_back({*choice.sdist, "sdist"});
  if (ctx.options.wheel && choice.wheel) wanted.push_back({*choice.wheel, "wheel"});
  p.outstanding = wanted.size();
  if (wanted.empty()) {
    project_settled(ctx, p);
    return;
  }
  for (const auto& entry : wanted) {
    const ReleaseFile& file = entry.first;
    const char* kind = entry.second;
    // The index names the file; only its last path component is used on disk.
    const std::string name = fs::path(file.filename).filename().string();
    const std::string path = fs::absolute(fs::path(ctx.options.dest) / name).lexically_normal().string();
    auto settle_one = [&ctx, &p]() {
      if (--p.outstanding == 0) project_settled(ctx, p);
    };
    if (name.empty() || name == "." || name == "..") {
      record_download(ctx, p, file, kind, "", "failed", "the index gave no usable file name", 0);
      ctx.totals.failed_files++;
      settle_one();
      continue;
    }
    if (names_store_file(ctx.options.db_path, path)) {
      const std::string why = fmt::format("the file name '{}' would overwrite the store {}", name, ctx.options.db_path);
      record_download(ctx, p, file, kind, "", "failed", why, 0);
      ctx.totals.failed_files++;
      ctx.report(fmt::format("{}: {}", p.listed.name, why));
      settle_one();
      continue;
    }
    if (ctx.options.max_size && file.size > ctx.options.max_size) {
      record_download(ctx, p, file, kind, "", "skipped",
                      fmt::format("{} bytes, over --max-size {}", file.size, ctx.options.max_size), 0);
      ctx.totals.skipped++;
      settle_one();
      continue;
    }
    if (file.sha256.empty() && !ctx.options.allow_missing_digest) {
      // As pip's hash-checking mode: a file that cannot be verified is not taken.
      const std::string why = "the index gives no sha256 for it, so it cannot be verified (--allow-missing-digest "
                              "takes such files unchecked)";
      record_download(ctx, p, file, kind, "", "failed", why, 0);
      ctx.totals.failed_files++;
      ctx.report(fmt::format("{}: {}: {}", p.listed.name, file.filename, why));
      settle_one();
      continue;
    }
    std::error_code ec;
    if (fs::exists(path, ec) && !file.sha256.empty() && file_sha256(path) == file.sha256) {
      record_download(ctx, p, file, kind, path, "done", "", 0);
      ctx.totals.already_there++;
      p.ready.push_back(path);
      settle_one();
      continue;
    }
    TransferRequest req;
    req.url = file.url;
    req.dest = path;
    req.sha256 = file.sha256;
    req.max_bytes = ctx.options.max_size;
    if (file.has_size) req.expected_bytes = file.size;
    transfers.add(std::move(req), [&ctx, &p, file, kind, path, settle_one](TransferResult&& r) {
      if (r.ok()) {
        // Recorded: a file taken without a digest to check it against.
        record_download(ctx, p, file, kind, path, "done", file.sha256.empty() ? "unverified: the index gave no sha256" : "",
                        r.attempts);
        ctx.totals.downloaded++;
        ctx.totals.bytes += r.bytes;
        p.ready.push_back(path);
      } else {
        record_download(ctx, p, file, kind, path, "failed", r.error, r.attempts);
        ctx.totals.failed_files++;
        ctx.report(fmt::format("{}: {}: {} (after {} attempts)", p.listed.name, file.url, r.error, r.attempts));
      }
      settle_one();
    });
  }
}

// Records what the index said of a project: in `packages` (the project's latest metadata) and
// in this selection's row (the release it chose, or why none).
void record_project(FetchContext& ctx, Project& p, const char* status, const std::string& error,
                    const ReleaseChoice* choice, const ProjectDoc* doc) {
  p.status = std::string(status) == "resolved" ? "found" : status;
  p.reason = error;
  WriteTransaction write(ctx.db);
  Query& q = ctx.update_package;
  q.bind(1, status);
  if (error.empty()) q.bind_null(2);
  else q.bind(2, error);
  q.bind(3, choice ? choice->version : "").bind(4, choice ? choice->why : "").bind(5, choice ? choice->lacks : "");
  if (doc) {
    nlohmann::json urls = nlohmann::json::object();
    for (const auto& [label, url] : doc->project_urls) urls[label] = url;
    q.bind(6, repository_url(*doc));
    q.bind(7, doc->home_page);
    q.bind(8, urls.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    q.bind_null(6).bind_null(7).bind_null(8);
  }
  q.bind(9, utc_timestamp()).bind(10, p.id);
  q.run();
  Query& s = ctx.update_selected;  // a random draw's row is written once the round is settled
  if (p.status == "found") s.bind(1, choice->version);
  else s.bind_null(1);
  s.bind(2, p.status);
  if (p.reason.empty()) s.bind_null(3);
  else s.bind(3, p.reason);
  s.bind(4, ctx.selection_id).bind(5, p.id);
  s.run();
  write.commit();
}

// Asks the index for a project's release and records what it found. A project with files to
// fetch goes to `resolved` (its choice set); the others to `unusable`.
void resolve_project(FetchContext& ctx, Transfers& transfers, Project& p, std::function<void(Project&)> resolved,
                     std::function<void(Project&)> unusable) {
  const std::string index = without_trailing_slash(ctx.options.index_url);
  const std::string url = fmt::format("{}/pypi/{}/json", index, normalize_project_name(p.listed.name));
  get_cached(ctx, transfers, url, "application/json",
             [&ctx, &p, url, resolved = std::move(resolved), unusable = std::move(unusable)](TransferResult&& r,
                                                                                            std::string&& body) {
    if (!r.ok() && r.status == 0 && ctx.index_answers == 0 && ++ctx.index_unreachable >= kUnreachableAfter) {
      // Not one answer from the index, only failures to reach it: every other project would
      // fail the same way, slowly. Stop with one message (what was recorded stays).
      throw std::runtime_error(fmt::format("cannot reach the index {}: {} ({} requests failed and none was "
                                           "answered); check --index-url and the network, then rerun",
                                           ctx.options.index_url, r.error, ctx.index_unreachable));
    }
    if (r.status != 0 && ctx.index_answers++ == 0) {
      for (std::string& m : ctx.unanswered) ctx.report(std::move(m));  // the index is there: say them now
      ctx.unanswered.clear();
    }
    if (!r.ok()) {
      const bool missing = r.status == 404;
      record_project(ctx, p, missing ? "not_found" : "failed", r.error, nullptr, nullptr);
      (missing ? ctx.totals.not_found : ctx.totals.failed_packages)++;
      std::string message = fmt::format("{}: {}: {}", p.listed.name, url, r.error);
      // Before the index has answered once, a failure is held: it is said when the index
      // answers, or the fetch stops as unreachable with one message for all.
      if (!missing && ctx.index_answers == 0) ctx.unanswered.push_back(std::move(message));
      else if (!missing) ctx.report(std::move(message));
      unusable(p);
      return;
    }
    // The page is untrusted: checked into a ProjectDoc here, and whatever is wrong with it
    // fails this project alone, with the field named.
    ProjectDoc doc;
    ReleaseChoice choice;
    try {
      doc = parse_project(body);
      choice = choose_release(doc, ctx.options.as_of);
    } catch (const std::exception& e) {
      const std::string why = fmt::format("the index's JSON cannot be used: {}", e.what());
      record_project(ctx, p, "failed", why, nullptr, nullptr);
      ctx.totals.failed_packages++;
      ctx.report(fmt::format("{}: {}: {}", p.listed.name, url, why));
      unusable(p);
      return;
    }
    const bool no_release = !choice.usable();
    record_project(ctx, p, no_release ? "no_release" : "resolved", choice.reason, &choice, &doc);
    if (no_release) {
      ctx.totals.no_release++;
      unusable(p);
      return;
    }
    ctx.totals.resolved++;
    ctx.totals.missing_sdist += !choice.sdist;
    ctx.totals.missing_wheel += !choice.wheel;
    p.choice = std::move(choice);
    resolved(p);
  });
}

void run_transfers(FetchContext& ctx, Transfers& transfers, bool last) {
  transfers.run([&] { show_progress(ctx, transfers.bytes_received(), false); });
  if (last) show_progress(ctx, transfers.bytes_received(), true);
  for (std::string& m : ctx.unanswered) ctx.report(std::move(m));  // too few to call the index unreachable
  ctx.unanswered.clear();
}

void fetch_projects(FetchContext& ctx) {
  ScopedTimer t("fetch projects");
  fs::create_directories(ctx.options.dest);
  Transfers transfers(transfer_options(ctx.options));
  for (Project& p : ctx.projects)
    resolve_project(
        ctx, transfers, p, [&](Project& q) { download_files(ctx, transfers, q, *q.choice); },
        [&](Project& q) { project_settled(ctx, q); });
  run_transfers(ctx, transfers, true);
}

// The random sample: the index's project list, then rounds of draws in seeded order. Each
// round resolves as many candidates as projects are still missing and takes them in draw
// order, so the sample is the first N usable projects of the order, whatever order the
// answers come in; a draw with no usable release is recorded as replaced.
void draw_sample(FetchContext& ctx, Transfers& transfers) {
  ScopedTimer t("draw sample");
  const std::string index = without_trailing_slash(ctx.options.index_url);
  const std::string list_url = index + "/simple/";
  std::string list_body, list_error, list_etag;
  get_cached(ctx, transfers, list_url, "application/vnd.pypi.simple.v1+json, text/html;q=0.1",
             [&](TransferResult&& r, std::string&& body) {
               if (!r.ok()) list_error = r.error;
               list_etag = r.etag.empty() ? r.last_modified : r.etag;
               list_body = std::move(body);
             });
  transfers.run();
  if (!list_error.empty()) throw std::runtime_error(fmt::format("{}: cannot fetch the project list: {}", list_url, list_error));
  std::vector<std::string> order;
  try {
    order = draw_order(parse_project_list(list_body), ctx.options.seed);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", list_url, e.what()));
  }
  Db& db = ctx.db;
  {
    WriteTransaction write(db);
    Query q = db.prepare(
        "INSERT INTO selections(kind, source, list_date, seed, size, index_url, as_of, created_at) "
        "VALUES('random', ?, '', ?, ?, ?, ?, ?) "
        "ON CONFLICT(kind, source, list_date, seed, index_url, as_of) DO UPDATE SET size = max(size, excluded.size)");
    q.bind(1, list_url).bind(2, int64_t(ctx.options.seed)).bind(3, int64_t(ctx.options.random))
        .bind(4, ctx.options.index_url).bind(5, ctx.options.as_of.value_or("")).bind(6, utc_timestamp());
    q.run();
    Query id = db.prepare("SELECT id FROM selections WHERE kind = 'random' AND source = ? AND seed = ? AND as_of = ?");
    id.bind(1, list_url).bind(2, int64_t(ctx.options.seed)).bind(3, ctx.options.as_of.value_or(""));
    id.step();
    ctx.selection_id = id.int64(0);
    id.reset();
    write.commit();
  }
  Query insert_selected = db.prepare(
      "INSERT OR REPLACE INTO selected(selection_id, package_id, rank, download_count, draw, in_sample, version, "
      "status, reason) VALUES(?,?,?,NULL,?,?,?,?,?)");
  ctx.expected = ctx.options.random;
  size_t next = 0, usable = 0;
  while (usable < ctx.options.random && next < order.size()) {
    std::vector<Project*> round;
    {
      WriteTransaction write(db);
      for (size_t want = ctx.options.random - usable; want > 0 && next < order.size(); want--, next++) {
        Project& p = ctx.projects.emplace_back(
            Project{{order[next], int(next + 1), std::nullopt}, package_row(db, order[next], order[next]), 0, {}, {}, "listed", ""});
        round.push_back(&p);
      }
      write.commit();
    }
    for (Project* p : round) resolve_project(ctx, transfers, *p, [](Project&) {}, [](Project&) {});
    run_transfers(ctx, transfers, false);
    WriteTransaction write(db);
    for (Project* p : round) {
      const bool in_sample = p->choice && usable < ctx.options.random;
      insert_selected.bind(1, ctx.selection_id).bind(2, p->id);
      if (in_sample) insert_selected.bind(3, int64_t(++usable));
      else insert_selected.bind_null(3);
      insert_selected.bind(4, p->listed.rank).bind(5, int64_t(in_sample));
      if (p->choice) insert_selected.bind(6, p->choice->version);
      else insert_selected.bind_null(6);
      insert_selected.bind(7, p->status);
      if (p->reason.empty()) insert_selected.bind_null(8);
      else insert_selected.bind(8, p->reason);
      insert_selected.run();
      ctx.totals.drawn++;
      if (!in_sample) ctx.totals.replaced++;
    }
    write.commit();
  }
  if (usable < ctx.options.random)
    ctx.report(fmt::format("the index lists only {} usable projects of the {} asked for", usable, ctx.options.random));
  ctx.totals.packages = usable;
  ctx.expected = 0;
  for (const Project& p : ctx.projects)
    ctx.expected += p.choice && ctx.options.shard.holds(normalize_project_name(p.listed.name));
}

void download_sample(FetchContext& ctx, Transfers& transfers) {
  ScopedTimer t("download sample");
  fs::create_directories(ctx.options.dest);
  // Every shard draws and resolves the whole sample (index pages only), so all agree on it;
  // each downloads its own packages.
  for (Project& p : ctx.projects)
    if (p.choice && ctx.options.shard.holds(normalize_project_name(p.listed.name)))
      download_files(ctx, transfers, p, *p.choice);
  run_transfers(ctx, transfers, true);
}

}  // namespace

FetchTotals fetch(const FetchOptions& options) {
  ScopedTimer t("fetch");
  if ((options.top == 0) == (options.random == 0))
    throw std::runtime_error("fetch: give one of --top N or --random N (N > 0)");
  Db db(options.db_path);
  FetchContext ctx(options, db);
  if (options.top) {
    load_list(ctx);
    record_selection(ctx);
    fetch_projects(ctx);
  } else {
    Transfers transfers(transfer_options(options));
    draw_sample(ctx, transfers);
    download_sample(ctx, transfers);
  }
  return std::move(ctx.totals);
}

std::vector<std::string> fetched_paths(const std::string& db_path) {
  Db db(db_path, OpenMode::Read);
  std::vector<std::string> paths;
  Query q = db.prepare("SELECT path FROM downloads WHERE status = 'done' AND path <> '' ORDER BY path");
  while (q.step()) paths.push_back(q.text(0));
  return paths;
}

}  // namespace pep765
