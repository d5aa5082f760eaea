// The program's first-pass triage.
#include <gtest/gtest.h>

#include "analyze/analyze_file.h"
#include "analyze/finally_jumps.h"

#include <fmt/format.h>

#include <algorithm>

#include "report/hits.h"
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

// The first pass over real code: analysis finds each hit and its facts, triage decides, as
// the report does.
std::vector<Triage> triage_all(const std::string& code, const std::string& path = "pkg/mod.py") {
  PythonParser parser;
  FileAnalysis a = analyze_file(code, parser, FileOptions{});
  std::vector<Triage> out;
  for (const JumpHit& j : a.hits) {
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
    h.line = int(j.line);
    h.scope = j.scope;
    h.line_source = statement_line(j.try_source, int(j.try_line), int(j.line));
    h.noqa = j.suppressed_by;
    h.has_value = j.has_value;
    h.evidence = j.evidence;
    out.push_back(triage(h));
  }
  return out;
}

// The one hit in `code`.
Triage triage_of(const std::string& code, const std::string& path = "pkg/mod.py") {
  std::vector<Triage> all = triage_all(code, path);
  EXPECT_EQ(all.size(), 1u) << code;
  return all.empty() ? Triage{} : all.front();
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
  // In a test file, a loop that swallows what its body raises is no test of the pattern.
  EXPECT_EQ(triage_of("while 1:\n    try:\n        g()\n        h()\n    finally:\n        break\n", "pkg/tests/test_x.py")
                .category,
            "bug");
}

TEST(TriageFlow, ThePepsPatterns) {
  Triage first = triage_of("def f():\n    try:\n        g()\n    except Exception:\n        log()\n"
                           "    finally:\n        return None\n");
  EXPECT_EQ(first.category, "bug");
  EXPECT_EQ(first.pattern, "except-exception-return");
  Triage second = triage_of("def f():\n    try:\n        g()\n    except ValueError:\n        return NotImplemented\n"
                            "    finally:\n        return 2\n");
  EXPECT_EQ(second.pattern, "overrides-handler-return");
  EXPECT_EQ(triage_of("def f():\n    try:\n        return g()\n    finally:\n        return 2\n").pattern,
            "overrides-body-return");
}

// A handler that logs the failure and says it ignores it (a gateway's keep-alive: "An error
// occurred while stopping the gateway. Ignoring."): going on is meant. A comment in the handler
// is no such word, nor a string outside the handlers.
TEST(TriageFlow, AHandlerThatSaysItIgnores) {
  expect_triage("def f(self):\n    try:\n        g()\n    except Exception:\n"
                "        log.exception('Stopping failed. Ignoring.')\n    finally:\n        self.stop()\n        return\n",
                "intentional", "logs-and-ignores");
  expect_triage("def f(self):\n    try:\n        g()\n    except Exception:\n        log.exception('failed')  # ignoring\n"
                "    finally:\n        return\n",
                "bug", "except-exception-return");
  expect_triage("def f(self):\n    try:\n        g('ignore')\n    except Exception:\n        log.exception('failed')\n"
                "    finally:\n        return\n",
                "bug", "except-exception-return");
  // A body line that begins with a name like `exceptions` opens no handler: its string is the body's.
  expect_triage("def f(self):\n    try:\n        exceptions.append('ignored')\n    except Exception:\n        log.exception('failed')\n"
                "    finally:\n        return\n",
                "bug", "except-exception-return");
  // Never over a re-raise: the finally swallows it whatever the log says.
  EXPECT_EQ(triage_of("def f(self):\n    try:\n        g()\n    except Exception:\n        log.warning('ignoring')\n"
                      "        raise\n    finally:\n        return\n").category,
            "bug");
}

TEST(TriageFlow, MarkedDeliberate) {
  expect_triage("def f():\n    try:\n        g()\n    finally:\n        return 1  # noqa: B012\n", "intentional", "marked-deliberate");
}

