#!/usr/bin/env python3
"""End to end: nothing wrong lands silently (issue 27). Each class of the issue against the
real binary and real loopback servers: two projects listing one file name, names that are no
project names, a disk that fills during fetch (a small tmpfs), and two runs at once on one
store and --dest.

Its mirror's projects are written as legacy JSON documents (some deliberately wrong), so fetch
reads them with --index-api json; the Simple API's shapes are e2e_index_shapes.py's.

usage: e2e_integrity.py PEP765_BINARY
"""
import glob, hashlib, json, os, subprocess, sys, time, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, Mirror, Server, publish, query, run, scratch, sdist_bytes  # noqa: E402

TWO_HITS = HIT + b'\n\ndef h():\n    for x in y:\n        try:\n            pass\n        finally:\n            break\n'


def fetch_args(server, db, dest, *extra):
    return ['--list', server.url + '/top.json', '--index-url', server.url, '--index-api', 'json', '--db', db, '--dest', dest, '--quiet',
            '--backoff', '0.1', *extra]


def add_sdist_at(mirror, key, filename, base, modules):
    """Project files served at /files/KEY, whatever `filename` the index gives them; returns the
    entry."""
    mirror.add_file(key, sdist_bytes(base, modules))
    entry = mirror.file_entry(key, 'sdist')
    entry['filename'] = filename
    return entry


def members_by_project(db):
    """{project: sorted member paths of its counted artifacts}."""
    out = {}
    for name, path in query(db, 'SELECT p.name, f.path FROM counted_artifacts a JOIN packages p ON p.id = a.package_id '
                                'JOIN files f ON f.artifact_id = a.id'):
        out.setdefault(name, []).append(path)
    return {k: sorted(v) for k, v in out.items()}


