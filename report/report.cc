#include "report/report.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include "common/printable.h"
#include "common/timings.h"
#include "report/breakdowns.h"
#include "report/drafts.h"
#include "report/hits.h"
#include "report/readout.h"
#include "report/stats.h"
#include "common/choices.h"
#include "sql/census.h"

namespace pep765 {

namespace {

std::string num(int64_t n) { return thousands(n); }

// What a selection listed, what the index had (found), what the census counts, and each
// project left out with the reason, so a reader sees exactly what the figures rest on.
void account_for_selection(Census& census, int64_t selection, nlohmann::json& x) {
  int64_t listed = 0, found = 0, counted = 0;
  nlohmann::json left_out = nlohmann::json::array();
  for (const SelectionMember& m : selection_members(census, selection)) {
    listed++;
    const std::string& status = m.status;
    if (status == "found") found++;
    if (status == "found" && m.counted) {
      counted++;
      continue;
    }
    std::string why;
    if (status == "not_found") why = "not on the index";
    else if (status == "listed") why = "not looked up yet (the fetch did not reach it)";
    else if (status != "found") why = m.reason.empty() ? status : m.reason;
    else if (m.not_done) why = "no file downloaded: " + *m.not_done;
    else if (m.downloaded) why = "downloaded, not analyzed yet";
    else why = "no file fetched";
    left_out.push_back({{"package", m.project}, {"status", status}, {"reason", why}});
  }
  x["listed"] = listed;
  x["found"] = found;
  x["packages"] = counted;
  x["counted"] = counted;
  x["left_out"] = left_out;
}

// "How this census was made": enough to repeat it.
template <typename Line>
void render_provenance_text(const nlohmann::json& r, Line line) {
  const auto& p = r["provenance"];
  line("how this census was made:");
  std::string versions;
  for (const auto& v : p["analysis_versions"]) versions += (versions.empty() ? "" : ", ") + v.dump();
  line(fmt::format("  {}; store {}; analysis version {}", p["tool"].get<std::string>(), p["store"].get<std::string>(),
                   versions.empty() ? "-" : versions));
  for (const auto& s : p["selections"])
    line(fmt::format("  selection: {} {} from {}{}; index {}{}; made {}", s["kind"].get<std::string>(),
                     num(s["size"]), s["list"].get<std::string>(),
                     s["list_date"].get<std::string>().empty() ? "" : " (list of " + s["list_date"].get<std::string>() + ")",
                     s["index_url"].get<std::string>(),
                     s["as_of"].get<std::string>().empty() ? "" : ", as of " + s["as_of"].get<std::string>(),
                     s["made"].get<std::string>()));
  if (!p["fetched"]["first"].get<std::string>().empty())
    line(fmt::format("  fetched {} to {}", p["fetched"]["first"].get<std::string>(), p["fetched"]["last"].get<std::string>()));
  line(fmt::format("  analyzed {} to {}", p["analyzed"]["first"].get<std::string>(), p["analyzed"]["last"].get<std::string>()));
  line("  a hit: " + p["rule"].get<std::string>());
  line("  lines: " + p["lines"].get<std::string>());
  line(fmt::format("  CPython 3.14 gave its verdict on {} files the grammar rejected; {} rejected files had no such verdict",
                   num(p["cpython314"]["asked"]), num(p["cpython314"]["grammar_rejects_unconfirmed"])));
  line("");
}

// The rate by rank band under both rules, and by pattern.
template <typename Line>
void render_breakdowns_text(const nlohmann::json& r, Line line) {
  auto row = [&](const std::string& label, const std::string& packages, const nlohmann::json& c, const nlohmann::json& e) {
    line(fmt::format("  {:<20}{:>10}{:>14}{:>9}{:>34}{:>9}{:>34}", label, packages, num(c["lines"]), num(c["hits"]),
                     rate_text(c), num(e["hits"]), rate_text(e)));
  };
  line("both rules, and by rank band (a package counts in the band of its best rank in a top list):");
  line(fmt::format("  {:<20}{:>10}{:>14}{:>9}{:>34}{:>9}{:>34}", "", "packages", "lines", "cpython", "per million lines",
                   "exits", "per million lines"));
  row("all", num(r["packages"]), r["by_rule"]["cpython"], r["by_rule"]["exits"]);
  for (const auto& b : r["by_rank_band"]) row(b["band"], num(b["packages"]), b["cpython"], b["exits"]);
  line("");
  if (!r["by_pattern_rate"].empty()) {
    line(fmt::format("by pattern ({} rule):", r["rule"].get<std::string>()));
    for (auto it = r["by_pattern_rate"].begin(); it != r["by_pattern_rate"].end(); ++it)
      line(fmt::format("  {:<28}{:>9}{:>34}", it.key(), num(it.value()["hits"]), rate_text(it.value())));
    line("");
  }
}

}  // namespace

nlohmann::json build_report(const ReportOptions& o) {
  ScopedTimer t("build report");
  if (o.rule == Rule::Any) throw std::runtime_error("--rule takes cpython or exits");
  Census census(o.db_path);
  const nlohmann::json totals = summary(census);
  std::vector<HitRecord> records = load_hit_records(census);

  nlohmann::json r;
  r["store"] = o.db_path;
  r["rule"] = rule_name(o.rule);
  r["loc"] = line_definition_name(o.loc);
  // Packages: by their fetch record, else by the archive's name.
  std::set<std::string> packages;
  for (const CountedArtifact& a : counted_artifacts(census)) packages.insert(a.project);
  const auto& u = totals["unique"];
  const auto& pa = totals["per_artifact"];
  r["packages"] = packages.size();
  r["artifacts"] = totals["artifacts"];
  r["files"] = {{"unique", u["files"]}, {"per_artifact", pa["files"]}};
  auto lines_of = [](const nlohmann::json& b) {
    return nlohmann::json{{"physical", b["lines"]},
                          {"parsed", b["lines"].get<int64_t>() - b["lines_parse_error"].get<int64_t>()},
                          {"study", b["study_lines"]}};
  };
  r["lines"] = {{"unique", lines_of(u)}, {"per_artifact", lines_of(pa)}};
  r["parse"] = {{"files", u["files_by_parse"]},
                {"lines_parse_ok", u["lines_parse_ok"]},
                {"lines_parse_error", u["lines_parse_error"]},
                {"lines_not_parsed", u["lines_not_parsed"]}};

  // Unique hits under the chosen rule, each at its first place (best rank, sdist order).
  std::map<std::string, size_t> first;
  std::vector<const HitRecord*> unique;
  int64_t per_artifact = 0;
  // Hits under each rule, whichever one the report counts.
  std::set<std::string> under_cpython, under_exits;
  for (const HitRecord& h : records) {
    if (h.cpython) under_cpython.insert(h.unique_key());
    if (h.exits) under_exits.insert(h.unique_key());
  }
  for (const HitRecord& h : records) {
    if (!(o.rule == Rule::Cpython ? h.cpython : h.exits)) continue;
    per_artifact++;
    if (first.emplace(h.unique_key(), unique.size()).second) unique.push_back(&h);
  }
  std::map<std::string, int64_t> by_category{{"test", 0}, {"intentional", 0}, {"bug", 0}};
  std::map<std::string, int64_t> by_statement{{"return", 0}, {"break", 0}, {"continue", 0}};
  std::map<std::string, int64_t> by_pattern;
  int64_t in_tests = 0, erroneous = 0, by_person = 0;
  std::map<std::string, std::pair<nlohmann::json, std::pair<int64_t, int64_t>>> per_package;
  nlohmann::json list = nlohmann::json::array();
  for (const HitRecord* h : unique) {
    by_category[category_name(h->triage.category)]++;
    by_statement[h->statement]++;
    if (h->triage.pattern != Pattern::None) by_pattern[pattern_name(h->triage.pattern)]++;
    in_tests += is_test_path(h->package_path);
    erroneous += h->erroneous_parse;
    by_person += h->triaged_by_person;
    auto& pkg = per_package[h->package];
    pkg.first = {{"package", h->package}, {"version", h->version}, {"rank", h->rank}};
    pkg.second.first++;
    pkg.second.second += h->triage.category == Category::Bug;
    list.push_back({{"package", h->package}, {"version", h->version}, {"rank", h->rank}, {"artifact", h->artifact},
                    {"path", h->path}, {"line", h->line}, {"column", h->column}, {"statement", h->statement},
                    {"cpython", h->cpython}, {"exits", h->exits}, {"category", category_name(h->triage.category)},
                    {"pattern", pattern_name(h->triage.pattern)}, {"reason", h->triage.reason}, {"note", h->note},
                    {"scope", h->scope}, {"erroneous_parse", h->erroneous_parse},
                    {"repository_url", h->repository_url}, {"snippet", h->snippet()}, {"try_line", h->try_line},
                    {"released_file", inspector_link(*h)}});
  }
  const int64_t hits = int64_t(unique.size());
  r["hits"] = {{"unique", hits},         {"per_artifact", per_artifact}, {"by_category", by_category},
               {"by_statement", by_statement}, {"by_pattern", by_pattern},  {"in_tests", in_tests},
               {"outside_tests", hits - in_tests}, {"in_erroneous_parse", erroneous},
               {"triaged_by_person", by_person},
               {"by_rule", {{"cpython", under_cpython.size()}, {"exits", under_exits.size()}}}};
  const int64_t lines = r["lines"]["unique"][line_definition_name(o.loc)].get<int64_t>();
  r["rate"] = rate_json(hits, lines);
  r["pep765_study"] = {
      {"top", {{"label", "PEP 765: top 8,000 packages"},
               {"packages", 8000},
               {"rate", rate_json(PepStudy::top_hits, PepStudy::top_lines)},
               {"by_category", {{"test", PepStudy::top_test}, {"intentional", PepStudy::top_intentional},
                                {"bug", PepStudy::top_bug}}}}},
      {"random", {{"label", "PEP 765: random sample"}, {"rate", rate_json(PepStudy::random_hits, PepStudy::random_lines)}}}};

  std::vector<nlohmann::json> top;
  for (auto& [name, v] : per_package) {
    nlohmann::json p = v.first;
    p["hits"] = v.second.first;
    p["bugs"] = v.second.second;
    top.push_back(p);
  }
  std::stable_sort(top.begin(), top.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a["hits"].get<int64_t>() > b["hits"].get<int64_t>();
  });
  if (top.size() > 20) top.resize(20);
  r["top_packages"] = top;

