#include "report/picks.h"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>

#include "report/layout.h"
#include "report/stats.h"
#include "report/trend.h"

namespace pep765 {

namespace {

bool twins(const Selection& study, const Selection& latest) {
  return study.kind == latest.kind && study.source == latest.source && study.list_date == latest.list_date &&
         study.seed == latest.seed && study.as_of == latest.as_of;
}

PickedSide side_of(const PickedRelease& p) {
  PickedSide s;
  s.status = p.status;
  if (p.status == "found") s.version = absent_if_empty(p.version);
  s.released = absent_if_empty(p.released);
  s.reason = absent_if_empty(p.reason);
  s.counted = p.counted;
  s.lines = p.lines;
  s.cpython = p.cpython;
  s.exits = p.exits;
  return s;
}

PickComparison compare(Census& census, const Selection& study, const Selection& latest, LineDefinition loc,
                       const std::vector<HitRecord>& records, const ReleaseDays& released) {
  PickComparison c;
  Selection shared = latest;
  shared.pick = "latest";
  c.label = snapshot_label(shared);
  const Snapshot s = take_snapshot(census, study, loc, records), l = take_snapshot(census, latest, loc, records);
  c.study = {study.id, s.row.packages, s.row.rate, 0};
  c.latest = {latest.id, l.row.packages, l.row.rate, 0};

  // Per project: the study's projects in its order, then any only the latest selection lists.
  std::map<std::string, size_t> row_of;
  for (const PickedRelease& p : picked_releases(census, study.id, loc)) {
    row_of[p.project] = c.per_project.size();
    c.per_project.push_back({p.project, false, side_of(p), {"listed", {}, {}, {}, false, 0, 0, 0}});
  }
  for (const PickedRelease& p : picked_releases(census, latest.id, loc)) {
    auto it = row_of.find(p.project);
    if (it == row_of.end()) {
      row_of[p.project] = c.per_project.size();
      c.per_project.push_back({p.project, false, {"listed", {}, {}, {}, false, 0, 0, 0}, side_of(p)});
    } else {
      c.per_project[it->second].latest = side_of(p);
    }
  }
  for (PickedProject& p : c.per_project) {
    c.projects++;
    p.same_release = p.study.version && p.study.version == p.latest.version;
    if (p.same_release) c.same_release++;
    else if (p.study.version && p.latest.version) c.different_release++;
    if (!p.study.version && p.latest.version) c.missing_under_study++;
  }

  // The hits of the study's pick that the latest pick's release of the package no longer has,
  // as the trend finds a later snapshot's fixes; and the other way.
  const auto study_hits = snapshot_hits(records, s), latest_hits = snapshot_hits(records, l);
  c.study.hits = int64_t(study_hits.size());
  c.latest.hits = int64_t(latest_hits.size());
  std::set<HitKey> open;
  for (const auto& [key, h] : study_hits) open.insert(key);
  for (const FollowedHit& h : hits_gone(open, study_hits, l, latest_hits, released).hits)
    c.out_of_date.push_back({h.package, h.path, h.statement, h.was_in, h.fixed_in, h.line});
  std::set<HitKey> newer;
  for (const auto& [key, h] : latest_hits) newer.insert(key);
  c.only_in_latest = int64_t(hits_gone(newer, latest_hits, s, study_hits, released).hits.size());
  return c;
}

std::string release_text(const PickedSide& s) {
  if (!s.version) return "none";
  return *s.version + (s.released ? " (" + s.released->substr(0, 10) + ")" : "");
}

// Its lines and hits, or why it has none: the study's reason is the script's "missing".
std::string figures_text(const PickedSide& s) {
  if (!s.version) return s.reason ? *s.reason : s.status;
  if (!s.counted) return "not analyzed";
  return fmt::format("{} lines, {} {}", thousands(s.lines), s.cpython, s.cpython == 1 ? "hit" : "hits");
}

// What the two picks come to, in words shared by every format.
std::string headline(const PickComparison& c) {
  return fmt::format("{} projects: {} took the same release under both picks, {} a different one; {} {} nothing under the "
                     "study's pick that the latest pick counts",
                     thousands(c.projects), thousands(c.same_release), thousands(c.different_release),
                     thousands(c.missing_under_study), c.missing_under_study == 1 ? "has" : "have");
}

std::string out_of_date_text(const PickComparison& c) {
  return fmt::format("out of date: {} of the study pick's {} hits (cpython rule) are not in the latest pick's release "
                     "of their package; the latest pick has {} hits the study's release has not",
                     c.out_of_date.size(), c.study.hits, c.only_in_latest);
}

}  // namespace

std::vector<PickComparison> compare_picks(Census& census, LineDefinition loc, const std::vector<HitRecord>& records) {
  std::vector<PickComparison> out;
  const std::vector<Selection> all = selections(census);
  std::optional<ReleaseDays> released;
  for (const Selection& study : all) {
    if (study.pick != "study") continue;
    for (const Selection& latest : all)
      if (latest.pick == "latest" && twins(study, latest)) {
        if (!released) released = release_days(census);
        out.push_back(compare(census, study, latest, loc, records, *released));
        break;
      }
  }
  return out;
}

namespace {

// The cells every format shows, decided once; each renderer only dresses them.
struct RateRow {
  const char* pick;
  std::vector<std::string> cells;  // packages, lines, cpython hits, rate, exits hits, rate
};
std::vector<RateRow> rate_rows(const PickComparison& c) {
  std::vector<RateRow> rows;
  for (const auto& [name, t] : {std::pair{"study", c.study}, std::pair{"latest", c.latest}})
    rows.push_back({name, {thousands(t.packages), thousands(t.rate.cpython.lines), thousands(t.rate.cpython.hits),
                           rate_text(t.rate.cpython), thousands(t.rate.exits.hits), rate_text(t.rate.exits)}});
  return rows;
}
const char* const kRateHeads[] = {"packages", "lines", "cpython hits", "per million lines", "exits hits",
                                  "per million lines"};

// The projects whose picks differ: package, the study's release, its lines and hits, the
// latest's, its lines and hits.
std::vector<std::vector<std::string>> project_rows(const PickComparison& c) {
  std::vector<std::vector<std::string>> rows;
  for (const PickedProject& p : c.per_project)
    if (!p.same_release)
      rows.push_back({p.package, release_text(p.study), figures_text(p.study), release_text(p.latest),
                      figures_text(p.latest)});
  return rows;
}
const char* const kProjectHeads[] = {"project", "study's release (date)", "lines, hits", "latest release (date)",
                                     "lines, hits"};

std::string where(const OutOfDateHit& h, const std::function<std::string(const std::string&)>& code) {
  return fmt::format("{} {}:{} {} (in {}, gone in {})", h.package, code(h.path), h.line, h.statement, h.study_version,
                     h.latest_version);
}

}  // namespace

std::string render_pick_comparison_text(const PickComparison& c) {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  line(fmt::format("the study's pick beside the latest: {}", c.label));
  line(fmt::format("  {:<14}{:>10}{:>14}{:>14}{:>34}{:>12}{:>34}", "", kRateHeads[0], kRateHeads[1], kRateHeads[2],
                   kRateHeads[3], kRateHeads[4], kRateHeads[5]));
  for (const RateRow& r : rate_rows(c))
    line(fmt::format("  {:<14}{:>10}{:>14}{:>14}{:>34}{:>12}{:>34}", std::string(r.pick) + " pick", r.cells[0],
                     r.cells[1], r.cells[2], r.cells[3], r.cells[4], r.cells[5]));
  line("  " + headline(c));
  line(fmt::format("  {:<24} {:<26} {:<22} {:<26} {}", kProjectHeads[0], kProjectHeads[1], kProjectHeads[2],
                   kProjectHeads[3], kProjectHeads[4]));
  // A release the study could not take has its reason said after the row, where it has room.
  for (const std::vector<std::string>& r : project_rows(c)) {
    const bool none = r[1] == "none";
    line(fmt::format("  {:<24} {:<26} {:<22} {:<26} {}{}", r[0], r[1], none ? "-" : r[2], r[3], r[4],
                     none ? "  (study: " + r[2] + ")" : ""));
  }
  line("  " + out_of_date_text(c) + (c.out_of_date.empty() ? "" : ":"));
  for (const OutOfDateHit& h : c.out_of_date) line("    " + where(h, [](const std::string& s) { return s; }));
  return out;
}

std::string render_pick_comparison_markdown(const PickComparison& c) {
  auto row = [](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const std::string& x : cells) out += " " + markdown_cell(x) + " |";
    return out + "\n";
  };
  std::string out = fmt::format("## The study's pick beside the latest: {}\n\n", markdown_cell(c.label));
  out += row({"pick", kRateHeads[0], kRateHeads[1], kRateHeads[2], kRateHeads[3], kRateHeads[4], kRateHeads[5]});
  out += "|---|---:|---:|---:|---:|---:|---:|\n";
  for (RateRow& r : rate_rows(c)) {
    r.cells.insert(r.cells.begin(), r.pick);
    out += row(r.cells);
  }
  out += "\n" + headline(c) + ".\n\n";
  out += row({kProjectHeads[0], kProjectHeads[1], kProjectHeads[2], kProjectHeads[3], kProjectHeads[4]});
  out += "|---|---|---|---|---|\n";
  for (const std::vector<std::string>& r : project_rows(c)) out += row(r);
  out += "\n" + out_of_date_text(c) + (c.out_of_date.empty() ? ".\n" : ":\n\n");
  for (const OutOfDateHit& h : c.out_of_date)
    out += "- " + markdown_cell(where(h, [](const std::string& s) { return "`" + s + "`"; })) + "\n";
  return out;
}

