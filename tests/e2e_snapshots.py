#!/usr/bin/env python3
"""End to end: snapshots of a census at several dates in one store (`run --as-of D1,D2`), from
a loopback mirror whose projects have dated releases: a hit introduced in one release and
fixed in a later one, a project created after the first date, a yanked release between the
dates. Each date is a selection of its own, counted with its own releases; contents shared
between dates are analyzed once.

usage: e2e_snapshots.py PEP765_BINARY
"""
import json, os, shutil, subprocess, sys, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Mirror, Server, publish, query, run, scratch  # noqa: E402

BUG = b'def f():\n    try:\n        return g()\n    except Exception:\n        pass\n    finally:\n        return 2\n'
FIXED = b'def f():\n    try:\n        return g()\n    except Exception:\n        return 2\n'
SHARED = b'def shared():\n    return 1\n' * 10


class Snapshots(unittest.TestCase):
    def test_two_dates_in_one_store(self):
        with scratch('pep765-snapshots-') as tmp:
            mirror = Mirror()
            with Server(mirror) as server:
                # alpha: the hit in 1.0 (2024), fixed in 2.0 (2025).
                publish(mirror, 'alpha', '1.0', {'alpha/core.py': BUG, 'alpha/util.py': SHARED},
                        uploaded='2024-03-01T00:00:00Z')
                publish(mirror, 'alpha', '2.0', {'alpha/core.py': FIXED, 'alpha/util.py': SHARED},
                        uploaded='2025-03-01T00:00:00Z')
                # beta: created after the first date, with a hit.
                publish(mirror, 'beta', '0.1', {'beta/b.py': BUG + b'# beta\n'}, uploaded='2025-01-15T00:00:00Z')
                # gamma: 1.0 in 2024, a yanked 1.1 in 2025: the second date still takes 1.0.
                publish(mirror, 'gamma', '1.0', {'gamma/g.py': b'x = 1\n'}, uploaded='2024-02-01T00:00:00Z')
                publish(mirror, 'gamma', '1.1', {'gamma/g.py': BUG + b'# gamma\n'}, uploaded='2025-02-01T00:00:00Z',
                        yanked=True)
                db = os.path.join(tmp, 'store.sqlite')
                proc = run('run', '--top', 10, '--list', server.url + '/top.json', '--index-url', server.url,
                           '--as-of', '2024-10-17,2025-10-07', '--db', db, '--dest', os.path.join(tmp, 'files'),
                           '--quiet', '--backoff', '0.1', check=False)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn('snapshot as of 2024-10-17', proc.stderr)
            self.assertIn('snapshot as of 2025-10-07', proc.stderr)
            report = json.loads(run('report', '--db', db, '--format', 'json').stdout)
            by_date = {s['label'].split('as of ')[1].rstrip(')'): s for s in report['selections']}
            self.assertEqual(sorted(by_date), ['2024-10-17', '2025-10-07'])
            first, second = by_date['2024-10-17'], by_date['2025-10-07']
            # 2024: alpha 1.0 (the hit) and gamma 1.0; beta did not exist yet, and says why.
            self.assertEqual((first['listed'], first['counted'], first['rate']['hits']), (3, 2, 1))
            (absent,) = first['left_out']
            self.assertEqual(absent['package'], 'beta')
            self.assertIn('2024-10-17', absent['reason'])
            # 2025: alpha 2.0 (fixed), beta 0.1 (its hit), gamma 1.0 (1.1 is yanked).
            self.assertEqual((second['listed'], second['counted'], second['rate']['hits']), (3, 3, 1))
            versions = dict(query(db, "SELECT p.name, s.version FROM selected s JOIN packages p ON p.id = s.package_id "
                                      "JOIN selections x ON x.id = s.selection_id WHERE x.as_of = '2025-10-07'"))
            self.assertEqual(versions, {'alpha': '2.0', 'beta': '0.1', 'gamma': '1.0'})
            # A content both dates hold (alpha/util.py) is stored and analyzed once.
            shared = query(db, "SELECT count(*) FROM contents WHERE size = ?", len(SHARED))
            self.assertEqual(shared, [(1,)])
            # pep765 trend, figure by figure.
            trend = json.loads(run('trend', '--db', db, '--format', 'json').stdout)
            snaps = trend['snapshots']
            self.assertEqual([s['as_of'] for s in snaps], ['2024-10-17', '2025-10-07'])
            self.assertEqual([s['packages'] for s in snaps], [2, 3])
            self.assertEqual([(s['cpython']['hits'], s['exits']['hits']) for s in snaps], [(1, 1), (1, 1)])
            lines_2024 = 7 + 20 + 1                  # alpha 1.0 core.py and util.py, gamma 1.0
            lines_2025 = 5 + 20 + 8 + 1              # alpha 2.0, beta 0.1, gamma 1.0
            self.assertEqual([s['cpython']['lines'] for s in snaps], [lines_2024, lines_2025])
            self.assertAlmostEqual(snaps[0]['cpython']['per_million'], 1e6 / lines_2024)
            self.assertEqual([s['by_category'] for s in snaps], [{'bug': 1, 'intentional': 0, 'test': 0, 'review': 0}] * 2)
            self.assertEqual([[(b['band'], b['packages'], b['cpython']['hits'], b['cpython']['lines'])
                               for b in s['by_rank_band']] for s in snaps],
                             [[('ranks 1-100', 2, 1, lines_2024)], [('ranks 1-100', 3, 1, lines_2025)]])
            life = trend['hit_life']
            self.assertEqual(life['hits'], 1)       # alpha's, in 1.0
            (later,) = life['fixed_by']
            self.assertEqual(later['fixed'], 1)
            self.assertEqual(later['median_days_to_fix'], 365)   # 1.0 uploaded 2024-03-01, 2.0 on 2025-03-01
            self.assertEqual(later['hits'][0]['was_in'], '1.0')
            self.assertEqual(later['hits'][0]['fixed_in'], '2.0')
            self.assertEqual(life['still_there'], [])
            text = run('trend', '--db', db).stdout
            self.assertIn('fixed by top 10 (list of 2024-10-17), as of 2025-10-07: 1 (median 365 days', text)
            self.assertIn('still there at the last snapshot: 0', text)
            self.assertEqual(trend['change'], 'down from 35714.29 to 29411.76 per million lines (the 95% intervals overlap)')
            md = run('trend', '--db', db, '--format', 'markdown').stdout
            self.assertIn('| top 10 (list of 2024-10-17), as of 2025-10-07 | 3 | 34 | 1 |', md)
            # The category table counts review apart, as the report does (test, intentional, bug, review).
            self.assertIn('| snapshot | test | intentional | bug | review | rank band |', md)
            self.assertIn('| top 10 (list of 2024-10-17), as of 2025-10-07 | 0 | 0 | 1 | 0 | ranks 1-100 | 3 |', md)
            # The HTML chart: each snapshot, the PEP's rate and Python 3.14's release marked; rendered
            # in headless Chromium (a screenshot where PEP765_TREND_SCREENSHOT names a file).
            page = os.path.join(tmp, 'trend.html')
            run('trend', '--db', db, '--format', 'html', '--out', page)
            with open(page) as f:
                html = f.read()
            for marker in ('id="trend-chart"', 'id="pep-line"', 'id="release-line"', 'Python 3.14 released (2025-10-07)',
                           '<circle', 'id="snapshots"', 'id="life"'):
                self.assertIn(marker, html)
            self.assertEqual(html.count('<circle'), 2)
            self.assertIn('<th class="n">bug</th><th class="n">review</th>', html)
            chromium = shutil.which('chromium')
            if chromium:
                flags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--user-data-dir=' + os.path.join(tmp, 'c')]
                dom = subprocess.run([chromium] + flags + ['--dump-dom', 'file://' + page], capture_output=True,
                                     text=True, timeout=120).stdout
                self.assertIn('id="trend-chart"', dom)
                shot = os.environ.get('PEP765_TREND_SCREENSHOT')
                if shot:
                    subprocess.run([chromium] + flags + ['--screenshot=' + shot, '--window-size=950,800', 'file://' + page],
                                   capture_output=True, timeout=120)

    def test_a_bad_date_among_several_is_a_usage_error(self):
        proc = run('run', '--top', 5, '--as-of', '2024-10-17,2025-02-30', check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("a real date, not '2025-02-30'", proc.stderr)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    unittest.main(verbosity=2)
