#!/usr/bin/env python3
"""End to end: `pep765 check --cpython314 DIR` (or $PEP765_PYODIDE), CPython 3.14's verdict on
the files tree-sitter's grammar rejects, as analyze's confirm stage gives it: a file CPython
compiles is checked with CPython's own hits (and no "does not parse" note); a file it rejects
is "not checked: cannot parse" with CPython's reason (exit 2 with --strict). Without it,
tree-sitter's verdict stands.

usage: e2e_check_cpython314.py PEP765_BINARY PYODIDE_DIR
"""
import os, sys, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import write, run  # noqa: E402

PYODIDE = None
# Starred match subject and type-parameter defaults: valid 3.14, rejected by the grammar.
STARRED = b'while True:\n    try: pass\n    finally:\n        match *0, 1, *2:\n            case 0, *x:\n                break\n'
DEFAULTS = (b'class Box[T: (int, str) = int]:\n    def get(self):\n        try:\n            pass\n'
            b'        finally:\n            return self  # noqa: B012\n')
# Valid for CPython, no jump out of a finally: the continue stays in its own loop.
CLEAN = (b'def f(y):\n    try:\n        pass\n    finally:\n        match *0, 1, *2:\n            case _:\n'
         b'                for x in y:\n                    continue\n')
INVALID = b'def f():\n    try:\n        pass\n    finally:\n        return ?\n'


class CheckWithCpython314(harness.InScratchDir):
    prefix = 'pep765-check314-'

    def setUp(self):
        super().setUp()
        for name, data in (('starred.py', STARRED), ('defaults.py', DEFAULTS), ('clean.py', CLEAN),
                           ('invalid.py', INVALID)):
            with open(name, 'wb') as f:
                f.write(data)
        self.env = {k: v for k, v in os.environ.items() if k != 'PEP765_PYODIDE'}


    def test_cpython_decides(self):
        proc = run('check', '--cpython314', PYODIDE, '.', check=False, env=self.env)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stdout.splitlines(), [
            'starred.py:6:17: PEP765 `break` in `finally` swallows any exception in flight and ends the loop '
            '(a SyntaxWarning in Python 3.14)'])
        self.assertNotIn('starred.py: does not parse', proc.stderr)
        self.assertNotIn('clean.py', proc.stderr)
        self.assertIn('pep765: invalid.py: not checked: cannot parse (CPython 3.14: SyntaxError: invalid syntax',
                      proc.stderr)
        self.assertIn('4 files checked: 1 hit (cpython rule); 1 suppressed; 1 file does not parse', proc.stderr)
        self.assertEqual(run('check', '--strict', '--cpython314', PYODIDE, '.', check=False, env=self.env).returncode, 2)
        # From the environment too.
        proc = run('check', 'starred.py', check=False, env=dict(self.env, PEP765_PYODIDE=PYODIDE))
        self.assertNotIn('does not parse', proc.stderr)

    def test_without_it_the_grammar_decides(self):
        proc = run('check', '.', check=False, env=self.env)
        self.assertIn('pep765: starred.py: does not parse; its hits come from a recovered parse', proc.stderr)
        self.assertIn('4 files do not parse', proc.stderr)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    PYODIDE = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
