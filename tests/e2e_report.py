#!/usr/bin/env python3
"""The report stage on fixture stores whose every figure is known by hand.

usage: e2e_report.py PEP765_BINARY GOLDEN_DIR [SCREENSHOT.png]
"""
import json, math, os, re, shutil, subprocess, sys, tarfile, time, unittest, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import tar_add  # noqa: E402

GOLDEN = SCREENSHOT = None

CORE = b'''def load(path):
    try:
        return read(path)
    except Exception:
        log()
    finally:
        return None
'''                                   # 7 lines; hit at 7:9, a bug (the body's return replaced)
SAFE = b'''def stop():
    try:
        halt()
    except BaseException:
        pass
    finally:
        return 0
'''                                   # 7 lines; hit at 7:9, intentional (catches everything)
TEST = b'''def test_return_in_finally_swallows():
    try:
        raise ValueError
    finally:
        return
'''                                   # 5 lines; hit at 5:9, a test of the pattern (its name says finally)
PLAIN = b'x = 1\n' * 100              # 100 lines, no finally: not parsed
LEGACY = b'import os\ntry:\n    print "hi"\nfinally:\n    pass\n'   # 5 lines, Python 2: does not parse
NEW = b'def again():\n    for x in y:\n        try:\n            pass\n        finally:\n            continue\n'
FIXED = b'def load(path):\n    try:\n        return read(path)\n    except Exception:\n        log()\n    return None\n'


def make(dirname, version, files):
    os.makedirs(dirname, exist_ok=True)
    base = f'alpha-{version}'
    with tarfile.open(os.path.join(dirname, f'{base}.tar.gz'), 'w:gz') as t:
        for path, data in files.items():
            tar_add(t, f'{base}/{path}', data)
    with zipfile.ZipFile(os.path.join(dirname, f'{base}-py3-none-any.whl'), 'w') as z:
        for path, data in files.items():
            z.writestr(zipfile.ZipInfo(path, (2023, 11, 14, 0, 0, 0)), data)


def run(*args):
    """What pep765 writes on standard output; a failure fails the test."""
    return harness.run(*args).stdout


FILES_1 = {'alpha/core.py': CORE, 'alpha/safe.py': SAFE, 'alpha/tests/test_core.py': TEST,
           'alpha/plain.py': PLAIN, 'alpha/legacy.py': LEGACY}
FILES_2 = {'alpha/core.py': FIXED, 'alpha/safe.py': SAFE, 'alpha/tests/test_core.py': TEST,
           'alpha/plain.py': PLAIN, 'alpha/new.py': NEW}


