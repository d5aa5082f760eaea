// The program's first-pass triage.
#include <gtest/gtest.h>

#include "analyze/analyze_file.h"
#include "analyze/finally_jumps.h"

#include <algorithm>

#include "report/triage.h"

using namespace pep765;

// The tests say categories and patterns by the names reports and CSV use.
namespace pep765 {
bool operator==(Category c, const char* name) { return std::string_view(category_name(c)) == name; }
bool operator==(Pattern p, const char* name) { return std::string_view(pattern_name(p)) == name; }
void PrintTo(Category c, std::ostream* os) { *os << category_name(c); }
void PrintTo(Pattern p, std::ostream* os) { *os << '"' << pattern_name(p) << '"'; }
}  // namespace pep765

namespace {

HitFacts hit(std::string path, std::string statement, std::string handlers, std::string try_source) {
  HitFacts h;
  h.path = std::move(path);
  h.statement = std::move(statement);
  h.handlers = std::move(handlers);
  h.try_source = std::move(try_source);
  return h;
}

}  // namespace

TEST(Triage, TestCode) {
  for (const char* p : {"pkg/tests/test_x.py", "tests/helpers.py", "pkg/test_x.py", "pkg/x_test.py", "conftest.py",
                        "flake8_bugbear/fixtures/b012.py", "pylint/testing/functional/l/lost_exception.py"})
    EXPECT_EQ(triage(hit(p, "return", "", "try:\n    x()\nfinally:\n    return")).category, "test") << p;
  EXPECT_FALSE(is_test_path("pkg/contest.py"));
  EXPECT_FALSE(is_test_path("pkg/attestation.py"));
}

// The first pass over real code: analysis finds the hit and its flow facts, triage decides.
Triage triage_of(const std::string& code, const std::string& path = "pkg/mod.py") {
  PythonParser parser;
  FileAnalysis a = analyze_file(code, parser, FileOptions{});
  EXPECT_EQ(a.hits.size(), 1u) << code;
  if (a.hits.empty()) return {};
  const JumpHit& j = a.hits.front();
  HitFacts h;
  h.path = path;
  h.statement = statement_name(j.statement);
  h.handlers = j.handlers;
  h.try_body_returns = j.try_body_returns;
  h.handler_returns = j.handler_returns;
  h.try_source = j.try_source;
  h.body_raises = j.body_raises;
  h.handler_raises = j.handler_raises;
  h.else_raises = j.else_raises;
  h.one_operation_fallback = j.one_operation_fallback;
  return triage(h);
}

// The first pass's category and pattern for the one hit in `code`.
void expect_triage(const char* code, const char* category, const char* pattern) {
  Triage t = triage_of(code);
  EXPECT_EQ(t.category, category) << code;
  EXPECT_EQ(t.pattern, pattern) << code;
}

TEST(TriageFlow, AReRaisingHandlerIsLostToTheReturn) {
  // multiprocessing/connection.py's shape: the handler re-raises, the finally's return swallows it.
  expect_triage("def f(ov):\n    try:\n        ov.wait()\n    except:\n        ov.cancel()\n        raise\n"
                       "    finally:\n        return ov.result\n", "bug", "handler-raise-swallowed");
}

TEST(TriageFlow, RaiseFromInAHandler) {
  expect_triage("def f():\n    try:\n        g()\n    except BaseException as e:\n        raise Wrapped() from e\n"
                       "    finally:\n        return 1\n", "bug", "handler-raise-swallowed");
}

TEST(TriageFlow, AContextManagerThatReRaises) {
  // heat's shape: except BaseException with save_and_reraise_exception().
  expect_triage("def f():\n    try:\n        g()\n    except BaseException:\n"
                       "        with save_and_reraise_exception():\n            log()\n    finally:\n        return 1\n", "bug", "handler-raise-swallowed");
}

TEST(TriageFlow, AGuardedBodyLetsNothingThrough) {
  // Plain assignments, and an inner try whose catch-all handler cannot raise.
  expect_triage("def f():\n    try:\n        ok = False\n        x = None\n        try:\n            x = g()\n"
                       "        except BaseException:\n            pass\n    finally:\n        return x\n", "intentional", "nothing-in-flight");
  // The inner handler can raise: then something can be in flight.
  EXPECT_EQ(triage_of("def f():\n    try:\n        try:\n            x = g()\n        except BaseException:\n"
                      "            log()\n    finally:\n        return x\n").category,
            "bug");
  EXPECT_EQ(triage_of("def f():\n    try:\n        pass\n    finally:\n        return 1\n").category, "intentional");
  EXPECT_EQ(triage_of("def f():\n    try:\n        '''doc'''\n        ...\n    finally:\n        return 1\n").pattern,
            "nothing-in-flight");
  EXPECT_EQ(triage_of("def f():\n    try:\n        w = 1\n        x = y.z\n    finally:\n        return 1\n").category, "bug");
  EXPECT_EQ(triage_of("def f():\n    try:\n        w = 1\n        x = f'{y}'\n    finally:\n        return 1\n").category,
            "bug");
}

TEST(TriageFlow, ABareExceptWhoseHandlerRaises) {
  EXPECT_EQ(triage_of("def f():\n    try:\n        g()\n    except:\n        pass\n    finally:\n        return 1\n").pattern,
            "catches-everything");
  expect_triage("def f():\n    try:\n        g()\n    except:\n        if bad:\n            raise\n"
                       "    finally:\n        return 1\n", "bug", "handler-raise-swallowed");
  // A raise inside a function defined in the handler is not the handler raising.
  EXPECT_EQ(triage_of("def f():\n    try:\n        g()\n    except:\n        def h():\n            raise E\n"
                      "    finally:\n        return 1\n").category,
            "intentional");
}

