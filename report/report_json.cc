// The report's JSON form: the documented interchange format (README, "Report and triage").
// to_json writes every field of a Report; from_json reads one back and refuses, naming the
// field, a document it does not understand, so a renamed field fails loudly.
#include <fmt/format.h>

#include "common/error.h"
#include "report/report.h"

namespace pep765 {

using nlohmann::json;

namespace {

json absent(const Absent& s) { return s ? json(*s) : json(nullptr); }

json rate(const RateFigure& r) {
  return {{"hits", r.hits}, {"lines", r.lines}, {"per_million", r.per_million}, {"low", r.low}, {"high", r.high}};
}

json categories(const ByCategory& c) { return {{"test", c.test}, {"intentional", c.intentional}, {"bug", c.bug}}; }

json provenance(const Provenance& p) {
  json selections = json::array();
  for (const Provenance::SelectionMade& s : p.selections)
    selections.push_back({{"kind", s.kind}, {"list", s.list}, {"list_date", absent(s.list_date)}, {"seed", s.seed},
                          {"size", s.size}, {"index_url", s.index_url}, {"as_of", absent(s.as_of)}, {"made", s.made}});
  auto span = [](const Provenance::Span& s) { return json{{"first", absent(s.first)}, {"last", absent(s.last)}}; };
  return {{"tool", p.tool},
          {"store", p.store},
          {"rule", p.rule},
          {"lines", p.lines},
          {"selections", selections},
          {"fetched", span(p.fetched)},
          {"analyzed", span(p.analyzed)},
          {"analysis_versions", p.analysis_versions},
          {"cpython314", {{"asked", p.cpython314_asked}, {"grammar_rejects_unconfirmed", p.grammar_rejects_unconfirmed}}}};
}

json hit(const ReportHit& h) {
  return {{"package", h.package},       {"version", absent(h.version)},
          {"rank", h.rank},             {"artifact", h.artifact},
          {"path", h.path},             {"line", h.line},
          {"column", h.column},         {"statement", h.statement},
          {"cpython", h.cpython},       {"exits", h.exits},
          {"category", h.category},     {"pattern", absent(h.pattern)},
          {"reason", h.reason},         {"note", absent(h.note)},
          {"scope", h.scope},           {"erroneous_parse", h.erroneous_parse},
          {"repository_url", absent(h.repository_url)}, {"snippet", h.snippet},
          {"try_line", h.try_line},     {"released_file", absent(h.released_file)}};
}

json selection(const SelectionRow& x) {
  json left_out = json::array();
  for (const LeftOut& o : x.left_out) left_out.push_back({{"package", o.package}, {"status", o.status}, {"reason", o.reason}});
  return {{"id", x.id},         {"kind", x.kind},           {"label", x.label},
          {"source", x.source}, {"list_date", absent(x.list_date)}, {"seed", x.seed},
          {"size", x.size},     {"replaced", x.replaced},   {"artifacts", x.artifacts},
          {"rate", rate(x.rate)}, {"listed", x.listed},     {"found", x.found},
          {"packages", x.counted}, {"counted", x.counted},  {"left_out", left_out}};
}

// Reading: each look-up names its field by its path ("hit_list[3].line") when it fails.
struct Field {
  const json& value;
  std::string path;