  nlohmann::json unparsed = nlohmann::json::array();
  for (const UnparsedFile& f : unparsed_files(census, 50))
    unparsed.push_back({{"artifact", f.artifact}, {"path", f.path}, {"lines", f.lines}, {"notes", f.notes}});
  r["unparsed_files"] = {{"files", u["files_by_parse"]["error"]}, {"lines", u["lines_parse_error"]}, {"examples", unparsed}};
  {
    nlohmann::json failed = nlohmann::json::array();
    for (const UnreadableArtifact& a : unreadable_artifacts(census, 50))
      failed.push_back({{"artifact", a.artifact}, {"status", a.status}, {"error", a.error}});
    r["unreadable_artifacts"] = failed;
  }
  r["hit_list"] = list;
  add_provenance(census, o, r);
  add_breakdowns(census, o, unique, r);

  // Per selection (a top-N list, a random draw): the same figures over its packages only.
  nlohmann::json selections = nlohmann::json::array();
  for (const Selection& sel : pep765::selections(census)) {
    const SelectionFigures fig =
        selection_figures(census, sel.id, o.loc, o.rule);
    const std::string as_of = sel.as_of.empty() ? "" : ", as of " + sel.as_of;
    const std::string label = sel.kind == "top"
        ? fmt::format("top {} (list of {}{})", sel.size, sel.list_date.empty() ? "?" : sel.list_date.substr(0, 10), as_of)
        : fmt::format("random {} (seed {}{})", sel.size, sel.seed, as_of);
    nlohmann::json x = {{"id", sel.id}, {"kind", sel.kind}, {"label", label}, {"source", sel.source},
                        {"list_date", sel.list_date}, {"seed", sel.seed}, {"size", sel.size},
                        {"replaced", fig.replaced}, {"artifacts", fig.artifacts},
                        {"rate", rate_json(fig.hits, fig.lines)}};
    account_for_selection(census, sel.id, x);
    selections.push_back(std::move(x));
  }
  r["selections"] = selections;
  return r;
}

