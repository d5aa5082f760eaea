#!/usr/bin/env python3
"""End to end: drafted issues as a maintainer reads them. A census of a loopback mirror, then
`export --per package`: one draft per package (sdist and wheel counted once), snippets that
show the `finally` and the flagged line however long the try, line numbers, the function,
wording right per statement and per rule, links to the released file only where it came from
PyPI, and no invented address.

usage: e2e_drafts.py PEP765_BINARY
"""
import csv, io, json, os, re, shutil, sqlite3, sys, tempfile, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Mirror, Server, publish, run  # noqa: E402

# A long try: its `finally` is 60 lines below the `try`, past what a store keeps whole.
LONG = ('import os\n\n\ndef load(path):\n    try:\n'
        + ''.join(f'        part{i} = read(path, {i})\n' for i in range(60))
        + '    except Exception:\n        log()\n    finally:\n        close(path)\n        return None\n').encode()
BREAK = (b'class Poller:\n    def run(self):\n        while True:\n            try:\n                self.poll()\n'
         b'                self.flush()\n            finally:\n                break\n')
CONTINUE_ = (b'def drain(q):\n    for item in q:\n        try:\n            handle(item)\n            ack(item)\n'
             b'        finally:\n            continue\n')
# Two returns of one try's finally: one section, the try shown once with both lines marked.
TWO = (b'def pick(a):\n    try:\n        a.load()\n    finally:\n        if a.ready:\n            return a.value\n'
       b'        return None\n')
NESTED = b'def first(xs):\n    try:\n        pass\n    finally:\n        for x in xs:\n            return x\n'


