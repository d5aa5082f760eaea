#!/usr/bin/env python3
"""End to end: one census through every shape an index serves gives the same store.

One Mirror, served at once as the legacy JSON API, the Simple API's PEP 691 JSON 1.0 (devpi's:
no sizes, no upload times, relative URLs) and 1.1 (PEP 700), its PEP 503 HTML only (relative
URLs), and PyPI's layout (both, the Simple API's form by the Accept header). Its projects have
release histories that cross a digit boundary, date versions, a yanked newest release and a
pre-release newer than the latest final. Each shape's census goes into its own store; the
files (names, sha256), the releases chosen, the lines and the hits are the same in all. --as-of
works where upload times are given and is refused, once and clearly, where they are not.
Hostile Simple API pages fail their project alone, with the field named.

usage: e2e_index_shapes.py PEP765_BINARY
"""
import json, os, unittest

from harness import HIT, Mirror, ScratchCase, Server, main, publish, query, run


def census_mirror(m):
    """The projects every shape serves."""
    mod = lambda name, v: {f'{name.replace("-", "_")}/__init__.py': HIT + f'# {v}\n'.encode(), f'{name}/util.py': b'x = 1\n'}
    # 1.9 and 1.10: the newest by PEP 440 is 1.10 (as text, 1.9 sorts last).
    for v, t in (('1.0', '2023-01-01'), ('1.9', '2024-01-01'), ('1.10', '2024-09-01')):
        publish(m, 'alpha', v, mod('alpha', v), uploaded=f'{t}T00:00:00Z')
    # A yanked newest release: 2.0 is taken.
    publish(m, 'beta', '2.0', mod('beta', '2.0'), uploaded='2024-02-01T00:00:00Z')
    publish(m, 'beta', '3.0', mod('beta', '3.0'), uploaded='2024-03-01T00:00:00Z', yanked=True)
    # A pre-release newer than the latest final (PyPI's info.version names the final).
    publish(m, 'gamma-ray', '1.0', mod('gamma-ray', '1.0'), uploaded='2024-01-15T00:00:00Z')
    publish(m, 'gamma-ray', '2.0rc1', mod('gamma-ray', '2.0rc1'), uploaded='2024-05-01T00:00:00Z')
    doc = m.projects['gamma-ray']
    doc['info']['version'], doc['urls'] = '1.0', doc['releases']['1.0']
    # Date versions: 2024.10.1 is newer than 2024.9.1; only wheels.
    for v, t in (('2024.9.1', '2024-09-01'), ('2024.10.1', '2024-10-01')):
        publish(m, 'delta', v, mod('delta', v), uploaded=f'{t}T00:00:00Z', sdist=False)
    # Only an sdist, and a release without files listed after it.
    publish(m, 'epsilon', '0.5', mod('epsilon', '0.5'), uploaded='2024-04-01T00:00:00Z', wheel=False)
    m.projects['epsilon']['releases']['0.6'] = []


def facts(db):
    """What a census found, independent of where it came from: per project the release and
    status; every download (file name, kind, sha256, status); per artifact its .py files and
    lines; every hit."""
    return {
        'selected': sorted(query(db, 'SELECT p.name, s.version, s.status FROM selected s JOIN packages p ON p.id = s.package_id')),
        'downloads': sorted(query(db, 'SELECT p.name, d.filename, d.kind, d.sha256, d.status, d.version FROM downloads d '
                                      'JOIN packages p ON p.id = d.package_id')),
        'lines': sorted(query(db, 'SELECT a.name, count(*), sum(c.lines) FROM artifacts a JOIN files f ON f.artifact_id = a.id '
                                  'JOIN contents c ON c.hash = f.hash GROUP BY a.name')),
        'hits': sorted(query(db, 'SELECT a.name, f.path, h.line, h.col, h.statement FROM hits h JOIN files f ON f.hash = h.hash '
                                 'JOIN artifacts a ON a.id = f.artifact_id')),
    }


