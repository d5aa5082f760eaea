// The program's first-pass triage.
#include <gtest/gtest.h>

#include "analyze/finally_jumps.h"

#include <algorithm>

#include "report/triage.h"

using namespace pep765;

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

TEST(Triage, CatchesEverythingIsIntentional) {
  Triage t = triage(hit("pkg/a.py", "return", "BaseException", "try:\n    x()\nexcept BaseException:\n    pass\nfinally:\n    return 1"));
  EXPECT_EQ(t.category, "intentional");
  EXPECT_EQ(triage(hit("pkg/a.py", "return", "Exception,bare", "...")).category, "intentional");
}

TEST(Triage, MarkedDeliberateIsIntentional) {
  HitFacts h = hit("pkg/a.py", "return", "", "try:\n    x()\nfinally:\n    return  # noqa: B012");
  EXPECT_EQ(triage(h).category, "intentional");
  EXPECT_EQ(triage(h).reason, "a comment marks it as deliberate");
}

TEST(Triage, NothingCanBeInFlight) {
  EXPECT_EQ(triage(hit("pkg/a.py", "return", "", "try:\n        pass\n    finally:\n        return 1")).category,
            "intentional");
  EXPECT_EQ(triage(hit("pkg/a.py", "return", "", "try: pass\n    finally: return 1")).category, "intentional");
  EXPECT_EQ(triage(hit("pkg/a.py", "return", "", "try:\n        pass  # nothing\n        x()\n    finally:\n        return")).category,
            "bug");
}

TEST(Triage, PepPatternsAreBugs) {
  HitFacts first = hit("pkg/a.py", "return", "Exception", "try:\n    x()\nexcept Exception:\n    log()\nfinally:\n    return");
  Triage t = triage(first);
  EXPECT_EQ(t.category, "bug");
  EXPECT_EQ(t.pattern, "except-exception-return");

  HitFacts second = hit("pkg/a.py", "return", "other", "try:\n    x()\nexcept ValueError:\n    return 1\nfinally:\n    return 2");
  second.handler_returns = true;
  EXPECT_EQ(triage(second).pattern, "overrides-handler-return");

  HitFacts body = hit("pkg/a.py", "return", "", "try:\n    return x()\nfinally:\n    return 2");
  body.try_body_returns = true;
  EXPECT_EQ(triage(body).pattern, "overrides-body-return");

  EXPECT_EQ(triage(hit("pkg/a.py", "return", "", "try:\n    x()\nfinally:\n    return")).pattern, "swallows-everything");
  Triage loop = triage(hit("pkg/a.py", "continue", "", "try:\n    x()\nfinally:\n    continue"));
  EXPECT_EQ(loop.pattern, "loop-jump");
  EXPECT_EQ(loop.category, "bug");
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

TEST(HitRecords, PackageOfArtifactAndStatementLine) {
  EXPECT_EQ(package_of_artifact("Foo_Bar-1.2.3.tar.gz", "sdist"), std::make_pair(std::string("foo-bar"), std::string("1.2.3")));
  EXPECT_EQ(package_of_artifact("foo_bar-1.2-py3-none-any.whl", "wheel"), std::make_pair(std::string("foo-bar"), std::string("1.2")));
  EXPECT_EQ(package_of_artifact("my-pkg-2.0rc1.zip", "sdist"), std::make_pair(std::string("my-pkg"), std::string("2.0rc1")));
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
