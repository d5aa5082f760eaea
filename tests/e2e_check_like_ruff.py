#!/usr/bin/env python3
"""End to end: `pep765 check` where maintainers meet ruff's (and flake8-bugbear's B012, pylint's
lost-exception) conventions. Each test is one row of the table in README.md ("check beside
ruff"): suppression comments, configuration, excludes and .gitignore, exit codes, standard
input, --select, --statistics, files that do not parse.

usage: e2e_check_like_ruff.py PEP765_BINARY
"""
import os, sys, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import write, run, wheel_bytes  # noqa: E402


def jump(comment='', value='0'):
    """A function whose finally returns, the return's line ending in `comment`: line 5."""
    return f'def f():\n    try:\n        g()\n    finally:\n        return {value}{comment}\n'.encode()



def where(proc):
    return sorted(line.split(': ')[0] for line in proc.stdout.splitlines())


class LikeRuff(harness.InScratchDir):
    prefix = 'pep765-ruff-'

    # --- suppression ---------------------------------------------------------------------
    def test_noqa_codes_aliases_and_blanket(self):
        suppressed = ['  # noqa: PEP765', '  # NOQA:pep765', '  # noqa: E501, B012', '  # noqa: E501 PEP765',
                      '  # noqa', '#noqa', '  # type: ignore  # noqa: PEP765', '  # pylint: disable=lost-exception',
                      '  # pylint: disable=W0150,unused-import', '  # pylint: disable = return-in-finally']
        kept = ['  # noqa: E501', '  # pylint: disable=unused-import', '  # no qa', '  # pylint: disable-next=lost-exception']
        for i, c in enumerate(suppressed):
            write(f'sup/s{i:02}.py', jump(c))
        for i, c in enumerate(kept):
            write(f'sup/k{i:02}.py', jump(c))
        # A "# noqa" inside a string is no comment: the hit stands.
        write('sup/k90.py', jump('', '"# noqa"'))
        write('sup/k91.py', jump('', "'''# noqa: PEP765'''"))
        proc = run('check', 'sup', check=False)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(where(proc), [f'sup/k{i:02}.py:5:9' for i in range(len(kept))] + ['sup/k90.py:5:9', 'sup/k91.py:5:9'])
        self.assertIn(f'{len(kept) + 2} hits (cpython rule); {len(suppressed)} suppressed', proc.stderr)
        # --ignore-noqa reports every one.
        proc = run('check', '--ignore-noqa', 'sup', check=False)
        self.assertEqual(len(proc.stdout.splitlines()), len(suppressed) + len(kept) + 2)
        # Every hit suppressed: exit 0.
        proc = run('check', 'sup/s00.py', 'sup/s05.py', check=False)
        self.assertEqual((proc.returncode, proc.stdout), (0, ''), proc.stderr)

    def test_statistics_count_reported_and_suppressed_per_code(self):
        write('a.py', jump('  # noqa: PEP765'))
        write('b.py', jump())
        write('c.py', jump())
        write('d.py', b'def g(y):\n    try:\n        pass\n    finally:\n        for x in y:\n            return 1\n')
        proc = run('check', '--statistics', '--rule', 'any', '.', check=False)
        self.assertEqual(proc.returncode, 1)
        rows = [line.split('\t') for line in proc.stdout.splitlines()]
        self.assertEqual([(n.strip(), code) for n, code, _ in rows],
                         [('2', 'PEP765'), ('1', 'PEP765'), ('1', 'PEP765X')])
        self.assertIn('suppressed', rows[1][2])

    # --- exit codes -------------------------------------------------------------------------
    def test_exit_codes(self):
        write('hit.py', jump())
        write('clean.py', 'x = 1\n')
        self.assertEqual(run('check', 'clean.py', check=False).returncode, 0)
        self.assertEqual(run('check', 'hit.py', check=False).returncode, 1)
        self.assertEqual(run('check', '--exit-zero', 'hit.py', check=False).returncode, 0)
        # An output that cannot be written: 2, with the path and the reason, before any work.
        proc = run('check', '-o', 'no/such/dir/out.txt', 'hit.py', check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertIn('no/such/dir/out.txt: cannot write: No such file or directory', proc.stderr)
        # A missing path among good ones: 2, even with --exit-zero.
        proc = run('check', '--exit-zero', 'hit.py', 'gone.py', check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertIn('gone.py: no such file or directory', proc.stderr)
        self.assertEqual(run('check', '--no-such-option', 'hit.py', check=False).returncode, 2)

    def test_archives_in_a_walk_are_named_not_read(self):
        write('wheels/p-1.0-py3-none-any.whl', wheel_bytes({'p/m.py': jump()}))
        proc = run('check', 'wheels', check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('0 files checked: 0 hits (cpython rule); 1 archive in walked directories not read '
                      '(name it to check it)', proc.stderr)
        proc = run('check', '-v', 'wheels', check=False)
        self.assertIn('wheels/p-1.0-py3-none-any.whl: an archive in a walked directory, not read', proc.stderr)
        # Named, it is read.
        self.assertEqual(run('check', 'wheels/p-1.0-py3-none-any.whl', check=False).returncode, 1)

    # --- configuration ----------------------------------------------------------------------
    def test_pyproject_settings_and_the_command_line_over_them(self):
        write('proj/pyproject.toml', '[project]\nname = "p"\n\n[tool.pep765]\nrule = "any"\n'
                                     'extend-exclude = ["generated"]\noutput-format = "github"\n')
        write('proj/src/a.py', jump())
        write('proj/src/generated/g.py', jump())
        write('proj/src/d.py', b'def g(y):\n    try:\n        pass\n    finally:\n        for x in y:\n            return 1\n')
        proc = run('check', 'proj/src', check=False)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertTrue(all(line.startswith('::') for line in proc.stdout.splitlines()), proc.stdout)
        self.assertEqual(len(proc.stdout.splitlines()), 2)  # a.py, and d.py's PEP765X under rule any
        self.assertNotIn('generated', proc.stdout)
        # The command line wins.
        proc = run('check', '--rule', 'cpython', '--output-format', 'text', 'proj/src', check=False)
        self.assertEqual(where(proc), ['proj/src/a.py:5:9'])
        # Found from the working directory too, when it is inside the project.
        os.chdir('proj/src')
        proc = run('check', '.', check=False)
        self.assertEqual(len(proc.stdout.splitlines()), 2)

    def test_a_malformed_pyproject_exits_2_naming_file_and_line(self):
        write('p/pyproject.toml', '[tool.pep765]\nrule = "any"\nexclude = [1,\n')
        write('p/a.py', jump())
        proc = run('check', 'p', check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertRegex(proc.stderr, r'p/pyproject\.toml:\d+: not valid TOML: ')
        write('p/pyproject.toml', '[tool.pep765]\nrule = "any"\n\nselekt = ["PEP765"]\n')
        proc = run('check', 'p', check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertIn('p/pyproject.toml:4: invalid [tool.pep765]: unknown key selekt', proc.stderr)
        write('p/pyproject.toml', '[tool.pep765]\nrule = "some"\n')
        proc = run('check', 'p', check=False)
        self.assertIn('p/pyproject.toml:2: invalid [tool.pep765]: rule must be one of any, cpython, exits',
                      proc.stderr)

    # --- excludes and .gitignore ------------------------------------------------------------
    def test_exclude_replaces_the_defaults_and_extend_exclude_adds(self):
        write('src/a.py', jump())
        write('build/b.py', jump())
        write('src/legacy_x.py', jump())
        self.assertEqual(where(run('check', '.', check=False)), ['src/a.py:5:9', 'src/legacy_x.py:5:9'])
        self.assertEqual(where(run('check', '--extend-exclude', 'legacy_*.py', '.', check=False)), ['src/a.py:5:9'])
        # --exclude replaces the defaults: build/ is read now.
        self.assertEqual(where(run('check', '--exclude', 'src', '.', check=False)), ['build/b.py:5:9'])
        proc = run('check', '-v', '.', check=False)
        self.assertIn('pep765: skipped build/ (default exclude: build)', proc.stderr)

    def test_gitignore_as_git_reads_it(self):
        os.mkdir('.git')
        write('.gitignore', '# generated code\ngen/\n*_pb2.py\n!keep_pb2.py\n/top_only.py\n**/deep/x.py\n'
                            'trailing.py   \n')
        write('pkg/.gitignore', 'local.py\n!../gen\n')
        for path in ('gen/a.py', 'pkg/m_pb2.py', 'pkg/keep_pb2.py', 'top_only.py', 'pkg/top_only.py',
                     'pkg/a/deep/x.py', 'deep/x.py', 'pkg/local.py', 'local.py', 'trailing.py', 'pkg/ok.py'):
            write(path, jump())
        write('sub/.ignore', 'ignored_by_dot_ignore.py\n')
        write('sub/ignored_by_dot_ignore.py', jump())
        expect = ['local.py:5:9', 'pkg/keep_pb2.py:5:9', 'pkg/ok.py:5:9', 'pkg/top_only.py:5:9']
        self.assertEqual(where(run('check', '.', check=False)), expect)
        # Below the top of the work tree, the top's .gitignore still governs.
        self.assertEqual(where(run('check', 'pkg', check=False)), [e for e in expect if e.startswith('pkg/')])
        proc = run('check', '-v', '.', check=False)
        self.assertIn('pep765: skipped gen/ (.gitignore:2: gen/)', proc.stderr)
        self.assertIn('pep765: skipped pkg/local.py (pkg/.gitignore:1: local.py)', proc.stderr)
        # --no-respect-gitignore reads them all; so does respect-gitignore = false.
        self.assertEqual(len(run('check', '--no-respect-gitignore', '.', check=False).stdout.splitlines()), 12)
        write('pyproject.toml', '[tool.pep765]\nrespect-gitignore = false\n')
        self.assertEqual(len(run('check', '.', check=False).stdout.splitlines()), 12)
        self.assertEqual(len(run('check', '--respect-gitignore', '.', check=False).stdout.splitlines()), 4)

    # --- standard input, --select, unparsable files ----------------------------------------
    def test_standard_input(self):
        proc = run('check', '-', '--stdin-filename', 'pkg/mod.py', input=jump('  ').decode(), check=False)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(where(proc), ['pkg/mod.py:5:9'])
        proc = run('check', '-', input=jump('  # noqa').decode(), check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('1 file checked: 0 hits (cpython rule); 1 suppressed', proc.stderr)

    def test_select(self):
        write('a.py', jump())
        write('d.py', b'def g(y):\n    try:\n        pass\n    finally:\n        for x in y:\n            return 1\n')
        self.assertEqual(where(run('check', '--rule', 'any', '--select', 'PEP765X', '.', check=False)), ['d.py:6:13'])
        self.assertEqual(where(run('check', '--rule', 'any', '--select', 'PEP765', '.', check=False)), ['a.py:5:9'])
        self.assertEqual(run('check', '--select', 'E501', '.', check=False).returncode, 2)

    def test_a_file_the_grammar_rejects_is_not_checked_and_says_so(self):
        # The finally holds a jump keyword, but the parse fails where it is: no hit can be
        # claimed either way, and the file is not reported clean.
        write('m.py', 'def f():\n    try:\n        pass\n    finally:\n        return ?\n')
        proc = run('check', 'm.py', check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('pep765: m.py: not checked: cannot parse', proc.stderr)
        self.assertIn('1 file does not parse', proc.stderr)
        self.assertEqual(run('check', '--strict', 'm.py', check=False).returncode, 2)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    unittest.main(verbosity=2)