class IndexShapes(ScratchCase):
    prefix = 'pep765-shapes-'

    @classmethod
    def setUpClass(cls):
        cls.mirror = Mirror()
        # Every server first: each sets the mirror's base URL, which the files' URLs are made from.
        cls.servers = {shape: Server(cls.mirror, shape).__enter__() for shape in Server.SHAPES}
        census_mirror(cls.mirror)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        for s in cls.servers.values():
            s.__exit__(None, None, None)
        super().tearDownClass()

    # How each shape is named on the command line: a bare origin, or the simple index's root.
    def index_args(self, shape):
        url = self.servers[shape].url
        if shape == 'json':
            return ['--index-url', url, '--index-api', 'json']
        if shape == 'html':
            return ['--index-url', url + '/simple/']
        return ['--index-url', url]

    def census(self, shape, *extra, check=True):
        db = os.path.join(self.dir, f'{shape}{"-".join(extra)}.sqlite')
        dest = os.path.join(self.dir, f'{shape}{"-".join(extra)}-files')
        proc = run('run', '--top', '5', '--list', self.servers['json'].url + '/top.json', *self.index_args(shape),
                   '--db', db, '--dest', dest, '--quiet', *extra, check=check)
        return db, proc

    def test_every_shape_gives_the_same_store(self):
        results = {shape: facts(self.census(shape)[0]) for shape in Server.SHAPES}
        expected = results['json']
        self.assertEqual(expected['selected'], [('alpha', '1.10', 'found'), ('beta', '2.0', 'found'),
                                                ('delta', '2024.10.1', 'found'), ('epsilon', '0.5', 'found'),
                                                ('gamma-ray', '1.0', 'found')])
        self.assertEqual(len(expected['downloads']), 8)
        self.assertTrue(all(d[4] == 'done' for d in expected['downloads']), expected['downloads'])
        self.assertEqual(len(expected['hits']), 8)  # one per artifact
        for shape, got in results.items():
            for key in expected:
                self.assertEqual(got[key], expected[key], f'{shape}: {key}')

    def test_as_of_where_upload_times_are_given(self):
        dated = {shape: facts(self.census(shape, '--as-of', '2024-06-30')[0]) for shape in ('json', 'simple-1.1', 'pypi')}
        self.assertEqual(dated['json']['selected'], [('alpha', '1.9', 'found'), ('beta', '2.0', 'found'),
                                                     ('delta', None, 'no_release'), ('epsilon', '0.5', 'found'),
                                                     ('gamma-ray', '1.0', 'found')])
        for shape, got in dated.items():
            self.assertEqual(got, dated['json'], shape)

    def test_as_of_is_refused_where_no_upload_times_are_given(self):
        for shape in ('simple-1.0', 'html'):
            db, proc = self.census(shape, '--as-of', '2024-06-30', check=False)
            self.assertEqual(proc.returncode, 1, proc.stderr)
            self.assertIn('the index gives no upload times (PEP 700', proc.stderr)
            self.assertIn('--index-api json', proc.stderr)
            self.assertEqual(proc.stderr.count('no upload times'), 1, proc.stderr)  # said once
            self.assertEqual(query(db, "SELECT count(*) FROM downloads"), [(0,)])

    def test_the_json_api_beside_a_root_that_is_no_simple_one_is_refused(self):
        proc = run('fetch', '--top', '1', '--list', self.servers['json'].url + '/top.json',
                   '--index-url', self.servers['json'].url + '/root/pypi/+simple/', '--index-api', 'json',
                   '--db', os.path.join(self.dir, 'refused.sqlite'), '--dest', os.path.join(self.dir, 'refused'), check=False)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("the JSON API's base", proc.stderr)

    def test_drafts_keep_their_repository_links_through_core_metadata(self):
        self.mirror.projects['alpha']['info']['project_urls'] = {'Source': 'https://github.com/o/alpha'}
        try:
            for shape in ('json', 'simple-1.1', 'html'):
                db, _ = self.census(shape, '--kinds', 'wheel')
                self.assertEqual(query(db, "SELECT repository_url FROM packages WHERE name = 'alpha'"),
                                 [('https://github.com/o/alpha',)], shape)
        finally:
            self.mirror.projects['alpha']['info']['project_urls'] = {}


