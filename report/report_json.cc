// The report's JSON form: the documented interchange format (README, "Report and triage").
// to_json writes every field of a Report; from_json reads one back and refuses, naming the
// field, a document it does not understand, so a renamed field fails loudly.
#include <fmt/format.h>

#include "common/error.h"
#include "report/report.h"
#include "report/trend.h"

namespace pep765 {

using nlohmann::json;

namespace {

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
};

// Each struct's fields are listed once, in fields(io, x), for both directions: Out writes them
// into a JSON object, In reads them back from one, so the two cannot drift apart.
struct Out {
  json& object;
  template <typename T>
  void operator()(const char* key, const T& v) { object[key] = value(v); }
  // A JSON object the struct does not have (a few figures grouped under one name).
  template <typename F>
  void object_of(const char* key, F f) {
    json sub = json::object();
    Out out{sub};
    f(out);
    object[key] = sub;
  }

  static json value(const std::string& v) { return v; }
  static json value(const Absent& v) { return v ? json(*v) : json(nullptr); }
  static json value(int64_t v) { return v; }
  static json value(double v) { return v; }
  static json value(bool v) { return v; }
  template <typename T>
  static json value(const std::vector<T>& v) {
    json a = json::array();
    for (const T& x : v) a.push_back(value(x));
    return a;
  }
  template <typename T>
  static json value(const std::map<std::string, T>& m) {
    json o = json::object();
    for (const auto& [k, x] : m) o[k] = value(x);
    return o;
  }
  template <typename T>
  static json value(const T& x) {
    json o = json::object();
    Out out{o};
    fields(out, const_cast<T&>(x));  // Out only reads what fields() hands it
    return o;
  }
};

struct In {
  Field field;
  template <typename T>
  void operator()(const char* key, T& v) { value(field[key], v); }
  template <typename F>
  void object_of(const char* key, F f) {
    In in{field[key]};
    f(in);
  }

