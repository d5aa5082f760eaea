"""Wheels read member by member from their central directory (extract/zip_members.h), through
the real binary: a sparse copy holding only the .py members' bytes (what fetch's partial wheel
reads leave on disk) is analyzed as the whole wheel is, and a member whose bytes disagree with
the central directory (its CRC-32, its size, its local header) fails alone, with the reason."""
import os, random, struct, sys, zipfile, zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, query, run  # noqa: E402


def big_wheel(path, seed):
    """A wheel of .py modules (deflated and stored, one with hits) between large members that
    are not Python, the way a binary wheel is mostly shared libraries."""
    rng = random.Random(seed)
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('big/_core.so', rng.randbytes(3 << 20))
        z.writestr('big/__init__.py', HIT + b'# %d\n' % seed)
        z.writestr('big/_data.bin', rng.randbytes(1 << 20), zipfile.ZIP_STORED)
        z.writestr('big/util.py', b'def g():\n    for x in y:\n        try:\n            pass\n        finally:\n'
                                  b'            continue\n', zipfile.ZIP_STORED)
        z.writestr('big/gen.py', ''.join(f'v{i} = {rng.random()!r}\n' for i in range(50000)))
        z.writestr('big/libs/_ext.so', rng.randbytes(2 << 20))
        z.writestr('big-1.0.dist-info/RECORD', 'big/__init__.py,,\n')


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def sparse_copy(source, target):
    """`source` as a sparse file of its size holding only each .py member's local header and
    packed data, and the central directory to the end: everything else is a hole."""
    raw = read(source)
    with zipfile.ZipFile(source) as z:
        infos = z.infolist()
        start_dir = z.start_dir
    with open(target, 'wb') as f:
        f.truncate(len(raw))
        for info in infos:
            if not info.filename.endswith('.py'):
                continue
            name_len, extra_len = struct.unpack('<HH', raw[info.header_offset + 26:info.header_offset + 30])
            end = info.header_offset + 30 + name_len + extra_len + info.compress_size
            f.seek(info.header_offset)
            f.write(raw[info.header_offset:end])
        f.seek(start_dir)
        f.write(raw[start_dir:])
    return os.stat(target).st_blocks * 512, len(raw)


def member_data_at(path, name):
    """Where member `name`'s packed data starts in the zip at `path`."""
    raw = read(path)
    with zipfile.ZipFile(path) as z:
        offset = z.getinfo(name).header_offset
    name_len, extra_len = struct.unpack('<HH', raw[offset + 26:offset + 30])
    return offset + 30 + name_len + extra_len


def patch(path, at, data):
    with open(path, 'r+b') as f:
        f.seek(at)
        f.write(data)


def directory_entry(path, name):
    """Where the central directory entry of `name` starts in the zip at `path`."""
    raw = read(path)
    at = raw.rindex(name.encode()) - 46
    assert raw[at:at + 4] == b'PK\x01\x02'
    return at