// The grammar's statements that cannot raise (README "What cannot raise"): a try body of only
// them has nothing in flight; one step further (an attribute, a subscript, a call, an
// operator, a set display, unpacking a name, an attribute target) may raise.
TEST(CannotRaise, EachFormOfTheGrammar) {
  for (const char* body : {"result: T = None", "x = 1", "x = y", "x = y = None", "a, b = 1, None", "(a, b) = (y, 2)",
                           "x = []", "x = ()", "x = {}", "x = [None, y]", "x = 'a' 'b'", "x = -1", "x: int",
                           "pass", "global g", "'''doc'''", "..."}) {
    const std::string code = fmt::format("def f(y):\n    try:\n        {}\n    finally:\n        return 1\n", body);
    Triage t = triage_of(code);
    EXPECT_EQ(t.category, "intentional") << body;
    EXPECT_EQ(t.pattern, "nothing-in-flight") << body;
  }
  EXPECT_EQ(triage_of("def f():\n    y = 0\n    def g():\n        nonlocal y\n        try:\n            nonlocal y\n"
                      "        finally:\n            return y\n    return g\n").pattern,
            "nothing-in-flight");
  // `return NAME` in the body: the finally returning the same name loses nothing.
  EXPECT_EQ(triage_of("def f(y):\n    try:\n        return y\n    finally:\n        return y\n").pattern, "nothing-in-flight");
  EXPECT_EQ(triage_of("while 1:\n    try:\n        continue\n    finally:\n        break\n").pattern, "nothing-in-flight");
  for (const char* body : {"x = y.z", "x = d[0]", "x = g()", "x = a + b", "a, b = y", "x = {y}", "x += 1",
                           "x = f'{y}'", "self.x = 1", "x = [g()]", "del x", "assert y"}) {
    const std::string code = fmt::format("def f(y):\n    try:\n        w = 1\n        {}\n    finally:\n        return 1\n", body);
    EXPECT_EQ(triage_of(code).category, "bug") << body;
  }
}

// The rule: a handler that re-raises never makes the jump intentional, whatever
// catches everything or says so in a comment.
TEST(TriageEvidence, AReRaiseIsNeverIntentional) {
  for (const char* handler : {"except:", "except BaseException:", "except Exception:", "except ValueError:"}) {
    const std::string code =
        fmt::format("def f():\n    try:\n        g()\n    {}\n        log()\n        raise\n    finally:\n        return 1\n", handler);
    Triage t = triage_of(code);
    EXPECT_EQ(t.category, "bug") << handler;
    EXPECT_EQ(t.pattern, "handler-raise-swallowed") << handler;
    EXPECT_NE(t.evidence.find("The `raise` on line 6"), std::string::npos) << t.evidence;
  }
  // multiprocessing's and billiard's shape: the jump runs only on the I/O result the finally reads
  // itself; still never intentional, and a question rather than a confident bug.
  Triage on_result = triage_of("def recv(ov):\n    try:\n        ov.wait()\n    except:\n        ov.cancel()\n"
                               "        raise\n    finally:\n        nread, err = ov.result()\n        if err == 0:\n"
                               "            return nread\n");
  EXPECT_EQ(on_result.category, "review");
  EXPECT_NE(on_result.evidence.find("The `raise` on line 6"), std::string::npos) << on_result.evidence;
  for (const char* mark : {"  # noqa: B012", "  # intentional: never fail"}) {
    const std::string code = fmt::format(
        "def f():\n    try:\n        g()\n    except:\n        raise\n    finally:\n        return 1{}\n", mark);
    EXPECT_EQ(triage_of(code).category, "review") << mark;
  }
}

TEST(TriageEvidence, ThePepsOverrideOfAHandlersReturn) {
  // PEP 765's second example: catching everything does not make it intentional.
  Triage t = triage_of("def __eq__(self, other):\n    try:\n        value = self.key == other.key\n    except:\n"
                       "        return NotImplemented\n    finally:\n        return value\n");
  EXPECT_EQ(t.category, "bug");
  EXPECT_EQ(t.pattern, "overrides-handler-return");
  EXPECT_NE(t.evidence.find("line 7"), std::string::npos) << t.evidence;
}

