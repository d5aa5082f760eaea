// fetch, run, analyze, merge: the commands that write the census into the store.
#include <fmt/format.h>

#include <algorithm>

#include "cli/commands.h"
#include "cli/options.h"
#include "analyze/records.h"
#include "cli/run.h"
#include "common/url.h"
#include "sql/merge.h"

namespace pep765::cli {

namespace {

void add_fetch_options(CLI::App* cmd, FetchOptions& o, Kinds& kinds, std::vector<Pick>& picks,
                       PlanFormat& plan_format) {
  auto* top = cmd->add_option("--top", o.top, "How many of the most downloaded projects")->check(at_least(1));
  auto* random = cmd->add_option("--random", o.random, "How many projects to draw at random from the index")
                     ->check(at_least(1));
  top->excludes(random);
  random->excludes(top);
  cmd->add_option("--seed", o.seed, "The random draw's seed: the same seed gives the same sample")->capture_default_str();
  cmd->add_option("--list", o.list, "Top list: URL or file (hugovk's JSON, or one name a line)")->capture_default_str();
  cmd->add_option("--index-url", o.index_url,
                  "Package index: a simple index's root (http://host/simple/), or a bare origin for PyPI's layout")
      ->check([](const std::string& url) {
        return is_http_url(url) ? "" : "an http(s) URL, not '" + url + "'";
      })
      ->capture_default_str();
  add_choice(cmd, "--index-api", o.index_api, {{"simple", IndexApi::Simple}, {"json", IndexApi::Json}},
             "How to read the index: simple (PEP 691 JSON, else PEP 503 HTML) or json (the legacy /pypi/NAME/json)");
  cmd->add_option("--dest", o.dest, "Where files go")->capture_default_str();
  cmd->add_option("--db", o.db_path, "The store")->capture_default_str();
  cmd->add_option("--jobs,-j", o.jobs, "Transfers at once")->check(CLI::Range(1, 256))->capture_default_str();
  cmd->add_option("--as-of", o.as_of,
                  "Take the release current on this date (YYYY-MM-DD); several, comma-separated, take a snapshot "
                  "at each into the same store")
      ->check(kDates);
  add_choice(cmd, "--kinds", kinds,
             {{"sdist", Kinds::Sdist}, {"wheel", Kinds::Wheel}, {"sdist,wheel", Kinds::Both}, {"wheel,sdist", Kinds::Both}},
             "Which files: sdist, wheel or sdist,wheel");
  add_choice(cmd, "--pick", picks,
             {{"latest", {Pick::Latest}}, {"study", {Pick::Study}}, {"study,latest", {Pick::Study, Pick::Latest}},
              {"latest,study", {Pick::Latest, Pick::Study}}},
             "Which release of each project: latest (as pip would install it), study (as PEP 765's script took "
             "it: the release key sorting last as a string, its first .tar.gz; sdists only), or study,latest "
             "(both, two selections compared in the report)");
  add_bytes_option(cmd, "--max-size", o.max_size, "Skip files larger than this (bytes, or with K, M, G, T; 0: no limit)");
  add_bytes_option(cmd, "--max-total", o.max_total,
                   "Download at most this much in all, by declared size (bytes, or with K, M, G, T; 0: no cap): "
                   "projects in list order, sdist before wheel; past it files are skipped");
  auto* plan = cmd->add_flag("--plan", o.plan,
                             "Resolve every project and print the files a fetch would download, with their declared "
                             "sizes and totals per kind, then stop: nothing is downloaded");
  add_choice(cmd, "--format", plan_format, {{"text", PlanFormat::Text}, {"json", PlanFormat::Json}},
             "How --plan prints: text or json")
      ->needs(plan);
  cmd->add_option("--attempts", o.attempts, "Tries per request (429, 5xx, connection faults)")
      ->check(CLI::Range(1, 100))->capture_default_str();
  cmd->add_option("--backoff", o.backoff_s, "First retry delay in seconds, doubling each time")
      ->check(CLI::Range(0.0, 600.0))->capture_default_str();
  cmd->add_option("--max-page-bytes", o.max_page_bytes,
                  "Index pages and lists larger than this, decompressed, are refused")
      ->check(at_least(1))->capture_default_str();
  cmd->add_flag("--allow-missing-digest", o.allow_missing_digest,
                "Take files the index gives no sha256 for, unchecked (recorded as unverified)");
  cmd->add_flag("--whole-files", o.whole_files,
                "Download every file whole, checked against its sha256: no HTTP ranges (by default a wheel "
                "whose size the index declares is read by ranges, only its .py members)");
  // The join threshold of ranged reads, for scripts/bench-fetch to measure: not for users.
  add_bytes_option(cmd, "--range-gap", o.range_gap, "")->group("");
  add_shard_option(cmd, o.shard);
}

// What fetch and run share once parsed: the kinds as fetch takes them, progress, one selection.
void settle_fetch_options(const std::string& command, FetchOptions& o, Kinds kinds, const std::vector<Pick>& picks,
                          bool quiet) {
  o.sdist = kinds != Kinds::Wheel;
  o.wheel = kinds != Kinds::Sdist;
  o.progress = !quiet;
  o.current_analysis = kAnalysisVersion;
  if ((o.top == 0) == (o.random == 0)) throw CLI::ValidationError(command, "give one of --top N or --random N");
  if (kinds == Kinds::Wheel && std::find(picks.begin(), picks.end(), Pick::Study) != picks.end())
    throw CLI::ValidationError("--pick", "study takes sdists only, as the study did: it cannot be given --kinds wheel");
}

void add_analyze(CLI::App& app, CensusOptions& census, std::vector<Command>& commands) {
  auto& o = census.analyze;
  CLI::App* cmd = app.add_subcommand("analyze", "Analyze archives, directories and .py files into the store");
  cmd->add_option("PATH", o.analyze.paths,
                  "Archive (.tar.gz .tgz .tar.bz2 .tar.xz .tar .zip .whl .egg), directory or .py file; "
                  "none: every file fetch has verified and not yet analyzed");
  cmd->add_option("--db", o.analyze.db_path, "The store")->capture_default_str();
  cmd->add_option("--jobs,-j", o.analyze.jobs, "Worker threads (0: every core)")->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_flag("--parse-all", o.analyze.file.parse_all,
                "Parse every file whole, not only statements holding a finally: exact parse status for all files, "
                "several times slower");
  cmd->add_option("--max-parse-bytes", o.analyze.file.max_parse_bytes, "Files larger than this are counted but not parsed")
      ->check(at_least(1))->capture_default_str();
  cmd->add_option("--max-member-bytes", o.analyze.max_member_bytes,
                  "Members larger than this are streamed for their lines only, never held")
      ->check(at_least(1))->capture_default_str();
  cmd->add_option("--max-expanded-bytes", o.analyze.max_expanded_bytes,
                  "An archive expanding past this is stopped as a decompression bomb")
      ->check(at_least(1))->capture_default_str();
  cmd->add_option("--max-expansion-ratio", o.analyze.max_expansion_ratio,
                  "... or expanding past 100 MB at more than this ratio")
      ->check(at_least(1))->capture_default_str();
  cmd->add_flag("--verify-duplicates", o.analyze.verify_duplicates,
                "Inflate wheel members whose CRC-32, size and name match a member already read (taken as "
                "identical otherwise), and count any that differ");
  add_shard_option(cmd, o.analyze.shard);
  cmd->add_flag("--quiet,-q", o.quiet, "No progress lines");
  add_cpython314_option(cmd, o.cpython314_dir);
  commands.push_back({cmd, [&o] {
                        o.analyze.progress = !o.quiet;
                        return analyze_inputs(o.analyze, o.cpython314_dir);
                      }});
}

void add_fetch(CLI::App& app, CensusOptions& census, std::vector<Command>& commands) {
  auto& o = census.fetch;
  CLI::App* cmd = app.add_subcommand("fetch", "Download the top-N (or a random N) projects' sdists and wheels, verified");
  add_fetch_options(cmd, o.fetch, o.kinds, o.picks, o.plan_format);
  cmd->add_flag("--verify-duplicates", o.verify_duplicates,
                "Read every .py member of a wheel read by ranges, also those equal (path, CRC-32, size) to a "
                "module of its release's sdist as the store holds it (left out otherwise)");
  cmd->add_flag("--quiet,-q", o.quiet, "No progress");
  commands.push_back({cmd, [&o] {
                        settle_fetch_options("fetch", o.fetch, o.kinds, o.picks, o.quiet);
                        o.fetch.skip_sdist_modules = !o.verify_duplicates;
                        return fetch_snapshots(o.fetch, o.picks, o.plan_format);
                      }});
}

void add_run(CLI::App& app, CensusOptions& census, std::vector<Command>& commands) {
  auto& o = census.run;
  CLI::App* cmd = app.add_subcommand("run", "Fetch, analyze each package as soon as it is verified, then summarize");
  add_fetch_options(cmd, o.fetch, o.kinds, o.picks, o.plan_format);
  cmd->add_option("--analyze-jobs", o.analyze.jobs, "Analysis threads (0: every core)")->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_flag("--verify-duplicates", o.analyze.verify_duplicates,
                "Inflate wheel members whose CRC-32, size and name match a member already read, and count any "
                "that differ; and read every .py member of a wheel read by ranges, also those its release's "
                "sdist gave (left out otherwise)");
  cmd->add_flag("--quiet,-q", o.quiet, "No progress");
  add_cpython314_option(cmd, o.cpython314_dir);
  commands.push_back({cmd, [&o] {
                        settle_fetch_options("run", o.fetch, o.kinds, o.picks, o.quiet);
                        o.fetch.skip_sdist_modules = !o.analyze.verify_duplicates;
                        o.analyze.shard = o.fetch.shard;
                        if (o.fetch.plan) return fetch_snapshots(o.fetch, o.picks, o.plan_format);  // the plan only: nothing to analyze
                        return run_snapshots(o.fetch, o.picks, o.analyze, o.cpython314_dir);
                      }});
}

void add_merge(CLI::App& app, CensusOptions& census, std::vector<Command>& commands) {
  auto& o = census.merge;
  CLI::App* cmd = app.add_subcommand("merge", "Merge stores (the shards of a census) into one");
  cmd->add_option("OUT", o.out, "The merged store (created if missing)")->required();
  cmd->add_option("IN", o.inputs, "Stores to add (read only)")->required();
  commands.push_back({cmd, [&o] {
                        MergeTotals m = merge_stores(o.out, o.inputs);
                        fmt::print(stderr, "pep765: merged {} stores into {}: {} artifacts, {} contents, {} packages\n",
                                   m.stores, o.out, m.artifacts, m.contents, m.packages);
                        return Outcome::Done;
                      }});
}

}  // namespace

void add_census_commands(CLI::App& app, CensusOptions& o, std::vector<Command>& commands) {
  add_analyze(app, o, commands);
  add_fetch(app, o, commands);
  add_run(app, o, commands);
  add_merge(app, o, commands);
}

}  // namespace pep765::cli
