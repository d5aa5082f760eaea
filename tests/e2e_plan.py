#!/usr/bin/env python3
"""End to end: `fetch --plan` and `--max-total` with the real binary against a loopback mirror.

The plan resolves every project and says what a fetch would download, touching nothing; the
fetch that follows downloads exactly that, byte for byte. --max-total caps a run by declared
size (bytes received where the index declares none), in list order, sdist before wheel; a
rerun with a higher cap goes on.

usage: e2e_plan.py PEP765_BINARY
"""
import json, os, sys, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, publish, query, run, scratch  # noqa: E402


def fetched_files(dest):
    """The files under `dest` a fetch left: every one but the lock (no .part may remain)."""
    return [os.path.join(r, f) for r, _, fs in os.walk(dest) for f in fs if f != '.pep765.lock']


def build_mirror(m):
    """Six projects in list order: two whole, one without a wheel, one unknown to the index,
    one whose release has no files, and one whose sdist the index gives no size for."""
    for i, name in enumerate(('alpha', 'beta')):
        publish(m, name, f'1.{i}', {f'{name}/__init__.py': HIT + os.urandom(300 + 200 * i).hex().encode()})
    publish(m, 'gamma', '2.0', {'gamma/__init__.py': HIT}, wheel=False)
    m.top.append({'project': 'nowhere', 'download_count': 1})
    m.add_project('empty', '0.1', {'0.1': []}, 500)
    publish(m, 'nosize', '3.0', {'nosize/__init__.py': HIT + os.urandom(2000).hex().encode()}, wheel=False)
    del m.projects['nosize']['releases']['3.0'][0]['size']


class SmallMirror(harness.MirrorCase):
    """The mirror of build_mirror, and a top-10 fetch of it."""

    @classmethod
    def prepare(cls):
        build_mirror(cls.mirror)

    def fetch(self, dest, db, *more, check=True):
        return run('fetch', '--top', '10', '--list', self.server.url + '/top.json', '--index-url', self.server.url,
                   '--dest', dest, '--db', db, '--quiet', *more, check=check)