TEST(TriageEvidence, Flags) {
  // A flag an except clause sets, tested by the finally: an exception no handler takes leaves it
  // as it was, the jump does not run, and the exception propagates.
  Triage flagged = triage_of("def f():\n    failed = None\n    try:\n        g()\n    except OSError:\n"
                             "        failed = 'oserror'\n    finally:\n        if failed:\n            return failed\n");
  EXPECT_EQ(flagged.category, "intentional");
  EXPECT_EQ(flagged.pattern, "guarded-by-flag");
  // The inverse test runs the jump exactly when no handler ran: it swallows what none took.
  EXPECT_EQ(triage_of("def f():\n    failed = None\n    try:\n        g()\n    except OSError:\n"
                      "        failed = 'oserror'\n    finally:\n        if not failed:\n            return 1\n").category,
            "bug");
  // Set as the body's last statement: once set, nothing of the body is left to raise.
  EXPECT_EQ(triage_of("def f():\n    done = False\n    try:\n        g()\n        done = True\n    except OSError:\n"
                      "        log()\n    finally:\n        if done:\n            return 1\n").pattern,
            "guarded-by-flag");
  // Set first: what the body raises after it is swallowed.
  EXPECT_EQ(triage_of("def f():\n    done = False\n    try:\n        done = True\n        g()\n    except OSError:\n"
                      "        log()\n    finally:\n        if done:\n            return 1\n").category,
            "bug");
  // As pyeapi's load_module: `if not mod: raise ...` earlier in the finally guards the return; mod
  // is bound by the body's last statement and the handler's.
  EXPECT_EQ(triage_of("def load(name):\n    try:\n        mod = None\n        mod = sys.modules[name]\n"
                      "    except KeyError:\n        mod = import_module(name)\n    finally:\n        if not mod:\n"
                      "            raise ImportError(name)\n        return mod\n").pattern,
            "guarded-by-flag");
  // Without a known starting value there is no flag to reason from.
  EXPECT_EQ(triage_of("def f(failed):\n    try:\n        g()\n    except OSError:\n        failed = 1\n"
                      "    finally:\n        if failed:\n            return 1\n").category,
            "bug");
  // The other way round: every handler catches everything and first records the exception, and
  // the jump runs only when none was recorded: the re-raise is never discarded.
  Triage none_arrived = triage_of("def f(func):\n    resp, err = None, None\n    try:\n        resp = func()\n"
                                  "    except BaseException as e:\n        err = e\n        raise\n    finally:\n"
                                  "        if err is None:\n            return resp\n");
  EXPECT_EQ(none_arrived.category, "intentional");
  EXPECT_EQ(none_arrived.pattern, "guarded-by-flag");
  // ... but not where a handler catches less than everything: an exception it does not take
  // leaves the flag as it was and the jump discards it (and a re-raise is then a bug).
  EXPECT_EQ(triage_of("def f(func):\n    err = None\n    try:\n        func()\n    except Exception as e:\n"
                      "        err = e\n        raise\n    finally:\n        if err is None:\n            return 1\n")
                .category,
            "bug");
  // A handler that sets the flag and may re-raise (a with block) is no safe flag.
  EXPECT_EQ(triage_of("def f():\n    bad = False\n    try:\n        g()\n    except Exception:\n        bad = True\n"
                      "        with reraise():\n            log()\n    finally:\n        if bad:\n            return 1\n")
                .category,
            "bug");
}

TEST(TriageEvidence, DataFlowToTheJump) {
  // The finally returns the value the body computed: the loss is the exception, not a value.
  Triage same = triage_of("def f():\n    try:\n        r = compute()\n        return r\n    except Exception:\n"
                          "        log()\n    finally:\n        return r\n");
  EXPECT_EQ(same.pattern, "except-exception-return");
  EXPECT_NE(same.evidence.find("`r = compute()` on line 3"), std::string::npos) << same.evidence;
  // Another value: the body's return is always replaced.
  Triage other = triage_of("def f():\n    try:\n        return compute()\n    except Exception:\n        log()\n"
                           "    finally:\n        return None\n");
  EXPECT_EQ(other.category, "bug");
  EXPECT_EQ(other.pattern, "overrides-body-return");
  // A break in a retry loop whose body returned on success cancels that return.
  Triage retry = triage_of("def f():\n    for attempt in range(3):\n        try:\n            return fetch()\n"
                           "        except OSError:\n            log()\n        finally:\n            break\n");
  EXPECT_EQ(retry.category, "bug");
  EXPECT_EQ(retry.pattern, "overrides-body-return");
}

TEST(TriageEvidence, SaysWhichStatementRaisesAndWhatIsLost) {
  Triage t = triage_of("def f(conn):\n    try:\n        conn.send(b'x')\n        conn.close()\n    finally:\n"
                       "        return 1\n");
  EXPECT_EQ(t.category, "bug");
  EXPECT_EQ(t.evidence, "If `conn.send(b'x')` on line 3 raises, the `return` on line 6 discards that exception: "
                        "the `try` has no `except` clause.");
  // A nested try is looked into: its `try:` line is not what raises.
  Triage nested = triage_of("def f():\n    try:\n        try:\n            a = load()\n        except KeyError:\n"
                            "            a = None\n    finally:\n        return a\n");
  EXPECT_NE(nested.evidence.find("`a = load()` on line 4"), std::string::npos) << nested.evidence;
}

