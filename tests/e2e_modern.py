#!/usr/bin/env python3
"""End to end: CPython 3.14's verdict where tree-sitter's grammar is unsure. Files in syntax the
grammar still rejects (type-parameter defaults, starred match subjects) are put to
CPython 3.14 itself (pyodide) by `analyze --cpython314`: they parse, with exactly CPython's hits;
a file CPython rejects stays an error. Without it, tree-sitter's verdict stands, as documented.
And CPython 3.14's own standard library: no file unparseable, no hit.

usage: e2e_modern.py PEP765_BINARY PYODIDE_DIR
"""
import json, os, shutil, sys, tempfile, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import query, run, sdist_bytes  # noqa: E402

PYODIDE = None
FILES = {
    'modern-1.0/tstring.py': b'def f(name):\n    try:\n        g = t"hello {name}"\n    finally:\n        return g\n',
    'modern-1.0/defaults.py': b'class Box[T: (int, str) = int]:\n    def get(self):\n        try:\n            pass\n'
                              b'        finally:\n            return self\n',
    'modern-1.0/starred.py': b'while True:\n    try: pass\n    finally:\n        match *0, 1, *2:\n'
                             b'            case 0, *x:\n                break\n',
    'modern-1.0/pep758.py': b'def f():\n    try:\n        pass\n    except ValueError, TypeError:\n        pass\n'
                            b'    finally:\n        return 1\n',
    'modern-1.0/py2.py': b'print "hello"\ndef f():\n    try:\n        pass\n    finally:\n        return 1\n',
}


class ModernPython(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='pep765-modern-')
        self.archive = os.path.join(self.tmp, 'modern-1.0.tar.gz')
        with open(self.archive, 'wb') as f:
            f.write(sdist_bytes('modern-1.0', {k.split('/', 1)[1]: v for k, v in FILES.items()}))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def files(self, db):
        return {path.split('/')[-1]: (parse, notes) for path, parse, notes in query(
            db, 'SELECT f.path, c.parse, c.notes FROM files f JOIN contents c ON c.hash = f.hash')}

    def hits(self, db):
        return sorted((path.split('/')[-1], line, col, stmt, cp, ex, err) for path, line, col, stmt, cp, ex, err in query(
            db, 'SELECT f.path, h.line, h.col, h.statement, h.cpython, h.exits, h.erroneous_parse FROM hits h '
                'JOIN files f ON f.hash = h.hash'))

    def test_cpython_314_decides_where_the_grammar_is_unsure(self):
        for mode in ([], ['--parse-all']):
            db = os.path.join(self.tmp, f'with{len(mode)}.sqlite')
            proc = run('analyze', '-q', '--db', db, '--cpython314', PYODIDE, *mode, self.archive)
            self.assertIn('CPython 3.14 on the 3 files tree-sitter rejects: 2 parse, 1 do not', proc.stderr)
            files = self.files(db)
            for name in ('defaults.py', 'starred.py'):
                self.assertEqual(files[name], ('ok', 'cpython314_parses'), (mode, name))
            self.assertEqual(files['tstring.py'], ('ok', ''))  # tree-sitter-python 0.25 reads t-strings
            self.assertEqual(files['pep758.py'][0], 'ok')     # ... and PEP 758
            self.assertEqual(files['py2.py'], ('error', 'python2,cpython314_rejects'))
            self.assertEqual(self.hits(db), [
                ('defaults.py', 6, 13, 'return', 1, 1, 0), ('pep758.py', 7, 9, 'return', 1, 1, 0),
                ('py2.py', 6, 9, 'return', 1, 1, 1), ('starred.py', 6, 17, 'break', 1, 1, 0),
                ('tstring.py', 5, 9, 'return', 1, 1, 0)])
            summary = harness.summary(db)
            self.assertEqual(summary['unique']['files_by_parse']['error'], 1)
            # The report names the CPython that gave the verdicts, pyodide's own sys.version.
            report = json.loads(run('report', '--db', db, '--format', 'json').stdout)
            self.assertRegex(report['provenance']['cpython314']['version'], r'^3\.14\.\d+')
            self.assertIn(f"CPython 3.14 ({report['provenance']['cpython314']['version']}, in pyodide) gave its "
                          'verdict on 3 files', run('report', '--db', db).stdout)

    def test_without_cpython_the_grammar_verdict_stands(self):
        db = os.path.join(self.tmp, 'without.sqlite')
        env = {k: v for k, v in os.environ.items() if k != 'PEP765_PYODIDE'}
        run('analyze', '-q', '--db', db, self.archive, env=env)
        files = self.files(db)
        for name in ('defaults.py', 'starred.py', 'py2.py'):
            self.assertEqual(files[name][0], 'error', name)
        self.assertEqual(files['tstring.py'][0], 'ok')
        self.assertEqual(len(self.hits(db)), 5)   # the hits are found all the same, marked erroneous

    def test_cpython_314_stdlib_has_no_unparseable_file_and_no_hit(self):
        stdlib = os.path.join(PYODIDE, 'node_modules', 'pyodide', 'python_stdlib.zip')
        db = os.path.join(self.tmp, 'stdlib.sqlite')
        run('analyze', '-q', '--parse-all', '--cpython314', PYODIDE, '--db', db, stdlib)
        summary = harness.summary(db)
        self.assertGreater(summary['unique_files'], 500)
        self.assertEqual(summary['unique']['files_by_parse']['error'], 0)
        self.assertEqual(summary['unique_hits']['any'], 0)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    PYODIDE = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