  static void value(const Field& f, std::string& v) {
    if (!f.value.is_string()) f.refuse("expected a string");
    v = f.value.get<std::string>();
  }
  static void value(const Field& f, Absent& v) {
    if (f.value.is_null()) return v.reset();
    value(f, v.emplace());
  }
  static void value(const Field& f, int64_t& v) {
    if (!f.value.is_number_integer()) f.refuse("expected an integer");
    v = f.value.get<int64_t>();
  }
  static void value(const Field& f, double& v) {
    if (!f.value.is_number()) f.refuse("expected a number");
    v = f.value.get<double>();
  }
  static void value(const Field& f, bool& v) {
    if (!f.value.is_boolean()) f.refuse("expected true or false");
    v = f.value.get<bool>();
  }
  template <typename T>
  static void value(const Field& f, std::vector<T>& v) {
    if (!f.value.is_array()) f.refuse("expected an array");
    v.clear();
    for (size_t i = 0; i < f.value.size(); i++) value(Field{f.value[i], fmt::format("{}[{}]", f.path, i)}, v.emplace_back());
  }
  template <typename T>
  static void value(const Field& f, std::map<std::string, T>& m) {
    if (!f.value.is_object()) f.refuse("expected an object");
    m.clear();
    for (auto it = f.value.begin(); it != f.value.end(); ++it) value(Field{it.value(), f.path + "." + it.key()}, m[it.key()]);
  }
  template <typename T>
  static void value(const Field& f, T& x) {
    if (!f.value.is_object()) f.refuse("expected an object");
    In in{f};
    fields(in, x);
  }
};

template <typename Io>
void fields(Io& io, RateFigure& r) {
  io("hits", r.hits), io("lines", r.lines), io("per_million", r.per_million), io("low", r.low), io("high", r.high);
}

template <typename Io>
void fields(Io& io, Provenance::SelectionMade& s) {
  io("kind", s.kind), io("list", s.list), io("list_date", s.list_date), io("seed", s.seed), io("size", s.size);
  io("index_url", s.index_url), io("as_of", s.as_of), io("pick", s.pick), io("made", s.made);
}

template <typename Io>
void fields(Io& io, ByCategory& c) {
  io("test", c.test), io("intentional", c.intentional), io("bug", c.bug), io("review", c.review);
}

template <typename Io>
void fields(Io& io, Provenance::Span& s) {
  io("first", s.first), io("last", s.last);
}

template <typename Io>
void fields(Io& io, Provenance::ReadCost& c) {
  io("kind", c.kind), io("files", c.files), io("declared_bytes", c.declared_bytes), io("read_bytes", c.read_bytes);
  io("requests", c.requests), io("by_ranges", c.by_ranges), io("refused_ranges", c.refused_ranges);
  io("unrecorded", c.unrecorded), io("members_left_out", c.members_left_out), io("bytes_left_out", c.bytes_left_out);
}

template <typename Io>
void fields(Io& io, Provenance& p) {
  io("tool", p.tool), io("store", p.store), io("rule", p.rule), io("lines", p.lines);
  io("selections", p.selections), io("read_costs", p.read_costs), io("fetched", p.fetched), io("analyzed", p.analyzed);
  io("analysis_versions", p.analysis_versions);
  io.object_of("cpython314", [&](auto& o) {
    o("asked", p.cpython314_asked), o("grammar_rejects_unconfirmed", p.grammar_rejects_unconfirmed);
    o("version", p.cpython314_version);
  });
}

template <typename Io>
void fields(Io& io, LineCounts& l) {
  io("physical", l.physical), io("parsed", l.parsed), io("study", l.study);
}

template <typename Io>
void fields(Io& io, HitTotals& h) {
  io("unique", h.unique), io("per_artifact", h.per_artifact), io("by_category", h.by_category);
  io.object_of("by_statement", [&](auto& o) {
    o("return", h.by_statement.returns), o("break", h.by_statement.breaks), o("continue", h.by_statement.continues);
  });
  io("by_pattern", h.by_pattern), io("in_tests", h.in_tests), io("outside_tests", h.outside_tests);
  io("in_erroneous_parse", h.in_erroneous_parse), io("triaged_by_person", h.triaged_by_person);
  io("marked_in_code", h.marked_in_code), io("marks_read", h.marks_read);
  io.object_of("by_rule", [&](auto& o) { o("cpython", h.cpython), o("exits", h.exits); });
}

template <typename Io>
void fields(Io& io, PerRule& r) {
  io("cpython", r.cpython), io("exits", r.exits);
}

template <typename Io>
void fields(Io& io, StudyRow& s) {
  io.object_of("top", [&](auto& o) {
    o("label", s.top_label), o("packages", s.top_packages), o("rate", s.top_rate), o("by_category", s.top_by_category);
  });
  io.object_of("random", [&](auto& o) { o("label", s.random_label), o("rate", s.random_rate); });
}

template <typename Io>
void fields(Io& io, TopPackage& t) {
  io("package", t.package), io("version", t.version), io("rank", t.rank), io("hits", t.hits), io("bugs", t.bugs);
}

template <typename Io>
void fields(Io& io, RankBandRow& b) {
  io("band", b.band), io("low", b.low), io("high", b.high), io("packages", b.packages);
  io("cpython", b.rate.cpython), io("exits", b.rate.exits);
}

template <typename Io>
void fields(Io& io, LeftOut& o) {
  io("package", o.package), io("status", o.status), io("reason", o.reason);
}

template <typename Io>
void fields(Io& io, SelectionRow& x) {
  io("id", x.id), io("kind", x.kind), io("label", x.label), io("source", x.source), io("list_date", x.list_date);
  io("seed", x.seed), io("size", x.size), io("replaced", x.replaced), io("artifacts", x.artifacts);
  io("rate", x.rate), io("listed", x.listed), io("found", x.found);
  io("packages", x.counted), io("counted", x.counted);  // "packages": the same count, under its older name
  io("left_out", x.left_out), io("pick", x.pick);
}

template <typename Io>
void fields(Io& io, PickedSide& s) {
  io("status", s.status), io("version", s.version), io("released", s.released), io("reason", s.reason);
  io("counted", s.counted), io("lines", s.lines);
  io.object_of("hits", [&](auto& o) { o("cpython", s.cpython), o("exits", s.exits); });
}

template <typename Io>
void fields(Io& io, PickedProject& p) {
  io("package", p.package), io("same_release", p.same_release), io("study", p.study), io("latest", p.latest);
}

template <typename Io>
void fields(Io& io, OutOfDateHit& h) {
  io("package", h.package), io("path", h.path), io("line", h.line), io("statement", h.statement);
  io("study_version", h.study_version), io("latest_version", h.latest_version);
}

template <typename Io>
void fields(Io& io, PickTotals& t) {
  io("selection", t.selection), io("packages", t.packages), io("cpython", t.rate.cpython), io("exits", t.rate.exits);
  io("hits", t.hits);
}

template <typename Io>
void fields(Io& io, PickComparison& c) {
  io("label", c.label), io("study", c.study), io("latest", c.latest);
  io("projects", c.projects), io("same_release", c.same_release), io("different_release", c.different_release);
  io("missing_under_study", c.missing_under_study), io("per_project", c.per_project);
  io("out_of_date", c.out_of_date), io("only_in_latest", c.only_in_latest);
}

template <typename Io>
void fields(Io& io, UnparsedExample& f) {
  io("artifact", f.artifact), io("path", f.path), io("lines", f.lines), io("notes", f.notes);
}

template <typename Io>
void fields(Io& io, PackageRow& p) {
  io("package", p.package), io("version", p.version), io("rank", p.rank), io("artifacts", p.artifacts);
  io("files", p.files), io("lines", p.lines);
  io.object_of("hits", [&](auto& o) { o("cpython", p.cpython), o("exits", p.exits); });
}

template <typename Io>
void fields(Io& io, UnreadableArtifactRow& a) {
  io("artifact", a.artifact), io("status", a.status), io("error", a.error);
}

template <typename Io>
void fields(Io& io, NotCountedRow& n) {
  io("reason", n.reason), io("meaning", n.meaning), io("count", n.count), io("examples", n.examples);
}

template <typename Io>
void fields(Io& io, ReportHit& h) {
  io("package", h.package), io("version", h.version), io("rank", h.rank), io("artifact", h.artifact);
  io("path", h.path), io("line", h.line), io("column", h.column), io("statement", h.statement);
  io("cpython", h.cpython), io("exits", h.exits), io("category", h.category), io("pattern", h.pattern);
  io("reason", h.reason), io("evidence", h.evidence), io("note", h.note), io("scope", h.scope);
  io("erroneous_parse", h.erroneous_parse);
  io("repository_url", h.repository_url), io("snippet", h.snippet), io("try_line", h.try_line);
  io("released_file", h.released_file), io("noqa", h.noqa);
}

template <typename Io>
void fields(Io& io, Report& r) {
  io("store", r.store), io("rule", r.rule), io("loc", r.loc), io("provenance", r.provenance);
  io("packages", r.packages);
  io.object_of("artifacts", [&](auto& o) {
    o("total", r.artifacts_total), o("ok", r.artifacts_ok), o("partial", r.artifacts_partial);
    o("failed", r.artifacts_failed);
  });
  io.object_of("files", [&](auto& o) { o("unique", r.files_unique), o("per_artifact", r.files_per_artifact); });
  io.object_of("lines", [&](auto& o) { o("unique", r.lines_unique), o("per_artifact", r.lines_per_artifact); });
  io.object_of("parse", [&](auto& o) {
    o.object_of("files", [&](auto& f) {
      f("ok", r.parse.files_ok), f("error", r.parse.files_error), f("skipped", r.parse.files_skipped);
      f("too_large", r.parse.files_too_large);
    });
    o("lines_parse_ok", r.parse.lines_parse_ok), o("lines_parse_error", r.parse.lines_parse_error);
    o("lines_not_parsed", r.parse.lines_not_parsed);
  });
  io("hits", r.hits), io("rate", r.rate), io("pep765_study", r.pep765_study), io("by_rule", r.by_rule);
  io("by_rank_band", r.by_rank_band), io("by_pattern_rate", r.by_pattern_rate), io("per_package", r.per_package);
  io("top_packages", r.top_packages), io("selections", r.selections);
  io.object_of("unparsed_files", [&](auto& o) {
    o("files", r.unparsed_files), o("lines", r.unparsed_lines), o("examples", r.unparsed_examples);
  });
  io("unreadable_artifacts", r.unreadable_artifacts), io("not_counted", r.not_counted);
  io("hit_list", r.hit_list), io("pick_comparisons", r.pick_comparisons);
}

}  // namespace

