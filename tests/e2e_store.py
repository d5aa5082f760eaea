#!/usr/bin/env python3
"""End to end: the store stays exact under concurrency, reruns and a changing index, and no
command destroys or invents a store.

Its mirror's projects are written as legacy JSON documents (some deliberately wrong), so fetch
reads them with --index-api json; the Simple API's shapes are e2e_index_shapes.py's.

usage: e2e_store.py PEP765_BINARY
"""
import hashlib, json, os, shutil, subprocess, sys, tempfile, time, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, Mirror, Server, publish, query, run, summary  # noqa: E402


def module(tag):
    """A module with one hit, made distinct by `tag` (so each release's content differs)."""
    return HIT + f'# {tag}\n'.encode()


def census(server, db, dest, n=1000, *extra):
    return run('run', '--top', n, '--list', server.url + '/top.json', '--index-url', server.url, '--index-api', 'json', '--db', db,
               '--dest', dest, '--quiet', '--backoff', '0.1', *extra, check=False)


class ConcurrentRun(unittest.TestCase):
    """`run` fetches on one thread and analyzes on others, into one store. Many packages, each
    ready at once, with both cores busy elsewhere: every fresh run must finish, and all alike."""

    def test_fresh_runs_under_load_all_finish_alike(self):
        tmp = tempfile.mkdtemp(prefix='pep765-store-')
        mirror = Mirror()
        with Server(mirror) as server:
            for i in range(250):
                publish(mirror, f'proj{i}', '1.0', {f'proj{i}/__init__.py': module(i),
                                                    f'proj{i}/util.py': b'x = 1\n' * (i + 1)})
            burners = [subprocess.Popen([sys.executable, '-c', 'while True: pass']) for _ in range(2)]
            try:
                results = []
                for attempt in range(4):
                    db = os.path.join(tmp, f'run{attempt}.sqlite')
                    proc = census(server, db, os.path.join(tmp, f'files{attempt}'))
                    self.assertEqual(proc.returncode, 0, f'run {attempt}: {proc.stderr}')
                    s = summary(db)
                    results.append((s['archives'], s['lines'], s['hits']['cpython']))
            finally:
                for b in burners:
                    b.kill()
                    b.wait()
        self.assertEqual(results, [(500, results[0][1], 500)] * 4)
        shutil.rmtree(tmp, ignore_errors=True)


