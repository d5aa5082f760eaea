#!/usr/bin/env python3
"""End to end: the real pep765 binary fetching from a PyPI-shaped server on 127.0.0.1 that
misbehaves on purpose, each case checked in the store and on disk.

Its mirror's projects are written as legacy JSON documents (some deliberately wrong), so fetch
reads them with --index-api json; the Simple API's shapes are e2e_index_shapes.py's.

usage: e2e_fetch.py PEP765_BINARY
"""
import glob, json, os, shutil, sys, sysconfig, time, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Mirror, Server, run, scratch, sdist_bytes, store, wheel_bytes  # noqa: E402

HIT = b'def f():\n    try:\n        return 1\n    except Exception:\n        pass\n    finally:\n        return 2\n'


class FetchFaults(harness.MirrorCase):
    """Every case of the issue's list, in one fetch run against one server."""

    prefix = 'pep765-fetch-'

    @classmethod
    def prepare(cls):
        m = cls.mirror

        def release(name, version, wheel=True, sdist=True, **kw):
            out = []
            if sdist:
                fn = f'{name}-{version}.tar.gz'
                m.add_file(fn, sdist_bytes(f'{name}-{version}', {f'{name}/__init__.py': HIT + f'# {version}\n'.encode()}))
                out.append(m.file_entry(fn, 'sdist', **kw))
            if wheel:
                fn = f'{name}-{version}-py3-none-any.whl'
                m.add_file(fn, wheel_bytes({f'{name}/__init__.py': HIT + f'# {version}\n'.encode()}))
                out.append(m.file_entry(fn, 'bdist_wheel', **kw))
            return out

        downloads = iter(range(10**6, 0, -1000))
        # A yanked newest release: PyPI's info.version names the newest one not yanked.
        m.add_project('yanked-latest', '1.0', {'1.0': release('yanked-latest', '1.0'),
                                               '2.0': release('yanked-latest', '2.0', yanked=True)}, next(downloads))
        # A pre-release newer than the latest final.
        m.add_project('pre-newer', '1.0', {'1.0': release('pre-newer', '1.0'),
                                           '2.0b1': release('pre-newer', '2.0b1')}, next(downloads))
        m.add_project('no-sdist', '1.0', {'1.0': release('no-sdist', '1.0', sdist=False)}, next(downloads))
        binaries = []
        for tag in ('cp311-cp311-win_amd64', 'cp312-cp312-manylinux_2_17_x86_64', 'cp311-cp311-manylinux_2_17_x86_64'):
            fn = f'only_binary-1.0-{tag}.whl'
            m.add_file(fn, wheel_bytes({'only_binary/__init__.py': HIT}))
            binaries.append(m.file_entry(fn, 'bdist_wheel'))
        m.add_project('only-binary', '1.0', {'1.0': binaries}, next(downloads))
        m.top.append({'project': 'unknown-project', 'download_count': next(downloads)})
        m.add_project('ratelimited', '1.0', {'1.0': release('ratelimited', '1.0', wheel=False)}, next(downloads))
        m.faults['/files/ratelimited-1.0.tar.gz'] = [('status', 429, 1)]
        m.add_project('flaky', '1.0', {'1.0': release('flaky', '1.0', wheel=False)}, next(downloads))
        m.faults['/pypi/flaky/json'] = [('status', 500, None)]
        m.add_project('reset', '1.0', {'1.0': release('reset', '1.0', wheel=False)}, next(downloads))
        m.faults['/files/reset-1.0.tar.gz'] = [('reset',)]
        m.add_project('truncated', '1.0', {'1.0': release('truncated', '1.0', wheel=False)}, next(downloads))
        m.faults['/files/truncated-1.0.tar.gz'] = [('truncate',)]
        m.add_file('badsha-1.0.tar.gz', sdist_bytes('badsha-1.0', {'badsha/__init__.py': HIT}))
        m.add_project('badsha', '1.0', {'1.0': [m.file_entry('badsha-1.0.tar.gz', 'sdist', sha256='0' * 64)]},
                      next(downloads))
        m.add_project('slow', '1.0', {'1.0': release('slow', '1.0', wheel=False)}, next(downloads))
        m.faults['/files/slow-1.0.tar.gz'] = [('slow', 1.2)]
        m.add_project('redirect', '1.0', {'1.0': release('redirect', '1.0', wheel=False)}, next(downloads))
        m.faults['/files/redirect-1.0.tar.gz'] = [('redirect', cls.server.url + '/files/redirect-1.0.tar.gz')]
        # Incompressible bytes make this one far larger than the others, and over --max-size.
        m.add_file('big-1.0.tar.gz', sdist_bytes('big-1.0', {'big/__init__.py': HIT,
                                                             'big/data.py': b'# ' + os.urandom(20000).hex().encode()}))
        m.add_project('big', '1.0', {'1.0': [m.file_entry('big-1.0.tar.gz', 'sdist')]}, next(downloads))

        cls.dest = os.path.join(cls.dir, 'files')
        cls.db = os.path.join(cls.dir, 'store.sqlite')
        cls.limit = 10000
        assert len(m.files['big-1.0.tar.gz']) > cls.limit
        assert all(len(d) <= cls.limit for n, d in m.files.items() if not n.startswith('big'))
        cls.started = time.time()
        cls.first = run('fetch', '--top', '100', '--list', cls.server.url + '/top.json', '--index-url', cls.server.url, '--index-api', 'json',
                        '--dest', cls.dest, '--db', cls.db, '--backoff', '0.2', '--max-size', str(cls.limit),
                        '--quiet', check=False)
        cls.elapsed = time.time() - cls.started

    def packages(self):
        con = store(self.db)
        rows = {r[0]: r[1:] for r in con.execute('SELECT name, status, version, lacks FROM packages')}
        con.close()
        return rows

    def downloads(self, package):
        con = store(self.db)
        rows = con.execute('SELECT d.filename, d.kind, d.status, d.error, d.attempts, d.path FROM downloads d '
                           'JOIN packages p ON p.id = d.package_id WHERE p.name = ? ORDER BY d.filename',
                           (package,)).fetchall()
        con.close()
        return rows

    def assert_fetched(self, package, filename, attempts=None):
        rows = [r for r in self.downloads(package) if r[0] == filename]
        self.assertEqual(len(rows), 1, f'{package}: {self.downloads(package)}')
        name, kind, status, error, tries, path = rows[0]
        self.assertEqual(status, 'done', error)
        self.assertTrue(os.path.isfile(path))
        with open(path, 'rb') as f:
            self.assertEqual(f.read(), self.mirror.files[filename])
        if attempts is not None:
            self.assertEqual(tries, attempts)

    def test_exit_status_says_something_failed(self):
        self.assertEqual(self.first.returncode, 1)   # badsha failed
        self.assertIn('badsha', self.first.stderr)

    def test_yanked_latest_release_is_not_taken(self):
        self.assertEqual(self.packages()['yanked-latest'][:2], ('resolved', '1.0'))
        self.assert_fetched('yanked-latest', 'yanked-latest-1.0.tar.gz')
        self.assert_fetched('yanked-latest', 'yanked-latest-1.0-py3-none-any.whl')

    def test_pre_release_is_not_taken(self):
        self.assertEqual(self.packages()['pre-newer'][:2], ('resolved', '1.0'))
        self.assertEqual(len(self.downloads('pre-newer')), 2)

    def test_missing_sdist_is_recorded(self):
        self.assertEqual(self.packages()['no-sdist'], ('resolved', '1.0', 'no_sdist'))
        self.assert_fetched('no-sdist', 'no-sdist-1.0-py3-none-any.whl')

    def test_one_binary_wheel_by_the_documented_rule(self):
        self.assertEqual(self.packages()['only-binary'], ('resolved', '1.0', 'no_sdist'))
        self.assertEqual([r[0] for r in self.downloads('only-binary')],
                         ['only_binary-1.0-cp312-cp312-manylinux_2_17_x86_64.whl'])

    def test_unknown_project(self):
        self.assertEqual(self.packages()['unknown-project'][0], 'not_found')

    def test_429_with_retry_after_is_waited_out(self):
        self.assert_fetched('ratelimited', 'ratelimited-1.0.tar.gz', attempts=2)
        self.assertGreaterEqual(self.elapsed, 1.0)

    def test_500_then_success(self):
        self.assertEqual(self.packages()['flaky'][0], 'resolved')
        self.assertEqual(self.mirror.counts['/pypi/flaky/json'], 2)
        self.assert_fetched('flaky', 'flaky-1.0.tar.gz')

    def test_connection_reset_is_retried(self):
        self.assert_fetched('reset', 'reset-1.0.tar.gz', attempts=2)

    def test_truncated_body_is_retried(self):
        self.assert_fetched('truncated', 'truncated-1.0.tar.gz', attempts=2)

    def test_wrong_sha256_fails_and_leaves_nothing(self):
        (name, kind, status, error, attempts, path), = self.downloads('badsha')
        self.assertEqual(status, 'failed')
        self.assertIn('sha256', error)
        self.assertEqual(attempts, 2)
        self.assertFalse(os.path.exists(path))
        self.assertEqual(glob.glob(path + '.*.part'), [])

    def test_slow_response_completes(self):
        self.assert_fetched('slow', 'slow-1.0.tar.gz')

    def test_redirect_is_followed(self):
        self.assert_fetched('redirect', 'redirect-1.0.tar.gz')

    def test_max_size_skips_with_the_reason(self):
        (name, kind, status, error, attempts, path), = self.downloads('big')
        self.assertEqual(status, 'skipped')
        self.assertIn('max-size', error)

    def test_selection_and_ranks_are_recorded(self):
        con = store(self.db)
        (kind, list_date, size), = con.execute('SELECT kind, list_date, size FROM selections').fetchall()
        self.assertEqual((kind, list_date, size), ('top', '2024-10-17 00:00:00', 100))
        ranks = dict(con.execute('SELECT p.name, s.rank FROM selected s JOIN packages p ON p.id = s.package_id'))
        self.assertEqual(ranks['yanked-latest'], 1)
        self.assertEqual(ranks['pre-newer'], 2)
        self.assertEqual(len(ranks), len(self.mirror.top))

    def test_no_part_files_left(self):
        self.assertEqual(glob.glob(os.path.join(self.dest, '**', '*.part'), recursive=True), [])

    def test_rerun_keeps_verified_files_and_revalidates_index_pages(self):
        # On a copy, so the other tests still see the first run's records.
        dest, db = os.path.join(self.dir, 'files2'), os.path.join(self.dir, 'store2.sqlite')
        shutil.copytree(self.dest, dest)
        shutil.copy(self.db, db)
        before = dict(self.mirror.counts)
        again = run('fetch', '--top', '100', '--list', self.server.url + '/top.json', '--index-url', self.server.url, '--index-api', 'json',
                    '--dest', dest, '--db', db, '--backoff', '0.2', '--max-size', str(self.limit),
                    '--quiet', check=False)
        self.assertIn('files: 0 downloaded', again.stderr)
        self.assertIn('12 already there', again.stderr)
        # Index pages were asked "changed?" (If-None-Match) and answered from the cache.
        con = store(db)
        self.assertGreater(con.execute("SELECT count(*) FROM http_cache WHERE etag <> ''").fetchone()[0], 10)
        # No verified file was asked for again (only the one that failed its digest).
        for path, n in self.mirror.counts.items():
            if path.startswith('/files/') and 'badsha' not in path:
                self.assertEqual(n, before.get(path, 0), path)