class Report(harness.ScratchCase):
    prefix = 'pep765-report-'

    @classmethod
    def prepare(cls):
        make(os.path.join(cls.dir, 'v1'), '1.0', FILES_1)
        make(os.path.join(cls.dir, 'v2'), '1.1', FILES_2)
        cls.db = os.path.join(cls.dir, 'old.sqlite')
        cls.new_db = os.path.join(cls.dir, 'new.sqlite')
        run('analyze', '-q', '--db', cls.db, os.path.join(cls.dir, 'v1'))
        run('analyze', '-q', '--db', cls.new_db, os.path.join(cls.dir, 'v2'))

    def report(self, *args, db=None):
        return json.loads(run('report', '--db', db or self.db, '--format', 'json', *args))

    def test_figures_known_by_hand(self):
        r = self.report()
        self.assertEqual(r['packages'], 1)
        self.assertEqual(r['artifacts']['total'], 2)
        self.assertEqual(r['files'], {'unique': 5, 'per_artifact': 10})
        # physical 7+7+5+100+5; parsed leaves out legacy.py; the study counts newlines + 1.
        self.assertEqual(r['lines']['unique'], {'physical': 124, 'parsed': 119, 'study': 123})
        self.assertEqual(r['lines']['per_artifact'], {'physical': 248, 'parsed': 238, 'study': 246})
        h = r['hits']
        self.assertEqual((h['unique'], h['per_artifact']), (3, 6))
        self.assertEqual(h['by_category'], {'bug': 1, 'intentional': 1, 'test': 1, 'review': 0})
        self.assertEqual(h['by_statement'], {'break': 0, 'continue': 0, 'return': 3})
        self.assertEqual((h['in_tests'], h['outside_tests'], h['in_erroneous_parse']), (1, 2, 0))
        self.assertEqual(h['by_rule'], {'cpython': 3, 'exits': 3})
        # core.py's body returns read(path), which the finally's return None always replaces.
        self.assertEqual(h['by_pattern'], {'catches-everything': 1, 'overrides-body-return': 1, 'tests-the-pattern': 1})
        self.assertEqual(r['unparsed_files']['files'], 1)
        self.assertEqual(r['unparsed_files']['lines'], 5)

    def test_rates_and_intervals(self):
        # 3 hits: the exact 95% Poisson interval is [0.618672, 8.767273] (Garwood, tabulated).
        for loc, lines in (('physical', 124), ('parsed', 119), ('study', 123)):
            rate = self.report('--loc', loc)['rate']
            self.assertEqual(rate['lines'], lines)
            self.assertAlmostEqual(rate['per_million'], 3e6 / lines, places=6)
            self.assertAlmostEqual(rate['low'], 0.618672 * 1e6 / lines, delta=1e-5 * 1e6 / lines)
            self.assertAlmostEqual(rate['high'], 8.767273 * 1e6 / lines, delta=1e-5 * 1e6 / lines)
        pep = self.report()['pep765_study']
        self.assertAlmostEqual(pep['top']['rate']['per_million'], 203 / 120.964221, places=6)
        self.assertAlmostEqual(pep['random']['rate']['per_million'], 316 / 77.398892, places=6)
        self.assertEqual(pep['top']['by_category'], {'bug': 149, 'intentional': 8, 'test': 46, 'review': 0})

    def test_text_and_markdown_carry_the_figures(self):
        text = run('report', '--db', self.db)
        self.assertIn('120,964,221', text)
        self.assertIn('24193.55 [4989.29, 70703.82]', text)
        md = run('report', '--db', self.db, '--format', 'markdown')
        self.assertIn('| hits | 3 | 203 | 316 |', md)

    def test_export_csv_byte_for_byte(self):
        out = os.path.join(self.dir, 'bugs.csv')
        run('export', '--db', self.db, '--category', 'bug', '--out', out)
        if os.environ.get('PEP765_UPDATE_GOLDEN'):  # after a deliberate change: then read the diff
            shutil.copy(out, os.path.join(GOLDEN, 'export_bugs.csv'))
        with open(out, 'rb') as got, open(os.path.join(GOLDEN, 'export_bugs.csv'), 'rb') as want:
            self.assertEqual(got.read(), want.read())

    def test_export_jsonl(self):
        rows = [json.loads(l) for l in run('export', '--db', self.db, '--format', 'jsonl', '--rule', 'any').splitlines()]
        self.assertEqual(len(rows), 6)
        self.assertEqual([r['category'] for r in rows[:3]], ['bug', 'intentional', 'test'])
        self.assertEqual(rows[0]['line'], 7)
        self.assertTrue(rows[0]['issue_body'].startswith('Hello, and thank you for maintaining alpha!'))

    def test_compare_finds_fixed_new_and_unchanged(self):
        result = json.loads(run('compare', self.db, self.new_db, '--format', 'json'))
        self.assertEqual(result['packages'], [{
            'package': 'alpha', 'old_version': '1.0', 'new_version': '1.1', 'fixed': 1, 'new': 1, 'unchanged': 2,
            # Which ones: the fixed hit at its line in 1.0, the new one at its line in 1.1.
            'fixed_hits': [{'path': 'alpha/core.py', 'line': 7, 'statement': 'return', 'source': 'return None'}],
            'new_hits': [{'path': 'alpha/new.py', 'line': 6, 'statement': 'continue', 'source': 'continue'}]}])
        text = run('compare', self.db, self.new_db)
        self.assertIn('totals: 1 fixed, 1 new, 2 unchanged', text)
        self.assertIn('    fixed alpha/core.py:7: return  return None\n', text)
        self.assertIn('    new   alpha/new.py:6: continue  continue\n', text)

    def test_a_persons_triage_wins_and_survives_reanalysis(self):
        db = os.path.join(self.dir, 'triaged.sqlite')
        shutil.copy(self.db, db)
        csv_path = os.path.join(self.dir, 'triage.csv')
        run('triage', 'export', '--db', db, '--out', csv_path)
        with open(csv_path, newline='') as f:
            text = f.read()
        lines = text.split('\r\n')
        self.assertEqual(lines[0], 'package,version,path,line,statement,source,occurrence,category,program_category,'
                                   'pattern,reason,evidence,note')
        self.assertEqual(len([l for l in lines[1:] if l]), 3)   # sdist and wheel copies are one
        edited = text.replace(',bug,bug,overrides-body-return,', ',intentional,bug,overrides-body-return,', 1)
        edited = edited.replace('discards that exception too.",\r\n', 'discards that exception too.",read() cannot raise here\r\n', 1)
        self.assertNotEqual(edited, text)
        with open(csv_path, 'w', newline='') as f:
            f.write(edited)
        run('triage', 'import', '--db', db, csv_path)
        r = self.report(db=db)
        self.assertEqual(r['hits']['by_category'], {'bug': 0, 'intentional': 2, 'test': 1, 'review': 0})
        self.assertEqual(r['hits']['triaged_by_person'], 1)
        # Re-analysis: the archives change (new mtime), everything is analyzed again.
        for name in os.listdir(os.path.join(self.dir, 'v1')):
            os.utime(os.path.join(self.dir, 'v1', name), (time.time(), time.time() + 5))
        out = harness.run('analyze', '-q', '--db', db, os.path.join(self.dir, 'v1'), check=False)
        self.assertIn('2 analyzed', out.stderr)
        r = self.report(db=db)
        self.assertEqual(r['hits']['by_category'], {'bug': 0, 'intentional': 2, 'test': 1, 'review': 0})
        note = [x['note'] for x in r['hit_list'] if x['path'].endswith('alpha/core.py')]
        self.assertEqual(note, ['read() cannot raise here'])

    def test_triage_import_refuses_an_unknown_category(self):
        bad = os.path.join(self.dir, 'bad.csv')
        with open(bad, 'w') as f:
            f.write('package,path,statement,source,category\r\nalpha,alpha/core.py,return,return None,maybe\r\n')
        proc = harness.run('triage', 'import', '--db', self.db, bad, check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("category 'maybe'", proc.stderr)

    def test_charts_have_axis_titles_round_ticks_and_dots_on_their_whiskers(self):
        page = run('report', '--db', self.db, '--format', 'html')
        for chart in re.findall(r'<svg id="(?:rate|band|pattern)-chart".*?</svg>', page, re.S):
            self.assertIn('class="axis-title">hits per million lines', chart)
            ticks = [float(t) for t in re.findall(r'class="tick">([0-9.]+)</text>', chart)]
            self.assertGreaterEqual(len(ticks), 3, chart)
            step = ticks[1] - ticks[0]
            mantissa = step / 10 ** math.floor(math.log10(step))
            self.assertTrue(any(abs(mantissa - m) < 1e-6 for m in (1, 2, 5)), ticks)
            for i, t in enumerate(ticks):
                self.assertAlmostEqual(t, i * step, places=6)
            for x1, x2, cx in re.findall(r'<line x1="(\d+)" x2="(\d+)" y1="\d+" y2="\d+" class="whisker"/>'
                                         r'<circle cx="(\d+)"', chart):
                self.assertLessEqual(int(x1), int(cx))
                self.assertLessEqual(int(cx), int(x2))
        self.assertIn('class="axis-title">hits (bar length', page)

    def test_the_pep_s_line_definition_is_said_beside_its_figure(self):
        for fmt in ('text', 'markdown', 'html'):
            self.assertIn('newlines + 1 in each file CPython parsed', run('report', '--db', self.db, '--format', fmt), fmt)
            self.assertNotIn('newlines + 1 in each file CPython parsed; this census',
                             run('report', '--db', self.db, '--format', fmt, '--loc', 'study'), fmt)

    def test_provenance_names_the_maker_and_no_folder_of_this_machine(self):
        for fmt in ('text', 'markdown', 'html', 'json'):
            out = run('report', '--db', self.db, '--format', fmt)
            self.assertRegex(out, r'pep765 \d+\.\d+\.\d+ \(commit [^;]+; grammar tree-sitter-python [0-9.]+, '
                                  r'tree-sitter [0-9.]+\)', fmt)
            self.assertNotIn(os.path.dirname(os.path.abspath(self.db)), out, fmt)

    def test_html_renders_in_headless_chromium(self):
        html = os.path.join(self.dir, 'report.html')
        run('report', '--db', self.db, '--format', 'html', '--out', html)
        with open(html) as f:
            page = f.read()
        self.assertNotIn('http://', page.replace('https://peps.python.org', ''))  # nothing fetched from outside
        self.assertNotIn('<script src', page)
        chromium = shutil.which('chromium')
        self.assertIsNotNone(chromium, 'scripts/setup installs chromium')
        flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync',
                 '--user-data-dir=' + os.path.join(self.dir, 'chromium'), '--virtual-time-budget=3000']

        def dom(fragment=''):
            proc = subprocess.run([chromium] + flags + ['--dump-dom', 'file://' + html + fragment],
                                  capture_output=True, text=True, timeout=120)
            return proc.stdout

        d = dom()
        self.assertIn('<td class="n" id="hits-total">3</td>', d)
        self.assertIn('<td class="n" id="lines">124</td>', d)
        self.assertIn('<td class="n" id="cat-bug">1</td>', d)
        self.assertIn('<span id="shown">3 of 3 hits shown</span>', d)   # the script ran
        self.assertIn('<svg id="rate-chart"', d)
        self.assertIn('<summary>lines 2-7</summary>', d)        # the snippet's own lines: the try to the hit
        self.assertIn('id="provenance"', d)
        filtered = dom('#category=bug')
        self.assertIn('<span id="shown">1 of 3 hits shown</span>', filtered)
        if SCREENSHOT:
            subprocess.run([chromium] + flags + ['--window-size=1280,1800', '--screenshot=' + SCREENSHOT,
                                                 'file://' + html], capture_output=True, timeout=120)
            self.assertGreater(os.path.getsize(SCREENSHOT), 10000)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    GOLDEN = os.path.abspath(sys.argv.pop(1))
    if len(sys.argv) > 1 and sys.argv[1].endswith('.png'):
        SCREENSHOT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
