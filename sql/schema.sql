-- pep765 store, schema version 11 (sql/db.h kSchemaVersion; sql/db.cc migrates older ones). Every stage reads and writes this one SQLite file.
-- Documented in sql/README.md. Applied by sql/db.cc on open; a store with another version is
-- refused with a message rather than misread.

CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One row per input analyzed: an archive (sdist, wheel, egg, zip), a directory's loose .py
-- files taken together, or a single .py file.
CREATE TABLE IF NOT EXISTS artifacts (
  id          INTEGER PRIMARY KEY,
  path        TEXT NOT NULL UNIQUE,    -- absolute path
  name        TEXT NOT NULL,           -- file name: what read-outs call the artifact
  kind        TEXT NOT NULL,           -- sdist (.tar.*, .tgz, .zip) | wheel | egg | dir | file
  size        INTEGER NOT NULL,        -- bytes on disk, with mtime: a changed file is redone
  mtime       INTEGER NOT NULL,
  status      TEXT NOT NULL,           -- ok | partial (read failed part way) | failed (nothing read)
  error       TEXT,                    -- why, for partial and failed
  files       INTEGER NOT NULL,        -- .py members stored
  analyzed_at TEXT NOT NULL,           -- UTC, ISO 8601
  package_id  INTEGER,                 -- a fetched file: its project (downloads.package_id); NULL otherwise
  -- version: the release it belongs to: a fetched file's downloads.version, else parsed from an
  -- archive's file name; NULL where there is none.
  -- project: PEP 503 normalized: a fetched file's packages.name, else parsed from an archive's
  -- file name (common/dist_filename.h); a directory or a single file: its name as given.
  version     TEXT,
  project     TEXT
);

-- One row per distinct file content: the same module in an sdist and its wheel, or a vendored
-- copy, is analyzed and counted once here (unique totals) while files keeps every copy.
CREATE TABLE IF NOT EXISTS contents (
  hash        BLOB PRIMARY KEY,        -- XXH3-128 of the bytes, 16 bytes (hex(hash) to read it)
  size        INTEGER NOT NULL,
  newlines    INTEGER NOT NULL,        -- count of '\n'; the study counted newlines + 1 per parsed file
  lines       INTEGER NOT NULL,        -- physical lines: newlines, + 1 for a last line without '\n'
  parse       TEXT NOT NULL,           -- skipped (no finally clause holding a jump keyword: not parsed) | ok | error | too_large
                                       -- error: tree-sitter error nodes, or syntax only Python 2 has
  parse_scope TEXT NOT NULL,           -- none | regions (only statements whose finally clause holds a jump) | whole
                                       -- a file with hits is always parsed whole
  -- notes: comma list: nul, invalid_utf8, bom, crlf, cr, python2, too_large_to_hold, a layout rule
  -- CPython rejects (tab_error, expected_indented_block, ...), analysis_failed: why.
  -- analysis: the analysis that wrote the row (kAnalysisVersion); older rows are analyzed again.
  notes       TEXT NOT NULL DEFAULT '',
  analysis    INTEGER NOT NULL DEFAULT 1,
  -- crc32: the CRC-32 of the bytes (a zip member's as its central directory declares it, checked
  -- on reading), to match a wheel's members with its sdist's modules unread; NULL: analyzed
  -- before schema 10. Last, as ALTER TABLE puts it, so every store's contents have one column
  -- order (merge).
  crc32       INTEGER
) WITHOUT ROWID;

-- One row per .py member of an artifact.
CREATE TABLE IF NOT EXISTS files (
  artifact_id INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
  member      INTEGER NOT NULL,        -- ordinal among the artifact's .py members (names can repeat)
  path        TEXT NOT NULL,           -- path inside the archive (or below the directory)
  hash        BLOB NOT NULL REFERENCES contents(hash),
  PRIMARY KEY (artifact_id, member)
) WITHOUT ROWID;
-- From a content to the files holding it. A bulk analyze drops it and builds it again at its end
-- (analyze/analyze.cc, DeferredFilesIndex); should that end not come, this builds it on the
-- next opening for writing.
CREATE INDEX IF NOT EXISTS files_hash ON files(hash);