json to_json(const Report& r) {
  json j = Out::value(r);
  j["format_version"] = kReportFormatVersion;
  return j;
}

// The trend's JSON: written, not read back (no format_version yet: its shape is as before).
json to_json(const Trend& t) {
  auto rate = [](const RateFigure& r) { return Out::value(r); };
  json snapshots = json::array();
  for (const TrendSnapshot& s : t.snapshots) {
    json bands = json::array();
    for (const TrendSnapshot::Band& b : s.by_rank_band)
      bands.push_back({{"band", b.band}, {"packages", b.packages}, {"cpython", rate(b.rate.cpython)},
                       {"exits", rate(b.rate.exits)}});
    snapshots.push_back({{"selection", s.selection}, {"label", s.label}, {"as_of", s.as_of}, {"packages", s.packages},
                         {"cpython", rate(s.rate.cpython)}, {"exits", rate(s.rate.exits)}, {"by_rank_band", bands},
                         {"by_category", Out::value(s.by_category)}});
  }
  json life = json::object();
  if (t.hit_life) {
    auto place = [](const FollowedHit& h) {
      return json{{"package", h.package}, {"path", h.path}, {"line", h.line}, {"statement", h.statement}};
    };
    json fixed_by = json::array(), still = json::array();
    for (const HitLife::FixedBy& f : t.hit_life->fixed_by) {
      json hits = json::array();
      for (const FollowedHit& h : f.hits) {
        json x = place(h);
        x["was_in"] = h.was_in;
        x["fixed_in"] = h.fixed_in;
        hits.push_back(std::move(x));
      }
      fixed_by.push_back({{"label", f.label}, {"fixed", f.hits.size()},
                          {"median_days_to_fix", f.median_days_to_fix ? json(*f.median_days_to_fix) : json(nullptr)},
                          {"hits", hits}});
    }
    for (const FollowedHit& h : t.hit_life->still_there) still.push_back(place(h));
    life = {{"earliest", t.hit_life->earliest}, {"hits", t.hit_life->hits}, {"fixed_by", fixed_by}, {"still_there", still}};
  }
  return {{"store", t.store}, {"loc", t.loc}, {"snapshots", snapshots}, {"change", t.change}, {"hit_life", life}};
}

Report from_json(const json& doc) {
  const Field d{doc, ""};
  if (!doc.is_object()) d.refuse("expected an object");
  const Field version = d["format_version"];
  if (!version.value.is_number_integer() || version.value.get<int64_t>() != kReportFormatVersion)
    version.refuse(fmt::format("format {} is not known to this pep765 (it reads {})", version.value.dump(),
                               kReportFormatVersion));
  Report r;
  In::value(d, r);
  return r;
}

}  // namespace pep765
