#!/usr/bin/env python3
"""End to end: the real pep765 binary over real archives this test builds, checked in the store.

usage: e2e_analyze.py PEP765_BINARY
"""
import io, json, os, random, signal, subprocess, sys, tarfile, tempfile, time, unittest, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import make_tar, make_zip, query, run, scratch, sdist_bytes, wheel_bytes  # noqa: E402

HIT = b'''import os


def read_config(path):
    try:
        return open(path).read()
    except Exception:
        log()
    finally:
        return None
'''
CLEAN = b'def add(a, b):\n    return a + b\n'
LOOP = b'''for item in items:
    try:
        handle(item)
    finally:
        for x in cleanup:
            break
        continue
'''
PY2 = b'''print "hello"
def f():
    try:
        pass
    finally:
        return 1
'''
CRLF = b'def f():\r\n    try:\r\n        pass\r\n    finally:\r\n        return 2\r\n'
BOM = b'\xef\xbb\xbfdef f():\n    try:\n        pass\n    finally:\n        return 3'


def canonical(db):
    """What a store holds, without row ids and times: equal for equal analyses."""
    return {
        'artifacts': sorted(query(db, 'SELECT path, name, kind, size, mtime, status, error, files FROM artifacts')),
        'files': sorted(query(db, 'SELECT a.path, f.member, f.path, f.hash FROM files f '
                                  'JOIN artifacts a ON a.id = f.artifact_id')),
        'contents': sorted(query(db, 'SELECT * FROM contents WHERE hash IN (SELECT hash FROM files)')),
        'hits': sorted(query(db, 'SELECT * FROM hits WHERE hash IN (SELECT hash FROM files)')),
    }


