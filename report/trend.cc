#include "report/trend.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <tuple>

#include "common/printable.h"
#include "report/breakdowns.h"
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

struct Snapshot {
  int64_t id = 0;
  std::string label, as_of;
  std::set<std::pair<std::string, std::string>> releases;  // (package, version) counted
};

}  // namespace

nlohmann::json build_trend(const std::string& db_path, LineDefinition loc) {
  Census census(db_path);
  std::vector<Snapshot> snapshots;
  // Dated snapshots by date, then those without a date, each by id.
  std::vector<Selection> listed = selections(census);
  std::stable_sort(listed.begin(), listed.end(), [](const Selection& a, const Selection& b) {
    return std::make_tuple(a.as_of.empty(), std::cref(a.as_of), a.id) < std::make_tuple(b.as_of.empty(), std::cref(b.as_of), b.id);
  });
  for (const Selection& x : listed) {
    Snapshot s;
    s.id = x.id;
    s.as_of = x.as_of;
    // The label names the list and its date: snapshots may come from one list or a list per date.
    const std::string list_date = x.list_date.substr(0, 10);
    s.label = x.kind == "top" ? fmt::format("top {} (list of {})", x.size, list_date.empty() ? "?" : list_date)
                              : fmt::format("random {} (seed {})", x.size, x.seed);
    if (!s.as_of.empty()) s.label += ", as of " + s.as_of;
    snapshots.push_back(std::move(s));
  }
  const std::vector<HitRecord> all_records = load_hit_records(census);
  nlohmann::json rows = nlohmann::json::array();
  for (Snapshot& s : snapshots) {
    for (Release& r : counted_releases(census, s.id)) s.releases.insert({std::move(r.project), std::move(r.version)});
    const SnapshotFigures figures = snapshot_figures(census, s.id, loc);
    nlohmann::json row = {{"selection", s.id}, {"label", s.label}, {"as_of", s.as_of}, {"packages", s.releases.size()},
                          {"cpython", rate_json(figures.cpython, figures.lines)},
                          {"exits", rate_json(figures.exits, figures.lines)}};
    // The same per rank band of a top list, for each snapshot.
    nlohmann::json bands = nlohmann::json::array();
    for (const BandFigures& b : snapshot_band_rows(census, s.id, loc))
      bands.push_back({{"band", kRankBands[b.band].label}, {"packages", b.packages},
                       {"cpython", rate_json(b.cpython, b.lines)}, {"exits", rate_json(b.exits, b.lines)}});
    row["by_rank_band"] = bands;
    // Categories of the snapshot's distinct hits (cpython rule), as the report gives them.
    std::map<std::string, int64_t> categories{{"test", 0}, {"intentional", 0}, {"bug", 0}};
    std::set<std::string> seen;
    for (const HitRecord& h : all_records)
      if (h.cpython && s.releases.count({h.package, h.version}) && seen.insert(h.unique_key()).second)
        categories[category_name(h.triage.category)]++;
    row["by_category"] = categories;
    rows.push_back(std::move(row));
  }

  // Each release's upload day (its earliest file), for the time a fix took.
  std::map<std::pair<std::string, std::string>, int64_t> released;
  for (const ReleaseUpload& u : release_uploads(census)) released[{u.project, u.version}] = day_of(u.first_upload);
  // Hits (cpython rule, as the PEP counts them) per snapshot, as a person names them.
  const std::vector<HitRecord>& records = all_records;
  auto hits_of = [&](const Snapshot& s) {
    std::map<HitKey, const HitRecord*> out;
    for (const HitRecord& h : records)
      if (h.cpython && s.releases.count({h.package, h.version})) out.emplace(h.key(), &h);
    return out;
  };
  nlohmann::json life = nlohmann::json::object();
  if (!snapshots.empty()) {
    const auto first = hits_of(snapshots.front());
    std::set<HitKey> open;
    for (const auto& [key, h] : first) open.insert(key);
    nlohmann::json fixed_by = nlohmann::json::array();
    for (size_t i = 1; i < snapshots.size(); i++) {
      const auto now = hits_of(snapshots[i]);
      std::vector<int64_t> days;
      nlohmann::json fixed = nlohmann::json::array();
      for (auto it = open.begin(); it != open.end();) {
        const HitKey& key = *it;
        // Gone from a package this snapshot still counts: fixed. A package gone from the
        // census altogether says nothing about the hit.
        std::string now_version;
        for (const auto& [package, version] : snapshots[i].releases)
          if (package == key.package) now_version = version;
        if (now.count(key) || now_version.empty()) {
          ++it;
          continue;
        }
        const HitRecord& was = *first.at(key);
        const int64_t from = released.count({was.package, was.version}) ? released[{was.package, was.version}] : -1;
        const int64_t to = released.count({key.package, now_version}) ? released[{key.package, now_version}] : -1;
        if (from >= 0 && to >= from) days.push_back(to - from);
        fixed.push_back({{"package", key.package}, {"path", key.path}, {"line", was.line}, {"statement", key.statement},
                         {"was_in", was.version}, {"fixed_in", now_version}});
        it = open.erase(it);
      }
      std::sort(days.begin(), days.end());
      nlohmann::json median = nullptr;
      if (!days.empty())
        median = days.size() % 2 ? double(days[days.size() / 2])
                                 : (days[days.size() / 2 - 1] + days[days.size() / 2]) / 2.0;
      fixed_by.push_back({{"label", snapshots[i].label}, {"fixed", fixed.size()}, {"median_days_to_fix", median},
                          {"hits", fixed}});
    }
    nlohmann::json still = nlohmann::json::array();
    for (const HitKey& key : open) {
      const HitRecord& was = *first.at(key);
      still.push_back({{"package", key.package}, {"path", key.path}, {"line", was.line}, {"statement", key.statement}});
    }
    life = {{"earliest", snapshots.front().label}, {"hits", first.size()}, {"fixed_by", fixed_by}, {"still_there", still}};
  }
  // From the first snapshot to the last, in words: flat when hits and lines are the same,
  // else up or down, and whether the two 95% intervals still overlap.
  std::string change;
  if (rows.size() >= 2) {
    const auto& a = rows.front()["cpython"];
    const auto& b = rows.back()["cpython"];
    if (a["hits"] == b["hits"] && a["lines"] == b["lines"]) {
      change = "flat: the same hits over the same lines at the first snapshot and the last";
    } else {
      const double ra = a["per_million"].get<double>(), rb = b["per_million"].get<double>();
      const bool overlap = a["low"].get<double>() <= b["high"].get<double>() && b["low"].get<double>() <= a["high"].get<double>();
      change = fmt::format("{} from {:.2f} to {:.2f} per million lines ({})", rb > ra ? "up" : rb < ra ? "down" : "level", ra,
                           rb, overlap ? "the 95% intervals overlap" : "the 95% intervals do not overlap");
    }
  }
  return {{"store", db_path}, {"loc", line_definition_name(loc)}, {"snapshots", rows}, {"change", change}, {"hit_life", life}};
}

