#!/usr/bin/env python3
"""End to end: a wheel read by ranges leaves out the .py members its release's sdist already
gave (issue 30 point 2). The mirror of e2e_ranges (three projects, each an sdist and a big wheel
holding the sdist's three modules byte for byte plus one of its own) is served by
scripts/serve-mirror; `run` hands each sdist to the analysis first, and reads of the wheel only
the member the sdist lacks. Files, lines and hits equal a `--whole-files` run and a
`--verify-duplicates` run (which reads every member); the members left out, and their bytes,
are in the store, `summary` and the report; `fetch` alone leaves out only what the store's
analysis already holds, and a later `analyze` counts those members as the sdist's contents.

usage: e2e_sdist_gave.py PEP765_BINARY
"""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import query, run  # noqa: E402
from e2e_ranges import Served, build, cost, figures  # noqa: E402

SHARED_MODULES = 3  # per project: __init__.py, util.py, loops.py are in the sdist and the wheel


class SdistGave(harness.ScratchCase):
    prefix = 'pep765-sdist-gave-'

    @classmethod
    def prepare(cls):
        cls.root = os.path.join(cls.dir, 'mirror')
        cls.wheels = build(cls.root)
        cls.whole = cls.command('whole', 'run', '--whole-files')

    @classmethod
    def command(cls, name, command, *args, db=None, kinds='sdist,wheel'):
        base = os.path.join(cls.dir, name)
        os.makedirs(base, exist_ok=True)
        db = db or os.path.join(base, 'store.sqlite')
        with Served(cls.root, '--ranges', 'multipart') as s:
            proc = run(command, '--top', '3', '--list', s.url + '/top.json', '--index-url', s.url, '--index-api', 'json',
                       '--dest', os.path.join(cls.dir, name + '-files'), '--db', db, '--kinds', kinds, '--quiet', *args)
        return proc, db

    @staticmethod
    def summary(db):
        return json.loads(run('summary', '--db', db, '--format', 'json').stdout)

    def left_out(self, db):
        return query(db, "SELECT filename, members_left_out, bytes_left_out FROM downloads "
                         "WHERE kind = 'wheel' ORDER BY filename")

    def test_run_leaves_out_what_the_sdist_gave_and_counts_the_same(self):
        proc, db = self.command('run', 'run')
        self.assertIn(f'{3 * SHARED_MODULES} .py members of those wheels not read', proc.stderr)
        rows = self.left_out(db)
        self.assertEqual(len(rows), 3)
        for filename, members, unread in rows:
            self.assertEqual(members, SHARED_MODULES, filename)
            self.assertGreater(unread, 0, filename)
        summary = self.summary(db)
        self.assertEqual(figures(summary), figures(self.summary(self.whole[1])))
        wheel = cost(summary, 'wheel')
        self.assertEqual(wheel['members_left_out'], 3 * SHARED_MODULES)
        # Every wheel member the analysis took was read or given: none failed for its holes.
        self.assertEqual(query(db, "SELECT name, status FROM artifacts WHERE status <> 'ok'"), [])
        report = run('report', '--db', db).stdout
        self.assertIn("not read: the release's sdist gave them", report)

        # --verify-duplicates reads every member: the same figures, more bytes, none left out.
        proc, vdb = self.command('verify', 'run', '--verify-duplicates')
        verified = self.summary(vdb)
        self.assertEqual(figures(verified), figures(summary))
        self.assertEqual(cost(verified, 'wheel')['members_left_out'], 0)
        self.assertGreater(cost(verified, 'wheel')['read_bytes'], wheel['read_bytes'])
        self.assertEqual([r[1:] for r in self.left_out(vdb)], [(0, 0)] * 3)

    def test_fetch_alone_leaves_out_only_what_the_store_has_analyzed(self):
        # Nothing analyzed yet: every .py member is read.
        _, db = self.command('fetch-first', 'fetch')
        self.assertEqual([r[1] for r in self.left_out(db)], [0, 0, 0])
        # The sdists analyzed, then the wheels fetched afresh into the same store: the sdists'
        # modules are left out, and analyze counts them as the sdists' contents.
        _, db = self.command('two-steps', 'fetch', kinds='sdist')
        run('analyze', '--db', db, '--quiet', os.path.join(self.dir, 'two-steps-files'))
        self.command('two-steps', 'fetch', db=db, kinds='wheel')
        self.assertEqual([r[1] for r in self.left_out(db)], [SHARED_MODULES] * 3)
        run('analyze', '--db', db, '--quiet', os.path.join(self.dir, 'two-steps-files'))
        self.assertEqual(query(db, "SELECT name, status FROM artifacts WHERE status <> 'ok'"), [])
        self.assertEqual(figures(self.summary(db)), figures(self.summary(self.whole[1])))

    def test_a_pure_wheel_is_read_by_ranges_only_for_what_its_sdist_gave(self):
        """A pure wheel (-any.whl) is nearly all .py: ranges alone save nothing, so it is read
        whole, unless its release's sdist is taken too: then only what the sdist lacks is read."""
        root = os.path.join(self.dir, 'pure-mirror')
        pure = pure_mirror(root)
        with harness.ServedMirror(root, '--shape', 'json', '--ranges', 'multipart') as s:
            def census(name, *args):
                db = os.path.join(self.dir, name + '.sqlite')
                run('run', '--top', '1', '--list', s.url + '/top.json', '--index-url', s.url, '--index-api', 'json',
                    '--dest', os.path.join(self.dir, name + '-files'), '--db', db, '--quiet', *args)
                return db
            ranged, whole, wheel_only = census('pure'), census('pure-whole', '--whole-files'), census(
                'pure-wheel-only', '--kinds', 'wheel')
        self.assertEqual(figures(self.summary(ranged)), figures(self.summary(whole)))
        read_as, bytes_read, members = query(ranged, "SELECT read_as, bytes_read, members_left_out FROM downloads "
                                                     "WHERE kind = 'wheel'")[0]
        self.assertEqual((read_as, members), ('ranges', 4))
        self.assertLess(bytes_read, 0.15 * len(pure))
        # Without its sdist, the same wheel is read whole, checked against its sha256.
        self.assertEqual(query(wheel_only, "SELECT read_as, bytes_read, sha256_verified FROM downloads "
                                           "WHERE kind = 'wheel'"), [('whole', len(pure), 1)])


def pure_mirror(root):
    """One project: an sdist of four big modules (random hex: they do not compress away) and a
    pure wheel of the same four plus a small one of its own with a hit. Returns the wheel."""
    import hashlib, io, zipfile
    from e2e_ranges import TIME, sdist, write_release, write_top
    from harness import HIT
    modules = {}
    for i in range(4):
        blob = ''.join(hashlib.sha256(f'{i}:{n}'.encode()).hexdigest() for n in range(6000))
        modules[f'puri/m{i}.py'] = f'DATA = {blob!r}\n'.encode()
    wheel_modules = dict(modules, **{'puri/own.py': HIT})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for path in sorted(wheel_modules):
            z.writestr(zipfile.ZipInfo(path, TIME), wheel_modules[path], zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo('puri-1.0.dist-info/METADATA', TIME), b'Name: puri\nVersion: 1.0\n')
    wheel = buf.getvalue()
    write_release(root, 'puri', '1.0', (('puri-1.0.tar.gz', sdist('puri-1.0', modules), 'sdist'),
                                        ('puri-1.0-py3-none-any.whl', wheel, 'bdist_wheel')))
    write_top(root, ['puri'])
    assert len(wheel) > 600 << 10, len(wheel)
    return wheel


if __name__ == '__main__':
    harness.main()
