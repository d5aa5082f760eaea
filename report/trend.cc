#include "report/trend.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include "common/printable.h"
#include "report/breakdowns.h"
#include "report/hits.h"
#include "report/stats.h"
#include "sql/db.h"

namespace pep765 {

namespace {

nlohmann::json rate_of(int64_t hits, int64_t lines) {
  Rate r = rate_per_million(hits, lines);
  return {{"hits", hits}, {"lines", lines}, {"per_million", r.per_million}, {"low", r.low}, {"high", r.high}};
}

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

nlohmann::json build_trend(const std::string& db_path, const std::string& loc) {
  Db db(db_path, OpenMode::Read);
  std::vector<Snapshot> snapshots;
  {
    Query q = db.prepare(
        "SELECT id, kind, size, list_date, seed, as_of FROM selections ORDER BY as_of = '', as_of, id");
    while (q.step()) {
      Snapshot s;
      s.id = q.int64(0);
      s.as_of = q.text(5);
      s.label = q.text(1) == "top" ? fmt::format("top {}", q.int64(2)) : fmt::format("random {} (seed {})", q.int64(2), q.int64(4));
      if (!s.as_of.empty()) s.label += ", as of " + s.as_of;
      snapshots.push_back(std::move(s));
    }
  }
  Query counted = db.prepare(
      "SELECT DISTINCT p.name, a.version FROM selected s JOIN packages p ON p.id = s.package_id "
      "JOIN counted_artifacts a ON a.package_id = s.package_id AND a.version = s.version "
      "WHERE s.selection_id = ? AND s.in_sample = 1 AND s.status = 'found'");
  Query figures = db.prepare(fmt::format(
      "WITH cs AS (SELECT DISTINCT f.hash FROM selected s JOIN counted_artifacts a "
      "  ON a.package_id = s.package_id AND a.version = s.version JOIN files f ON f.artifact_id = a.id "
      "  WHERE s.selection_id = ?1 AND s.in_sample = 1 AND s.status = 'found') "
      "SELECT (SELECT coalesce(sum({}), 0) FROM contents c WHERE c.hash IN (SELECT hash FROM cs)), "
      "  (SELECT count(*) FROM hits h WHERE h.hash IN (SELECT hash FROM cs) AND h.cpython = 1), "
      "  (SELECT count(*) FROM hits h WHERE h.hash IN (SELECT hash FROM cs) AND h.exits = 1)",
      lines_sql(loc)));
  nlohmann::json rows = nlohmann::json::array();
  for (Snapshot& s : snapshots) {
    counted.bind(1, s.id);
    while (counted.step()) s.releases.insert({counted.text(0), counted.text(1)});
    counted.reset();
    figures.bind(1, s.id);
    figures.step();
    const int64_t lines = figures.int64(0);
    rows.push_back({{"selection", s.id}, {"label", s.label}, {"as_of", s.as_of}, {"packages", s.releases.size()},
                    {"cpython", rate_of(figures.int64(1), lines)}, {"exits", rate_of(figures.int64(2), lines)}});
    figures.reset();
  }

  // Each release's upload day (its earliest file), for the time a fix took.
  std::map<std::pair<std::string, std::string>, int64_t> released;
  {
    Query q = db.prepare(
        "SELECT p.name, d.version, min(d.upload_time) FROM downloads d JOIN packages p ON p.id = d.package_id "
        "WHERE d.upload_time IS NOT NULL GROUP BY p.name, d.version");
    while (q.step()) released[{q.text(0), q.text(1)}] = day_of(q.text(2));
  }
  // Hits (cpython rule, as the PEP counts them) per snapshot, as a person names them.
  const std::vector<HitRecord> records = load_hit_records(db);
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
  return {{"store", db_path}, {"loc", loc}, {"snapshots", rows}, {"hit_life", life}};
}

std::string render_trend_text(const nlohmann::json& t) {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  auto rate = [](const nlohmann::json& r) {
    return fmt::format("{:.2f} [{:.2f}, {:.2f}]", r["per_million"].get<double>(), r["low"].get<double>(),
                       r["high"].get<double>());
  };
  line(fmt::format("pep765 trend: {} (lines: {}; rates per million lines, 95% intervals)", t["store"].get<std::string>(),
                   t["loc"].get<std::string>()));
  line(fmt::format("  {:<36}{:>10}{:>14}{:>9}{:>30}{:>9}{:>30}", "snapshot", "packages", "lines", "cpython",
                   "per million lines", "exits", "per million lines"));
  for (const auto& s : t["snapshots"])
    line(fmt::format("  {:<36}{:>10}{:>14}{:>9}{:>30}{:>9}{:>30}", s["label"].get<std::string>(),
                     s["packages"].get<int64_t>(), s["cpython"]["lines"].get<int64_t>(), s["cpython"]["hits"].get<int64_t>(),
                     rate(s["cpython"]), s["exits"]["hits"].get<int64_t>(), rate(s["exits"])));
  const auto& life = t["hit_life"];
  if (life.empty()) return out;
  line("");
  line(fmt::format("the {} hits of the earliest snapshot ({}), cpython rule:", life["hits"].get<size_t>(),
                   life["earliest"].get<std::string>()));
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

}  // namespace pep765
