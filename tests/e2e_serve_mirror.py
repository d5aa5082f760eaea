#!/usr/bin/env python3
"""End to end: scripts/make-mirror's index shapes served by scripts/serve-mirror, checked with
plain HTTP, with pip (a real client of the simple API, when installed) and with pep765 itself.

A small mirror is made here (legacy JSON documents and files, wheels built by make-mirror's own
code), its simple shapes written by `make-mirror --reshape`, then each shape served on
127.0.0.1 and read.

usage: e2e_serve_mirror.py PEP765_BINARY
"""
import hashlib, importlib.machinery, importlib.util, json, os, re, subprocess, sys, unittest
import urllib.error, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, query, run, scratch  # noqa: E402

SCRIPTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'scripts')
JSON_V1 = 'application/vnd.pypi.simple.v1+json'
PIP_ACCEPT = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'
BASE = 'http://127.0.0.1:1'  # what make-mirror is told: never served there, so serve-mirror must rewrite it


def load_make_mirror():
    loader = importlib.machinery.SourceFileLoader('make_mirror', os.path.join(SCRIPTS, 'make-mirror'))
    spec = importlib.util.spec_from_loader('make_mirror', loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def build(root):
    """Two projects: demo-pkg with 1.9, 1.10 (the latest: it sorts last as a version, not as a
    string), a yanked 2.0 and a release without files; other-name with one sdist."""
    mm = load_make_mirror()
    files = {}
    docs = {'demo-pkg': {}, 'other-name': {}}

    def add(key, version, filename, data, kind, yanked=False, uploaded='2024-10-01T00:00:00Z'):
        files[filename] = data
        docs[key].setdefault(version, []).append({
            'filename': filename, 'packagetype': kind, 'size': len(data), 'yanked': yanked,
            'yanked_reason': 'broken' if yanked else None, 'url': f'{BASE}/files/{filename}',
            'digests': {'sha256': hashlib.sha256(data).hexdigest()}, 'upload_time_iso_8601': uploaded})

    for version, day in (('1.9', '01'), ('1.10', '02'), ('2.0', '03')):
        modules = {'demo_pkg/__init__.py': HIT + f'# {version}\n'.encode()}
        stem = f'demo_pkg-{version}'
        add('demo-pkg', version, f'{stem}.tar.gz', mm.sdist(stem, modules), 'sdist', yanked=version == '2.0',
            uploaded=f'2024-09-{day}T00:00:00Z')
        add('demo-pkg', version, f'{stem}-py3-none-any.whl', mm.wheel('demo-pkg', version, modules), 'bdist_wheel',
            yanked=version == '2.0', uploaded=f'2024-09-{day}T00:00:00Z')
    docs['demo-pkg']['3.0.dev0'] = []
    add('other-name', '0.1', 'other_name-0.1.tar.gz', mm.sdist('other_name-0.1', {'other_name.py': HIT}), 'sdist')
    for name, data in files.items():
        harness.write(os.path.join(root, 'files', name), data)
    latest = {'demo-pkg': '1.10', 'other-name': '0.1'}
    for key, releases in docs.items():
        doc = {'info': {'name': key, 'version': latest[key], 'home_page': '', 'project_urls': {}},
               'releases': releases, 'urls': releases[latest[key]]}
        harness.write(os.path.join(root, 'pypi', key, 'json'), json.dumps(doc))
    top = {'last_update': '2024-10-01 00:00:00', 'rows': [{'project': 'demo-pkg', 'download_count': 10},
                                                          {'project': 'other-name', 'download_count': 5}]}
    harness.write(os.path.join(root, 'top.json'), json.dumps(top))
    subprocess.run([os.path.join(SCRIPTS, 'make-mirror'), '--reshape', root, '--base-url', BASE], check=True,
                   capture_output=True)
    return files


def Served(root, shape):
    """scripts/serve-mirror serving `root` in `shape` on a free port, for a `with` block."""
    return harness.ServedMirror(root, '--shape', shape)


def get(url, **headers):
    """(status, headers, body) of a GET, errors included."""
    req = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


class Shapes(harness.ScratchCase):
    prefix = 'pep765-serve-mirror-'

    @classmethod
    def prepare(cls):
        cls.root = os.path.join(cls.dir, 'mirror')
        cls.files = build(cls.root)

    def check_files_of(self, page_url, links):
        """Each (href, sha256) of a page resolves, relative to the page, to the file it names."""
        self.assertTrue(links)
        for href, sha in links:
            self.assertFalse(href.startswith('http'), href)  # relative, as a bandersnatch mirror writes
            status, _, body = get(urllib.parse.urljoin(page_url, href))
            self.assertEqual(status, 200, href)
            self.assertEqual(hashlib.sha256(body).hexdigest(), sha, href)

    def test_simple_json_1_1(self):
        with Served(self.root, 'simple-1.1') as s:
            page_url = s.url + '/simple/demo-pkg/'
            status, headers, body = get(page_url, Accept=PIP_ACCEPT)
            self.assertEqual((status, headers['Content-Type']), (200, JSON_V1))
            page = json.loads(body)
            self.assertEqual(page['meta']['api-version'], '1.1')
            self.assertEqual(page['versions'], ['1.9', '1.10', '2.0', '3.0.dev0'])  # PEP 700: file-less ones too
            by_name = {f['filename']: f for f in page['files']}
            self.assertEqual(len(by_name), 6)
            for name, f in by_name.items():
                self.assertEqual(f['size'], len(self.files[name]))
                self.assertTrue(f['upload-time'].startswith('2024-09-'))
                self.assertEqual(f['yanked'], 'broken' if '-2.0' in name else False)
                self.assertEqual('core-metadata' in f, name.endswith('.whl'))
            self.check_files_of(page_url, [(f['url'], f['hashes']['sha256']) for f in page['files']])
            meta = by_name['demo_pkg-1.10-py3-none-any.whl']['core-metadata']['sha256']
            status, _, body = get(s.url + '/files/demo_pkg-1.10-py3-none-any.whl.metadata')
            self.assertEqual(hashlib.sha256(body).hexdigest(), meta)
            self.assertIn(b'Version: 1.10', body)
            # The latest alias, the project list, and no HTML for a client that wants only HTML.
            self.assertEqual(get(page_url, Accept='application/vnd.pypi.simple.latest+json')[0], 200)
            status, _, body = get(s.url + '/simple/', Accept=JSON_V1)
            self.assertEqual([p['name'] for p in json.loads(body)['projects']], ['demo-pkg', 'other-name'])
            self.assertEqual(get(page_url, Accept='text/html')[0], 406)
            self.assertEqual(get(s.url + '/pypi/demo-pkg/json')[0], 404)

    def test_simple_json_1_0(self):
        with Served(self.root, 'simple-1.0') as s:
            status, headers, body = get(s.url + '/simple/demo-pkg/', Accept=JSON_V1)
            page = json.loads(body)
            self.assertEqual(page['meta']['api-version'], '1.0')
            self.assertNotIn('versions', page)
            for f in page['files']:
                self.assertNotIn('size', f)
                self.assertNotIn('upload-time', f)

    def test_html_only(self):
        with Served(self.root, 'html') as s:
            page_url = s.url + '/simple/demo-pkg/'
            for accept in (PIP_ACCEPT, JSON_V1, ''):
                status, headers, body = get(page_url, Accept=accept) if accept else get(page_url)
                self.assertEqual((status, headers['Content-Type']), (200, 'text/html'))
            text = body.decode()
            links = re.findall(r'href="([^"#]+)#sha256=([0-9a-f]{64})"', text)
            self.assertEqual(len(links), 6)
            self.check_files_of(page_url, links)
            self.assertEqual(len(re.findall(r'data-yanked="broken"', text)), 2)
            self.assertEqual(len(re.findall(r'data-core-metadata="sha256=[0-9a-f]{64}"', text)), 3)
            status, _, body = get(s.url + '/simple/')
            self.assertEqual(re.findall(r'href="([^"]+)"', body.decode()), ['demo-pkg/', 'other-name/'])
            self.assertEqual(get(s.url + '/pypi/demo-pkg/json')[0], 404)

    def test_all_negotiates_as_warehouse(self):
        with Served(self.root, 'all') as s:
            page_url = s.url + '/simple/demo-pkg/'
            for accept, ctype in ((PIP_ACCEPT, JSON_V1), ('application/vnd.pypi.simple.latest+json', JSON_V1),
                                  ('text/html', 'text/html'), ('*/*', 'text/html'), (None, 'text/html'),
                                  ('application/vnd.pypi.simple.v1+html', 'application/vnd.pypi.simple.v1+html')):
                status, headers, _ = get(page_url, **({'Accept': accept} if accept else {}))
                self.assertEqual((status, headers['Content-Type']), (200, ctype), accept)
                self.assertEqual(headers['Vary'], 'Accept')
            # A name not normalised, or without its slash, is redirected to the page.
            for path in ('/simple/Demo_Pkg/', '/simple/demo-pkg'):
                status, headers, _ = get(s.url + path)
                self.assertEqual((status, headers['Location']), (301, '/simple/demo-pkg/'), path)

    def test_legacy_json_names_the_address_served_from(self):
        with Served(self.root, 'json') as s:
            status, _, body = get(s.url + '/pypi/demo-pkg/json')
            self.assertEqual(status, 200)
            doc = json.loads(body)
            urls = [f['url'] for files in doc['releases'].values() for f in files]
            self.assertTrue(urls)
            for url in urls:
                self.assertTrue(url.startswith(s.url + '/files/'), url)
            self.assertEqual(get(s.url + '/simple/demo-pkg/', Accept=JSON_V1)[0], 404)
            self.assertEqual(get(s.url + '/simple/demo-pkg/')[0], 404)

    def test_etag_and_ranges(self):
        with Served(self.root, 'all') as s:
            for url in (s.url + '/simple/demo-pkg/', s.url + '/files/other_name-0.1.tar.gz'):
                status, headers, _ = get(url)
                etag = headers['ETag']
                self.assertTrue(etag)
                self.assertEqual(get(url, **{'If-None-Match': etag})[0], 304, url)
                self.assertEqual(get(url, **{'If-None-Match': '"other"'})[0], 200, url)
            url = s.url + '/files/other_name-0.1.tar.gz'
            data = self.files['other_name-0.1.tar.gz']
            n = len(data)
            for wanted, first, last in (('bytes=0-9', 0, 9), ('bytes=10-', 10, n - 1), ('bytes=-7', n - 7, n - 1),
                                        (f'bytes=5-{n + 100}', 5, n - 1)):
                status, headers, body = get(url, Range=wanted)
                self.assertEqual(status, 206, wanted)
                self.assertEqual(headers['Content-Range'], f'bytes {first}-{last}/{n}', wanted)
                self.assertEqual(body, data[first:last + 1], wanted)
            for wanted in (f'bytes={n}-', f'bytes={n + 5}-{n + 9}', 'bytes=-0'):
                status, headers, _ = get(url, Range=wanted)
                self.assertEqual((status, headers['Content-Range']), (416, f'bytes */{n}'), wanted)
            self.assertEqual(get(url, Range='bytes=0-1,5-6')[2], data)  # several ranges: the whole file

    @unittest.skipUnless(subprocess.run([sys.executable, '-m', 'pip', '--version'], capture_output=True).returncode == 0,
                         f'pip is not installed for {sys.executable} (scripts/setup installs python3-pip)')
    def test_pip_downloads_from_every_simple_shape(self):
        env = dict(os.environ, PIP_CONFIG_FILE=os.devnull, PIP_NO_INPUT='1')
        for shape in ('simple-1.1', 'simple-1.0', 'html', 'all'):
            with Served(self.root, shape) as s, scratch() as tmp:
                # The wheel: an sdist would have to be built for its metadata. pip takes 1.10 (2.0 is
                # yanked, 3.0.dev0 a pre-release without files), checked against the index's sha256.
                proc = subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '--no-cache-dir',
                                       '--disable-pip-version-check', '--only-binary', ':all:', '--index-url',
                                       s.url + '/simple/', '--dest', tmp, 'demo-pkg'],
                                      capture_output=True, text=True, env=env, timeout=300)
                self.assertEqual(proc.returncode, 0, f'{shape}: {proc.stdout}{proc.stderr}')
                self.assertEqual(os.listdir(tmp), ['demo_pkg-1.10-py3-none-any.whl'], shape)
                with open(os.path.join(tmp, os.listdir(tmp)[0]), 'rb') as f:
                    self.assertEqual(f.read(), self.files['demo_pkg-1.10-py3-none-any.whl'])

    def test_one_census_through_every_served_shape_gives_one_store(self):
        # Every shape make-mirror writes, served by serve-mirror, read by pep765 (the legacy JSON
        # API with --index-api json, the others over the Simple API): the same files, lines and
        # hits. The file URLs are the ones serve-mirror rewrote to its own address.
        stores = {}
        for shape, api in (('json', 'json'), ('simple-1.1', 'simple'), ('simple-1.0', 'simple'), ('html', 'simple'),
                           ('all', 'simple')):
            with Served(self.root, shape) as s, scratch() as tmp:
                db = os.path.join(tmp, 'store.sqlite')
                index = s.url if shape in ('json', 'all') else s.url + '/simple/'
                run('run', '--top', '2', '--list', s.url + '/top.json', '--index-url', index, '--index-api', api,
                    '--dest', os.path.join(tmp, 'files'), '--db', db, '--quiet')
                stores[shape] = {
                    'files': sorted(query(db, "SELECT filename, sha256 FROM downloads WHERE status = 'done'")),
                    'lines': sorted(query(db, 'SELECT a.name, f.path, c.lines FROM files f JOIN artifacts a '
                                              'ON a.id = f.artifact_id JOIN contents c ON c.hash = f.hash')),
                    'hits': sorted(query(db, 'SELECT hex(hash), line, col, statement, cpython, exits FROM hits')),
                }
        self.assertEqual([f[0] for f in stores['json']['files']],
                         ['demo_pkg-1.10-py3-none-any.whl', 'demo_pkg-1.10.tar.gz', 'other_name-0.1.tar.gz'])
        self.assertEqual(len(stores['json']['hits']), 2)
        for shape, store in stores.items():
            self.assertEqual(store, stores['json'], shape)

if __name__ == '__main__':
    harness.main()
