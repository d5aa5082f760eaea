"""A PyPI-shaped test server on 127.0.0.1 that can misbehave on purpose.

It serves a top list (/top.json), the project list (/simple/), each project's page and its files
(/files/NAME, with their core metadata at /files/NAME.metadata), in the shape asked of the
Server (one Mirror, every shape an index serves):
  'pypi'        (the default) as PyPI: the legacy JSON API (/pypi/NAME/json) and the Simple API
                at /simple/NAME/, PEP 691 JSON 1.1 or PEP 503 HTML by the Accept header
  'json'        the legacy JSON API only (no project pages under /simple/)
  'simple-1.0'  PEP 691 JSON 1.0 only, as devpi: no versions, sizes or upload times, relative
                file URLs, the older `dist-info-metadata` key
  'simple-1.1'  PEP 691 JSON 1.1 only (PEP 700: versions, size, upload-time; PEP 714 core-metadata)
  'html'        PEP 503 HTML only, every file URL relative to the page
and for chosen URLs injects faults: a status (429 with Retry-After, 500) for the first few
requests, a connection reset, a truncated body, a slow body, a redirect. It counts requests
per path so tests can check retries.
"""
import hashlib, http.server, io, json, socket, struct, tarfile, threading, time, zipfile


def sdist_bytes(base, files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w:gz') as t:
        for path, data in files.items():
            info = tarfile.TarInfo(f'{base}/{path}')
            info.size = len(data)
            info.mtime = 1700000000
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def wheel_bytes(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for path, data in files.items():
            z.writestr(path, data)
    return buf.getvalue()


class Mirror:
    def __init__(self):
        self.files = {}        # file name -> bytes
        self.projects = {}     # normalised name -> JSON document
        self.faults = {}       # path -> list of faults, one per request, then normal service
        self.counts = {}       # path -> requests seen
        self.statuses = {}     # path -> status codes sent, in order
        self.top = []
        self.listed = []       # every name in the simple index (projects without JSON too)
        self.simple_json = True  # offer PEP 691 JSON when asked; else only PEP 503 HTML
        self.raw_pages = {}      # path -> bytes served as they are (documents json.dumps cannot write)
        self.unauthorized = []   # paths asked without the credentials a Server(auth=...) demands
        self.authorized = []     # (port, path) of every request that carried an Authorization header
        self.raw_types = {}      # path -> the Content-Type of a raw page (application/json when not given)
        self.lock = threading.Lock()
        self.base = ''

    def add_file(self, name, data):
        self.files[name] = data

    def file_entry(self, name, packagetype, uploaded='2024-10-01T00:00:00Z', yanked=False, sha256=None):
        data = self.files[name]
        return {'filename': name, 'packagetype': packagetype, 'size': len(data),
                'url': f'{self.base}/files/{name}', 'yanked': yanked,
                'digests': {'sha256': sha256 or hashlib.sha256(data).hexdigest()},
                'upload_time_iso_8601': uploaded}

    def add_project(self, name, version, releases, downloads, project_urls=None):
        self.projects[name] = {'info': {'name': name, 'version': version, 'home_page': '',
                                        'project_urls': project_urls or {}},
                               'releases': releases, 'urls': releases.get(version, [])}
        self.top.append({'project': name, 'download_count': downloads})

    def next_fault(self, path):
        with self.lock:
            self.counts[path] = self.counts.get(path, 0) + 1
            queue = self.faults.get(path, [])
            return queue.pop(0) if queue else None


SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json'


def core_metadata(mirror, filename):
    """The core metadata of `filename` (PEP 714), made from its project's legacy document: name,
    version, home page and project URLs, as RFC 822 headers; None for a file of no project."""
    for name, doc in mirror.projects.items():
        for version, files in doc.get('releases', {}).items():
            if any(f.get('filename') == filename for f in files):
                info = doc.get('info', {})
                lines = ['Metadata-Version: 2.1', f'Name: {name}', f'Version: {version}']
                if info.get('home_page'):
                    lines.append(f"Home-page: {info['home_page']}")
                for label, url in (info.get('project_urls') or {}).items():
                    lines.append(f'Project-URL: {label}, {url}')
                return ('\n'.join(lines) + '\n\nThe description.\n').encode()
    return None


def simple_page(mirror, name, shape):
    """Project `name`'s Simple API page in `shape` ('simple-1.0', 'simple-1.1' or 'html'): the
    files of every release of its legacy document, in its order. (body, content type) or None."""
    doc = mirror.projects.get(name)
    if doc is None:
        return None
    entries = [f for files in doc.get('releases', {}).values() for f in files]

    def relative(url):
        # The page is /simple/NAME/: ../../files/X is the file.
        return '../..' + url[len(mirror.base):] if url.startswith(mirror.base + '/') else url

    if shape == 'html':
        import html as h
        anchors = []
        for f in entries:
            sha = f.get('digests', {}).get('sha256')
            attrs = f' href="{h.escape(relative(f["url"]) + (f"#sha256={sha}" if sha else ""))}"'
            if f.get('yanked'):
                attrs += ' data-yanked=""'
            meta = core_metadata(mirror, f['filename'])
            if meta is not None:
                attrs += f' data-core-metadata="sha256={hashlib.sha256(meta).hexdigest()}"'
            anchors.append(f'<a{attrs}>{h.escape(f["filename"])}</a><br/>\n')
        body = (f'<!DOCTYPE html>\n<html><head><title>Links for {name}</title></head><body>\n'
                f'<h1>Links for {name}</h1>\n' + ''.join(anchors) + '</body></html>\n')
        return body.encode(), 'text/html'
    files = []
    for f in entries:
        out = {'filename': f['filename'], 'hashes': {}, 'requires-python': None, 'yanked': f.get('yanked', False)}
        if f.get('digests', {}).get('sha256'):
            out['hashes']['sha256'] = f['digests']['sha256']
        meta = core_metadata(mirror, f['filename'])
        if shape == 'simple-1.0':
            out['url'] = relative(f['url'])
            if meta is not None:
                out['dist-info-metadata'] = True
        else:
            out['url'] = f['url']
            if 'size' in f:  # PEP 700 requires it; a legacy document without one gives none here either
                out['size'] = f['size']
            out['upload-time'] = f.get('upload_time_iso_8601')
            if meta is not None:
                out['core-metadata'] = {'sha256': hashlib.sha256(meta).hexdigest()}
        files.append(out)
    page = {'meta': {'api-version': '1.0' if shape == 'simple-1.0' else '1.1'}, 'name': name, 'files': files}
    if shape != 'simple-1.0':
        page['versions'] = list(doc.get('releases', {}))
    return json.dumps(page).encode(), SIMPLE_JSON


def make_handler(mirror, shape='pypi', auth=None):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *args):
            pass

        def send_response(self, code, message=None):
            with mirror.lock:
                mirror.statuses.setdefault(self.path.split('?')[0], []).append(code)
            super().send_response(code, message)

        def send_body(self, body, content_type='application/octet-stream', extra=()):
            self.send_response(200)
            self.send_header('Content-Type', content_type)
            self.send_header('Content-Length', str(len(body)))
            for k, v in extra:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = self.path.split('?')[0]
            if self.headers.get('Authorization') is not None:
                with mirror.lock:
                    mirror.authorized.append((self.server.server_address[1], path))
            if auth is not None and self.headers.get('Authorization') != auth:
                with mirror.lock:
                    mirror.unauthorized.append(path)
                payload = b'who are you?\n'
                self.send_response(401)
                self.send_header('WWW-Authenticate', 'Basic realm="index"')
                self.send_header('Content-Length', str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            fault = mirror.next_fault(path)
            body, ctype, etag = self.lookup(path, self.headers.get('Accept', ''))
            if fault:
                kind = fault[0]
                if kind == 'status':
                    _, code, retry_after = fault
                    payload = b'try later\n'
                    self.send_response(code)
                    if retry_after is not None:
                        self.send_header('Retry-After', str(retry_after))
                    self.send_header('Content-Length', str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if kind in ('reset', 'truncate') and body is not None:
                    # Part of the body under the whole one's length, then the connection ends:
                    # reset, with a TCP reset (SO_LINGER 0), a fault no client can paper over by
                    # resending on a fresh connection unseen; truncate, with a clean shutdown.
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[:len(body) // (3 if kind == 'reset' else 2)])
                    self.wfile.flush()
                    if kind == 'reset':
                        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
                        self.connection.close()
                    else:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if kind == 'slow' and body is not None:
                    _, seconds = fault
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    step = max(1, len(body) // 4)
                    for i in range(0, len(body), step):
                        self.wfile.write(body[i:i + step])
                        self.wfile.flush()
                        time.sleep(seconds / 4)
                    return
                if kind == 'gzip':
                    # The body as gzip: `fault[1]` bytes of JSON-ish padding that compress to little.
                    import gzip
                    payload = gzip.compress(b'{"pad": "' + b' ' * fault[1] + b'"}', 9)
                    self.send_response(200)
                    self.send_header('Content-Type', 'application/json')
                    self.send_header('Content-Encoding', 'gzip')
                    self.send_header('Content-Length', str(len(payload)))
                    self.send_header('ETag', '"gz"')
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if kind == 'endless':
                    # A body far larger than declared anywhere: up to `fault[1]` bytes, chunked,
                    # until the client hangs up.
                    self.send_response(200)
                    self.send_header('Transfer-Encoding', 'chunked')
                    self.send_header('ETag', '"endless"')
                    self.end_headers()
                    chunk = b'x' * 65536
                    try:
                        for _ in range(fault[1] // len(chunk)):
                            self.wfile.write(b'%x\r\n%s\r\n' % (len(chunk), chunk))
                        self.wfile.write(b'0\r\n\r\n')
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    self.close_connection = True
                    return
                if kind == 'short_length' and body is not None:
                    # A Content-Length shorter than the file: the rest follows on the connection.
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(body) // 2))
                    self.end_headers()
                    self.wfile.write(body)
                    self.close_connection = True
                    return
                if kind == 'header':
                    # A normal answer with one more header, whatever it holds.
                    if body is None:
                        body = b''
                    self.send_response(fault[3] if len(fault) > 3 else 200)
                    self.send_header(fault[1], fault[2])
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if kind == 'redirect':
                    self.send_response(302)
                    self.send_header('Location', fault[1])
                    self.send_header('Content-Length', '0')
                    self.end_headers()
                    return
            if body is None:
                payload = b'not found\n'
                self.send_response(404)
                self.send_header('Content-Length', str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            if etag and self.headers.get('If-None-Match') == etag:
                self.send_response(304)
                self.send_header('ETag', etag)
                self.send_header('Content-Length', '0')
                self.end_headers()
                return
            self.send_body(body, ctype, [('ETag', etag)] if etag else [])

        def lookup(self, path, accept=''):
            if path in mirror.raw_pages:
                body = mirror.raw_pages[path]
                ctype = mirror.raw_types.get(path, 'application/json')
                return body, ctype, '"%s"' % hashlib.sha256(body).hexdigest()[:16]
            if path == '/simple/':
                names = mirror.listed or [row['project'] for row in mirror.top]
                if mirror.simple_json and 'application/vnd.pypi.simple.v1+json' in accept:
                    body = json.dumps({'meta': {'api-version': '1.1'},
                                       'projects': [{'name': n} for n in names]}).encode()
                    ctype = 'application/vnd.pypi.simple.v1+json'
                else:
                    body = ('<!DOCTYPE html><html><body>\n' + ''.join(
                        f'<a href="/simple/{n}/">{n}</a>\n' for n in names) + '</body></html>\n').encode()
                    ctype = 'text/html'
                return body, ctype, '"%s"' % hashlib.sha256(body).hexdigest()[:16]
            if path == '/top.json':
                doc = {'last_update': '2024-10-17 00:00:00', 'query': {'source': 'test'}, 'rows': mirror.top}
                return json.dumps(doc).encode(), 'application/json', None
            if path.startswith('/simple/') and path.endswith('/') and path.count('/') == 3:
                if shape == 'json':
                    return None, None, None
                page_shape = shape
                if shape == 'pypi':
                    page_shape = 'simple-1.1' if SIMPLE_JSON in accept else 'html'
                page = simple_page(mirror, path[len('/simple/'):-1], page_shape)
                if page is None:
                    return None, None, None
                return page[0], page[1], '"%s"' % hashlib.sha256(page[0]).hexdigest()[:16]
            if path.startswith('/pypi/') and path.endswith('/json'):
                if shape not in ('pypi', 'json'):
                    return None, None, None
                name = path[len('/pypi/'):-len('/json')]
                doc = mirror.projects.get(name)
                if doc is None:
                    return None, None, None
                body = json.dumps(doc).encode()
                return body, 'application/json', '"%s"' % hashlib.sha256(body).hexdigest()[:16]
            if path.startswith('/files/') and path.endswith('.metadata') and path[len('/files/'):] not in mirror.files:
                return core_metadata(mirror, path[len('/files/'):-len('.metadata')]), 'text/plain', None
            if path.startswith('/files/'):
                return mirror.files.get(path[len('/files/'):]), 'application/octet-stream', None
            return None, None, None

    return Handler


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A client killed mid-transfer (the chaos trials do it on purpose) is not an error here.
        import sys
        if isinstance(sys.exc_info()[1], (ConnectionError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class Server:
    SHAPES = ('pypi', 'json', 'simple-1.0', 'simple-1.1', 'html')

    def __init__(self, mirror, shape='pypi', auth=None):
        """`auth`: (user, password) every request must carry as Basic auth, else 401."""
        assert shape in self.SHAPES, shape
        self.mirror = mirror
        self.shape = shape
        header = None
        if auth is not None:
            import base64
            header = 'Basic ' + base64.b64encode(f'{auth[0]}:{auth[1]}'.encode()).decode()
        self.httpd = QuietServer(('127.0.0.1', 0), make_handler(mirror, shape, header))
        self.httpd.daemon_threads = True
        self.url = f'http://127.0.0.1:{self.httpd.server_address[1]}'
        mirror.base = self.url
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