class OneFileName(harness.MirrorCase):
    """Class 1: two projects whose files have one name, each counted from its own bytes."""

    prefix = 'pep765-one-name-'

    @classmethod
    def prepare(cls):
        m = cls.mirror
        # Two projects list the same file name with different bytes.
        for n, (name, body) in enumerate((('alpha', HIT), ('beta', TWO_HITS))):
            entry = add_sdist_at(m, f'{name}/shared-1.0.tar.gz', 'shared-1.0.tar.gz', 'shared-1.0',
                                 {f'{name}_mod.py': body})
            m.add_project(name, '1.0', {'1.0': [entry]}, 1000 - n)
        # One name under two spellings: a path in the index's file name, which only its last
        # component names on disk.
        for n, (name, filename) in enumerate((('gamma', 'sub/twin-1.0.tar.gz'), ('delta', 'twin-1.0.tar.gz'))):
            entry = add_sdist_at(m, f'{name}/twin-1.0.tar.gz', filename, 'twin-1.0', {f'{name}_mod.py': HIT})
            m.add_project(name, '1.0', {'1.0': [entry]}, 900 - n)

    def census(self, db, dest, *extra):
        return run('run', '--top', '10', *fetch_args(self.server, db, dest, '--jobs', '4'), *extra)

    def test_each_project_is_counted_from_its_own_bytes(self):
        db, dest = os.path.join(self.dir, 'a.sqlite'), os.path.join(self.dir, 'a-files')
        self.census(db, dest)
        self.assertEqual(members_by_project(db), {
            'alpha': ['shared-1.0/alpha_mod.py'], 'beta': ['shared-1.0/beta_mod.py'],
            'gamma': ['twin-1.0/gamma_mod.py'], 'delta': ['twin-1.0/delta_mod.py']})
        # Every file on disk holds the bytes the index gives for its own project's file.
        rows = query(db, 'SELECT p.name, d.path, d.sha256, d.status FROM downloads d JOIN packages p '
                         'ON p.id = d.package_id')
        self.assertEqual(len(rows), 4)
        self.assertEqual(len({path for _, path, _, _ in rows}), 4)
        for name, path, sha, status in rows:
            self.assertEqual(status, 'done', name)
            self.assertEqual(os.path.dirname(path), os.path.join(os.path.abspath(dest), name))
            with open(path, 'rb') as f:
                self.assertEqual(hashlib.sha256(f.read()).hexdigest(), sha, name)
        hits = dict(query(db, 'SELECT p.name, count(*) FROM counted_artifacts a JOIN packages p ON p.id = a.package_id '
                              'JOIN files f ON f.artifact_id = a.id JOIN hits h ON h.hash = f.hash '
                              'WHERE h.cpython = 1 GROUP BY p.name'))
        self.assertEqual(hits, {'alpha': 1, 'beta': 2, 'gamma': 1, 'delta': 1})

    def test_a_flat_dest_of_older_runs_is_moved_only_where_the_digest_matches(self):
        db, dest = os.path.join(self.dir, 'b.sqlite'), os.path.join(self.dir, 'b-files')
        os.makedirs(dest)
        # As pep765 before the per-project layout left it: beta's file under the shared name,
        # and a twin-1.0.tar.gz that is neither gamma's nor delta's.
        with open(os.path.join(dest, 'shared-1.0.tar.gz'), 'wb') as f:
            f.write(self.mirror.files['beta/shared-1.0.tar.gz'])
        with open(os.path.join(dest, 'twin-1.0.tar.gz'), 'wb') as f:
            f.write(b'not an archive of anyone here')
        before = dict(self.mirror.counts)
        self.census(db, dest)
        asked = {p: n - before.get(p, 0) for p, n in self.mirror.counts.items() if n - before.get(p, 0)}
        self.assertNotIn('/files/beta/shared-1.0.tar.gz', asked)   # moved, not fetched again
        self.assertEqual(asked.get('/files/alpha/shared-1.0.tar.gz'), 1)
        self.assertTrue(os.path.exists(os.path.join(dest, 'beta', 'shared-1.0.tar.gz')))
        self.assertFalse(os.path.exists(os.path.join(dest, 'shared-1.0.tar.gz')))
        with open(os.path.join(dest, 'twin-1.0.tar.gz'), 'rb') as f:   # not theirs: left as it was
            self.assertEqual(f.read(), b'not an archive of anyone here')
        self.assertEqual(members_by_project(db)['beta'], ['shared-1.0/beta_mod.py'])
        self.assertEqual(members_by_project(db)['alpha'], ['shared-1.0/alpha_mod.py'])

    def test_a_killed_runs_partial_file_is_removed(self):
        db, dest = os.path.join(self.dir, 'c.sqlite'), os.path.join(self.dir, 'c-files')
        os.makedirs(os.path.join(dest, 'alpha'))
        stale = os.path.join(dest, 'alpha', 'shared-1.0.tar.gz.4242.part')   # a process SIGKILLed mid-file
        with open(stale, 'wb') as f:
            f.write(b'half a file')
        self.census(db, dest)
        self.assertEqual(glob.glob(os.path.join(dest, '**', '*.part'), recursive=True), [])
        self.assertEqual(members_by_project(db)['alpha'], ['shared-1.0/alpha_mod.py'])


BAD_NAMES = ['a/b', '%2e%2e', '..', 'q?x=1', 'h#frag', 'sp ace', 'n\u00f6n', 'x' * 300, 'esc\x1bape', '-lead',
             'trail.', '../../etc/passwd', 'good/../../top.json']


