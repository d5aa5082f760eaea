#include "report/readout.h"

#include <fmt/format.h>

#include "common/timings.h"
#include "sql/db.h"

namespace pep765 {

namespace {

// TSV fields cannot hold tabs or line breaks: escape them (and the backslash) the usual way.
std::string tsv_field(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
  return out;
}

const char* rule_condition(RuleFilter rule) {
  switch (rule) {
    case RuleFilter::Cpython: return "h.cpython = 1";
    case RuleFilter::Exits: return "h.exits = 1";
    case RuleFilter::Any: return "1";
  }
  return "1";
}

// Each distinct content the census counts, once.
constexpr const char* kCountedContents =
    "contents c WHERE c.hash IN (SELECT f.hash FROM files f JOIN counted_artifacts a ON a.id = f.artifact_id)";

}  // namespace

void print_hits(const std::string& db_path, RuleFilter rule, std::FILE* out) {
  ScopedTimer t("hits");
  Db db(db_path, OpenMode::Read);
  Query q = db.prepare(fmt::format(
      "SELECT a.name, f.path, h.line, h.col, h.statement, h.cpython, h.exits "
      "FROM hits h JOIN files f ON f.hash = h.hash JOIN counted_artifacts a ON a.id = f.artifact_id "
      "WHERE {} ORDER BY a.name, a.path, f.member, h.line, h.col",
      rule_condition(rule)));
  fmt::print(out, "artifact\tpath\tline\tcolumn\tstatement\tcpython\texits\n");
  while (q.step())
    fmt::print(out, "{}\t{}\t{}\t{}\t{}\t{}\t{}\n", tsv_field(q.text(0)), tsv_field(q.text(1)), q.int64(2),
               q.int64(3), q.text(4), q.int64(5), q.int64(6));
}

nlohmann::json summary(const std::string& db_path) {
  ScopedTimer t("summary");
  Db db(db_path, OpenMode::Read);
  nlohmann::json s;
  s["store"] = db_path;

  nlohmann::json artifacts = {{"total", 0}, {"ok", 0}, {"partial", 0}, {"failed", 0}};
  {
    Query q = db.prepare("SELECT status, count(*) FROM counted_artifacts GROUP BY status");
    while (q.step()) {
      artifacts[q.text(0)] = q.int64(1);
      artifacts["total"] = artifacts["total"].get<int64_t>() + q.int64(1);
    }
  }
  s["artifacts"] = artifacts;

  // Line figures over a set of files: per artifact (every copy) and unique (each content once).
  // "parse_ok" counts files whose parse had no errors; "not_parsed" the files with no finally
  // keyword, which need no parse (analyze --parse-all parses them too). The study counted
  // newlines + 1 in each file CPython parsed: "study" takes files not known to fail a parse.
  auto line_figures = [&](const char* from) {
    Query q = db.prepare(fmt::format(
        "SELECT count(*), coalesce(sum(c.lines),0), "
        "coalesce(sum(CASE WHEN c.parse='ok' THEN c.lines END),0), "
        "coalesce(sum(CASE WHEN c.parse='error' THEN c.lines END),0), "
        "coalesce(sum(CASE WHEN c.parse IN ('skipped','too_large') THEN c.lines END),0), "
        "coalesce(sum(CASE WHEN c.parse<>'error' THEN c.newlines + 1 END),0), "
        "coalesce(sum(c.size),0), "
        "coalesce(sum(c.parse='ok'),0), coalesce(sum(c.parse='error'),0), "
        "coalesce(sum(c.parse='skipped'),0), coalesce(sum(c.parse='too_large'),0) "
        "FROM {}",
        from));
    q.step();
    return nlohmann::json{
        {"files", q.int64(0)},
        {"bytes", q.int64(6)},
        {"lines", q.int64(1)},
        {"lines_parse_ok", q.int64(2)},
        {"lines_parse_error", q.int64(3)},
        {"lines_not_parsed", q.int64(4)},
        {"study_lines", q.int64(5)},
        {"files_by_parse", {{"ok", q.int64(7)}, {"error", q.int64(8)}, {"skipped", q.int64(9)},
                            {"too_large", q.int64(10)}}},
    };
  };
  // Only what the census counts (sql/schema.sql, counted_artifacts): a release the index has
  // since replaced stays in the store but out of the figures.
  s["per_artifact"] = line_figures("files f JOIN counted_artifacts a ON a.id = f.artifact_id JOIN contents c ON c.hash = f.hash");
  s["unique"] = line_figures(kCountedContents);

  auto hit_counts = [&](const char* from) {
    Query q = db.prepare(fmt::format(
        "SELECT coalesce(sum(h.cpython),0), coalesce(sum(h.exits),0), count(*), "
        "coalesce(sum(h.erroneous_parse),0), "
        "coalesce(sum(h.statement='return'),0), coalesce(sum(h.statement='break'),0), "
        "coalesce(sum(h.statement='continue'),0) FROM {}",
        from));
    q.step();
    return nlohmann::json{{"cpython", q.int64(0)},
                          {"exits", q.int64(1)},
                          {"any", q.int64(2)},
                          {"in_erroneous_parse", q.int64(3)},
                          {"by_statement", {{"return", q.int64(4)}, {"break", q.int64(5)}, {"continue", q.int64(6)}}}};
  };
  s["per_artifact"]["hits"] =
      hit_counts("hits h JOIN files f ON f.hash = h.hash JOIN counted_artifacts a ON a.id = f.artifact_id");
  s["unique"]["hits"] = hit_counts(
      "hits h WHERE h.hash IN (SELECT f.hash FROM files f JOIN counted_artifacts a ON a.id = f.artifact_id)");

  // The headline figures, flat: per artifact (every copy), and unique (each content once).
  for (const char* block : {"per_artifact", "unique"}) {
    const nlohmann::json& b = s[block];
    const std::string prefix = std::string(block) == "unique" ? "unique_" : "";
    s[prefix + "files"] = b["files"];
    s[prefix + "lines"] = b["lines"];
    s[prefix + "lines_in_files_that_parse"] = b["lines"].get<int64_t>() - b["lines_parse_error"].get<int64_t>();
    s[prefix + "study_lines"] = b["study_lines"];
    s[prefix + "hits"] = {{"cpython", b["hits"]["cpython"]}, {"exits", b["hits"]["exits"]}, {"any", b["hits"]["any"]}};
  }
  s["archives"] = artifacts["total"];
  return s;
}

int64_t stored_hits(const std::string& db_path) {
  Db db(db_path, OpenMode::Read);
  return db.scalar("SELECT count(*) FROM hits h WHERE h.cpython = 1 AND EXISTS (SELECT 1 FROM files f WHERE f.hash = h.hash)")
      .value_or(0);
}

}  // namespace pep765
