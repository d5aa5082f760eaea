#include "report/trend.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <tuple>

#include "common/printable.h"
#include "report/hits.h"
#include "report/report.h"
#include "report/stats.h"
#include "sql/census.h"

namespace pep765 {

namespace {

// Days since the epoch of an index's upload time (YYYY-MM-DD...); -1 when unreadable.
int64_t day_of(const std::string& when) {
  int y = 0, m = 0, d = 0;
  if (when.size() < 10 || std::sscanf(when.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return -1;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  return int64_t(timegm(&tm) / 86400);
}

}  // namespace

std::string snapshot_label(const Selection& x) {
  // The label names the list and its date: snapshots may come from one list or a list per date.
  const std::string list_date = x.list_date.substr(0, 10);
  std::string label = x.kind == "top" ? fmt::format("top {} (list of {})", x.size, list_date.empty() ? "?" : list_date)
                                      : fmt::format("random {} (seed {})", x.size, x.seed);
  if (!x.as_of.empty()) label += ", as of " + x.as_of;
  if (x.pick == "study") label += ", study pick";
  return label;
}

Snapshot take_snapshot(Census& census, const Selection& x, LineDefinition loc, const std::vector<HitRecord>& records) {
  Snapshot s;
  for (Release& r : counted_releases(census, x.id)) s.releases.insert({std::move(r.project), std::move(r.version)});
  const SnapshotFigures figures = snapshot_figures(census, x.id, loc);
  TrendSnapshot& row = s.row;
  row.selection = x.id;
  row.label = snapshot_label(x);
  row.as_of = x.as_of;
  row.packages = int64_t(s.releases.size());
  row.rate = {rate_figure(figures.cpython, figures.lines), rate_figure(figures.exits, figures.lines)};
  // The same per rank band of a top list, for each snapshot.
  for (const BandFigures& b : snapshot_band_rows(census, x.id, loc))
    row.by_rank_band.push_back({kRankBands[b.band].label, b.packages,
                                {rate_figure(b.cpython, b.lines), rate_figure(b.exits, b.lines)}});
  // Categories of the snapshot's distinct hits (cpython rule), as the report gives them.
  std::set<std::string> seen;
  for (const HitRecord& h : records)
    if (h.cpython && s.releases.count({h.package, h.version}) && seen.insert(h.unique_key()).second) {
      ByCategory& c = row.by_category;
      c.add(h.triage.category);
    }
  return s;
}

std::map<HitKey, const HitRecord*> snapshot_hits(const std::vector<HitRecord>& records, const Snapshot& s) {
  std::map<HitKey, const HitRecord*> out;
  for (const HitRecord& h : records)
    if (h.cpython && s.releases.count({h.package, h.version})) out.emplace(h.key(), &h);
  return out;
}

ReleaseDays release_days(Census& census) {
  ReleaseDays released;
  for (const ReleaseUpload& u : release_uploads(census)) released[{u.project, u.version}] = day_of(u.first_upload);
  return released;
}

HitLife::FixedBy hits_gone(std::set<HitKey>& open, const std::map<HitKey, const HitRecord*>& was, const Snapshot& now,
                           const std::map<HitKey, const HitRecord*>& now_hits, const ReleaseDays& released) {
  HitLife::FixedBy fixed;
  fixed.label = now.row.label;
  std::vector<int64_t> days;
  auto day = [&](const std::string& package, const std::string& version) -> int64_t {
    auto it = released.find({package, version});
    return it == released.end() ? -1 : it->second;
  };
  for (auto it = open.begin(); it != open.end();) {
    const HitKey& key = *it;
    // Gone from a package this snapshot still counts: fixed. A package gone from the census
    // altogether says nothing about the hit.
    std::string now_version;
    for (const auto& [package, version] : now.releases)
      if (package == key.package) now_version = version;
    if (now_hits.count(key) || now_version.empty()) {
      ++it;
      continue;
    }
    const HitRecord& h = *was.at(key);
    const int64_t from = day(h.package, h.version), to = day(key.package, now_version);
    if (from >= 0 && to >= from) days.push_back(to - from);
    fixed.hits.push_back({key.package, key.path, h.line, key.statement, h.version, now_version});
    it = open.erase(it);
  }
  std::sort(days.begin(), days.end());
  if (!days.empty())
    fixed.median_days_to_fix = days.size() % 2 ? double(days[days.size() / 2])
                                               : (days[days.size() / 2 - 1] + days[days.size() / 2]) / 2.0;
  return fixed;
}

Trend build_trend(const std::string& db_path, LineDefinition loc) {
  Census census(db_path);
  // Dated snapshots by date, then those without a date, each by id.
  std::vector<Selection> listed = selections(census);
  std::stable_sort(listed.begin(), listed.end(), [](const Selection& a, const Selection& b) {
    return std::make_tuple(a.as_of.empty(), std::cref(a.as_of), a.id) < std::make_tuple(b.as_of.empty(), std::cref(b.as_of), b.id);
  });
  const std::vector<HitRecord> records = load_hit_records(census);
  std::vector<Snapshot> snapshots;
  Trend t;
  t.store = db_path;
  t.loc = line_definition_name(loc);
  for (const Selection& x : listed) {
    snapshots.push_back(take_snapshot(census, x, loc, records));
    t.snapshots.push_back(snapshots.back().row);
  }

  // Each release's upload day (its earliest file), for the time a fix took; the hits (cpython
  // rule, as the PEP counts them) of the earliest snapshot followed through the later ones.
  const ReleaseDays released = release_days(census);
  if (!snapshots.empty()) {
    HitLife& life = t.hit_life.emplace();
    const auto first = snapshot_hits(records, snapshots.front());
    std::set<HitKey> open;
    for (const auto& [key, h] : first) open.insert(key);
    for (size_t i = 1; i < snapshots.size(); i++)
      life.fixed_by.push_back(hits_gone(open, first, snapshots[i], snapshot_hits(records, snapshots[i]), released));
    for (const HitKey& key : open) life.still_there.push_back({key.package, key.path, first.at(key)->line, key.statement, {}, {}});
    life.earliest = snapshots.front().row.label;
    life.hits = int64_t(first.size());
  }
  // From the first snapshot to the last, in words: flat when hits and lines are the same,
  // else up or down, and whether the two 95% intervals still overlap.
  if (t.snapshots.size() >= 2) {
    const RateFigure& a = t.snapshots.front().rate.cpython;
    const RateFigure& b = t.snapshots.back().rate.cpython;
    if (a.hits == b.hits && a.lines == b.lines) {
      t.change = "flat: the same hits over the same lines at the first snapshot and the last";
    } else {
      const double ra = a.per_million, rb = b.per_million;
      const bool overlap = a.low <= b.high && b.low <= a.high;
      t.change = fmt::format("{} from {:.2f} to {:.2f} per million lines ({})", rb > ra ? "up" : rb < ra ? "down" : "level",
                             ra, rb, overlap ? "the 95% intervals overlap" : "the 95% intervals do not overlap");
    }
  }
  return t;
}

Trend printable_copy(const Trend& t) {
  Trend p = t;
  auto fix = [](std::string& s) { s = printable(s); };
  fix(p.store), fix(p.loc), fix(p.change);
  for (TrendSnapshot& s : p.snapshots) {
    fix(s.label), fix(s.as_of);
    for (TrendSnapshot::Band& b : s.by_rank_band) fix(b.band);
  }
  auto fix_hit = [&](FollowedHit& h) { fix(h.package), fix(h.path), fix(h.statement), fix(h.was_in), fix(h.fixed_in); };
  if (p.hit_life) {
    fix(p.hit_life->earliest);
    for (HitLife::FixedBy& f : p.hit_life->fixed_by) {
      fix(f.label);
      for (FollowedHit& h : f.hits) fix_hit(h);
    }
    for (FollowedHit& h : p.hit_life->still_there) fix_hit(h);
  }
  return p;
}

namespace {

const char* hit_or_hits(int64_t n) { return n == 1 ? "hit" : "hits"; }

}  // namespace

std::string render_trend_text(const Trend& t) {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  line(fmt::format("pep765 trend: {} (lines: {}; rates per million lines, 95% intervals)", t.store, t.loc));
  line(fmt::format("  {:<50}{:>10}{:>14}{:>9}{:>30}{:>9}{:>30}", "snapshot", "packages", "lines", "cpython",
                   "per million lines", "exits", "per million lines"));
  for (const TrendSnapshot& s : t.snapshots)
    line(fmt::format("  {:<50}{:>10}{:>14}{:>9}{:>30}{:>9}{:>30}", s.label, s.packages, s.rate.cpython.lines,
                     s.rate.cpython.hits, rate_text(s.rate.cpython), s.rate.exits.hits, rate_text(s.rate.exits)));
  if (!t.change.empty()) line("  first to last snapshot, cpython rule: " + t.change);
  line("");
  line("by category (cpython rule) and by rank band (a package in the band of its rank in the list):");
  for (const TrendSnapshot& s : t.snapshots) {
    const ByCategory& c = s.by_category;
    line(fmt::format("  {}: test {}, intentional {}, bug {}, review {}", s.label, c.test, c.intentional, c.bug, c.review));
    for (const TrendSnapshot::Band& b : s.by_rank_band)
      line(fmt::format("    {:<20}{:>8} packages{:>14} lines{:>6} hits  {}", b.band, b.packages, b.rate.cpython.lines,
                       b.rate.cpython.hits, rate_text(b.rate.cpython)));
  }
  if (!t.hit_life) return out;
  const HitLife& life = *t.hit_life;
  line("");
  line(fmt::format("the {} {} of the earliest snapshot ({}), cpython rule:", life.hits, hit_or_hits(life.hits),
                   life.earliest));
  for (const HitLife::FixedBy& f : life.fixed_by)
    line(fmt::format("  fixed by {}: {}{}", f.label, f.hits.size(),
                     f.median_days_to_fix
                         ? fmt::format(" (median {:.0f} days from the release with the hit to the release without)",
                                       *f.median_days_to_fix)
                         : ""));
  line(fmt::format("  still there at the last snapshot: {}", life.still_there.size()));
  for (const FollowedHit& h : life.still_there) line(fmt::format("    {} {}:{} {}", h.package, h.path, h.line, h.statement));
  return out;
}

namespace {

// Python 3.14's release, when CPython began to warn: marked on the chart.
constexpr const char* kPython314Released = "2025-10-07";

}  // namespace

std::string render_trend_markdown(const Trend& t) {
  std::string out = "# pep765 trend\n\n";
  out += fmt::format("Store `{}`, lines `{}`. Rates are hits per million lines with a 95% exact Poisson interval.\n\n",
                     t.store, t.loc);
  out += "| snapshot | packages | lines | cpython hits | per million lines | exits hits | per million lines |\n";
  out += "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const TrendSnapshot& s : t.snapshots)
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", s.label, s.packages, s.rate.cpython.lines,
                       s.rate.cpython.hits, rate_text(s.rate.cpython), s.rate.exits.hits, rate_text(s.rate.exits));
  if (!t.change.empty()) out += "\nFirst to last snapshot, cpython rule: " + t.change + ".\n";
  out += "\n| snapshot | test | intentional | bug | review | rank band | packages | lines | hits | per million lines |\n";
  out += "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n";
  for (const TrendSnapshot& s : t.snapshots) {
    const ByCategory& c = s.by_category;
    bool first = true;
    for (const TrendSnapshot::Band& b : s.by_rank_band) {
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", first ? s.label : "",
                         first ? std::to_string(c.test) : "", first ? std::to_string(c.intentional) : "",
                         first ? std::to_string(c.bug) : "", first ? std::to_string(c.review) : "", b.band,
                         b.packages, b.rate.cpython.lines,
                         b.rate.cpython.hits, rate_text(b.rate.cpython));
      first = false;
    }
    if (first)
      out += fmt::format("| {} | {} | {} | {} | {} | - | | | | |\n", s.label, c.test, c.intentional, c.bug, c.review);
  }
  if (!t.hit_life) return out;
  const HitLife& life = *t.hit_life;
  out += fmt::format("\nThe {} {} of the earliest snapshot ({}), cpython rule:\n\n", life.hits, hit_or_hits(life.hits),
                     life.earliest);
  for (const HitLife::FixedBy& f : life.fixed_by)
    out += fmt::format("- fixed by {}: {}{}\n", f.label, f.hits.size(),
                       f.median_days_to_fix ? fmt::format(" (median {:.0f} days)", *f.median_days_to_fix) : "");
  out += fmt::format("- still there at the last snapshot: {}\n", life.still_there.size());
  return out;
}

std::string render_trend_html(const Trend& t) {
  const std::vector<TrendSnapshot>& snaps = t.snapshots;
  // x: days since the epoch where snapshots have dates (else evenly spaced); y: the rate.
  std::vector<double> xs;
  bool dated = !snaps.empty();
  for (const TrendSnapshot& s : snaps) dated = dated && day_of(s.as_of) >= 0;
  double ymax = 2.0;  // at least room for the PEP's 1.68
  for (size_t i = 0; i < snaps.size(); i++) {
    xs.push_back(dated ? double(day_of(snaps[i].as_of)) : double(i));
    ymax = std::max(ymax, snaps[i].rate.cpython.high);
  }
  const double release = double(day_of(kPython314Released));
  double xmin = xs.empty() ? 0 : *std::min_element(xs.begin(), xs.end());
  double xmax = xs.empty() ? 1 : *std::max_element(xs.begin(), xs.end());
  if (dated) {
    xmin = std::min(xmin, release) - 30;
    xmax = std::max(xmax, release) + 30;
  } else {
    xmin -= 0.5;
    xmax += 0.5;
  }
  const ChartAxis axis = round_axis(ymax);
  ymax = axis.end;
  const int w = 760, h = 320, left = 60, right = 20, top = 20, bottom = 50;
  auto X = [&](double x) { return left + (x - xmin) / (xmax - xmin) * (w - left - right); };
  auto Y = [&](double y) { return top + (1 - y / ymax) * (h - top - bottom); };
  std::string svg = fmt::format(
      "<svg id=\"trend-chart\" role=\"img\" aria-label=\"hits per million lines over time\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\">",
      w, h);
  svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" class=\"axis\"/>", left, w - right, Y(0), Y(0));
  for (int i = 0; i <= axis.ticks(); i++)
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tick\">{}</text>", left - 6,
                       Y(i * axis.step) + 4, axis.label(i));
  svg += fmt::format("<text transform=\"translate(14 {:.1f}) rotate(-90)\" text-anchor=\"middle\" class=\"tick\">"
                     "hits per million lines (95% interval)</text>"
                     "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">snapshot (--as-of)</text>",
                     (top + h - bottom) / 2.0, (left + w - right) / 2.0, h - 6);
  const double pep = 1e6 * 203 / 120964221.0;
  svg += fmt::format("<line id=\"pep-line\" x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"pep\"/>"
                     "<text x=\"{}\" y=\"{:.1f}\" class=\"note\">PEP 765, top 8,000 (Oct 2024): {:.2f}</text>",
                     left, w - right, Y(pep), Y(pep), left + 6, Y(pep) - 5, pep);
  if (dated) {
    // The label on whichever side of the line has room.
    const bool left_half = X(release) < w / 2.0;
    svg += fmt::format("<line id=\"release-line\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2:.1f}\" class=\"release\"/>"
                       "<text x=\"{3:.1f}\" y=\"{4}\" text-anchor=\"{6}\" class=\"note\">Python 3.14 released ({5})</text>",
                       X(release), top, Y(0), X(release) + (left_half ? 4 : -4), top + 12, kPython314Released,
                       left_half ? "start" : "end");
  }
  for (size_t i = 0; i < snaps.size(); i++) {
    const RateFigure& r = snaps[i].rate.cpython;
    const double x = X(xs[i]);
    svg += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" class=\"whisker\"/>"
                       "<circle cx=\"{0:.1f}\" cy=\"{3:.1f}\" r=\"5\" class=\"dot\"/>"
                       "<text x=\"{0:.1f}\" y=\"{4}\" text-anchor=\"middle\" class=\"tick\">{5}</text>",
                       x, Y(r.low), Y(r.high), Y(r.per_million), h - bottom + 18,
                       html_escape(snaps[i].as_of.empty() ? snaps[i].label : snaps[i].as_of));
  }
  svg += "</svg>";
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pep765 trend</title><style>"
                     "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:900px;color:#222;padding:0 1em}"
                     "table{border-collapse:collapse}th,td{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left}"
                     "td.n,th.n{text-align:right}.axis{stroke:#444}.tick,.note{font-size:11px;fill:#444}"
                     ".pep{stroke:#999;stroke-dasharray:5 4}.release{stroke:#c60;stroke-dasharray:2 3}"
                     ".whisker{stroke:#b22;stroke-width:2}.dot{fill:#b22}</style></head><body>\n<h1>pep765 trend</h1>\n";
  page += fmt::format("<p>Store <code>{}</code>; lines are <b>{}</b> lines; a hit is what CPython 3.14 warns about "
                      "(cpython rule). Rates are hits per million lines with a 95% exact Poisson interval.</p>\n",
                      html_escape(t.store), html_escape(t.loc));
  page += "<figure><figcaption>Hits per million lines at each snapshot</figcaption>" + svg + "</figure>\n";
  page += "<table id=\"snapshots\"><thead><tr><th>snapshot</th><th class=\"n\">packages</th><th class=\"n\">lines</th>"
          "<th class=\"n\">cpython hits</th><th class=\"n\">per million lines</th><th class=\"n\">exits hits</th>"
          "<th class=\"n\">per million lines</th></tr></thead><tbody>\n";
  for (const TrendSnapshot& s : snaps)
    page += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                        html_escape(s.label), s.packages, s.rate.cpython.lines, s.rate.cpython.hits,
                        rate_text(s.rate.cpython), s.rate.exits.hits, rate_text(s.rate.exits));
  page += "</tbody></table>\n";
  if (!t.change.empty()) page += "<p id=\"change\">First to last snapshot, cpython rule: " + html_escape(t.change) + ".</p>\n";
  page += "<h2>By category and rank band (cpython rule)</h2>\n<table id=\"bands\"><thead><tr><th>snapshot</th>"
          "<th class=\"n\">test</th><th class=\"n\">intentional</th><th class=\"n\">bug</th><th class=\"n\">review</th>"
          "<th>rank band</th>"
          "<th class=\"n\">packages</th><th class=\"n\">hits</th><th class=\"n\">per million lines</th></tr></thead><tbody>\n";
  for (const TrendSnapshot& s : snaps) {
    const ByCategory& c = s.by_category;
    page += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                        "<td class=\"n\">{}</td>",
                        html_escape(s.label), c.test, c.intentional, c.bug, c.review);
    std::string bands;
    for (const TrendSnapshot::Band& b : s.by_rank_band)
      bands += fmt::format("{}{}: {} packages, {} hits, {}", bands.empty() ? "" : "<br>", html_escape(b.band), b.packages,
                           b.rate.cpython.hits, rate_text(b.rate.cpython));
    page += fmt::format("<td colspan=\"4\">{}</td></tr>\n", bands.empty() ? "-" : bands);
  }
  page += "</tbody></table>\n";
  if (t.hit_life) {
    const HitLife& life = *t.hit_life;
    page += fmt::format("<h2>The {} {} of the earliest snapshot ({})</h2>\n<ul id=\"life\">", life.hits,
                        hit_or_hits(life.hits), html_escape(life.earliest));
    for (const HitLife::FixedBy& f : life.fixed_by)
      page += fmt::format("<li>fixed by {}: {}{}</li>", html_escape(f.label), f.hits.size(),
                          f.median_days_to_fix ? fmt::format(" (median {:.0f} days)", *f.median_days_to_fix) : "");
    page += fmt::format("<li>still there at the last snapshot: {}</li></ul>\n", life.still_there.size());
  }
  return page + "</body></html>\n";
}

}  // namespace pep765
