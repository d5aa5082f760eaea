#!/usr/bin/env python3
"""End to end: the command line behaves as ruff's and git's do: usage errors exit 2 with one
line naming what is wrong, global options go anywhere, every value is checked, and the
commands say what they did.

usage: e2e_cli.py PEP765_BINARY
"""
import json, os, shutil, signal, socket, subprocess, sys, tempfile, time, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import HIT, run, sdist_bytes  # noqa: E402


class CommandLine(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='pep765-cli-')
        cls.archive = os.path.join(cls.tmp, 'pkg-1.0.tar.gz')
        with open(cls.archive, 'wb') as f:
            f.write(sdist_bytes('pkg-1.0', {'pkg/a.py': HIT, 'pkg/b.py': HIT + b'# b\n'}))
        cls.db = os.path.join(cls.tmp, 'store.sqlite')
        run('analyze', '-q', '--db', cls.db, cls.archive)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def usage_error(self, *args, words):
        proc = run(*args, check=False)
        self.assertEqual(proc.returncode, 2, (args, proc.stderr))
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertIn(words, lines[0])
        return proc

    def test_usage_errors_exit_2_naming_what_is_wrong(self):
        self.usage_error('bogus', words="'bogus' is not a pep765 command")
        self.usage_error(words='A subcommand is required')
        self.usage_error('fetch', '--top', '-5', words="--top: a whole number of at least 1, not '-5'")
        self.usage_error('fetch', '--top', '5', '--as-of', '2024-13-45', words="a real date, not '2024-13-45'")
        self.usage_error('fetch', '--top', '5', '--as-of', 'yesterday', words="not 'yesterday'")
        self.usage_error('analyze', '--jobs', '-3', self.archive, words='--jobs')
        self.usage_error('report', '--format', 'pdf', words='--format')
        self.usage_error('fetch', '--index-url', 'ftp://x', '--top', '3', words="an http(s) URL, not 'ftp://x'")
        self.usage_error('fetch', words='give one of --top N or --random N')

    def test_help_of_any_command_and_did_you_mean(self):
        # `pep765 help CMD` is `pep765 CMD --help`, word for word, and usage names pep765, never
        # the path the binary was started by.
        for words in ([], ['report'], ['triage', 'export'], ['check']):
            helped = run('help', *words).stdout
            self.assertEqual(helped, run(*words, '--help').stdout, words)
            self.assertIn('Usage: ' + ' '.join(['pep765'] + words), helped)
            self.assertNotIn(harness.PEP765, helped)
        self.usage_error('chek', words="'chek' is not a pep765 command (did you mean 'check'?)")
        self.usage_error('help', 'triage', 'exprot', words="'exprot' is not a pep765 triage command (did you mean 'export'?)")
        self.usage_error('report', '--db', self.db, '--frmat', 'json', words="did you mean '--format'?")
        self.usage_error('report', '--db', self.db, '--frmat', 'json', words='(see pep765 report --help)')
        self.usage_error('triage', 'export', '--db', self.db, '--ot', 'x.csv', words="did you mean '--out'?")
        # One spelling across commands; the older ones still work.
        self.assertEqual(run('summary', '--db', self.db, '--format', 'json').stdout,
                         run('summary', '--db', self.db, '--json').stdout)
        for flag in ('-o', '--out', '--output'):
            out = os.path.join(self.tmp, 'check-out' + flag.strip('-') + '.txt')
            run('check', '--format', 'json', flag, out, self.archive, check=False)
            with open(out) as f:
                self.assertEqual(json.load(f)[0]['code'], 'PEP765', flag)
        # Nothing close: no guess.
        proc = self.usage_error('zzzzzzzz', words="'zzzzzzzz' is not a pep765 command")
        self.assertNotIn('did you mean', proc.stderr)

    def test_columns_are_characters_in_every_command(self):
        # Two-byte and four-byte characters before the statement: bytes and characters differ.
        tree = os.path.join(self.tmp, 'columns')
        os.makedirs(tree, exist_ok=True)
        path = os.path.join(tree, 'accents.py')
        with open(path, 'wb') as f:
            f.write('def f():\n    try:\n        pass\n    finally:\n        é = "\U0001F600"; return é\n'.encode())
        want = len('        é = "\U0001F600"; ') + 1  # characters, from 1
        db = os.path.join(self.tmp, 'columns.sqlite')
        run('analyze', '-q', '--db', db, tree)
        checked = run('check', path, check=False).stdout
        self.assertIn(f'accents.py:5:{want}:', checked)
        hits = run('hits', '--db', db).stdout.splitlines()[1].split('\t')
        self.assertEqual(int(hits[3]), want, hits)
        exported = [json.loads(l) for l in run('export', '--db', db, '--format', 'jsonl').stdout.splitlines()]
        self.assertEqual([r['column'] for r in exported], [want])
        report = json.loads(run('report', '--db', db, '--format', 'json').stdout)
        self.assertEqual([h['column'] for h in report['hit_list']], [want])

    def test_global_options_go_anywhere(self):
        before = run('--lock-timeout', '5', 'summary', '--db', self.db)
        after = run('summary', '--db', self.db, '--lock-timeout', '5', '--timings')
        self.assertEqual(before.stdout, after.stdout)
        self.assertIn('timings', after.stderr)

    def test_summary_is_text_unless_json_is_asked(self):
        text = run('summary', '--db', self.db).stdout
        self.assertIn('hits (distinct): cpython 2', text)
        self.assertRaises(json.JSONDecodeError, json.loads, text)
        self.assertEqual(json.loads(run('summary', '--db', self.db, '--json').stdout)['unique_hits']['cpython'], 2)

    def test_a_rerun_still_says_how_many_hits_the_store_holds(self):
        proc = run('analyze', '-q', '--db', self.db, self.archive)
        self.assertIn('1 unchanged', proc.stderr)
        self.assertIn('the store holds 2 hits', proc.stderr)

    def test_only_an_unreadable_archive_exits_1(self):
        bad = os.path.join(self.tmp, 'bad-1.0.tar.gz')
        with open(bad, 'wb') as f:
            f.write(b'<html>503</html>')
        proc = run('analyze', '-q', '--db', os.path.join(self.tmp, 'bad.sqlite'), bad, check=False)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn('bad-1.0.tar.gz', proc.stderr)

    def test_an_output_that_cannot_be_written_says_why(self):
        proc = run('report', '--db', self.db, '--out', '/nonexistent/x', check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertIn('/nonexistent/x: cannot write the report: No such file or directory', proc.stderr)

    def test_every_way_a_command_ends_has_its_status(self):
        clean = os.path.join(self.tmp, 'clean.py')
        with open(clean, 'w') as f:
            f.write('x = 1\n')
        hit = os.path.join(self.tmp, 'hit.py')
        with open(hit, 'wb') as f:
            f.write(HIT)
        missing = os.path.join(self.tmp, 'missing.py')
        for paths, status in (([clean], 0), ([hit], 1), ([missing], 2), ([missing, hit], 2), ([clean, missing], 2)):
            self.assertEqual(run('check', '-q', *paths, check=False).returncode, status, paths)
        unfetched = os.path.join(self.tmp, 'unfetched.sqlite')
        run('analyze', '-q', '--db', unfetched, clean)
        proc = run('analyze', '-q', '--db', unfetched, check=False)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn('the store holds no fetched files: give PATHs, or run fetch first', proc.stderr)
        empty_dir = os.path.join(self.tmp, 'empty-dir')
        os.makedirs(empty_dir, exist_ok=True)
        proc = run('analyze', '-q', '--db', unfetched, empty_dir, check=False)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertTrue(proc.stderr.endswith('pep765: nothing to analyze\n'), proc.stderr)
        proc = run('merge', os.path.join(self.tmp, 'merged.sqlite'), os.path.join(self.tmp, 'none.sqlite'), check=False)
        self.assertEqual(proc.returncode, 1, proc.stderr)   # a store that is not there: the work failed
        self.assertTrue(proc.stderr.startswith('pep765: '), proc.stderr)
        proc = run('trend', '--db', self.db, '--out', self.db, check=False)   # refused once the trend is built
        self.assertEqual((proc.returncode, proc.stderr.count('\n')), (2, 1), proc.stderr)
        self.assertIn('is the store', proc.stderr)

    def test_an_output_refused_before_the_command_starts_times_nothing(self):
        proc = run('report', '--db', self.db, '--out', self.db, '--timings', check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr, f'pep765: --out {self.db} is the store {self.db}: name another file\n')
        proc = run('trend', '--db', self.db, '--out', self.db, '--timings', check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertIn('timings (wall seconds):', proc.stderr)   # the trend was built (and timed) first

    def test_a_stop_by_signal_exits_128_plus_it_after_the_snapshot_under_way(self):
        listener = socket.socket()
        listener.bind(('127.0.0.1', 0))
        listener.listen(8)
        names = os.path.join(self.tmp, 'names.txt')
        with open(names, 'w') as f:
            f.write('alpha\n')
        proc = subprocess.Popen([harness.PEP765, 'fetch', '-q', '--top', '1', '--list', names, '--as-of',
                                 '2024-10-17,2025-10-07', '--index-url', f'http://127.0.0.1:{listener.getsockname()[1]}',
                                 '--db', os.path.join(self.tmp, 'stopped.sqlite'), '--dest', os.path.join(self.tmp, 'f')],
                                stderr=subprocess.PIPE, text=True)
        connection, _ = listener.accept()   # fetch is asking the index, and never hears back
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        connection.close()
        listener.close()
        self.assertEqual(proc.returncode, 128 + signal.SIGTERM, err)
        self.assertEqual(err.count('pep765: snapshot as of'), 1, err)   # the second date is not begun
        self.assertTrue(err.endswith('pep765: stopped by signal 15; what was done is committed: rerun the same '
                                     'command to go on\n'), err)

    def test_defaults_agree_across_commands(self):
        for args in (['hits'], ['report'], ['export'], ['compare', 'OLD', 'NEW']):
            text = run(*args, '--help').stdout
            self.assertRegex(text, r'--rule TEXT:\{cpython,exits(,any)?\}=cpython', args)

    def test_an_unreachable_index_stops_fetch_at_once(self):
        with socket.socket() as s:   # a port nothing listens on
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
        names = os.path.join(self.tmp, 'names.txt')
        with open(names, 'w') as f:
            f.write(''.join(f'project{i}\n' for i in range(100)))
        start = time.time()
        proc = run('fetch', '--top', '100', '--list', names, '--index-url', f'http://127.0.0.1:{port}',
                   '--db', os.path.join(self.tmp, 'f.sqlite'), '--dest', os.path.join(self.tmp, 'files'), '-q',
                   '--backoff', '0.05', '--attempts', '2', check=False)
        self.assertLess(time.time() - start, 20)
        self.assertEqual(proc.returncode, 1)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertIn(f'cannot reach the index http://127.0.0.1:{port}', lines[0])


def on_terminal(*args):
    """Runs pep765 with its standard error on a pseudo-terminal; returns (status, what it wrote)."""
    import pty
    pid, fd = pty.fork()
    if pid == 0:
        os.dup2(1, 2)   # the child's stdout is the terminal; stderr too
        os.execv(harness.PEP765, [harness.PEP765] + [str(a) for a in args])
    out = b''
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode(errors='replace')


class Progress(unittest.TestCase):
    """Long stages show a bar with the phase, counts, rate and time left on a terminal, and plain
    lines in a log."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='pep765-progress-')

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_fetch_and_analyze_on_a_terminal_and_in_a_log(self):
        mirror = harness.Mirror()
        with harness.Server(mirror) as server:
            for i in range(5):
                harness.publish(mirror, f'proj{i}', '1.0', {f'proj{i}/m.py': HIT})
            db, dest = os.path.join(self.tmp, 'p.sqlite'), os.path.join(self.tmp, 'files')
            status, out = on_terminal('fetch', '--top', 5, '--list', server.url + '/top.json', '--index-url',
                                      server.url, '--db', db, '--dest', dest)
        self.assertEqual(status, 0, out)
        self.assertRegex(out, r'download +\[#+\] 5/5 packages, [\d.]+ packages/s, index pages 5/5, '
                               r'[\d.]+ MB at [\d.]+ MB/s, \d+:\d\d elapsed, ETA 0:00')
        status, out = on_terminal('analyze', '--db', db)
        self.assertEqual(status, 0, out)
        self.assertIn('\x1b[K', out)            # redrawn in place
        self.assertRegex(out, r'analyze +\[#+\] [\d.]+/[\d.]+ MB, [\d.]+ MB/s, 10/10 artifacts, .* ETA 0:00')
        # In a log: plain lines, no control characters.
        proc = run('analyze', '--db', os.path.join(self.tmp, 'q.sqlite'), dest)
        self.assertRegex(proc.stderr, r'pep765: analyze: [\d.]+/[\d.]+ MB, [\d.]+ MB/s, 10/10 artifacts')
        self.assertNotIn('\x1b', proc.stderr)
        self.assertNotIn('\r', proc.stderr)


class Drafts(unittest.TestCase):
    """The drafted issue says what the statement does and what Python 3.14 says, per rule."""

    def test_wording_per_statement_and_per_rule(self):
        tmp = tempfile.mkdtemp(prefix='pep765-drafts-')
        src = (b'def f(items):\n    try:\n        g()\n        h()\n    finally:\n        for x in items:\n            return x\n'
               b'for x in y:\n    try:\n        g()\n        h()\n    finally:\n        break\n'
               b'for x in y:\n    try:\n        g()\n        h()\n    finally:\n        continue\n')
        archive = os.path.join(tmp, 'drafts-1.0.tar.gz')
        with open(archive, 'wb') as f:
            f.write(sdist_bytes('drafts-1.0', {'drafts/m.py': src}))
        db = os.path.join(tmp, 's.sqlite')
        run('analyze', '-q', '--db', db, archive)
        rows = {r['statement']: r for r in map(json.loads, run('export', '--db', db, '--rule', 'any', '--format',
                                                                  'jsonl').stdout.splitlines())}
        self.assertIn('Python 3.14 does not warn here', rows['return']['issue_body'])
        self.assertNotIn('Python 3.14 warns', rows['return']['issue_body'])
        self.assertIn('Python 3.14 warns about this line', rows['break']['issue_body'])
        self.assertIn('The `break` swallows any exception in flight and ends the loop.', rows['break']['issue_body'])
        self.assertIn('The `continue` swallows any exception in flight and goes on with the loop.',
                      rows['continue']['issue_body'])
        self.assertNotIn('goes on with the loop', rows['break']['issue_body'])
        for r in rows.values():
            self.assertNotIn('github.com/pep765', r['issue_body'])   # no invented home page
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    unittest.main(verbosity=2)
