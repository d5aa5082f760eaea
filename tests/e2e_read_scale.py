#!/usr/bin/env python3
"""End to end: every read command (and merge) does work linear in the store, never its square.

Time is no test of that (it measures the machine's load too), so this counts what the query
plans do: `--timings` prints SQLite's virtual machine steps, in thousands, over every
connection. A census of two releases per project (the study's pick and the latest, so the
picks' comparison and each selection's accounting run) with hits, a wheel and an sdist each and
an archive analyzed from a path is replicated x2 and x32 (scripts/replicate-store); each command
of scripts/bench-read's list then runs on both, and its steps may grow at most 1.5 times the
rows' 16 (the slack: B-tree depth, sorts; linear plans grow 11-17 times here). A plan that walks
one table per row of another grows with the square: the correlated look-up of a selection's
counted artifacts per member (in selection_members, and again in picked_releases) grew 47 times
from x1 to x16 on the dev census, and 41 times here, where this test failed on each. Steps do
not see I/O: merge's copy of files in hash-index order did the same steps, in random order.

usage: e2e_read_scale.py PEP765_BINARY
"""
import importlib.machinery, importlib.util, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, Mirror, Server, publish, run  # noqa: E402

SCRIPTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'scripts')
PROJECTS = 40
SMALL, LARGE = 2, 32
SLACK = 1.5


def bench_read():
    """scripts/bench-read as a module: its list of commands is the one timed at scale."""
    path = os.path.join(SCRIPTS, 'bench-read')
    loader = importlib.machinery.SourceFileLoader('bench_read', path)
    spec = importlib.util.spec_from_loader('bench_read', loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def census(tmp):
    """A store: PROJECTS projects, each with an older release (the study's pick sorts it last:
    '9.0' > '10.0' as text) and the latest, a third of them with a hit, and an archive from a path."""
    db = os.path.join(tmp, 'store.sqlite')
    mirror = Mirror()
    with Server(mirror) as server:
        for i in range(PROJECTS):
            name = f'proj{i:02d}'
            body = {f'{name}/core.py': (HIT if i % 3 == 0 else b'def f():\n    return 1\n') + f'# {i}\n'.encode(),
                    f'{name}/util.py': f'X = {i}\n'.encode(),
                    f'{name}/more/deep.py': b'import os\n' * (i + 1)}
            publish(mirror, name, '9.0', body, uploaded='2024-01-01T00:00:00Z')
            publish(mirror, name, '10.0', dict(body, **{f'{name}/new.py': HIT + f'# new {i}\n'.encode()}))
        run('run', '--top', PROJECTS, '--list', server.url + '/top.json', '--index-url', server.url,
            '--pick', 'study,latest', '--db', db, '--dest', os.path.join(tmp, 'files'), '--quiet', '--backoff', '0.1')
    harness.analyze_local_sdist(db, tmp, 'gamma-3.0', {'gamma/g.py': HIT + b'# gamma\n'})
    return db


class ReadScale(harness.ScratchCase):
    prefix = 'pep765-read-scale-'

    @classmethod
    def prepare(cls):
        base = census(cls.dir)
        cls.stores = {k: harness.replicate_store(base, k, os.path.join(cls.dir, f'x{k}.sqlite')) for k in (SMALL, LARGE)}
        cls.bench = bench_read()

    def steps(self, args, out_dir):
        self.bench.clear_outputs(out_dir)
        proc = run(*args, '--timings', timeout=300)
        steps = self.bench.sql_steps(proc.stderr)
        self.assertIsNotNone(steps, f'{args}: --timings printed no SQLite steps:\n{proc.stderr}')
        return steps

    def test_the_census_holds_what_the_commands_read(self):
        summary = harness.summary(self.stores[SMALL])
        self.assertEqual(len(summary['selections']), 2)        # the study's pick and the latest
        self.assertGreater(summary['unique_hits']['cpython'], PROJECTS // 3)

    def test_every_read_command_grows_linearly(self):
        out_dir = os.path.join(self.dir, 'out')
        os.makedirs(out_dir, exist_ok=True)
        small = dict(self.bench.commands(self.stores[SMALL], out_dir))
        large = dict(self.bench.commands(self.stores[LARGE], out_dir))
        self.assertGreaterEqual(len(small), 14)
        bound = SLACK * LARGE / SMALL
        for name in small:
            with self.subTest(command=name):
                a, b = self.steps(small[name], out_dir), self.steps(large[name], out_dir)
                self.assertGreater(a, 0)
                self.assertLessEqual(b / a, bound, f'{name}: {a} thousand SQLite steps at x{SMALL}, {b} at x{LARGE} '
                                                   f'({b / a:.1f} times for {LARGE // SMALL} times the rows)')


if __name__ == '__main__':
    harness.main()
