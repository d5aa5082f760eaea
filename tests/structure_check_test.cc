// The layout check run over every file (analyze/structure_check.h), and what analysis does
// with it: a file CPython's layout rules reject is recorded as not parsing; a file with a
// sign of syntax error only a parse can settle is parsed whole for its status alone.
#include <gtest/gtest.h>

#include "analyze/analyze_file.h"
#include "analyze/structure_check.h"

using namespace pep765;

namespace {
std::string rejected(const char* text) {
  const char* r = check_structure(text).rejected;
  return r ? r : "";
}
}  // namespace

TEST(StructureCheck, SignsOfStatementsPython3DoesNotHave) {
  for (const char* bad : {"print 'hello'\n", "import sys\nif x:\n    print x, y\n", "exec code in ns\n",
                          "exec \"x = 1\"\n", "def f():\n\tprint x\n",
                          "importx unittest\n", "sprint x\n", "print 1\n", "print\"x\"\n"})
    EXPECT_TRUE(check_structure(bad).suspect) << bad;
}

TEST(StructureCheck, QuietOnPython3) {
  for (const char* py3 :
       {"print('hello')\n", "print (x)\n", "print\n", "print = log\n", "x = print\n", "printer = 1\n",
        "exec(code)\n", "raise ValueError('a, b')\n", "raise E from e\n", "print.__doc__\n", "print is None\n",
        "def f():\n    raise\n", "match x:\n    case [a, b]:\n        pass\n", "type X = int\n",
        "x if y else z\n", "a not in b\n", "rb'x'\n", "f'{x}'\n", "t'{x}'\n", "import os, sys\n",
        "'''Usage:\nprint the result\n'''\nx = 1\n", "async def f():\n    await x\n"})
    EXPECT_FALSE(check_structure(py3).suspect) << py3;
}

TEST(StructureCheck, IndentationAsCPythonsTokenizerChecksIt) {
  // Tabs and spaces that agree at tab size 8 but not at tab size 1 (and the reverse): TabError.
  EXPECT_EQ(rejected("if x:\n\tpass\n        pass\n"), "tab_error");
  EXPECT_EQ(rejected("if x:\n        a = 1\n\tb = 2\n"), "tab_error");
  EXPECT_EQ(rejected("if x:\n    if y:\n\tpass\n"), "tab_error");
  // Consistent tabs, consistent spaces, and tabs after the same spaces are fine.
  EXPECT_EQ(rejected("if x:\n\tif y:\n\t\tpass\n\tpass\n"), "");
  EXPECT_EQ(rejected("if x:\n    \tpass\n    \tpass\n"), "");
  EXPECT_EQ(rejected("if x:\n  a = 1\n b = 2\n"), "unindent_mismatch");
  EXPECT_EQ(rejected("try:\nexcept E:\n    pass\n"), "expected_indented_block");
  EXPECT_EQ(rejected("def f():\n    # only a comment\n"), "expected_indented_block");
  EXPECT_EQ(rejected("x = 1\n    y = 2\n"), "unexpected_indent");
  EXPECT_EQ(rejected("  x = 1\n"), "unexpected_indent");
  EXPECT_EQ(rejected("if x: pass\n    y = 2\n"), "unexpected_indent");
  // Comments, blank lines, bracketed and continued lines, and strings do not count.
  EXPECT_EQ(rejected("if x:  # why\n\n      # far out\n    y = (1,\n  2)\n    z = '''\n  text\n'''\n"), "");
  EXPECT_EQ(rejected("x = 1 + \\\n      2\ny = {\n  'a': 1,\n}\n"), "");
  std::string deep;
  for (int i = 0; i < 100; i++) deep += std::string(size_t(i), ' ') + "if x:\n";
  deep += std::string(100, ' ') + "pass\n";
  EXPECT_EQ(rejected(deep.c_str()), "too_many_indentation_levels");
  EXPECT_EQ(rejected(std::string(201, '(').c_str()), "too_deeply_nested");
}

TEST(StructureCheck, Python2StatementsTheGrammarAccepts) {
  // tree-sitter reads `raise E, v` as raising a tuple and takes tuple parameters: decided here.
  EXPECT_EQ(rejected("raise ValueError, 'bad'\n"), "python2_raise");
  EXPECT_EQ(rejected("def f(x):\n    raise AttributeError, x\n"), "python2_raise");
  EXPECT_EQ(rejected("def dot((x, y), s=10):\n    pass\n"), "python2_tuple_parameter");
  EXPECT_EQ(rejected("def f( (a, b) ):\n    pass\n"), "python2_tuple_parameter");
  for (const char* py3 : {"raise ValueError('a, b')\n", "raise E(a, b) from e\n",
                          "def f(a=(1, 2)):\n    pass\n", "def f[T](x: T):\n    pass\n", "def f(\n    a, b):\n    pass\n"})
    EXPECT_EQ(rejected(py3), "") << py3;
}