-- Every return / break / continue that either rule flags, per distinct content.
CREATE TABLE IF NOT EXISTS hits (
  hash             BLOB NOT NULL REFERENCES contents(hash),
  line             INTEGER NOT NULL,   -- 1-based
  col              INTEGER NOT NULL,   -- 1-based byte column (CPython's col_offset + 1)
  statement        TEXT NOT NULL,      -- return | break | continue
  cpython          INTEGER NOT NULL,   -- 1: CPython 3.14 warns about it
  exits            INTEGER NOT NULL,   -- 1: it really transfers control out of the finally
  erroneous_parse  INTEGER NOT NULL,   -- 1: found in a file whose parse had errors
  has_value        INTEGER NOT NULL,   -- return with a value
  scope            TEXT NOT NULL,      -- enclosing classes and functions, dotted
  try_line         INTEGER NOT NULL,   -- line of the try statement
  handlers         TEXT NOT NULL,      -- its except clauses: bare|BaseException|Exception|other, comma list
  try_body_returns INTEGER NOT NULL,   -- the try body also returns
  handler_returns  INTEGER NOT NULL,   -- an except clause also returns
  try_source       TEXT NOT NULL,      -- the try statement's source, or an excerpt of a long one
  -- What can be in flight when the finally runs (analyze/exception_flow.h):
  body_raises      INTEGER NOT NULL DEFAULT 1,  -- the try body can raise
  handler_raises   INTEGER NOT NULL DEFAULT 0,  -- an except clause raises (raise, or a with block)
  else_raises      INTEGER NOT NULL DEFAULT 0,  -- the else clause can raise
  one_operation    INTEGER NOT NULL DEFAULT 0,  -- no handler, one statement, a finally that only jumps
  -- The suppression comment ending its line, the maintainers' own word on it (analyze/noqa.h):
  -- noqa | noqa: B012 | pylint: lost-exception ...; '' none; NULL: analyzed before schema 8.
  -- Last, as ALTER TABLE puts it, so every store's hits have one column order (merge).
  noqa             TEXT,
  -- Its evidence for triage (analyze/exception_flow.h, analyze/try_evidence.h); NULL: analyzed
  -- before schema 11 (analysis 5), and analyzed again by the next analyze.
  raise_line       INTEGER,            -- the first statement whose exception the jump can lose; 0 none
  raise_source     TEXT,               -- that statement's first line
  reraise_line     INTEGER,            -- the first raise in an except clause; 0 none
  handler_actions  TEXT,               -- per except clause: raise|return|pass|log|assign|other, comma list
  value_flow       TEXT,               -- data flow to the jump: returns-body-value, flag, ...
  context          TEXT,               -- comments above and in the try, the function's docstring
  PRIMARY KEY (hash, line, col)
) WITHOUT ROWID;

-- fetch: which projects were selected, what was chosen of each, and what was downloaded.

-- One row per selection of projects: a top-N list (with its date) or a random draw (its seed),
-- under a pick rule. The same list and date under the two rules are two selections.
CREATE TABLE IF NOT EXISTS selections (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,           -- top | random
  source      TEXT NOT NULL,           -- the list's URL or file (top), the index (random)
  list_date   TEXT NOT NULL DEFAULT '',-- the list's last_update (top)
  seed        INTEGER NOT NULL DEFAULT 0,
  size        INTEGER NOT NULL,        -- N asked for
  index_url   TEXT NOT NULL,
  as_of       TEXT NOT NULL DEFAULT '',-- --as-of, when given
  -- pick: which release of each project: latest (as pip would install it) | study (PEP 765's
  -- script: the releases key sorting last as a string, its first .tar.gz; fetch/study_pick.h).
  -- A study selection counts the one file of each release it took (selected.file), as the study did.
  pick        TEXT NOT NULL DEFAULT 'latest',
  created_at  TEXT NOT NULL,
  UNIQUE (kind, source, list_date, seed, index_url, as_of, pick)
);

-- One row per project, whatever selections it is in.
CREATE TABLE IF NOT EXISTS packages (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,  -- PEP 503 normalised
  listed_name    TEXT NOT NULL,         -- as the list spelt it
  status         TEXT NOT NULL,         -- resolved | not_found | no_release | failed
  error          TEXT,
  version        TEXT,                  -- the release taken
  release_rule   TEXT,                  -- how it was chosen
  lacks          TEXT NOT NULL DEFAULT '', -- comma list: no_release, no_files, no_sdist, no_wheel
  repository_url TEXT,                  -- a code host from the project's URLs, for issue filing
  home_page      TEXT,
  project_urls   TEXT,                  -- JSON object, as the index gave it
  fetched_at     TEXT
);

-- A project drawn for a selection. A random draw with no usable release stays recorded, as
-- replaced (in_sample 0), so the sample can be retraced draw by draw.
CREATE TABLE IF NOT EXISTS selected (
  selection_id   INTEGER NOT NULL REFERENCES selections(id),
  package_id     INTEGER NOT NULL REFERENCES packages(id),
  rank           INTEGER,               -- 1-based: by downloads (top), in the sample (random); NULL if replaced
  download_count INTEGER,
  draw           INTEGER NOT NULL,      -- position in the list (top) or in the seeded draw order (random)
  in_sample      INTEGER NOT NULL DEFAULT 1,
  version        TEXT,                  -- the release this selection chose (its last run's choice); NULL: none
  status         TEXT NOT NULL DEFAULT 'listed', -- listed | found | not_found | no_release | failed
  reason         TEXT,                  -- why not found: what the index said, or why no release is usable
  released       TEXT,                  -- the chosen release's date: its earliest file's upload time; NULL: unknown
  file           TEXT,                  -- a study pick: the one file it took (its first .tar.gz); NULL: the release's
  PRIMARY KEY (selection_id, package_id)
) WITHOUT ROWID;

-- The files chosen for a package's release: its sdist and one wheel.
CREATE TABLE IF NOT EXISTS downloads (
  package_id  INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
  filename    TEXT NOT NULL,
  kind        TEXT NOT NULL,           -- sdist | wheel
  url         TEXT NOT NULL,
  size        INTEGER,                 -- as the index gave it
  sha256      TEXT,                    -- as the index gave it; the file on disk matches it where sha256_verified
  upload_time TEXT,
  path        TEXT,                    -- absolute path on disk (artifacts.path once analyzed)
  status      TEXT NOT NULL,           -- done (verified on disk) | skipped (over --max-size) | failed
  error       TEXT,
  attempts    INTEGER NOT NULL DEFAULT 0,
  version     TEXT NOT NULL DEFAULT '',-- the release the file belongs to
  -- How it was read (schema 9; NULL: not read, skipped or failed before any transfer):
  read_as     TEXT,                    -- whole | ranges (a wheel's tail, directory and .py members only, sparse on disk)
  bytes_read  INTEGER,                 -- body bytes of the answers taken (NULL: read before schema 9)
  requests    INTEGER,                 -- HTTP requests made, every attempt counted (NULL: before schema 9)
  sha256_verified INTEGER,             -- 1: the bytes on disk match sha256; 0: not checked (ranges: the members' CRC-32s are, at analysis; or no sha256 given)
  read_note   TEXT,                    -- why a wheel the ranges could read was read whole (the server refused ranges ...)
  -- A ranged read (schema 10; NULL otherwise or before): the .py members it left out because
  -- the release's sdist, as analysed, gave them (same path within the package, CRC-32, size),
  -- and the bytes of theirs no range read. Analysis counts them as the sdist's contents.
  members_left_out INTEGER,
  bytes_left_out   INTEGER,
  PRIMARY KEY (package_id, filename)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS downloads_path ON downloads(path);

-- What each selection's index traffic cost, over every fetch run into it (schema 9): the list,
-- project pages (a 304 counts a request and no bytes) and core metadata files.
CREATE TABLE IF NOT EXISTS index_costs (
  selection_id INTEGER PRIMARY KEY REFERENCES selections(id),
  requests     INTEGER NOT NULL,
  bytes        INTEGER NOT NULL
);

-- An entry of a selection's list (top) or of the index's project list (random) that is no
-- project name (the packaging name rule, common/names.h): skipped, so never part of a URL, a
-- folder or the packages table.
CREATE TABLE IF NOT EXISTS invalid_names (
  selection_id INTEGER NOT NULL REFERENCES selections(id),
  position     INTEGER NOT NULL,       -- 1-based among the list's entries
  raw          TEXT NOT NULL,          -- the entry as given, control and non-UTF-8 bytes as \xNN
  reason       TEXT NOT NULL,          -- what of the rule it breaks
  PRIMARY KEY (selection_id, position)
) WITHOUT ROWID;

-- Index pages kept with their validators, so a rerun asks "changed?" and mostly hears "no".
CREATE TABLE IF NOT EXISTS http_cache (
  url           TEXT PRIMARY KEY,
  etag          TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  body          BLOB NOT NULL,
  fetched_at    TEXT NOT NULL
);

-- report: a person's triage of hits, which wins over the program's. Keyed on what identifies a
-- hit across runs and releases (not a row id), so it survives re-analysis and new versions.
CREATE TABLE IF NOT EXISTS triage (
  package    TEXT NOT NULL,            -- project name (PEP 503), or the artifact's where not fetched
  path       TEXT NOT NULL,            -- path in the package, without an sdist's top folder
  statement  TEXT NOT NULL,            -- return | break | continue
  source     TEXT NOT NULL,            -- the statement's line, stripped
  occurrence INTEGER NOT NULL DEFAULT 0, -- which of the identical such lines of the file, by line (0: first)
  category   TEXT NOT NULL,            -- test | intentional | bug
  note       TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (package, path, statement, source, occurrence)
) WITHOUT ROWID;

-- What the census counts: every artifact analyzed from a path given to analyze, and of the
-- fetched files those of a release some selection chose (a selection's last run). A release
-- the index has since replaced stays stored but is not counted; the same file analyzed at two
-- places (another --dest) counts once, at its newest row.
CREATE VIEW IF NOT EXISTS counted_artifacts AS
SELECT a.* FROM artifacts a
WHERE a.package_id IS NULL
   OR (EXISTS (SELECT 1 FROM selected s
               WHERE s.package_id = a.package_id AND s.version = a.version AND s.status = 'found' AND s.in_sample = 1)
       AND a.id = (SELECT max(b.id) FROM artifacts b
                   WHERE b.package_id = a.package_id AND b.version = a.version AND b.name = a.name));
CREATE INDEX IF NOT EXISTS artifacts_release ON artifacts(package_id, version);
-- The view's EXISTS looks a fetched artifact's release up in selected by (package_id, version).
CREATE INDEX IF NOT EXISTS selected_release ON selected(package_id, version);
