#!/usr/bin/env python3
"""End to end: wheels read by HTTP ranges (issue 30). Big wheels (megabytes of incompressible
.so bytes, a few .py members with hits between them) are served by scripts/serve-mirror in each
of its range modes, and a census `run` of them is compared with a `--whole-files` run: the same
files, lines and hits per rule, far fewer bytes read where the ranges are served, the reason
recorded where they are not, a corrupted member caught by its CRC-32 and never counted.

usage: e2e_ranges.py PEP765_BINARY
"""
import base64, hashlib, io, json, os, re, sys, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, query, run  # noqa: E402

BASE = 'http://127.0.0.1:1'  # what the documents name: serve-mirror rewrites it to where it serves
TIME = (2024, 10, 1, 0, 0, 0)
PROJECTS = ('alpha', 'beta-lib', 'gamma')
SO_BYTES = 4 << 20  # per shared library; three in each wheel


def big_wheel(name, version, modules, seed):
    """A platform wheel: three shared libraries of random bytes (stored: they do not compress),
    `modules` {path: bytes} deflated between them, and the .dist-info."""
    info = f'{re.sub(r"[-.]+", "_", name)}-{version}.dist-info'
    rng = hashlib.sha256(seed.encode())
    libs = {}
    for i in range(3):
        chunk = b''.join(hashlib.sha256(rng.digest() + bytes([i]) + n.to_bytes(4, 'little')).digest()
                         for n in range(SO_BYTES // 32))
        libs[f'{name.replace("-", "_")}/_native{i}.so'] = chunk
    members = []
    py = sorted(modules.items())
    for i, (lib, data) in enumerate(sorted(libs.items())):
        members.append((lib, data, zipfile.ZIP_STORED))
        for path, code in py[i::3]:
            # __about__.py stored: a byte flipped in it leaves its size, so only its CRC-32 tells
            members.append((path, code, zipfile.ZIP_STORED if '__about__' in path else zipfile.ZIP_DEFLATED))
    members.append((f'{info}/METADATA', f'Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n'.encode(),
                    zipfile.ZIP_DEFLATED))
    members.append((f'{info}/WHEEL', b'Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: cp312-cp312-linux_x86_64\n',
                    zipfile.ZIP_DEFLATED))
    record = ''.join(f'{p},sha256={base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b"=").decode()},'
                     f'{len(d)}\n' for p, d, _ in members)
    members.append((f'{info}/RECORD', (record + f'{info}/RECORD,,\n').encode(), zipfile.ZIP_DEFLATED))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for path, data, method in members:
            z.writestr(zipfile.ZipInfo(path, TIME), data, method)
    return buf.getvalue()


def sdist(base, files):
    import tarfile
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w:gz') as t:
        for rel in sorted(files):
            info = tarfile.TarInfo(f'{base}/{rel}')
            info.size = len(files[rel])
            info.mtime = 1727740800
            t.addfile(info, io.BytesIO(files[rel]))
    return buf.getvalue()


def write_release(root, name, version, files):
    """Project `name`'s page (legacy JSON) under `root`, with one release, `version`, of `files`
    ((file name, bytes, packagetype), ...), each written under root/files."""
    entries = []
    for filename, data, kind in files:
        harness.write(os.path.join(root, 'files', filename), data)
        entries.append({'filename': filename, 'packagetype': kind, 'size': len(data), 'yanked': False,
                        'url': f'{BASE}/files/{filename}', 'digests': {'sha256': hashlib.sha256(data).hexdigest()},
                        'upload_time_iso_8601': '2024-10-01T00:00:00Z'})
    doc = {'info': {'name': name, 'version': version, 'home_page': '', 'project_urls': {}},
           'releases': {version: entries}, 'urls': entries}
    harness.write(os.path.join(root, 'pypi', name, 'json'), json.dumps(doc))


def write_top(root, names):
    """The mirror's top list of `names`, most downloaded first, and its base URL."""
    rows = [{'project': name, 'download_count': 100 - n} for n, name in enumerate(names)]
    harness.write(os.path.join(root, 'top.json'), json.dumps({'last_update': '2024-10-01 00:00:00', 'rows': rows}))
    harness.write(os.path.join(root, 'mirror.json'), json.dumps({'base_url': BASE}))


def build(root):
    """The mirror (legacy JSON shape): each project one release, an sdist and a big wheel, whose
    modules differ a little (the wheel holds one more with a hit)."""
    wheels = {}
    for name in PROJECTS:
        pkg = name.replace('-', '_')
        modules = {f'{pkg}/__init__.py': HIT + f'# {name}\n'.encode(),
                   f'{pkg}/util.py': b'def helper():\n    return 1\n' * 50,
                   f'{pkg}/loops.py': b'def g(xs):\n    for x in xs:\n        try:\n            pass\n'
                                      b'        finally:\n            break\n'}
        # First by offset in the wheel (the corrupting server flips a byte of it): only there.
        wheel_modules = dict(modules, **{f'{pkg}/__about__.py': HIT + f'# only in the wheel of {name}\n'.encode()})
        wheel = f'{pkg}-1.0-cp312-cp312-linux_x86_64.whl'
        wheels[wheel] = big_wheel(name, '1.0', wheel_modules, name)
        write_release(root, name, '1.0', ((f'{pkg}-1.0.tar.gz', sdist(f'{pkg}-1.0', modules), 'sdist'),
                                          (wheel, wheels[wheel], 'bdist_wheel')))
    write_top(root, PROJECTS)
    return wheels


def Served(root, *args):
    """scripts/serve-mirror (legacy JSON shape) on a free port, with `args` (--ranges ...)."""
    return harness.ServedMirror(root, '--shape', 'json', *args)


def figures(summary):
    """What must not depend on how the files were read: files, lines, hits per rule."""
    return {k: summary[k] for k in ('archives', 'files', 'unique_files', 'lines', 'unique_lines', 'hits',
                                    'unique_hits', 'study_lines')}


def cost(summary, kind):
    return next(c for c in summary['read_costs'] if c['kind'] == kind)


class Ranges(harness.ScratchCase):
    prefix = 'pep765-ranges-'

    @classmethod
    def prepare(cls):
        cls.root = os.path.join(cls.dir, 'mirror')
        cls.wheels = build(cls.root)
        cls.wheel_bytes = sum(len(d) for d in cls.wheels.values())
        cls.whole = cls.census('whole', 'multipart', '--whole-files')

    @classmethod
    def census(cls, name, mode, *args, served=(), dest=None, db=None, failing=False):
        """A `run` of the three projects against serve-mirror in `mode`: (summary, store).
        `failing`: the run exits 1 (something failed), and says so."""
        base = os.path.join(cls.dir, name)
        os.makedirs(base, exist_ok=True)
        db = db or os.path.join(base, 'store.sqlite')
        with Served(cls.root, '--ranges', mode, *served) as s:
            proc = run('run', '--top', '3', '--list', s.url + '/top.json', '--index-url', s.url, '--index-api', 'json',
                       '--dest', dest or os.path.join(base, 'files'), '--db', db, '--quiet',
                       # every .py member read, also those the sdist gave (e2e_sdist_gave tests those)
                       '--verify-duplicates', *args, check=not failing)
        if failing:
            assert proc.returncode == 1, proc.stderr
        return json.loads(proc.stdout), db

    def downloads(self, db, kind='wheel'):
        return query(db, 'SELECT filename, read_as, bytes_read, requests, sha256_verified, read_note, size, path '
                         'FROM downloads WHERE kind = ? AND status = ? ORDER BY filename', kind, 'done')

    def test_whole_files_reads_every_byte_and_verifies_it(self):
        summary, db = self.whole
        rows = self.downloads(db)
        self.assertEqual(len(rows), 3)
        for filename, read_as, bytes_read, requests, verified, note, size, _ in rows:
            self.assertEqual((read_as, bytes_read, requests, verified, note), ('whole', size, 1, 1, None), filename)
        self.assertEqual(cost(summary, 'wheel')['read_bytes'], self.wheel_bytes)
        # three __init__.py and three __about__.py (each naming its project), one loops.py in all three
        self.assertEqual(summary['unique_hits']['cpython'], 7)

    def check_ranged(self, summary, db, multipart):
        self.assertEqual(figures(summary), figures(self.whole[0]))
        wheel = cost(summary, 'wheel')
        self.assertEqual(wheel['declared_bytes'], self.wheel_bytes)
        self.assertLessEqual(wheel['read_bytes'], 0.15 * self.wheel_bytes, wheel)
        self.assertEqual(wheel['by_ranges'], 3)
        for filename, read_as, bytes_read, requests, verified, note, size, path in self.downloads(db):
            self.assertEqual((read_as, verified, note), ('ranges', 0, None), filename)
            self.assertEqual(os.path.getsize(path), size)  # the declared size, sparse
            self.assertLess(os.stat(path).st_blocks * 512, 0.15 * size + (1 << 20), filename)
            # the tail, then the members: one request where several ranges go in one
            if multipart:
                self.assertEqual(requests, 2, filename)
            else:
                self.assertGreater(requests, 2, filename)
        return wheel

    def test_multipart_ranges_read_little_and_count_the_same(self):
        summary, db = self.census('multipart', 'multipart')
        self.check_ranged(summary, db, multipart=True)

    def test_one_range_a_request_counts_the_same(self):
        summary, db = self.census('single', 'single')
        self.check_ranged(summary, db, multipart=False)

    def test_refusing_servers_give_whole_files_and_the_reason(self):
        for mode, reason in (('ignore', 'the server answered a range with the whole file (HTTP 200)'),
                             ('416', 'the server refused a range (HTTP 416)'),
                             ('501', 'the server refused a range (HTTP 501)'),
                             ('no-accept-ranges', 'the server answers ranges without Accept-Ranges: bytes')):
            with self.subTest(mode=mode):
                summary, db = self.census(mode, mode)
                self.assertEqual(figures(summary), figures(self.whole[0]))
                for filename, read_as, bytes_read, requests, verified, note, size, path in self.downloads(db):
                    self.assertEqual((read_as, verified, note), ('whole', 1, reason), filename)
                    with open(path, 'rb') as f:
                        self.assertEqual(f.read(), self.wheels[filename], filename)
                self.assertEqual(cost(summary, 'wheel')['refused_ranges'], 3)

    def test_a_flipped_byte_is_caught_by_the_crc_and_never_counted(self):
        summary, db = self.census('flip', 'multipart', served=('--flip-py-byte',), failing=True)
        whole = self.whole[0]
        # Each wheel's first .py member by offset (__about__.py, with its hit, in no sdist) fails
        # alone: never counted, the others are.
        self.assertEqual(summary['files'], whole['files'] - 3)
        self.assertEqual(summary['hits']['cpython'], whole['hits']['cpython'] - 3)
        self.assertEqual(summary['unique_hits']['cpython'], whole['unique_hits']['cpython'] - 3)
        failed = query(db, "SELECT a.name, a.status, a.error FROM artifacts a WHERE a.kind = 'wheel' ORDER BY a.name")
        self.assertEqual(len(failed), 3)
        for name, status, error in failed:
            self.assertEqual(status, 'partial', name)
            self.assertIn('__about__.py', error, name)
            self.assertIn('crc', error.lower(), name)

    def test_a_rerun_reads_nothing_again_and_whole_files_replaces_ranges(self):
        summary, db = self.census('resume', 'multipart')
        first = {r[0]: r for r in self.downloads(db)}
        again, _ = self.census('resume', 'multipart', db=db)
        self.assertEqual(figures(again), figures(summary))
        rows = {r[0]: r for r in self.downloads(db)}
        self.assertEqual(rows, first)  # the first read's cost stands; nothing read again
        self.assertEqual(cost(again, 'wheel')['read_bytes'], cost(summary, 'wheel')['read_bytes'])
        whole, _ = self.census('resume', 'multipart', '--whole-files', db=db)
        self.assertEqual(figures(whole), figures(self.whole[0]))
        for filename, read_as, bytes_read, requests, verified, note, size, path in self.downloads(db):
            self.assertEqual((read_as, verified, bytes_read), ('whole', 1, size), filename)
            with open(path, 'rb') as f:
                self.assertEqual(hashlib.sha256(f.read()).hexdigest(),
                                 hashlib.sha256(self.wheels[filename]).hexdigest(), filename)

    def test_plan_says_how_each_wheel_would_be_read(self):
        with Served(self.root, '--ranges', 'multipart') as s:
            args = ['fetch', '--top', '3', '--list', s.url + '/top.json', '--index-url', s.url, '--index-api', 'json',
                    '--dest', os.path.join(self.dir, 'plan-files'), '--db', os.path.join(self.dir, 'plan.sqlite'),
                    '--plan', '--format', 'json', '--quiet']
            plan = json.loads(run(*args).stdout)['plans'][0]
            whole = json.loads(run(*args, '--whole-files').stdout)['plans'][0]
            text = run(*args[:-3], '--quiet').stdout
        reads = {f['filename']: (f['kind'], f['read']) for f in plan['files']}
        self.assertEqual(sorted(reads.values()), [('sdist', 'whole')] * 3 + [('wheel', 'ranges')] * 3)
        self.assertEqual(plan['totals']['wheel']['by_ranges'], {'files': 3, 'bytes': self.wheel_bytes,
                                                                 'undeclared_size': 0})
        self.assertEqual(plan['totals']['wheel']['download']['bytes'], self.wheel_bytes)
        self.assertEqual({f['read'] for f in whole['files']}, {'whole'})
        self.assertEqual(whole['totals']['wheel']['by_ranges']['files'], 0)
        self.assertIn('3 wheels', text)
        self.assertIn('by ranges', text)

    def test_a_pure_wheel_is_read_whole(self):
        # py3-none-any: nearly all .py in the wild, so its ranges would save nothing; this one is
        # mostly data, and still read whole, by its name.
        root = os.path.join(self.dir, 'pure-mirror')
        data = big_wheel('pure', '1.0', {'pure/__init__.py': HIT}, 'pure')
        write_release(root, 'pure', '1.0', (('pure-1.0-py3-none-any.whl', data, 'bdist_wheel'),))
        write_top(root, ['pure'])
        db = os.path.join(self.dir, 'pure.sqlite')
        with Served(root, '--ranges', 'multipart') as s:
            run('fetch', '--top', '1', '--list', s.url + '/top.json', '--index-url', s.url, '--index-api', 'json',
                '--dest', os.path.join(self.dir, 'pure-files'), '--db', db, '--quiet')
        self.assertEqual(self.downloads(db)[0][1:6], ('whole', len(data), 1, 1, None))

    def test_cost_in_summary_text_and_every_report_format(self):
        _, db = self.census('report', 'multipart')
        text = run('summary', '--db', db).stdout
        self.assertRegex(text, r'read: index pages [\d.]+ MB read in \d+ requests; sdists 3 files, .*; wheels 3 files, '
                               r'[\d.]+ MB declared, [\d.]+ MB read \([\d.]+ %\) in 6 requests \(3 by ranges')
        report = json.loads(run('report', '--db', db, '--format', 'json').stdout)
        costs = {c['kind']: c for c in report['provenance']['read_costs']}
        self.assertEqual(costs['wheel']['by_ranges'], 3)
        self.assertEqual(costs['wheel']['declared_bytes'], self.wheel_bytes)
        self.assertGreater(costs['index']['requests'], 3)
        for fmt in ('text', 'markdown', 'html'):
            out = run('report', '--db', db, '--format', fmt).stdout
            self.assertIn('3 by ranges', out, fmt)


if __name__ == '__main__':
    harness.main()