class ZipMembers(harness.ScratchCase):
    prefix = 'pep765-zip-members-'

    @classmethod
    def prepare(cls):
        whole, sparse = cls.subdir('whole'), cls.subdir('sparse')
        cls.sparse_bytes = cls.declared_bytes = 0
        for k in range(3):
            name = f'big{k}-1.0-cp312-cp312-manylinux_2_17_x86_64.whl'
            big_wheel(os.path.join(whole, name), k)
            on_disk, declared = sparse_copy(os.path.join(whole, name), os.path.join(sparse, name))
            cls.sparse_bytes += on_disk
            cls.declared_bytes += declared
        # Wheels whose one member disagrees with the central directory, each between two good ones.
        bad = cls.bad = cls.subdir('bad')
        members = [('c/a.py', HIT), ('c/b.py', b'b = 2\n' * 200), ('c/c.py', HIT + b'# c\n')]
        for name, method in (('crc', zipfile.ZIP_STORED), ('size', zipfile.ZIP_DEFLATED), ('header', zipfile.ZIP_DEFLATED)):
            with zipfile.ZipFile(os.path.join(bad, f'{name}-1.0-py3-none-any.whl'), 'w', method) as z:
                for member, data in members:
                    z.writestr(member, data)
        crc = os.path.join(bad, 'crc-1.0-py3-none-any.whl')
        patch(crc, member_data_at(crc, 'c/b.py') + 2, b'+')  # stored: "b = 2" -> "b + 2"
        cls.flipped_crc = zlib.crc32(b'b + 2\n' + b'b = 2\n' * 199)
        cls.declared_crc = zlib.crc32(b'b = 2\n' * 200)
        size = os.path.join(bad, 'size-1.0-py3-none-any.whl')
        patch(size, directory_entry(size, 'c/b.py') + 24, struct.pack('<I', 1199))  # the uncompressed size
        header = os.path.join(bad, 'header-1.0-py3-none-any.whl')
        with zipfile.ZipFile(header) as z:
            cls.header_offset = z.getinfo('c/b.py').header_offset
        patch(header, cls.header_offset, b'PK\x07\x08')

        cls.whole_db, cls.sparse_db, cls.bad_db = (os.path.join(cls.dir, n) for n in ('w.sqlite', 's.sqlite', 'b.sqlite'))
        run('analyze', '-q', '--db', cls.whole_db, whole)
        cls.sparse_run = run('analyze', '-q', '--db', cls.sparse_db, sparse, check=False)
        cls.bad_run = run('analyze', '-q', '--db', cls.bad_db, bad, check=False)

    def test_the_sparse_copies_are_mostly_holes(self):
        # The premise: what is left of the wheels on disk is a small part of them.
        self.assertLess(self.sparse_bytes, self.declared_bytes * 0.15)

    def test_a_sparse_copy_reads_as_the_whole_wheel(self):
        self.assertEqual(self.sparse_run.returncode, 0, self.sparse_run.stderr)
        whole, sparse = harness.summary(self.whole_db), harness.summary(self.sparse_db)
        self.assertEqual(whole.pop('store'), self.whole_db)   # the one line that may differ
        self.assertEqual(sparse.pop('store'), self.sparse_db)
        self.assertEqual(whole, sparse)
        rows = 'SELECT a.name, a.status, f.member, f.path, hex(f.hash) FROM files f JOIN artifacts a ON a.id = f.artifact_id ' \
               'ORDER BY a.name, f.member'
        got = query(self.sparse_db, rows)
        self.assertEqual(got, query(self.whole_db, rows))
        self.assertEqual(len(got), 3 * 3)   # three .py members in each of the three wheels
        self.assertEqual({r[1] for r in got}, {'ok'})
        hits = 'SELECT count(*) FROM hits h JOIN files f ON f.hash = h.hash'
        self.assertEqual(query(self.sparse_db, hits), query(self.whole_db, hits))
        self.assertGreaterEqual(query(self.sparse_db, hits)[0][0], 6)

    def artifact(self, name):
        (row,) = query(self.bad_db, 'SELECT status, error FROM artifacts WHERE name = ?', name)
        files = [r[0] for r in query(self.bad_db, 'SELECT f.path FROM files f JOIN artifacts a ON a.id = f.artifact_id '
                                                  'WHERE a.name = ? ORDER BY f.member', name)]
        return row + (files,)

    def test_a_flipped_byte_is_caught_by_crc32(self):
        self.assertEqual(self.bad_run.returncode, 1, self.bad_run.stderr)
        reason = (f'c/b.py: CRC-32 mismatch: the central directory says 0x{self.declared_crc:08x}, '
                  f'the data gives 0x{self.flipped_crc:08x}')
        self.assertEqual(self.artifact('crc-1.0-py3-none-any.whl'), ('partial', reason, ['c/a.py', 'c/c.py']))
        self.assertIn('crc-1.0-py3-none-any.whl: ' + reason, self.bad_run.stderr)

    def test_a_size_the_data_does_not_have(self):
        self.assertEqual(self.artifact('size-1.0-py3-none-any.whl'),
                         ('partial', 'c/b.py: size mismatch: the central directory says 1199 bytes, the data gives more',
                          ['c/a.py', 'c/c.py']))

    def test_a_local_header_without_its_signature(self):
        self.assertEqual(self.artifact('header-1.0-py3-none-any.whl'),
                         ('partial', f'c/b.py: no local header at offset {self.header_offset}, where the central '
                          'directory places it', ['c/a.py', 'c/c.py']))


if __name__ == '__main__':
    harness.main()
