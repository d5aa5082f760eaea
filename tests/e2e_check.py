#!/usr/bin/env python3
"""End to end: `pep765 check`, the rule over a maintainer's own tree, as a linter: one
`path:line:col: CODE message` line per hit, exit 1 with hits and 0 without, --rule, SARIF 2.1.0,
archives, and walks that leave out what ruff leaves out.

usage: e2e_check.py PEP765_BINARY
"""
import json, os, shutil, sys, tempfile, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import write, HIT, run, sdist_bytes, wheel_bytes  # noqa: E402

RETURN = b'def f():\n    try:\n        return g()\n    finally:\n        return 0\n'
# A return in a loop in the finally (exits only), and a break after a non-ASCII string.
NESTED = ('def g(y):\n    try:\n        pass\n    finally:\n        for x in y:\n            return 1\n'
          '    while 1:\n        try:\n            pass\n        finally:\n            s = "\u00e9"; break\n').encode()
CONTINUE = b'for i in x:\n    try:\n        pass\n    finally:\n        continue\n'




class Check(harness.InScratchDir):
    prefix = 'pep765-check-'

    def setUp(self):
        super().setUp()
        write('src/pkg/a.py', RETURN)
        write('src/pkg/b.py', NESTED)
        write('src/pkg/c.py', CONTINUE)
        write('src/clean.py', b'x = 1\n')
        for skipped in ('.venv/lib/a.py', '.git/a.py', 'node_modules/x/a.py', 'build/lib/a.py', 'src/__pycache__/a.py',
                        'venv/a.py', 'dist/a.py'):
            write(skipped, RETURN)


    def test_one_line_per_hit_and_exit_1(self):
        proc = run('check', '.', check=False)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stdout.splitlines(), [
            'src/pkg/a.py:5:9: PEP765 `return` in `finally` swallows any exception in flight '
            '(a SyntaxWarning in Python 3.14)',
            # The column counts characters: "é" is two bytes and one column.
            'src/pkg/b.py:11:22: PEP765 `break` in `finally` swallows any exception in flight and ends the loop '
            '(a SyntaxWarning in Python 3.14)',
            'src/pkg/c.py:5:9: PEP765 `continue` in `finally` swallows any exception in flight and goes on with '
            'the loop (a SyntaxWarning in Python 3.14)'])
        self.assertIn('4 files checked: 3 hits (cpython rule)', proc.stderr)

    def test_rule_exits_and_any(self):
        exits = run('check', '--rule', 'exits', 'src', check=False)
        self.assertEqual(exits.returncode, 1)
        self.assertEqual([line.split(': ')[0] for line in exits.stdout.splitlines()],
                         ['src/pkg/a.py:5:9', 'src/pkg/b.py:6:13', 'src/pkg/b.py:11:22', 'src/pkg/c.py:5:9'])
        self.assertIn('src/pkg/b.py:6:13: PEP765X `return` leaves the `finally` from a nested loop and swallows any '
                      'exception in flight (Python 3.14 does not warn here)', exits.stdout)
        self.assertEqual(len(run('check', '--rule', 'any', 'src', check=False).stdout.splitlines()), 4)

    def test_no_hits_exit_0_and_named_paths_are_always_read(self):
        proc = run('check', 'src/clean.py')
        self.assertEqual(proc.stdout, '')
        self.assertIn('1 file checked: 0 hits', proc.stderr)
        # A file under a skipped directory is read when it is named.
        self.assertEqual(run('check', '.venv/lib/a.py', check=False).returncode, 1)

    def test_missing_path_exits_2_and_names_it(self):
        proc = run('check', 'nowhere', check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertIn('nowhere: no such file or directory', proc.stderr)
        # Hits elsewhere are still printed, but a path that could not be checked makes it 2
        # ("could not do it" is never mistaken for "found hits").
        proc = run('check', 'nowhere', 'src/pkg/a.py', check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertIn('src/pkg/a.py:5:9:', proc.stdout)
        self.assertIn('pep765: nowhere: no such file or directory', proc.stderr)
        self.assertEqual(run('check', check=False).returncode, 2)  # a PATH is required

    def test_symbolic_links_are_not_followed(self):
        outside = tempfile.mkdtemp(prefix='pep765-outside-')
        try:
            write(os.path.join(outside, 'far.py'), RETURN)
            os.symlink(outside, 'src/linked')
            os.symlink(os.path.join(outside, 'far.py'), 'src/far.py')
            proc = run('check', 'src', check=False)
            self.assertNotIn('far.py', proc.stdout)
        finally:
            shutil.rmtree(outside)

    def test_archives_name_their_members(self):
        write('dist/p-1.0.tar.gz', sdist_bytes('p-1.0', {'p/m.py': HIT, 'p/ok.py': b'x = 1\n'}))
        write('dist/p-1.0-py3-none-any.whl', wheel_bytes({'p/m.py': HIT}))
        proc = run('check', 'dist/p-1.0.tar.gz', 'dist/p-1.0-py3-none-any.whl', check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual([line.split(': ')[0] for line in proc.stdout.splitlines()],
                         ['dist/p-1.0-py3-none-any.whl!p/m.py:7:9', 'dist/p-1.0.tar.gz!p-1.0/p/m.py:7:9'])
        self.assertIn('3 files checked', proc.stderr)

    def test_a_file_that_does_not_parse_says_so(self):
        write('bad/tabs.py', b'def f():\n\ttry:\n\t\tpass\n        finally:\n\t\treturn 1\n')
        proc = run('check', 'bad', check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertIn('bad/tabs.py:5:', proc.stdout)
        self.assertIn('bad/tabs.py: does not parse (tab_error); its hits come from a recovered parse', proc.stderr)

    def test_sarif(self):
        write('dist/p-1.0.tar.gz', sdist_bytes('p-1.0', {'p/m.py': HIT}))
        write('odd name/x y.py', RETURN)
        proc = run('check', '--format', 'sarif', '--rule', 'any', 'src', 'dist/p-1.0.tar.gz', 'odd name',
                   check=False)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        sarif = json.loads(proc.stdout)
        self.assertEqual(sarif['version'], '2.1.0')
        self.assertIn('sarif-2.1.0', sarif['$schema'])
        (the_run,) = sarif['runs']
        driver = the_run['tool']['driver']
        self.assertEqual(driver['name'], 'pep765')
        self.assertEqual([r['id'] for r in driver['rules']], ['PEP765', 'PEP765X'])
        results = the_run['results']
        where = [(r['ruleId'], r['locations'][0]['physicalLocation']['artifactLocation']['uri'],
                  r['locations'][0]['physicalLocation']['region']['startLine']) for r in results]
        self.assertEqual(where, [('PEP765', 'p-1.0/p/m.py', 7), ('PEP765', 'odd%20name/x%20y.py', 5),
                                 ('PEP765', 'src/pkg/a.py', 5), ('PEP765X', 'src/pkg/b.py', 6),
                                 ('PEP765', 'src/pkg/b.py', 11), ('PEP765', 'src/pkg/c.py', 5)])
        for r in results:
            self.assertEqual(driver['rules'][r['ruleIndex']]['id'], r['ruleId'])
            self.assertTrue(r['message']['text'])
            self.assertEqual(len(r['partialFingerprints']['pep765/v1']), 16)
        # The archive member is an artifact nested in the archive.
        member = results[0]['locations'][0]['physicalLocation']['artifactLocation']
        artifacts = the_run['artifacts']
        self.assertEqual(artifacts[member['index']]['location']['uri'], 'p-1.0/p/m.py')
        self.assertEqual(artifacts[artifacts[member['index']]['parentIndex']]['location']['uri'], 'dist/p-1.0.tar.gz')
        # --output writes the same document to a file.
        run('check', '--format', 'sarif', '--rule', 'any', '-o', 'out.sarif', 'src', 'dist/p-1.0.tar.gz', 'odd name',
            check=False)
        with open('out.sarif') as f:
            self.assertEqual(json.load(f), sarif)
        clean = json.loads(run('check', '--format', 'sarif', 'src/clean.py').stdout)
        self.assertEqual(clean['runs'][0]['results'], [])

    def test_fifos_sockets_and_devices_are_skipped_promptly_and_the_rest_is_checked(self):
        odd = harness.not_regular_files('odd')
        write('odd/real.py', RETURN)
        # Named one by one, beside a device and a real file: each is named with its reason. The
        # timeout fails the test if any read blocks.
        named = [path for path, _ in odd] + ['/dev/null', 'src/pkg/a.py']
        proc = run('check', *named, check=False, timeout=60)
        self.assertEqual(proc.returncode, 2, proc.stderr)  # hits, but paths it could not check
        self.assertEqual(proc.stdout.splitlines()[0].split(': ')[0], 'src/pkg/a.py:5:9')
        for path, what in odd:
            self.assertIn(f'pep765: {path}: not a regular file ({what}), skipped', proc.stderr)
        self.assertIn('pep765: /dev/null: not a regular file (a character device), skipped', proc.stderr)
        self.assertIn('1 file checked: 1 hit', proc.stderr)
        # Met in a walk: the same messages, and the regular file beside them is checked. (The
        # FIFO named x.tar.gz is no .py file: check's walks take .py files only.)
        proc = run('check', 'odd', check=False, timeout=60)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertEqual([line.split(': ')[0] for line in proc.stdout.splitlines()], ['odd/real.py:5:9'])
        self.assertIn('pep765: odd/y.py: not a regular file (a FIFO), skipped', proc.stderr)
        self.assertIn('pep765: odd/z.py: not a regular file (a socket), skipped', proc.stderr)
        self.assertNotIn('x.tar.gz', proc.stderr)
        self.assertIn('1 file checked: 1 hit', proc.stderr)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    unittest.main(verbosity=2)
