#include "sql/census.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/timings.h"

namespace pep765 {

const std::vector<RankBand> kRankBands = {
    {1, 100, "ranks 1-100"}, {101, 1000, "ranks 101-1,000"}, {1001, 8000, "ranks 1,001-8,000"}, {8001, 0, "ranks past 8,000"}};

namespace {

// The index in kRankBands of a rank (> 0) held in `column`.
std::string rank_band_sql(const std::string& column) {
  std::string sql = "CASE";
  for (size_t b = 0; b < kRankBands.size(); b++)
    if (kRankBands[b].high) sql += fmt::format(" WHEN {} <= {} THEN {}", column, kRankBands[b].high, b);
  return sql + fmt::format(" ELSE {} END", kRankBands.size() - 1);
}

// A content read in full (contents aliased `c`): one over a size cap (never held, or held and
// never parsed) or whose analysis failed had no hits looked for, so its lines are in no rate
// under any line definition either: a rate's hits and lines cover the same files. not_counted
// lists what this leaves out, with the reason.
#define PEP765_READ_IN_FULL "c.parse <> 'too_large' AND instr(c.notes, 'analysis_failed') = 0"

// A content's lines under --loc (contents aliased `c`), by LineDefinition: physical, parsed, study.
const char* lines_sql(LineDefinition loc) {
  static constexpr const char* kLines[] = {
      "CASE WHEN " PEP765_READ_IN_FULL " THEN c.lines ELSE 0 END",
      "CASE WHEN c.parse <> 'error' AND " PEP765_READ_IN_FULL " THEN c.lines ELSE 0 END",
      "CASE WHEN c.parse <> 'error' AND " PEP765_READ_IN_FULL " THEN c.newlines + 1 ELSE 0 END"};
  static_assert(int(LineDefinition::Physical) == 0 && int(LineDefinition::Study) == 2);
  return kLines[int(loc)];
}

// The hit flag of a rule that counts (cpython or exits), hits aliased `h`.
const char* rule_column(Rule rule) { return rule == Rule::Exits ? "h.exits" : "h.cpython"; }

// What the census counts, once: the releases some selection chose, then the artifacts of those
// (each file once, its newest row) and every artifact analyzed from a path. Each step is one
// pass over its table with a lookup by key, so the cost is linear in the store.
void decide_counted(Db& db) {
  ScopedTimer t("decide counted artifacts");
  db.exec(R"sql(
    CREATE TEMP TABLE chosen_releases (package_id INTEGER NOT NULL, version TEXT NOT NULL,
                                       PRIMARY KEY (package_id, version)) WITHOUT ROWID;
    INSERT INTO chosen_releases
      SELECT DISTINCT package_id, version FROM main.selected
      WHERE status = 'found' AND in_sample = 1 AND version IS NOT NULL;
    CREATE TEMP TABLE counted (id INTEGER PRIMARY KEY, path TEXT, name TEXT, kind TEXT, status TEXT, error TEXT,
                               analyzed_at TEXT, package_id INTEGER, version TEXT, project TEXT, release TEXT);
    -- Package identity is the artifact's stored fact (artifacts.project, .version: written when
    -- fetch records the file or analyze reads a local archive's name), read here and nowhere else.
    INSERT INTO counted
      SELECT a.id, a.path, a.name, a.kind, a.status, a.error, a.analyzed_at, a.package_id, a.version, a.project, a.version
      FROM main.artifacts a
      WHERE a.package_id IS NULL
         OR (EXISTS (SELECT 1 FROM chosen_releases r WHERE r.package_id = a.package_id AND r.version = a.version)
             AND a.id = (SELECT max(b.id) FROM main.artifacts b
                         WHERE b.package_id = a.package_id AND b.version = a.version AND b.name = a.name))
      ORDER BY a.id;
    CREATE INDEX temp.counted_release ON counted(package_id, version);
    -- Each selection's counted artifacts: those of the releases it found; of a study pick's only
    -- the one file it took (another selection may have fetched the release's wheel or sdist).
    CREATE TEMP TABLE selection_counted (selection_id INTEGER NOT NULL, id INTEGER NOT NULL,
                                         PRIMARY KEY (selection_id, id)) WITHOUT ROWID;
    INSERT OR IGNORE INTO selection_counted
      SELECT s.selection_id, a.id FROM main.selected s
      JOIN counted a ON a.package_id = s.package_id AND a.version = s.version
      WHERE s.status = 'found' AND s.in_sample = 1 AND (s.file IS NULL OR a.name = s.file);
    CREATE TEMP TABLE top_ranks (package_id INTEGER NOT NULL, version TEXT NOT NULL, best_rank INTEGER,
                                 best_positive_rank INTEGER, PRIMARY KEY (package_id, version)) WITHOUT ROWID;
    INSERT INTO top_ranks
      SELECT s.package_id, s.version, min(s.rank), min(CASE WHEN s.rank > 0 THEN s.rank END)
      FROM main.selected s JOIN main.selections x ON x.id = s.selection_id
      WHERE x.kind = 'top' AND s.version IS NOT NULL GROUP BY s.package_id, s.version;
  )sql");
}

}  // namespace

Census::Census(const std::string& path, OpenMode mode) : db_(path, mode) { decide_counted(db_); }

std::vector<CountedArtifact> counted_artifacts(Census& census) {
  Query q = census.db().prepare("SELECT id, name, kind, project, coalesce(release, '') FROM counted ORDER BY id");
  std::vector<CountedArtifact> out;
  while (q.step()) out.push_back({q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4)});
  return out;
}

std::vector<ArtifactStatusCount> artifact_statuses(Census& census) {
  Query q = census.db().prepare("SELECT status, count(*) FROM counted GROUP BY status");
  std::vector<ArtifactStatusCount> out;
  while (q.step()) out.push_back({q.text(0), q.int64(1)});
  return out;
}

// "parse_ok" counts files whose parse had no errors; "not_parsed" the files with no finally
// keyword, which need no parse (analyze --parse-all parses them too). The study counted
// newlines + 1 in each file CPython parsed: "study" takes files not known to fail a parse.
// Every line figure is of files read in full (PEP765_READ_IN_FULL); `files` counts them all.
//
// Per content, with its weight n: 1 (unique: a content some counted file holds, found from the
// content through files_hash), or its count of counted files (per artifact: files grouped by
// content in files_hash's order, then one look-up of each content, not one per file).
LineFigures line_figures(Census& census, Copies copies) {
  const char* from =
      copies == Copies::Unique
          ? "(SELECT c.*, 1 AS n FROM contents c "
            " WHERE EXISTS (SELECT 1 FROM files f JOIN counted a ON a.id = f.artifact_id WHERE f.hash = c.hash)) c"
          : "(SELECT f.hash, count(*) AS n FROM files f JOIN counted a ON a.id = f.artifact_id GROUP BY f.hash) x "
            "JOIN contents c ON c.hash = x.hash";
  Query q = census.db().prepare(fmt::format(
      "SELECT coalesce(sum(n),0), coalesce(sum(CASE WHEN " PEP765_READ_IN_FULL " THEN n * c.lines END),0), "
      "coalesce(sum(CASE WHEN c.parse='ok' THEN n * c.lines END),0), "
      "coalesce(sum(CASE WHEN c.parse='error' AND " PEP765_READ_IN_FULL " THEN n * c.lines END),0), "
      "coalesce(sum(CASE WHEN c.parse='skipped' THEN n * c.lines END),0), "
      "coalesce(sum(CASE WHEN c.parse<>'error' AND " PEP765_READ_IN_FULL " THEN n * (c.newlines + 1) END),0), "
      "coalesce(sum(n * c.size),0), "
      "coalesce(sum(n * (c.parse='ok')),0), coalesce(sum(n * (c.parse='error')),0), "
      "coalesce(sum(n * (c.parse='skipped')),0), coalesce(sum(n * (c.parse='too_large')),0) "
      "FROM {}",
      from));
  q.step();
  return {.files = q.int64(0), .bytes = q.int64(6), .lines = q.int64(1), .lines_parse_ok = q.int64(2),
          .lines_parse_error = q.int64(3), .lines_not_parsed = q.int64(4), .study_lines = q.int64(5),
          .files_parse_ok = q.int64(7), .files_parse_error = q.int64(8), .files_skipped = q.int64(9),
          .files_too_large = q.int64(10)};
}

HitCounts hit_counts(Census& census, Copies copies) {
  // Hits are few and files many: from each hit to the files holding it (files_hash), never a
  // scan of files looking for hits (CROSS JOIN keeps that order whatever the planner guesses).
  const char* from =
      copies == Copies::Unique
          ? "hits h WHERE EXISTS (SELECT 1 FROM files f JOIN counted a ON a.id = f.artifact_id WHERE f.hash = h.hash)"
          : "hits h CROSS JOIN files f ON f.hash = h.hash JOIN counted a ON a.id = f.artifact_id";
  Query q = census.db().prepare(fmt::format(
      "SELECT coalesce(sum(h.cpython),0), coalesce(sum(h.exits),0), count(*), "
      "coalesce(sum(h.erroneous_parse),0), "
      "coalesce(sum(h.statement='return'),0), coalesce(sum(h.statement='break'),0), "
      "coalesce(sum(h.statement='continue'),0) FROM {}",
      from));
  q.step();
  return {q.int64(0), q.int64(1), q.int64(2), q.int64(3), q.int64(4), q.int64(5), q.int64(6)};
}

int64_t stored_cpython_hits(Census& census) {
  return census.db()
      .scalar("SELECT count(*) FROM hits h WHERE h.cpython = 1 AND EXISTS (SELECT 1 FROM files f WHERE f.hash = h.hash)")
      .value_or(0);
}

std::vector<Selection> selections(Census& census) {
  Query q = census.db().prepare(
      "SELECT id, kind, source, list_date, seed, size, index_url, as_of, created_at, pick FROM selections ORDER BY id");
  std::vector<Selection> out;
  while (q.step())
    out.push_back({q.int64(0), q.text(1), q.text(2), q.text(3), q.int64(4), q.int64(5), q.text(6), q.text(7), q.text(8),
                   q.text(9)});
  return out;
}

namespace {

TimeSpan span(Census& census, const char* sql) {
  Query q = census.db().prepare(sql);
  if (q.step() && !q.is_null(0)) return {q.text(0), q.text(1)};
  return {};
}

}  // namespace

TimeSpan fetched_span(Census& census) {
  return span(census,
              "SELECT min(fetched_at), max(fetched_at) FROM packages WHERE id IN (SELECT package_id FROM counted)");
}

TimeSpan analyzed_span(Census& census) {
  return span(census, "SELECT min(analyzed_at), max(analyzed_at) FROM counted");
}

std::vector<ReadCostFigures> read_costs(Census& census) {
  std::vector<ReadCostFigures> out;
  ReadCostFigures index{"index"};
  Query q = census.db().prepare("SELECT coalesce(sum(requests), 0), coalesce(sum(bytes), 0) FROM index_costs");
  if (q.step()) index.requests = q.int64(0), index.read_bytes = q.int64(1);
  out.push_back(index);
  Query files = census.db().prepare(
      "SELECT count(*), coalesce(sum(size), 0), coalesce(sum(bytes_read), 0), coalesce(sum(requests), 0), "
      "coalesce(sum(read_as = 'ranges'), 0), coalesce(sum(read_note IS NOT NULL), 0), "
      "coalesce(sum(bytes_read IS NULL), 0), coalesce(sum(members_left_out), 0), coalesce(sum(bytes_left_out), 0) "
      "FROM downloads WHERE status = 'done' AND kind = ?");
  for (const char* kind : {"sdist", "wheel"}) {
    files.bind(1, kind);
    ReadCostFigures f{kind};
    if (files.step())
      f.files = files.int64(0), f.declared_bytes = files.int64(1), f.read_bytes = files.int64(2),
      f.requests = files.int64(3), f.by_ranges = files.int64(4), f.refused_ranges = files.int64(5),
      f.unrecorded = files.int64(6), f.members_left_out = files.int64(7), f.bytes_left_out = files.int64(8);
    files.reset();
    out.push_back(f);
  }
  return out;
}

std::vector<int64_t> analysis_versions(Census& census) {
  Query q = census.db().prepare("SELECT DISTINCT analysis FROM contents ORDER BY analysis");
  std::vector<int64_t> out;
  while (q.step()) out.push_back(q.int64(0));
  return out;
}

CpythonVerdicts cpython_verdicts(Census& census) {
  Query q = census.db().prepare(
      "SELECT count(*) FILTER (WHERE parse = 'error' AND instr(notes, 'cpython314') = 0), "
      "count(*) FILTER (WHERE instr(notes, 'cpython314') > 0) FROM contents");
  q.step();
  return {.asked = q.int64(1), .grammar_rejects_unconfirmed = q.int64(0),
          .interpreter = census.db().text_scalar("SELECT value FROM meta WHERE key = 'cpython314_version'").value_or("")};
}

namespace {

// Each content with hits, with its hits under each rule: a few rows, joined by hash, where a
// count per file row looked them up once per file.
constexpr const char* kHitsPerContent =
    "(SELECT hash, sum(cpython) AS cpython, sum(exits) AS exits FROM hits GROUP BY hash)";

}  // namespace

std::vector<PackageFigures> package_rows(Census& census, LineDefinition loc) {
  ScopedTimer t("package rows");
  // Each package's artifacts with files, and its last one's release and rank.
  Query q = census.db().prepare(
      "WITH g AS (SELECT a.project, count(*) AS artifacts, max(a.id) AS last FROM counted a "
      "           WHERE EXISTS (SELECT 1 FROM files f JOIN contents c ON c.hash = f.hash WHERE f.artifact_id = a.id) "
      "           GROUP BY a.project) "
      "SELECT g.project, g.artifacts, coalesce(a.release, ''), coalesce(r.best_positive_rank, 0) "
      "FROM g JOIN counted a ON a.id = g.last "
      "LEFT JOIN top_ranks r ON r.package_id = a.package_id AND r.version = a.version");
  std::vector<PackageFigures> out;
  while (q.step()) out.push_back({.project = q.text(0), .release = q.text(2), .rank = q.int64(3), .artifacts = q.int64(1)});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.project < b.project; });
  // Its distinct contents, by grouping (project, hash): SQLite's sorter keeps memory bounded (it
  // spills sorted runs), where a set of contents per package in memory grew with the store. A
  // DISTINCT here would build a B-tree of every pair instead: at x64 twice the CPU, and its
  // random writes to the spilled temp file as much again in system time.
  Query figures = census.db().prepare(fmt::format(
      "WITH pc AS (SELECT a.project, f.hash FROM counted a JOIN files f ON f.artifact_id = a.id "
      "            GROUP BY a.project, f.hash) "
      "SELECT pc.project, count(*), coalesce(sum({}), 0), coalesce(sum(hh.cpython), 0), coalesce(sum(hh.exits), 0) "
      "FROM pc JOIN contents c ON c.hash = pc.hash LEFT JOIN {} hh ON hh.hash = pc.hash "
      "GROUP BY pc.project ORDER BY pc.project",
      lines_sql(loc), kHitsPerContent));
  auto it = out.begin();
  while (figures.step()) {
    const std::string project = figures.text(0);
    it = std::lower_bound(it, out.end(), project, [](const auto& p, const std::string& name) { return p.project < name; });
    if (it == out.end() || it->project != project) continue;
    it->files = figures.int64(1);
    it->lines = figures.int64(2);
    it->cpython = figures.int64(3);
    it->exits = figures.int64(4);
  }
  return out;
}

