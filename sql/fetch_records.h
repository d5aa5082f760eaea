// What the fetch stage records in the store, as named operations over plain structs: the
// selection, each project's row and what the index said of it, each file chosen, and the index
// pages kept for revalidation. Every statement is prepared once, on the fetch's own connection
// (sql/README.md, "Concurrency"); each operation that writes is one transaction, taken here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/names.h"
#include "sql/db.h"

namespace pep765 {

// A selection as fetch makes it: a top-N list (kind "top", its date) or a random draw (kind
// "random", its seed).
struct SelectionRecord {
  std::string kind;
  std::string source;     // the list's URL or file, or the index's project list
  std::string list_date;  // top: the list's last_update
  int64_t seed = 0;
  int64_t size = 0;       // N asked for
  std::string index_url;
  std::string as_of;      // --as-of, or ""
  std::string pick;       // the pick rule: latest | study (common/choices.h)
};

// A project listed by a top-N selection, at its rank.
struct ListedRecord {
  std::string name;         // PEP 503 normalised
  std::string listed_name;  // as the list spelt it
  int64_t rank = 0;
  std::optional<int64_t> download_count;
};

// One draw of a random selection, once its round is settled.
struct DrawRecord {
  int64_t package_id = 0;
  int64_t draw = 0;
  std::optional<int64_t> rank;    // its place in the sample; nullopt: replaced
  std::optional<std::string> version;
  std::string released;           // its release's earliest upload ("" when unknown)
  std::string status;             // found | not_found | no_release | failed
  std::string reason;             // "" when found
};

// What the index said of a project (its latest metadata) and what this selection found.
struct ProjectRecord {
  int64_t package_id = 0;
  int64_t selection_id = 0;
  std::string status;         // resolved | not_found | no_release | failed
  std::string error;          // "" when none
  std::string version, release_rule, lacks;  // the release taken and how ("" when none)
  bool has_urls = false;      // the index's page was read: the three below are known
  std::string repository_url, home_page, project_urls_json;
  std::string selection_status;  // found | not_found | no_release | failed
  std::string reason;            // why not found ("" when found)
  std::string released;          // the release's date, its earliest upload ("" when none or unknown)
  std::string file;              // a study pick: the one file it took ("" otherwise)
};

// A file chosen for a project's release, and how its download went.
struct DownloadRecord {
  int64_t package_id = 0;
  std::string filename, kind, url;
  int64_t size = 0;
  std::string sha256, upload_time;
  std::string path;          // on disk; "" when never written
  std::string status;        // done | skipped | failed
  std::string error;         // "" when none
  int64_t attempts = 0;
  std::string version;       // the release it belongs to
  // How it was read (schema 9): whole | ranges ("" when it was not: skipped, or failed before
  // any transfer), the body bytes and requests it took, whether the bytes on disk were checked
  // against `sha256` (a ranged read's are not: its members' CRC-32s are, at analysis), and why
  // a wheel the ranges could read was read whole ("" when none).
  std::string read_as = "";
  int64_t bytes_read = 0, requests = 0;
  bool sha256_verified = false;
  std::string read_note = "";
  bool kept = false;         // found on disk: the row's earlier read_as, bytes and requests stand
  // A ranged read (schema 10): the .py members it left out because the release's sdist, as
  // analysed, gave them, and the bytes of theirs no range read.
  int64_t members_left_out = 0, bytes_left_out = 0;
};

// An index page kept with its validators.
struct CachedPage {
  std::string etag, last_modified;
};

class FetchRecords {
 public:
  explicit FetchRecords(Db& db);
  FetchRecords(const FetchRecords&) = delete;
  FetchRecords& operator=(const FetchRecords&) = delete;

  // The validators of a kept page, to ask the server "changed?"; nullopt: none kept.
  std::optional<CachedPage> cached_page(const std::string& url);
  // The kept body of a page the server says is not modified ("" if gone meanwhile).
  std::string cached_body(const std::string& url);
  void keep_page(const std::string& url, const CachedPage& validators, const std::string& body);

  // A top-N selection with its listed projects, in one write (a rerun finds the selection's
  // row again, keeping the larger N, and keeps what its last run found of each project until
  // this one finds it anew). The selection's id, and each project's row id in `packages`
  // (made on first sight), in the list's order.
  struct Recorded {
    int64_t selection_id = 0;
    std::vector<int64_t> package_ids;
  };
  Recorded record_top_selection(const SelectionRecord& s, const std::vector<ListedRecord>& listed);
  // A random selection's row; its id.
  int64_t record_random_selection(const SelectionRecord& s);
  // The rows in `packages` of a round's drawn projects (by normalised name), in one write.
  std::vector<int64_t> package_rows(const std::vector<std::string>& names);
  // A round of random draws, settled, in one write.
  void record_draws(int64_t selection_id, const std::vector<DrawRecord>& draws);
  // The entries of a selection's list that are no project names, escaped, in one write.
  void record_invalid_names(int64_t selection_id, const std::vector<InvalidName>& names);
  void record_project(const ProjectRecord& p);
  // A file's download. One done also tells an artifact analyzed from that path before fetch
  // recorded it (analyze given the folder) its project and release.
  void record_download(const DownloadRecord& d);
  // Whether a file this store recorded as read by ranges into `path`, with this size and
  // sha256, is done.
  bool holds_ranged_read(int64_t package_id, const std::string& filename, const std::string& path, int64_t size,
                         const std::string& sha256);
  // A fetch run's index requests and bytes (pages, core metadata, the list), added to its
  // selection's.
  void add_index_cost(int64_t selection_id, int64_t requests, int64_t bytes);

 private:
  int64_t selection_row(const SelectionRecord& s);
  int64_t package_row(const std::string& name, const std::string& listed_name);

  Db& db_;
  Query page_validators_, page_body_, keep_page_, insert_selection_, selection_id_, insert_package_, package_id_,
      insert_listed_, insert_draw_, insert_invalid_name_, update_package_, update_selected_, insert_download_, mark_artifact_,
      ranged_read_, add_index_cost_;
};

// Every verified download in the store, by path. An older store is migrated first.
std::vector<std::string> verified_download_paths(const std::string& db_path);

}  // namespace pep765
