#!/usr/bin/env python3
"""Crash safety and storage faults: kill -9 and SIGTERM trials (a short scripts/chaos), a store
locked by another process, a full disk, and stores of another schema version.

usage: e2e_storage.py PEP765_BINARY
"""
import os, resource, shutil, sqlite3, subprocess, sys, time, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chaos  # noqa: E402
import harness  # noqa: E402
from harness import query, run, sdist_bytes, store  # noqa: E402


def corpus(dirname, n=60):
    os.makedirs(dirname, exist_ok=True)
    for i in range(n):
        files = {f'p{i}/m{k}.py': chaos.HIT + b''.join(b'x%d = %d\n' % (j, i * k + j) for j in range(200))
                 for k in range(12)}
        with open(os.path.join(dirname, f'p{i}-1.0.tar.gz'), 'wb') as f:
            f.write(sdist_bytes(f'p{i}-1.0', files))


class Chaos(unittest.TestCase):
    def test_killed_and_stopped_runs_end_like_an_uninterrupted_one(self):
        lines = []
        bad = chaos.trials(harness.PEP765, 4, packages=30, seed=3, log=lines.append)
        self.assertEqual(bad, 0, '\n'.join(lines))


class StorageFaults(harness.ScratchCase):
    prefix = 'pep765-storage-'

    @classmethod
    def prepare(cls):
        cls.corpus = os.path.join(cls.dir, 'corpus')
        corpus(cls.corpus)

    def hold_lock(self, db, seconds):
        """Another process writing to the store: it holds the write lock for `seconds`."""
        code = ('import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); '
                'c.execute("BEGIN IMMEDIATE"); print("locked", flush=True); time.sleep(float(sys.argv[2])); '
                'c.execute("COMMIT")')
        proc = subprocess.Popen([sys.executable, '-c', code, db, str(seconds)], stdout=subprocess.PIPE, text=True)
        self.assertEqual(proc.stdout.readline().strip(), 'locked')
        return proc

    def test_locked_store_is_waited_for(self):
        db = os.path.join(self.dir, 'wait.sqlite')
        # The store exists (read commands never create one): made by a first analysis.
        run('analyze', '-q', '--db', db, self.corpus)
        holder = self.hold_lock(db, 2)
        start = time.time()
        proc = run('--lock-timeout', '20', 'analyze', '-q', '--db', db, self.corpus, check=False)
        holder.wait()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertGreater(time.time() - start, 1.5)

    def test_locked_store_past_the_timeout_is_a_clear_error(self):
        db = os.path.join(self.dir, 'locked.sqlite')
        # The store exists (read commands never create one): made by a first analysis.
        run('analyze', '-q', '--db', db, self.corpus)
        holder = self.hold_lock(db, 6)
        proc = run('--lock-timeout', '1', 'analyze', '-q', '--db', db, self.corpus, check=False)
        holder.wait()
        self.assertEqual(proc.returncode, 1)
        self.assertIn('locked.sqlite: locked by another process', proc.stderr)

    def test_full_disk_is_a_clear_error_and_the_store_survives(self):
        small = os.path.join(self.dir, 'small')
        os.makedirs(small)
        mounted = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=160k', 'tmpfs', small],
                                 capture_output=True).returncode == 0
        try:
            db = os.path.join(small, 'full.sqlite')
            limit = None if mounted else (lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (160 << 10, 160 << 10)))
            proc = run('analyze', '-q', '--db', db, self.corpus, check=False, preexec_fn=limit)
            self.assertEqual(proc.returncode, 1, proc.stderr)
            self.assertTrue('the disk is full' in proc.stderr or 'cannot write' in proc.stderr, proc.stderr)
            # What was committed is intact and consistent.
            con = sqlite3.connect(db)
            self.assertEqual(con.execute('PRAGMA integrity_check').fetchone(), ('ok',))
            self.assertEqual(con.execute('SELECT count(*) FROM files f LEFT JOIN contents c ON c.hash = f.hash '
                                         'WHERE c.hash IS NULL').fetchone(), (0,))
            done = con.execute('SELECT count(*) FROM artifacts').fetchone()[0]
            con.close()
            self.assertLess(done, 60)
            # With room again, the rerun finishes the job.
            roomy = os.path.join(self.dir, 'roomy.sqlite')
            shutil.copy(db, roomy)
            for suffix in ('-wal', '-shm'):
                if os.path.exists(db + suffix):
                    shutil.copy(db + suffix, roomy + suffix)
            run('analyze', '-q', '--db', roomy, self.corpus)
            self.assertEqual(query(roomy, 'SELECT count(*) FROM artifacts'), [(60,)])
        finally:
            if mounted:
                subprocess.run(['umount', small])

    def test_files_index_is_built_at_the_end_of_a_bulk_run_and_kept_through_a_small_one(self):
        work = os.path.join(self.dir, 'index')
        os.makedirs(work)
        db = os.path.join(work, 'store.sqlite')
        def indexes():
            return [r[0] for r in query(db, "SELECT name FROM sqlite_master WHERE type = 'index' "
                                            "AND tbl_name = 'files' AND sql IS NOT NULL")]
        def analyze(*paths):
            proc = run('--timings', 'analyze', '-q', '--db', db, *paths, check=False)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            return proc.stderr
        # A new store: the index is dropped for the run and built once at its end.
        self.assertIn('index files by content', analyze(self.corpus))
        self.assertEqual(indexes(), ['files_hash'])
        # One more archive into a store of 60: the index is kept and updated row by row.
        extra = os.path.join(work, 'extra-1.0.tar.gz')
        with open(extra, 'wb') as f:
            f.write(sdist_bytes('extra-1.0', {'extra/a.py': chaos.HIT}))
        self.assertNotIn('index files by content', analyze(extra))
        self.assertEqual(indexes(), ['files_hash'])
        # A run killed before its end leaves the store without it: the next writer builds it.
        con = sqlite3.connect(db)
        con.execute('DROP INDEX files_hash')
        con.commit()
        con.close()
        analyze(extra)   # unchanged: nothing to analyze
        self.assertEqual(indexes(), ['files_hash'])
        plan = query(db, 'EXPLAIN QUERY PLAN SELECT * FROM files WHERE hash = x\'00\'')
        self.assertIn('files_hash', str(plan))

    def test_contents_an_older_analysis_stored_are_analyzed_again(self):
        work = os.path.join(self.dir, 'older')
        os.makedirs(work)
        tabs = b'def f():\n\tif x:\n\t\treturn 1\n        return 2\n'   # TabError, no finally
        with open(os.path.join(work, 'old-1.0.tar.gz'), 'wb') as f:
            f.write(sdist_bytes('old-1.0', {'old/tabs.py': tabs, 'old/hit.py': chaos.HIT}))
        db = os.path.join(work, 'store.sqlite')
        run('analyze', '-q', '--db', db, work)
        # Make it the store a pep765 of schema 2 left: no analysis column, the tab file
        # called parseable, and a hit that analysis no longer finds.
        con = sqlite3.connect(db)
        con.executescript("""
            ALTER TABLE contents DROP COLUMN analysis;
            ALTER TABLE contents DROP COLUMN crc32;
            ALTER TABLE hits DROP COLUMN body_raises;
            ALTER TABLE hits DROP COLUMN handler_raises;
            ALTER TABLE hits DROP COLUMN else_raises;
            ALTER TABLE hits DROP COLUMN one_operation;
            ALTER TABLE hits DROP COLUMN noqa;
            ALTER TABLE hits DROP COLUMN raise_line;
            ALTER TABLE hits DROP COLUMN raise_source;
            ALTER TABLE hits DROP COLUMN reraise_line;
            ALTER TABLE hits DROP COLUMN handler_actions;
            ALTER TABLE hits DROP COLUMN value_flow;
            ALTER TABLE hits DROP COLUMN context;
            ALTER TABLE artifacts DROP COLUMN project;
            DROP INDEX selected_release;
            ALTER TABLE downloads DROP COLUMN read_as;
            ALTER TABLE downloads DROP COLUMN bytes_read;
            ALTER TABLE downloads DROP COLUMN requests;
            ALTER TABLE downloads DROP COLUMN sha256_verified;
            ALTER TABLE downloads DROP COLUMN read_note;
            ALTER TABLE downloads DROP COLUMN members_left_out;
            ALTER TABLE downloads DROP COLUMN bytes_left_out;
            DROP TABLE index_costs;
            UPDATE meta SET value = '2' WHERE key = 'schema_version';
            UPDATE contents SET parse = 'skipped', notes = '' WHERE instr(notes, 'tab_error');
            INSERT INTO hits SELECT hash, line + 100, col, statement, cpython, exits, erroneous_parse, has_value,
                scope, try_line, handlers, try_body_returns, handler_returns, try_source FROM hits;""")
        con.commit()
        self.assertEqual(con.execute("SELECT count(*) FROM hits").fetchone(), (2,))
        con.close()
        proc = run('analyze', '--db', db, work, check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('1 analyzed', proc.stderr)          # not "unchanged": its contents were stale
        con = store(db)
        self.assertEqual(con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone(), ('11',))
        self.assertEqual(con.execute("SELECT project, version FROM artifacts").fetchall(), [('old', '1.0')])
        self.assertEqual(con.execute("SELECT parse, notes FROM contents WHERE instr(notes, 'tab_error')").fetchall(),
                         [('error', 'tab_error')])
        self.assertEqual(con.execute("SELECT count(*) FROM hits").fetchone(), (1,))
        self.assertEqual(con.execute("SELECT min(analysis) FROM contents").fetchone(), (5,))
        # ... with its evidence for triage (schema 9): the handler-free try of chaos.HIT.
        self.assertEqual(con.execute("SELECT count(*) FROM hits WHERE value_flow IS NULL OR context IS NULL").fetchone(), (0,))
        # And now it is current: a third run reads nothing again.
        proc = run('analyze', '--db', db, work, check=False)
        self.assertIn('0 analyzed', proc.stderr)

    def test_store_of_another_schema_version_is_refused(self):
        for version, words in (('0', 'cannot be migrated'), ('99', 'written by a newer pep765')):
            db = os.path.join(self.dir, f'v{version}.sqlite')
            con = sqlite3.connect(db)
            con.execute('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (version,))
            con.commit()
            con.close()
            proc = run('analyze', '-q', '--db', db, self.corpus, check=False)
            self.assertEqual(proc.returncode, 1)
            self.assertIn(f"v{version}.sqlite: the store has schema version '{version}'", proc.stderr)
            self.assertIn(words, proc.stderr)


if __name__ == '__main__':
    harness.main()