  [[noreturn]] void refuse(const std::string& why) const {
    throw Error(Error::Kind::Input, path, "not a pep765 report", why);
  }
  Field operator[](const char* key) const {
    if (!value.is_object()) refuse("expected an object");
    const std::string sub = path.empty() ? key : path + "." + key;
    auto it = value.find(key);
    if (it == value.end()) Field{value, sub}.refuse("missing");
    return {*it, sub};
  }
  Field at(size_t i) const { return {value[i], fmt::format("{}[{}]", path, i)}; }
  size_t size() const {
    if (!value.is_array()) refuse("expected an array");
    return value.size();
  }
  std::string text() const {
    if (!value.is_string()) refuse("expected a string");
    return value.get<std::string>();
  }
  Absent text_or_null() const { return value.is_null() ? Absent() : Absent(text()); }
  int64_t integer() const {
    if (!value.is_number_integer()) refuse("expected an integer");
    return value.get<int64_t>();
  }
  double number() const {
    if (!value.is_number()) refuse("expected a number");
    return value.get<double>();
  }
  bool boolean() const {
    if (!value.is_boolean()) refuse("expected true or false");
    return value.get<bool>();
  }
  template <typename F>
  void each(F f) const {
    for (size_t i = 0, n = size(); i < n; i++) f(at(i));
  }
  template <typename F>
  void each_key(F f) const {
    if (!value.is_object()) refuse("expected an object");
    for (auto it = value.begin(); it != value.end(); ++it) f(it.key(), Field{it.value(), path + "." + it.key()});
  }
};

RateFigure read_rate(const Field& f) {
  return {f["hits"].integer(), f["lines"].integer(), f["per_million"].number(), f["low"].number(), f["high"].number()};
}

ByCategory read_categories(const Field& f) {
  return {f["test"].integer(), f["intentional"].integer(), f["bug"].integer()};
}

Provenance read_provenance(const Field& f) {
  Provenance p;
  p.tool = f["tool"].text();
  p.store = f["store"].text();
  p.rule = f["rule"].text();
  p.lines = f["lines"].text();
  f["selections"].each([&](const Field& s) {
    p.selections.push_back({s["kind"].text(), s["list"].text(), s["list_date"].text_or_null(), s["seed"].integer(),
                            s["size"].integer(), s["index_url"].text(), s["as_of"].text_or_null(), s["made"].text()});
  });
  auto span = [](const Field& s) { return Provenance::Span{s["first"].text_or_null(), s["last"].text_or_null()}; };
  p.fetched = span(f["fetched"]);
  p.analyzed = span(f["analyzed"]);
  f["analysis_versions"].each([&](const Field& v) { p.analysis_versions.push_back(v.integer()); });
  p.cpython314_asked = f["cpython314"]["asked"].integer();
  p.grammar_rejects_unconfirmed = f["cpython314"]["grammar_rejects_unconfirmed"].integer();
  return p;
}

ReportHit read_hit(const Field& f) {
  ReportHit h;
  h.package = f["package"].text();
  h.version = f["version"].text_or_null();
  h.rank = f["rank"].integer();
  h.artifact = f["artifact"].text();
  h.path = f["path"].text();
  h.line = f["line"].integer();
  h.column = f["column"].integer();
  h.statement = f["statement"].text();
  h.cpython = f["cpython"].boolean();
  h.exits = f["exits"].boolean();
  h.category = f["category"].text();
  h.pattern = f["pattern"].text_or_null();
  h.reason = f["reason"].text();
  h.note = f["note"].text_or_null();
  h.scope = f["scope"].text();
  h.erroneous_parse = f["erroneous_parse"].boolean();
  h.repository_url = f["repository_url"].text_or_null();
  h.snippet = f["snippet"].text();
  h.try_line = f["try_line"].integer();
  h.released_file = f["released_file"].text_or_null();
  return h;
}

SelectionRow read_selection(const Field& f) {
  SelectionRow x;
  x.id = f["id"].integer();
  x.kind = f["kind"].text();
  x.label = f["label"].text();
  x.source = f["source"].text();
  x.list_date = f["list_date"].text_or_null();
  x.seed = f["seed"].integer();
  x.size = f["size"].integer();
  x.replaced = f["replaced"].integer();
  x.artifacts = f["artifacts"].integer();
  x.rate = read_rate(f["rate"]);
  x.listed = f["listed"].integer();
  x.found = f["found"].integer();
  x.counted = f["counted"].integer();
  f["left_out"].each([&](const Field& o) { x.left_out.push_back({o["package"].text(), o["status"].text(), o["reason"].text()}); });
  return x;
}

}  // namespace

json to_json(const Report& r) {
  json j;
  j["format_version"] = kReportFormatVersion;
  j["store"] = r.store;
  j["rule"] = r.rule;
  j["loc"] = r.loc;
  j["provenance"] = provenance(r.provenance);
  j["packages"] = r.packages;
  j["artifacts"] = {{"total", r.artifacts_total}, {"ok", r.artifacts_ok}, {"partial", r.artifacts_partial},
                    {"failed", r.artifacts_failed}};
  j["files"] = {{"unique", r.files_unique}, {"per_artifact", r.files_per_artifact}};
  auto lines = [](const LineCounts& l) { return json{{"physical", l.physical}, {"parsed", l.parsed}, {"study", l.study}}; };
  j["lines"] = {{"unique", lines(r.lines_unique)}, {"per_artifact", lines(r.lines_per_artifact)}};
  const ParseCounts& p = r.parse;
  j["parse"] = {{"files", {{"ok", p.files_ok}, {"error", p.files_error}, {"skipped", p.files_skipped},
                           {"too_large", p.files_too_large}}},
                {"lines_parse_ok", p.lines_parse_ok},
                {"lines_parse_error", p.lines_parse_error},
                {"lines_not_parsed", p.lines_not_parsed}};
  const HitTotals& h = r.hits;
  j["hits"] = {{"unique", h.unique},
               {"per_artifact", h.per_artifact},
               {"by_category", categories(h.by_category)},
               {"by_statement",
                {{"return", h.by_statement.returns}, {"break", h.by_statement.breaks}, {"continue", h.by_statement.continues}}},
               {"by_pattern", json::object()},
               {"in_tests", h.in_tests},
               {"outside_tests", h.outside_tests},
               {"in_erroneous_parse", h.in_erroneous_parse},
               {"triaged_by_person", h.triaged_by_person},
               {"by_rule", {{"cpython", h.cpython}, {"exits", h.exits}}}};
  for (const auto& [pattern, n] : h.by_pattern) j["hits"]["by_pattern"][pattern] = n;
  j["rate"] = rate(r.rate);
  const StudyRow& s = r.pep765_study;
  j["pep765_study"] = {{"top", {{"label", s.top_label}, {"packages", s.top_packages}, {"rate", rate(s.top_rate)},
                                {"by_category", categories(s.top_by_category)}}},
                       {"random", {{"label", s.random_label}, {"rate", rate(s.random_rate)}}}};
  j["by_rule"] = {{"cpython", rate(r.by_rule.cpython)}, {"exits", rate(r.by_rule.exits)}};
  j["by_rank_band"] = json::array();
  for (const RankBandRow& b : r.by_rank_band)
    j["by_rank_band"].push_back({{"band", b.band}, {"low", b.low}, {"high", b.high}, {"packages", b.packages},
                                 {"cpython", rate(b.rate.cpython)}, {"exits", rate(b.rate.exits)}});
  j["by_pattern_rate"] = json::object();
  for (const auto& [pattern, x] : r.by_pattern_rate) j["by_pattern_rate"][pattern] = rate(x);
  j["per_package"] = json::array();
  for (const PackageRow& x : r.per_package)
    j["per_package"].push_back({{"package", x.package}, {"version", absent(x.version)}, {"rank", x.rank},
                                {"artifacts", x.artifacts}, {"files", x.files}, {"lines", x.lines},
                                {"hits", {{"cpython", x.cpython}, {"exits", x.exits}}}});
  j["top_packages"] = json::array();
  for (const TopPackage& t : r.top_packages)
    j["top_packages"].push_back({{"package", t.package}, {"version", absent(t.version)}, {"rank", t.rank},
                                 {"hits", t.hits}, {"bugs", t.bugs}});
  j["selections"] = json::array();
  for (const SelectionRow& x : r.selections) j["selections"].push_back(selection(x));
  json examples = json::array();
  for (const UnparsedExample& f : r.unparsed_examples)
    examples.push_back({{"artifact", f.artifact}, {"path", f.path}, {"lines", f.lines}, {"notes", absent(f.notes)}});
  j["unparsed_files"] = {{"files", r.unparsed_files}, {"lines", r.unparsed_lines}, {"examples", examples}};
  j["unreadable_artifacts"] = json::array();
  for (const UnreadableArtifactRow& a : r.unreadable_artifacts)
    j["unreadable_artifacts"].push_back({{"artifact", a.artifact}, {"status", a.status}, {"error", a.error}});
  j["hit_list"] = json::array();
  for (const ReportHit& x : r.hit_list) j["hit_list"].push_back(hit(x));
  return j;
}

Report from_json(const json& doc) {
  const Field d{doc, ""};
  if (!doc.is_object()) d.refuse("expected an object");
  const Field version = d["format_version"];
  if (version.integer() != kReportFormatVersion)
    version.refuse(fmt::format("format {} is not known to this pep765 (it reads {})", version.value.dump(),
                               kReportFormatVersion));
  Report r;
  r.store = d["store"].text();
  r.rule = d["rule"].text();
  r.loc = d["loc"].text();
  r.provenance = read_provenance(d["provenance"]);
  r.packages = d["packages"].integer();
  const Field a = d["artifacts"];
  r.artifacts_total = a["total"].integer();
  r.artifacts_ok = a["ok"].integer();
  r.artifacts_partial = a["partial"].integer();
  r.artifacts_failed = a["failed"].integer();
  r.files_unique = d["files"]["unique"].integer();
  r.files_per_artifact = d["files"]["per_artifact"].integer();
  auto lines = [](const Field& l) { return LineCounts{l["physical"].integer(), l["parsed"].integer(), l["study"].integer()}; };
  r.lines_unique = lines(d["lines"]["unique"]);
  r.lines_per_artifact = lines(d["lines"]["per_artifact"]);
  const Field p = d["parse"];
  r.parse = {p["files"]["ok"].integer(),        p["files"]["error"].integer(),     p["files"]["skipped"].integer(),
             p["files"]["too_large"].integer(), p["lines_parse_ok"].integer(),    p["lines_parse_error"].integer(),
             p["lines_not_parsed"].integer()};
  const Field h = d["hits"];
  HitTotals& t = r.hits;
  t.unique = h["unique"].integer();
  t.per_artifact = h["per_artifact"].integer();
  t.by_category = read_categories(h["by_category"]);
  t.by_statement = {h["by_statement"]["return"].integer(), h["by_statement"]["break"].integer(),
                    h["by_statement"]["continue"].integer()};
  h["by_pattern"].each_key([&](const std::string& k, const Field& n) { t.by_pattern[k] = n.integer(); });
  t.in_tests = h["in_tests"].integer();
  t.outside_tests = h["outside_tests"].integer();
  t.in_erroneous_parse = h["in_erroneous_parse"].integer();
  t.triaged_by_person = h["triaged_by_person"].integer();
  t.cpython = h["by_rule"]["cpython"].integer();
  t.exits = h["by_rule"]["exits"].integer();
  r.rate = read_rate(d["rate"]);
  const Field top = d["pep765_study"]["top"], random = d["pep765_study"]["random"];
  r.pep765_study = {top["label"].text(), random["label"].text(), top["packages"].integer(), read_rate(top["rate"]),
                    read_rate(random["rate"]), read_categories(top["by_category"])};
  r.by_rule = {read_rate(d["by_rule"]["cpython"]), read_rate(d["by_rule"]["exits"])};
  d["by_rank_band"].each([&](const Field& b) {
    r.by_rank_band.push_back({b["band"].text(), b["low"].integer(), b["high"].integer(), b["packages"].integer(),
                              {read_rate(b["cpython"]), read_rate(b["exits"])}});
  });
  d["by_pattern_rate"].each_key([&](const std::string& k, const Field& x) { r.by_pattern_rate[k] = read_rate(x); });
  d["per_package"].each([&](const Field& x) {
    r.per_package.push_back({x["package"].text(), x["version"].text_or_null(), x["rank"].integer(),
                             x["artifacts"].integer(), x["files"].integer(), x["lines"].integer(),
                             x["hits"]["cpython"].integer(), x["hits"]["exits"].integer()});
  });
  d["top_packages"].each([&](const Field& x) {
    r.top_packages.push_back({x["package"].text(), x["version"].text_or_null(), x["rank"].integer(),
                              x["hits"].integer(), x["bugs"].integer()});
  });
  d["selections"].each([&](const Field& x) { r.selections.push_back(read_selection(x)); });
  const Field u = d["unparsed_files"];
  r.unparsed_files = u["files"].integer();
  r.unparsed_lines = u["lines"].integer();
  u["examples"].each([&](const Field& f) {
    r.unparsed_examples.push_back({f["artifact"].text(), f["path"].text(), f["lines"].integer(), f["notes"].text_or_null()});
  });
  d["unreadable_artifacts"].each([&](const Field& x) {
    r.unreadable_artifacts.push_back({x["artifact"].text(), x["status"].text(), x["error"].text()});
  });
  d["hit_list"].each([&](const Field& x) { r.hit_list.push_back(read_hit(x)); });
  return r;
}

}  // namespace pep765
