// The fetch stage, in the order it runs:
//   top-N:   load_list -> record_selection -> fetch_projects (each project's files are
//            downloaded as soon as its release is known)
//   random:  draw_sample (the index's project list, drawn in seeded order until N projects
//            have files) -> download_sample
// Both go through one libcurl multi loop: project page (cached; Simple API or legacy JSON, one
// ProjectPage either way) -> release -> (core metadata, for the links) -> files.
#include "fetch/fetch.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "common/printable.h"
#include "common/progress.h"
#include "common/url.h"
#include "common/timings.h"
#include "fetch/project_page.h"
#include "fetch/release.h"
#include "fetch/sample.h"
#include "fetch/study_pick.h"
#include "fetch/toplist.h"
#include "fetch/transfers.h"
#include "sql/analysis_records.h"
#include "sql/fetch_records.h"

namespace fs = std::filesystem;

namespace pep765 {

namespace {

struct Project {
  ListedProject listed;
  int64_t id = 0;
  size_t outstanding = 0;            // files not yet settled
  std::vector<std::string> ready;    // verified paths
  std::optional<ReleaseChoice> choice;  // once resolved with files to fetch
  std::string status = "listed";     // what this selection records: found | not_found | no_release | failed
  std::string reason;                // why it is not found
  std::string released;              // the chosen release's date: its earliest upload
  bool sdist_pending = false;        // its sdist waits to be downloaded or is under way
  bool wheel_held = false;           // its ranged wheel waits for the sdist to settle (held_wheels)
};

// A file that passed every check and is not on disk yet.
struct PendingDownload {
  Project* project = nullptr;
  ReleaseFile file;
  const char* kind = "";
  std::string path;
};

struct FetchContext {
  FetchContext(const FetchOptions& o, Db& db)
      : options(o), index(locate_index(o.index_url, o.index_api)), store(db), db(db) {}
  const FetchOptions& options;
  const IndexLocation index;  // where the pages are, and the credentials for them
  FetchRecords store;  // on the fetch's own connection
  Db& db;              // the same, for what analysis stored of a release's sdist
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
  // A file could not be written for want of space: every file after would fail the same way.
  // Thrown from the transfer's callback, it ends the loop; what was recorded stays committed.
  [[noreturn]] void disk_full(const std::string& why) {
    progress.interrupt();
    throw Error(Error::Kind::Work, options.dest, "the disk is full",
                fmt::format("{}; what was committed is intact: free space and rerun to go on", why));
  }
  // Files past every check and not on disk, waiting for --max-total's word, in the order
  // download_files gave them (with a cap: projects in list order, sdist before wheel).
  std::deque<PendingDownload> pending;
  // Ranged wheels held until their project's sdist settles, and then (under `run`) until the
  // analysis has stored it: `wait_for` is the sdist's path, "" when there is nothing to wait for.
  struct HeldWheel {
    PendingDownload download;
    bool released = false;
    std::string wait_for;
  };
  std::deque<HeldWheel> held_wheels;
  uint64_t reserved = 0;           // of --max-total: declared sizes taken, bytes of undeclared ones received
  bool cap_reached = false;        // a file did not fit: every later one is skipped
  bool metered_in_flight = false;  // a file of undeclared size is downloading: the next ones wait for its size
  size_t index_answers = 0;      // index pages answered with any HTTP status
  size_t index_unreachable = 0;  // index pages that got no answer at all, before the first answer
  std::vector<std::string> unanswered;  // their messages, said once the index has answered
  bool said_api_note = false;           // a newer simple API minor version, said once
  // What the index's pages, core metadata files and the list cost this run: requests (every
  // attempt) and body bytes; recorded with the selection at the end.
  int64_t index_requests = 0, index_bytes = 0;
  void count_index(const TransferResult& r) {
    index_requests += r.attempts;
    index_bytes += int64_t(r.bytes);
  }
};

// After this many index requests without a single answer, the index is taken as unreachable.
constexpr size_t kUnreachableAfter = 8;
// A file's core metadata is a few kB of headers and the description; more is no metadata.
constexpr uint64_t kMaxCoreMetadataBytes = 4u << 20;

TransferOptions transfer_options(const FetchOptions& o, const IndexLocation& index) {
  TransferOptions t;
  t.auth_origin = origin_of(index.origin);
  t.user = index.user;
  t.password = index.password;
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
  if (std::optional<CachedPage> kept = ctx.store.cached_page(url)) {
    req.if_none_match = kept->etag;
    req.if_modified_since = kept->last_modified;
  }
  transfers.add(std::move(req), [&ctx, url, done = std::move(done)](TransferResult&& r) {
    ctx.count_index(r);
    std::string body;
    if (r.not_modified()) {
      body = ctx.store.cached_body(url);
    } else if (r.ok()) {
      body = r.body;
      if (!r.etag.empty() || !r.last_modified.empty()) ctx.store.keep_page(url, {r.etag, r.last_modified}, body);
    }
    done(std::move(r), std::move(body));
  });
}

void load_list(FetchContext& ctx) {
  ScopedTimer t("load list");
  std::string body;
  if (is_http_url(ctx.options.list)) {
    Transfers transfers(transfer_options(ctx.options, ctx.index));
    std::string error;
    get_cached(ctx, transfers, ctx.options.list, "application/json, text/plain;q=0.5",
               [&](TransferResult&& r, std::string&& b) {
                 if (!r.ok()) error = r.error;
                 body = std::move(b);
               });
    transfers.run();
    if (!error.empty()) throw Error(Error::Kind::Input, ctx.options.list, "cannot fetch the top list", error);
  } else {
    std::ifstream in(ctx.options.list, std::ios::binary);
    if (!in) throw Error::from_errno(ctx.options.list, "cannot read the top list", errno);
    std::error_code ec;
    if (auto size = fs::file_size(ctx.options.list, ec); !ec && size > ctx.options.max_page_bytes)
      throw Error(Error::Kind::Input, ctx.options.list,
                  fmt::format("the top list is {} bytes, over --max-page-bytes ({})", size, ctx.options.max_page_bytes));
    std::stringstream ss;
    ss << in.rdbuf();
    body = ss.str();
  }
  try {
    ctx.list = parse_top_list(body, ctx.options.top);
  } catch (const std::exception& e) {
    throw Error(Error::Kind::Input, ctx.options.list, e.what());
  }
}

// The list's or index's entries that are no project names: stored with the selection, said
// once with the first few, counted in the closing line.
void record_invalid_names(FetchContext& ctx, const std::vector<InvalidName>& invalid) {
  if (invalid.empty()) return;
  ctx.store.record_invalid_names(ctx.selection_id, invalid);
  ctx.totals.invalid_names = invalid.size();
  std::string first;
  for (size_t i = 0; i < invalid.size() && i < 3; i++)
    first += fmt::format("{}'{}' ({})", i ? ", " : "", invalid[i].raw, invalid[i].reason);
  ctx.report(fmt::format("{} entries of {} are no project names and were skipped: {}{}", invalid.size(),
                         ctx.options.top ? ctx.options.list : "the index's project list", first,
                         invalid.size() > 3 ? ", ..." : ""));
}

void record_selection(FetchContext& ctx) {
  ScopedTimer t("record selection");
  std::vector<ListedRecord> listed;
  std::vector<const ListedProject*> projects;
  for (const ListedProject& p : ctx.list.projects) {
    std::string name = normalize_project_name(p.name);
    if (!ctx.options.shard.holds(name)) continue;  // another shard's package
    listed.push_back({std::move(name), p.name, p.rank, p.download_count});
    projects.push_back(&p);
  }
  const SelectionRecord selection{"top", ctx.options.list, ctx.list.last_update, 0, int64_t(ctx.options.top),
                                  ctx.index.shown, ctx.options.as_of.value_or(""), pick_name(ctx.options.pick)};
  const FetchRecords::Recorded recorded = ctx.store.record_top_selection(selection, listed);
  ctx.selection_id = recorded.selection_id;
  record_invalid_names(ctx, ctx.list.invalid);
  for (size_t i = 0; i < projects.size(); i++)
    ctx.projects.push_back(Project{*projects[i], recorded.package_ids[i], 0, {}, {}, "listed", "", ""});
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

void admit_downloads(FetchContext& ctx, Transfers& transfers);

// How a file was read, for its row: nothing (skipped, or failed before any transfer) unless given.
struct ReadCost {
  const char* read_as = "";  // whole | ranges
  uint64_t bytes = 0;
  int requests = 0;
  bool sha256_verified = false;
  std::string note;          // why a wheel the ranges could read was read whole
  bool kept = false;         // on disk already: the cost its first read recorded stands
  size_t members_left_out = 0;  // a ranged read: members the sdist gave, and their bytes unread
  uint64_t bytes_left_out = 0;
};

void record_download(FetchContext& ctx, const Project& p, const ReleaseFile& f, const char* kind,
                     const std::string& path, const char* status, const std::string& error, int attempts,
                     const ReadCost& cost = {}) {
  ctx.store.record_download({p.id, f.filename, kind, f.url, int64_t(f.size), f.sha256, f.upload_time, path, status,
                             error, attempts, p.choice ? p.choice->version : "", cost.read_as, int64_t(cost.bytes),
                             cost.requests, cost.sha256_verified, cost.note, cost.kept,
                             int64_t(cost.members_left_out), int64_t(cost.bytes_left_out)});
}

// Whether a wheel may be read by ranges at all: the index declares its size, it is large
// enough for ranges to save anything (fetch/ranged_wheel.h), and not --whole-files.
bool may_read_by_ranges(const FetchOptions& o, const ReleaseFile& f, const std::string& kind) {
  return !o.whole_files && kind == "wheel" && f.has_size && f.size >= kMinRangedWheelBytes;
}

// Whether it is: a platform wheel (mostly shared libraries) always; a pure wheel (nearly all
// .py, so ranges alone save nothing) only where its release's sdist is taken too and what the
// sdist gave may be left out; every other file whole.
bool reads_by_ranges(const FetchOptions& o, const Project& p, const ReleaseFile& f, const std::string& kind) {
  const bool sdist_taken = o.sdist && p.choice && p.choice->sdist;
  return may_read_by_ranges(o, f, kind) && (!is_pure_wheel_name(f.filename) || (o.skip_sdist_modules && sdist_taken));
}

// Where a project's file goes: DEST/PROJECT/FILENAME, PROJECT its normalised name (checked at
// the list's edge: letters, digits and '-'). Two projects never share a path, whatever their
// files are called; the file keeps its own name, which analyze reads its identity from.
fs::path project_folder(const FetchContext& ctx, const Project& p) {
  return fs::absolute(fs::path(ctx.options.dest) / normalize_project_name(p.listed.name)).lexically_normal();
}

// A file already on disk is taken only when its bytes are the ones the index gives for this
// project's file, never on its name alone. One in DEST itself, where pep765 before schema 6
// put every project's files, is taken too when its digest matches. The copy found, if any.
std::optional<fs::path> verified_copy(const FetchContext& ctx, const ReleaseFile& file, const std::string& path,
                                      const std::string& name) {
  if (file.sha256.empty()) return std::nullopt;
  std::error_code ec;
  if (fs::exists(path, ec)) return file_sha256(path) == file.sha256 ? std::optional<fs::path>(path) : std::nullopt;
  const fs::path flat = fs::absolute(fs::path(ctx.options.dest) / name).lexically_normal();
  if (!fs::is_regular_file(flat, ec) || file_sha256(flat.string()) != file.sha256) return std::nullopt;
  return flat;
}

// A verified copy is kept; one in DEST itself is moved into the project's folder (one that does
// not match stays where it is, untouched).
bool reuse_verified(const FetchContext& ctx, const ReleaseFile& file, const std::string& path, const std::string& name) {
  const std::optional<fs::path> copy = verified_copy(ctx, file, path, name);
  if (!copy || *copy == fs::path(path)) return bool(copy);
  std::error_code ec;
  fs::rename(*copy, path, ec);
  return !ec;
}

// A wheel an earlier fetch read by ranges into `path`, of the same file (its declared size and
// sha256) and still that size on disk: a rerun reads nothing again. Not under --whole-files,
// which takes every file whole and verified.
bool ranged_copy(FetchContext& ctx, const Project& p, const ReleaseFile& file, const char* kind, const std::string& path) {
  if (!may_read_by_ranges(ctx.options, file, kind)) return false;
  std::error_code ec;
  const auto on_disk = fs::file_size(path, ec);
  return !ec && on_disk == file.size && fs::is_regular_file(path, ec) &&
         ctx.store.holds_ranged_read(p.id, file.filename, path, int64_t(file.size), file.sha256);
}

// Partial files of `name` a killed run left (NAME.PID.part, a process that is gone: this one
// holds --dest's lock, so no other is writing here) are removed before the file is fetched.
void remove_stale_parts(const fs::path& folder, const std::string& name) {
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string entry = it->path().filename().string();
    if (entry.size() > name.size() + 6 && entry.starts_with(name + ".") && entry.ends_with(".part"))
      fs::remove(it->path(), ec);
  }
}

// The sdist of a project whose wheel is held has settled (the wheel is its only other file):
// the wheel may go, once analysis has stored the sdist where `run` analyzes as it fetches.
void release_held_wheel(FetchContext& ctx, Project& p) {
  p.wheel_held = false;
  for (FetchContext::HeldWheel& h : ctx.held_wheels) {
    if (h.download.project != &p || h.released) continue;
    h.released = true;
    if (ctx.options.sdist_stored && ctx.options.on_package_ready && !p.ready.empty()) {
      h.wait_for = p.ready.front();  // the verified sdist, handed over now, alone
      ctx.options.on_package_ready(p.ready);
      p.ready.clear();
    }
  }
}

void file_settled(FetchContext& ctx, Project& p) {
  if (--p.outstanding == 0) return project_settled(ctx, p);
  if (p.wheel_held) release_held_wheel(ctx, p);
}

void plan_file(FetchContext& ctx, const Project& p, const ReleaseFile& f, const char* kind, PlannedFate fate,
               const std::string& reason) {
  ctx.totals.plan.files.push_back({p.listed.name, p.listed.rank, p.choice ? p.choice->version : "", kind, f.filename,
                                   f.url, f.has_size ? std::optional<uint64_t>(f.size) : std::nullopt, fate, reason,
                                   reads_by_ranges(ctx.options, p, f, kind)});
}

// A file not taken, before any transfer: skipped (over a limit) or failed (`reason` says why),
// recorded so (or, in a plan, written down with its fate); `said`, when given, is printed too.
void not_taken(FetchContext& ctx, Project& p, const ReleaseFile& file, const char* kind, PlannedFate fate,
               const std::string& reason, const std::string& said = "") {
  if (std::string_view(kind) == "sdist") p.sdist_pending = false;
  const bool skipped = fate == PlannedFate::OverMaxSize || fate == PlannedFate::OverMaxTotal;
  if (ctx.options.plan) {
    plan_file(ctx, p, file, kind, fate, skipped ? "" : reason);
  } else {
    record_download(ctx, p, file, kind, "", skipped ? "skipped" : "failed", reason, 0);
    (skipped ? ctx.totals.skipped : ctx.totals.failed_files)++;
    if (!said.empty()) ctx.report(said);
  }
  if (fate == PlannedFate::OverMaxTotal) ctx.totals.over_max_total++;
  file_settled(ctx, p);
}

// A download that ended well: recorded with how it was read, handed on with its project.
void download_done(FetchContext& ctx, Project& p, const PendingDownload& d, int attempts, const ReadCost& cost) {
  if (std::string_view(d.kind) == "sdist") p.sdist_pending = false;
  const ReleaseFile& file = d.file;
  // Recorded: a file taken without a digest to check it against, or read by ranges.
  std::string error = file.sha256.empty() ? "unverified: the index gave no sha256" : "";
  record_download(ctx, p, file, d.kind, d.path, "done", error, attempts, cost);
  ctx.totals.downloaded++;
  ctx.totals.bytes += cost.bytes;
  if (std::string(cost.read_as) == "ranges") ctx.totals.read_by_ranges++;
  p.ready.push_back(d.path);
  file_settled(ctx, p);
}

void download_failed(FetchContext& ctx, Project& p, const PendingDownload& d, const std::string& error, int attempts,
                     bool disk_full, const ReadCost& cost) {
  if (std::string_view(d.kind) == "sdist") p.sdist_pending = false;
  record_download(ctx, p, d.file, d.kind, d.path, "failed", error, attempts, cost);
  if (disk_full) ctx.disk_full(fmt::format("{}: {}", p.listed.name, error));
  ctx.totals.failed_files++;
  ctx.report(fmt::format("{}: {}: {} (after {} attempts)", p.listed.name, d.file.url, error, attempts));
  file_settled(ctx, p);
}

// A whole download. A file of undeclared size under --max-total is cut off at what is left of
// the cap, and what it brought is counted once it is done. `before`: what a ranged read that
// gave up took first, and why it gave up.
void start_whole_download(FetchContext& ctx, Transfers& transfers, const PendingDownload& d, ReadCost before) {
  Project& p = *d.project;
  const ReleaseFile& file = d.file;
  TransferRequest req;
  req.url = file.url;
  req.dest = d.path;
  req.sha256 = file.sha256;
  req.max_bytes = ctx.options.max_size;
  if (file.has_size) req.expected_bytes = file.size;
  const bool metered = ctx.options.max_total && !file.has_size;
  if (metered) {
    const uint64_t left = ctx.options.max_total - ctx.reserved;
    if (!req.max_bytes || left < req.max_bytes) req.max_bytes = left;
    ctx.metered_in_flight = true;
  }
  const bool cut_by_cap = metered && req.max_bytes != ctx.options.max_size;
  transfers.add(std::move(req), [&ctx, &transfers, &p, d, metered, cut_by_cap, before](TransferResult&& r) {
    const ReleaseFile& file = d.file;
    if (metered) ctx.metered_in_flight = false;
    ReadCost cost = before;
    cost.read_as = "whole";
    cost.bytes += r.bytes;
    cost.requests += r.attempts;
    cost.sha256_verified = !file.sha256.empty();
    if (r.ok()) {
      if (metered) ctx.reserved += r.bytes;
      download_done(ctx, p, d, r.attempts, cost);
    } else if (cut_by_cap && r.over_limit) {
      ctx.reserved = ctx.options.max_total;
      ctx.cap_reached = true;
      not_taken(ctx, p, file, d.kind, PlannedFate::OverMaxTotal,
                fmt::format("over --max-total {} bytes (the index declares no size; cut off at the cap)",
                            ctx.options.max_total));
    } else {
      download_failed(ctx, p, d, r.error, r.attempts, r.disk_full, cost);
    }
    if (metered) admit_downloads(ctx, transfers);
  });
}

// A wheel read by ranges; whole when the ranges cannot be used, the reason kept with it.
void start_ranged_read(FetchContext& ctx, Transfers& transfers, const PendingDownload& d) {
  Project& p = *d.project;
  RangedWheel wheel{d.file.url, d.path, d.file.size, d.file.sha256, ctx.options.range_gap};
  if (ctx.options.skip_sdist_modules && p.choice)
    for (SdistModule& m : analyzed_sdist_modules(ctx.db, p.id, p.choice->version, ctx.options.current_analysis))
      wheel.sdist_gave.push_back({std::move(m.path), m.crc32, uint64_t(m.size)});
  // A pure wheel is read by ranges only for what its sdist gave: with nothing given, whole.
  if (is_pure_wheel_name(d.file.filename) && wheel.sdist_gave.empty()) return start_whole_download(ctx, transfers, d, {});
  read_wheel_ranges(transfers, std::move(wheel), [&ctx, &transfers, &p, d](WheelRead&& w) {
    ReadCost cost{"ranges", w.bytes_read, w.requests, false, w.note, false};
    cost.members_left_out = w.members_left_out;
    cost.bytes_left_out = w.bytes_left_out;
    if (w.how == WheelRead::How::Ranges) {
      ctx.totals.members_left_out += w.members_left_out;
      ctx.totals.bytes_left_out += w.bytes_left_out;
    }
    switch (w.how) {
      case WheelRead::How::Ranges:
        return download_done(ctx, p, d, w.requests, cost);
      case WheelRead::How::Whole:  // the server sent the whole file, checked as any download
        cost.read_as = "whole";
        cost.sha256_verified = !d.file.sha256.empty();
        ctx.totals.ranges_refused++;
        return download_done(ctx, p, d, w.requests, cost);
      case WheelRead::How::ReadWhole:
        ctx.totals.ranges_refused++;
        return start_whole_download(ctx, transfers, d, cost);
      case WheelRead::How::Failed:
        return download_failed(ctx, p, d, w.error, w.requests, w.disk_full, cost);
    }
  });
}

// Starts one download (in a plan: writes it down).
void start_download(FetchContext& ctx, Transfers& transfers, const PendingDownload& d) {
  Project& p = *d.project;
  if (ctx.options.plan) {
    plan_file(ctx, p, d.file, d.kind, PlannedFate::Download, "");
    file_settled(ctx, p);
    return;
  }
  if (reads_by_ranges(ctx.options, p, d.file, d.kind)) {
    // What the read may leave out is known once the sdist is analysed: the wheel waits.
    // (p.ready holds its sdist when that is verified already: the wheel is its only other file.)
    if (ctx.options.skip_sdist_modules && (p.sdist_pending || !p.ready.empty())) {
      p.wheel_held = true;
      ctx.held_wheels.push_back({d, false, ""});
      if (!p.sdist_pending) release_held_wheel(ctx, p);
      return;
    }
    return start_ranged_read(ctx, transfers, d);
  }
  start_whole_download(ctx, transfers, d, {});
}

// Starts the held wheels whose sdist has settled and, under `run`, is stored.
void start_released_wheels(FetchContext& ctx, Transfers& transfers) {
  for (auto it = ctx.held_wheels.begin(); it != ctx.held_wheels.end();) {
    if (it->released && (it->wait_for.empty() || ctx.options.sdist_stored(it->wait_for))) {
      const PendingDownload d = it->download;
      it = ctx.held_wheels.erase(it);
      start_ranged_read(ctx, transfers, d);
    } else {
      ++it;
    }
  }
}

// Starts the pending downloads in the order they came, as far as --max-total lets them: a
// file of declared size when it fits beside the sizes taken so far; one of undeclared size
// while the cap is not reached, alone (the files after it wait to learn what it brought).
// Once a file does not fit, it and every later one are skipped.
void admit_downloads(FetchContext& ctx, Transfers& transfers) {
  const uint64_t cap = ctx.options.max_total;
  while (!ctx.pending.empty() && !ctx.metered_in_flight) {
    const PendingDownload d = std::move(ctx.pending.front());
    ctx.pending.pop_front();
    if (cap) {
      const bool fits = d.file.has_size ? ctx.reserved + d.file.size <= cap : ctx.reserved < cap;
      if (ctx.cap_reached || !fits) {
        ctx.cap_reached = true;
        not_taken(ctx, *d.project, d.file, d.kind, PlannedFate::OverMaxTotal,
                  fmt::format("over --max-total {} bytes", cap));
        continue;
      }
      if (d.file.has_size) ctx.reserved += d.file.size;
    }
    start_download(ctx, transfers, d);
  }
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
    const fs::path folder = project_folder(ctx, p);
    const std::string path = (folder / name).string();
    if (name.empty() || name == "." || name == "..") {
      not_taken(ctx, p, file, kind, PlannedFate::Refused, "the index gave no usable file name");
      continue;
    }
    if (names_store_file(ctx.options.db_path, path)) {
      const std::string why = fmt::format("the file name '{}' would overwrite the store {}", name, ctx.options.db_path);
      not_taken(ctx, p, file, kind, PlannedFate::Refused, why, fmt::format("{}: {}", p.listed.name, why));
      continue;
    }
    if (ctx.options.max_size && file.size > ctx.options.max_size) {
      not_taken(ctx, p, file, kind, PlannedFate::OverMaxSize,
                fmt::format("{} bytes, over --max-size {}", file.size, ctx.options.max_size));
      continue;
    }
    if (file.sha256.empty() && !ctx.options.allow_missing_digest) {
      // As pip's hash-checking mode: a file that cannot be verified is not taken.
      const std::string why = "the index gives no sha256 for it, so it cannot be verified (--allow-missing-digest "
                              "takes such files unchecked)";
      not_taken(ctx, p, file, kind, PlannedFate::Refused, why,
                fmt::format("{}: {}: {}", p.listed.name, file.filename, why));
      continue;
    }
    if (ctx.options.plan) {
      // The plan looks and touches nothing: no folder made, no partial file removed or moved.
      if (ranged_copy(ctx, p, file, kind, path) || verified_copy(ctx, file, path, name)) {
        plan_file(ctx, p, file, kind, PlannedFate::OnDisk, "");
        file_settled(ctx, p);
        continue;
      }
    } else {
      std::error_code ec;
      if (fs::create_directories(folder, ec); ec) {
        const std::string why = fmt::format("cannot make the folder {}: {}", folder.string(), ec.message());
        if (ec == std::errc::no_space_on_device) {
          record_download(ctx, p, file, kind, "", "failed", why, 0);
          ctx.disk_full(why);
        }
        not_taken(ctx, p, file, kind, PlannedFate::Refused, why, fmt::format("{}: {}", p.listed.name, why));
        continue;
      }
      remove_stale_parts(folder, name);
      if (ranged_copy(ctx, p, file, kind, path)) {
        // Read by ranges before, and still there: kept, its first read's cost stands.
        record_download(ctx, p, file, kind, path, "done", "", 0, {"ranges", 0, 0, false, "", true});
        ctx.totals.already_there++;
        p.ready.push_back(path);
        file_settled(ctx, p);
        continue;
      }
      if (reuse_verified(ctx, file, path, name)) {
        // On disk and verified: costs nothing against --max-total.
        record_download(ctx, p, file, kind, path, "done", "", 0, {"whole", 0, 0, true, "", true});
        ctx.totals.already_there++;
        p.ready.push_back(path);
        file_settled(ctx, p);
        continue;
      }
    }
    if (std::string_view(kind) == "sdist") p.sdist_pending = true;
    ctx.pending.push_back({&p, file, kind, path});
  }
  admit_downloads(ctx, transfers);
}

// Records what the index said of a project: in `packages` (the project's latest metadata) and
// in this selection's row (the release it chose, or why none).
void record_project(FetchContext& ctx, Project& p, const char* status, const std::string& error,
                    const ReleaseChoice* choice, const ProjectPage* links) {
  p.status = std::string(status) == "resolved" ? "found" : status;
  p.reason = error;
  ProjectRecord r;
  r.package_id = p.id;
  r.selection_id = ctx.selection_id;
  r.status = status;
  r.error = error;
  if (choice) {
    r.version = choice->version;
    r.release_rule = choice->why;
    r.lacks = choice->lacks;
  }
  if (links) {
    nlohmann::json urls = nlohmann::json::object();
    for (const auto& [label, url] : links->project_urls) urls[label] = url;
    r.has_urls = true;
    r.repository_url = repository_url(links->project_urls, links->home_page);
    r.home_page = links->home_page;
    r.project_urls_json = urls.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  r.selection_status = p.status;
  r.reason = p.reason;
  r.released = p.released;
  // A study pick counts the one file it took, not every file of its release another pick fetched.
  if (ctx.options.pick == Pick::Study && choice && choice->sdist) r.file = choice->sdist->filename;
  ctx.store.record_project(r);
}

// Accept headers as pip sends them: the Simple API's JSON preferred, its HTML the fallback.
constexpr const char* kSimpleAccept =
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";

// The page as one ProjectPage, by the API asked and the Content-Type answered (a page from the
// cache has none: its first byte tells JSON from HTML). Throws IndexError.
ProjectPage read_page(const FetchContext& ctx, const TransferResult& r, const std::string& body,
                      const std::string& url) {
  if (ctx.index.api == IndexApi::Json) return page_from_legacy(parse_project(body));
  const std::string& type = r.content_type;
  const std::string& answered = r.effective_url.empty() ? url : r.effective_url;
  const size_t first = body.find_first_not_of(" \t\r\n");
  const bool json = type.empty() ? first != std::string::npos && body[first] == '{'
                                 : type == "application/vnd.pypi.simple.v1+json" || type == "application/json";
  if (json) return parse_simple_json(body, answered);
  if (type.empty() || type == "text/html" || type == "application/vnd.pypi.simple.v1+html")
    return parse_simple_html(body, answered);
  throw IndexError(fmt::format("the index answered Content-Type {}, neither the Simple API's JSON (PEP 691) nor "
                               "its HTML (PEP 503)", printable(type.substr(0, 80))));
}

// --as-of needs upload times. An index whose pages give none (Simple API 1.0, HTML) cannot
// have any of its projects dated, so the fetch stops at the first such page, said once.
void require_upload_times(const FetchContext& ctx, const ProjectPage& page) {
  if (!ctx.options.as_of || page.shape == PageShape::LegacyJson || page.upload_times) return;
  throw Error(Error::Kind::Input, ctx.index.shown,
              fmt::format("the index gives no upload times (PEP 700; it serves {}), so --as-of cannot be applied",
                          page.shape == PageShape::SimpleHtml ? "the simple HTML"
                                                              : "simple API " + page.api_version),
              "use an index that does, or the JSON API with --index-api json");
}

// Records a project whose release has files to fetch, and hands it on. Over the Simple API the
// project's links come from the chosen file's core metadata (PEP 714) where the index offers
// it, so drafted issues keep their repository link; without it they are left unknown.
void project_resolved(FetchContext& ctx, Transfers& transfers, Project& p, ReleaseChoice choice, ProjectPage page,
                      std::function<void(Project&)> resolved) {
  auto hand_on = [&ctx, &p, resolved](ReleaseChoice&& choice, const ProjectPage* links) {
    record_project(ctx, p, "resolved", choice.reason, &choice, links);
    ctx.totals.resolved++;
    ctx.totals.missing_sdist += ctx.options.sdist && !choice.sdist;
    ctx.totals.missing_wheel += ctx.options.wheel && !choice.wheel;
    p.choice = std::move(choice);
    resolved(p);
  };
  if (page.shape == PageShape::LegacyJson || choice.metadata_url.empty()) {
    hand_on(std::move(choice), page.shape == PageShape::LegacyJson ? &page : nullptr);
    return;
  }
  TransferRequest req;
  req.url = choice.metadata_url;
  req.sha256 = choice.metadata_sha256;
  req.max_bytes = kMaxCoreMetadataBytes;
  transfers.add(std::move(req), [&ctx, &p, hand_on, choice = std::move(choice), page = std::move(page)](
                                    TransferResult&& r) mutable {
    ctx.count_index(r);
    if (!r.ok()) {
      ctx.report(fmt::format("{}: {}: {} (its links stay unknown)", p.listed.name, choice.metadata_url, r.error));
      hand_on(std::move(choice), nullptr);
      return;
    }
    read_core_metadata(r.body, page);
    hand_on(std::move(choice), &page);
  });
}

// Asks the index for a project's page and records what it found. A project with files to
// fetch goes to `resolved` (its choice set); the others to `unusable`.
void resolve_project(FetchContext& ctx, Transfers& transfers, Project& p, std::function<void(Project&)> resolved,
                     std::function<void(Project&)> unusable) {
  const std::string url = ctx.index.project_url(normalize_project_name(p.listed.name));
  get_cached(ctx, transfers, url, ctx.index.api == IndexApi::Json ? "application/json" : kSimpleAccept,
             [&ctx, &transfers, &p, url, resolved = std::move(resolved), unusable = std::move(unusable)](
                 TransferResult&& r, std::string&& body) {
    if (!r.ok() && r.status == 0 && ctx.index_answers == 0 && ++ctx.index_unreachable >= kUnreachableAfter) {
      // Not one answer from the index, only failures to reach it: every other project would
      // fail the same way, slowly. Stop with one message (what was recorded stays).
      throw Error(Error::Kind::Input, "", fmt::format("cannot reach the index {}", ctx.index.shown),
                  fmt::format("{} ({} requests failed and none was answered); check --index-url and the network, "
                              "then rerun", r.error, ctx.index_unreachable));
    }
    if (r.status != 0 && ctx.index_answers++ == 0) {
      for (std::string& m : ctx.unanswered) ctx.report(std::move(m));  // the index is there: say them now
      ctx.unanswered.clear();
    }
    if (!r.ok()) {
      const bool missing = r.status == 404;
      if (r.status == 401)
        r.error += " (the index asks who you are: give user:password in --index-url, or the host in ~/.netrc or $NETRC)";
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
    // The page is untrusted: checked into a ProjectPage here, and whatever is wrong with it
    // fails this project alone, with the field named.
    ProjectPage page;
    ReleaseChoice choice;
    try {
      if (ctx.options.pick == Pick::Study) {
        // The one place a selection's pick rule chooses the release. The study read the legacy
        // JSON API's `releases` keys (cli/run.cc sets --index-api json for its snapshots).
        const ProjectDoc doc = parse_project(body);
        choice = study_pick(doc, ctx.options.as_of);
        page = page_from_legacy(doc);
      } else {
        page = read_page(ctx, r, body, url);
        require_upload_times(ctx, page);
        choice = choose_release(page, ctx.options.as_of);
      }
      p.released = release_date(page, choice.version);
    } catch (const Error&) {
      throw;  // the fetch stops (require_upload_times)
    } catch (const std::exception& e) {
      const std::string why = fmt::format("the index's page cannot be used: {}", e.what());
      record_project(ctx, p, "failed", why, nullptr, nullptr);
      ctx.totals.failed_packages++;
      ctx.report(fmt::format("{}: {}: {}", p.listed.name, url, why));
      unusable(p);
      return;
    }
    if (!page.note.empty() && !ctx.said_api_note) {
      ctx.said_api_note = true;
      ctx.report(page.note);
    }
    if (!choice.note.empty()) ctx.report(fmt::format("{}: {}", p.listed.name, choice.note));
    if (!choice.usable()) {
      record_project(ctx, p, "no_release", choice.reason, &choice, page.shape == PageShape::LegacyJson ? &page : nullptr);
      ctx.totals.no_release++;
      unusable(p);
      return;
    }
    project_resolved(ctx, transfers, p, std::move(choice), std::move(page), resolved);
  });
}

void run_transfers(FetchContext& ctx, Transfers& transfers, bool last) {
  transfers.run(
      [&] {
        show_progress(ctx, transfers.bytes_received(), false);
        start_released_wheels(ctx, transfers);
      },
      [&] { return !ctx.held_wheels.empty(); });
  if (last) show_progress(ctx, transfers.bytes_received(), true);
  for (std::string& m : ctx.unanswered) ctx.report(std::move(m));  // too few to call the index unreachable
  ctx.unanswered.clear();
}

void fetch_projects(FetchContext& ctx) {
  ScopedTimer t("fetch projects");
  if (!ctx.options.plan) fs::create_directories(ctx.options.dest);
  Transfers transfers(transfer_options(ctx.options, ctx.index));
  // Under a cap, which files fit depends on the order they are taken in, and a plan lists them
  // in that order: projects in list order, each once every project before it is resolved.
  // Otherwise each project's files start as soon as its release is known.
  const bool in_list_order = ctx.options.plan || ctx.options.max_total;
  size_t next_in_order = 0;
  auto take_in_list_order = [&] {
    for (; next_in_order < ctx.projects.size() && ctx.projects[next_in_order].status != "listed"; next_in_order++)
      if (Project& q = ctx.projects[next_in_order]; q.choice) download_files(ctx, transfers, q, *q.choice);
  };
  for (Project& p : ctx.projects)
    resolve_project(
        ctx, transfers, p,
        [&](Project& q) {
          if (in_list_order) take_in_list_order();
          else download_files(ctx, transfers, q, *q.choice);
        },
        [&](Project& q) {
          project_settled(ctx, q);
          if (in_list_order) take_in_list_order();
        });
  run_transfers(ctx, transfers, true);
  if (ctx.options.plan)
    for (const Project& p : ctx.projects)
      if (!p.choice) ctx.totals.plan.unplanned.push_back({p.listed.name, p.status, p.reason});
}

// The random sample: the index's project list, then rounds of draws in seeded order. Each
// round resolves as many candidates as projects are still missing and takes them in draw
// order, so the sample is the first N usable projects of the order, whatever order the
// answers come in; a draw with no usable release is recorded as replaced.
void draw_sample(FetchContext& ctx, Transfers& transfers) {
  ScopedTimer t("draw sample");
  const std::string list_url = ctx.index.list_url();
  std::string list_body, list_error, list_etag;
  get_cached(ctx, transfers, list_url, "application/vnd.pypi.simple.v1+json, text/html;q=0.1",
             [&](TransferResult&& r, std::string&& body) {
               if (!r.ok()) list_error = r.error;
               list_etag = r.etag.empty() ? r.last_modified : r.etag;
               list_body = std::move(body);
             });
  transfers.run();
  if (!list_error.empty()) throw Error(Error::Kind::Input, list_url, "cannot fetch the project list", list_error);
  std::vector<std::string> order;
  std::vector<InvalidName> invalid;
  try {
    std::vector<std::string> names = parse_project_list(list_body);
    invalid = drop_invalid_names(names);
    order = draw_order(std::move(names), ctx.options.seed);
  } catch (const std::exception& e) {
    throw Error(Error::Kind::Input, list_url, e.what());
  }
  ctx.selection_id = ctx.store.record_random_selection({"random", list_url, "", int64_t(ctx.options.seed),
                                                         int64_t(ctx.options.random), ctx.index.shown,
                                                         ctx.options.as_of.value_or(""), pick_name(ctx.options.pick)});
  record_invalid_names(ctx, invalid);
  ctx.expected = ctx.options.random;
  size_t next = 0, usable = 0;
  while (usable < ctx.options.random && next < order.size()) {
    std::vector<std::string> names;
    for (size_t want = ctx.options.random - usable; want > 0 && next + names.size() < order.size(); want--)
      names.push_back(order[next + names.size()]);
    const std::vector<int64_t> ids = ctx.store.package_rows(names);
    std::vector<Project*> round;
    for (size_t i = 0; i < names.size(); i++, next++)
      round.push_back(&ctx.projects.emplace_back(
          Project{{order[next], int(next + 1), std::nullopt}, ids[i], 0, {}, {}, "listed", "", ""}));
    for (Project* p : round) resolve_project(ctx, transfers, *p, [](Project&) {}, [](Project&) {});
    run_transfers(ctx, transfers, false);
    std::vector<DrawRecord> draws;
    for (Project* p : round) {
      const bool in_sample = p->choice && usable < ctx.options.random;
      DrawRecord d;
      d.package_id = p->id;
      d.draw = p->listed.rank;
      if (in_sample) d.rank = int64_t(++usable);
      if (p->choice) d.version = p->choice->version;
      d.released = p->released;
      d.status = p->status;
      d.reason = p->reason;
      draws.push_back(std::move(d));
      ctx.totals.drawn++;
      if (!in_sample) ctx.totals.replaced++;
    }
    ctx.store.record_draws(ctx.selection_id, draws);
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
  if (!ctx.options.plan) fs::create_directories(ctx.options.dest);
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
    throw Error(Error::Kind::Usage, "fetch", "give one of --top N or --random N (N > 0)");
  if (options.pick == Pick::Study && (!options.sdist || options.wheel))
    throw Error(Error::Kind::Usage, "fetch", "--pick study takes sdists only, as the study did (no --kinds wheel)");
  Db db(options.db_path);
  FetchContext ctx(options, db);
  ctx.totals.plan.as_of = options.as_of.value_or("");
  ctx.totals.plan.max_total = options.max_total;
  ctx.reserved = options.max_total_spent;
  if (options.top) {
    load_list(ctx);
    record_selection(ctx);
    fetch_projects(ctx);
  } else {
    Transfers transfers(transfer_options(options, ctx.index));
    draw_sample(ctx, transfers);
    download_sample(ctx, transfers);
  }
  if (ctx.selection_id) ctx.store.add_index_cost(ctx.selection_id, ctx.index_requests, ctx.index_bytes);
  if (ctx.totals.over_max_total && !options.plan)
    ctx.report(fmt::format("{} files skipped: over --max-total {} bytes (declared sizes, projects in list order, sdist "
                           "before wheel); rerun with a higher cap to fetch them, keeping those verified",
                           ctx.totals.over_max_total, options.max_total));
  return std::move(ctx.totals);
}

std::vector<std::string> fetched_paths(const std::string& db_path) { return verified_download_paths(db_path); }

}  // namespace pep765
