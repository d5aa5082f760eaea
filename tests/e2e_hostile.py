#!/usr/bin/env python3
"""Hostile and odd archives, all in one `pep765 analyze` run: each gives a clear recorded error
or a correct result, the run goes on, and memory stays bounded.

usage: e2e_hostile.py PEP765_BINARY
"""
import io, os, struct, subprocess, sys, tarfile, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import make_zip, query, tar_add  # noqa: E402

HIT = b'def f():\n    try:\n        pass\n    finally:\n        return 1\n'


class Zeros(io.RawIOBase):
    """n zero bytes, read in pieces, so a bomb is built without holding it."""
    def __init__(self, n):
        self.left = n

    def readable(self):
        return True

    def readinto(self, b):
        k = min(len(b), self.left)
        b[:k] = bytes(k)
        self.left -= k
        return k


def damaged_wheel(path, members, damaged):
    """A wheel of deflated `members` whose `damaged` ones start with a block type deflate does
    not have (BFINAL=1, BTYPE=11): inflating them fails."""
    make_zip(path, members)
    with open(path, 'rb') as f:
        raw = bytearray(f.read())
    with zipfile.ZipFile(path) as z:
        for name in damaged:
            offset = z.getinfo(name).header_offset
            name_len, extra_len = struct.unpack('<HH', raw[offset + 26:offset + 30])
            raw[offset + 30 + name_len + extra_len] = 0x07
    with open(path, 'wb') as f:
        f.write(raw)


