BEGIN TRANSACTION;
CREATE TABLE artifacts (
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
  version     TEXT                     -- ... and the release it belongs to (downloads.version)
);
INSERT INTO "artifacts" VALUES(1,'/tmp/pep765-store-v4/local/Alpha_Lib-1.0.tar.gz','Alpha_Lib-1.0.tar.gz','sdist',213,-4641074017,'ok',NULL,2,'2026-12-06T20:46:22Z',NULL,NULL);
INSERT INTO "artifacts" VALUES(2,'/tmp/pep765-store-v4/local/noversion.tar.gz','noversion.tar.gz','sdist',135,-4641074017,'ok',NULL,1,'2026-12-06T20:46:22Z',NULL,NULL);
INSERT INTO "artifacts" VALUES(3,'/tmp/pep765-store-v4/single.py','single.py','file',61,-4641074017,'ok',NULL,1,'2026-12-06T20:46:22Z',NULL,NULL);
INSERT INTO "artifacts" VALUES(4,'/tmp/pep765-store-v4/local/beta_pkg-2.0-py3-none-any.whl','beta_pkg-2.0-py3-none-any.whl','wheel',197,-4641074017,'ok',NULL,1,'2026-12-06T20:46:22Z',NULL,NULL);
INSERT INTO "artifacts" VALUES(5,'/tmp/pep765-store-v4/local/gamma-0.3-py3.11.egg','gamma-0.3-py3.11.egg','egg',126,-4641074017,'ok',NULL,1,'2026-12-06T20:46:22Z',NULL,NULL);
INSERT INTO "artifacts" VALUES(6,'/tmp/pep765-store-v4/local','/tmp/pep765-store-v4/local','dir',110,0,'ok',NULL,1,'2026-12-06T20:46:22Z',NULL,NULL);
INSERT INTO "artifacts" VALUES(7,'/tmp/pep765-store-v4/files/delta-tools-3.1.tar.gz','delta-tools-3.1.tar.gz','sdist',185,-4641074017,'ok',NULL,1,'2026-12-06T20:46:22Z',1,'3.1');
INSERT INTO "artifacts" VALUES(8,'/tmp/pep765-store-v4/files/delta_tools-3.1-py3-none-any.whl','delta_tools-3.1-py3-none-any.whl','wheel',200,-4641074017,'ok',NULL,1,'2026-12-06T20:46:22Z',1,'3.1');
INSERT INTO "artifacts" VALUES(9,'/tmp/pep765-store-v4/files/epsilon-0.9.tar.gz','epsilon-0.9.tar.gz','sdist',129,-4641074016,'ok',NULL,1,'2026-12-06T20:46:23Z',2,'0.9');
INSERT INTO "artifacts" VALUES(10,'/tmp/pep765-store-v4/files/epsilon-0.9-py3-none-any.whl','epsilon-0.9-py3-none-any.whl','wheel',133,-4641074016,'ok',NULL,1,'2026-12-06T20:46:23Z',2,'0.9');
CREATE TABLE contents (
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
  analysis    INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
INSERT INTO "contents" VALUES(X'0EA62C396F233C31A6E1CC503060AAD5',61,5,5,'ok','whole','',4);
INSERT INTO "contents" VALUES(X'276BC8FE2BCF026F40E21590D437A074',109,8,8,'ok','whole','',4);
INSERT INTO "contents" VALUES(X'514CC96ED76438B83DA3AF4E8DBADF1A',9,1,1,'skipped','none','',4);
INSERT INTO "contents" VALUES(X'7298CA6B1C4F816BCCA6297538B6249E',6,1,1,'skipped','none','',4);
INSERT INTO "contents" VALUES(X'99AA06D3014798D86001C324468D497F',0,0,0,'skipped','none','',4);
INSERT INTO "contents" VALUES(X'AD99F64FB96261E40A62C7B1D246D269',110,8,8,'ok','whole','',4);
INSERT INTO "contents" VALUES(X'AEAF7F54C3D626F7DE0BCAB15261FE32',102,7,7,'ok','whole','',4);
INSERT INTO "contents" VALUES(X'DA638D7A8CDDF3AF553D990EADDB88C0',110,8,8,'ok','whole','',4);
INSERT INTO "contents" VALUES(X'FE9851D662ACB3F962F267527D01445F',22,2,2,'skipped','none','',4);
CREATE TABLE downloads (
  package_id  INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
  filename    TEXT NOT NULL,
  kind        TEXT NOT NULL,           -- sdist | wheel
  url         TEXT NOT NULL,
  size        INTEGER,                 -- as the index gave it
  sha256      TEXT,                    -- as the index gave it; the file on disk matches it
  upload_time TEXT,
  path        TEXT,                    -- absolute path on disk (artifacts.path once analyzed)
  status      TEXT NOT NULL,           -- done (verified on disk) | skipped (over --max-size) | failed
  error       TEXT,
  attempts    INTEGER NOT NULL DEFAULT 0,
  version     TEXT NOT NULL DEFAULT '',-- the release the file belongs to
  PRIMARY KEY (package_id, filename)
) WITHOUT ROWID;
INSERT INTO "downloads" VALUES(1,'delta-tools-3.1.tar.gz','sdist','http://127.0.0.1:33457/files/delta-tools-3.1.tar.gz',185,'0484d1dbe877cc90c1094a1357412852dd44282668b4c209bf1f3c02d1a7e0e3','2024-10-01T00:00:00Z','/tmp/pep765-store-v4/files/delta-tools-3.1.tar.gz','done',NULL,1,'3.1');
INSERT INTO "downloads" VALUES(1,'delta_tools-3.1-py3-none-any.whl','wheel','http://127.0.0.1:33457/files/delta_tools-3.1-py3-none-any.whl',200,'4a51f810225477765c5432b35b06ec0bad397eb82d0556b2259ceeb3a9583fd0','2024-10-01T00:00:00Z','/tmp/pep765-store-v4/files/delta_tools-3.1-py3-none-any.whl','done',NULL,1,'3.1');
INSERT INTO "downloads" VALUES(2,'epsilon-0.9-py3-none-any.whl','wheel','http://127.0.0.1:33457/files/epsilon-0.9-py3-none-any.whl',133,'95ddc15d86c73a70e86148ea02380620500dd8480a8b1864eb02224a3f2add04','2024-10-01T00:00:00Z','/tmp/pep765-store-v4/files/epsilon-0.9-py3-none-any.whl','done',NULL,1,'0.9');
INSERT INTO "downloads" VALUES(2,'epsilon-0.9.tar.gz','sdist','http://127.0.0.1:33457/files/epsilon-0.9.tar.gz',129,'5698d4fea43946c9ff315c505748295081245b3e5aa294b4d7469611b6860059','2024-10-01T00:00:00Z','/tmp/pep765-store-v4/files/epsilon-0.9.tar.gz','done',NULL,1,'0.9');
CREATE TABLE files (
  artifact_id INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
  member      INTEGER NOT NULL,        -- ordinal among the artifact's .py members (names can repeat)
  path        TEXT NOT NULL,           -- path inside the archive (or below the directory)
  hash        BLOB NOT NULL REFERENCES contents(hash),
  PRIMARY KEY (artifact_id, member)
) WITHOUT ROWID;
INSERT INTO "files" VALUES(1,0,'Alpha_Lib-1.0/alpha_lib/core.py',X'AEAF7F54C3D626F7DE0BCAB15261FE32');
INSERT INTO "files" VALUES(1,1,'Alpha_Lib-1.0/alpha_lib/__init__.py',X'99AA06D3014798D86001C324468D497F');
INSERT INTO "files" VALUES(2,0,'noversion/nv/a.py',X'FE9851D662ACB3F962F267527D01445F');
INSERT INTO "files" VALUES(3,0,'single.py',X'0EA62C396F233C31A6E1CC503060AAD5');
INSERT INTO "files" VALUES(4,0,'beta_pkg/mod.py',X'276BC8FE2BCF026F40E21590D437A074');
INSERT INTO "files" VALUES(5,0,'gamma/g.py',X'7298CA6B1C4F816BCCA6297538B6249E');
INSERT INTO "files" VALUES(6,0,'tree/pkg/loose.py',X'DA638D7A8CDDF3AF553D990EADDB88C0');
INSERT INTO "files" VALUES(7,0,'delta-tools-3.1/delta_tools/d.py',X'AD99F64FB96261E40A62C7B1D246D269');
INSERT INTO "files" VALUES(8,0,'delta_tools/d.py',X'AD99F64FB96261E40A62C7B1D246D269');
INSERT INTO "files" VALUES(9,0,'epsilon-0.9/epsilon/e.py',X'514CC96ED76438B83DA3AF4E8DBADF1A');
INSERT INTO "files" VALUES(10,0,'epsilon/e.py',X'514CC96ED76438B83DA3AF4E8DBADF1A');
CREATE TABLE hits (
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
  PRIMARY KEY (hash, line, col)
) WITHOUT ROWID;
INSERT INTO "hits" VALUES(X'0EA62C396F233C31A6E1CC503060AAD5',5,9,'break',1,1,0,0,'',2,'',0,0,'try:
        pass
    finally:
        break',0,0,0,1);
INSERT INTO "hits" VALUES(X'276BC8FE2BCF026F40E21590D437A074',7,9,'return',1,1,0,1,'f',2,'Exception',1,0,'try:
        return g()
    except Exception:
        pass
    finally:
        return 2',1,0,0,0);
INSERT INTO "hits" VALUES(X'AD99F64FB96261E40A62C7B1D246D269',7,9,'return',1,1,0,1,'f',2,'Exception',1,0,'try:
        return g()
    except Exception:
        pass
    finally:
        return 2',1,0,0,0);
INSERT INTO "hits" VALUES(X'AEAF7F54C3D626F7DE0BCAB15261FE32',7,9,'return',1,1,0,1,'f',2,'Exception',1,0,'try:
        return g()
    except Exception:
        pass
    finally:
        return 2',1,0,0,0);
INSERT INTO "hits" VALUES(X'DA638D7A8CDDF3AF553D990EADDB88C0',7,9,'return',1,1,0,1,'f',2,'Exception',1,0,'try:
        return g()
    except Exception:
        pass
    finally:
        return 2',1,0,0,0);
CREATE TABLE http_cache (
  url           TEXT PRIMARY KEY,
  etag          TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  body          BLOB NOT NULL,
  fetched_at    TEXT NOT NULL
);
INSERT INTO "http_cache" VALUES('http://127.0.0.1:33457/pypi/delta-tools/json','"acdc76791d27649c"','',X'7B22696E666F223A207B226E616D65223A202264656C74612D746F6F6C73222C202276657273696F6E223A2022332E31222C2022686F6D655F70616765223A2022222C202270726F6A6563745F75726C73223A207B7D7D2C202272656C6561736573223A207B22332E31223A205B7B2266696C656E616D65223A202264656C74612D746F6F6C732D332E312E7461722E677A222C20227061636B61676574797065223A20227364697374222C202273697A65223A203138352C202275726C223A2022687474703A2F2F3132372E302E302E313A33333435372F66696C65732F64656C74612D746F6F6C732D332E312E7461722E677A222C202279616E6B6564223A2066616C73652C202264696765737473223A207B22736861323536223A202230343834643164626538373763633930633130393461313335373431323835326464343432383236363862346332303962663166336330326431613765306533227D2C202275706C6F61645F74696D655F69736F5F38363031223A2022323032342D31302D30315430303A30303A30305A227D2C207B2266696C656E616D65223A202264656C74615F746F6F6C732D332E312D7079332D6E6F6E652D616E792E77686C222C20227061636B61676574797065223A202262646973745F776865656C222C202273697A65223A203230302C202275726C223A2022687474703A2F2F3132372E302E302E313A33333435372F66696C65732F64656C74615F746F6F6C732D332E312D7079332D6E6F6E652D616E792E77686C222C202279616E6B6564223A2066616C73652C202264696765737473223A207B22736861323536223A202234613531663831303232353437373736356335343332623335623036656330626164333937656238326430353536623232353963656562336139353833666430227D2C202275706C6F61645F74696D655F69736F5F38363031223A2022323032342D31302D30315430303A30303A30305A227D5D7D2C202275726C73223A205B7B2266696C656E616D65223A202264656C74612D746F6F6C732D332E312E7461722E677A222C20227061636B61676574797065223A20227364697374222C202273697A65223A203138352C202275726C223A2022687474703A2F2F3132372E302E302E313A33333435372F66696C65732F64656C74612D746F6F6C732D332E312E7461722E677A222C202279616E6B6564223A2066616C73652C202264696765737473223A207B22736861323536223A202230343834643164626538373763633930633130393461313335373431323835326464343432383236363862346332303962663166336330326431613765306533227D2C202275706C6F61645F74696D655F69736F5F38363031223A2022323032342D31302D30315430303A30303A30305A227D2C207B2266696C656E616D65223A202264656C74615F746F6F6C732D332E312D7079332D6E6F6E652D616E792E77686C222C20227061636B61676574797065223A202262646973745F776865656C222C202273697A65223A203230302C202275726C223A2022687474703A2F2F3132372E302E302E313A33333435372F66696C65732F64656C74615F746F6F6C732D332E312D7079332D6E6F6E652D616E792E77686C222C202279616E6B6564223A2066616C73652C202264696765737473223A207B22736861323536223A202234613531663831303232353437373736356335343332623335623036656330626164333937656238326430353536623232353963656562336139353833666430227D2C202275706C6F61645F74696D655F69736F5F38363031223A2022323032342D31302D30315430303A30303A30305A227D5D7D','2026-12-06T20:46:22Z');
INSERT INTO "http_cache" VALUES('http://127.0.0.1:33457/pypi/epsilon/json','"1bf4bfd1dad7cfbe"','',X'7B22696E666F223A207B226E616D65223A2022657073696C6F6E222C202276657273696F6E223A2022302E39222C2022686F6D655F70616765223A2022222C202270726F6A6563745F75726C73223A207B7D7D2C202272656C6561736573223A207B22302E39223A205B7B2266696C656E616D65223A2022657073696C6F6E2D302E392E7461722E677A222C20227061636B61676574797065223A20227364697374222C202273697A65223A203132392C202275726C223A2022687474703A2F2F3132372E302E302E313A33333435372F66696C65732F657073696C6F6E2D302E392E7461722E677A222C202279616E6B6564223A2066616C73652C202264696765737473223A207B22736861323536223A202235363938643466656134333934366339666633313563353035373438323935303831323435623365356161323934623464373436393631316236383630303539227D2C202275706C6F61645F74696D655F69736F5F38363031223A2022323032342D31302D30315430303A30303A30305A227D2C207B2266696C656E616D65223A2022657073696C6F6E2D302E392D7079332D6E6F6E652D616E792E77686C222C20227061636B61676574797065223A202262646973745F776865656C222C202273697A65223A203133332C202275726C223A2022687474703A2F2F3132372E302E302E313A33333435372F66696C65732F657073696C6F6E2D302E392D7079332D6E6F6E652D616E792E77686C222C202279616E6B6564223A2066616C73652C202264696765737473223A207B22736861323536223A202239356464633135643836633733613730653836313438656130323338303632303530306464383438306138623138363465623032323234613366326164643034227D2C202275706C6F61645F74696D655F69736F5F38363031223A2022323032342D31302D30315430303A30303A30305A227D5D7D2C202275726C73223A205B7B2266696C656E616D65223A2022657073696C6F6E2D302E392E7461722E677A222C20227061636B61676574797065223A20227364697374222C202273697A65223A203132392C202275726C223A2022687474703A2F2F3132372E302E302E313A33333435372F66696C65732F657073696C6F6E2D302E392E7461722E677A222C202279616E6B6564223A2066616C73652C202264696765737473223A207B22736861323536223A202235363938643466656134333934366339666633313563353035373438323935303831323435623365356161323934623464373436393631316236383630303539227D2C202275706C6F61645F74696D655F69736F5F38363031223A2022323032342D31302D30315430303A30303A30305A227D2C207B2266696C656E616D65223A2022657073696C6F6E2D302E392D7079332D6E6F6E652D616E792E77686C222C20227061636B61676574797065223A202262646973745F776865656C222C202273697A65223A203133332C202275726C223A2022687474703A2F2F3132372E302E302E313A33333435372F66696C65732F657073696C6F6E2D302E392D7079332D6E6F6E652D616E792E77686C222C202279616E6B6564223A2066616C73652C202264696765737473223A207B22736861323536223A202239356464633135643836633733613730653836313438656130323338303632303530306464383438306138623138363465623032323234613366326164643034227D2C202275706C6F61645F74696D655F69736F5F38363031223A2022323032342D31302D30315430303A30303A30305A227D5D7D','2026-12-06T20:46:22Z');
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO "meta" VALUES('schema_version','4');
CREATE TABLE packages (
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
INSERT INTO "packages" VALUES(1,'delta-tools','delta-tools','resolved',NULL,'3.1','latest (info.version)','','','','{}','2026-12-06T20:46:22Z');
INSERT INTO "packages" VALUES(2,'epsilon','epsilon','resolved',NULL,'0.9','latest (info.version)','','','','{}','2026-12-06T20:46:22Z');
CREATE TABLE selected (
  selection_id   INTEGER NOT NULL REFERENCES selections(id),
  package_id     INTEGER NOT NULL REFERENCES packages(id),
  rank           INTEGER,               -- 1-based: by downloads (top), in the sample (random); NULL if replaced
  download_count INTEGER,
  draw           INTEGER NOT NULL,      -- position in the list (top) or in the seeded draw order (random)
  in_sample      INTEGER NOT NULL DEFAULT 1,
  version        TEXT,                  -- the release this selection chose (its last run's choice); NULL: none
  status         TEXT NOT NULL DEFAULT 'listed', -- listed | found | not_found | no_release | failed
  reason         TEXT,                  -- why not found: what the index said, or why no release is usable
  PRIMARY KEY (selection_id, package_id)
) WITHOUT ROWID;
INSERT INTO "selected" VALUES(1,1,1,1000,1,1,'3.1','found',NULL);
INSERT INTO "selected" VALUES(1,2,2,999,2,1,'0.9','found',NULL);
CREATE TABLE selections (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,           -- top | random
  source      TEXT NOT NULL,           -- the list's URL or file (top), the index (random)
  list_date   TEXT NOT NULL DEFAULT '',-- the list's last_update (top)
  seed        INTEGER NOT NULL DEFAULT 0,
  size        INTEGER NOT NULL,        -- N asked for
  index_url   TEXT NOT NULL,
  as_of       TEXT NOT NULL DEFAULT '',-- --as-of, when given
  created_at  TEXT NOT NULL,
  UNIQUE (kind, source, list_date, seed, index_url, as_of)
);
INSERT INTO "selections" VALUES(1,'top','http://127.0.0.1:33457/top.json','2024-10-17 00:00:00',0,2,'http://127.0.0.1:33457','','2026-12-06T20:46:22Z');
CREATE TABLE triage (
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
CREATE INDEX downloads_path ON downloads(path);
CREATE VIEW counted_artifacts AS
SELECT a.* FROM artifacts a
WHERE a.package_id IS NULL
   OR (EXISTS (SELECT 1 FROM selected s
               WHERE s.package_id = a.package_id AND s.version = a.version AND s.status = 'found' AND s.in_sample = 1)
       AND a.id = (SELECT max(b.id) FROM artifacts b
                   WHERE b.package_id = a.package_id AND b.version = a.version AND b.name = a.name));
CREATE INDEX artifacts_release ON artifacts(package_id, version);
CREATE INDEX files_hash ON files(hash);
COMMIT;