class InvalidNames(harness.MirrorCase):
    """Class 2: names that are no project names are recorded, skipped and counted; none reaches a
    URL (the server logs every path it is asked)."""

    prefix = 'pep765-names-'

    @classmethod
    def prepare(cls):
        publish(cls.mirror, 'good', '1.0', {'good/m.py': HIT}, wheel=False)
        cls.mirror.listed = ['good'] + BAD_NAMES

    def assert_only_good_was_asked(self, extra=()):
        allowed = {'/top.json', '/simple/', '/pypi/good/json', '/files/good-1.0.tar.gz', *extra}
        self.assertEqual(set(self.mirror.counts) - allowed, set())

    def assert_recorded(self, db, kind):
        rows = query(db, 'SELECT n.position, n.raw, n.reason FROM invalid_names n JOIN selections s '
                         'ON s.id = n.selection_id WHERE s.kind = ?', kind)
        self.assertEqual(len(rows), len(BAD_NAMES))
        raws = {raw for _, raw, _ in rows}
        self.assertIn('esc\\x1bape', raws)        # escaped, not the terminal's escape character
        self.assertNotIn('esc\x1bape', raws)
        self.assertIn('a/b', raws)
        reasons = {raw: reason for _, raw, reason in rows}
        self.assertIn("'/'", reasons['a/b'])
        self.assertIn('300 bytes long', reasons['x' * 300])
        self.assertIn('not ASCII', reasons['n\u00f6n'])
        self.assertIn('start and end', reasons['-lead'])

    def test_a_top_list_with_bad_names(self):
        listing = os.path.join(self.dir, 'list.json')
        with open(listing, 'w') as f:
            json.dump({'last_update': '2024-10-17', 'rows': [{'project': n, 'download_count': 100 - i}
                                                             for i, n in enumerate(['good'] + BAD_NAMES)]}, f)
        db, dest = os.path.join(self.dir, 'top.sqlite'), os.path.join(self.dir, 'top-files')
        proc = run('run', '--top', '100', '--list', listing, '--index-url', self.server.url, '--index-api', 'json', '--db', db,
                   '--dest', dest, '--quiet')
        self.assert_only_good_was_asked()
        self.assert_recorded(db, 'top')
        self.assertIn(f'{len(BAD_NAMES)} list entries are no project names and were skipped', proc.stderr)
        self.assertIn("'a/b' (holds '/'", proc.stderr)
        self.assertNotIn('\x1b', proc.stderr)
        self.assertEqual(query(db, 'SELECT name FROM packages'), [('good',)])
        self.assertEqual(sorted(os.listdir(dest)), ['.pep765.lock', 'good'])

    def test_a_text_list_with_bad_names(self):
        listing = os.path.join(self.dir, 'list.txt')
        with open(listing, 'w') as f:
            f.write('\n'.join(['good'] + [n for n in BAD_NAMES if '#' not in n]) + '\n')
        db, dest = os.path.join(self.dir, 'text.sqlite'), os.path.join(self.dir, 'text-files')
        proc = run('fetch', '--top', '100', '--list', listing, '--index-url', self.server.url, '--index-api', 'json', '--db', db,
                   '--dest', dest, '--quiet')
        self.assert_only_good_was_asked()
        self.assertIn(f'{len(BAD_NAMES) - 1} list entries are no project names', proc.stderr)

    def test_an_index_listing_bad_names(self):
        db, dest = os.path.join(self.dir, 'random.sqlite'), os.path.join(self.dir, 'random-files')
        proc = run('fetch', '--random', '1', '--seed', '3', '--index-url', self.server.url, '--index-api', 'json', '--db', db,
                   '--dest', dest, '--quiet')
        self.assert_only_good_was_asked()
        self.assert_recorded(db, 'random')
        self.assertIn("the index's project list are no project names", proc.stderr)
        self.assertEqual(query(db, 'SELECT p.name FROM selected s JOIN packages p ON p.id = s.package_id'),
                         [('good',)])


def can_mount_tmpfs():
    if os.geteuid() != 0:
        return 'mounting a tmpfs needs root'
    with scratch() as probe:
        if subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], capture_output=True).returncode:
            return 'cannot mount a tmpfs here (no CAP_SYS_ADMIN in this container?)'
        subprocess.run(['umount', probe], check=True)
    return ''