class Hostile(harness.ScratchCase):
    prefix = 'pep765-hostile-'

    @classmethod
    def prepare(cls):
        d = cls.corpus = cls.subdir('corpus')
        # A zip bomb: one .py member of 300 MB of spaces, about 300 KB packed.
        with zipfile.ZipFile(os.path.join(d, 'zipbomb-1.0.zip'), 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            with z.open('bomb/evil.py', 'w', force_zip64=True) as f:
                chunk = b' ' * (1 << 20)
                for _ in range(300):
                    f.write(chunk)
            z.writestr('bomb/after.py', HIT)
        # A tar bomb: a 400 MB member of zeros (not .py: skipping it still expands it).
        with tarfile.open(os.path.join(d, 'tarbomb-1.0.tar.gz'), 'w:gz', compresslevel=1) as t:
            tar_add(t, 'tarbomb-1.0/ok.py', HIT)
            info = tarfile.TarInfo('tarbomb-1.0/zeros.bin')
            info.size = 400 << 20
            t.addfile(info, io.BufferedReader(Zeros(info.size)))
            tar_add(t, 'tarbomb-1.0/late.py', HIT)
        # A 100 MB .py member of ordinary-looking code (compresses about 5 times: no bomb).
        cls.big_lines = 3_000_000
        big = b''.join(b'value_%07d = %d\n' % (i, i * 7919 % 1000003) for i in range(cls.big_lines))
        cls.big_size = len(big)
        with tarfile.open(os.path.join(d, 'huge-1.0.tar.gz'), 'w:gz', compresslevel=1) as t:
            tar_add(t, 'huge-1.0/huge.py', big)
            tar_add(t, 'huge-1.0/small.py', HIT)
        del big
        # Everything odd a tar can hold.
        with tarfile.open(os.path.join(d, 'odd-1.0.tar.gz'), 'w:gz', format=tarfile.PAX_FORMAT,
                          encoding='utf-8', errors='surrogateescape') as t:
            nested = b'def f():\n  try:\n    pass\n  finally:\n    x = ' + b'[' * 10000 + b']' * 10000 + b'\n    return x\n'
            tar_add(t, 'odd-1.0/nested.py', nested)
            tar_add(t, 'odd-1.0/real.py', HIT)
            tar_add(t, 'odd-1.0/link.py', b'', type=tarfile.SYMTYPE, linkname='real.py')
            tar_add(t, 'odd-1.0/hard.py', b'', type=tarfile.LNKTYPE, linkname='odd-1.0/real.py')
            tar_add(t, '/abs/evil.py', HIT)
            tar_add(t, '../../up.py', HIT)
            tar_add(t, 'odd-1.0/dup.py', b'a = 1\n')
            tar_add(t, 'odd-1.0/dup.py', HIT)
            tar_add(t, 'odd-1.0/caf\udce9.py', HIT)               # a name that is not UTF-8
            tar_add(t, 'odd-1.0/' + 'long_directory_name/' * 8 + 'deep.py', HIT)  # PAX long name
            tar_add(t, 'odd-1.0/empty.py', b'')
        with zipfile.ZipFile(os.path.join(d, 'zip64-1.0-py3-none-any.whl'), 'w') as z:
            with z.open('z64/mod.py', 'w', force_zip64=True) as f:
                f.write(HIT)
        # Wheels whose members' deflate data is damaged: one damaged member between two good
        # ones, and one of 20 damaged members before a good one.
        damaged_wheel(os.path.join(d, 'damaged-1.0-py3-none-any.whl'),
                      [('dmg/a.py', HIT), ('dmg/b.py', b'x = 1\n' * 500), ('dmg/c.py', HIT + b'# c\n')], {'dmg/b.py'})
        rotten = [(f'rot/m{k:02}.py', b'y = %d\n' % k * 300) for k in range(20)]
        damaged_wheel(os.path.join(d, 'rotten-1.0-py3-none-any.whl'), rotten + [('rot/ok.py', HIT)],
                      {name for name, _ in rotten})
        open(os.path.join(d, 'zero-1.0.tar.gz'), 'wb').close()
        open(os.path.join(d, 'page-1.0.tar.gz'), 'wb').write(b'<!DOCTYPE html><html>502 Bad Gateway</html>')
        cls.db = os.path.join(cls.dir, 'store.sqlite')
        # Run under a parent that reports the child's peak RSS.
        probe = ('import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], capture_output=True, text=True); '
                 'sys.stderr.write(p.stderr); print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)')
        proc = subprocess.run([sys.executable, '-c', probe, harness.PEP765, 'analyze', '-q', '--jobs', '2', '--db', cls.db, d],
                              capture_output=True, text=True, timeout=600)
        cls.stderr = proc.stderr
        cls.returncode, cls.peak_kb = map(int, proc.stdout.split())

    def query(self, sql, *args):
        return query(self.db, sql, *args, raw_text=True)

    def artifact(self, name):
        (row,) = self.query('SELECT status, error, files FROM artifacts WHERE name = ?', name)
        return row

    def files(self, name):
        return dict(self.query('SELECT f.path, c.parse FROM files f JOIN artifacts a ON a.id = f.artifact_id '
                               'JOIN contents c ON c.hash = f.hash WHERE a.name = ?', name))

    def test_the_run_goes_on_and_memory_stays_bounded(self):
        self.assertEqual(self.returncode, 1, self.stderr)   # the bombs and fakes failed; the rest was stored
        self.assertEqual(self.query('SELECT count(*) FROM artifacts'), [(9,)])
        self.assertLess(self.peak_kb, 256 * 1024, f'peak RSS {self.peak_kb} KB')

    def test_zip_bomb_is_stopped_with_the_reason(self):
        status, error, files = self.artifact('zipbomb-1.0.zip')
        self.assertIn(status, ('partial', 'failed'))
        self.assertIn('decompression bomb', error)
        self.assertIn('zipbomb-1.0.zip', self.stderr)

    def test_a_damaged_wheel_member_fails_alone(self):
        status, error, files = self.artifact('damaged-1.0-py3-none-any.whl')
        self.assertEqual(status, 'partial')
        self.assertEqual(error, 'dmg/b.py: damaged deflate data: invalid deflate block')
        self.assertEqual(self.files('damaged-1.0-py3-none-any.whl'), {'dmg/a.py': 'ok', 'dmg/c.py': 'ok'})
        self.assertIn('damaged-1.0-py3-none-any.whl: dmg/b.py: damaged deflate data', self.stderr)

    def test_a_wheel_damaged_over_and_over_is_given_up(self):
        status, error, files = self.artifact('rotten-1.0-py3-none-any.whl')
        self.assertEqual(status, 'failed')
        self.assertEqual(files, 0)
        self.assertEqual(error.count('damaged deflate data'), 17)   # 16 passed over, then given up
        self.assertIn('rot/m16.py: damaged deflate data: invalid deflate block (more than 16 damaged members: the rest '
                      'of the zip is not read)', error)
        self.assertNotIn('rot/m17.py', error)

    def test_tar_bomb_is_stopped_with_the_reason(self):
        status, error, files = self.artifact('tarbomb-1.0.tar.gz')
        self.assertEqual(status, 'partial')
        self.assertIn('decompression bomb', error)
        self.assertEqual(list(self.files('tarbomb-1.0.tar.gz')), ['tarbomb-1.0/ok.py'])  # what came before stays

    def test_a_100_mb_member_is_counted_not_held(self):
        self.assertEqual(self.artifact('huge-1.0.tar.gz')[0], 'ok')
        rows = self.query("SELECT c.lines, c.size, c.parse, c.notes FROM files f JOIN contents c ON c.hash = f.hash "
                          "WHERE f.path = 'huge-1.0/huge.py'")
        self.assertEqual(rows, [(self.big_lines, self.big_size, 'too_large', 'too_large_to_hold')])
        self.assertEqual(self.files('huge-1.0.tar.gz')['huge-1.0/small.py'], 'ok')

    def test_odd_members(self):
        self.assertEqual(self.artifact('odd-1.0.tar.gz')[0], 'ok')
        files = self.files('odd-1.0.tar.gz')
        self.assertNotIn('odd-1.0/link.py', files)    # links are not modules of their own
        self.assertNotIn('odd-1.0/hard.py', files)
        self.assertIn('/abs/evil.py', files)           # names are only recorded: nothing is extracted
        self.assertIn('../../up.py', files)
        self.assertFalse(os.path.exists('/abs/evil.py'))
        self.assertIn('odd-1.0/caf\udce9.py', files)
        self.assertIn('odd-1.0/' + 'long_directory_name/' * 8 + 'deep.py', files)
        self.assertEqual(files['odd-1.0/empty.py'], 'skipped')
        # 10,000 nested brackets: CPython refuses the file ("too many nested parentheses", past
        # 200), so it is an error with no hit, decided without handing it to a parser.
        self.assertEqual(files['odd-1.0/nested.py'], 'error')
        notes = self.query("SELECT c.notes FROM files f JOIN contents c ON c.hash = f.hash WHERE f.path = 'odd-1.0/nested.py'")
        self.assertEqual(notes, [('too_deeply_nested',)])
        dups = self.query("SELECT c.lines FROM files f JOIN contents c ON c.hash = f.hash JOIN artifacts a "
                          "ON a.id = f.artifact_id WHERE a.name = 'odd-1.0.tar.gz' AND f.path = 'odd-1.0/dup.py' "
                          "ORDER BY f.member")
        self.assertEqual(dups, [(1,), (5,)])
        hits = self.query("SELECT f.path FROM hits h JOIN files f ON f.hash = h.hash JOIN artifacts a "
                          "ON a.id = f.artifact_id WHERE a.name = 'odd-1.0.tar.gz' ORDER BY f.member")
        self.assertNotIn(('odd-1.0/nested.py',), hits)
        self.assertIn(('odd-1.0/real.py',), hits)

    def test_zip64(self):
        self.assertEqual(self.artifact('zip64-1.0-py3-none-any.whl')[0], 'ok')
        self.assertEqual(self.files('zip64-1.0-py3-none-any.whl'), {'z64/mod.py': 'ok'})

    def test_zero_byte_and_html_archives_fail_with_a_reason(self):
        for name in ('zero-1.0.tar.gz', 'page-1.0.tar.gz'):
            status, error, files = self.artifact(name)
            self.assertEqual((status, files), ('failed', 0), name)
            self.assertTrue(error, name)
            self.assertIn(name, self.stderr)


if __name__ == '__main__':
    harness.main()
