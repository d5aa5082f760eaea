#!/usr/bin/env python3
"""End to end: scripts/replicate-store (a store's census K times, for timing read commands at
scale) and the read side's counted artifacts (sql/census.h, decided once per command) against
the store's own `counted_artifacts` view, on a census with a replaced release and an archive
analyzed from a path.

usage: e2e_replicate.py PEP765_BINARY
"""
import json, os, subprocess, sys, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, Mirror, Server, publish, query, run  # noqa: E402

REPLICATE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'scripts', 'replicate-store')
K = 3


def flat(figures, prefix=''):
    """{dotted key: int} of a summary's figures."""
    out = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            out.update(flat(value, f'{prefix}{key}.'))
        elif isinstance(value, int):
            out[prefix + key] = value
    return out


def census_with_a_replaced_release_and_a_local_archive(tmp):
    """A store: alpha (a hit) and beta from a top list, alpha 1.0 then replaced by 2.0, and
    gamma's sdist analyzed from a path."""
    db = os.path.join(tmp, 'store.sqlite')
    mirror = Mirror()
    with Server(mirror) as server:
        publish(mirror, 'alpha', '1.0', {'alpha/core.py': HIT, 'alpha/util.py': b'x = 1\n'})
        publish(mirror, 'beta', '0.1', {'beta/b.py': b'def b():\n    return 1\n'})
        args = ('run', '--top', 10, '--list', server.url + '/top.json', '--index-url', server.url,
                '--db', db, '--dest', os.path.join(tmp, 'files'), '--quiet', '--backoff', '0.1')
        run(*args)
        # A newer alpha replaces 1.0: its files stay stored, out of the census.
        publish(mirror, 'alpha', '2.0', {'alpha/core.py': HIT + b'# 2.0\n', 'alpha/util.py': b'x = 1\n'})
        run(*args)
    harness.analyze_local_sdist(db, tmp, 'gamma-3.0', {'gamma/g.py': HIT + b'# gamma\n'})
    return db


class Replicate(harness.ScratchCase):
    prefix = 'pep765-replicate-'

    @classmethod
    def prepare(cls):
        cls.db = census_with_a_replaced_release_and_a_local_archive(cls.dir)
        cls.copy = harness.replicate_store(cls.db, K, os.path.join(cls.dir, f'x{K}.sqlite'))

    def test_counted_as_the_view_counts(self):
        # The store's view (per-file, slow) and the read side's one-pass decision agree.
        for db in (self.db, self.copy):
            viewed = query(db, 'SELECT count(*) FROM counted_artifacts')[0][0]
            stored = query(db, 'SELECT count(*) FROM artifacts')[0][0]
            self.assertLess(viewed, stored)  # the replaced release is stored, not counted
            summary = json.loads(run('summary', '--db', db, '--json').stdout)
            self.assertEqual(summary['artifacts']['total'], viewed)
            files = query(db, 'SELECT count(*) FROM files f JOIN counted_artifacts a ON a.id = f.artifact_id')[0][0]
            self.assertEqual(summary['files'], files)

    def test_per_artifact_figures_scale_unique_ones_do_not(self):
        base = flat(json.loads(run('summary', '--db', self.db, '--json').stdout))
        copy = flat(json.loads(run('summary', '--db', self.copy, '--json').stdout))
        self.assertEqual(base.keys(), copy.keys())
        for key, value in base.items():
            unique = key.startswith('unique')
            self.assertEqual(copy[key], value if unique else K * value, key)
        self.assertGreater(base['per_artifact.hits.cpython'], 0)

    def test_report_counts_each_copy_as_a_package(self):
        base = json.loads(run('report', '--db', self.db, '--format', 'json').stdout)
        copy = json.loads(run('report', '--db', self.copy, '--format', 'json').stdout)
        self.assertEqual(copy['packages'], K * base['packages'])
        self.assertEqual(len(copy['per_package']), K * len(base['per_package']))
        self.assertEqual(copy['hits']['per_artifact'], K * base['hits']['per_artifact'])
        self.assertEqual(copy['hits']['unique'], base['hits']['unique'])
        self.assertEqual(copy['rate'], base['rate'])
        # The same selection, each copy at the original's rank.
        (sel,) = copy['selections']
        self.assertEqual(sel['counted'], K * base['selections'][0]['counted'])
        names = {p['package'] for p in copy['per_package']}
        self.assertIn('alpha', names)
        self.assertIn(f'r{K - 1}xalpha', names)
        self.assertIn(f'r{K - 1}xgamma', names)  # the local archive's copy, named by its file
        ranks = {p['package']: p['rank'] for p in copy['per_package']}
        self.assertEqual(ranks['r1xalpha'], ranks['alpha'])
        self.assertGreater(ranks['alpha'], 0)

    def test_hits_lists_every_copy(self):
        base = run('hits', '--db', self.db, '--rule', 'any').stdout.splitlines()
        copy = run('hits', '--db', self.copy, '--rule', 'any').stdout.splitlines()
        self.assertEqual(len(copy) - 1, K * (len(base) - 1))

    def test_refuses_an_existing_output(self):
        proc = subprocess.run([sys.executable, REPLICATE, self.db, '2', self.copy], capture_output=True, text=True)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn('exists', proc.stderr)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    unittest.main()
