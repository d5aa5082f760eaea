#include "report/drafts.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cctype>

#include <algorithm>
#include <map>
#include <set>

#include "common/printable.h"
#include "common/url.h"
#include "report/wording.h"

namespace pep765 {

namespace {

// A markdown code fence longer than any run of backticks in `code`, so the code cannot close it.
std::string code_fence(std::string_view code) { return std::string(std::max<size_t>(3, longest_backtick_run(code) + 1), '`'); }

// Parts of a PyPI inspector path ('+' stays, as in local versions).
std::string percent_encode_path(std::string_view text) { return percent_encode(text, "/+"); }

// Why this hit matters beyond what every such jump does, from its triage pattern.
std::string pattern_words(const HitRecord& h) {
  switch (h.triage.pattern) {
    case Pattern::ExceptExceptionReturn:
      return "The `except Exception` clause suggests only ordinary errors were meant to be handled, but the "
             "`return` in `finally` also discards `KeyboardInterrupt`, `SystemExit` and anything the handler raises.";
    case Pattern::OverridesHandlerReturn: return "It also replaces the value the `except` clause returns.";
    case Pattern::OverridesBodyReturn: return "It also replaces the value the `try` block returns.";
    case Pattern::SwallowsEverything:
      return "The `try` has no `except` clause, so every exception raised in it is dropped here.";
    case Pattern::HandlerRaiseSwallowed:
      return "An `except` clause raises (or re-raises, or leaves a `with` block that may re-raise), and that "
             "exception is dropped here too.";
    case Pattern::SwallowsElse: return "An exception raised in the `else` clause is dropped here too.";
    case Pattern::SwallowsUncaught:
      return "The `except` clauses handle some exceptions; every other one (and `KeyboardInterrupt`) is dropped here.";
    case Pattern::NothingInFlight:
      return "Nothing in the `try` block can raise, so no exception is lost today; moving the statement after the "
             "`try` statement says the same thing without the warning.";
    case Pattern::OneOperationFallback:
      return "The `try`/`finally` stands in for a catch-all around one operation, so dropping its errors looks "
             "intended; `except Exception:` (or the exceptions meant) would say so and let `KeyboardInterrupt` "
             "through.";
    case Pattern::CatchesEverything:
      return "The `try` already catches everything, so swallowing is explicit; the statement can move after the "
             "`try` statement with the same effect and no warning.";
    case Pattern::GuardedByFlag:
      return "The jump runs only once the `try` block or an `except` clause has run to its end and set what it "
             "tests, so no exception is lost today; moving the jump after the `try` statement says the same thing "
             "without the warning.";
    case Pattern::SwallowsThrownIn:
      return "The `try` block yields, so the error of the caller's `with` block (or GeneratorExit when the "
             "generator is closed) reaches the `finally` and is dropped here.";
    case Pattern::ReadyValueFallback:
      return "The value returned was ready before the `try`, so dropping the errors of the work in between "
             "looks intended; `except Exception:` (or the exceptions meant) would say so and let "
             "`KeyboardInterrupt` through.";
    case Pattern::MixedEvidence:
      return "Whether dropping the exception is meant is not clear from the code alone, so this is a question "
             "rather than a report.";
    case Pattern::LoopJump:
    case Pattern::MarkedDeliberate:
    case Pattern::TestsThePattern:
    case Pattern::None:
      return "";
  }
  return "";
}

std::string rule_words(const HitRecord& h) {
  if (h.cpython) return "Python 3.14 warns about this line (`SyntaxWarning`).";
  return fmt::format("Python 3.14 does not warn here (the `{}` sits inside a loop in the `finally`), but it leaves "
                     "the `finally` all the same.",
                     h.statement);
}

std::string fix_words(const std::set<std::string>& statements) {
  std::string out = "The usual fix is to move the ";
  std::string names;
  for (const std::string& s : statements) names += (names.empty() ? "`" : " / `") + s + "`";
  out += names + " after the `try`/`finally` statement, or, where dropping the error is intended, to catch it "
                 "explicitly (`except BaseException:` or a narrower exception), so that nothing is lost unseen.";
  return out;
}

// What one hit does, in words. Where nothing can be lost today (category intentional), what the
// jump would do is said as such.
std::string hit_words(const HitRecord& h) {
  std::string words =
      fmt::format("The `{}` {}.", h.statement, jump_effect(h.statement, h.triage.category == Category::Intentional));
  if (const std::string p = pattern_words(h); !p.empty()) words += " " + p;
  if (!h.triage.evidence.empty()) words += "\n\nWhat the code shows: " + h.triage.evidence;
  words += "\n\n";
  words += rule_words(h);
  if (h.erroneous_parse)
    words += " (The file did not parse cleanly for the survey, so please check the line against your source.)";
  return words;
}

// "line 9", "lines 9 and 14", "lines 9, 14 and 20".
std::string lines_words(const std::vector<const HitRecord*>& hits) {
  if (hits.size() == 1) return fmt::format("line {}", hits[0]->line);
  std::string out = "lines ";
  for (size_t i = 0; i < hits.size(); i++)
    out += fmt::format("{}{}", i == 0 ? "" : i + 1 == hits.size() ? " and " : ", ", hits[i]->line);
  return out;
}

// The hits of one try statement (same file, same try), sorted by line: the try is shown once
// with every flagged line marked, then what each does (once, where all say the same).
std::string try_section(const std::vector<const HitRecord*>& hits) {
  const HitRecord& h = *hits.front();
  const std::string where = h.scope.empty() ? "at module level" : "in " + inline_code(h.scope);
  const std::string link = inspector_link(h);
  std::vector<int> flagged;
  for (const HitRecord* x : hits) flagged.push_back(x->line);
  const std::string snippet = numbered_snippet(h.try_source, h.try_line, flagged);
  const std::string fence = code_fence(snippet);
  std::string out = fmt::format("### {}, {}, {}\n\n", inline_code(h.package_path), lines_words(hits), where);
  if (!link.empty()) out += fmt::format("In the released file: {}\n\n", link);
  out += fmt::format("{0}python\n{1}\n{0}\n\n", fence, snippet);
  std::vector<std::string> words;
  for (const HitRecord* x : hits) words.push_back(hit_words(*x));
  if (std::all_of(words.begin(), words.end(), [&](const std::string& w) { return w == words.front(); })) return out + words.front() + "\n";
  for (size_t i = 0; i < hits.size(); i++) out += fmt::format("Line {}: {}\n\n", hits[i]->line, words[i]);
  out.pop_back();
  return out;
}

// Where a maintainer takes issues: the project's issue tracker where its links name one, else
// its repository, else its home page; only http(s) addresses the index gave, never made up.
std::string where_to_file(const HitRecord& h) {
  auto label_is = [](std::string label, std::initializer_list<std::string_view> names) {
    std::string key;
    for (char c : label)
      if (std::isalnum(static_cast<unsigned char>(c))) key += char(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view n : names)
      if (key == n) return true;
    return false;
  };
  std::vector<std::pair<std::string, std::string>> links;
  const nlohmann::json urls = nlohmann::json::parse(h.project_urls, nullptr, false);
  if (urls.is_object())
    for (auto it = urls.begin(); it != urls.end(); ++it)
      if (it->is_string() && is_http_url(it->get<std::string>())) links.emplace_back(it.key(), it->get<std::string>());
  for (const auto& [label, url] : links)
    if (label_is(label, {"issues", "issuetracker", "bugtracker", "bugs", "tracker", "bugreports"})) return url;
  if (!h.repository_url.empty()) return h.repository_url;
  for (const auto& [label, url] : links)
    if (label_is(label, {"source", "sourcecode", "repository", "code"})) return url;
  if (is_http_url(h.home_page)) return h.home_page;
  for (const auto& [label, url] : links)
    if (label_is(label, {"homepage", "home"})) return url;
  return "";
}

}  // namespace

std::string inspector_link(const HitRecord& h) {
  static constexpr std::string_view kFileHost = "https://files.pythonhosted.org/packages/";
  if (!h.download_url.starts_with(kFileHost) || h.package.empty() || h.version.empty()) return "";
  const std::string_view rest = std::string_view(h.download_url).substr(kFileHost.size());
  if (rest.find_first_of("?#") != std::string_view::npos) return "";
  return fmt::format("https://inspector.pypi.io/project/{}/{}/packages/{}/{}#line.{}", percent_encode_path(h.package),
                     percent_encode_path(h.version), percent_encode_path(rest), percent_encode_path(h.path), h.line);
}

Draft draft_for(const std::vector<const HitRecord*>& hits) {
  Draft d;
  if (hits.empty()) return d;
  const HitRecord& first = *hits.front();
  d.package = first.package;
  d.version = first.version;
  d.file_at = where_to_file(first);
  d.hits = hits;
  std::set<std::string> statements;
  bool any_warned = false;
  for (const HitRecord* h : hits) {
    statements.insert(h->statement);
    any_warned |= h->cpython;
  }
  std::string names;
  for (const std::string& s : statements) names += (names.empty() ? "`" : "/`") + s + "`";
  d.title = hits.size() == 1
                ? fmt::format("{} in `finally` swallows exceptions ({}:{})", names, first.package_path, first.line)
                : fmt::format("{} in `finally` swallows exceptions ({} places)", names, hits.size());
  std::string body = fmt::format(
      "Hello, and thank you for maintaining {}!\n\n"
      "A `return`, `break` or `continue` that leaves a `finally` block silently discards any exception in flight, "
      "so errors raised in the `try` block are lost. PEP 765 (https://peps.python.org/pep-0765/) made this a "
      "`SyntaxWarning` in Python 3.14{}. {} {} has {}:\n\n",
      first.package, any_warned ? "" : " (in its simplest form)", first.package, first.version,
      hits.size() == 1 ? "one such statement" : fmt::format("{} such statements", hits.size()));
  // Hits come sorted by file and line; those of one try statement share one section.
  for (size_t i = 0; i < hits.size();) {
    std::vector<const HitRecord*> same_try{hits[i]};
    for (i++; i < hits.size() && hits[i]->package_path == same_try.front()->package_path &&
              hits[i]->try_line == same_try.front()->try_line && hits[i]->try_source == same_try.front()->try_source;
         i++)
      same_try.push_back(hits[i]);
    body += try_section(same_try) + "\n";
  }
  body += fix_words(statements) + "\n\n";
  body += "If the behaviour is intended, a comment saying so would help readers and linters (flake8-bugbear's "
          "B012, pylint's `lost-exception`).\n\n";
  body += fmt::format("Found with pep765 {}, which surveys packages for this pattern.", PEP765_VERSION);
  d.body = std::move(body);
  return d;
}

std::vector<Draft> drafts_by_package(const std::vector<const HitRecord*>& hits) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const HitRecord*>> by_package;
  std::set<HitKey> seen;
  for (const HitRecord* h : hits) {
    if (!seen.insert(h->key()).second) continue;  // the wheel's copy of a module the sdist has
    auto [it, fresh] = by_package.try_emplace(h->package);
    if (fresh) order.push_back(h->package);
    it->second.push_back(h);
  }
  std::vector<Draft> out;
  for (const std::string& p : order) {
    std::vector<const HitRecord*>& list = by_package[p];
    std::stable_sort(list.begin(), list.end(), [](const HitRecord* a, const HitRecord* b) {
      return std::tie(a->package_path, a->line, a->column) < std::tie(b->package_path, b->line, b->column);
    });
    out.push_back(draft_for(list));
  }
  return out;
}

}  // namespace pep765
