#include "cli/run.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <exception>
#include <functional>
#include <optional>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "analyze/confirm.h"
#include "cli/options.h"
#include "common/stop.h"
#include "fetch/dest_lock.h"
#include "report/readout.h"
#include "sql/db.h"

namespace pep765::cli {

namespace {

struct RunTotals {
  FetchTotals fetched;
  AnalyzeTotals analyzed;
};

// One snapshot: fetch on the calling thread, analysis on another, fed each package's verified
// files as fetch completes it.
// The paths the analysis has stored (or found it need not), for fetch to hold a wheel's
// ranged read until its sdist is in; once the analysis has ended, nothing is waited for.
class StoredPaths {
 public:
  void add(const std::string& path) {
    std::lock_guard lock(mutex_);
    paths_.insert(path);
  }
  void end() {
    std::lock_guard lock(mutex_);
    ended_ = true;
  }
  bool has(const std::string& path) {
    std::lock_guard lock(mutex_);
    return ended_ || paths_.count(path);
  }

 private:
  std::mutex mutex_;
  std::unordered_set<std::string> paths_;
  bool ended_ = false;
};

RunTotals fetch_and_analyze(FetchOptions fetch_options, AnalyzeOptions analyze_options) {
  InputFeed feed;
  StoredPaths stored;
  analyze_options.db_path = fetch_options.db_path;
  analyze_options.feed = &feed;
  analyze_options.progress = false;
  analyze_options.on_stored = [&stored](const std::string& path) { stored.add(path); };
  fetch_options.on_package_ready = [&feed](const std::vector<std::string>& paths) { feed.push(paths); };
  fetch_options.sdist_stored = [&stored](const std::string& path) { return stored.has(path); };
  { Db create(fetch_options.db_path); }  // the schema is in place before the stages open theirs
  RunTotals totals;
  std::exception_ptr analysis_error;
  std::thread analysis([&] {
    try {
      totals.analyzed = analyze(analyze_options);
    } catch (...) {
      analysis_error = std::current_exception();
    }
    stored.end();
  });
  try {
    totals.fetched = fetch(fetch_options);
  } catch (...) {
    feed.close();
    analysis.join();
    throw;
  }
  feed.close();
  analysis.join();
  if (analysis_error) std::rethrow_exception(analysis_error);
  return totals;
}

// Each --as-of date, under each pick rule, is a snapshot of its own (a selection) in the same
// store; contents shared between snapshots are analyzed once. `take` returns whether something
// of its snapshot failed, and adds to `spent` what it downloaded (or would, in a plan):
// --max-total caps the command, all its snapshots together. A stop by signal ends the loop
// after the snapshot it stopped.
Outcome for_each_snapshot(const FetchOptions& options, const std::vector<Pick>& picks,
                          const std::function<bool(const FetchOptions&, uint64_t& spent)>& take) {
  std::vector<std::optional<std::string>> dates;
  if (!options.as_of) dates.push_back(std::nullopt);
  else
    for (const std::string& date : split_dates(*options.as_of)) dates.push_back(date);
  std::vector<FetchOptions> snapshots;
  for (const std::optional<std::string>& date : dates)
    for (Pick pick : picks) {
      FetchOptions& snapshot = snapshots.emplace_back(options);
      snapshot.as_of = date;
      snapshot.pick = pick;
      if (pick == Pick::Study) {
        // The study took sdists only, and read the legacy JSON API's `releases` (every release's
        // key, files or not): the one place --pick study chooses its protocol.
        snapshot.sdist = true;
        snapshot.wheel = false;
        snapshot.index_api = IndexApi::Json;
      }
    }
  Outcome outcome = Outcome::Done;
  uint64_t spent = 0;
  for (FetchOptions& snapshot : snapshots) {
    std::string what;
    if (snapshot.as_of) what = "as of " + *snapshot.as_of;
    if (picks.size() > 1) what += fmt::format("{}{} pick", what.empty() ? "" : ", ", pick_name(snapshot.pick));
    if (!what.empty()) fmt::print(stderr, "pep765: snapshot {}\n", what);
    snapshot.max_total_spent = spent;
    if (take(snapshot, spent)) outcome = Outcome::Failed;
    if (stop_requested()) break;
  }
  return outcome;
}

void confirm(const std::string& pyodide_dir, const std::string& db, size_t max_member_bytes) {
  if (pyodide_dir.empty()) return;
  ConfirmOptions o;
  o.db_path = db;
  o.pyodide_dir = pyodide_dir;
  o.max_member_bytes = max_member_bytes;
  ConfirmTotals c = confirm_with_cpython314(o);
  if (c.candidates)
    fmt::print(stderr,
               "pep765: CPython 3.14 on the {} files tree-sitter rejects: {} parse, {} do not, {} could not be read again\n",
               c.candidates, c.parses, c.rejects, c.unreadable);
}

void print_fetch_totals(const FetchTotals& t, const FetchOptions& options) {
  if (t.drawn)
    fmt::print(stderr, "pep765: fetch: {} projects drawn, {} replaced for having no usable release\n", t.drawn,
               t.replaced);
  if (options.plan)
    fmt::print(stderr,
               "pep765: fetch --plan: {} packages: {} resolved, {} not found, {} without a release, {} failed; "
               "nothing downloaded\n",
               t.packages, t.resolved, t.not_found, t.no_release, t.failed_packages);
  else
    fmt::print(stderr,
               "pep765: fetch: {} packages: {} resolved, {} not found, {} without a release, {} failed; files: {} "
               "downloaded ({:.1f} MB), {} already there, {} skipped (size or --max-total), {} failed; {} without sdist, {} without "
               "wheel -> {}\n",
               t.packages, t.resolved, t.not_found, t.no_release, t.failed_packages, t.downloaded, t.bytes / 1e6,
               t.already_there, t.skipped, t.failed_files, t.missing_sdist, t.missing_wheel, options.dest);
  if (!options.plan && (t.read_by_ranges || t.ranges_refused))
    fmt::print(stderr, "pep765: fetch: {} wheels read by ranges (their .py members only), {} read whole where the "
               "server refused ranges (downloads.read_note says why)\n", t.read_by_ranges, t.ranges_refused);
  if (!options.plan && t.members_left_out)
    fmt::print(stderr, "pep765: fetch: {} .py members of those wheels not read ({:.1f} MB): their release's sdist, as "
               "analyzed, gave them (same path, CRC-32 and size); --verify-duplicates reads them too\n",
               t.members_left_out, t.bytes_left_out / 1e6);
  if (t.invalid_names)
    fmt::print(stderr, "pep765: fetch: {} list entries are no project names and were skipped (stored in "
               "invalid_names)\n", t.invalid_names);
}

void print_analyze_totals(const AnalyzeTotals& t, const std::string& db) {
  // What this run did, then what the store holds: a rerun that found nothing new still says
  // how many hits the census has.
  fmt::print(stderr,
             "pep765: {} inputs: {} analyzed ({} ok, {} partial, {} failed), {} unchanged; {} files, {} new "
             "contents ({} failed analysis) with {} hits; the store holds {} hits (cpython rule) -> {}\n",
             t.inputs, t.ok + t.partial + t.failed, t.ok, t.partial, t.failed, t.skipped, t.files,
             t.contents_analyzed, t.files_failed, t.hits, stored_hits(db), db);
  for (const NotParsedFiles& by : t.not_parsed)
    fmt::print(stderr, "pep765: {} file{} {} not parsed for jumps (so its lines are in no rate): {}{}\n", by.count,
               by.count == 1 ? "" : "s", by.cap, fmt::join(by.first, ", "), by.count > by.first.size() ? ", ..." : "");
  if (t.duplicates_skipped)
    fmt::print(stderr, "pep765: {} zip members matched a member already read by CRC-32, size and name and were not "
               "inflated (--verify-duplicates inflates them)\n", t.duplicates_skipped);
  if (t.duplicates_checked)
    fmt::print(stderr, "pep765: --verify-duplicates: {} zip members matched by CRC-32, size and name, {} of them "
               "differing in their bytes\n", t.duplicates_checked, t.duplicates_differ);
}

}  // namespace

Outcome fetch_snapshots(const FetchOptions& options, const std::vector<Pick>& picks, PlanFormat plan_format) {
  const DestLock one_fetch_at_a_time(options.dest, lock_timeout_seconds());
  nlohmann::json plans = nlohmann::json::array();
  const Outcome outcome = for_each_snapshot(options, picks, [&](const FetchOptions& snapshot, uint64_t& spent) {
    FetchTotals totals = fetch(snapshot);
    spent += snapshot.plan ? totals.plan.download_bytes() : totals.bytes;
    print_fetch_totals(totals, snapshot);
    if (snapshot.plan && plan_format == PlanFormat::Text) fmt::print("{}", plan_text(totals.plan));
    if (snapshot.plan && plan_format == PlanFormat::Json) plans.push_back(plan_json(totals.plan));
    return totals.failed();
  });
  if (options.plan && plan_format == PlanFormat::Json)
    fmt::print("{}\n", nlohmann::json{{"format_version", 1}, {"plans", std::move(plans)}}.dump(
                           2, ' ', false, nlohmann::json::error_handler_t::replace));
  return outcome;
}

Outcome run_snapshots(const FetchOptions& fetch, const std::vector<Pick>& picks, const AnalyzeOptions& analyze,
                      const std::string& cpython314_dir) {
  const DestLock one_run_at_a_time(fetch.dest, lock_timeout_seconds());
  const Outcome outcome = for_each_snapshot(fetch, picks, [&](const FetchOptions& snapshot, uint64_t& spent) {
    RunTotals t = fetch_and_analyze(snapshot, analyze);
    spent += t.fetched.bytes;
    confirm(cpython314_dir, snapshot.db_path, analyze.max_member_bytes);
    print_fetch_totals(t.fetched, snapshot);
    print_analyze_totals(t.analyzed, snapshot.db_path);
    return t.fetched.failed() || t.analyzed.something_failed();
  });
  fmt::print("{}\n", summary(fetch.db_path).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  return outcome;
}

Outcome analyze_inputs(AnalyzeOptions options, const std::string& cpython314_dir) {
  const bool from_store = options.paths.empty();
  if (from_store) options.paths = fetched_paths(options.db_path);
  AnalyzeTotals totals = analyze(options);
  confirm(cpython314_dir, options.db_path, options.max_member_bytes);
  print_analyze_totals(totals, options.db_path);
  if (totals.inputs == 0) {
    fmt::print(stderr, "pep765: {}\n",
               from_store ? "the store holds no fetched files: give PATHs, or run fetch first" : "nothing to analyze");
    return Outcome::NoInput;
  }
  return totals.something_failed() ? Outcome::Failed : Outcome::Done;
}

}  // namespace pep765::cli
