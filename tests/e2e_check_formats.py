#!/usr/bin/env python3
"""End to end: every `pep765 check --output-format`, each read back as its consumer reads it:
SARIF against the OASIS SARIF 2.1.0 schema, GitLab's Code Quality entries against the schema
GitLab validates them with, JUnit XML against Jenkins' junit-10.xsd (tests/data/schemas), JSON
with ruff's fields, GitHub annotations with the runner's escapes. Needs jsonschema and lxml
(Debian: python3-jsonschema, python3-lxml; scripts/setup installs them).

usage: e2e_check_formats.py PEP765_BINARY
"""
import json, os, sys, unittest

import jsonschema
from lxml import etree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import write, run, sdist_bytes, HIT  # noqa: E402

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'schemas')
RETURN = b'def f():\n    try:\n        return g()\n    finally:\n        return 0\n'
# A break after a non-ASCII string: column 19 in characters (21 in bytes).
BREAK = 'while 1:\n    try:\n        pass\n    finally:\n        s = "\u00e9\u00e9"; break\n'.encode()
NESTED = b'def g(y):\n    try:\n        pass\n    finally:\n        for x in y:\n            return 1\n'




class Formats(harness.InScratchDir):
    prefix = 'pep765-formats-'

    def setUp(self):
        super().setUp()
        write('src/a.py', RETURN)
        write('src/b, c:%.py', BREAK)  # a name with the characters annotations escape
        write('src/n.py', NESTED)
        write('src/quiet.py', RETURN.replace(b'return 0', b'return 0  # noqa: PEP765'))
        write('dist/p-1.0.tar.gz', sdist_bytes('p-1.0', {'p/m.py': HIT}))
        self.args = ['--rule', 'any', 'src', 'dist/p-1.0.tar.gz']


    def output(self, fmt, *args):
        proc = run('check', '--output-format', fmt, *(args or self.args), check=False)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        return proc.stdout

    def test_sarif_validates_against_the_oasis_schema(self):
        with open(os.path.join(SCHEMAS, 'sarif-schema-2.1.0.json')) as f:
            schema = json.load(f)
        sarif = json.loads(self.output('sarif'))
        jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(sarif)
        results = sarif['runs'][0]['results']
        self.assertEqual(len(results), 5)
        # The intended hit is in the log, suppressed in the source.
        (quiet,) = [r for r in results if 'suppressions' in r]
        self.assertEqual(quiet['suppressions'], [{'kind': 'inSource', 'justification': '# noqa: PEP765'}])
        # A document that breaks the schema is caught: the check can fail.
        broken = dict(sarif, version='2.2')
        with self.assertRaises(jsonschema.ValidationError):
            jsonschema.Draft4Validator(schema).validate(broken)
        # The old option spelling still works.
        self.assertEqual(json.loads(run('check', '--format', 'sarif', *self.args, check=False).stdout), sarif)

    def test_gitlab_code_quality_validates_against_gitlabs_schema(self):
        with open(os.path.join(SCHEMAS, 'gitlab-codeclimate.json')) as f:
            schema = json.load(f)
        report = json.loads(self.output('gitlab'))
        self.assertIsInstance(report, list)  # the report is an array of entries
        for entry in report:
            jsonschema.validate(entry, schema)
            self.assertIn(entry['severity'], ['info', 'minor', 'major', 'critical', 'blocker'])
        self.assertEqual(sorted((e['location']['path'], e['location']['lines']['begin'], e['check_name'])
                                for e in report),
                         [('dist/p-1.0.tar.gz!p-1.0/p/m.py', 7, 'PEP765'), ('src/a.py', 5, 'PEP765'),
                          ('src/b, c:%.py', 5, 'PEP765'), ('src/n.py', 6, 'PEP765X')])
        self.assertEqual(len({e['fingerprint'] for e in report}), len(report))
        with self.assertRaises(jsonschema.ValidationError):
            jsonschema.validate({k: v for k, v in report[0].items() if k != 'fingerprint'}, schema)

    def test_junit_validates_against_the_xsd(self):
        schema = etree.XMLSchema(etree.parse(os.path.join(SCHEMAS, 'junit-10.xsd')))
        doc = etree.fromstring(self.output('junit').encode())
        schema.assertValid(doc)
        self.assertEqual(doc.get('failures'), '4')
        cases = doc.findall('testsuite/testcase')
        self.assertIn('src/b, c:%.py:5:19 PEP765', [c.get('name') for c in cases])
        # A clean run is one passing case.
        clean = run('check', '--output-format', 'junit', 'src/quiet.py')
        doc = etree.fromstring(clean.stdout.encode())
        schema.assertValid(doc)
        self.assertEqual((doc.get('tests'), doc.get('failures')), ('1', '0'))
        self.assertFalse(schema.validate(etree.fromstring(b'<testsuites><testsuite name="x"/></testsuites>')))

    def test_json_has_ruffs_fields(self):
        items = json.loads(self.output('json'))
        by_file = {i['filename']: i for i in items}
        self.assertEqual(by_file['src/b, c:%.py']['location'], {'row': 5, 'column': 19})
        self.assertEqual(by_file['src/n.py']['code'], 'PEP765X')
        for i in items:
            self.assertEqual(set(i), {'code', 'message', 'filename', 'location', 'end_location', 'noqa_row', 'url', 'fix'})
        self.assertNotIn('src/quiet.py', by_file)

    def test_github_annotations(self):
        lines = self.output('github').splitlines()
        self.assertIn('::warning title=pep765 (PEP765),file=src/b%2C c%3A%25.py,line=5,col=19::'
                      'src/b, c:%25.py:5:19: PEP765 `break` in `finally` swallows any exception in flight and ends '
                      'the loop (a SyntaxWarning in Python 3.14)', lines)
        self.assertTrue(any(line.startswith('::notice title=pep765 (PEP765X),file=src/n.py,line=6,col=13::')
                            for line in lines), lines)
        self.assertEqual(len(lines), 4)

    def test_columns_count_characters_in_every_format(self):
        text = run('check', 'src/b, c:%.py', check=False).stdout
        self.assertTrue(text.startswith('src/b, c:%.py:5:19: '), text)
        sarif = json.loads(run('check', '--output-format', 'sarif', 'src/b, c:%.py', check=False).stdout)
        self.assertEqual(sarif['runs'][0]['results'][0]['locations'][0]['physicalLocation']['region']["startColumn"], 19)
        gitlab = json.loads(run('check', '--output-format', 'gitlab', 'src/b, c:%.py', check=False).stdout)
        self.assertEqual(gitlab[0]['location']['positions']['begin']["column"], 19)


if __name__ == '__main__':
    harness.take_binary_from_argv()
    unittest.main(verbosity=2)