std::vector<BandFigures> rank_band_rows(Census& census, LineDefinition loc) {
  ScopedTimer t("rank band rows");
  const std::string band = rank_band_sql("r.best_positive_rank");
  constexpr const char* kRanked =
      "counted a JOIN top_ranks r ON r.package_id = a.package_id AND r.version = a.version "
      "WHERE r.best_positive_rank IS NOT NULL";
  std::vector<BandFigures> out;
  Query packages = census.db().prepare(fmt::format(
      "SELECT {}, count(DISTINCT a.project) FROM {} "
      "AND EXISTS (SELECT 1 FROM files f JOIN contents c ON c.hash = f.hash WHERE f.artifact_id = a.id) "
      "GROUP BY 1 ORDER BY 1",
      band, kRanked));
  while (packages.step()) out.push_back({.band = size_t(packages.int64(0)), .packages = packages.int64(1)});
  Query figures = census.db().prepare(fmt::format(
      "WITH bc AS (SELECT DISTINCT {0} AS band, f.hash FROM {1} JOIN files f ON f.artifact_id = a.id) "
      "SELECT bc.band, coalesce(sum({2}), 0), coalesce(sum(hh.cpython), 0), coalesce(sum(hh.exits), 0) "
      "FROM bc JOIN contents c ON c.hash = bc.hash LEFT JOIN {3} hh ON hh.hash = bc.hash GROUP BY bc.band",
      band, "counted a JOIN top_ranks r ON r.package_id = a.package_id AND r.version = a.version "
            "AND r.best_positive_rank IS NOT NULL",
      lines_sql(loc), kHitsPerContent));
  while (figures.step())
    for (BandFigures& b : out)
      if (b.band == size_t(figures.int64(0))) {
        b.lines = figures.int64(1);
        b.cpython = figures.int64(2);
        b.exits = figures.int64(3);
      }
  return out;
}