std::string render_trend_text(const nlohmann::json& t) {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  line(fmt::format("pep765 trend: {} (lines: {}; rates per million lines, 95% intervals)", t["store"].get<std::string>(),
                   t["loc"].get<std::string>()));
  line(fmt::format("  {:<50}{:>10}{:>14}{:>9}{:>30}{:>9}{:>30}", "snapshot", "packages", "lines", "cpython",
                   "per million lines", "exits", "per million lines"));
  for (const auto& s : t["snapshots"])
    line(fmt::format("  {:<50}{:>10}{:>14}{:>9}{:>30}{:>9}{:>30}", s["label"].get<std::string>(),
                     s["packages"].get<int64_t>(), s["cpython"]["lines"].get<int64_t>(), s["cpython"]["hits"].get<int64_t>(),
                     rate_text(s["cpython"]), s["exits"]["hits"].get<int64_t>(), rate_text(s["exits"])));
  if (!t["change"].get<std::string>().empty()) line("  first to last snapshot, cpython rule: " + t["change"].get<std::string>());
  line("");
  line("by category (cpython rule) and by rank band (a package in the band of its rank in the list):");
  for (const auto& s : t["snapshots"]) {
    const auto& c = s["by_category"];
    line(fmt::format("  {}: test {}, intentional {}, bug {}", s["label"].get<std::string>(), c["test"].get<int64_t>(),
                     c["intentional"].get<int64_t>(), c["bug"].get<int64_t>()));
    for (const auto& b : s["by_rank_band"])
      line(fmt::format("    {:<20}{:>8} packages{:>14} lines{:>6} hits  {}", b["band"].get<std::string>(),
                       b["packages"].get<int64_t>(), b["cpython"]["lines"].get<int64_t>(),
                       b["cpython"]["hits"].get<int64_t>(), rate_text(b["cpython"])));
  }
  const auto& life = t["hit_life"];
  if (life.empty()) return out;
  line("");
  line(fmt::format("the {} {} of the earliest snapshot ({}), cpython rule:", life["hits"].get<size_t>(),
                   life["hits"].get<size_t>() == 1 ? "hit" : "hits", life["earliest"].get<std::string>()));
  for (const auto& f : life["fixed_by"])
    line(fmt::format("  fixed by {}: {}{}", f["label"].get<std::string>(), f["fixed"].get<size_t>(),
                     f["median_days_to_fix"].is_null()
                         ? ""
                         : fmt::format(" (median {:.0f} days from the release with the hit to the release without)",
                                       f["median_days_to_fix"].get<double>())));
  line(fmt::format("  still there at the last snapshot: {}", life["still_there"].size()));
  for (const auto& h : life["still_there"])
    line(fmt::format("    {} {}:{} {}", h["package"].get<std::string>(), h["path"].get<std::string>(),
                     h["line"].get<int>(), h["statement"].get<std::string>()));
  return out;
}