class AsOf(unittest.TestCase):
    """--as-of rebuilds an older corpus: the release current on that day, and its files then."""

    def test_as_of_takes_the_release_current_then(self):
        with scratch('pep765-asof-') as base:
            m = Mirror()
            with Server(m) as server:
                def files(version, uploaded, wheel_uploaded=None):
                    out = []
                    m.add_file(f'dated-{version}.tar.gz', sdist_bytes(f'dated-{version}', {'dated/a.py': HIT}))
                    out.append(m.file_entry(f'dated-{version}.tar.gz', 'sdist', uploaded=uploaded))
                    if wheel_uploaded:
                        m.add_file(f'dated-{version}-py3-none-any.whl', wheel_bytes({'dated/a.py': HIT}))
                        out.append(m.file_entry(f'dated-{version}-py3-none-any.whl', 'bdist_wheel',
                                                uploaded=wheel_uploaded))
                    return out
                m.add_project('dated', '3.0', {
                    '1.0': files('1.0', '2023-05-01T00:00:00Z'),
                    '2.0': files('2.0', '2024-09-30T12:00:00Z', wheel_uploaded='2024-11-02T00:00:00Z'),
                    '2.1rc1': files('2.1rc1', '2024-10-10T00:00:00Z'),
                    '3.0': files('3.0', '2025-02-01T00:00:00Z', wheel_uploaded='2025-02-01T00:00:00Z')}, 10)
                db = os.path.join(base, 's.sqlite')
                run('fetch', '--top', '1', '--list', server.url + '/top.json', '--index-url', server.url, '--index-api', 'json',
                    '--dest', os.path.join(base, 'files'), '--db', db, '--as-of', '2024-10-17', '--quiet')
            con = store(db)
            self.assertEqual(con.execute('SELECT version, lacks FROM packages').fetchone(), ('2.0', 'no_wheel'))
            self.assertEqual(con.execute('SELECT filename FROM downloads').fetchall(), [('dated-2.0.tar.gz',)])
            self.assertEqual(con.execute('SELECT as_of FROM selections').fetchone(), ('2024-10-17',))