std::string render_pick_comparison_html(const PickComparison& c) {
  auto esc = [](const std::string& s) { return html_escape(s); };
  auto row = [&](const std::vector<std::string>& cells, size_t first_numeric) {
    std::string out = "<tr>";
    for (size_t i = 0; i < cells.size(); i++)
      out += (i >= first_numeric ? "<td class=\"n\">" : "<td>") + esc(cells[i]) + "</td>";
    return out + "</tr>\n";
  };
  std::string h = fmt::format("<section class=\"picks\" id=\"picks-{}\"><h2>The study's pick beside the latest: {}</h2>\n",
                              c.study.selection, esc(c.label));
  h += "<table class=\"pick-rates\"><thead><tr><th>pick</th>";
  for (const char* head : kRateHeads) h += fmt::format("<th class=\"n\">{}</th>", head);
  h += "</tr></thead><tbody>\n";
  for (RateRow& r : rate_rows(c)) {
    r.cells.insert(r.cells.begin(), r.pick);
    h += row(r.cells, 1);
  }
  h += "</tbody></table>\n<p>" + esc(headline(c)) + ".</p>\n<table class=\"pick-projects\"><thead><tr>";
  for (const char* head : kProjectHeads) h += fmt::format("<th>{}</th>", head);
  h += "</tr></thead><tbody>\n";
  for (const std::vector<std::string>& r : project_rows(c)) h += row(r, r.size());
  h += "</tbody></table>\n<p class=\"out-of-date\">" + esc(out_of_date_text(c)) + (c.out_of_date.empty() ? ".</p>\n" : ":</p>\n<ul>");
  for (const OutOfDateHit& x : c.out_of_date) {
    const OutOfDateHit shown{esc(x.package), x.path, esc(x.statement), esc(x.study_version), esc(x.latest_version), x.line};
    h += "<li>" + where(shown, [&](const std::string& s) { return "<code>" + esc(s) + "</code>"; }) + "</li>";
  }
  if (!c.out_of_date.empty()) h += "</ul>\n";
  return h + "</section>\n";
}

}  // namespace pep765