namespace {

// Python 3.14's release, when CPython began to warn: marked on the chart.
constexpr const char* kPython314Released = "2025-10-07";

}  // namespace

std::string render_trend_markdown(const nlohmann::json& t) {
  std::string out = "# pep765 trend\n\n";
  out += fmt::format("Store `{}`, lines `{}`. Rates are hits per million lines with a 95% exact Poisson interval.\n\n",
                     t["store"].get<std::string>(), t["loc"].get<std::string>());
  out += "| snapshot | packages | lines | cpython hits | per million lines | exits hits | per million lines |\n";
  out += "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& s : t["snapshots"])
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", s["label"].get<std::string>(), s["packages"].get<int64_t>(),
                       s["cpython"]["lines"].get<int64_t>(), s["cpython"]["hits"].get<int64_t>(), rate_text(s["cpython"]),
                       s["exits"]["hits"].get<int64_t>(), rate_text(s["exits"]));
  if (!t["change"].get<std::string>().empty())
    out += "\nFirst to last snapshot, cpython rule: " + t["change"].get<std::string>() + ".\n";
  out += "\n| snapshot | test | intentional | bug | rank band | packages | lines | hits | per million lines |\n";
  out += "|---|---:|---:|---:|---|---:|---:|---:|---:|\n";
  for (const auto& s : t["snapshots"]) {
    const auto& c = s["by_category"];
    bool first = true;
    for (const auto& b : s["by_rank_band"]) {
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", first ? s["label"].get<std::string>() : "",
                         first ? std::to_string(c["test"].get<int64_t>()) : "",
                         first ? std::to_string(c["intentional"].get<int64_t>()) : "",
                         first ? std::to_string(c["bug"].get<int64_t>()) : "", b["band"].get<std::string>(),
                         b["packages"].get<int64_t>(), b["cpython"]["lines"].get<int64_t>(), b["cpython"]["hits"].get<int64_t>(),
                         rate_text(b["cpython"]));
      first = false;
    }
    if (first)
      out += fmt::format("| {} | {} | {} | {} | - | | | | |\n", s["label"].get<std::string>(), c["test"].get<int64_t>(),
                         c["intentional"].get<int64_t>(), c["bug"].get<int64_t>());
  }
  const auto& life = t["hit_life"];
  if (life.empty()) return out;
  out += fmt::format("\nThe {} {} of the earliest snapshot ({}), cpython rule:\n\n", life["hits"].get<size_t>(),
                     life["hits"].get<size_t>() == 1 ? "hit" : "hits", life["earliest"].get<std::string>());
  for (const auto& f : life["fixed_by"])
    out += fmt::format("- fixed by {}: {}{}\n", f["label"].get<std::string>(), f["fixed"].get<size_t>(),
                       f["median_days_to_fix"].is_null()
                           ? ""
                           : fmt::format(" (median {:.0f} days)", f["median_days_to_fix"].get<double>()));
  out += fmt::format("- still there at the last snapshot: {}\n", life["still_there"].size());
  return out;
}