class HostileSimplePages(ScratchCase):
    """Wrong Simple API pages fail their project alone, naming the field; the rest is counted."""
    prefix = 'pep765-hostile-simple-'

    def test_each_bad_page_fails_its_project_alone(self):
        m = Mirror()
        with Server(m, 'simple-1.1') as server:
            publish(m, 'fine', '1.0', {'fine/__init__.py': HIT})
            sha = '0' * 64
            pages = {
                'wrong-type': ({'meta': {'api-version': '1.1'}, 'files': [
                    {'filename': 'wrong-type-1.0.tar.gz', 'url': '/files/x', 'hashes': {}, 'size': 'big'}]},
                    'files[0].size: expected a non-negative integer'),
                'escaping': ({'meta': {'api-version': '1.1'}, 'files': [
                    {'filename': 'escaping-1.0.tar.gz', 'url': '../../../../../etc/passwd', 'hashes': {'sha256': sha}}]},
                    "files[0].url: the URL '../../../../../etc/passwd' climbs above the server's root"),
                'slash-name': ({'meta': {'api-version': '1.1'}, 'files': [
                    {'filename': '../slash-name-1.0.tar.gz', 'url': '/files/x', 'hashes': {'sha256': sha}}]},
                    "files[0].filename: a file name holds no '/'"),
                'future-api': ({'meta': {'api-version': '2.0'}, 'files': []},
                               'meta.api-version: 2.0 is not version 1 of the simple API'),
            }
            for name, (doc, _) in pages.items():
                m.raw_pages[f'/simple/{name}/'] = json.dumps(doc).encode()
                m.raw_types[f'/simple/{name}/'] = 'application/vnd.pypi.simple.v1+json'
                m.top.append({'project': name, 'download_count': 1})
            # A newer minor version of the API is read as 1.1, and said once for the run.
            for name in ('newer-a', 'newer-b'):
                publish(m, name, '1.0', {f'{name.replace("-", "_")}/__init__.py': b'x = 1\n'})
                entries = m.projects[name]['releases']['1.0']
                m.raw_pages[f'/simple/{name}/'] = json.dumps({'meta': {'api-version': '1.7'}, 'files': [
                    {'filename': e['filename'], 'url': e['url'], 'hashes': e['digests']} for e in entries]}).encode()
                m.raw_types[f'/simple/{name}/'] = 'application/vnd.pypi.simple.v1+json'
            m.raw_pages['/simple/html-slash/'] = b'<html><body><a href="../../files/x#sha256=' + sha.encode() + \
                b'">html-slash/../1.0.tar.gz</a></body></html>'
            m.raw_types['/simple/html-slash/'] = 'text/html'
            m.top.append({'project': 'html-slash', 'download_count': 1})
            pages['html-slash'] = (None, "anchor 1: the file name: a file name holds no '/'")
            db = os.path.join(self.dir, 'store.sqlite')
            proc = run('run', '--top', '10', '--list', server.url + '/top.json', '--index-url', server.url,
                       '--db', db, '--dest', os.path.join(self.dir, 'files'), '--quiet', check=False)
            self.assertEqual(proc.returncode, 1, proc.stderr)
            rows = dict((r[0], r[1:]) for r in query(
                db, 'SELECT p.name, s.status, s.reason FROM selected s JOIN packages p ON p.id = s.package_id'))
            self.assertEqual(rows['fine'][0], 'found')
            self.assertEqual((rows['newer-a'][0], rows['newer-b'][0]), ('found', 'found'))
            self.assertEqual(proc.stderr.count('simple API 1.7, newer than 1.1: read as 1.1'), 1, proc.stderr)
            for name, (_, field) in pages.items():
                self.assertEqual(rows[name][0], 'failed', name)
                self.assertIn(field, rows[name][1], name)
            self.assertEqual(query(db, "SELECT count(*) FROM downloads WHERE status = 'done'"), [(6,)])
            self.assertEqual(len(facts(db)['hits']), 2)