std::vector<SelectionMember> selection_members(Census& census, int64_t selection) {
  Query q = census.db().prepare(R"sql(
    SELECT p.name, s.status, coalesce(s.reason, ''), s.version,
      -- The packages with a counted artifact, listed once: as a correlated EXISTS, SQLite walked
      -- all the selection's counted artifacts for each member (square of the store).
      s.package_id IN (SELECT a.package_id FROM selection_counted sc JOIN counted a ON a.id = sc.id
                       WHERE sc.selection_id = ?1),
      (SELECT group_concat(d.filename || ': ' || coalesce(d.error, d.status), '; ') FROM downloads d
        WHERE d.package_id = s.package_id AND d.version = s.version AND d.status <> 'done'),
      EXISTS (SELECT 1 FROM downloads d WHERE d.package_id = s.package_id AND d.version = s.version
              AND d.status = 'done')
    FROM selected s JOIN packages p ON p.id = s.package_id
    WHERE s.selection_id = ?1 AND s.in_sample = 1 ORDER BY s.draw)sql");
  q.bind(1, selection);
  std::vector<SelectionMember> out;
  while (q.step()) {
    SelectionMember m{q.text(0), q.text(1), q.text(2), q.text(3), q.int64(4) != 0, std::nullopt, q.int64(6) != 0};
    if (!q.is_null(5)) m.not_done = q.text(5);
    out.push_back(std::move(m));
  }
  return out;
}