class FullDisk(harness.MirrorCase):
    """Class 3: a --dest that fills during fetch stops the run once, with the path and the
    system's reason, what was done committed; a rerun after freeing space resumes."""

    prefix = 'pep765-full-'
    COUNT, SIZE = 8, 400_000

    @classmethod
    def prepare(cls):
        for i in range(cls.COUNT):
            name = f'big{i}'
            cls.mirror.add_file(f'{name}-1.0.tar.gz', harness_sdist_with_bulk(name, cls.SIZE))
            cls.mirror.add_project(name, '1.0', {'1.0': [cls.mirror.file_entry(f'{name}-1.0.tar.gz', 'sdist')]},
                                   1000 - i)

    def setUp(self):
        reason = can_mount_tmpfs()
        if reason:
            self.skipTest(reason)
        self.dest = self.subdir(f'dest-{self._testMethodName}')
        subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', self.dest], check=True)
        self.addCleanup(subprocess.run, ['umount', self.dest])

    def test_a_full_disk_stops_the_run_and_a_rerun_resumes(self):
        db = os.path.join(self.dir, 'full.sqlite')   # the store is elsewhere: it keeps working
        before = sum(n for p, n in self.mirror.counts.items() if p.startswith('/files/'))
        proc = run('run', '--top', '100', *fetch_args(self.server, db, self.dest, '--jobs', '1'), check=False)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stderr.count('the disk is full'), 1, proc.stderr)
        self.assertIn('No space left on device', proc.stderr)
        self.assertIn('free space and rerun', proc.stderr)
        # It stopped at the first file that did not fit, instead of trying every one after.
        asked = sum(n for p, n in self.mirror.counts.items() if p.startswith('/files/')) - before
        self.assertLess(asked, self.COUNT - 2, proc.stderr)
        failed = query(db, "SELECT path, error FROM downloads WHERE status = 'failed'")
        self.assertEqual(len(failed), 1, failed)
        path, error = failed[0]
        self.assertIn(path, error)
        self.assertIn('No space left on device', error)
        done = query(db, "SELECT count(*) FROM downloads WHERE status = 'done'")[0][0]
        self.assertGreaterEqual(done, 1)
        # What was downloaded before the disk filled was analyzed and committed.
        self.assertEqual(query(db, 'SELECT count(*) FROM artifacts')[0][0], done)
        self.assertEqual(glob.glob(os.path.join(self.dest, '**', '*.part'), recursive=True), [])
        # Space freed: the rerun takes what is there and fetches the rest.
        subprocess.run(['mount', '-o', 'remount,size=16m', self.dest], check=True)
        again = run('run', '--top', '100', *fetch_args(self.server, db, self.dest, '--jobs', '1'))
        self.assertIn(f'{done} already there', again.stderr)
        self.assertEqual(query(db, "SELECT count(*) FROM downloads WHERE status = 'done'")[0][0], self.COUNT)
        self.assertEqual(query(db, 'SELECT count(DISTINCT package_id) FROM counted_artifacts')[0][0], self.COUNT)


def harness_sdist_with_bulk(name, size):
    """An sdist with one hit and `size` bytes of data that do not compress."""
    return sdist_bytes(f'{name}-1.0', {f'{name}/m.py': HIT, f'{name}/data.bin': os.urandom(size)})


