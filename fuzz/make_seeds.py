#!/usr/bin/env python3
"""Writes the seed corpora for the fuzz targets from the tests' own material.

usage: make_seeds.py OUTDIR     (writes OUTDIR/analyze/*, OUTDIR/archive/* and OUTDIR/index/*)
"""
import io, os, sys, tarfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests'))
from rule_cases import read_cases  # noqa: E402

out = sys.argv[1]
os.makedirs(os.path.join(out, 'analyze'), exist_ok=True)
os.makedirs(os.path.join(out, 'archive'), exist_ok=True)
os.makedirs(os.path.join(out, 'index'), exist_ok=True)
sources = [src.encode() for _, src, _ in read_cases(os.path.join(HERE, '..', 'tests', 'data', 'rule_cases.txt'))]
sources += [b'\xef\xbb\xbfdef f():\r\n    try:\r\n        pass\r\n    finally:\r\n        return 1\r\n',
            b'print "py2"\ntry:\n  x = `1`\nexcept E, e:\n  pass\nfinally:\n  return\n',
            b'class A:\n    class B:\n        def f(self):\n            try: pass\n            finally: return\n',
            b'x = f"{d["k"]}"\ndef g():\n    try:\n        pass\n    finally:\n        return x\n']
# Depth: the shapes that attack a parser's stack (brackets past CPython's 200, deep blocks, long
# operator chains), each around a finally, so the fuzzer starts where the dangerous inputs are.
sources += [b'try:\n    pass\nfinally:\n    x = ' + b'(' * 65535 + b'\n',
            b'try:\n    pass\nfinally:\n    x = ' + b'[' * 199 + b']' * 199 + b'\n    return x\n',
            b''.join(b' ' * i + b'if x:\n' for i in range(300)) + b' ' * 300 + b'try: pass\n' + b' ' * 300 + b'finally: return\n',
            b'try:\n    pass\nfinally:\n    y = ' + b'-' * 100000 + b'x\n',
            b'try:\n    pass\nfinally:\n    y = ' + b'not ' * 50000 + b'x\n',
            b'def f():\n    try:\n        pass\n    finally:\n        return ' + b'f"{' * 150 + b'x' + b'}"' * 150 + b'\n']
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
# The index's documents: a good page, wrong types, deep nesting, lists of both shapes.
import json  # noqa: E402
good = {'info': {'version': '1.0', 'project_urls': {'Source': 'https://github.com/o/r'}},
        'releases': {'1.0': [{'filename': 'a-1.0.tar.gz', 'url': 'http://x/a-1.0.tar.gz', 'packagetype': 'sdist',
                              'size': 10, 'digests': {'sha256': 'a' * 64}, 'upload_time_iso_8601': '2024-01-01T00:00:00Z',
                              'yanked': False}]}}
index = {'good.json': json.dumps(good).encode(),
         'wrong.json': json.dumps({'info': {'version': 5}, 'urls': [{'filename': 7, 'size': 'big'}]}).encode(),
         'deep.json': b'{"info": ' + b'[' * 100000 + b']' * 100000 + b'}',
         'top.json': json.dumps({'last_update': '2024-10-01', 'rows': [{'project': 'a', 'download_count': 1e300}]}).encode(),
         'simple.json': json.dumps({'meta': {'api-version': '1.1'}, 'projects': [{'name': 'a'}, {'name': 5}]}).encode(),
         'simple.html': b'<html><a href="/simple/a/">a</a><a>&#x0;</a></html>',
         # A project's Simple API pages (PEP 691 JSON 1.1, PEP 503 HTML) and a file's core metadata.
         'project.json': json.dumps({'meta': {'api-version': '1.1'}, 'versions': ['1.0', '2.0'], 'files': [
             {'filename': 'a-1.0.tar.gz', 'url': '../../files/a-1.0.tar.gz', 'hashes': {'sha256': 'a' * 64}, 'size': 10,
              'upload-time': '2024-01-01T00:00:00Z', 'yanked': 'broken', 'core-metadata': {'sha256': 'b' * 64}}]}).encode(),
         'project.html': b'<html><base href="/x/"><a href="../f/a-1.0.tar.gz#sha256=' + b'a' * 64 +
                         b'" data-yanked data-core-metadata=true>a-1.0.tar.gz</a><a href=b-2.0-py3-none-any.whl>b</a></html>',
         'metadata.txt': b'Metadata-Version: 2.1\nName: a\nHome-page: https://github.com/o/r\nProject-URL: Source, https://x\n\nbody\n'}
for name, data in index.items():
    with open(os.path.join(out, 'index', name), 'wb') as f:
        f.write(data)
print(f'{len(sources)} analyze seeds, {len(seeds)} archive seeds, {len(index)} index seeds in {out}')
