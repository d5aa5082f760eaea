#!/usr/bin/env python3
"""The random-sample census: `fetch --random N --seed S` against a loopback index that serves
its project list as PEP 691 JSON or PEP 503 HTML, with a few hundred names, some of them
without any release.

usage: e2e_random.py PEP765_BINARY
"""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Mirror, Server, query, run, sdist_bytes  # noqa: E402

HIT = b'def f():\n    try:\n        pass\n    finally:\n        return 1\n'


def make_mirror(simple_json=True):
    m = Mirror()
    m.simple_json = simple_json
    server = Server(m)
    for i in range(300):
        name = f'proj-{i:03}'
        m.listed.append(name)
        if i % 6 == 0:
            continue                                   # listed, but the JSON API says 404
        if i % 6 == 1:
            m.add_project(name, '', {}, 10)            # no release at all
            continue
        body = HIT if i % 25 == 0 else b'x = %d\n' % i
        m.add_file(f'{name}-1.0.tar.gz', sdist_bytes(f'{name}-1.0', {f'{name}/m.py': body}))
        m.add_project(name, '1.0', {'1.0': [m.file_entry(f'{name}-1.0.tar.gz', 'sdist')]}, 1000 - i)
    return m, server


def fetch(server, base, db, seed, n=20, *extra):
    return run('fetch', '--random', n, '--seed', seed, '--index-url', server.url,
               '--dest', os.path.join(base, 'files'), '--db', db, '--quiet', *extra, check=False, timeout=300)


def sample(db):
    return query(db, 'SELECT p.name, s.rank, s.draw, s.in_sample, p.status FROM selected s '
                     'JOIN packages p ON p.id = s.package_id JOIN selections x ON x.id = s.selection_id '
                     "WHERE x.kind = 'random' ORDER BY s.draw")


class RandomSample(harness.ScratchCase):
    prefix = 'pep765-random-'

    @classmethod
    def prepare(cls):
        cls.mirror, cls.server = make_mirror()
        cls.server.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        super().tearDownClass()

    def run_seed(self, seed, name, server=None):
        db = os.path.join(self.dir, name + '.sqlite')
        proc = fetch(server or self.server, self.dir, db, seed)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return db, proc

    def test_same_seed_same_sample_other_seed_other_sample(self):
        a, _ = self.run_seed(1, 'a')
        b, _ = self.run_seed(1, 'b')
        c, _ = self.run_seed(2, 'c')
        in_a = [(n, r) for n, r, d, s, st in sample(a) if s]
        self.assertEqual(len(in_a), 20)
        self.assertEqual(in_a, [(n, r) for n, r, d, s, st in sample(b) if s])
        self.assertNotEqual(set(n for n, _ in in_a), set(n for n, r, d, s, st in sample(c) if s))

    def test_unusable_draws_are_replaced_and_recorded(self):
        db, proc = self.run_seed(5, 'd')
        rows = sample(db)
        drawn = [d for _, _, d, _, _ in rows]
        self.assertEqual(drawn, list(range(1, len(rows) + 1)))        # a prefix of the draw order
        kept = [r for r in rows if r[3]]
        replaced = [r for r in rows if not r[3]]
        self.assertEqual(len(kept), 20)
        self.assertEqual([r[1] for r in kept], list(range(1, 21)))      # ranked in draw order
        self.assertGreater(len(replaced), 0)  # a third of the names cannot be used
        for name, rank, draw, in_sample, status in replaced:
            self.assertIsNone(rank)
            self.assertIn(status, ('not_found', 'no_release'))
            self.assertIn(int(name[-3:]) % 6, (0, 1))
        for name, rank, draw, in_sample, status in kept:
            self.assertEqual(status, 'resolved')
        self.assertIn(f'{len(rows)} projects drawn, {len(replaced)} replaced', proc.stderr)

    def test_html_index_gives_the_same_sample(self):
        mirror, server = make_mirror(simple_json=False)
        with server:
            db = os.path.join(self.dir, 'html.sqlite')
            proc = fetch(server, os.path.join(self.dir, 'html'), db, 1)
            self.assertEqual(proc.returncode, 0, proc.stderr)
        json_db, _ = self.run_seed(1, 'json')
        self.assertEqual([(n, r) for n, r, d, s, st in sample(db) if s],
                         [(n, r) for n, r, d, s, st in sample(json_db) if s])
        self.assertEqual(query(db, "SELECT count(*) FROM http_cache WHERE url LIKE '%/simple/'"), [(1,)])

    def test_the_list_is_cached_with_its_etag(self):
        db, _ = self.run_seed(9, 'cache')
        before = self.mirror.counts.get('/simple/', 0)
        self.run_seed(9, 'cache')
        self.assertEqual(self.mirror.counts['/simple/'], before + 1)
        self.assertEqual(self.mirror.statuses['/simple/'][-1], 304)   # answered from the cache
        (etag,), = query(db, "SELECT etag FROM http_cache WHERE url LIKE '%/simple/'")
        self.assertTrue(etag)

    def test_run_random_and_top_in_one_store_report_apart(self):
        db = os.path.join(self.dir, 'both.sqlite')
        common = ['--index-url', self.server.url, '--dest', os.path.join(self.dir, 'both-files'), '--db', db, '--quiet']
        run('run', '--top', '10', '--list', self.server.url + '/top.json', *common)
        run('run', '--random', '15', '--seed', '3', *common)
        report = json.loads(run('report', '--db', db, '--format', 'json').stdout)
        kinds = {s['kind']: s for s in report['selections']}
        self.assertEqual(kinds['top']['packages'], 10)
        self.assertEqual(kinds['random']['packages'], 15)
        self.assertEqual(kinds['random']['seed'], 3)
        self.assertTrue(kinds['random']['label'].startswith('random 15 (seed 3'))
        for s in kinds.values():
            self.assertGreater(s['rate']['lines'], 0)
        text = run('report', '--db', db).stdout
        self.assertIn('random 15 (seed 3)', text)
        self.assertIn('PEP 765: random sample', text)


if __name__ == '__main__':
    harness.main()