class Analyze(harness.ScratchCase):
    prefix = 'pep765-e2e-'

    @classmethod
    def prepare(cls):
        d = cls.corpus = cls.subdir('corpus')
        sdist = [('pkg-1.0/pkg/__init__.py', b''), ('pkg-1.0/pkg/config.py', HIT),
                 ('pkg-1.0/pkg/clean.py', CLEAN), ('pkg-1.0/pkg/loop.py', LOOP),
                 ('pkg-1.0/legacy/old.py', PY2), ('pkg-1.0/pkg/crlf.py', CRLF), ('pkg-1.0/pkg/bom.py', BOM),
                 ('pkg-1.0/pkg/nul.py', b'x = 1\x00\n'), ('pkg-1.0/README.md', b'# finally: not python\n'),
                 ('pkg-1.0/pkg/dup.py', CLEAN), ('pkg-1.0/pkg/dup.py', HIT)]
        make_tar(os.path.join(d, 'pkg-1.0.tar.gz'), sdist)
        make_zip(os.path.join(d, 'pkg-1.0-py3-none-any.whl'),
                 [('pkg/__init__.py', b''), ('pkg/config.py', HIT), ('pkg/clean.py', CLEAN),
                  ('pkg-1.0.dist-info/METADATA', b'Name: pkg\n')])
        make_zip(os.path.join(d, 'zipped-2.0.zip'), [('zipped-2.0/z.py', LOOP)])
        make_tar(os.path.join(d, 'bz-1.0.tar.bz2'), [('bz-1.0/b.py', CRLF)], 'w:bz2')
        make_tar(os.path.join(d, 'xz-1.0.tar.xz'), [('xz-1.0/x.py', BOM)], 'w:xz')
        make_tar(os.path.join(d, 'plain-1.0.tar'), [('plain-1.0/p.py', LOOP)], 'w')
        good = open(os.path.join(d, 'pkg-1.0.tar.gz'), 'rb').read()
        # A truncated download: a gzip stream cut short.
        big = [(f'trunc-1.0/m{i}.py', (b'# %d\n' % i) * 3000 + HIT) for i in range(40)]
        make_tar(os.path.join(cls.dir, 'full.tar.gz'), big)
        data = open(os.path.join(cls.dir, 'full.tar.gz'), 'rb').read()
        open(os.path.join(d, 'trunc-1.0.tar.gz'), 'wb').write(data[:len(data) // 2])
        # An error page saved under an archive's name.
        open(os.path.join(d, 'html-1.0.tar.gz'), 'wb').write(b'<html><body>503 Service Unavailable</body></html>\n')
        loose = os.path.join(d, 'checkout', 'src')
        os.makedirs(loose)
        open(os.path.join(loose, 'tool.py'), 'wb').write(HIT)
        assert len(good) > 0
        cls.db = os.path.join(cls.dir, 'store.sqlite')
        # The corpus holds broken archives: the run goes on, and its exit status says they failed.
        cls.first = run('analyze', '--quiet', '--db', cls.db, d, check=False)
        assert cls.first.returncode == 1, cls.first.stderr

    def query(self, sql, *args):
        return query(self.db, sql, *args)

    def test_artifacts_and_statuses(self):
        rows = dict((name, (kind, status)) for name, kind, status in
                    self.query('SELECT name, kind, status FROM artifacts'))
        self.assertEqual(rows['pkg-1.0.tar.gz'], ('sdist', 'ok'))
        self.assertEqual(rows['pkg-1.0-py3-none-any.whl'], ('wheel', 'ok'))
        self.assertEqual(rows['zipped-2.0.zip'], ('sdist', 'ok'))
        self.assertEqual(rows['bz-1.0.tar.bz2'], ('sdist', 'ok'))
        self.assertEqual(rows['xz-1.0.tar.xz'], ('sdist', 'ok'))
        self.assertEqual(rows['plain-1.0.tar'], ('sdist', 'ok'))
        self.assertEqual(rows['trunc-1.0.tar.gz'], ('sdist', 'partial'))
        self.assertEqual(rows['html-1.0.tar.gz'], ('sdist', 'failed'))
        # A directory's loose .py files make one artifact, named by the directory given.
        self.assertEqual(rows[self.corpus], ('dir', 'ok'))
        self.assertEqual(self.query("SELECT f.path FROM files f JOIN artifacts a ON a.id = f.artifact_id "
                                    "WHERE a.kind = 'dir'"), [('checkout/src/tool.py',)])

    def test_bad_archives_are_named_with_a_reason_and_the_run_goes_on(self):
        err = self.first.stderr
        self.assertIn('trunc-1.0.tar.gz', err)
        self.assertIn('html-1.0.tar.gz', err)
        (error,), = self.query("SELECT error FROM artifacts WHERE name = 'html-1.0.tar.gz'")
        self.assertTrue(error)
        (error, files), = self.query("SELECT error, files FROM artifacts WHERE name = 'trunc-1.0.tar.gz'")
        self.assertTrue(error)
        self.assertGreater(files, 0)   # the members before the cut are kept
        self.assertLess(files, 40)

    def test_files_lines_and_notes(self):
        rows = {path: (lines, parse, notes) for path, lines, parse, notes in self.query(
            "SELECT f.path, c.lines, c.parse, c.notes FROM files f JOIN contents c ON c.hash = f.hash "
            "JOIN artifacts a ON a.id = f.artifact_id WHERE a.name = 'pkg-1.0.tar.gz'")}
        self.assertEqual(rows['pkg-1.0/pkg/__init__.py'], (0, 'skipped', ''))
        self.assertEqual(rows['pkg-1.0/pkg/config.py'], (10, 'ok', ''))
        self.assertEqual(rows['pkg-1.0/pkg/clean.py'], (2, 'skipped', ''))
        self.assertEqual(rows['pkg-1.0/legacy/old.py'][1:], ('error', 'python2'))
        self.assertEqual(rows['pkg-1.0/pkg/crlf.py'], (5, 'ok', 'crlf'))
        self.assertEqual(rows['pkg-1.0/pkg/bom.py'], (5, 'ok', 'bom'))
        self.assertEqual(rows['pkg-1.0/pkg/nul.py'][2], 'nul')
        self.assertNotIn('pkg-1.0/README.md', rows)
        # Both members named dup.py are kept, in order.
        dups = self.query("SELECT f.member, c.lines FROM files f JOIN artifacts a ON a.id = f.artifact_id "
                          "JOIN contents c ON c.hash = f.hash WHERE a.name = 'pkg-1.0.tar.gz' "
                          "AND f.path = 'pkg-1.0/pkg/dup.py' ORDER BY f.member")
        self.assertEqual([lines for _, lines in dups], [2, 10])

    def test_identical_bytes_are_stored_once(self):
        hashes = self.query("SELECT DISTINCT f.hash FROM files f WHERE f.path LIKE '%config.py' "
                            "OR f.path LIKE '%tool.py' OR (f.path = 'pkg-1.0/pkg/dup.py' AND f.member = 10)")
        self.assertEqual(len(hashes), 1)
        (copies,), = self.query('SELECT count(*) FROM files WHERE hash = ?', hashes[0][0])
        self.assertEqual(copies, 4)   # sdist config.py and dup.py, wheel config.py, checkout tool.py
        (stored,), = self.query('SELECT count(*) FROM contents WHERE hash = ?', hashes[0][0])
        self.assertEqual(stored, 1)
        (n,), = self.query('SELECT count(*) FROM contents')
        (m,), = self.query('SELECT count(DISTINCT hash) FROM files')
        self.assertEqual(n, m)

    def test_hits_with_both_rules_and_triage_facts(self):
        rows = self.query("SELECT h.line, h.col, h.statement, h.cpython, h.exits, h.erroneous_parse, h.scope, "
                          "h.try_line, h.handlers, h.try_body_returns, h.handler_returns, h.has_value, h.try_source "
                          "FROM hits h JOIN files f ON f.hash = h.hash JOIN artifacts a ON a.id = f.artifact_id "
                          "WHERE a.name = 'pkg-1.0.tar.gz' AND f.path = 'pkg-1.0/pkg/config.py'")
        self.assertEqual(len(rows), 1)
        line, col, stmt, cp, ex, err, scope, try_line, handlers, body_ret, handler_ret, value, source = rows[0]
        self.assertEqual((line, col, stmt, cp, ex, err), (10, 9, 'return', 1, 1, 0))
        self.assertEqual((scope, try_line, handlers, body_ret, handler_ret, value),
                         ('read_config', 5, 'Exception', 1, 0, 1))
        self.assertTrue(source.startswith('try:') and source.endswith('return None'))
        loop = self.query("SELECT h.line, h.col, h.statement, h.cpython, h.exits FROM hits h JOIN files f "
                          "ON f.hash = h.hash WHERE f.path IN ('zipped-2.0/z.py', 'plain-1.0/p.py') ORDER BY h.line")
        self.assertEqual(loop, [(7, 9, 'continue', 1, 1)] * 2)
        py2 = self.query("SELECT h.erroneous_parse FROM hits h JOIN files f ON f.hash = h.hash "
                         "WHERE f.path = 'pkg-1.0/legacy/old.py'")
        self.assertEqual(py2, [(1,)])

    def test_hits_readout(self):
        out = run('hits', '--db', self.db).stdout.splitlines()
        self.assertEqual(out[0], 'artifact\tpath\tline\tcolumn\tstatement\tcpython\texits')
        self.assertIn('pkg-1.0.tar.gz\tpkg-1.0/pkg/config.py\t10\t9\treturn\t1\t1', out)
        self.assertIn('pkg-1.0-py3-none-any.whl\tpkg/config.py\t10\t9\treturn\t1\t1', out)
        self.assertIn('bz-1.0.tar.bz2\tbz-1.0/b.py\t5\t9\treturn\t1\t1', out)
        self.assertIn('xz-1.0.tar.xz\txz-1.0/x.py\t5\t9\treturn\t1\t1', out)
        exits_only = run('hits', '--db', self.db, '--rule', 'exits').stdout.splitlines()
        cpython_only = run('hits', '--db', self.db, '--rule', 'cpython').stdout.splitlines()
        self.assertEqual(len(exits_only), len(out))
        self.assertEqual(len(cpython_only), len(out))

    def test_summary_json(self):
        s = json.loads(run('summary', '--db', self.db, '--json').stdout)
        self.assertEqual(s['artifacts']['total'], 9)
        self.assertEqual(s['artifacts']['failed'], 1)
        self.assertEqual(s['artifacts']['partial'], 1)
        (files,), = self.query('SELECT count(*) FROM files')
        self.assertEqual(s['per_artifact']['files'], files)
        (lines,), = self.query('SELECT sum(c.lines) FROM files f JOIN contents c ON c.hash = f.hash')
        self.assertEqual(s['per_artifact']['lines'], lines)
        (unique_lines,), = self.query('SELECT sum(lines) FROM contents')
        self.assertEqual(s['unique']['lines'], unique_lines)
        (hits,), = self.query('SELECT count(*) FROM hits h JOIN files f ON f.hash = h.hash')
        self.assertEqual(s['per_artifact']['hits']['any'], hits)
        self.assertEqual(s['unique']['hits']['in_erroneous_parse'], 1)
        u = s['unique']
        self.assertEqual(u['lines'], u['lines_parse_ok'] + u['lines_parse_error'] + u['lines_not_parsed'])
        # The headline figures at the top level.
        self.assertEqual(s['archives'], 9)
        self.assertEqual(s['files'], files)
        self.assertEqual(s['lines'], lines)
        self.assertEqual(s['unique_lines'], unique_lines)
        self.assertEqual(s['hits']['any'], hits)
        (error_lines,), = self.query("SELECT sum(c.lines) FROM files f JOIN contents c ON c.hash = f.hash "
                                     "WHERE c.parse = 'error'")
        self.assertEqual(s['lines_in_files_that_parse'], lines - error_lines)
        (study,), = self.query("SELECT sum(c.newlines + 1) FROM files f JOIN contents c ON c.hash = f.hash "
                               "WHERE c.parse <> 'error'")
        self.assertEqual(s['study_lines'], study)

    def test_second_run_changes_nothing(self):
        before = canonical(self.db)
        again = run('analyze', '--quiet', '--db', self.db, self.corpus)
        self.assertIn('0 analyzed', again.stderr)
        self.assertEqual(canonical(self.db), before)

    def test_changed_archive_is_redone(self):
        d = tempfile.mkdtemp(dir=self.dir)
        db = os.path.join(d, 's.sqlite')
        path = os.path.join(d, 'pkg-9.tar.gz')
        make_tar(path, [('pkg-9/a.py', HIT)])
        run('analyze', '-q', '--db', db, path)
        make_tar(path, [('pkg-9/a.py', CLEAN), ('pkg-9/b.py', CLEAN)])
        os.utime(path, (1800000000, 1800000000))
        run('analyze', '-q', '--db', db, path)
        self.assertEqual(query(db, 'SELECT count(*) FROM artifacts'), [(1,)])
        self.assertEqual(query(db, 'SELECT count(*) FROM files'), [(2,)])
        self.assertEqual(query(db, 'SELECT count(*) FROM hits h JOIN files f ON f.hash = h.hash'), [(0,)])
        # The writer checks no foreign key as it writes (each holds by construction): they hold.
        self.assertEqual(query(db, 'PRAGMA foreign_key_check'), [])

    def test_member_too_large_to_hold_is_streamed_for_its_lines(self):
        d = tempfile.mkdtemp(dir=self.dir)
        db = os.path.join(d, 's.sqlite')
        path = os.path.join(d, 'huge-1.0.tar.gz')
        huge = b'x = 1\n' * 200000 + HIT   # 1.2 MB
        make_tar(path, [('huge-1.0/huge.py', huge), ('huge-1.0/small.py', HIT),
                        ('huge-1.0/latin1.py', b'# -*- coding: latin-1 -*-\nname = "caf\xe9"\n')])
        run('analyze', '-q', '--db', db, '--max-member-bytes', '100000', path)
        rows = dict((p, (lines, size, parse, notes)) for p, lines, size, parse, notes in query(
            db, 'SELECT f.path, c.lines, c.size, c.parse, c.notes FROM files f JOIN contents c ON c.hash = f.hash'))
        self.assertEqual(rows['huge-1.0/huge.py'], (200010, len(huge), 'too_large', 'too_large_to_hold'))
        self.assertEqual(rows['huge-1.0/small.py'][2], 'ok')
        self.assertEqual(rows['huge-1.0/latin1.py'][3], 'invalid_utf8')
        self.assertEqual(query(db, 'SELECT status FROM artifacts'), [('ok',)])

    def test_not_a_store_is_refused_with_a_message(self):
        bogus = os.path.join(self.dir, 'bogus.sqlite')
        open(bogus, 'wb').write(b'this is not a database' * 100)
        proc = run('summary', '--db', bogus, '--json', check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn('bogus.sqlite', proc.stderr)

    def test_single_python_file(self):
        d = tempfile.mkdtemp(dir=self.dir)
        path = os.path.join(d, 'script.py')
        open(path, 'wb').write(LOOP)
        db = os.path.join(d, 's.sqlite')
        run('analyze', '-q', '--db', db, path)
        out = run('hits', '--db', db).stdout.splitlines()
        self.assertEqual(out[1:], ['script.py\tscript.py\t7\t9\tcontinue\t1\t1'])

    def test_member_names_in_utf8_whatever_the_format(self):
        # A pax header (Python's default) and a GNU header (raw bytes) carry non-ASCII names in
        # UTF-8, as a zip with the UTF-8 flag does; the store holds them as UTF-8 in all three.
        d = tempfile.mkdtemp(dir=self.dir)
        names = ['pkg/m\u00f3dulo.py', 'pkg/\u65e5\u672c.py', 'pkg/plain.py']
        pax, gnu, whl = (os.path.join(d, n) for n in ('pax-1.0.tar.gz', 'gnu-1.0.tar.gz', 'w-1.0-py3-none-any.whl'))
        make_tar(pax, [(n, CLEAN) for n in names])
        with tarfile.open(gnu, 'w:gz', format=tarfile.GNU_FORMAT, encoding='utf-8') as t:
            for n in names:
                info = tarfile.TarInfo(n)
                info.size = len(LOOP)
                t.addfile(info, io.BytesIO(LOOP))
        make_zip(whl, [(n, HIT) for n in names])
        db = os.path.join(d, 'u.sqlite')
        run('analyze', '-q', '--db', db, d)
        for artifact in ('pax-1.0.tar.gz', 'gnu-1.0.tar.gz', 'w-1.0-py3-none-any.whl'):
            got = [r[0] for r in query(db, 'SELECT f.path FROM files f JOIN artifacts a ON a.id = f.artifact_id '
                                           'WHERE a.name = ? ORDER BY f.member', artifact)]
            self.assertEqual(got, names, artifact)

    def test_zip_member_types_as_libarchive_gives_them(self):
        # Members are listed from the central directory; each one's type is what libarchive's
        # zip reader gives it (the table common/zip_directory.cc follows): a symbolic link,
        # directory or device is no module, whatever its name.
        d = tempfile.mkdtemp(dir=self.dir)
        whl = os.path.join(d, 'types-1.0-py3-none-any.whl')
        listed = []
        with zipfile.ZipFile(whl, 'w', zipfile.ZIP_DEFLATED) as z:
            def add(name, system, attributes, expected):
                info = zipfile.ZipInfo(name)
                info.create_system = system
                info.external_attr = attributes
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, b'x = 1\n')
                if expected:
                    listed.append(name)
            for kind in range(16):   # Unix: the mode's type (none, FIFO and regular are files)
                add(f'pkg/unix_{kind:02o}.py', 3, ((kind << 12) | 0o644) << 16, kind in (0, 1, 8))
            add('pkg/dos_dir.py', 0, 0x10, False)          # MS-DOS: the directory attribute
            add('pkg/dos_file.py', 0, 0x20, True)
            add('pkg/unix_dos_bit.py', 3, 0x10, True)       # Unix ignores the MS-DOS bit
            for system in (1, 2, 11, 19, 255):              # elsewhere: a file whatever it says
                add(f'pkg/system_{system}.py', system, (0o040755 << 16) | 0x10, True)
            add('pkg/slash.py/', 3, 0o100644 << 16, False)
        db = os.path.join(d, 'z.sqlite')
        run('analyze', '-q', '--db', db, whl)
        self.assertEqual([r[0] for r in query(db, 'SELECT path FROM files ORDER BY member')], listed)
        self.assertEqual(query(db, 'SELECT count(DISTINCT hash) FROM files'), [(1,)])

    def test_missing_path_is_reported(self):
        proc = run('analyze', '-q', '--db', os.path.join(self.dir, 'm.sqlite'), os.path.join(self.dir, 'nope.tar.gz'),
                   check=False)
        self.assertIn('nope.tar.gz', proc.stderr)
        self.assertNotEqual(proc.returncode, 0)

    def test_fifos_sockets_and_devices_are_skipped_promptly_and_the_rest_is_analyzed(self):
        d = tempfile.mkdtemp(dir=self.dir)
        odd = harness.not_regular_files(os.path.join(d, 'odd'))
        make_tar(os.path.join(d, 'odd', 'real-1.0.tar.gz'), [('real-1.0/m.py', HIT)])
        db = os.path.join(d, 's.sqlite')
        # Named one by one, beside a device and a real archive; the timeout fails the test if
        # any read blocks. Each is named with its reason and stored nowhere.
        named = [path for path, _ in odd] + ['/dev/null', os.path.join(d, 'odd', 'real-1.0.tar.gz')]
        proc = run('analyze', '-q', '--db', db, *named, check=False, timeout=60)
        for path, what in odd:
            self.assertIn(f'{path}: not a regular file ({what}), skipped', proc.stderr)
        self.assertIn('/dev/null: not a regular file (a character device), skipped', proc.stderr)
        self.assertEqual(query(db, 'SELECT name, status FROM artifacts'), [('real-1.0.tar.gz', 'ok')])
        self.assertEqual(query(db, 'SELECT count(*) FROM hits'), [(1,)])
        # Met in a walk: the same messages; the archive beside them is analyzed (unchanged now).
        walked = os.path.join(d, 'walked.sqlite')
        proc = run('analyze', '-q', '--db', walked, os.path.join(d, 'odd'), check=False, timeout=60)
        for path, what in odd:
            self.assertIn(f'{path}: not a regular file ({what}), skipped', proc.stderr)
        self.assertEqual(query(walked, 'SELECT name, status FROM artifacts'), [('real-1.0.tar.gz', 'ok')])


def forge_crc32(data, target, at):
    """`data` with the 4 bytes at `at` changed so that its CRC-32 is `target`: same length,
    same CRC, other bytes. CRC-32 is affine over GF(2), so the 32 bits solve a linear system."""
    import zlib
    base = bytearray(data)
    base[at:at + 4] = bytes(4)
    c0 = zlib.crc32(bytes(base))
    effect = []                      # what flipping each of the 32 bits does to the CRC
    for bit in range(32):
        probe = bytearray(base)
        probe[at + bit // 8] ^= 1 << (bit % 8)
        effect.append(zlib.crc32(bytes(probe)) ^ c0)
    # Gauss-Jordan over GF(2): rows are (effect, which bits), reduced one CRC bit at a time.
    rows = [[effect[i], 1 << i] for i in range(32)]
    for crc_bit in range(32):
        mask = 1 << crc_bit
        pivot = next((r for r in rows[crc_bit:] if r[0] & mask), None)
        assert pivot is not None, 'the 4 bytes cannot reach every CRC'
        i = rows.index(pivot)
        rows[crc_bit], rows[i] = rows[i], rows[crc_bit]
        for j, r in enumerate(rows):
            if j != crc_bit and r[0] & mask:
                r[0] ^= pivot[0]
                r[1] ^= pivot[1]
    want, flips = target ^ c0, 0
    for crc_bit in range(32):
        if want >> crc_bit & 1:
            flips ^= rows[crc_bit][1]
    for bit in range(32):
        if flips >> bit & 1:
            base[at + bit // 8] ^= 1 << (bit % 8)
    assert zlib.crc32(bytes(base)) == target
    return bytes(base)


class DuplicateMembers(unittest.TestCase):
    """A wheel member the central directory describes like a member already read (CRC-32, size,
    name) is taken as that content without inflating it; --verify-duplicates inflates it and
    says when the bytes differ."""

    def test_taken_by_crc_size_and_name_and_verified_on_request(self):
        import zlib
        with scratch('pep765-dups-') as tmp:
            head = b'# -*- coding: latin-1 -*-\ndef f():\n    try:\n        g()\n        h()\n    finally:\n'
            clean = head + b'        pass    \n# xxxx\n'
            hit = head + b'        return 1\n# xxxx\n'
            self.assertEqual(len(clean), len(hit))
            forged = forge_crc32(hit, zlib.crc32(clean), len(hit) - 5)   # same length and CRC, and a hit
            self.assertNotEqual(forged, clean)
            with open(os.path.join(tmp, 'p-1.0.tar.gz'), 'wb') as f:
                f.write(sdist_bytes('p-1.0', {'p/m.py': clean, 'p/other.py': b'x = 1\n'}))
            with open(os.path.join(tmp, 'p-1.0-py3-none-any.whl'), 'wb') as f:
                f.write(wheel_bytes({'p/m.py': forged, 'p/other.py': b'x = 1\n'}))
            hits = lambda db: query(db, 'SELECT count(*) FROM hits')[0][0]
            db = os.path.join(tmp, 'a.sqlite')
            # One worker: the sdist is read before its wheel (with more, a wheel read while its
            # sdist still is, is inflated: the matching is opportunistic).
            proc = run('analyze', '--jobs', '1', '--db', db, tmp)
            self.assertIn('2 zip members matched a member already read', proc.stderr)
            self.assertEqual(hits(db), 0)   # taken as the sdist's bytes: the stated assumption
            db2 = os.path.join(tmp, 'b.sqlite')
            proc = run('analyze', '--jobs', '1', '--verify-duplicates', '--db', db2, tmp)
            self.assertIn('--verify-duplicates: 2 zip members matched by CRC-32, size and name, 1 of them differing',
                          proc.stderr)
            self.assertEqual(hits(db2), 1)


class KillAndResume(unittest.TestCase):
    """A run killed with SIGKILL at any moment, then rerun, ends with the store of a run never interrupted."""

    def test_kill_nine_then_resume(self):
        with scratch('pep765-kill-') as base:
            corpus = os.path.join(base, 'corpus')
            os.makedirs(corpus)
            rng = random.Random(765)
            bodies = [HIT, CLEAN, LOOP, PY2, CRLF, BOM]
            for i in range(160):
                members = [(f'p{i}/m{k}.py', rng.choice(bodies) + (b'\n# %d %d\n' % (i, k)) * rng.randint(1, 400))
                           for k in range(rng.randint(5, 40))]
                make_tar(os.path.join(corpus, f'p{i}-1.0.tar.gz'), members)
            reference = os.path.join(base, 'reference.sqlite')
            run('analyze', '-q', '--jobs', '2', '--db', reference, corpus)
            expected = canonical(reference)
            for trial in range(4):
                db = os.path.join(base, f'killed{trial}.sqlite')
                for kill in range(2):
                    proc = harness.start('analyze', '-q', '--jobs', '2', '--db', db, corpus,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    time.sleep(rng.uniform(0.02, 0.3))
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                run('analyze', '-q', '--jobs', '2', '--db', db, corpus)
                self.assertEqual(canonical(db), expected, f'trial {trial}')


if __name__ == '__main__':
    harness.main()
