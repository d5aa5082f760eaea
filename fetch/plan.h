// `fetch --plan`: what a fetch would download, said before anything is. The fetch resolves every
// project through its usual path (index pages only) and, instead of starting each transfer,
// writes down the file and what would become of it; this file holds that record and its two
// renderings, text for people and JSON for scripts.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pep765 {

// What a fetch would do with one file of a project's chosen release.
enum class PlannedFate {
  Download,      // would be downloaded
  OnDisk,        // already in --dest with the index's sha256: kept, costs nothing
  OverMaxSize,   // larger than --max-size: skipped
  OverMaxTotal,  // past the --max-total cap: skipped
  Refused,       // would fail before any transfer (no sha256, an unusable name): `reason` says why
};
const char* planned_fate_name(PlannedFate fate);  // download | on_disk | over_max_size | over_max_total | refused

struct PlannedFile {
  std::string project;        // as listed
  int64_t rank = 0;           // in the list (top) or the sample (random)
  std::string version, kind;  // kind: sdist | wheel
  std::string filename, url;
  std::optional<uint64_t> size;  // as the index declared it; nullopt: it does not say
  PlannedFate fate = PlannedFate::Download;
  std::string reason;            // for Refused
  // A wheel to be read by ranges (its tail, directory and .py members only: the bytes read
  // are known once its directory is); otherwise a file read whole.
  bool by_ranges = false;
};

// A project the plan downloads nothing of: not found, no usable release, or its page failed.
struct UnplannedProject {
  std::string project;
  std::string status;  // not_found | no_release | failed
  std::string reason;
};

struct FetchPlan {
  std::string as_of;     // the snapshot's date, "" for none
  uint64_t max_total = 0;
  std::vector<PlannedFile> files;           // in the order a fetch takes them (list order, sdist first)
  std::vector<UnplannedProject> unplanned;  // in list order
  uint64_t download_bytes() const;          // the declared sizes of the files to download
};

// For people: each file with its size and fate, the totals per kind (declared bytes, files
// without a declared size, which make the total a lower bound), what is on disk, and the
// projects without a usable release.
std::string plan_text(const FetchPlan& plan);
// For scripts: the same, with byte counts as integers and null where the index is silent.
nlohmann::json plan_json(const FetchPlan& plan);

}  // namespace pep765