class TwoRunsAtOnce(harness.MirrorCase):
    """Class 5: two `run`s on one store and --dest: the second waits for the first and then
    does nothing wrong, or times out naming the first; read-only commands work meanwhile."""

    prefix = 'pep765-two-runs-'
    COUNT = 12

    @classmethod
    def prepare(cls):
        for i in range(cls.COUNT):
            publish(cls.mirror, f'p{i}', '1.0', {f'p{i}/m.py': HIT + f'# {i}\n'.encode()})
        cls.single = os.path.join(cls.dir, 'single.sqlite')
        run('run', '--top', '100', *fetch_args(cls.server, cls.single, os.path.join(cls.dir, 'single-files')))

    def slow_first_files(self):
        """The next request of the first project's files takes about two seconds."""
        self.mirror.faults['/files/p0-1.0.tar.gz'] = [('slow', 2)]
        self.mirror.faults['/files/p0-1.0-py3-none-any.whl'] = [('slow', 2)]

    def start_holder(self, db, dest):
        """A run that has taken --dest's lock, and its process id."""
        first = harness.start('run', '--top', '100', *fetch_args(self.server, db, dest),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lock = os.path.join(dest, '.pep765.lock')
        for _ in range(200):
            if os.path.exists(lock):
                with open(lock) as f:
                    if f.read().strip() == str(first.pid):
                        return first
            time.sleep(0.02)
        first.kill()
        self.fail('the first run never took the lock')

    def figures(self, db):
        s = harness.summary(db)
        return {k: s[k] for k in ('archives', 'files', 'lines', 'hits') if k in s}, members_by_project(db)

    def test_the_second_run_waits_and_the_store_is_a_single_runs(self):
        db, dest = os.path.join(self.dir, 'both.sqlite'), os.path.join(self.dir, 'both-files')
        self.slow_first_files()
        first = self.start_holder(db, dest)
        second = harness.start('run', '--top', '100', *fetch_args(self.server, db, dest),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)
        reading = run('summary', '--db', db, '--json', check=False)   # a reader is never locked out
        _, err1 = first.communicate(timeout=120)
        _, err2 = second.communicate(timeout=120)
        self.assertEqual(first.returncode, 0, err1)
        self.assertEqual(second.returncode, 0, err2)
        self.assertEqual(reading.returncode, 0, reading.stderr)
        self.assertIn(f'in use by another pep765 run (process {first.pid}); waiting', err2)
        self.assertIn(f'{2 * self.COUNT} already there', err2)
        self.assertEqual(self.figures(db), self.figures(self.single))
        self.assertEqual(glob.glob(os.path.join(dest, '**', '*.part'), recursive=True), [])

    def test_the_second_run_times_out_naming_the_first(self):
        db, dest = os.path.join(self.dir, 'timeout.sqlite'), os.path.join(self.dir, 'timeout-files')
        self.slow_first_files()
        first = self.start_holder(db, dest)
        second = run('--lock-timeout', '1', 'run', '--top', '100', *fetch_args(self.server, db, dest), check=False)
        _, err1 = first.communicate(timeout=120)
        self.assertEqual(first.returncode, 0, err1)
        self.assertEqual(second.returncode, 1, second.stderr)
        self.assertIn(f'in use by another pep765 run (process {first.pid})', second.stderr)
        self.assertIn('waited --lock-timeout (1 s)', second.stderr)
        self.assertEqual(self.figures(db), self.figures(self.single))



class NothingSkippedSilently(harness.ScratchCase):
    """Class 6 (write side): a file over a cap is said once, with the cap, the option that sets
    it and its name, and stored with its reason."""

    prefix = 'pep765-caps-'

    @classmethod
    def prepare(cls):
        tree = cls.subdir('tree')
        with open(os.path.join(tree, 'one_line.py'), 'wb') as f:   # a try whose body is one 2 MB line
            f.write(b"def f():\n    try:\n        x = '" + b'a' * (2 << 20) + b"'\n    finally:\n        return 1\n")
        with open(os.path.join(tree, 'small.py'), 'wb') as f:
            f.write(HIT)
        cls.tree = tree

    def test_over_the_parse_cap(self):
        db = os.path.join(self.dir, 'parse.sqlite')
        proc = run('analyze', '--db', db, '-q', self.tree)
        said = [l for l in proc.stderr.splitlines() if 'not parsed for jumps' in l]
        self.assertEqual(len(said), 1, proc.stderr)
        self.assertIn('1 file over --max-parse-bytes (1048576 bytes) not parsed for jumps', said[0])
        self.assertIn('one_line.py', said[0])
        self.assertEqual(query(db, "SELECT f.path, c.parse FROM files f JOIN contents c ON c.hash = f.hash "
                                   "WHERE c.parse = 'too_large'"), [('one_line.py', 'too_large')])

    def test_over_the_member_cap(self):
        db = os.path.join(self.dir, 'member.sqlite')
        proc = run('analyze', '--db', db, '-q', '--max-member-bytes', '100000', self.tree)
        self.assertIn('1 file over --max-member-bytes (100000 bytes) not parsed for jumps', proc.stderr)
        self.assertNotIn('over --max-parse-bytes', proc.stderr)
        (notes,), = query(db, "SELECT c.notes FROM files f JOIN contents c ON c.hash = f.hash "
                              "WHERE f.path = 'one_line.py'")
        self.assertIn('too_large_to_hold', notes)


if __name__ == '__main__':
    harness.main()