// The study's test meaning: tests of the pattern itself, never by path alone.
TEST(TriageEvidence, TestMeansATestOfThePattern) {
  const char* swallow = "def {}():\n    try:\n        g()\n        h()\n    finally:\n        return 1\n";
  EXPECT_EQ(triage_of(fmt::format(fmt::runtime(swallow), "test_return_in_finally"), "tests/test_grammar.py").category, "test");
  EXPECT_EQ(triage_of(fmt::format(fmt::runtime(swallow), "make_fixture"), "tests/helpers.py").category, "bug");
  EXPECT_EQ(triage_of(fmt::format(fmt::runtime(swallow), "test_upload"), "pkg/tests/test_client.py").category, "bug");
  // A linter's functional fixture names the check it expects on the line.
  EXPECT_EQ(triage_of("def f():\n    try:\n        g()\n        h()\n    finally:\n        return 1  # [lost-exception]\n",
                      "tests/functional/l/lost_exception.py")
                .pattern,
            "tests-the-pattern");
  EXPECT_EQ(triage_of(fmt::format(fmt::runtime(swallow), "b012_case"), "pkg/mod.py").category, "bug");
}

TEST(TriageEvidence, WhatTheCodeSaysOfItself) {
  const char* logs = "class C:\n    def {}(self):\n        try:\n            self.sock.shutdown()\n"
                     "        except Exception:\n            log.warning('x')\n        finally:\n            return None\n";
  // A tidying-up role: the shape says bug, the name says dropping errors may be meant.
  Triage closing = triage_of(fmt::format(fmt::runtime(logs), "close"));
  EXPECT_EQ(closing.category, "review");
  EXPECT_NE(closing.evidence.find("`close`"), std::string::npos) << closing.evidence;
  EXPECT_NE(closing.evidence.find("not in the code"), std::string::npos) << closing.evidence;
  EXPECT_EQ(triage_of(fmt::format(fmt::runtime(logs), "compute")).category, "bug");
  // Words: a plain statement of intent decides; a hint only makes it a question.
  EXPECT_EQ(triage_of("def f():\n    # best effort: never raise from here\n    try:\n        g()\n        h()\n"
                      "    finally:\n        return 1\n").pattern,
            "marked-deliberate");
  EXPECT_EQ(triage_of("def f():\n    try:\n        g()\n        h()\n    finally:\n        # ignoring what g raises\n        return 1\n")
                .category,
            "review");
  EXPECT_EQ(triage_of("def f():\n    \"\"\"Returns 1, silently, whatever g does.\"\"\"\n    try:\n        g()\n        h()\n"
                      "    finally:\n        return 1\n").category,
            "review");
}

TEST(TriageEvidence, AValueReadyBeforeTheTry) {
  // A decorator's try only names the function it returns: whatever fails, the function is whole.
  Triage wraps = triage_of("def wraps(fun):\n    def _wraps(f):\n        try:\n            f.__name__ = name_of(fun)\n"
                           "            f.__doc__ = doc_of(fun)\n        finally:\n            return f\n    return _wraps\n");
  EXPECT_EQ(wraps.category, "intentional");
  EXPECT_EQ(wraps.pattern, "ready-value-fallback");
  // A value the body leaves alone, or nothing at all.
  EXPECT_EQ(triage_of("def respond(request, response):\n    try:\n        name = label(request)\n        record(name)\n"
                      "    finally:\n        return response\n").pattern,
            "ready-value-fallback");
  // The body fills the value it returns: a half-built value hides the error.
  EXPECT_EQ(triage_of("def actions(self):\n    found = {}\n    try:\n        query = self.query()\n        for a in query:\n"
                      "            found[a.name] = a\n    finally:\n        return found\n").category,
            "bug");
  // A value the body computes is no fallback: if the body fails first, the finally's return of it fails too.
  EXPECT_EQ(triage_of("def ip():\n    try:\n        s = sock()\n        addr = s.name()\n    finally:\n        return addr\n")
                .category,
            "bug");
  // A body that raises on purpose, under a bare return: that raise is lost.
  EXPECT_EQ(triage_of("def extend(v):\n    try:\n        mark(v)\n        raise Failed(v)\n    finally:\n        return\n")
                .category,
            "bug");
}

TEST(TriageEvidence, TestDataIsAQuestion) {
  Triage t = triage_of("def f():\n    try:\n        g()\n        return 'x'\n    finally:\n        return 1\n",
                       "pkg/tests/data/module.py");
  EXPECT_EQ(t.category, "review");
}

