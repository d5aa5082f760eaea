#!/usr/bin/env python3
"""Writes the seed corpora for the fuzz targets from the tests' own material.

usage: make_seeds.py OUTDIR     (writes OUTDIR/analyze/* and OUTDIR/archive/*)
"""
import io, os, sys, tarfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests'))
from rule_cases import read_cases  # noqa: E402

out = sys.argv[1]
os.makedirs(os.path.join(out, 'analyze'), exist_ok=True)
os.makedirs(os.path.join(out, 'archive'), exist_ok=True)
sources = [src.encode() for _, src, _ in read_cases(os.path.join(HERE, '..', 'tests', 'data', 'rule_cases.txt'))]
sources += [b'\xef\xbb\xbfdef f():\r\n    try:\r\n        pass\r\n    finally:\r\n        return 1\r\n',
            b'print "py2"\ntry:\n  x = `1`\nexcept E, e:\n  pass\nfinally:\n  return\n',
            b'class A:\n    class B:\n        def f(self):\n            try: pass\n            finally: return\n',
            b'x = f"{d["k"]}"\ndef g():\n    try:\n        pass\n    finally:\n        return x\n']
for i, src in enumerate(sources):
    with open(os.path.join(out, 'analyze', f'case{i:03}.py'), 'wb') as f:
        f.write(src)


def tar(mode, members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def zipped(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


members = [(f'pkg-1.0/m{i}.py', src) for i, src in enumerate(sources[:6])] + [('pkg-1.0/README', b'text')]
seeds = {'sdist.tar.gz': tar('w:gz', members), 'sdist.tar.bz2': tar('w:bz2', members[:3]),
         'sdist.tar.xz': tar('w:xz', members[:3]), 'plain.tar': tar('w', members[:2]),
         'wheel.whl': zipped(members), 'empty.zip': zipped([])}
for name, data in seeds.items():
    with open(os.path.join(out, 'archive', name), 'wb') as f:
        f.write(data)
print(f'{len(sources)} analyze seeds, {len(seeds)} archive seeds in {out}')
