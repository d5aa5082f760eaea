#!/usr/bin/env python3
"""End to end: a report for a paper or a talk, from a census run the way the README's recipe
for PEP 765's figure runs it (a top list file, --as-of): both shapes of hugovk's list (2024's
and the current one), the provenance block, the rate by rank band under both rules, the rate
by pattern, per-package lines and hits in JSON, and the HTML sections.

usage: e2e_paper.py PEP765_BINARY
"""
import json, os, shutil, sys, tempfile, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Mirror, Server, publish, run  # noqa: E402

# PEP 765's first pattern: the body can raise, `except Exception` lets BaseException through.
BUG = b'def f():\n    try:\n        g()\n    except Exception:\n        pass\n    finally:\n        return 2\n'
NESTED = b'def first(xs):\n    try:\n        g()\n    finally:\n        for x in xs:\n            return x\n'
PLAIN = b'x = 1\n' * 93


def names(n):
    """A list with our three projects at ranks 1, 2 and 120; the rest are not on the index."""
    out = [f'absent-{i}' for i in range(n)]
    out[0], out[1], out[119] = 'alpha', 'beta', 'gamma'
    return out


def list_2024(n):
    # The shape of top-pypi-packages-30-days.min.json at commit 28ce06a (the study's list).
    return {'last_update': '2024-10-01 11:28:00',
            'query': {'bytes_billed': 1, 'bytes_processed': 1, 'cached': False, 'estimated_cost': '0.00'},
            'rows': [{'download_count': 10 ** 9 - i, 'project': p} for i, p in enumerate(names(n))]}


def list_2026(n):
    # The current shape (2026): source, meta, rows, totals.
    return {'last_update': '2026-04-01 06:34:06', 'source': 'ClickHouse',
            'meta': [{'name': 'download_count', 'type': 'Int64'}, {'name': 'project', 'type': 'String'}],
            'rows': [{'download_count': 10 ** 9 - i, 'project': p} for i, p in enumerate(names(n))],
            'rows_before_limit_at_least': n, 'statistics': {'elapsed': 0.1, 'rows_read': n, 'bytes_read': 1},
            'total_rows': n}


class Paper(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='pep765-paper-')
        cls.stores = {}
        mirror = Mirror()
        with Server(mirror) as server:
            publish(mirror, 'alpha', '1.0', {'alpha/core.py': BUG, 'alpha/plain.py': PLAIN},
                    uploaded='2024-09-01T00:00:00Z')
            publish(mirror, 'alpha', '2.0', {'alpha/core.py': b'x = 2\n'}, uploaded='2025-01-01T00:00:00Z')
            publish(mirror, 'beta', '1.0', {'beta/b.py': PLAIN + b'# beta\n'}, uploaded='2024-09-01T00:00:00Z')
            publish(mirror, 'gamma', '1.0', {'gamma/g.py': BUG + b'# gamma\n', 'gamma/n.py': NESTED}, uploaded='2024-09-01T00:00:00Z')
            for shape, make in (('2024', list_2024), ('2026', list_2026)):
                path = os.path.join(cls.tmp, f'top-{shape}.json')
                with open(path, 'w') as f:
                    json.dump(make(150), f)
                db = os.path.join(cls.tmp, f'{shape}.sqlite')
                proc = run('run', '--top', 150, '--list', path, '--index-url', server.url, '--as-of', '2024-10-17',
                           '--db', db, '--dest', os.path.join(cls.tmp, 'files'), '--quiet', '--backoff', '0.1',
                           check=False)
                assert proc.returncode in (0, 1), proc.stderr
                cls.stores[shape] = db
            cls.index = server.url

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def report(self, shape, *args):
        return json.loads(run('report', '--db', self.stores[shape], '--format', 'json', *args).stdout)

    def test_both_list_shapes_give_the_same_census(self):
        for shape, date in (('2024', '2024-10-01'), ('2026', '2026-04-01')):
            r = self.report(shape)
            (sel,) = r['selections']
            self.assertEqual((sel['listed'], sel['found'], sel['counted']), (150, 3, 3), shape)
            self.assertTrue(sel['list_date'].startswith(date), sel['list_date'])
            # --as-of 2024-10-17: alpha 1.0, not the 2.0 released later.
            self.assertEqual({p['package']: p['version'] for p in r['per_package']},
                             {'alpha': '1.0', 'beta': '1.0', 'gamma': '1.0'})
            self.assertEqual({p['package']: p['rank'] for p in r['per_package']}, {'alpha': 1, 'beta': 2, 'gamma': 120})

    def test_provenance_says_how_the_census_was_made(self):
        p = self.report('2024', '--loc', 'study')['provenance']
        self.assertTrue(p['tool'].startswith('pep765 '))
        (sel,) = p['selections']
        self.assertEqual((sel['kind'], sel['size'], sel['as_of'], sel['index_url']), ('top', 150, '2024-10-17', self.index))
        self.assertTrue(sel['list'].endswith('top-2024.json'))
        self.assertTrue(p['fetched']['first'] and p['analyzed']['last'])
        self.assertIn('newlines + 1', p['lines'])
        self.assertIn('CPython 3.14 warns about', p['rule'])
        text = run('report', '--db', self.stores['2024']).stdout
        self.assertIn('how this census was made:', text)
        self.assertIn(f'index {self.index}, as of 2024-10-17', text)

    def test_rate_by_rank_band_under_both_rules(self):
        r = self.report('2024')
        bands = {b['band']: b for b in r['by_rank_band']}
        self.assertEqual(sorted(bands), ['ranks 1-100', 'ranks 101-1,000'])
        top = bands['ranks 1-100']
        # alpha: core.py (7 lines, 1 hit) + plain.py (93 lines); beta: 94 lines (a content shared
        # by two packages of a band would count once, as in the headline).
        self.assertEqual((top['packages'], top['cpython']['lines'], top['cpython']['hits'], top['exits']['hits']),
                         (2, 194, 1, 1))
        low = bands['ranks 101-1,000']
        # gamma: g.py (8 lines, 1 hit under both) + n.py (6 lines, a return in a loop: exits only).
        self.assertEqual((low['packages'], low['cpython']['lines'], low['cpython']['hits'], low['exits']['hits']),
                         (1, 14, 1, 2))
        self.assertAlmostEqual(low['exits']['per_million'], 2 / 14 * 1e6)
        self.assertLess(low['exits']['low'], low['exits']['per_million'])
        self.assertEqual((r['by_rule']['cpython']['hits'], r['by_rule']['exits']['hits']), (2, 3))
        self.assertEqual(r['by_pattern_rate']['except-exception-return']['hits'], 2)
        gamma = next(p for p in r['per_package'] if p['package'] == 'gamma')
        self.assertEqual((gamma['files'], gamma['lines'], gamma['hits']), (2, 14, {'cpython': 1, 'exits': 2}))
        md = run('report', '--db', self.stores['2024'], '--format', 'markdown').stdout
        self.assertIn('## Both rules, by rank band', md)
        self.assertIn('| ranks 101-1,000 | 1 | 14 | 1 |', md)

    def test_html_has_the_provenance_bands_and_charts(self):
        html = run('report', '--db', self.stores['2024'], '--format', 'html').stdout
        for marker in ('id="provenance"', 'id="bands"', 'id="band-chart"', 'id="pattern-chart"', 'id="rate-chart"'):
            self.assertIn(marker, html)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    unittest.main(verbosity=2)