std::string render_trend_html(const nlohmann::json& t) {
  const auto& snaps = t["snapshots"];
  // x: days since the epoch where snapshots have dates (else evenly spaced); y: the rate.
  std::vector<double> xs;
  bool dated = !snaps.empty();
  for (const auto& s : snaps) dated = dated && day_of(s["as_of"].get<std::string>()) >= 0;
  double ymax = 2.0;  // at least room for the PEP's 1.68
  for (size_t i = 0; i < snaps.size(); i++) {
    xs.push_back(dated ? double(day_of(snaps[i]["as_of"].get<std::string>())) : double(i));
    ymax = std::max(ymax, snaps[i]["cpython"]["high"].get<double>());
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
  ymax *= 1.15;
  const int w = 760, h = 320, left = 60, right = 20, top = 20, bottom = 50;
  auto X = [&](double x) { return left + (x - xmin) / (xmax - xmin) * (w - left - right); };
  auto Y = [&](double y) { return top + (1 - y / ymax) * (h - top - bottom); };
  std::string svg = fmt::format(
      "<svg id=\"trend-chart\" role=\"img\" aria-label=\"hits per million lines over time\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\">",
      w, h);
  svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" class=\"axis\"/>", left, w - right, Y(0), Y(0));
  for (int i = 0; i <= 4; i++) {
    const double v = ymax * i / 4;
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tick\">{:.1f}</text>", left - 6, Y(v) + 4, v);
  }
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
    const auto& r = snaps[i]["cpython"];
    const double x = X(xs[i]);
    svg += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" class=\"whisker\"/>"
                       "<circle cx=\"{0:.1f}\" cy=\"{3:.1f}\" r=\"5\" class=\"dot\"/>"
                       "<text x=\"{0:.1f}\" y=\"{4}\" text-anchor=\"middle\" class=\"tick\">{5}</text>",
                       x, Y(r["low"].get<double>()), Y(r["high"].get<double>()), Y(r["per_million"].get<double>()),
                       h - bottom + 18,
                       html_escape(snaps[i]["as_of"].get<std::string>().empty() ? snaps[i]["label"].get<std::string>()
                                                                               : snaps[i]["as_of"].get<std::string>()));
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
                      html_escape(t["store"].get<std::string>()), html_escape(t["loc"].get<std::string>()));
  page += "<figure><figcaption>Hits per million lines at each snapshot</figcaption>" + svg + "</figure>\n";
  page += "<table id=\"snapshots\"><thead><tr><th>snapshot</th><th class=\"n\">packages</th><th class=\"n\">lines</th>"
          "<th class=\"n\">cpython hits</th><th class=\"n\">per million lines</th><th class=\"n\">exits hits</th>"
          "<th class=\"n\">per million lines</th></tr></thead><tbody>\n";
  for (const auto& s : snaps)
    page += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                        html_escape(s["label"].get<std::string>()), s["packages"].get<int64_t>(),
                        s["cpython"]["lines"].get<int64_t>(), s["cpython"]["hits"].get<int64_t>(), rate_text(s["cpython"]),
                        s["exits"]["hits"].get<int64_t>(), rate_text(s["exits"]));
  page += "</tbody></table>\n";
  if (!t["change"].get<std::string>().empty())
    page += "<p id=\"change\">First to last snapshot, cpython rule: " + html_escape(t["change"].get<std::string>()) + ".</p>\n";
  page += "<h2>By category and rank band (cpython rule)</h2>\n<table id=\"bands\"><thead><tr><th>snapshot</th>"
          "<th class=\"n\">test</th><th class=\"n\">intentional</th><th class=\"n\">bug</th><th>rank band</th>"
          "<th class=\"n\">packages</th><th class=\"n\">hits</th><th class=\"n\">per million lines</th></tr></thead><tbody>\n";
  for (const auto& s : snaps) {
    const auto& c = s["by_category"];
    page += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
                        html_escape(s["label"].get<std::string>()), c["test"].get<int64_t>(), c["intentional"].get<int64_t>(),
                        c["bug"].get<int64_t>());
    std::string bands;
    for (const auto& b : s["by_rank_band"])
      bands += fmt::format("{}{}: {} packages, {} hits, {}", bands.empty() ? "" : "<br>", html_escape(b["band"].get<std::string>()),
                           b["packages"].get<int64_t>(), b["cpython"]["hits"].get<int64_t>(), rate_text(b["cpython"]));
    page += fmt::format("<td colspan=\"4\">{}</td></tr>\n", bands.empty() ? "-" : bands);
  }
  page += "</tbody></table>\n";
  const auto& life = t["hit_life"];
  if (!life.empty()) {
    page += fmt::format("<h2>The {} {} of the earliest snapshot ({})</h2>\n<ul id=\"life\">", life["hits"].get<size_t>(),
                        life["hits"].get<size_t>() == 1 ? "hit" : "hits", html_escape(life["earliest"].get<std::string>()));
    for (const auto& f : life["fixed_by"])
      page += fmt::format("<li>fixed by {}: {}{}</li>", html_escape(f["label"].get<std::string>()), f["fixed"].get<size_t>(),
                          f["median_days_to_fix"].is_null()
                              ? ""
                              : fmt::format(" (median {:.0f} days)", f["median_days_to_fix"].get<double>()));
    page += fmt::format("<li>still there at the last snapshot: {}</li></ul>\n", life["still_there"].size());
  }
  return page + "</body></html>\n";
}

}  // namespace pep765
