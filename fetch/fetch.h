// The fetch stage: a top-N list -> each project's release from its index page -> its sdist
// and one wheel, verified on disk (DEST/PROJECT/FILENAME), recorded in the store. Resumable:
// verified files are kept. A full disk stops it with a pep765::Error, what was done committed.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/choices.h"
#include "common/shard.h"
#include "fetch/index_url.h"
#include "fetch/plan.h"
#include "fetch/ranged_wheel.h"

namespace pep765 {

constexpr const char* kDefaultTopList = "https://hugovk.dev/top-pypi-packages/top-pypi-packages.min.json";
constexpr const char* kDefaultIndex = "https://pypi.org";

struct FetchOptions {
  size_t top = 0;                         // the N most downloaded projects of the list, or
  size_t random = 0;                      // N projects drawn at random from the index
  uint64_t seed = 0;                      // the draw's seed: the same seed, the same sample
  std::string list = kDefaultTopList;   // URL or file: JSON top list, or one name a line
  std::string index_url = kDefaultIndex;   // a simple index's root, or a bare origin (fetch/index_url.h)
  IndexApi index_api = IndexApi::Simple;   // the Simple API (PEP 691 JSON, else PEP 503 HTML), or the legacy JSON
  std::string dest = "pep765-files";
  std::string db_path = "pep765.sqlite";
  size_t jobs = 8;                        // transfers at once
  std::optional<std::string> as_of;       // YYYY-MM-DD: the release current then
  Pick pick = Pick::Latest;               // which release: the latest, or the study's (sdists only)
  bool sdist = true, wheel = true;        // --kinds
  uint64_t max_size = 0;                  // 0: no limit
  // Caps the run's downloads: declared sizes (bytes received where the index declares none),
  // files taken in list order, sdist before wheel; past it every file is skipped. 0: no cap.
  uint64_t max_total = 0;
  uint64_t max_total_spent = 0;           // of the cap, what earlier snapshots of the same command took
  // Resolve every project and record what the index said, but download nothing: the files a
  // fetch would take, and their fate, go to FetchTotals::plan.
  bool plan = false;
  int attempts = 5;
  double backoff_s = 1.0;
  uint64_t max_page_bytes = 64u << 20;    // index pages and lists, decompressed
  bool allow_missing_digest = false;      // take files the index gives no sha256 for, unchecked
  // Wheels of declared size are read by HTTP ranges, only their .py members (fetch/
  // ranged_wheel.h); this reads every file whole, each checked against its sha256.
  bool whole_files = false;
  uint64_t range_gap = kDefaultRangeGap;  // members closer than this are read as one range
  // A ranged wheel read leaves out the members its release's sdist gave, as analysis stored
  // them (fetch/ranged_wheel.h, members_to_read); analysis counts them as those contents.
  // Off with --verify-duplicates. `current_analysis`: only contents of this analysis version
  // or later count (older ones are analyzed again, so cannot be leant on).
  bool skip_sdist_modules = true;
  int current_analysis = 0;
  // Set by `run`, whose analysis stores the sdists this fetch hands it: whether the sdist at
  // this path is stored (or needs no storing). A wheel whose sdist this run fetches then waits
  // for it: its sdist is handed to analysis first, alone, and the wheel's ranges are asked for
  // once it is stored, so what the read leaves out does not hang on timing.
  std::function<bool(const std::string& path)> sdist_stored;
  bool progress = true;
  Shard shard;                            // fetch only the packages of this shard
  // Called (on the fetch thread) with a package's verified files as soon as it is complete.
  std::function<void(const std::vector<std::string>& paths)> on_package_ready;
};

struct FetchTotals {
  size_t packages = 0, resolved = 0, not_found = 0, no_release = 0, failed_packages = 0;
  size_t downloaded = 0, already_there = 0, skipped = 0, failed_files = 0;
  size_t missing_sdist = 0, missing_wheel = 0;
  size_t drawn = 0, replaced = 0;  // random: projects drawn, and those replaced (unusable)
  size_t invalid_names = 0;        // entries of the list (or the index's) that are no project names
  size_t over_max_total = 0;       // files skipped for the --max-total cap (counted in `skipped` too)
  uint64_t bytes = 0;
  size_t read_by_ranges = 0;       // wheels read by ranges (in `downloaded`)
  size_t members_left_out = 0;     // .py members of ranged wheels left out: the sdist gave them
  uint64_t bytes_left_out = 0;     // ... and the bytes of theirs no range read
  size_t ranges_refused = 0;       // wheels read whole because the ranges could not be used
  FetchPlan plan;                  // with FetchOptions::plan
  std::vector<std::string> problems;
  bool failed() const { return failed_packages || failed_files; }
};

FetchTotals fetch(const FetchOptions& options);

// Every verified download in the store: what `analyze` takes when given no PATH.
std::vector<std::string> fetched_paths(const std::string& db_path);

}  // namespace pep765
