#!/usr/bin/env python3
"""End to end: `run --pick study,latest` on a loopback mirror made from the pick-rule table
(tests/data/pick_cases.json): version histories that cross a digit boundary (1.9 / 1.10), date
versions, a pre-release sorting last, a last-sorting release with no files, only a wheel, only a
.zip or an upper-case .TAR.GZ, a yanked newest, an epoch, a non-ASCII key, a built .tar.gz before
the sdist. The hits live in the old releases and are fixed in the new ones. One run makes two
selections; each project's release under each pick is the table's; the study's selection counts
sdists only; the report sets the picks side by side, with the study's stale hits named, in every
format; summary gives each selection's pick.

usage: e2e_picks.py PEP765_BINARY
"""
import json, os, sqlite3, sys, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, MirrorCase, query, run, sdist_bytes, wheel_bytes  # noqa: E402

CASES = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'pick_cases.json')))['cases']
# One run, without --as-of: the table's --as-of cases are the unit test's.
CASES = [c for c in CASES if 'as_of' not in c]
FIXED = b'def f():\n    try:\n        return g()\n    except Exception:\n        return 2\n'


def module(case, release):
    """The release's module: the hit in the releases that have it, fixed in the others; each
    release's bytes its own."""
    return (HIT if release.get('hit') else FIXED) + f'# {case["name"]} {release["version"]}\n'.encode()


def build(mirror):
    for rank, case in enumerate(CASES):
        name = case['name']
        releases = {}
        for r in case['releases']:
            stem = r.get('stem', f'{name}-{r["version"]}')
            modules = {f'{name.replace("-", "_")}/core.py': module(case, r)}
            uploaded = r['uploaded'] + 'T12:00:00Z' if r['uploaded'] else ''
            entries = []
            for kind in r['files']:
                if kind in ('sdist', 'TAR.GZ', 'dumb'):
                    fn = stem + {'sdist': '.tar.gz', 'TAR.GZ': '.TAR.GZ', 'dumb': '.linux-x86_64.tar.gz'}[kind]
                    mirror.add_file(fn, sdist_bytes(stem, modules))
                    entries.append(mirror.file_entry(fn, 'bdist_dumb' if kind == 'dumb' else 'sdist', uploaded=uploaded,
                                                     yanked=r.get('yanked', False)))
                elif kind == 'zip':
                    fn = stem + '.zip'
                    mirror.add_file(fn, wheel_bytes({f'{stem}/{p}': d for p, d in modules.items()}))
                    entries.append(mirror.file_entry(fn, 'sdist', uploaded=uploaded))
                elif kind == 'wheel':
                    fn = f'{name.replace("-", "_")}{stem[len(name):]}-py3-none-any.whl'
                    mirror.add_file(fn, wheel_bytes(modules))
                    entries.append(mirror.file_entry(fn, 'bdist_wheel', uploaded=uploaded,
                                                     yanked=r.get('yanked', False)))
            releases[r['version']] = entries  # in upload order, as the table lists them: never sorted
        mirror.add_project(name, case['info_version'], releases, 100000 - rank)


def release_of(case, version):
    return next(r for r in case['releases'] if r['version'] == version)