// PEP 765's Appendix names the eight uses the study judged "could be correct" (the full
// report, iritkatriel/finally): each reconstructed here in its shape; none is called a bug.
TEST(ThePepsEight, NoneIsABug) {
  struct Use {
    const char *name, *path, *code;
  };
  const Use uses[] = {
      {"composer: a bare except, then cleanup and the exit code", "composer/cli/launcher.py",
       "def main():\n    processes = {}\n    try:\n        _launch_processes(processes)\n        _monitor(processes)\n"
       "    except:\n        # No need to re-raise: the aggregate return code says it failed.\n"
       "        traceback.print_exc()\n        print('Killing training processes')\n    finally:\n"
       "        _cleanup_processes(processes)\n        return _aggregate_returncode(processes)\n"},
      {"webtest: a finally holding only `return False`", "webtest/http.py",
       "class Server:\n    def wait(self, retries=30):\n        running = check_server(self.host, retries)\n"
       "        if running:\n            return True\n        try:\n            self.shutdown()\n"
       "        finally:\n            return False\n"},
      {"kivy: a bare except before a finally of one return", "kivy/uix/codeinput.py",
       "class CodeInput:\n    def _get_bbcode(self, ntext):\n        try:\n            ntext[0]\n"
       "            ntext = highlight(ntext, self.lexer, self.formatter)\n            return ntext\n"
       "        except:\n            pass\n        finally:\n            return ntext\n"},
      {"logilab-common: a try/finally in test data for static analysis", "test/data/module.py",
       "class YO:\n    def method(self):\n        global MY_DICT\n        try:\n            MY_DICT = {}\n"
       "            local = None\n            autre = [a for (a, b) in MY_DICT if b]\n            if b in autre:\n"
       "                return\n            elif a in autre:\n                return 'hehe'\n"
       "            global_access(local, val=autre)\n        finally:\n            return local\n"},
      {"pluggy: a lengthy finally with two returns, after a try that catches everything into a variable",
       "src/pluggy/_callers.py",
       "def _multicall(hook_impls, caller_kwargs, firstresult):\n    results = []\n    exception = None\n"
       "    only_new_style_wrappers = True\n    try:\n        teardowns: list[object] = []\n        try:\n"
       "            for impl in reversed(hook_impls):\n                res = impl.function(*caller_kwargs)\n"
       "                if res is not None:\n                    results.append(res)\n"
       "        except BaseException as exc:\n            exception = exc\n    finally:\n"
       "        if only_new_style_wrappers:\n            result = results\n"
       "            for teardown in reversed(teardowns):\n                try:\n"
       "                    teardown.send(result)\n                except StopIteration as si:\n"
       "                    result = si.value\n                    continue\n            if exception is not None:\n"
       "                raise exception.with_traceback(exception.__traceback__)\n            else:\n"
       "                return result\n        else:\n            outcome = Result(results, exception)\n"
       "            return outcome.get_result()\n"},
      {"aws-sam-cli: a return at the end of the finally under a condition only a handler sets",
       "samcli/local/apigw/local_apigw_service.py",
       "class Service:\n    def _request_handler(self, route, event):\n        endpoint_service_error = None\n"
       "        try:\n            response = self._invoke(route.function_name, event)\n"
       "        except FunctionNotFound:\n            endpoint_service_error = Responses.not_found()\n"
       "        except UnsupportedInlineCodeError:\n            endpoint_service_error = Responses.not_implemented()\n"
       "        finally:\n            if endpoint_service_error:\n                return endpoint_service_error\n"
       "        return self._parse(response)\n"},
      {"scrapy: a finally holding only `break`", "scrapy/utils/gz.py",
       "def gunzip(data):\n    f = GzipFile(fileobj=BytesIO(data))\n    output_list = []\n    chunk = b'.'\n"
       "    while chunk:\n        try:\n            chunk = read1(f, 8196)\n            output_list.append(chunk)\n"
       "        except (IOError, EOFError, struct.error):\n            if output_list or getattr(f, 'extrabuf', None):\n"
       "                try:\n                    output_list.append(f.extrabuf[-f.extrasize:])\n"
       "                finally:\n                    break\n            else:\n                raise\n"
       "    return b''.join(output_list)\n"},
  };
  int uses_seen = 0;
  for (const Use& u : uses)
    for (const Triage& t : triage_all(u.code, u.path)) {
      uses_seen++;
      EXPECT_NE(t.category, "bug") << u.name << ": " << t.reason;
    }
  EXPECT_EQ(uses_seen, 8);  // pluggy's two returns
}

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