class ChangingIndex(unittest.TestCase):
    """A census rerun after the index moved on counts each project once, at the new release."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='pep765-store-')
        self.db = os.path.join(self.tmp, 'store.sqlite')
        self.dest = os.path.join(self.tmp, 'files')

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_rerun_after_new_releases_counts_the_new_release_only(self):
        mirror = Mirror()
        with Server(mirror) as server:
            publish(mirror, 'numpy', '2.1.3', {'numpy/core.py': module('numpy 2.1.3')})
            publish(mirror, 'requests', '2.32.4', {'requests/api.py': module('requests 2.32.4')})
            publish(mirror, 'stable', '1.0', {'stable/a.py': module('stable')})
            self.assertEqual(census(server, self.db, self.dest).returncode, 0)
            first = summary(self.db)
            # The index moves on: numpy 2.1.4 (still one hit, one more line), requests 2.32.5
            # (the hit fixed).
            publish(mirror, 'numpy', '2.1.4', {'numpy/core.py': module('numpy 2.1.4') + b'# new line\n'})
            publish(mirror, 'requests', '2.32.5', {'requests/api.py': b'def f():\n    return 1\n'})
            second_run = census(server, self.db, self.dest)
            self.assertEqual(second_run.returncode, 0, second_run.stderr)
        second = summary(self.db)
        self.assertEqual(first['archives'], 6)
        self.assertEqual(second['archives'], 6)   # not 10: the old releases are stored, not counted
        self.assertEqual(first['hits']['cpython'], 6)
        self.assertEqual(second['hits']['cpython'], 4)   # numpy's and stable's, sdist and wheel
        self.assertEqual(second['lines'], first['lines'] + 2 - 2 * 8 + 2 * 2)   # numpy +1 line, requests 8 -> 2
        # Both releases' files stay on disk and in the store, as downloaded.
        rows = query(self.db, "SELECT filename, version, status FROM downloads WHERE filename LIKE 'numpy%' ORDER BY 1")
        self.assertEqual([r[1:] for r in rows], [('2.1.3', 'done')] * 2 + [('2.1.4', 'done')] * 2)
        self.assertEqual(query(self.db, 'SELECT count(*) FROM artifacts')[0][0], 10)
        # The export files each hit under the release it is in.
        csv = run('export', '--db', self.db, '--format', 'jsonl').stdout.splitlines()
        versions = sorted({(json.loads(l)['package'], json.loads(l)['version']) for l in csv})
        self.assertEqual(versions, [('numpy', '2.1.4'), ('stable', '1.0')])
        self.assertEqual(query(self.db, "SELECT version FROM packages WHERE name = 'numpy'"), [('2.1.4',)])
        report = json.loads(run('report', '--db', self.db, '--format', 'json').stdout)
        sel = report['selections'][0]
        self.assertEqual((sel['listed'], sel['found'], sel['counted']), (3, 3, 3))
        self.assertEqual(sel['rate']['hits'], 2)   # unique: numpy 2.1.4's and stable's

    def test_unusable_releases_fall_back_or_are_named_with_the_reason(self):
        mirror = Mirror()
        with Server(mirror) as server:
            # info.version names a release with no files: the newest release with files is taken.
            publish(mirror, 'emptylatest', '1.0', {'emptylatest/a.py': module('emptylatest')})
            mirror.projects['emptylatest']['releases']['2.0'] = []
            mirror.projects['emptylatest']['info']['version'] = '2.0'
            mirror.projects['emptylatest']['urls'] = []
            # Every release yanked: the newest yanked one is taken, and that is said.
            publish(mirror, 'allyanked', '1.0', {'allyanked/a.py': module('allyanked')}, yanked=True)
            mirror.projects['allyanked']['urls'] = []
            # Only an egg: nothing usable.
            publish(mirror, 'eggonly', '1.0', {}, sdist=False, wheel=False,
                    extra_files=[('eggonly-1.0-py2.7.egg', harness.wheel_bytes({'eggonly/a.py': HIT}), 'bdist_egg')])
            mirror.top.append({'project': 'missing', 'download_count': 1})
            self.assertEqual(census(server, self.db, self.dest).returncode, 0)
            found = dict(query(self.db, 'SELECT p.name, s.version FROM selected s JOIN packages p ON p.id = s.package_id'))
            self.assertEqual(found, {'emptylatest': '1.0', 'allyanked': '1.0', 'eggonly': None, 'missing': None})
            self.assertIn('yanked', query(self.db, "SELECT lacks FROM packages WHERE name = 'allyanked'")[0][0])
            report = json.loads(run('report', '--db', self.db, '--format', 'json').stdout)
            sel = report['selections'][0]
            self.assertEqual((sel['listed'], sel['found'], sel['counted']), (4, 2, 2))
            self.assertEqual(report['packages'], 2)
            left = {o['package']: o['reason'] for o in sel['left_out']}
            self.assertEqual(set(left), {'eggonly', 'missing'})
            self.assertIn('eggs', left['eggonly'])
            self.assertEqual(left['missing'], 'not on the index')
            text = run('report', '--db', self.db).stdout
            self.assertIn('left out of top', text)
            self.assertIn('not on the index (1): missing', text)
            # An egg-only project never fills a random sample's slot.
            rdb = os.path.join(self.tmp, 'random.sqlite')
            proc = run('fetch', '--random', '3', '--seed', '1', '--index-url', server.url, '--index-api', 'json', '--db', rdb,
                       '--dest', self.dest, '--quiet', check=False)
            sample = query(rdb, 'SELECT p.name FROM selected s JOIN packages p ON p.id = s.package_id '
                                'WHERE s.in_sample = 1')
            self.assertNotIn(('eggonly',), sample, proc.stderr)
            self.assertEqual(len(sample), 2)   # only two usable projects on this index

    def test_as_of_without_release_history_says_why(self):
        mirror = Mirror()
        with Server(mirror) as server:
            publish(mirror, 'nohistory', '1.0', {'nohistory/a.py': module('x')})
            del mirror.projects['nohistory']['releases']
            census(server, self.db, self.dest, 1000, '--as-of', '2024-10-17')
        reason = query(self.db, 'SELECT status, reason FROM selected')[0]
        self.assertEqual(reason[0], 'no_release')
        self.assertIn('`releases`', reason[1])


class StoresAreNeverDestroyedOrInvented(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='pep765-store-')
        cls.db = os.path.join(cls.tmp, 'store.sqlite')
        cls.mirror = Mirror()
        cls.server = Server(cls.mirror).__enter__()
        publish(cls.mirror, 'alpha', '1.0', {'alpha/a.py': module('alpha')})
        census(cls.server, cls.db, os.path.join(cls.tmp, 'files'))

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def digest(self, path):
        with open(path, 'rb') as f:
            return hashlib.sha256(f.read()).hexdigest()

    def test_out_naming_the_store_is_refused(self):
        before = summary(self.db)
        for command, out in ((['report'], self.db), (['export'], self.db), (['report'], self.db + '-wal'),
                             (['triage', 'export'], self.db)):
            proc = run(*command, '--db', self.db, '--out', out, check=False)
            self.assertEqual(proc.returncode, 2, command)
            self.assertIn('is the store', proc.stderr)
        self.assertEqual(summary(self.db), before)

    def test_read_commands_never_create_a_store(self):
        typo = os.path.join(self.tmp, 'typo.sqlite')
        for args in (['report'], ['summary', '--json'], ['hits'], ['export'], ['triage', 'export']):
            proc = run(*args, '--db', typo, check=False)
            self.assertNotEqual(proc.returncode, 0, args)
            self.assertIn('typo.sqlite: no store there', proc.stderr)
            self.assertFalse(os.path.exists(typo), args)
        proc = run('compare', self.db, typo, check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertFalse(os.path.exists(typo))
        proc = run('triage', 'import', '--db', typo, os.path.join(self.tmp, 'nothing.csv'), check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertFalse(os.path.exists(typo))

    def test_merge_reads_its_inputs_and_never_writes_them(self):
        out = os.path.join(self.tmp, 'merged.sqlite')
        missing = os.path.join(self.tmp, 'missing.sqlite')
        proc = run('merge', out, missing, check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn('missing.sqlite: no store there', proc.stderr)
        self.assertFalse(os.path.exists(missing))
        proc = run('merge', self.db, self.db, check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("is the merge's output", proc.stderr)
        before = self.digest(self.db)
        run('merge', out, self.db)
        self.assertEqual(self.digest(self.db), before)
        self.assertEqual(summary(out)['hits'], summary(self.db)['hits'])

    def test_a_store_read_only_to_the_user_can_be_read(self):
        ro = tempfile.mkdtemp(prefix='pep765-ro-')
        os.chmod(ro, 0o755)
        copy = os.path.join(ro, 'store.sqlite')
        shutil.copy(self.db, copy)
        os.chmod(copy, 0o444)
        os.chmod(ro, 0o555)
        try:
            user = 65534 if os.geteuid() == 0 else None   # root reads anything: read as nobody
            proc = run('report', '--db', copy, '--format', 'json', user=user, check=False)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(json.loads(proc.stdout)['hits']['unique'], 1)
            self.assertEqual(sorted(os.listdir(ro)), ['store.sqlite'])
        finally:
            os.chmod(ro, 0o755)
            shutil.rmtree(ro, ignore_errors=True)

    def test_a_download_named_like_the_store_never_replaces_it(self):
        mirror = Mirror()
        with Server(mirror) as server:
            tmp = tempfile.mkdtemp(prefix='pep765-store-')
            # The store where evil's file would go: in evil's folder of --dest.
            db = os.path.join(tmp, 'evil', 'store.sqlite')
            publish(mirror, 'good', '1.0', {'good/a.py': module('good')})
            data = harness.sdist_bytes('evil-1.0', {'evil/a.py': HIT})
            mirror.add_file('store.sqlite', data)
            entry = mirror.file_entry('store.sqlite', 'sdist')
            mirror.add_project('evil', '1.0', {'1.0': [entry]}, 1)
            proc = census(server, db, tmp)   # --dest holds the store's folder
            self.assertEqual(proc.returncode, 1)
            self.assertIn('would overwrite the store', proc.stderr)
            self.assertEqual(summary(db)['archives'], 2)   # good's two files; the store intact
            shutil.rmtree(tmp, ignore_errors=True)


class PersonsTriage(unittest.TestCase):
    """Two hits on identical lines of one file are two hits to a person too; an import takes
    exactly the rows a person changed, whatever the state of the store."""

    def test_identical_lines_in_one_file_never_collide(self):
        tmp = tempfile.mkdtemp(prefix='pep765-triage-')
        twice = (b'def a(text):\n    try:\n        new_text = text.strip()\n        log(new_text)\n    finally:\n'
                 b'        return new_text\n'
                 b'def b(text):\n    try:\n        new_text = text.lower()\n        log(new_text)\n    finally:\n'
                 b'        return new_text\n')
        archive = os.path.join(tmp, 'twice-1.0.tar.gz')
        with open(archive, 'wb') as f:
            f.write(harness.sdist_bytes('twice-1.0', {'twice/utils.py': twice}))
        db = os.path.join(tmp, 's.sqlite')
        run('analyze', '-q', '--db', db, archive)
        exported = os.path.join(tmp, 'triage.csv')
        run('triage', 'export', '--db', db, '--out', exported)
        with open(exported, newline='') as f:
            rows = f.read().split('\r\n')
        body = [r for r in rows[1:] if r]
        self.assertEqual(len(body), 2)
        self.assertIn(',return new_text,0,bug,bug,', body[0])
        self.assertIn(',return new_text,1,bug,bug,', body[1])
        with open(exported, 'w', newline='') as f:
            f.write('\r\n'.join([rows[0], body[0], body[1].replace(',1,bug,bug,', ',1,intentional,bug,')]) + '\r\n')
        took = run('triage', 'import', '--db', db, exported)
        self.assertIn('took 1 triaged hits', took.stderr)
        report = json.loads(run('report', '--db', db, '--format', 'json').stdout)
        self.assertEqual(report['hits']['triaged_by_person'], 1)
        self.assertEqual(sorted((h['line'], h['category']) for h in report['hit_list']), [(6, 'bug'), (12, 'intentional')])
        # Into a store whose analysis has not met these hits yet: still only the changed row.
        empty = os.path.join(tmp, 'empty.sqlite')
        other = os.path.join(tmp, 'other-1.0.tar.gz')
        with open(other, 'wb') as f:
            f.write(harness.sdist_bytes('other-1.0', {'other/m.py': b'x = 1\n'}))
        run('analyze', '-q', '--db', empty, other)
        took = run('triage', 'import', '--db', empty, exported)
        self.assertIn('took 1 triaged hits', took.stderr)
        self.assertIn('(1 left as the program had them)', took.stderr)
        run('analyze', '-q', '--db', empty, archive)
        report = json.loads(run('report', '--db', empty, '--format', 'json').stdout)
        self.assertEqual(report['hits']['triaged_by_person'], 1)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    unittest.main(verbosity=2)