class RunEndToEnd(unittest.TestCase):
    """`pep765 run` against a mirror of real code (the standard library's own modules)."""

    def test_run_fetches_analyzes_and_summarizes(self):
        with scratch('pep765-run-') as base:
            m = Mirror()
            with Server(m) as server:
                stdlib = sysconfig.get_paths()['stdlib']
                expected_files = 0
                for rank, pkg in enumerate(['json', 'email', 'logging', 'http', 'concurrent']):
                    files = {}
                    for py in glob.glob(os.path.join(stdlib, pkg, '**', '*.py'), recursive=True):
                        with open(py, 'rb') as f:
                            files[os.path.relpath(py, stdlib)] = f.read()
                    name = f'std-{pkg}'
                    m.add_file(f'{name}-1.0.tar.gz', sdist_bytes(f'{name}-1.0', files))
                    m.add_file(f'{name}-1.0-py3-none-any.whl', wheel_bytes(files))
                    m.add_project(name, '1.0', {'1.0': [m.file_entry(f'{name}-1.0.tar.gz', 'sdist'),
                                                        m.file_entry(f'{name}-1.0-py3-none-any.whl', 'bdist_wheel')]},
                                  1000 - rank, {'Source': f'https://github.com/example/{name}'})
                    expected_files += 2 * len(files)
                m.add_file('hits-1.0.tar.gz', sdist_bytes('hits-1.0', {'hits/core.py': HIT}))
                m.add_project('hits', '1.0', {'1.0': [m.file_entry('hits-1.0.tar.gz', 'sdist')]}, 1)
                expected_files += 1
                db = os.path.join(base, 'store.sqlite')
                proc = run('run', '--top', '6', '--list', server.url + '/top.json', '--index-url', server.url, '--index-api', 'json',
                           '--dest', os.path.join(base, 'files'), '--db', db, '--quiet')
            summary = json.loads(proc.stdout)
            self.assertEqual(summary['archives'], 11)
            self.assertEqual(summary['files'], expected_files)
            con = store(db)
            self.assertEqual(con.execute("SELECT count(*) FROM packages WHERE status = 'resolved'").fetchone(), (6,))
            self.assertEqual(con.execute("SELECT repository_url FROM packages WHERE name = 'std-json'").fetchone(),
                             ('https://github.com/example/std-json',))
            # Every verified download became an artifact, under the same path.
            self.assertEqual(con.execute("SELECT count(*) FROM downloads d JOIN artifacts a ON a.path = d.path "
                                         "WHERE d.status = 'done'").fetchone(), (11,))
            hits = con.execute("SELECT a.name, f.path, h.line, h.cpython FROM hits h JOIN files f ON f.hash = h.hash "
                               "JOIN artifacts a ON a.id = f.artifact_id WHERE a.name = 'hits-1.0.tar.gz'").fetchall()
            self.assertEqual(hits, [('hits-1.0.tar.gz', 'hits-1.0/hits/core.py', 7, 1)])
            # The streamed analysis equals a plain analyze of the same files.
            plain = os.path.join(base, 'plain.sqlite')
            run('analyze', '-q', '--db', plain, os.path.join(base, 'files'))
            s2 = json.loads(run('summary', '--db', plain, '--json').stdout)
            for key in ('files', 'lines', 'unique_lines', 'hits', 'unique_hits'):
                self.assertEqual(summary[key], s2[key], key)
            # analyze with no PATH takes the fetched files; all are analyzed already.
            again = run('analyze', '-q', '--db', db)
            self.assertIn('0 analyzed', again.stderr)
            self.assertIn('11 unchanged', again.stderr)


if __name__ == '__main__':
    harness.main()