class Plan(SmallMirror):
    prefix = 'pep765-plan-'

    def plan(self, dest, db, *more):
        out = self.fetch(dest, db, '--plan', '--format', 'json', *more)
        doc = json.loads(out.stdout)
        self.assertEqual(doc['format_version'], 1)
        self.assertEqual(len(doc['plans']), 1)
        return doc['plans'][0], out

    def test_plan_touches_nothing_and_fetch_carries_it_out_byte_for_byte(self):
        with scratch() as tmp:
            dest, db = os.path.join(tmp, 'files'), os.path.join(tmp, 'store.sqlite')
            plan, out = self.plan(dest, db)
            self.assertIn('nothing downloaded', out.stderr)
            # Nothing on disk beyond the lock, no download recorded; the selection is.
            on_disk = [os.path.join(r, f) for r, _, fs in os.walk(dest) for f in fs]
            self.assertEqual([os.path.basename(p) for p in on_disk], ['.pep765.lock'])
            self.assertEqual(query(db, 'SELECT count(*) FROM downloads'), [(0,)])
            self.assertEqual(dict(query(db, 'SELECT p.name, s.status FROM selected s JOIN packages p '
                                            'ON p.id = s.package_id')),
                             {'alpha': 'found', 'beta': 'found', 'gamma': 'found', 'nosize': 'found',
                              'nowhere': 'not_found', 'empty': 'no_release'})
            # In list order, sdist before wheel, sizes as declared.
            files = [(f['project'], f['kind'], f['filename'], f['size'], f['fate']) for f in plan['files']]
            m = self.mirror.files
            self.assertEqual(files, [
                ('alpha', 'sdist', 'alpha-1.0.tar.gz', len(m['alpha-1.0.tar.gz']), 'download'),
                ('alpha', 'wheel', 'alpha-1.0-py3-none-any.whl', len(m['alpha-1.0-py3-none-any.whl']), 'download'),
                ('beta', 'sdist', 'beta-1.1.tar.gz', len(m['beta-1.1.tar.gz']), 'download'),
                ('beta', 'wheel', 'beta-1.1-py3-none-any.whl', len(m['beta-1.1-py3-none-any.whl']), 'download'),
                ('gamma', 'sdist', 'gamma-2.0.tar.gz', len(m['gamma-2.0.tar.gz']), 'download'),
                ('nosize', 'sdist', 'nosize-3.0.tar.gz', None, 'download')])
            self.assertEqual(sorted((p['project'], p['status']) for p in plan['unplanned']),
                             [('empty', 'no_release'), ('nowhere', 'not_found')])
            totals = plan['totals']
            declared = [f for f in plan['files'] if f['size'] is not None]
            self.assertEqual(totals['sdist']['download'], {'files': 4, 'undeclared_size': 1, 'bytes': sum(
                f['size'] for f in declared if f['kind'] == 'sdist')})
            self.assertEqual(totals['wheel']['download']['files'], 2)
            self.assertTrue(plan['download_bytes_lower_bound'])

            # The fetch that follows downloads those files, each of the size the plan said.
            self.fetch(dest, db)
            got = {os.path.basename(p): os.path.getsize(p) for p in fetched_files(dest)}
            self.assertEqual(set(got), {f['filename'] for f in plan['files']})
            for f in declared:
                self.assertEqual(got[f['filename']], f['size'], f['filename'])
            self.assertEqual(sum(got[f['filename']] for f in declared), totals['all']['download']['bytes'])
            self.assertEqual(query(db, "SELECT count(*), sum(size) FROM downloads WHERE status = 'done' AND "
                                       "size > 0"), [(len(declared), totals['all']['download']['bytes'])])

            # Planned again, every file is on disk and verified: nothing left to download.
            again, _ = self.plan(dest, db)
            self.assertEqual({f['fate'] for f in again['files']}, {'on_disk'})
            self.assertEqual(again['totals']['all']['download']['files'], 0)
            self.assertEqual(again['totals']['all']['on_disk']['files'], 6)

    def test_plan_text_says_totals_and_lower_bound(self):
        with scratch() as tmp:
            out = self.fetch(os.path.join(tmp, 'files'), os.path.join(tmp, 'store.sqlite'), '--plan')
            text = out.stdout
            self.assertIn('Plan: what fetch would download (nothing was)', text)
            self.assertRegex(text, r'sdists\s+to download: 4 files, [\d,]+ bytes .* \+ 1 of undeclared size')
            self.assertRegex(text, r'wheels\s+to download: 2 files')
            self.assertIn('no size for 1 of the files to download: the total is a lower bound', text)
            self.assertIn('nowhere: not_found', text)
            self.assertIn('empty: no_release', text)

    def test_run_plan_analyzes_nothing(self):
        with scratch() as tmp:
            db = os.path.join(tmp, 'store.sqlite')
            out = run('run', '--top', '10', '--list', self.server.url + '/top.json', '--index-url', self.server.url,
                      '--dest', os.path.join(tmp, 'files'), '--db', db, '--quiet', '--plan', '--format', 'json')
            self.assertEqual(len(json.loads(out.stdout)['plans'][0]['files']), 6)
            self.assertEqual(query(db, 'SELECT count(*) FROM artifacts'), [(0,)])

    def test_random_sample_planned_touches_nothing(self):
        with scratch() as tmp:
            dest, db = os.path.join(tmp, 'files'), os.path.join(tmp, 'store.sqlite')
            out = run('fetch', '--random', '3', '--seed', '7', '--index-url', self.server.url, '--dest', dest, '--db',
                      db, '--quiet', '--plan', '--format', 'json')
            plan = json.loads(out.stdout)['plans'][0]
            drawn = query(db, 'SELECT p.name FROM selected s JOIN packages p ON p.id = s.package_id '
                              'WHERE s.in_sample = 1')
            self.assertEqual(len(drawn), 3)
            self.assertEqual({f['project'] for f in plan['files']}, {name for name, in drawn})
            self.assertEqual(fetched_files(dest), [])
            self.assertEqual(query(db, 'SELECT count(*) FROM downloads'), [(0,)])

    def test_format_needs_plan(self):
        with scratch() as tmp:
            out = self.fetch(os.path.join(tmp, 'files'), os.path.join(tmp, 'store.sqlite'), '--format', 'json',
                             check=False)
            self.assertEqual(out.returncode, 2, out.stderr)
            self.assertIn('--plan', out.stderr)


