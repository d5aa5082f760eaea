#include "sql/not_counted.h"

#include <fmt/format.h>

#include "common/timings.h"

namespace pep765 {

namespace {

struct Reason {
  const char* reason;
  const char* meaning;
  const char* where;  // over contents c, files f, counted artifacts a
};

// Each content's notes are a comma list (sql/schema.sql); a word is matched whole.
constexpr Reason kFileReasons[] = {
    {"over_member_cap", "over --max-member-bytes: never parsed, so no hits were looked for and its lines are in no rate",
     "',' || c.notes || ',' LIKE '%,too_large_to_hold,%'"},
    {"over_parse_cap", "over --max-parse-bytes: not parsed, so no hits were looked for and its lines are in no rate",
     "c.parse = 'too_large' AND ',' || c.notes || ',' NOT LIKE '%,too_large_to_hold,%'"},
    {"analysis_failed", "the analysis failed on it: no hits were looked for and its lines are in no rate",
     "',' || c.notes || ',' LIKE '%,analysis_failed:%'"},
    {"not_utf8", "not valid UTF-8, which CPython refuses unless a coding cookie names another encoding: parsed "
                 "here all the same",
     "',' || c.notes || ',' LIKE '%,invalid_utf8,%'"},
};

}  // namespace

std::vector<NotCounted> not_counted(Census& census, size_t examples) {
  ScopedTimer t("not counted");
  Db& db = census.db();
  std::vector<NotCounted> out;
  for (const Reason& r : kFileReasons) {
    // Contents first (a content's notes decide), then the counted files holding each through
    // files_hash: linear in the contents, never a scan of files per reason.
    const std::string from = fmt::format(
        "FROM contents c CROSS JOIN files f ON f.hash = c.hash JOIN counted a ON a.id = f.artifact_id WHERE {}",
        r.where);
    NotCounted n{r.reason, r.meaning, db.scalar("SELECT count(*) " + from).value_or(0), {}};
    if (n.count == 0) continue;
    Query q = db.prepare(fmt::format("SELECT a.name || ': ' || f.path {} ORDER BY a.name, f.member LIMIT ?", from));
    q.bind(1, int64_t(examples));
    while (q.step()) n.examples.push_back(q.text(0));
    out.push_back(std::move(n));
  }
  NotCounted unreadable{"unreadable", "read in part or not at all: what could not be read is not counted",
                        db.scalar("SELECT count(*) FROM counted WHERE status <> 'ok'").value_or(0), {}};
  if (unreadable.count) {
    Query q = db.prepare("SELECT name || ': ' || coalesce(error, status) FROM counted WHERE status <> 'ok' "
                         "ORDER BY name LIMIT ?");
    q.bind(1, int64_t(examples));
    while (q.step()) unreadable.examples.push_back(q.text(0));
    out.push_back(std::move(unreadable));
  }
  return out;
}

}  // namespace pep765