std::string render_text(const nlohmann::json& r) {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  const auto& top = r["pep765_study"]["top"];
  const auto& random = r["pep765_study"]["random"];
  const std::string loc = r["loc"];
  line(fmt::format("pep765 report: {} (rule: {}, lines: {})", r["store"].get<std::string>(),
                   r["rule"].get<std::string>(), loc));
  line("");
  line(fmt::format("{:<22}{:>26}{:>26}{:>26}", "", "this census", "PEP 765 top 8,000", "PEP 765 random"));
  line(fmt::format("{:<22}{:>26}{:>26}{:>26}", "packages", num(r["packages"]), num(8000), "-"));
  line(fmt::format("{:<22}{:>26}{:>26}{:>26}", "lines", num(r["rate"]["lines"]), num(PepStudy::top_lines),
                   num(PepStudy::random_lines)));
  line(fmt::format("{:<22}{:>26}{:>26}{:>26}", "hits", num(r["hits"]["unique"]), num(PepStudy::top_hits),
                   num(PepStudy::random_hits)));
  line(fmt::format("{:<22}{:>26}{:>26}{:>26}", "per million lines", rate_text(r["rate"]), rate_text(top["rate"]),
                   rate_text(random["rate"])));
  for (const char* c : {"test", "intentional", "bug"})
    line(fmt::format("{:<22}{:>26}{:>26}{:>26}", fmt::format("  {}", c), num(r["hits"]["by_category"][c]),
                     num(top["by_category"][c]), "-"));
  line("  (rates: hits per million lines with a 95% exact Poisson interval)");
  line("");
  render_provenance_text(r, line);
  render_breakdowns_text(r, line);
  if (!r["selections"].empty()) {
    line("by selection (listed: in the list or sample; found: on the index with a usable release; counted: analyzed):");
    line(fmt::format("  {:<40}{:>8}{:>8}{:>9}{:>14}{:>8}{:>26}", "", "listed", "found", "counted", "lines", "hits",
                     "per million lines"));
    for (const auto& x : r["selections"])
      line(fmt::format("  {:<40}{:>8}{:>8}{:>9}{:>14}{:>8}{:>26}", x["label"].get<std::string>(), num(x["listed"]),
                       num(x["found"]), num(x["counted"]), num(x["rate"]["lines"]), num(x["rate"]["hits"]),
                       rate_text(x["rate"])));
    line(fmt::format("  {:<40}{:>8}{:>8}{:>9}{:>14}{:>8}{:>26}", "PEP 765: top 8,000", num(8000), "-", num(8000),
                     num(PepStudy::top_lines), num(PepStudy::top_hits), rate_text(top["rate"])));
    line(fmt::format("  {:<40}{:>8}{:>8}{:>9}{:>14}{:>8}{:>26}", "PEP 765: random sample", "-", "-", "-",
                     num(PepStudy::random_lines), num(PepStudy::random_hits), rate_text(random["rate"])));
    line("");
    for (const auto& x : r["selections"]) {
      if (x["left_out"].empty()) continue;
      // Grouped by reason, so 6,000 projects missing from a mirror read as one line.
      std::map<std::string, std::vector<std::string>> by_reason;
      for (const auto& o : x["left_out"]) by_reason[o["reason"].get<std::string>()].push_back(o["package"]);
      line(fmt::format("left out of {}: {}", x["label"].get<std::string>(), num(x["left_out"].size())));
      for (const auto& [why, names] : by_reason) {
        std::string shown;
        for (size_t i = 0; i < names.size() && i < 10; i++) shown += (i ? ", " : "") + names[i];
        if (names.size() > 10) shown += fmt::format(", ... ({} more; all in --format json)", names.size() - 10);
        line(fmt::format("  {} ({}): {}", why, num(names.size()), shown));
      }
      line("");
    }
  }
  const auto& lu = r["lines"]["unique"];
  const auto& lp = r["lines"]["per_artifact"];
  line(fmt::format("lines (unique / per artifact): physical {} / {}; in files that parse {} / {}; study's count {} / {}",
                   num(lu["physical"]), num(lp["physical"]), num(lu["parsed"]), num(lp["parsed"]), num(lu["study"]),
                   num(lp["study"])));
  line(fmt::format("artifacts {} ({} ok, {} partial, {} failed); files {} unique, {} per artifact",
                   num(r["artifacts"]["total"]), num(r["artifacts"]["ok"]), num(r["artifacts"]["partial"]),
                   num(r["artifacts"]["failed"]), num(r["files"]["unique"]), num(r["files"]["per_artifact"])));
  const auto& h = r["hits"];
  line(fmt::format("hits: {} unique, {} per artifact (by rule: cpython {}, exits {}); return {}, break {}, continue {}; "
                   "in test code {}, outside {}; in files that do not parse {}; triaged by a person {}",
                   num(h["unique"]), num(h["per_artifact"]), num(h["by_rule"]["cpython"]), num(h["by_rule"]["exits"]), num(h["by_statement"]["return"]),
                   num(h["by_statement"]["break"]), num(h["by_statement"]["continue"]), num(h["in_tests"]),
                   num(h["outside_tests"]), num(h["in_erroneous_parse"]), num(h["triaged_by_person"])));
  if (!h["by_pattern"].empty()) {
    std::string p;
    for (auto it = h["by_pattern"].begin(); it != h["by_pattern"].end(); ++it)
      p += fmt::format("{}{} {}", p.empty() ? "" : ", ", it.key(), num(it.value()));
    line("hits by pattern: " + p);
  }
  line("");
  line("packages with most hits:");
  line(fmt::format("  {:>6}  {:<32} {:<14} {:>5} {:>5}", "rank", "package", "version", "hits", "bugs"));
  for (const auto& p : r["top_packages"])
    line(fmt::format("  {:>6}  {:<32} {:<14} {:>5} {:>5}", p["rank"].get<int>() ? std::to_string(p["rank"].get<int>()) : "-",
                     p["package"].get<std::string>(), p["version"].get<std::string>(), num(p["hits"]), num(p["bugs"])));
  line("");
  line(fmt::format("files that could not be parsed: {} ({} lines){}", num(r["unparsed_files"]["files"]),
                   num(r["unparsed_files"]["lines"]), r["unparsed_files"]["examples"].empty() ? "" : ":"));
  for (const auto& f : r["unparsed_files"]["examples"])
    line(fmt::format("  {}: {} ({} lines{})", f["artifact"].get<std::string>(), f["path"].get<std::string>(),
                     num(f["lines"]), f["notes"].get<std::string>().empty() ? "" : "; " + f["notes"].get<std::string>()));
  if (!r["unreadable_artifacts"].empty()) {
    line("artifacts that could not be read whole:");
    for (const auto& a : r["unreadable_artifacts"])
      line(fmt::format("  {}: {}: {}", a["artifact"].get<std::string>(), a["status"].get<std::string>(),
                       a["error"].get<std::string>()));
  }
  line("");
  line("hits:");
  for (const auto& x : r["hit_list"])
    line(fmt::format("  [{}] {} {}: {}:{}:{} {}{} ({})", x["category"].get<std::string>(), x["package"].get<std::string>(),
                     x["version"].get<std::string>(), x["path"].get<std::string>(), x["line"].get<int>(),
                     x["column"].get<int>(), x["statement"].get<std::string>(),
                     x["pattern"].get<std::string>().empty() ? "" : ", " + x["pattern"].get<std::string>(),
                     x["reason"].get<std::string>()));
  return out;
}