class MaxTotal(SmallMirror):
    prefix = 'pep765-max-total-'

    def statuses(self, db):
        return dict(query(db, 'SELECT filename, status FROM downloads'))

    def test_cap_in_list_order_then_a_rerun_with_a_higher_cap_goes_on(self):
        m = self.mirror.files
        # alpha's two files and beta's sdist fit; beta's wheel does not, nor anything after it,
        # though gamma's sdist alone would.
        cap = len(m['alpha-1.0.tar.gz']) + len(m['alpha-1.0-py3-none-any.whl']) + len(m['beta-1.1.tar.gz'])
        self.assertLess(len(m['gamma-2.0.tar.gz']), len(m['beta-1.1-py3-none-any.whl']))
        with scratch() as tmp:
            dest, db = os.path.join(tmp, 'files'), os.path.join(tmp, 'store.sqlite')
            plan = json.loads(self.fetch(dest, db, '--plan', '--format', 'json', '--max-total', cap).stdout)['plans'][0]
            out = self.fetch(dest, db, '--max-total', cap)
            self.assertEqual(out.returncode, 0)
            want = {'alpha-1.0.tar.gz': 'done', 'alpha-1.0-py3-none-any.whl': 'done', 'beta-1.1.tar.gz': 'done',
                    'beta-1.1-py3-none-any.whl': 'skipped', 'gamma-2.0.tar.gz': 'skipped',
                    'nosize-3.0.tar.gz': 'skipped'}
            self.assertEqual(self.statuses(db), want)
            # The plan with the same cap said the same.
            self.assertEqual({f['filename']: 'done' if f['fate'] == 'download' else 'skipped' for f in plan['files']},
                             want)
            self.assertEqual([f['fate'] for f in plan['files']].count('over_max_total'), 3)
            self.assertEqual(out.stderr.count('over --max-total'), 1, out.stderr)
            self.assertIn(f'3 files skipped: over --max-total {cap} bytes', out.stderr)
            self.assertEqual(query(db, "SELECT DISTINCT error FROM downloads WHERE status = 'skipped'"),
                             [(f'over --max-total {cap} bytes',)])
            self.assertEqual(sorted(os.path.basename(p) for p in fetched_files(dest)),
                             sorted(f for f, s in want.items() if s == 'done'))

            # A higher cap: the files on disk cost nothing, the rest fit up to the undeclared one.
            rest = len(m['beta-1.1-py3-none-any.whl']) + len(m['gamma-2.0.tar.gz'])
            out = self.fetch(dest, db, '--max-total', f'{rest}')
            self.assertIn('3 already there', out.stderr)
            self.assertEqual(self.statuses(db), dict(want, **{'beta-1.1-py3-none-any.whl': 'done',
                                                              'gamma-2.0.tar.gz': 'done'}))
            # The file of undeclared size is cut off at the cap (nothing is left of it) ...
            self.assertEqual(query(db, "SELECT error FROM downloads WHERE filename = 'nosize-3.0.tar.gz'"),
                             [(f'over --max-total {rest} bytes',)])
            # ... and with room for it, taken, counted by the bytes it brought.
            out = self.fetch(dest, db, '--max-total', '1M')
            self.assertEqual(self.statuses(db)['nosize-3.0.tar.gz'], 'done')
            self.assertNotIn('over --max-total', out.stderr)

    def test_undeclared_file_cut_off_at_the_cap(self):
        with scratch() as tmp:
            dest, db = os.path.join(tmp, 'files'), os.path.join(tmp, 'store.sqlite')
            # Everything before nosize is on disk already; a cap smaller than nosize's sdist.
            self.fetch(dest, db, '--max-total', '1M')
            os.remove(os.path.join(dest, 'nosize', 'nosize-3.0.tar.gz'))
            out = self.fetch(dest, db, '--max-total', '100')
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertEqual(query(db, "SELECT status, error FROM downloads WHERE filename = 'nosize-3.0.tar.gz'"),
                             [('skipped', 'over --max-total 100 bytes (the index declares no size; cut off at the '
                                          'cap)')])
            left = [f for r, _, fs in os.walk(dest) for f in fs if f.startswith('nosize')]
            self.assertEqual(left, [])

    def test_suffixes_and_bad_values(self):
        with scratch() as tmp:
            dest, db = os.path.join(tmp, 'files'), os.path.join(tmp, 'store.sqlite')
            out = self.fetch(dest, db, '--plan', '--format', 'json', '--max-total', '2K')
            self.assertEqual(json.loads(out.stdout)['plans'][0]['max_total'], 2048)
            for bad in ('5X', 'K', '-1', '1.5G', '99999999999999999999'):
                out = self.fetch(dest, db, '--max-total', bad, check=False)
                self.assertEqual(out.returncode, 2, (bad, out.stderr))
                self.assertIn(f"a byte count (digits, or with K, M, G or T), not '{bad}'", out.stderr)


class CapAcrossSnapshots(harness.MirrorCase):
    """--max-total caps the whole command: every --as-of snapshot of it together."""
    prefix = 'pep765-max-total-snapshots-'

    @classmethod
    def prepare(cls):
        publish(cls.mirror, 'delta', '1.0', {'delta/__init__.py': HIT + os.urandom(400).hex().encode()},
                uploaded='2024-09-01T00:00:00Z')
        publish(cls.mirror, 'delta', '2.0', {'delta/__init__.py': HIT + os.urandom(400).hex().encode()},
                uploaded='2024-10-01T00:00:00Z')

    def test_second_snapshot_gets_what_the_first_left(self):
        m = self.mirror.files
        first = len(m['delta-1.0.tar.gz']) + len(m['delta-1.0-py3-none-any.whl'])
        second = len(m['delta-2.0.tar.gz']) + len(m['delta-2.0-py3-none-any.whl'])
        cap = max(first, second) + 10   # each snapshot alone would fit, not both
        self.assertLess(cap, first + second)
        with scratch() as tmp:
            db = os.path.join(tmp, 'store.sqlite')
            out = run('fetch', '--top', '5', '--list', self.server.url + '/top.json', '--index-url', self.server.url,
                      '--dest', os.path.join(tmp, 'files'), '--db', db, '--quiet', '--as-of', '2024-09-15,2024-10-15',
                      '--max-total', cap)
            self.assertEqual(dict(query(db, 'SELECT filename, status FROM downloads')), {
                'delta-1.0.tar.gz': 'done', 'delta-1.0-py3-none-any.whl': 'done',
                'delta-2.0.tar.gz': 'skipped', 'delta-2.0-py3-none-any.whl': 'skipped'})
            self.assertIn(f'2 files skipped: over --max-total {cap} bytes', out.stderr)


if __name__ == '__main__':
    harness.main()