SelectionFigures selection_figures(Census& census, int64_t selection, LineDefinition loc, Rule rule) {
  Query q = census.db().prepare(fmt::format(
      "WITH arts AS (SELECT id FROM selection_counted WHERE selection_id = ?1), "
      "     cs AS (SELECT DISTINCT f.hash FROM files f WHERE f.artifact_id IN (SELECT id FROM arts)) "
      "SELECT (SELECT count(*) FROM selected WHERE selection_id = ?1 AND in_sample = 1), "
      "       (SELECT count(*) FROM selected WHERE selection_id = ?1 AND in_sample = 0), "
      "       (SELECT count(*) FROM arts), "
      "       (SELECT coalesce(sum({}), 0) FROM contents c WHERE c.hash IN (SELECT hash FROM cs)), "
      "       (SELECT count(*) FROM hits h WHERE h.hash IN (SELECT hash FROM cs) AND {} = 1)",
      lines_sql(loc), rule_column(rule)));
  q.bind(1, selection);
  q.step();
  return {q.int64(0), q.int64(1), q.int64(2), q.int64(3), q.int64(4)};
}

std::vector<PickedRelease> picked_releases(Census& census, int64_t selection, LineDefinition loc) {
  Query q = census.db().prepare(fmt::format(
      "WITH pc AS (SELECT DISTINCT a.package_id, f.hash FROM selection_counted sc JOIN counted a ON a.id = sc.id "
      "            JOIN files f ON f.artifact_id = a.id WHERE sc.selection_id = ?1), "
      "     fig AS (SELECT pc.package_id, count(*) AS files, coalesce(sum({}), 0) AS lines, "
      "             coalesce(sum(hh.cpython), 0) AS cpython, coalesce(sum(hh.exits), 0) AS exits "
      "             FROM pc JOIN contents c ON c.hash = pc.hash LEFT JOIN {} hh ON hh.hash = pc.hash "
      "             GROUP BY pc.package_id) "
      "SELECT p.name, s.status, coalesce(s.reason, ''), coalesce(s.version, ''), coalesce(s.released, ''), "
      // Listed once (as selection_members does): a correlated EXISTS walks the selection's counted
      // artifacts for each member.
      "  s.package_id IN (SELECT a.package_id FROM selection_counted sc JOIN counted a ON a.id = sc.id "
      "                   WHERE sc.selection_id = ?1), "
      "  coalesce(fig.files, 0), coalesce(fig.lines, 0), coalesce(fig.cpython, 0), coalesce(fig.exits, 0) "
      "FROM selected s JOIN packages p ON p.id = s.package_id LEFT JOIN fig ON fig.package_id = s.package_id "
      "WHERE s.selection_id = ?1 AND s.in_sample = 1 ORDER BY s.draw",
      lines_sql(loc), kHitsPerContent));
  q.bind(1, selection);
  std::vector<PickedRelease> out;
  while (q.step())
    out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.int64(5) != 0, q.int64(6), q.int64(7),
                   q.int64(8), q.int64(9)});
  return out;
}