TEST(TriageFlow, AnElseThatCanRaise) {
  expect_triage("def f():\n    try:\n        g()\n    except:\n        pass\n    else:\n        h()\n"
                       "    finally:\n        return 1\n", "bug", "swallows-else");
}

TEST(TriageFlow, AHandlerFreeTry) {
  expect_triage("def f():\n    try:\n        g()\n        h()\n    finally:\n        return 1\n", "bug", "swallows-everything");
  // Around one operation, with a finally that only returns: a catch-all with a fallback.
  Triage fallback = triage_of("def f(raw):\n    try:\n        raw = raw.decode()\n    finally:\n        return raw\n");
  EXPECT_EQ(fallback.category, "intentional");
  EXPECT_EQ(fallback.pattern, "one-operation-fallback");
  // A finally that also does work, or a handler, is no such fallback.
  EXPECT_EQ(triage_of("def f():\n    try:\n        g()\n    finally:\n        close()\n        return 1\n").category,
            "bug");
  EXPECT_EQ(triage_of("def f():\n    try:\n        g()\n    except ValueError:\n        pass\n    finally:\n"
                      "        return 1\n").category,
            "bug");
}

TEST(TriageFlow, LoopJumps) {
  expect_triage("for x in y:\n    try:\n        g(x)\n        h(x)\n    finally:\n        continue\n", "bug", "loop-jump");
  EXPECT_EQ(triage_of("while 1:\n    try:\n        pass\n    finally:\n        break\n").category, "intentional");
  EXPECT_EQ(triage_of("while 1:\n    try:\n        g()\n    finally:\n        break\n", "pkg/tests/test_x.py").category,
            "test");
}

TEST(TriageFlow, ThePepsPatterns) {
  Triage first = triage_of("def f():\n    try:\n        return g()\n    except Exception:\n        log()\n"
                           "    finally:\n        return None\n");
  EXPECT_EQ(first.category, "bug");
  EXPECT_EQ(first.pattern, "except-exception-return");
  Triage second = triage_of("def f():\n    try:\n        g()\n    except ValueError:\n        return NotImplemented\n"
                            "    finally:\n        return 2\n");
  EXPECT_EQ(second.pattern, "overrides-handler-return");
  EXPECT_EQ(triage_of("def f():\n    try:\n        return g()\n    finally:\n        return 2\n").pattern,
            "overrides-body-return");
}

TEST(TriageFlow, MarkedDeliberate) {
  expect_triage("def f():\n    try:\n        g()\n    finally:\n        return 1  # noqa: B012\n", "intentional", "marked-deliberate");
}

#include "report/hits.h"
#include "report/stats.h"

TEST(PoissonInterval, KnownValues) {
  // Garwood intervals as tabulated (e.g. Ulm 1990; R's poisson.test).
  double lo, hi;
  poisson_interval(0, lo, hi);
  EXPECT_DOUBLE_EQ(lo, 0);
  EXPECT_NEAR(hi, 3.688879, 1e-5);
  poisson_interval(1, lo, hi);
  EXPECT_NEAR(lo, 0.025318, 1e-5);
  EXPECT_NEAR(hi, 5.571643, 1e-5);
  poisson_interval(10, lo, hi);
  EXPECT_NEAR(lo, 4.795389, 1e-5);
  EXPECT_NEAR(hi, 18.390356, 1e-5);
  poisson_interval(203, lo, hi);
  EXPECT_NEAR(lo, 176.0, 0.5);
  EXPECT_NEAR(hi, 232.9, 0.5);
  Rate r = rate_per_million(203, 120964221);
  EXPECT_NEAR(r.per_million, 1.6782, 1e-4);
}

TEST(HitRecords, StatementLine) {
  EXPECT_EQ(statement_line("try:\n    x()\nfinally:\n    return x  \n", 10, 13), "return x");
  EXPECT_EQ(statement_line("try:\n    x()\n", 10, 20), "");
}

TEST(HitRecords, SnippetIsDedentedNumberedAndMarked) {
  EXPECT_EQ(numbered_snippet("try:\n        x()\n    except E:\n        pass\n    finally:\n        return", 9, 14),
            "  9 | try:\n 10 |     x()\n 11 | except E:\n 12 |     pass\n 13 | finally:\n>14 |     return");
  EXPECT_EQ(numbered_snippet("try: x()\nfinally: return", 1, 2), " 1 | try: x()\n>2 | finally: return");
  // A long try shows its first lines, the finally and the flagged line, whatever their distance.
  std::string long_try = "try:\n";
  for (int i = 0; i < 30; i++) long_try += "        x()\n";
  long_try += "    finally:\n        y()\n        return";
  const std::string snippet = numbered_snippet(long_try, 100, 133);
  EXPECT_NE(snippet.find(" 132 |     y()\n>133 |     return"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find(" 131 | finally:"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("     | ...\n"), std::string::npos) << snippet;
  EXPECT_LT(std::count(snippet.begin(), snippet.end(), '\n'), 12);
}

TEST(HitRecords, AnExcerptKeepsItsLineNumbers) {
  // What analysis stores for a long try: spans left out, written as kExcerptGap and a count.
  const std::string excerpt = std::string("try:\n    a()\n") + kExcerptGap + "40\nfinally:\n    return x";
  EXPECT_EQ(statement_line(excerpt, 10, 53), "return x");
  EXPECT_EQ(statement_line(excerpt, 10, 30), "");
  const std::string snippet = numbered_snippet(excerpt, 10, 53);
  EXPECT_EQ(snippet, " 10 | try:\n 11 |     a()\n    | ...\n 52 | finally:\n>53 |     return x");
}
