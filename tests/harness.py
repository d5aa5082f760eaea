"""What the end-to-end tests share: the binary, running it, a loopback mirror of small projects,
and reading the store.

Each e2e test file runs the real pep765 binary (given as its first argument) against real
archives and real loopback servers; this module keeps the plumbing in one place.
"""
import contextlib, io, os, re, shutil, sqlite3, subprocess, sys, tarfile, tempfile, unittest, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pypi_server import Mirror, Server, sdist_bytes, wheel_bytes  # noqa: E402,F401

PEP765 = None

# A module with one hit under both rules: `return` in a finally that swallows the exception.
HIT = b'def f():\n    try:\n        return g()\n    except Exception:\n        pass\n    finally:\n        return 2\n'


def take_binary_from_argv():
    """The test files are run as `e2e_x.py PEP765_BINARY [unittest args]`."""
    global PEP765
    PEP765 = os.path.abspath(sys.argv.pop(1))
    return PEP765


def main():
    """A test file's entry point: the binary from the command line, then its tests."""
    take_binary_from_argv()
    unittest.main(verbosity=2)


def run(*args, check=True, timeout=600, env=None, user=None, **popen):
    """Runs pep765 with `args`; with check, a non-zero exit fails the test with stderr.
    `user`: run as that uid (root can read anything, so read-only tests drop to nobody);
    `popen`: more of subprocess.run's arguments (preexec_fn ...)."""
    cmd = [PEP765] + [str(a) for a in args]
    if user is not None:
        cmd = ['setpriv', f'--reuid={user}', f'--regid={user}', '--clear-groups'] + cmd
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, **popen)
    if check and proc.returncode != 0:
        raise AssertionError(f'pep765 {args} exited {proc.returncode}:\n{proc.stderr}')
    return proc


def start(*args, **popen):
    """Starts pep765 with `args` without waiting for it (a run to kill, or to stop)."""
    return subprocess.Popen([PEP765] + [str(a) for a in args], **popen)


@contextlib.contextmanager
def scratch(prefix='pep765-'):
    """A scratch directory for the `with` block, removed after it."""
    path = tempfile.mkdtemp(prefix=prefix)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


class ScratchCase(unittest.TestCase):
    """A test class whose tests share one scratch directory, cls.dir (named from `prefix`),
    and what its prepare() makes there before the first test."""
    prefix = 'pep765-'

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix=cls.prefix)
        cls.prepare()

    @classmethod
    def prepare(cls):
        """What the tests share: a subclass makes it here."""

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def subdir(cls, name):
        """A new directory `name` in cls.dir."""
        path = os.path.join(cls.dir, name)
        os.makedirs(path)
        return path


def write(path, data):
    """Writes `data` (bytes or text) to `path`, making its directories."""
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


class InScratchDir(unittest.TestCase):
    """A test class whose every test runs in a fresh scratch directory (its working
    directory, named from `prefix`), as `pep765 check` is run in a project's tree."""
    prefix = 'pep765-'

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix=self.prefix)
        self.cwd = os.getcwd()
        os.chdir(self.tmp)

    def tearDown(self):
        os.chdir(self.cwd)
        shutil.rmtree(self.tmp, ignore_errors=True)


class MirrorCase(ScratchCase):
    """A ScratchCase with a loopback mirror, cls.mirror, served at cls.server.url for all its
    tests (prepare() fills it)."""

    @classmethod
    def setUpClass(cls):
        cls.mirror = Mirror()
        cls.server = Server(cls.mirror).__enter__()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        super().tearDownClass()


SCRIPTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'scripts')


class ServedMirror:
    """scripts/serve-mirror serving mirror `root` on a free port of 127.0.0.1 for the `with`
    block, with `args` (--shape, --ranges ...); its address is .url."""

    def __init__(self, root, *args):
        self.proc = subprocess.Popen([os.path.join(SCRIPTS, 'serve-mirror'), root, '--port', '0', *args],
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r'http://127\.0\.0\.1:\d+', line)
        if not m:
            self.proc.kill()
            self.proc.wait()
            self.proc.stdout.close()
            raise AssertionError(f'serve-mirror said: {line!r}')
        self.url = m.group(0)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(10)
        self.proc.stdout.close()