std::vector<Release> counted_releases(Census& census, int64_t selection) {
  Query q = census.db().prepare(
      "SELECT DISTINCT a.project, coalesce(a.release, '') FROM selection_counted sc JOIN counted a ON a.id = sc.id "
      "WHERE sc.selection_id = ?");
  q.bind(1, selection);
  std::vector<Release> out;
  while (q.step()) out.push_back({q.text(0), q.text(1)});
  return out;
}

SnapshotFigures snapshot_figures(Census& census, int64_t selection, LineDefinition loc) {
  Query q = census.db().prepare(fmt::format(
      "WITH cs AS (SELECT DISTINCT f.hash FROM selection_counted sc JOIN files f ON f.artifact_id = sc.id "
      "  WHERE sc.selection_id = ?1) "
      "SELECT (SELECT coalesce(sum({}), 0) FROM contents c WHERE c.hash IN (SELECT hash FROM cs)), "
      "  (SELECT count(*) FROM hits h WHERE h.hash IN (SELECT hash FROM cs) AND h.cpython = 1), "
      "  (SELECT count(*) FROM hits h WHERE h.hash IN (SELECT hash FROM cs) AND h.exits = 1)",
      lines_sql(loc)));
  q.bind(1, selection);
  q.step();
  return {q.int64(0), q.int64(1), q.int64(2)};
}

