"""A fetched wheel's members that repeat its release's sdist, analyzed by an earlier run, are
taken as those contents without being read (issue 30 point 2, analysis side): each content's
CRC-32 is stored (contents.crc32), and analysis puts the release's sdist modules in its
duplicate index before it reads the wheel. So a sparse wheel from which fetch left those
members out (holes where their bytes would be) is analyzed as the whole wheel; without the
sdist in the store, the same sparse file fails those members."""
import os, shutil, struct, sys, zipfile, zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, publish, query, run  # noqa: E402

SHARED = {'seeded/__init__.py': HIT, 'seeded/core.py': b'def core():\n    return 1\n' * 40}
WHEEL_ONLY = {'seeded/_version.py': b'version = "1.0"\n'}
WHEEL = 'seeded-1.0-py3-none-any.whl'


def wheel_bytes():
    """The wheel: the sdist's modules, one module of its own, and a large member that is no
    module, each deflated."""
    import io, random
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('seeded/_speedups.so', random.Random(30).randbytes(1 << 20))
        for path, data in {**SHARED, **WHEEL_ONLY}.items():
            z.writestr(path, data)
        z.writestr('seeded-1.0.dist-info/RECORD', '')
    return buf.getvalue()


def sparse_without_sdist_modules(path):
    """Rewrites the wheel at `path` as a partial fetch that skipped what the sdist gave leaves
    it: a sparse file of its size holding only the wheel's own module and the central directory."""
    with open(path, 'rb') as f:
        raw = f.read()
    with zipfile.ZipFile(path) as z:
        keep = [z.getinfo(name) for name in WHEEL_ONLY]
        start_dir = z.start_dir
    with open(path, 'wb') as f:
        f.truncate(len(raw))
        for info in keep:
            name_len, extra_len = struct.unpack('<HH', raw[info.header_offset + 26:info.header_offset + 30])
            f.seek(info.header_offset)
            f.write(raw[info.header_offset:info.header_offset + 30 + name_len + extra_len + info.compress_size])
        f.seek(start_dir)
        f.write(raw[start_dir:])


class SdistSeeds(harness.MirrorCase):
    prefix = 'pep765-sdist-seeds-'

    @classmethod
    def prepare(cls):
        cls.mirror.add_file(WHEEL, wheel_bytes())
        publish(cls.mirror, 'seeded', '1.0', SHARED, wheel=False,
                extra_files=[(WHEEL, cls.mirror.files[WHEEL], 'bdist_wheel')])
        cls.dest, cls.db = os.path.join(cls.dir, 'files'), os.path.join(cls.dir, 'store.sqlite')
        run('fetch', '--top', '1', '--list', cls.server.url + '/top.json', '--index-url', cls.server.url,
            '--index-api', 'json', '--dest', cls.dest, '--db', cls.db, '--quiet')
        project = os.path.join(cls.dest, 'seeded')
        cls.sdist, cls.wheel = os.path.join(project, 'seeded-1.0.tar.gz'), os.path.join(project, WHEEL)
        # The sdist is analyzed by one run; the wheel, left sparse, by a later one.
        run('analyze', '-q', '--db', cls.db, cls.sdist)
        sparse_without_sdist_modules(cls.wheel)
        cls.later = run('analyze', '--db', cls.db, cls.wheel, check=False)
        # The same sparse wheel with no sdist in the store: its holes are read, and fail.
        cls.alone_db = os.path.join(cls.dir, 'alone.sqlite')
        cls.alone_dir = os.path.join(cls.dir, 'alone')
        os.makedirs(cls.alone_dir)
        shutil.copy(cls.wheel, cls.alone_dir)
        cls.alone = run('analyze', '-q', '--db', cls.alone_db, cls.alone_dir, check=False)

    def test_each_content_keeps_its_crc32(self):
        rows = query(self.db, 'SELECT f.path, c.crc32 FROM files f JOIN contents c ON c.hash = f.hash '
                              'JOIN artifacts a ON a.id = f.artifact_id WHERE a.kind = ? ORDER BY f.member', 'sdist')
        self.assertEqual(rows, [('seeded-1.0/' + p, zlib.crc32(d)) for p, d in SHARED.items()])
        (own,) = query(self.db, "SELECT c.crc32 FROM files f JOIN contents c ON c.hash = f.hash "
                                "WHERE f.path = 'seeded/_version.py'")
        self.assertEqual(own, (zlib.crc32(WHEEL_ONLY['seeded/_version.py']),))

    def test_the_wheel_members_the_sdist_gave_are_its_contents_unread(self):
        self.assertEqual(self.later.returncode, 0, self.later.stderr)
        self.assertIn('2 zip members matched a member already read by CRC-32, size and name', self.later.stderr)
        (artifact,) = query(self.db, 'SELECT status, error, files FROM artifacts WHERE name = ?', WHEEL)
        self.assertEqual(artifact, ('ok', None, 3))
        files = dict(query(self.db, 'SELECT f.path, hex(f.hash) FROM files f JOIN artifacts a ON a.id = f.artifact_id '
                                    'WHERE a.name = ?', WHEEL))
        sdist = dict(query(self.db, "SELECT substr(f.path, 12), hex(f.hash) FROM files f JOIN artifacts a "
                                    "ON a.id = f.artifact_id WHERE a.kind = 'sdist'"))
        self.assertEqual(set(files), set(SHARED) | set(WHEEL_ONLY))
        for path in SHARED:
            self.assertEqual(files[path], sdist[path], path)
        # The hit in the module the sdist gave is the wheel's too.
        hits = query(self.db, 'SELECT count(*) FROM hits h JOIN files f ON f.hash = h.hash JOIN artifacts a '
                              'ON a.id = f.artifact_id WHERE a.name = ?', WHEEL)
        self.assertEqual(hits, [(1,)])

    def test_without_the_sdist_the_holes_fail(self):
        # What makes the difference is the store's sdist: alone, the sparse wheel's holes are
        # read where the central directory places the members, and fail.
        (status, error) = query(self.alone_db, 'SELECT status, error FROM artifacts')[0]
        self.assertEqual(status, 'partial')
        self.assertIn('seeded/__init__.py: no local header at offset', error)
        self.assertIn('seeded/core.py: no local header at offset', error)

    def test_no_content_analyzed_now_lacks_its_crc32(self):
        self.assertEqual(query(self.db, 'SELECT count(*), count(crc32) FROM contents'), [(3, 3)])


if __name__ == '__main__':
    harness.main()