TEST(StructureCheck, WhereTheCompilerLetsAStatementStand) {
  EXPECT_EQ(rejected("x = 1\nreturn (1)\n"), "return_outside_function");
  EXPECT_EQ(rejected("class A:\n    return 1\n"), "return_outside_function");
  EXPECT_EQ(rejected("if x:\n    yield 1\n"), "yield_outside_function");
  EXPECT_EQ(rejected("await f()\n"), "await_outside_function");
  EXPECT_EQ(rejected("if x:\n    break\n"), "break_outside_loop");
  EXPECT_EQ(rejected("for x in y:\n    def f():\n        continue\n"), "continue_outside_loop");
  EXPECT_EQ(rejected("for x in y:\n    class A:\n        break\n"), "break_outside_loop");
  EXPECT_EQ(rejected("for x in y:\n    pass\nelse:\n    break\n"), "break_outside_loop");  // else is no loop body
  for (const char* ok :
       {"def f():\n    if x:\n        return 1\n", "async def f():\n    await g()\n    yield 1\n",
        "while x:\n    try:\n        pass\n    finally:\n        break\n",
        "async for x in y:\n    if x:\n        continue\n", "def f():\n    class A:\n        pass\n    return A\n",
        "for x in y:\n    with z:\n        break\n", "def f():\n    for x in y:\n        pass\n    else:\n        return 1\n",
        "x = [y for y in z]\nif x: pass\n"})
    EXPECT_EQ(rejected(ok), "") << ok;
}

TEST(StructureCheck, TheDeclaredEncoding) {
  EXPECT_TRUE(declared_utf8("x = 1\n"));
  EXPECT_TRUE(declared_utf8("# -*- coding: utf-8 -*-\nx = 1\n"));
  EXPECT_TRUE(declared_utf8("#!/usr/bin/env python\n# coding=UTF_8\n"));
  EXPECT_FALSE(declared_utf8("# -*- coding: latin-1 -*-\n"));
  EXPECT_FALSE(declared_utf8("#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n"));
  EXPECT_FALSE(declared_utf8("#!/usr/bin/python\r\n# -*- coding: iso-8859-1 -*-\r\nx = 1\r\n"));  // CRLF: still line 2
  EXPECT_FALSE(declared_utf8("#!/usr/bin/python\r# coding: latin-1\r"));  // a lone CR ends a line too
  EXPECT_TRUE(declared_utf8("import os\n# coding: latin-1\n"));  // a cookie after code does not count
  EXPECT_TRUE(declared_utf8("\xEF\xBB\xBF# coding: latin-1\n"));  // a BOM wins
  PythonParser parser;
  FileAnalysis shift_jis = analyze_file("# -*- coding: utf-8 -*-\n# \x82\xa0\nx = 1\n", parser, FileOptions{});
  EXPECT_EQ(shift_jis.parse, ParseOutcome::Errors);
  EXPECT_STREQ(shift_jis.rejected_layout, "undecodable_utf8");
  EXPECT_EQ(analyze_file("# coding: shift_jis\n# \x82\xa0\nx = 1\n", parser, FileOptions{}).parse, ParseOutcome::Skipped);
  FileAnalysis nul = analyze_file(std::string_view("x = 1\0\n", 7), parser, FileOptions{});
  EXPECT_STREQ(nul.rejected_layout, "nul");
}

TEST(StructureCheck, WhatTheScanCannotFollowIsLeftToAParse) {
  StructureCheck c = check_structure("x = 'unterminated\n    y = 1\n");
  EXPECT_TRUE(c.suspect);
  EXPECT_EQ(c.rejected, nullptr);
}

TEST(StructureCheck, AnalysisRecordsTheVerdict) {
  PythonParser parser;
  FileAnalysis py2 = analyze_file("import os\nprint 'hello'\n", parser, FileOptions{});
  EXPECT_EQ(py2.parse, ParseOutcome::Errors);
  EXPECT_TRUE(py2.python2_syntax);
  EXPECT_TRUE(py2.hits.empty());
  // Words in a docstring are no statement: the scan of logical lines sees that, with no parse.
  EXPECT_EQ(analyze_file("'''Usage:\nprint the result\n'''\nx = 1\n", parser, FileOptions{}).parse,
            ParseOutcome::Skipped);
  // No sign, no finally: not parsed.
  EXPECT_EQ(analyze_file("x = 1\n", parser, FileOptions{}).parse, ParseOutcome::Skipped);
  // A layout CPython rejects: not parsing, with or without a finally, whatever the grammar says.
  FileAnalysis tabs = analyze_file("if x:\n\tpass\n        pass\n", parser, FileOptions{});
  EXPECT_EQ(tabs.parse, ParseOutcome::Errors);
  EXPECT_STREQ(tabs.rejected_layout, "tab_error");
  FileAnalysis hit = analyze_file("def f():\n\ttry:\n\t\tpass\n        finally:\n\t\treturn 1\n", parser, FileOptions{});
  EXPECT_EQ(hit.parse, ParseOutcome::Errors);
  EXPECT_STREQ(hit.rejected_layout, "tab_error");
  FileAnalysis nobody = analyze_file("try:\n    pass\nexcept E:\npass\n", parser, FileOptions{});
  EXPECT_EQ(nobody.parse, ParseOutcome::Errors);
  EXPECT_STREQ(nobody.rejected_layout, "expected_indented_block");
}
