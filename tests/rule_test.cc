// The rule under both definitions, on the cases of tests/data/rule_cases.txt (each checked
// against CPython by check_rule_cases.py), through both the region parse and the whole parse.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <tuple>

#include "analyze/analyze_file.h"

using namespace pep765;

namespace {

struct Case {
  std::string name, source;
  std::vector<std::string> hits;  // "LINE:COL statement cpython exits" normalised
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<Case> read_cases() {
  std::ifstream in(RULE_CASES);
  std::vector<Case> cases;
  std::string line;
  enum { None, Source, Hits } mode = None;
  while (std::getline(in, line)) {
    if (line.rfind("=== ", 0) == 0) {
      cases.push_back({line.substr(4), "", {}});
      mode = Source;
    } else if (line == "--- hits") {
      mode = Hits;
    } else if (mode == Source) {
      cases.back().source += line + "\n";
    } else if (mode == Hits && line.find_first_not_of(" \t") != std::string::npos) {
      std::istringstream words(line);
      std::string pos, kind, flag;
      words >> pos >> kind;
      bool cpython = false, exits = false;
      while (words >> flag) {
        cpython |= flag == "cpython";
        exits |= flag == "exits";
      }
      cases.back().hits.push_back(pos + " " + kind + " " + std::to_string(cpython) + std::to_string(exits));
    }
  }
  return cases;
}

std::vector<std::string> describe(const std::vector<JumpHit>& hits) {
  std::vector<std::string> out;
  for (const JumpHit& h : hits)
    out.push_back(std::to_string(h.line) + ":" + std::to_string(h.column) + " " +
                  statement_name(h.statement) + " " + std::to_string(h.cpython) + std::to_string(h.exits));
  return out;
}

class RuleCases : public ::testing::TestWithParam<Case> {};

// Valid Python the grammar still rejects: the hits must be right, the parse status cannot be yet.
bool grammar_gap(const Case& c) { return c.name.rfind("[grammar gap]", 0) == 0; }

TEST_P(RuleCases, RegionParseMatchesCPython) {
  PythonParser parser;
  FileAnalysis a = analyze_file(GetParam().source, parser, FileOptions{});
  if (!grammar_gap(GetParam())) EXPECT_NE(a.parse, ParseOutcome::Errors);
  EXPECT_EQ(describe(a.hits), GetParam().hits);
}

TEST_P(RuleCases, WholeParseMatchesCPython) {
  PythonParser parser;
  FileOptions whole;
  whole.parse_all = true;
  FileAnalysis a = analyze_file(GetParam().source, parser, whole);
  if (!grammar_gap(GetParam())) EXPECT_EQ(a.parse, ParseOutcome::Ok);
  EXPECT_EQ(a.scope, ParseScope::Whole);
  EXPECT_EQ(describe(a.hits), GetParam().hits);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = std::to_string(info.index) + "_";
  for (char c : info.param.name) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Cases, RuleCases, ::testing::ValuesIn(read_cases()), case_name);

TEST(RuleCasesFile, HasTheCases) { EXPECT_GE(read_cases().size(), 20u); }

JumpHit only_hit(const std::string& src) {
  PythonParser parser;
  FileAnalysis a = analyze_file(src, parser, FileOptions{});
  EXPECT_EQ(a.hits.size(), 1u) << src;
  return a.hits.empty() ? JumpHit{} : a.hits.front();
}

TEST(TriageFacts, PepPatternOneExceptExceptionThenReturn) {
  JumpHit h = only_hit(
      "class Client:\n"
      "    def fetch(self):\n"
      "        try:\n"
      "            return self.get()\n"
      "        except Exception:\n"
      "            self.log()\n"
      "        finally:\n"
      "            return None\n");
  EXPECT_EQ(h.scope, "Client.fetch");
  EXPECT_EQ(h.try_line, 3u);
  EXPECT_EQ(h.handlers, "Exception");
  EXPECT_TRUE(h.try_body_returns);
  EXPECT_FALSE(h.handler_returns);
  EXPECT_TRUE(h.has_value);
  EXPECT_EQ(h.try_source.rfind("try:", 0), 0u);
  EXPECT_NE(h.try_source.find("return None"), std::string::npos);
}

TEST(TriageFacts, HandlersClassifiedAndHandlerReturns) {
  JumpHit h = only_hit(
      "def f():\n"
      "    try:\n"
      "        g()\n"
      "    except (KeyError, ValueError):\n"
      "        return 1\n"
      "    except BaseException as e:\n"
      "        pass\n"
      "    except:\n"
      "        pass\n"
      "    finally:\n"
      "        return\n");
  EXPECT_EQ(h.handlers, "other,BaseException,bare");
  EXPECT_FALSE(h.try_body_returns);
  EXPECT_TRUE(h.handler_returns);
  EXPECT_FALSE(h.has_value);
  EXPECT_EQ(h.scope, "f");
}

TEST(TriageFacts, ReturnInNestedDefDoesNotCountAsBodyReturn) {
  JumpHit h = only_hit(
      "def f():\n"
      "    try:\n"
      "        def g():\n"
      "            return 1\n"
      "    finally:\n"
      "        return 2\n");
  EXPECT_FALSE(h.try_body_returns);
  EXPECT_EQ(h.handlers, "");
}

TEST(TriageFacts, TrySourceIsCapped) {
  std::string src = "def f():\n    try:\n";
  for (int i = 0; i < 2000; i++) src += "        x = 1234567890\n";
  src += "    finally:\n        return 1\n";
  JumpHit h = only_hit(src);
  EXPECT_LE(h.try_source.size(), kTrySourceCap + 4);
}

std::string nested_ifs_in_finally(int depth) {
  std::string src = "def f():\n  try:\n    pass\n  finally:\n";
  std::string indent = "    ";
  for (int i = 0; i < depth; i++) {
    src += indent + "if x:\n";
    indent += " ";
  }
  return src + indent + "return 1\n";
}

TEST(Robustness, DeepestLegalNestingFindsTheHit) {
  // CPython allows 100 indentation levels (its tokenizer's MAXINDENT); 97 ifs + def + finally.
  PythonParser parser;
  FileAnalysis a = analyze_file(nested_ifs_in_finally(97), parser, FileOptions{});
  ASSERT_EQ(a.hits.size(), 1u);
  EXPECT_EQ(a.hits[0].line, 102u);
  EXPECT_TRUE(a.hits[0].cpython);
}

TEST(Robustness, TenThousandNestedBlocksDoNotOverflow) {
  // Not valid Python (too deep for CPython), about 50 MB: it must be parsed and walked
  // without exhausting the stack when the parse limit lets it through.
  PythonParser parser;
  FileOptions big;
  big.max_parse_bytes = 64u << 20;
  std::string src = nested_ifs_in_finally(10000);
  EXPECT_EQ(analyze_file(src, parser, FileOptions{}).parse, ParseOutcome::TooLarge);
  FileAnalysis a = analyze_file(src, parser, big);
  EXPECT_EQ(a.facts.lines, 10005u);
  EXPECT_NE(a.parse, ParseOutcome::Skipped);
  EXPECT_NE(a.parse, ParseOutcome::TooLarge);
}

TEST(Robustness, TenThousandNestedBracketsDoNotOverflow) {
  PythonParser parser;
  std::string src = "def f():\n  try:\n    pass\n  finally:\n    x = " + std::string(10000, '[') +
                    std::string(10000, ']') + "\n    return x\n";
  FileAnalysis a = analyze_file(src, parser, FileOptions{});
  EXPECT_EQ(a.facts.lines, 6u);
  EXPECT_NE(a.parse, ParseOutcome::Skipped);
}

TEST(Robustness, BrokenSourceIsMarkedAndStillSearched) {
  PythonParser parser;
  FileAnalysis a = analyze_file("print 'py2'\ndef f():\n    try:\n        pass\n    finally:\n        return 1\n)\n",
                                parser, FileOptions{});
  EXPECT_EQ(a.parse, ParseOutcome::Errors);
  EXPECT_EQ(a.scope, ParseScope::Whole);
}

TEST(Robustness, PythonTwoSyntaxElsewhereMarksTheHitErroneous) {
  // tree-sitter accepts print statements and `except E, e`; CPython 3 does not. The hit's own
  // statement is fine, so only the whole-file parse (done for every file with hits) sees it.
  PythonParser parser;
  for (std::string py2 : {"print 'hello'\n", "exec 'x = 1'\n"}) {
    FileAnalysis a = analyze_file(py2 + "def f():\n    try:\n        pass\n    finally:\n        return 1\n",
                                  parser, FileOptions{});
    EXPECT_EQ(a.parse, ParseOutcome::Errors) << py2;
    EXPECT_TRUE(a.python2_syntax) << py2;
    EXPECT_EQ(a.scope, ParseScope::Whole) << py2;
    EXPECT_EQ(a.hits.size(), 1u) << py2;
  }
  // Valid Python 3 too: a call, a bare name, a tuple of a shift and a name, exec as a call,
  // and (PEP 758, 3.14) `except E, e:`, which is `except (E, e):`.
  for (std::string py3 : {"print('hello')\n", "print\n", "print >>f, x\n", "exec(code)\n",
                          "try:\n    pass\nexcept E, e:\n    pass\n"}) {
    FileAnalysis a = analyze_file(py3 + "def f():\n    try:\n        pass\n    finally:\n        return 1\n",
                                  parser, FileOptions{});
    EXPECT_EQ(a.parse, ParseOutcome::Ok) << py3;
    EXPECT_FALSE(a.python2_syntax) << py3;
  }
}

TEST(Robustness, FileWithoutHitsKeepsTheRegionParse) {
  PythonParser parser;
  // A jump in the finally clause that stays inside it: parsed, and no hit.
  FileAnalysis a = analyze_file(
      "import os\ndef f():\n    try:\n        pass\n    finally:\n        for x in y:\n            break\n",
      parser, FileOptions{});
  EXPECT_EQ(a.parse, ParseOutcome::Ok);
  EXPECT_EQ(a.scope, ParseScope::Regions);
  EXPECT_TRUE(a.hits.empty());
}

TEST(Robustness, FinallyWithoutJumpIsNotParsed) {
  PythonParser parser;
  FileAnalysis a = analyze_file("import os\ndef f():\n    try:\n        pass\n    finally:\n        pass\n    return 1\n",
                                parser, FileOptions{});
  EXPECT_EQ(a.parse, ParseOutcome::Skipped);
  EXPECT_EQ(a.scope, ParseScope::None);
  // Its layout still decides whether it parses.
  FileAnalysis bad = analyze_file("def f():\n    try:\n        pass\n    finally:\n        pass\n   x = 1\n",
                                  parser, FileOptions{});
  EXPECT_EQ(bad.parse, ParseOutcome::Errors);
  EXPECT_STREQ(bad.rejected_layout, "unindent_mismatch");
}

TEST(Robustness, Pep701FStringsWithNestedQuotes) {
  // Python 3.12 lets an f-string hold its own quote character; the scanner's simpler view of
  // quotes must still find the statement boundaries (these are not in rule_cases.txt because
  // the reference oracle runs on Python 3.11, which cannot parse them).
  const std::pair<std::string, uint32_t> cases[] = {
      {"d = {'a': 1}\nmsg = f\"{d[\"a\"]} and {'(' + \"[\"}\"\ndef f():\n    try:\n        pass\n"
       "    finally:\n        return msg\n", 7},
      {"def f(items):\n    s = f\"{', '.join(f'{i!r}' for i in items)}\"\n    try:\n        pass\n"
       "    finally:\n        return s\n", 6},
      {"x = f'''{\n  1 +\n  2\n}'''\ndef f():\n    try:\n        pass\n    finally:\n        return x\n", 9},
  };
  PythonParser parser;
  for (const auto& [src, line] : cases) {
    FileAnalysis a = analyze_file(src, parser, FileOptions{});
    EXPECT_EQ(a.parse, ParseOutcome::Ok) << src;
    ASSERT_EQ(a.hits.size(), 1u) << src;
    EXPECT_EQ(a.hits[0].line, line) << src;
  }
}

TEST(Robustness, BomAndLoneCarriageReturnKeepCPythonPositions) {
  PythonParser parser;
  FileAnalysis a = analyze_file("\xEF\xBB\xBF" "def f():\r    try:\r        pass\r    finally:\r        return 1\r",
                                parser, FileOptions{});
  ASSERT_EQ(a.hits.size(), 1u);
  EXPECT_EQ(a.hits[0].line, 5u);
  EXPECT_EQ(a.hits[0].column, 9u);
  EXPECT_TRUE(a.facts.has_bom);
  EXPECT_TRUE(a.facts.has_lone_cr);
}

TEST(Robustness, CrlfKeepsPositions) {
  PythonParser parser;
  FileAnalysis a = analyze_file("def f():\r\n    try:\r\n        pass\r\n    finally:\r\n        return 1\r\n",
                                parser, FileOptions{});
  ASSERT_EQ(a.hits.size(), 1u);
  EXPECT_EQ(a.hits[0].line, 5u);
  EXPECT_EQ(a.hits[0].column, 9u);
}

TEST(Prefilter, FileWithoutFinallyIsNotParsed) {
  PythonParser parser;
  FileAnalysis a = analyze_file("def f():\n    return 1\n", parser, FileOptions{});
  EXPECT_EQ(a.parse, ParseOutcome::Skipped);
  EXPECT_EQ(a.facts.lines, 2u);
}

TEST(Prefilter, LargeFileIsParsedStatementByStatement) {
  // Far over the parse limit as a whole, but every statement is small: it is parsed, in units.
  PythonParser parser;
  FileOptions small;
  small.max_parse_bytes = 4096;
  std::string src;
  for (int i = 0; i < 3000; i++) src += "def f" + std::to_string(i) + "():\n    return " + std::to_string(i) + "\n";
  src += "class C:\n    def m(self):\n        try:\n            pass\n        finally:\n            return 1\n";
  FileAnalysis a = analyze_file(src, parser, small);
  EXPECT_EQ(a.parse, ParseOutcome::Ok);
  EXPECT_EQ(a.scope, ParseScope::Whole);
  ASSERT_EQ(a.hits.size(), 1u);
  EXPECT_EQ(a.hits[0].line, 6006u);
  EXPECT_EQ(a.hits[0].scope, "C.m");
}

TEST(Prefilter, TooLargeIsCountedNotParsed) {
  PythonParser parser;
  FileOptions small;
  small.max_parse_bytes = 10;
  FileAnalysis a = analyze_file("try:\n    pass\nfinally:\n    return\n", parser, small);
  EXPECT_EQ(a.parse, ParseOutcome::TooLarge);
  EXPECT_EQ(a.facts.lines, 4u);
}

}  // namespace