std::string render_markdown(const nlohmann::json& r) {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  auto cell = [](std::string s) {
    std::string o;
    for (char c : s) o += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
    return o;
  };
  const auto& top = r["pep765_study"]["top"];
  const auto& random = r["pep765_study"]["random"];
  line("# pep765 report");
  line("");
  line(fmt::format("Store `{}`, rule `{}`, lines `{}`. Rates are hits per million lines with a 95% exact Poisson interval.",
                   r["store"].get<std::string>(), r["rule"].get<std::string>(), r["loc"].get<std::string>()));
  line("");
  line("| | this census | PEP 765 top 8,000 | PEP 765 random |");
  line("|---|---:|---:|---:|");
  line(fmt::format("| packages | {} | 8,000 | - |", num(r["packages"])));
  line(fmt::format("| lines | {} | {} | {} |", num(r["rate"]["lines"]), num(PepStudy::top_lines), num(PepStudy::random_lines)));
  line(fmt::format("| hits | {} | {} | {} |", num(r["hits"]["unique"]), num(PepStudy::top_hits), num(PepStudy::random_hits)));
  line(fmt::format("| per million lines | {} | {} | {} |", rate_text(r["rate"]), rate_text(top["rate"]), rate_text(random["rate"])));
  for (const char* c : {"test", "intentional", "bug"})
    line(fmt::format("| {} | {} | {} | - |", c, num(r["hits"]["by_category"][c]), num(top["by_category"][c])));
  line("");
  {
    const auto& p = r["provenance"];
    line("## How this census was made");
    line("");
    line(fmt::format("- {}, store `{}`", p["tool"].get<std::string>(), cell(p["store"])));
    for (const auto& s : p["selections"])
      line(fmt::format("- selection: {} {} from {}{}; index {}{}; made {}", s["kind"].get<std::string>(), num(s["size"]),
                       cell(s["list"]), s["list_date"].get<std::string>().empty() ? "" : " (list of " + cell(s["list_date"]) + ")",
                       cell(s["index_url"]), s["as_of"].get<std::string>().empty() ? "" : ", as of " + cell(s["as_of"]),
                       cell(s["made"])));
    if (!p["fetched"]["first"].get<std::string>().empty())
      line(fmt::format("- fetched {} to {}", cell(p["fetched"]["first"]), cell(p["fetched"]["last"])));
    line(fmt::format("- analyzed {} to {}", cell(p["analyzed"]["first"]), cell(p["analyzed"]["last"])));
    line("- a hit: " + cell(p["rule"]));
    line("- lines: " + cell(p["lines"]));
    line(fmt::format("- CPython 3.14 gave its verdict on {} files the grammar rejected; {} rejected files had no such verdict",
                     num(p["cpython314"]["asked"]), num(p["cpython314"]["grammar_rejects_unconfirmed"])));
    line("");
    line("## Both rules, by rank band");
    line("");
    line("| | packages | lines | cpython hits | per million lines | exits hits | per million lines |");
    line("|---|---:|---:|---:|---:|---:|---:|");
    auto band_row = [&](const std::string& label, const nlohmann::json& packages, const nlohmann::json& c,
                        const nlohmann::json& e) {
      line(fmt::format("| {} | {} | {} | {} | {} | {} | {} |", label, num(packages), num(c["lines"]), num(c["hits"]),
                       rate_text(c), num(e["hits"]), rate_text(e)));
    };
    band_row("all", r["packages"], r["by_rule"]["cpython"], r["by_rule"]["exits"]);
    for (const auto& b : r["by_rank_band"]) band_row(b["band"], b["packages"], b["cpython"], b["exits"]);
    line("");
    if (!r["by_pattern_rate"].empty()) {
      line("| pattern | hits | per million lines |");
      line("|---|---:|---:|");
      for (auto it = r["by_pattern_rate"].begin(); it != r["by_pattern_rate"].end(); ++it)
        line(fmt::format("| {} | {} | {} |", cell(it.key()), num(it.value()["hits"]), rate_text(it.value())));
      line("");
    }
  }
  if (!r["selections"].empty()) {
    line("| selection | listed | found | counted | lines | hits | per million lines |");
    line("|---|---:|---:|---:|---:|---:|---:|");
    for (const auto& x : r["selections"])
      line(fmt::format("| {} | {} | {} | {} | {} | {} | {} |", cell(x["label"]), num(x["listed"]), num(x["found"]),
                       num(x["counted"]), num(x["rate"]["lines"]), num(x["rate"]["hits"]), rate_text(x["rate"])));
    line(fmt::format("| PEP 765: top 8,000 | 8,000 | - | 8,000 | {} | {} | {} |", num(PepStudy::top_lines),
                     num(PepStudy::top_hits), rate_text(top["rate"])));
    line(fmt::format("| PEP 765: random sample | - | - | - | {} | {} | {} |", num(PepStudy::random_lines),
                     num(PepStudy::random_hits), rate_text(random["rate"])));
    line("");
    for (const auto& x : r["selections"])
      if (!x["left_out"].empty()) {
        line(fmt::format("Left out of {} ({}):", cell(x["label"]), num(x["left_out"].size())));
        line("");
        for (const auto& o : x["left_out"])
          line(fmt::format("- {}: {}", cell(o["package"]), cell(o["reason"])));
        line("");
      }
  }
  const auto& lu = r["lines"]["unique"];
  const auto& lp = r["lines"]["per_artifact"];
  line("| lines | unique | per artifact |");
  line("|---|---:|---:|");
  line(fmt::format("| physical | {} | {} |", num(lu["physical"]), num(lp["physical"])));
  line(fmt::format("| in files that parse | {} | {} |", num(lu["parsed"]), num(lp["parsed"])));
  line(fmt::format("| the study's count (newlines + 1) | {} | {} |", num(lu["study"]), num(lp["study"])));
  line("");
  const auto& h = r["hits"];
  line(fmt::format("Hits: {} unique ({} per artifact); return {}, break {}, continue {}; in test code {}, outside {}; "
                   "in files that do not parse {}.",
                   num(h["unique"]), num(h["per_artifact"]), num(h["by_statement"]["return"]),
                   num(h["by_statement"]["break"]), num(h["by_statement"]["continue"]), num(h["in_tests"]),
                   num(h["outside_tests"]), num(h["in_erroneous_parse"])));
  line("");
  line("## Packages with most hits");
  line("");
  line("| rank | package | version | hits | bugs |");
  line("|---:|---|---|---:|---:|");
  for (const auto& p : r["top_packages"])
    line(fmt::format("| {} | {} | {} | {} | {} |", p["rank"].get<int>() ? std::to_string(p["rank"].get<int>()) : "-",
                     cell(p["package"]), cell(p["version"]), num(p["hits"]), num(p["bugs"])));
  line("");
  line("## Hits");
  line("");
  line("| category | package | path | line | statement | pattern | reason |");
  line("|---|---|---|---:|---|---|---|");
  for (const auto& x : r["hit_list"])
    line(fmt::format("| {} | {} {} | `{}` | {} | {} | {} | {} |", x["category"].get<std::string>(), cell(x["package"]),
                     cell(x["version"]), cell(x["path"]), x["line"].get<int>(), x["statement"].get<std::string>(),
                     cell(x["pattern"]), cell(x["reason"])));
  line("");
  line(fmt::format("## Files that could not be parsed: {} ({} lines)", num(r["unparsed_files"]["files"]),
                   num(r["unparsed_files"]["lines"])));
  line("");
  for (const auto& f : r["unparsed_files"]["examples"])
    line(fmt::format("- {}: `{}` ({} lines)", cell(f["artifact"]), cell(f["path"]), num(f["lines"])));
  return out;
}

