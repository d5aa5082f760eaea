// `pep765 trend`: the census over time, from the snapshots one store holds (`run --as-of
// D1,D2,...`): per snapshot its packages, lines and hits under both rules with the rate and
// its interval; and each hit of the earliest snapshot followed through the later ones (matched
// as `compare` and triage match hits: package, path, statement, source line, occurrence):
// how many each later snapshot no longer has (fixed), the median time from the release that
// had the hit to the release that dropped it, and which are still there.
#pragma once
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/choices.h"
#include "report/hits.h"
#include "report/report.h"

namespace pep765 {

// A snapshot: one selection's figures, as a row of the trend.
struct TrendSnapshot {
  int64_t selection = 0;
  std::string label, as_of;  // as_of: "" for a snapshot without a date
  int64_t packages = 0;
  PerRule rate;
  struct Band {
    std::string band;
    int64_t packages = 0;
    PerRule rate;
  };
  std::vector<Band> by_rank_band;
  ByCategory by_category;  // of its distinct hits, cpython rule
};

// A hit of the earliest snapshot: where it was, and for a fixed one, in which releases.
struct FollowedHit {
  std::string package, path;
  int64_t line = 0;
  std::string statement, was_in, fixed_in;  // was_in, fixed_in: of a fixed hit only
};

struct HitLife {
  std::string earliest;  // the earliest snapshot's label
  int64_t hits = 0;
  struct FixedBy {
    std::string label;
    std::vector<FollowedHit> hits;
    std::optional<double> median_days_to_fix;
  };
  std::vector<FixedBy> fixed_by;  // each later snapshot
  std::vector<FollowedHit> still_there;
};

struct Trend {
  std::string store, loc;
  std::vector<TrendSnapshot> snapshots;  // dated ones by date, then those without a date
  std::string change;                    // first to last, in words; "" with fewer than two
  std::optional<HitLife> hit_life;       // none without a snapshot
};

Trend build_trend(const std::string& db_path, LineDefinition loc);

// The machinery the trend is built of, which the report's comparison of picks (report/picks.cc)
// also runs: one selection as a snapshot, its hits, and the hits one snapshot has and another
// no longer has.
struct Snapshot {
  TrendSnapshot row;
  std::set<std::pair<std::string, std::string>> releases;  // (package, version) it counts
};
// "top 100 (list of 2024-10-01), as of 2024-10-17, study pick"
std::string snapshot_label(const Selection& selection);
Snapshot take_snapshot(Census& census, const Selection& selection, LineDefinition loc,
                       const std::vector<HitRecord>& records);
// The snapshot's hits under the cpython rule (as the PEP counts them), by the key a person names them by.
std::map<HitKey, const HitRecord*> snapshot_hits(const std::vector<HitRecord>& records, const Snapshot& snapshot);
// Each release's upload day (days since the epoch of its earliest file), by (package, version).
using ReleaseDays = std::map<std::pair<std::string, std::string>, int64_t>;
ReleaseDays release_days(Census& census);
// Of `open` (keys of `was`), the hits gone from a package `now` still counts, taken out of
// `open`: each with the release that had it and `now`'s release, and the median days between.
HitLife::FixedBy hits_gone(std::set<HitKey>& open, const std::map<HitKey, const HitRecord*>& was, const Snapshot& now,
                           const std::map<HitKey, const HitRecord*>& now_hits, const ReleaseDays& released);
nlohmann::json to_json(const Trend& trend);  // report/report_json.cc
// The trend with every string printable (common/printable.h), for text and markdown.
Trend printable_copy(const Trend& trend);
std::string render_trend_text(const Trend& trend);
std::string render_trend_markdown(const Trend& trend);
// One self-contained page: the rate over time as a chart (each snapshot with its interval, the
// PEP's top-8,000 rate and Python 3.14's release date marked), the table, the hits' life.
std::string render_trend_html(const Trend& trend);

}  // namespace pep765
