"""A store written by the previous release (schema 4) opens, migrates and reads right.

tests/data/store-v4/ holds such a store, the file as that release's binary wrote it
(tests/data/store-v4/make.py: local archives of each kind, a directory, a .py file and a tiny
census), and what that binary printed for it: `summary --json`, `hits --rule any`, `report
--format text`. Here it is copied to a fresh folder, a writing command migrates it to schema 6,
and this pep765 must print the same, byte for byte. Every command runs in the store's folder
with `--db store.sqlite`, as the golden files were made, so the path the report prints agrees.
"""
import json, re, os, shutil, sqlite3, tempfile, unittest

from harness import run, take_binary_from_argv

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'store-v4')


def read(name):
    with open(os.path.join(DATA, name), 'rb') as f:
        return f.read()


class OldStore(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='pep765-old-store-')
        self.db = os.path.join(self.dir, 'store.sqlite')
        shutil.copyfile(os.path.join(DATA, 'store-v4.sqlite'), self.db)

    def pep765(self, *args, check=True):
        cwd = os.getcwd()
        os.chdir(self.dir)
        try:
            return run(*args, '--db', 'store.sqlite', check=check)
        finally:
            os.chdir(cwd)

    def test_migrates_to_schema_11_and_reads_as_the_old_release_did(self):
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone(), ('4',))
        con.close()
        # A read-only command refuses the older store, naming the way to migrate it.
        refused = self.pep765('summary', check=False)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("the store has schema version '4' and this pep765 reads version 11", refused.stderr)
        # A writing command migrates it (here analyze, given an empty folder: nothing to analyze).
        empty = os.path.join(self.dir, 'empty')
        os.makedirs(empty)
        proc = run('analyze', '-q', '--db', self.db, empty, check=False)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn('nothing to analyze', proc.stderr)
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone(), ('11',))
        rows = sorted(con.execute('SELECT name, kind, project, version FROM artifacts').fetchall(), key=str)
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        self.assertEqual(con.execute('SELECT count(*) FROM invalid_names').fetchone(), (0,))  # schema 6's table
        # Schema 8: hits analyzed before it keep noqa NULL (not read), never a guess of 'none'.
        self.assertEqual(con.execute('SELECT count(*) FROM hits WHERE noqa IS NOT NULL').fetchone(), (0,))
        # Schema 9: every file done before it was read whole; what it cost was not recorded.
        self.assertEqual(con.execute("SELECT DISTINCT read_as, bytes_read, requests FROM downloads WHERE status = 'done'")
                         .fetchall(), [('whole', None, None)])
        self.assertEqual(con.execute('SELECT count(*) FROM index_costs').fetchone(), (0,))
        # Schema 10: contents analyzed before it keep crc32 NULL (unknown: never matched unread).
        self.assertEqual(con.execute('SELECT count(*), count(crc32) FROM contents').fetchone()[1], 0)
        self.assertGreater(con.execute('SELECT count(*) FROM contents').fetchone()[0], 0)
        # Schema 11 (issue 32): nor their evidence for triage; they are analyzed again (analysis 5).
        self.assertEqual(con.execute('SELECT count(*) FROM hits WHERE handler_actions IS NOT NULL OR value_flow IS NOT NULL '
                                     'OR context IS NOT NULL OR raise_line IS NOT NULL').fetchone(), (0,))
        # Schema 7: the selection took the latest releases, and keeps its id and rows.
        self.assertEqual(con.execute('SELECT id, pick FROM selections').fetchall(), [(1, 'latest')])
        self.assertEqual(con.execute('SELECT count(*) FROM selected WHERE selection_id = 1').fetchone(), (2,))
        con.close()
        self.assertEqual(rows, sorted([
            ('Alpha_Lib-1.0.tar.gz', 'sdist', 'alpha-lib', '1.0'),
            ('noversion.tar.gz', 'sdist', 'noversion', None),      # a name with no version
            ('single.py', 'file', 'single.py', None),
            ('beta_pkg-2.0-py3-none-any.whl', 'wheel', 'beta-pkg', '2.0'),
            ('gamma-0.3-py3.11.egg', 'egg', 'gamma', '0.3'),
            ('/tmp/pep765-store-v4/local', 'dir', '/tmp/pep765-store-v4/local', None),
            # fetched: the download's project and release
            ('delta-tools-3.1.tar.gz', 'sdist', 'delta-tools', '3.1'),
            ('delta_tools-3.1-py3-none-any.whl', 'wheel', 'delta-tools', '3.1'),
            ('epsilon-0.9.tar.gz', 'sdist', 'epsilon', '0.9'),
            ('epsilon-0.9-py3-none-any.whl', 'wheel', 'epsilon', '0.9'),
        ], key=str))  # made in parallel: their ids follow no fixed order
        self.assertIn('selected_release', indexes)
        # And it reads as the previous release read it.
        # summary --json as that release printed it, plus what it did not have: the list of what was
        # not analyzed in full (none here).
        summary = json.loads(self.pep765('summary', '--json').stdout)
        self.assertEqual(summary.pop('not_counted'), [])
        # ... what reading it cost: its files fetched before that was recorded (schema 9) ...
        self.assertEqual({c['kind']: (c['files'], c['read_bytes'], c['unrecorded']) for c in summary.pop('read_costs')},
                         {'index': (0, 0, 0), 'sdist': (2, 0, 2), 'wheel': (2, 0, 2)})
        # ... and each selection with its pick (schema 7).
        self.assertEqual([s['pick'] for s in summary.pop('selections')], ['latest'])
        self.assertEqual(summary, json.loads(read('summary.json')))
        self.assertEqual(self.pep765('hits', '--rule', 'any').stdout.encode(), read('hits.any.txt'))
        # The report as that release wrote it, its selection now naming its pick, but for the line
        # added since beside the PEP's figure (how its lines were counted).
        report = self.pep765('report', '--format', 'text').stdout.splitlines(keepends=True)
        note = [line for line in report if line.startswith("  (The PEP's lines are the study's count")]
        self.assertEqual(len(note), 1, report)
        # ... and the one saying what reading it cost (schema 9), the files' cost unrecorded then.
        cost = [line for line in report if line.startswith('  read: ')]
        self.assertEqual(len(cost), 1, report)
        self.assertIn('(2 fetched before pep765 recorded what a file cost)', cost[0])
        note += cost
        # ... and each hit's evidence (issue 32), one line under it; these hits were analyzed before
        # pep765 stored any, so it names no line of the try.
        evidence = [line for line in report if line.startswith('      evidence: ')]
        self.assertEqual(len(evidence), 5, report)
        self.assertTrue(all('a statement of the `try`' in line or 'No statement of the `try` body' in line
                            for line in evidence), evidence)
        note += evidence
        self.assertEqual(''.join(line for line in report if line not in note).encode(),
                         read('report.txt').replace(b'; made ', b'; pick latest (the release pip would install, its '
                                                                b'sdist and one wheel); made ')
                         # ... the categories in the study's terms too, review apart (issue 32) ...
                         .replace(b'  test                                         0',
                                  b'  test (test)                                  0')
                         .replace(b'  intentional                                  1',
                                  b'  intentional (could be correct)               1')
                         .replace(b'  bug                                          4                       149                         -\n',
                                  b'  bug (incorrect)                              4                       149                         -\n'
                                  b'  review (apart: not in the study)             0                         -                         -\n')
                         # ... and a try body that cannot raise read before the one-operation shape:
                         # single.py's `break` loses nothing (its body_raises is stored since schema 4).
                         .replace(b'one-operation-fallback              1', b'nothing-in-flight                   1')
                         .replace(b'except-exception-return 4, one-operation-fallback 1',
                                  b'except-exception-return 4, nothing-in-flight 1')
                         .replace(b'break, one-operation-fallback (a try with no handler around one statement and a '
                                  b'finally that only breaks: a catch-all with a fallback, so the swallowing is the point)',
                                  b'break, nothing-in-flight (no exception can be in flight when the finally runs: the '
                                  b'try body cannot raise)')
                         # ... and the maker named with its commit and grammar
                         .replace(b'  pep765 0.1.0; ', re.search(rb'  pep765 0\.1\.0 \(commit [^;]+; grammar [^)]+\); ',
                                                                 ''.join(report).encode()).group(0)))

    def test_the_command_the_refusal_names_migrates_it(self):
        # `pep765 analyze --db STORE`, no PATH: it reads the store's fetched paths first, from
        # the store it migrates (those files are not on this machine, or are unchanged).
        self.pep765('analyze', '-q', check=False)
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone(), ('11',))
        con.close()
        # summary --json as that release printed it, plus what it did not have: the list of what was
        # not analyzed in full (none here).
        summary = json.loads(self.pep765('summary', '--json').stdout)
        self.assertEqual(summary.pop('not_counted'), [])
        self.assertEqual(summary.pop('read_costs')[2]['unrecorded'], 2)
        self.assertEqual([s['pick'] for s in summary.pop('selections')], ['latest'])
        self.assertEqual(summary, json.loads(read('summary.json')))


if __name__ == '__main__':
    take_binary_from_argv()
    unittest.main(verbosity=2)