def tar_add(t, name, data, **info_fields):
    """Adds member `name` holding `data` to open tarfile `t`, with a fixed mtime and any other
    TarInfo fields given (type, linkname, mode ...)."""
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1700000000
    for k, v in info_fields.items():
        setattr(info, k, v)
    t.addfile(info, io.BytesIO(data))


def make_tar(path, members, mode='w:gz'):
    """A tar archive of `members`, [(name, bytes)], in the order given (repeats kept)."""
    with tarfile.open(path, mode) as t:
        for name, data in members:
            tar_add(t, name, data)


def make_zip(path, members):
    """A deflated zip of `members`, [(name, bytes)], in the order given."""
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)


def not_regular_files(dirname):
    """Things named like sources that are no regular files, made in `dirname`: FIFOs named
    x.tar.gz and y.py (a read of either would block: no writer ever comes) and a socket named
    z.py. Returns their paths and what a skip message calls each."""
    import socket
    os.makedirs(dirname, exist_ok=True)
    made = []
    for name in ('x.tar.gz', 'y.py'):
        os.mkfifo(os.path.join(dirname, name))
        made.append((os.path.join(dirname, name), 'a FIFO'))
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(os.path.join(dirname, 'z.py'))   # the file stays after the socket is closed
    sock.close()
    made.append((os.path.join(dirname, 'z.py'), 'a socket'))
    return made


def publish(mirror, name, version, modules, uploaded='2024-10-01T00:00:00Z', yanked=False, sdist=True, wheel=True,
            extra_files=()):
    """Adds `version` of project `name` to the mirror (an sdist and a pure wheel holding
    `modules`, {path: bytes}) and makes it the latest; returns its file entries."""
    entries = []
    if sdist:
        fn = f'{name}-{version}.tar.gz'
        mirror.add_file(fn, sdist_bytes(f'{name}-{version}', modules))
        entries.append(mirror.file_entry(fn, 'sdist', uploaded=uploaded, yanked=yanked))
    if wheel:
        fn = f'{name.replace("-", "_")}-{version}-py3-none-any.whl'
        mirror.add_file(fn, wheel_bytes(modules))
        entries.append(mirror.file_entry(fn, 'bdist_wheel', uploaded=uploaded, yanked=yanked))
    for fn, data, kind in extra_files:
        mirror.add_file(fn, data)
        entries.append(mirror.file_entry(fn, kind, uploaded=uploaded, yanked=yanked))
    doc = mirror.projects.get(name)
    if doc is None:
        mirror.add_project(name, version, {version: entries}, 1000 - len(mirror.top))
    else:
        doc['releases'][version] = entries
        if not yanked:
            doc['info']['version'] = version
            doc['urls'] = entries
    return entries


def analyze_local_sdist(db, folder, name_version, modules):
    """Writes NAME-VERSION.tar.gz of `modules` ({path: bytes}) into `folder`/local and analyzes it
    into store `db` from its path (an artifact no selection chose, named by its file)."""
    local = os.path.join(folder, 'local', f'{name_version}.tar.gz')
    os.makedirs(os.path.dirname(local), exist_ok=True)
    with open(local, 'wb') as f:
        f.write(sdist_bytes(name_version, modules))
    run('analyze', '--db', db, '--quiet', local)
    return local


def replicate_store(db, k, out):
    """scripts/replicate-store: `db`'s census K times over, into `out` (for read commands at scale)."""
    script = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'scripts', 'replicate-store')
    subprocess.run([sys.executable, script, db, str(k), out], check=True, capture_output=True)
    return out


def store(db, raw_text=False):
    """Store `db` opened read-only, for several queries (query() runs one). raw_text: text that
    is not UTF-8 comes back with its bytes as surrogates, not as an error."""
    con = sqlite3.connect(f'file:{db}?mode=ro', uri=True)
    if raw_text:
        con.text_factory = lambda b: b.decode('utf-8', 'surrogateescape')
    return con


def query(db, sql, *params, raw_text=False):
    """The rows of `sql` (with `params`) over store `db`, opened read-only."""
    con = store(db, raw_text)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def summary(db):
    import json
    return json.loads(run('summary', '--db', db, '--json').stdout)