std::vector<BandFigures> snapshot_band_rows(Census& census, int64_t selection, LineDefinition loc) {
  const std::string band_of = rank_band_sql("s.rank");
  Query q = census.db().prepare(fmt::format(
      "WITH cs AS (SELECT DISTINCT {0} AS band, f.hash FROM selected s JOIN counted a "
      "  ON a.package_id = s.package_id AND a.version = s.version "
      "  JOIN selection_counted sc ON sc.selection_id = s.selection_id AND sc.id = a.id "
      "  JOIN files f ON f.artifact_id = a.id "
      "  WHERE s.selection_id = ?1 AND s.in_sample = 1 AND s.status = 'found' AND s.rank > 0) "
      "SELECT cs.band, coalesce(sum({1}), 0), "
      "  sum((SELECT count(*) FROM hits h WHERE h.hash = cs.hash AND h.cpython = 1)), "
      "  sum((SELECT count(*) FROM hits h WHERE h.hash = cs.hash AND h.exits = 1)), "
      "  (SELECT count(DISTINCT s.package_id) FROM selected s WHERE s.selection_id = ?1 AND s.in_sample = 1 "
      "   AND s.status = 'found' AND s.rank > 0 AND {0} = cs.band) "
      "FROM cs JOIN contents c ON c.hash = cs.hash GROUP BY cs.band ORDER BY cs.band",
      band_of, lines_sql(loc)));
  q.bind(1, selection);
  std::vector<BandFigures> out;
  while (q.step()) {
    const int64_t band = std::clamp<int64_t>(q.int64(0), 0, int64_t(kRankBands.size()) - 1);
    out.push_back({.band = size_t(band), .packages = q.int64(4), .lines = q.int64(1), .cpython = q.int64(2),
                   .exits = q.int64(3)});
  }
  return out;
}

std::vector<ReleaseUpload> release_uploads(Census& census) {
  Query q = census.db().prepare(
      "SELECT p.name, d.version, min(d.upload_time) FROM downloads d JOIN packages p ON p.id = d.package_id "
      "WHERE d.upload_time IS NOT NULL GROUP BY p.name, d.version");
  std::vector<ReleaseUpload> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2)});
  return out;
}

std::vector<UnparsedFile> unparsed_files(Census& census, int limit) {
  Query q = census.db().prepare(
      "SELECT a.name, f.path, c.lines, c.notes FROM files f JOIN contents c ON c.hash = f.hash "
      "JOIN counted a ON a.id = f.artifact_id WHERE c.parse = 'error' GROUP BY c.hash "
      "ORDER BY min(a.name), min(f.member) LIMIT ?");
  q.bind(1, int64_t(limit));
  std::vector<UnparsedFile> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), q.text(3), q.int64(2)});
  return out;
}

std::vector<UnreadableArtifact> unreadable_artifacts(Census& census, int limit) {
  Query q = census.db().prepare("SELECT name, status, error FROM counted WHERE status <> 'ok' ORDER BY name LIMIT ?");
  q.bind(1, int64_t(limit));
  std::vector<UnreadableArtifact> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2)});
  return out;
}

}  // namespace pep765