std::optional<ReportFormat> parse_report_format(std::string_view text) {
  if (text == "text") return ReportFormat::Text;
  if (text == "markdown") return ReportFormat::Markdown;
  if (text == "json") return ReportFormat::Json;
  if (text == "html") return ReportFormat::Html;
  return std::nullopt;
}

void write_report(const ReportOptions& o) {
  nlohmann::json r = build_report(o);
  std::string text;
  // JSON: any bytes in a name (paths need not be UTF-8) are written as U+FFFD, so the output
  // is always valid JSON. Text and markdown: control characters and invalid bytes as \xNN.
  if (o.format == ReportFormat::Text || o.format == ReportFormat::Markdown) make_printable(r);
  switch (o.format) {
    case ReportFormat::Json: text = r.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"; break;
    case ReportFormat::Markdown: text = render_markdown(r); break;
    case ReportFormat::Html: text = render_html(r); break;
    case ReportFormat::Text: text = render_text(r); break;
  }
  if (o.out.empty()) {
    fmt::print("{}", text);
    return;
  }
  std::ofstream f(o.out, std::ios::binary);
  if (!f) throw std::runtime_error(fmt::format("{}: cannot write the report: {}", o.out, std::strerror(errno)));
  f << text;
  f.flush();
  if (!f) throw std::runtime_error(fmt::format("{}: cannot write the report: {}", o.out, std::strerror(errno)));
}

}  // namespace pep765
