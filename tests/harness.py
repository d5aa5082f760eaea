"""What the end-to-end tests share: the binary, running it, a loopback mirror of small projects,
and reading the store.

Each e2e test file runs the real pep765 binary (given as its first argument) against real
archives and real loopback servers; this module keeps the plumbing in one place.
"""
import os, sqlite3, subprocess, sys

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


def run(*args, check=True, timeout=600, env=None, user=None):
    """Runs pep765 with `args`; with check, a non-zero exit fails the test with stderr.
    `user`: run as that uid (root can read anything, so read-only tests drop to nobody)."""
    cmd = [PEP765] + [str(a) for a in args]
    if user is not None:
        cmd = ['setpriv', f'--reuid={user}', f'--regid={user}', '--clear-groups'] + cmd
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f'pep765 {args} exited {proc.returncode}:\n{proc.stderr}')
    return proc


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


def query(db, sql, *params):
    con = sqlite3.connect(f'file:{db}?mode=ro', uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def summary(db):
    import json
    return json.loads(run('summary', '--db', db, '--json').stdout)
