#!/usr/bin/env python3
"""Makes the schema-4 store that tests/e2e_old_store.py opens: run once with the last release
of schema 4 (the binary before schema 5), never by the tests.

usage: tests/data/store-v4/make.py OLD_PEP765

It analyzes, at the fixed folder /tmp/pep765-store-v4 (so the store's paths do not depend on
who made it), an sdist, a wheel, an egg, an sdist whose name holds no version, a directory and
a single .py file, and runs a tiny census (`run --top 2`) from a loopback mirror. It writes
next to itself: store-v4.sqlite (the store file as it wrote it) and the old binary's `summary --json`,
`hits --rule any` and `report --format text` of it.
"""
import os, shutil, sqlite3, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from harness import HIT, Mirror, Server, publish, sdist_bytes, wheel_bytes  # noqa: E402

WORK = '/tmp/pep765-store-v4'


def main():
    old = os.path.abspath(sys.argv[1])
    shutil.rmtree(WORK, ignore_errors=True)
    local = os.path.join(WORK, 'local')
    os.makedirs(os.path.join(local, 'tree', 'pkg'))
    files = {
        'Alpha_Lib-1.0.tar.gz': sdist_bytes('Alpha_Lib-1.0', {'alpha_lib/core.py': HIT, 'alpha_lib/__init__.py': b''}),
        'beta_pkg-2.0-py3-none-any.whl': wheel_bytes({'beta_pkg/mod.py': HIT + b'# beta\n'}),
        'gamma-0.3-py3.11.egg': wheel_bytes({'gamma/g.py': b'x = 1\n'}),
        'noversion.tar.gz': sdist_bytes('noversion', {'nv/a.py': b'def f():\n    return 1\n'}),
    }
    for name, data in files.items():
        with open(os.path.join(local, name), 'wb') as f:
            f.write(data)
    with open(os.path.join(local, 'tree', 'pkg', 'loose.py'), 'wb') as f:
        f.write(HIT + b'# loose\n')
    single = os.path.join(WORK, 'single.py')
    with open(single, 'wb') as f:
        f.write(b'for x in y:\n    try:\n        pass\n    finally:\n        break\n')
    db = os.path.join(WORK, 'store.sqlite')
    subprocess.run([old, 'analyze', '-q', '--db', db, local, single], check=True)
    mirror = Mirror()
    with Server(mirror) as server:   # the server first: the mirror's file URLs name it
        publish(mirror, 'delta-tools', '3.1', {'delta_tools/d.py': HIT + b'# delta\n'})
        publish(mirror, 'epsilon', '0.9', {'epsilon/e.py': b'print(1)\n'})
        subprocess.run([old, 'run', '--top', '2', '--list', server.url + '/top.json', '--index-url', server.url,
                        '--db', db, '--dest', os.path.join(WORK, 'files'), '--quiet'], check=True)
    # The store file itself, as the old binary wrote it, with its write-ahead log folded in.
    con = sqlite3.connect(db)
    con.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    con.close()
    shutil.copyfile(db, os.path.join(HERE, 'store-v4.sqlite'))
    outputs = {'summary.json': ['summary', '--json'], 'hits.any.txt': ['hits', '--rule', 'any'],
               'report.txt': ['report', '--format', 'text']}
    for name, args in outputs.items():
        out = subprocess.run([old, *args, '--db', 'store.sqlite'], cwd=WORK, check=True, capture_output=True).stdout
        with open(os.path.join(HERE, name), 'wb') as f:
            f.write(out)


if __name__ == '__main__':
    main()