class Picks(MirrorCase):
    prefix = 'pep765-picks-'

    @classmethod
    def prepare(cls):
        mirror = cls.mirror
        mirror.base = cls.server.url
        build(mirror)
        cls.db = os.path.join(cls.dir, 'store.sqlite')
        cls.proc = run('run', '--top', len(CASES), '--list', cls.server.url + '/top.json', '--index-url',
                       cls.server.url, '--pick', 'study,latest', '--db', cls.db, '--dest',
                       os.path.join(cls.dir, 'files'), '--quiet', '--backoff', '0.1', check=False)
        cls.report = json.loads(run('report', '--db', cls.db, '--format', 'json').stdout)

    def test_one_run_makes_two_selections(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        self.assertIn('snapshot study pick', self.proc.stderr)
        self.assertIn('snapshot latest pick', self.proc.stderr)
        self.assertEqual(query(self.db, 'SELECT kind, pick FROM selections ORDER BY id'),
                         [('top', 'study'), ('top', 'latest')])
        self.assertEqual([s['pick'] for s in self.report['provenance']['selections']], ['study', 'latest'])

    def test_each_pick_takes_the_tables_release(self):
        rows = query(self.db, 'SELECT x.pick, p.name, s.status, s.version, s.reason, s.released FROM selected s '
                              'JOIN packages p ON p.id = s.package_id JOIN selections x ON x.id = s.selection_id')
        got = {(pick, name): (status, version, reason, released) for pick, name, status, version, reason, released in rows}
        for case in CASES:
            with self.subTest(case=case['name']):
                status, version, reason, released = got[('study', case['name'])]
                if 'missing' in case['study']:
                    # As the study counted it: missing, with the reason.
                    self.assertEqual((status, version, reason), ('no_release', None, case['study']['missing']))
                else:
                    self.assertEqual((status, version), ('found', case['study']['version']))
                    self.assertEqual(released[:10], release_of(case, version)['uploaded'])
                status, version, reason, released = got[('latest', case['name'])]
                self.assertEqual((status, version), ('found', case['latest']['version']))
        # The study fetched its one file per project and no wheel.
        study_files = {f for (f,) in query(self.db, "SELECT filename FROM downloads WHERE kind = 'sdist'")}
        for case in CASES:
            if 'file' in case['study']:
                self.assertIn(case['study']['file'], study_files)

    def test_the_study_selection_counts_sdists_only(self):
        study, latest = self.report['selections']
        self.assertEqual((study['pick'], latest['pick']), ('study', 'latest'))
        found = [c for c in CASES if 'file' in c['study']]
        self.assertEqual(study['counted'], len(found))
        # One artifact per project: the .tar.gz, though the latest pick fetched a wheel of the same release.
        self.assertEqual(study['artifacts'], len(found))
        self.assertIn('study pick', study['label'])
        # Its hits: the releases with a hit the study took, each once.
        self.assertEqual(study['rate']['hits'], sum(1 for c in found if release_of(c, c['study']['version']).get('hit')))

    def test_the_report_compares_the_picks(self):
        (c,) = self.report['pick_comparisons']
        self.assertNotIn('study pick', c['label'])
        self.assertEqual(c['projects'], len(CASES))
        missing = [x['name'] for x in CASES if 'missing' in x['study']]
        self.assertEqual(c['missing_under_study'], len(missing))
        same = [x['name'] for x in CASES if x['study'].get('version') == x['latest']['version']]
        self.assertEqual(c['same_release'], len(same))
        self.assertEqual(c['different_release'], len(CASES) - len(same) - len(missing))
        per = {p['package']: p for p in c['per_project']}
        self.assertEqual(per['digits']['study']['version'], '1.9')
        self.assertEqual(per['digits']['latest']['version'], '1.10')
        self.assertEqual(per['digits']['study']['released'][:10], '2019-06-10')
        self.assertEqual(per['digits']['study']['hits']['cpython'], 1)
        self.assertEqual(per['digits']['latest']['hits']['cpython'], 0)
        self.assertEqual(per['nofiles']['study']['reason'], 'the last-sorting release 1.1 has no .tar.gz')
        self.assertIsNone(per['nofiles']['study']['version'])
        # The out-of-date hits: in the study's stale release, gone from the latest pick's.
        expected = sorted((x['name'], x['study']['version'], x['latest']['version']) for x in CASES
                          if 'version' in x['study'] and x['study']['version'] != x['latest']['version']
                          and release_of(x, x['study']['version']).get('hit')
                          and not release_of(x, x['latest']['version']).get('hit'))
        self.assertEqual(len(expected), 7)
        got = sorted((h['package'], h['study_version'], h['latest_version']) for h in c['out_of_date'])
        self.assertEqual(got, expected)
        # 'same' keeps its hit under both picks: in both, out of date in neither.
        self.assertEqual(c['study']['hits'], len(expected) + 1)
        self.assertEqual(c['latest']['hits'], 1)
        self.assertEqual(c['only_in_latest'], 0)
        self.assertEqual(c['study']['cpython']['hits'], len(expected) + 1)
        self.assertGreater(c['study']['cpython']['per_million'], c['latest']['cpython']['per_million'])

    def test_every_format_shows_the_comparison(self):
        text = run('report', '--db', self.db).stdout
        self.assertIn("the study's pick beside the latest: top ", text)
        self.assertIn('out of date: 7 of the study pick', text)
        self.assertIn('digits core.py', text.replace('digits digits/core.py', 'digits core.py'))
        self.assertIn('pick study (as PEP 765', text)
        self.assertIn('pick latest (the release pip would install', text)
        md = run('report', '--db', self.db, '--format', 'markdown').stdout
        self.assertIn("## The study's pick beside the latest", md)
        self.assertIn('| digits | 1.9 (2019-06-10) |', md)
        html = run('report', '--db', self.db, '--format', 'html').stdout
        self.assertIn('class="picks"', html)
        self.assertIn('id="pick-chart-1"', html)
        self.assertIn('nonascii 1.0-\u00e9t\u00e9', html.replace('<td>', ' ').replace('</td>', ''))

    def test_summary_names_each_pick(self):
        s = harness.summary(self.db)
        self.assertEqual([(x['pick'], x['kind']) for x in s['selections']], [('study', 'top'), ('latest', 'top')])
        text = run('summary', '--db', self.db).stdout
        self.assertIn('study pick', text)
        self.assertIn('latest pick', text)

    def test_trend_tells_the_picks_apart(self):
        t = json.loads(run('trend', '--db', self.db, '--format', 'json').stdout)
        self.assertEqual(sum('study pick' in s['label'] for s in t['snapshots']), 1)

    def test_a_rerun_keeps_the_two_selections(self):
        before = query(self.db, 'SELECT id, pick FROM selections ORDER BY id')
        proc = run('run', '--top', len(CASES), '--list', self.server.url + '/top.json', '--index-url', self.server.url,
                   '--pick', 'study', '--db', self.db, '--dest', os.path.join(self.dir, 'files'), '--quiet',
                   check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(query(self.db, 'SELECT id, pick FROM selections ORDER BY id'), before)

    def test_study_takes_no_wheels(self):
        proc = run('fetch', '--top', 1, '--list', self.server.url + '/top.json', '--index-url', self.server.url,
                   '--pick', 'study', '--kinds', 'wheel', '--db', os.path.join(self.dir, 'other.sqlite'), check=False)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn('sdists only', proc.stderr)


if __name__ == '__main__':
    harness.main()
