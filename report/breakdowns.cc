#include "report/breakdowns.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "common/names.h"
#include "report/stats.h"

namespace pep765 {

const std::vector<RankBand> kRankBands = {
    {1, 100, "ranks 1-100"}, {101, 1000, "ranks 101-1,000"}, {1001, 8000, "ranks 1,001-8,000"}, {8001, 0, "ranks past 8,000"}};

std::string rank_band_sql(const std::string& column) {
  std::string sql = "CASE";
  for (size_t b = 0; b < kRankBands.size(); b++)
    if (kRankBands[b].high) sql += fmt::format(" WHEN {} <= {} THEN {}", column, kRankBands[b].high, b);
  return sql + fmt::format(" ELSE {} END", kRankBands.size() - 1);
}

namespace {

const char* line_definition(const std::string& loc) {
  if (loc == "physical") return "physical lines: newlines, plus one for a last line without one, in every .py file";
  if (loc == "parsed") return "physical lines of the .py files that parse (CPython 3.14's verdict where it was asked)";
  return "the study's count: newlines + 1 in each .py file that parses";
}

const char* rule_definition(const std::string& rule) {
  if (rule == "cpython")
    return "cpython: what CPython 3.14 warns about (a finally, a loop body and a function body each open a context; "
           "a return, break or continue is flagged when the innermost is a finally)";
  return "exits: the jump really leaves the finally (return: the nearest finally-or-function is a finally; "
         "break/continue: the nearest finally-or-loop-body is a finally)";
}

}  // namespace

std::string lines_sql(const std::string& loc) {
  if (loc == "physical") return "c.lines";
  if (loc == "parsed") return "CASE WHEN c.parse <> 'error' THEN c.lines ELSE 0 END";
  return "CASE WHEN c.parse <> 'error' THEN c.newlines + 1 ELSE 0 END";
}

void add_provenance(Db& db, const ReportOptions& o, nlohmann::json& r) {
  nlohmann::json p;
  p["tool"] = fmt::format("pep765 {}", PEP765_VERSION);
  p["store"] = o.db_path;
  p["rule"] = rule_definition(o.rule);
  p["lines"] = line_definition(o.loc);
  nlohmann::json selections = nlohmann::json::array();
  Query sel = db.prepare(
      "SELECT kind, source, list_date, seed, size, index_url, as_of, created_at FROM selections ORDER BY id");
  while (sel.step())
    selections.push_back({{"kind", sel.text(0)}, {"list", sel.text(1)}, {"list_date", sel.text(2)},
                          {"seed", sel.int64(3)}, {"size", sel.int64(4)}, {"index_url", sel.text(5)},
                          {"as_of", sel.text(6)}, {"made", sel.text(7)}});
  p["selections"] = selections;
  auto span = [&](const char* sql) {
    Query q = db.prepare(sql);
    nlohmann::json out = {{"first", ""}, {"last", ""}};
    if (q.step() && !q.is_null(0)) out = {{"first", q.text(0)}, {"last", q.text(1)}};
    return out;
  };
  p["fetched"] = span(
      "SELECT min(fetched_at), max(fetched_at) FROM packages WHERE id IN (SELECT package_id FROM counted_artifacts)");
  p["analyzed"] = span("SELECT min(analyzed_at), max(analyzed_at) FROM counted_artifacts");
  {
    Query q = db.prepare("SELECT DISTINCT analysis FROM contents ORDER BY analysis");
    nlohmann::json versions = nlohmann::json::array();
    while (q.step()) versions.push_back(q.int64(0));
    p["analysis_versions"] = versions;
  }
  {
    Query q = db.prepare(
        "SELECT count(*) FILTER (WHERE parse = 'error' AND instr(notes, 'cpython314') = 0), "
        "count(*) FILTER (WHERE instr(notes, 'cpython314') > 0) FROM contents");
    q.step();
    p["cpython314"] = {{"asked", q.int64(1)}, {"grammar_rejects_unconfirmed", q.int64(0)}};
  }
  r["provenance"] = p;
}

void add_breakdowns(Db& db, const ReportOptions& o, const std::vector<const HitRecord*>& unique_hits,
                    nlohmann::json& r) {
  // One row per counted file: its package, the package's best rank in a top list, its content,
  // lines, and hits under each rule. Contents are counted once per package and per band.
  Query q = db.prepare(fmt::format(
      "SELECT a.name, a.kind, p.name, a.version, "
      " (SELECT min(s.rank) FROM selected s JOIN selections x ON x.id = s.selection_id "
      "  WHERE s.package_id = a.package_id AND s.version = a.version AND x.kind = 'top' AND s.rank > 0), "
      " hex(f.hash), {}, "
      " (SELECT count(*) FROM hits h WHERE h.hash = f.hash AND h.cpython = 1), "
      " (SELECT count(*) FROM hits h WHERE h.hash = f.hash AND h.exits = 1), a.id "
      "FROM counted_artifacts a JOIN files f ON f.artifact_id = a.id JOIN contents c ON c.hash = f.hash "
      "LEFT JOIN packages p ON p.id = a.package_id",
      lines_sql(o.loc)));
  struct Tally {
    std::string version;
    int64_t rank = 0, lines = 0, cpython = 0, exits = 0;
    std::set<std::string> contents;
    std::set<int64_t> artifacts;
    void add(const std::string& hash, int64_t l, int64_t c, int64_t e) {
      if (!contents.insert(hash).second) return;
      lines += l;
      cpython += c;
      exits += e;
    }
  };
  std::map<std::string, Tally> packages;
  std::vector<Tally> bands(kRankBands.size());
  std::vector<std::set<std::string>> band_packages(kRankBands.size());
  while (q.step()) {
    auto [package, version] = package_of_artifact(q.text(0), q.text(1));
    if (!q.is_null(2)) package = q.text(2);
    if (!q.is_null(3)) version = q.text(3);
    const int64_t rank = q.is_null(4) ? 0 : q.int64(4);
    const std::string hash = q.text(5);
    Tally& t = packages[package];
    t.version = version;
    t.rank = rank;
    t.artifacts.insert(q.int64(9));
    t.add(hash, q.int64(6), q.int64(7), q.int64(8));
    if (!rank) continue;
    for (size_t b = 0; b < kRankBands.size(); b++)
      if (rank >= kRankBands[b].low && (kRankBands[b].high == 0 || rank <= kRankBands[b].high)) {
        bands[b].add(hash, q.int64(6), q.int64(7), q.int64(8));
        band_packages[b].insert(package);
      }
  }
  nlohmann::json by_band = nlohmann::json::array();
  for (size_t b = 0; b < kRankBands.size(); b++) {
    if (band_packages[b].empty()) continue;
    by_band.push_back({{"band", kRankBands[b].label}, {"low", kRankBands[b].low}, {"high", kRankBands[b].high},
                       {"packages", band_packages[b].size()},
                       {"cpython", rate_json(bands[b].cpython, bands[b].lines)},
                       {"exits", rate_json(bands[b].exits, bands[b].lines)}});
  }
  r["by_rank_band"] = by_band;
  nlohmann::json per_package = nlohmann::json::array();
  for (const auto& [name, t] : packages) {
    per_package.push_back({{"package", name}, {"version", t.version}, {"rank", t.rank},
                           {"artifacts", t.artifacts.size()}, {"files", t.contents.size()}, {"lines", t.lines},
                           {"hits", {{"cpython", t.cpython}, {"exits", t.exits}}}});
  }
  r["per_package"] = per_package;
  // Both rules over the same lines (a content shared by two packages counts in each package's
  // row but once here).
  const int64_t all_lines = r["rate"]["lines"].get<int64_t>();
  int64_t unique_cpython = r["hits"]["by_rule"]["cpython"].get<int64_t>();
  int64_t unique_exits = r["hits"]["by_rule"]["exits"].get<int64_t>();
  r["by_rule"] = {{"cpython", rate_json(unique_cpython, all_lines)}, {"exits", rate_json(unique_exits, all_lines)}};
  std::map<std::string, int64_t> patterns;
  for (const HitRecord* h : unique_hits)
    patterns[h->triage.pattern == Pattern::None ? "other" : pattern_name(h->triage.pattern)]++;
  nlohmann::json by_pattern = nlohmann::json::object();
  for (const auto& [pattern, n] : patterns) by_pattern[pattern] = rate_json(n, all_lines);
  r["by_pattern_rate"] = by_pattern;
}

}  // namespace pep765
