// The report's JSON form is the interchange format: a Report with every field set and some
// absent goes to JSON and back unchanged, absent values are null, and a document of another
// format_version or with a field of the wrong type is refused with the field named.
#include <gtest/gtest.h>

#include "common/error.h"
#include "report/report.h"

using namespace pep765;

namespace {

Report every_field() {
  Report r;
  r.store = "census.sqlite";
  r.rule = "cpython";
  r.loc = "physical";
  Provenance& p = r.provenance;
  p.tool = "pep765 9.9";
  p.store = "census.sqlite";
  p.rule = "cpython: what CPython 3.14 warns about";
  p.lines = "physical lines";
  p.selections.push_back({"top", "top.json", "2026-11-01T00:00:00Z", 0, 100, "http://127.0.0.1:1/simple/",
                          "2026-11-02", "2026-12-01 10:00:00", "study"});
  p.selections.push_back({"random", "index", std::nullopt, 42, 50, "http://127.0.0.1:1/simple/", std::nullopt,
                          "2026-12-01 11:00:00", "latest"});
  p.fetched = {"2026-12-01 10:00:00", "2026-12-01 10:05:00"};
  p.analyzed = {std::nullopt, std::nullopt};
  p.analysis_versions = {3, 4};
  p.cpython314_asked = 7;
  p.grammar_rejects_unconfirmed = 2;
  r.packages = 140;
  r.artifacts_total = 300, r.artifacts_ok = 290, r.artifacts_partial = 6, r.artifacts_failed = 4;
  r.files_unique = 5000, r.files_per_artifact = 9000;
  r.lines_unique = {1000000, 990000, 1000500};
  r.lines_per_artifact = {1800000, 1780000, 1800900};
  r.parse = {4990, 10, 3, 1, 990000, 10000, 1200};
  r.hits.unique = 12, r.hits.per_artifact = 20;
  r.hits.by_category = {3, 2, 7};
  r.hits.by_statement = {8, 3, 1};
  r.hits.by_pattern = {{"close-on-exit", 2}, {"retry-loop", 1}};
  r.hits.in_tests = 3, r.hits.outside_tests = 9, r.hits.in_erroneous_parse = 1, r.hits.triaged_by_person = 4;
  r.hits.cpython = 12, r.hits.exits = 11;
  r.rate = rate_figure(12, 1000000);
  r.pep765_study = {"PEP 765: top 8,000 packages", "PEP 765: random sample", 8000, rate_figure(203, 120964221),
                    rate_figure(316, 77398892), {46, 8, 149}};
  r.by_rule = {rate_figure(12, 1000000), rate_figure(11, 1000000)};
  r.by_rank_band.push_back({"1-100", 1, 100, 90, {rate_figure(9, 700000), rate_figure(8, 700000)}});
  r.by_rank_band.push_back({"101+", 101, 0, 50, {rate_figure(3, 300000), rate_figure(3, 300000)}});
  r.by_pattern_rate = {{"other", rate_figure(9, 1000000)}, {"retry-loop", rate_figure(1, 1000000)}};
  r.per_package.push_back({"alpha", "1.0", 1, 2, 40, 9000, 2, 2});
  r.per_package.push_back({"local-tree", std::nullopt, 0, 1, 3, 120, 0, 0});
  r.top_packages.push_back({"alpha", "1.0", 1, 2, 1});
  r.top_packages.push_back({"local-tree", std::nullopt, 0, 1, 0});
  SelectionRow s;
  s.id = 1, s.kind = "top", s.label = "top 100 (list of 2026-11-01)", s.source = "top.json";
  s.list_date = "2026-11-01T00:00:00Z";
  s.seed = 0, s.size = 100, s.replaced = 2, s.artifacts = 180;
  s.rate = rate_figure(10, 800000);
  s.listed = 100, s.found = 98, s.counted = 95;
  s.left_out = {{"gone", "not_found", "not on the index"}, {"late", "found", "no file fetched"}};
  s.pick = "study";
  r.selections.push_back(s);
  s.id = 2, s.kind = "random", s.label = "random 50 (seed 42)", s.list_date = std::nullopt, s.left_out.clear();
  r.selections.push_back(s);
  r.unparsed_files = 10, r.unparsed_lines = 10000;
  r.unparsed_examples = {{"alpha-1.0.tar.gz", "alpha/py2.py", 300, "print statement"}, {"b.whl", "b/x.py", 5, std::nullopt}};
  r.unreadable_artifacts = {{"bad.tar.gz", "partial", "truncated gzip stream"}};
  r.not_counted = {{"over_parse_cap", "over --max-parse-bytes: not parsed, so no hits were looked for and its lines are in no rate", 2,
                    {"p-1.0.tar.gz: p-1.0/big.py", "p-1.0-py3-none-any.whl: big.py"}}};
  ReportHit h;
  h.package = "alpha", h.version = "1.0", h.rank = 1, h.artifact = "alpha-1.0.tar.gz", h.path = "alpha-1.0/a.py";
  h.line = 12, h.column = 9, h.statement = "return", h.cpython = true, h.exits = true, h.category = "bug";
  h.pattern = "retry-loop", h.note = "seen upstream", h.reason = "swallows the exception", h.scope = "Pool.close";
  h.erroneous_parse = false, h.repository_url = "http://127.0.0.1:1/alpha", h.snippet = "  10  try:\n> 12  return";
  h.try_line = 10, h.released_file = "http://127.0.0.1:1/inspect/alpha/a.py#line.12";
  r.hit_list.push_back(h);
  h.version = std::nullopt, h.pattern = std::nullopt, h.note = std::nullopt, h.repository_url = std::nullopt;
  h.released_file = std::nullopt, h.erroneous_parse = true, h.cpython = false, h.scope = "";
  r.hit_list.push_back(h);
  PickComparison c;
  c.label = "top 100 (list of 2026-11-01)";
  c.study = {1, 95, {rate_figure(10, 800000), rate_figure(9, 800000)}, 10};
  c.latest = {3, 97, {rate_figure(6, 900000), rate_figure(6, 900000)}, 6};
  c.projects = 100, c.same_release = 70, c.different_release = 25, c.missing_under_study = 3;
  c.per_project.push_back({"alpha", false, {"found", "1.9", "2019-06-10T12:00:00Z", std::nullopt, true, 900, 1, 1},
                           {"found", "1.10", "2020-02-10T12:00:00Z", std::nullopt, true, 800, 0, 0}});
  c.per_project.push_back({"beta", false,
                           {"no_release", std::nullopt, std::nullopt, "the last-sorting release 1.1 has no .tar.gz",
                            false, 0, 0, 0},
                           {"found", "1.0", std::nullopt, std::nullopt, true, 10, 0, 0}});
  c.out_of_date.push_back({"alpha", "alpha/core.py", "return", "1.9", "1.10", 12});
  c.only_in_latest = 2;
  r.pick_comparisons.push_back(c);
  return r;
}

std::string refusal(const nlohmann::json& doc) {
  try {
    from_json(doc);
  } catch (const Error& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST(ReportJson, RoundTripsEveryField) {
  const nlohmann::json first = to_json(every_field());
  const nlohmann::json again = to_json(from_json(first));
  EXPECT_EQ(first, again) << nlohmann::json::diff(first, again).dump(1);
  EXPECT_EQ(first["format_version"], 1);
  EXPECT_EQ(first["hit_list"][0]["version"], "1.0");
  EXPECT_EQ(first["hits"]["by_pattern"]["retry-loop"], 1);
  EXPECT_EQ(first["selections"][0]["left_out"][1]["reason"], "no file fetched");
  EXPECT_EQ(first["provenance"]["selections"][0]["pick"], "study");
  EXPECT_EQ(first["selections"][0]["pick"], "study");
  EXPECT_EQ(first["pick_comparisons"][0]["out_of_date"][0]["study_version"], "1.9");
  EXPECT_EQ(first["pick_comparisons"][0]["study"]["cpython"]["hits"], 10);
  EXPECT_TRUE(first["pick_comparisons"][0]["per_project"][1]["study"]["version"].is_null());
}

TEST(ReportJson, AbsentValuesAreNull) {
  const nlohmann::json j = to_json(every_field());
  EXPECT_TRUE(j["provenance"]["selections"][1]["list_date"].is_null());
  EXPECT_TRUE(j["provenance"]["selections"][1]["as_of"].is_null());
  EXPECT_EQ(j["provenance"]["selections"][0]["as_of"], "2026-11-02");
  EXPECT_TRUE(j["provenance"]["analyzed"]["first"].is_null());
  EXPECT_TRUE(j["selections"][1]["list_date"].is_null());
  EXPECT_TRUE(j["per_package"][1]["version"].is_null());
  EXPECT_TRUE(j["top_packages"][1]["version"].is_null());
  for (const char* field : {"version", "pattern", "note", "repository_url", "released_file"})
    EXPECT_TRUE(j["hit_list"][1][field].is_null()) << field;
  EXPECT_TRUE(j["unparsed_files"]["examples"][1]["notes"].is_null());
  const Report back = from_json(j);
  EXPECT_FALSE(back.hit_list[1].version.has_value());
  EXPECT_EQ(back.hit_list[0].released_file, "http://127.0.0.1:1/inspect/alpha/a.py#line.12");
}

TEST(ReportJson, RefusesAnotherFormatVersion) {
  nlohmann::json j = to_json(every_field());
  j["format_version"] = 2;
  EXPECT_EQ(refusal(j), "format_version: not a pep765 report: format 2 is not known to this pep765 (it reads 1)");
  j.erase("format_version");
  EXPECT_EQ(refusal(j), "format_version: not a pep765 report: missing");
}

TEST(ReportJson, RefusesAWrongTypeNamingTheField) {
  nlohmann::json j = to_json(every_field());
  j["hit_list"][1]["line"] = "12";
  EXPECT_EQ(refusal(j), "hit_list[1].line: not a pep765 report: expected an integer");
  j = to_json(every_field());
  j["provenance"]["selections"][0]["list_date"] = 20261101;
  EXPECT_EQ(refusal(j), "provenance.selections[0].list_date: not a pep765 report: expected a string");
  j = to_json(every_field());
  j["selections"][0].erase("counted");
  EXPECT_EQ(refusal(j), "selections[0].counted: not a pep765 report: missing");
  j = to_json(every_field());
  j["rate"]["per_million"] = nullptr;
  EXPECT_EQ(refusal(j), "rate.per_million: not a pep765 report: expected a number");
}
