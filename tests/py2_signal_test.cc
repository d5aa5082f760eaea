// The cheap signal for Python 2 files among those without `finally`, and what analysis does
// with it: parse the flagged file whole, for its parse status.
#include <gtest/gtest.h>

#include "analyze/analyze_file.h"
#include "analyze/py2_signal.h"

using namespace pep765;

TEST(Python2Signal, StatementsOnlyPython2Has) {
  for (const char* py2 : {"print 'hello'\n", "import sys\nif x:\n    print x, y\n", "exec code in ns\n",
                          "exec \"x = 1\"\n", "raise ValueError, 'bad'\n", "def f():\n\tprint x\n"})
    EXPECT_TRUE(python2_signal(py2)) << py2;
}

TEST(Python2Signal, QuietOnPython3) {
  for (const char* py3 : {"print('hello')\n", "print (x)\n", "print\n", "print = log\n", "x = print\n",
                          "printer = 1\n", "exec(code)\n", "raise ValueError('a, b')\n", "raise E from e\n",
                          "print.__doc__\n", "print is None\n", "sprint x\n", "def f():\n    raise\n"})
    EXPECT_FALSE(python2_signal(py3)) << py3;
}

TEST(Python2Signal, AFlaggedFileIsParsedForItsStatusAlone) {
  PythonParser parser;
  FileAnalysis py2 = analyze_file("import os\nprint 'hello'\n", parser, FileOptions{});
  EXPECT_EQ(py2.parse, ParseOutcome::Errors);
  EXPECT_TRUE(py2.python2_syntax);
  EXPECT_TRUE(py2.hits.empty());
  // Words in a docstring are no statement: the scan of logical lines sees that, with no parse.
  EXPECT_FALSE(python2_signal("'''Usage:\nprint the result\n'''\nx = 1\n"));
  FileAnalysis doc = analyze_file("'''Usage:\nprint the result\n'''\nx = 1\n", parser, FileOptions{});
  EXPECT_EQ(doc.parse, ParseOutcome::Skipped);
  // No signal, no finally: not parsed.
  EXPECT_EQ(analyze_file("x = 1\n", parser, FileOptions{}).parse, ParseOutcome::Skipped);
}