class PrivateIndex(ScratchCase):
    """An index that demands Basic auth: credentials from the URL or from a netrc file, sent to
    the index's host and port only (never to the file host beside it), and found in no output
    and nowhere in the store."""
    prefix = 'pep765-private-'
    password = 'pw-5ecret-765'

    @classmethod
    def prepare(cls):
        cls.mirror = Mirror()
        cls.index = Server(cls.mirror, 'simple-1.1', auth=('reader', cls.password)).__enter__()
        cls.files = Server(cls.mirror, 'pypi').__enter__()  # made last: the files' URLs are its
        publish(cls.mirror, 'private', '1.0', {'private/__init__.py': HIT})
        publish(cls.mirror, 'other', '2.0', {'other/__init__.py': HIT})

    @classmethod
    def tearDownClass(cls):
        cls.index.__exit__(None, None, None)
        cls.files.__exit__(None, None, None)
        super().tearDownClass()

    def census(self, name, index_url, env=None):
        db = os.path.join(self.dir, name + '.sqlite')
        proc = run('run', '--top', '2', '--list', self.files.url + '/top.json', '--index-url', index_url, '--db', db,
                   '--dest', os.path.join(self.dir, name + '-files'), check=False, env=env)
        return db, proc

    def assert_secret_kept(self, db, proc):
        self.assertNotIn(self.password, proc.stdout + proc.stderr)
        for entry in os.listdir(self.dir):
            if entry.startswith(os.path.basename(db)):
                with open(os.path.join(self.dir, entry), 'rb') as f:
                    self.assertNotIn(self.password.encode(), f.read(), entry)
        # Only the index's own host and port were ever sent credentials.
        self.assertTrue(self.mirror.authorized)
        self.assertEqual({port for port, _ in self.mirror.authorized}, {self.index.httpd.server_address[1]})
        self.assertEqual(query(db, 'SELECT index_url FROM selections'), [(self.index.url + '/simple/',)])

    def test_without_credentials_the_index_refuses(self):
        db, proc = self.census('none', self.index.url + '/simple/')
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(query(db, "SELECT count(*) FROM selected WHERE status = 'failed' AND reason LIKE '%401%'"), [(2,)])

    def test_credentials_in_the_url(self):
        host = self.index.url[len('http://'):]
        self.mirror.authorized.clear()
        before = self.mirror.counts.get('/simple/other/', 0)
        self.mirror.faults['/simple/other/'] = [('redirect', self.files.url + '/simple/other/')]
        db, proc = self.census('url', f'http://reader:{self.password.replace("-", "%2D")}@{host}/simple/')
        self.assertEqual(self.mirror.counts['/simple/other/'], before + 2)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(query(db, "SELECT count(*) FROM downloads WHERE status = 'done'"), [(4,)])
        self.assert_secret_kept(db, proc)

    def test_credentials_from_netrc(self):
        netrc = os.path.join(self.dir, 'netrc')
        with open(netrc, 'w') as f:
            f.write(f'machine 127.0.0.1\n  login reader\n  password {self.password}\n')
        os.chmod(netrc, 0o600)
        self.mirror.authorized.clear()
        # The index sends one page elsewhere: a redirect to another port never carries them.
        before = self.mirror.counts.get('/simple/other/', 0)
        self.mirror.faults['/simple/other/'] = [('redirect', self.files.url + '/simple/other/')]
        db, proc = self.census('netrc', self.index.url + '/simple/', env={**os.environ, 'NETRC': netrc})
        self.assertEqual(self.mirror.counts['/simple/other/'], before + 2)  # the index's answer, then the other port's
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(query(db, "SELECT count(*) FROM downloads WHERE status = 'done'"), [(4,)])
        self.assert_secret_kept(db, proc)


if __name__ == '__main__':
    main()
