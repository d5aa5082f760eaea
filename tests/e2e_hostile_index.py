#!/usr/bin/env python3
"""End to end: a hostile index, hostile archives and hostile names never stop, hang or fool a
census. One `run` against a loopback index where each project misbehaves in its own way: every
bad project fails alone with the reason stored, the good ones are counted, nothing is contacted
but http(s) on the index, and memory stays bounded. Then the archives and the outputs.

Its mirror's projects are written as legacy JSON documents (some deliberately wrong), so fetch
reads them with --index-api json; the Simple API's shapes are e2e_index_shapes.py's.

usage: e2e_hostile_index.py PEP765_BINARY
"""
import csv, glob, gzip, io, json, os, resource, shutil, socket, subprocess, sys, tarfile, tempfile, threading, time
import unittest, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, Mirror, Server, publish, query, run, sdist_bytes, wheel_bytes  # noqa: E402

PAGE_CAP = 1_000_000


class Listener:
    """A TCP port that records whether anyone connected (nothing should)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


class HostileIndex(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='pep765-hostile-index-')
        cls.db = os.path.join(cls.tmp, 'store.sqlite')
        cls.dest = os.path.join(cls.tmp, 'files')
        cls.listener = Listener()
        m = cls.mirror = Mirror()
        cls.server = Server(m).__enter__()
        url = cls.server.url

        def project(name, **change):
            """A normal project (an sdist with a hit), then `change` applied to its document."""
            entries = publish(m, name, '1.0', {f'{name.replace("-", "_")}/m.py': HIT}, wheel=False)
            doc = m.projects[name]
            for key, value in change.items():
                if key == 'file':
                    entries[0].update(value)
                elif key == 'info':
                    doc['info'].update(value)
            return doc

        project('good', info={'project_urls': {'Source': 'javascript:alert(1)//github.com/x/y'}})
        project('sha-null', file={'digests': {'sha256': None}})
        project('upload-null', file={'upload_time_iso_8601': None})
        project('num-version', info={'version': 5})
        project('num-filename', file={'filename': 7})
        project('size-big', file={'size': 'big'})
        deep = project('deep-urls')
        deep['info']['project_urls'] = {'Source': 'x'}  # replaced by raw JSON below
        project('retry-after-huge')
        m.faults['/pypi/retry-after-huge/json'] = [('status', 429, '9' * 400)]
        project('huge-page')
        m.faults['/pypi/huge-page/json'] = [('endless', 5_000_000)]
        project('gzip-bomb')
        m.faults['/pypi/gzip-bomb/json'] = [('gzip', 50_000_000)]
        project('gopher', file={'url': f'gopher://127.0.0.1:{cls.listener.port}/_SET%20pwned%201'})
        project('dict', file={'url': f'dict://127.0.0.1:{cls.listener.port}/info'})
        project('file-url', file={'url': 'file:///dev/zero'})
        project('redirect-gopher')
        m.faults['/files/redirect-gopher-1.0.tar.gz'] = [('redirect', f'gopher://127.0.0.1:{cls.listener.port}/_x')] * 3
        project('declared-small', file={'size': 159})
        m.faults['/files/declared-small-1.0.tar.gz'] = [('endless', 500_000_000)]
        # Hostile names inside a good wheel: formulas, control characters, a backtick fence.
        names = {'evil/=cmd|calc.py': HIT + b'# formula\n', 'evil/line\nforged: 0 hits\x1b[31m.py': HIT + b'# forged\n',
                 'evil/fence.py': b'def f():\n    try:\n        s = """```\n```"""\n    finally:\n        return s\n'}
        publish(m, 'evil', '1.0', names, sdist=False)
        # The nested page is written raw: json.dumps would recurse too deep.
        original = m.projects['deep-urls']
        cls.deep_body = (json.dumps(original)[:-1] + ', "x": ' + '[' * 100_000 + ']' * 100_000 + '}').encode()
        m.raw_pages = {'/pypi/deep-urls/json': cls.deep_body}
        cls.started = time.time()
        probe = ('import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], capture_output=True, text=True); '
                 'sys.stderr.write(p.stderr); print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)')
        proc = subprocess.run([sys.executable, '-c', probe, harness.PEP765, 'run', '--top', '100', '--list',
                               url + '/top.json', '--index-url', url, '--index-api', 'json', '--db', cls.db, '--dest', cls.dest, '--quiet',
                               '--backoff', '0.1', '--attempts', '2', '--max-page-bytes', str(PAGE_CAP)],
                              capture_output=True, text=True, timeout=300)
        cls.elapsed = time.time() - cls.started
        cls.stderr = proc.stderr
        cls.returncode, cls.peak_kb = map(int, proc.stdout.split())

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        cls.listener.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def selected(self, name):
        rows = query(self.db, 'SELECT s.status, coalesce(s.reason, \'\') FROM selected s JOIN packages p '
                              'ON p.id = s.package_id WHERE p.name = ?', name)
        self.assertEqual(len(rows), 1, name)
        return rows[0]

    def download(self, name):
        rows = query(self.db, 'SELECT d.status, coalesce(d.error, \'\'), d.path FROM downloads d JOIN packages p '
                              'ON p.id = d.package_id WHERE p.name = ?', name)
        self.assertEqual(len(rows), 1, name)
        return rows[0]

    def test_the_run_goes_on_ends_soon_says_something_failed_and_stays_small(self):
        self.assertEqual(self.returncode, 1, self.stderr)
        self.assertLess(self.elapsed, 120)
        self.assertLess(self.peak_kb, 512 * 1024, f'peak RSS {self.peak_kb} KB')
        print(f'\n  hostile index run: {self.elapsed:.1f} s, peak RSS {self.peak_kb / 1024:.0f} MB', file=sys.stderr)
        s = harness.summary(self.db)
        self.assertEqual(s['hits']['cpython'], 2 + 3)   # good, upload-null; evil's three modules

    def test_a_wrong_field_fails_its_project_alone_naming_the_field(self):
        for name, words in (('num-version', 'info.version: expected a string, got 5'),
                            ('num-filename', '[0].filename: expected a non-empty string, got 7'), ('size-big', 'size: expected a non-negative integer'),
                            ('deep-urls', 'nested more than 64 levels')):
            status, reason = self.selected(name)
            self.assertEqual(status, 'failed', name)
            self.assertIn(words, reason, name)
            self.assertIn(name, self.stderr)
        self.assertEqual(self.selected('good')[0], 'found')
        self.assertEqual(self.selected('upload-null')[0], 'found')

    def test_a_missing_digest_is_refused(self):
        status, error, _ = self.download('sha-null')
        self.assertEqual(status, 'failed')
        self.assertIn('no sha256', error)

    def test_headers_and_bodies_are_bounded(self):
        self.assertIn('over 600 s: not retried', self.selected('retry-after-huge')[1])
        self.assertIn('--max-page-bytes', self.selected('huge-page')[1])
        self.assertIn('--max-page-bytes', self.selected('gzip-bomb')[1])
        self.assertEqual(query(self.db, "SELECT count(*) FROM http_cache WHERE length(body) > ?", PAGE_CAP), [(0,)])

    def test_only_http_urls_are_ever_contacted(self):
        for name in ('gopher', 'dict', 'file-url', 'redirect-gopher'):
            status, error, _ = self.download(name)
            self.assertEqual(status, 'failed', name)
        self.assertIn('not an http(s) URL', self.download('gopher')[1])
        self.assertIn('not an http(s) URL', self.download('file-url')[1])
        self.assertEqual(self.listener.connections, 0)

    def test_a_declared_size_is_enforced(self):
        status, error, path = self.download('declared-small')
        self.assertEqual(status, 'failed')
        self.assertIn('larger than the 159 bytes the index declared', error)
        self.assertEqual(glob.glob(path + '.*.part'), [])

    def test_outputs_neutralise_what_the_index_and_archives_hold(self):
        html_path = os.path.join(self.tmp, 'report.html')
        run('report', '--db', self.db, '--format', 'html', '--out', html_path)
        with open(html_path, encoding='utf-8') as f:
            html = f.read()
        self.assertNotIn('javascript:', html)
        text = run('report', '--db', self.db).stdout
        self.assertNotIn('\x1b', text)
        self.assertNotIn('\nforged: 0 hits', text)
        self.assertIn('line\\x0aforged: 0 hits\\x1b[31m.py', text)
        exported = run('export', '--db', self.db, '--rule', 'any').stdout
        rows = list(csv.DictReader(io.StringIO(exported)))
        paths = [r['path'] for r in rows]
        self.assertTrue(any(p.startswith('evil/=cmd') for p in paths))   # paths start with the package here
        body = next(r['issue_body'] for r in rows if r['path'] == 'evil/fence.py')
        self.assertIn('\n````\n', body)
        self.assertTrue(body.rstrip().count('````') >= 2)
        # A cell that starts like a formula is neutralised.
        formula = run('export', '--db', self.db, '--format', 'csv', '--rule', 'any').stdout
        self.assertNotIn('\n=', formula)


class ShortBodies(unittest.TestCase):
    """--allow-missing-digest takes unverified files, recorded so; a short body is never `done`."""

    def test_short_content_length_is_retried_never_done(self):
        tmp = tempfile.mkdtemp(prefix='pep765-short-')
        m = Mirror()
        with Server(m) as server:
            for name in ('nodigest', 'short'):
                entries = publish(m, name, '1.0', {f'{name}/m.py': HIT}, wheel=False)
                entries[0]['digests'] = {}
            m.faults['/files/short-1.0.tar.gz'] = [('short_length',)]
            db = os.path.join(tmp, 's.sqlite')
            proc = run('fetch', '--top', '10', '--list', server.url + '/top.json', '--index-url', server.url, '--index-api', 'json',
                       '--db', db, '--dest', os.path.join(tmp, 'files'), '--quiet', '--backoff', '0.1',
                       '--allow-missing-digest', check=False)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            rows = dict((r[0], r[1:]) for r in query(
                db, 'SELECT p.name, d.status, d.error, d.attempts, d.path FROM downloads d JOIN packages p '
                    'ON p.id = d.package_id'))
            self.assertEqual(rows['nodigest'][:2], ('done', 'unverified: the index gave no sha256'))
            self.assertEqual(rows['short'][0], 'done')
            self.assertEqual(rows['short'][2], 2)   # the short body failed, the retry came whole
            with open(rows['short'][3], 'rb') as f:
                self.assertEqual(f.read(), m.files['short-1.0.tar.gz'])
        shutil.rmtree(tmp, ignore_errors=True)


class HostileArchivesAndFiles(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='pep765-hostile-files-')

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def folder_of_good_archives(self, n):
        """A folder of n good sdists, each with one hit: what the bad file must not take down."""
        d = os.path.join(self.tmp, 'in')
        os.makedirs(d)
        for i in range(n):
            with open(os.path.join(d, f'good{i}-1.0.tar.gz'), 'wb') as f:
                f.write(sdist_bytes(f'good{i}-1.0', {f'good{i}/m.py': HIT}))
        return d

    def test_one_deeply_nested_file_never_stops_a_folder(self):
        d = self.folder_of_good_archives(20)
        with open(os.path.join(d, 'x.py'), 'w') as f:
            f.write('(' * 65535 + '\n# finally\n')
        db = os.path.join(self.tmp, 's.sqlite')
        for _ in range(2):
            proc = run('analyze', '-q', '--db', db, d, check=False)
            self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(query(db, 'SELECT count(*) FROM artifacts'), [(21,)])
        self.assertEqual(query(db, "SELECT c.parse, c.notes FROM files f JOIN contents c ON c.hash = f.hash "
                                   "WHERE f.path = 'x.py'"), [('error', 'too_deeply_nested')])

    def test_a_parser_crash_fails_that_file_once_and_the_rerun_goes_on(self):
        d = self.folder_of_good_archives(3)
        with open(os.path.join(d, 'crash.py'), 'wb') as f:
            f.write(b'try:\n    pass\nfinally:\n    pass  # CRASH-HERE\n')
        db = os.path.join(self.tmp, 's.sqlite')
        env = dict(os.environ, PEP765_FAULT_ABORT_ON_PARSE='CRASH-HERE')
        first = run('analyze', '-q', '--jobs', '1', '--db', db, d, check=False, env=env)
        self.assertLess(first.returncode, 0)   # died of SIGABRT, as a crashing parser would
        self.assertTrue(os.path.exists(db + '.crash-journal'))
        second = run('analyze', '-q', '--db', db, d, check=False, env=env)
        self.assertEqual(second.returncode, 1, second.stderr)   # one file failed, and says so
        self.assertIn('crashed the parser on an earlier run', second.stderr)
        self.assertEqual(query(db, 'SELECT count(*) FROM artifacts'), [(4,)])
        self.assertEqual(query(db, "SELECT c.notes FROM files f JOIN contents c ON c.hash = f.hash "
                                   "WHERE f.path = 'crash.py'"), [('analysis_failed: crashed the parser on an earlier run',)])
        self.assertFalse(os.path.exists(db + '.crash-journal'))
        third = run('analyze', '-q', '--db', db, d, check=False, env=env)
        self.assertEqual(third.returncode, 0, third.stderr)

    def test_two_analyzers_on_one_store_at_once(self):
        # The crash journal is one process's at a time (the other runs without one): neither
        # may take the other down, and every artifact of both is stored.
        halves = []
        for h in range(2):
            d = os.path.join(self.tmp, f'half{h}')
            os.makedirs(d)
            for i in range(60):
                files = {f'p{h}_{i}/m{k}.py': HIT + f'# {h} {i} {k}\n'.encode() for k in range(20)}
                with open(os.path.join(d, f'p{h}_{i}-1.0.tar.gz'), 'wb') as f:
                    f.write(sdist_bytes(f'p{h}_{i}-1.0', files))
            halves.append(d)
        db = os.path.join(self.tmp, 's.sqlite')
        procs = [subprocess.Popen([harness.PEP765, 'analyze', '-q', '--jobs', '1', '--db', db, d], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for d in halves]
        for p in procs:
            _, err = p.communicate(timeout=300)
            self.assertEqual(p.returncode, 0, err)
        self.assertEqual(query(db, 'SELECT count(*) FROM artifacts'), [(120,)])
        self.assertEqual(query(db, 'SELECT count(*) FROM files'), [(2400,)])
        self.assertFalse(os.path.exists(db + '.crash-journal'))

    def test_sparse_tar_members_count_toward_the_bomb_caps(self):
        src = os.path.join(self.tmp, 'sparse-1.0')
        os.makedirs(src)
        hole = os.path.join(src, 'hole.py')
        with open(hole, 'wb') as f:
            f.write(b'x = 1\n')
            f.truncate(200 * 1024 ** 3)   # 200 GB, all hole
        archive = os.path.join(self.tmp, 'sparse-1.0.tar.gz')
        subprocess.run(['tar', '--sparse', '-czf', archive, '-C', self.tmp, 'sparse-1.0'], check=True)
        self.assertLess(os.path.getsize(archive), 10_000)
        db = os.path.join(self.tmp, 's.sqlite')
        start = time.time()
        proc = run('analyze', '-q', '--db', db, archive, check=False)
        self.assertLess(time.time() - start, 10)
        self.assertEqual(proc.returncode, 1)
        (status, error), = query(db, 'SELECT status, error FROM artifacts')
        self.assertEqual(status, 'failed')
        self.assertIn('decompression bomb', error)

    def test_zips_are_listed_from_the_central_directory(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, 'w') as z:
            z.writestr('hid/x.py', HIT)
        data = bytearray(buf.getvalue())
        first = data.find(b'hid/x.py')
        second = data.find(b'hid/x.py', first + 1)
        data[second:second + 8] = b'vis/b.py'   # the central directory's name
        path = os.path.join(self.tmp, 'cd-1.0-py3-none-any.whl')
        with open(path, 'wb') as f:
            f.write(bytes(data))
        self.assertEqual(zipfile.ZipFile(path).namelist(), ['vis/b.py'])
        db = os.path.join(self.tmp, 's.sqlite')
        run('analyze', '-q', '--db', db, path)
        self.assertEqual(query(db, 'SELECT path FROM files'), [('vis/b.py',)])

    def test_any_bytes_in_a_name_give_valid_json(self):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode='w:gz', format=tarfile.GNU_FORMAT, encoding='latin-1') as t:
            info = tarfile.TarInfo('bytes-1.0/caf\xe9.py')
            info.size = len(HIT)
            t.addfile(info, io.BytesIO(HIT))
        path = os.path.join(self.tmp, 'bytes-1.0.tar.gz')
        with open(path, 'wb') as f:
            f.write(buf.getvalue())
        db = os.path.join(self.tmp, 's.sqlite')
        run('analyze', '-q', '--db', db, path)
        report = json.loads(run('report', '--db', db, '--format', 'json').stdout)
        self.assertEqual(report['hits']['unique'], 1)
        self.assertIn('\ufffd', report['hit_list'][0]['path'])
        json.loads(run('summary', '--db', db, '--json').stdout)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    unittest.main(verbosity=2)