class Drafts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='pep765-drafts-')
        cls.db = os.path.join(cls.tmp, 'store.sqlite')
        mirror = Mirror()
        with Server(mirror) as server:
            publish(mirror, 'alpha', '1.0', {'alpha/io.py': LONG, 'alpha/poll.py': BREAK, 'alpha/q.py': CONTINUE_,
                                             'alpha/nested.py': NESTED})
            mirror.projects['alpha']['info']['project_urls'] = {'Source': 'https://example.org/alpha/src',
                                                                'Bug Tracker': 'javascript:alert(1)'}
            publish(mirror, 'beta', '2.0', {'beta/io.py': LONG})
            publish(mirror, 'gamma', '3.0', {'gamma/two.py': TWO})
            run('run', '--top', 10, '--list', server.url + '/top.json', '--index-url', server.url, '--db', cls.db,
                '--dest', os.path.join(cls.tmp, 'files'), '--quiet', check=False)
        # As if beta had come from PyPI's file host: its drafts link to the released file.
        con = sqlite3.connect(cls.db)
        con.execute("UPDATE downloads SET url = 'https://files.pythonhosted.org/packages/ab/cd/0123/' || filename "
                    "WHERE filename LIKE 'beta%'")
        con.commit()
        con.close()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def drafts(self, *args):
        out = os.path.join(self.tmp, 'drafts-' + '-'.join(args))
        shutil.rmtree(out, ignore_errors=True)
        proc = run('export', '--db', self.db, '--per', 'package', '--format', 'markdown', '--out', out, *args)
        texts = {}
        for name in sorted(os.listdir(out)):
            with open(os.path.join(out, name)) as f:
                texts[name] = f.read()
        return texts, proc.stderr

    def test_one_draft_per_package_each_hit_once(self):
        drafts, said = self.drafts('--category', 'bug')
        self.assertEqual(sorted(drafts), ['alpha.md', 'beta.md', 'gamma.md'])
        # alpha: io.py, poll.py and q.py (bugs) once each though the sdist and the wheel both hold them.
        alpha = drafts['alpha.md']
        self.assertEqual(len(re.findall(r'^### ', alpha, re.M)), 3, alpha)
        self.assertIn('alpha 1.0 has 3 such statements', alpha)
        self.assertIn('3 drafts (6 distinct hits)', said)

    def test_the_snippet_shows_the_finally_and_the_flagged_line(self):
        beta = self.drafts('--category', 'bug')[0]['beta.md']
        snippet = beta.split('```python\n')[1].split('```')[0]
        self.assertIn('  5 | try:', snippet)                # the try, numbered as in the file
        self.assertIn(' 66 | except Exception:', snippet)
        self.assertIn(' 68 | finally:', snippet)
        self.assertIn('>70 |     return None', snippet)        # the flagged line, marked
        self.assertIn('    | ...', snippet)                    # the middle left out
        self.assertLess(snippet.count('\n'), 20)
        self.assertIn('### `beta/io.py`, line 70, in `load`', beta)

    def test_two_hits_of_one_try_share_one_section(self):
        gamma = self.drafts('--category', 'bug')[0]['gamma.md']
        self.assertEqual(len(re.findall(r'^### ', gamma, re.M)), 1, gamma)
        self.assertIn('### `gamma/two.py`, lines 6 and 7, in `pick`', gamma)
        self.assertEqual(gamma.count('```python\n'), 1, gamma)
        snippet = gamma.split('```python\n')[1].split('```')[0]
        self.assertIn('>6 |         return a.value', snippet)
        self.assertIn('>7 |     return None', snippet)
        self.assertIn('gamma 3.0 has 2 such statements', gamma)

    def test_wording_per_statement_and_rule(self):
        alpha = self.drafts('--category', 'bug')[0]['alpha.md']
        self.assertIn('The `break` swallows any exception in flight and ends the loop.', alpha)
        self.assertIn('The `continue` swallows any exception in flight and goes on with the loop.', alpha)
        self.assertIn('in `Poller.run`', alpha)
        self.assertIn('Python 3.14 warns about this line', alpha)
        # The return in a loop in the finally: only the exits rule has it, and the draft says 3.14 is silent.
        nested = self.drafts('--rule', 'exits', '--category', 'intentional')[0]
        everything = ''.join(nested.values()) + ''.join(self.drafts('--rule', 'exits')[0].values())
        self.assertIn('Python 3.14 does not warn here (the `return` sits inside a loop in the `finally`)', everything)

    def test_links_only_where_the_file_came_from_pypi_and_no_invented_address(self):
        drafts = self.drafts('--category', 'bug')[0]
        self.assertIn('In the released file: https://inspector.pypi.io/project/beta/2.0/packages/ab/cd/0123/'
                      'beta-2.0-py3-none-any.whl/beta/io.py#line.70', drafts['beta.md'])
        self.assertNotIn('inspector', drafts['alpha.md'])       # its files came from the loopback mirror
        self.assertIn('<!-- pep765 draft for alpha 1.0: file it at https://example.org/alpha/src -->', drafts['alpha.md'])
        self.assertIn('no repository or home page is known', drafts['beta.md'])
        for text in drafts.values():
            urls = set(re.findall(r'https?://[^\s)`>]+', text))
            allowed = {'https://peps.python.org/pep-0765/', 'https://example.org/alpha/src'}
            self.assertTrue(all(u in allowed or u.startswith('https://inspector.pypi.io/project/beta/2.0/')
                                for u in urls), urls)

    def test_csv_and_jsonl_per_package(self):
        text = run('export', '--db', self.db, '--per', 'package').stdout
        rows = list(csv.DictReader(io.StringIO(text)))
        self.assertEqual([(r['package'], r['hits']) for r in rows], [('alpha', '3'), ('beta', '1'), ('gamma', '2')])
        lines = [json.loads(line) for line in run('export', '--db', self.db, '--per', 'package', '--format',
                                                  'jsonl').stdout.splitlines()]
        self.assertEqual([p['path'] for p in lines[0]['places']], ['alpha/io.py', 'alpha/poll.py', 'alpha/q.py'])
        self.assertEqual(lines[0]['places'][1]['function'], 'Poller.run')
        # Markdown needs a directory.
        proc = run('export', '--db', self.db, '--per', 'package', '--format', 'markdown', check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertIn('give --out DIR', proc.stderr)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    unittest.main(verbosity=2)
