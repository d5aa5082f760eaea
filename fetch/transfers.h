// HTTP transfers for fetch: libcurl multi, many at once, each retried with exponential backoff
// and jitter on 429, 5xx and connection faults (honouring Retry-After); files stream into a
// .part file (named for the process, so two never share one), are checked against their sha256
// and only then renamed into place.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pep765 {

struct TransferOptions {
  size_t parallel = 8;            // transfers at once
  int max_attempts = 5;           // per request, the first included
  long connect_timeout_s = 30;
  long low_speed_bytes = 1024;    // a transfer slower than this ...
  long low_speed_time_s = 60;     // ... for this long is abandoned (and retried)
  double backoff_base_s = 1.0;    // first retry after about this, doubling each time
  double backoff_max_s = 60.0;    // and never longer (Retry-After is honoured up to 10 minutes)
  std::string user_agent;
  // A body held in memory (index pages, lists) larger than this, after decompression, fails:
  // a small gzip page can expand to gigabytes.
  uint64_t max_page_bytes = 64u << 20;
  // Credentials for a private index (from its URL or netrc: fetch/index_url.h), Basic auth sent
  // only with requests whose origin is `auth_origin` (the index's scheme://host:port), never to
  // another, nor across a redirect to another host or port (libcurl drops them there).
  std::string auth_origin, user, password;
};

// Only http(s) URLs are ever fetched (common/url.h), the first and every redirect.

// Bytes [first, last] of a file, both included (as a Range header counts them).
struct ByteRange {
  uint64_t first = 0, last = 0;
  uint64_t length() const { return last - first + 1; }
  bool operator==(const ByteRange&) const = default;
};

struct TransferRequest {
  std::string url;
  std::string dest;           // a file to write (through dest + ".PID.part"); empty: body in memory
  std::string sha256;         // expected lower-case hex digest of a file or a body; empty: not checked
  std::string if_none_match;  // conditional request headers, for cached index pages
  std::string if_modified_since;
  uint64_t max_bytes = 0;     // 0: no limit (memory bodies: max_page_bytes); a larger body fails without retry
  std::optional<uint64_t> expected_bytes;  // the size the index declared: more is cut off, less fails
  std::string accept;         // Accept header, when the server offers several forms
  // Ask for these ranges of the file only (bounded, in order, not overlapping). A 206 answer's
  // body is kept in memory, at most max_partial_bytes, for the caller to check (fetch/
  // byte_ranges.h); a 200 answer is the whole file, written to `dest` and checked as any
  // download (without a dest it is held to max_partial_bytes too, so fails as too large).
  // 416 and 501 are answers, not faults: never retried.
  std::vector<ByteRange> ranges;
  uint64_t max_partial_bytes = 0;
};

struct TransferResult {
  long status = 0;           // HTTP status of the last attempt (0: no response)
  std::string body;          // memory transfers (and error pages, capped)
  std::string etag, last_modified;
  std::string content_type;  // of the last response, lower case, parameters dropped
  std::string content_type_header;  // ... and as it came, parameters kept (a multipart boundary)
  std::string content_range;        // the Content-Range header, as it came
  bool accepts_byte_ranges = false; // the answer said Accept-Ranges: bytes
  std::string effective_url; // the URL answered, after redirects (what relative links resolve against)
  std::string error;         // empty on success
  uint64_t bytes = 0;        // body bytes of the successful attempt
  int attempts = 0;
  bool disk_full = false;    // the file could not be written for want of space (ENOSPC, EDQUOT)
  bool over_limit = false;   // the body passed max_bytes (or max_page_bytes) and was cut off
  bool ok() const { return error.empty(); }
  bool not_modified() const { return ok() && status == 304; }
};

class Transfers {
 public:
  explicit Transfers(TransferOptions options);
  ~Transfers();
  Transfers(const Transfers&) = delete;
  Transfers& operator=(const Transfers&) = delete;

  // Queues a request; `done` runs on the thread calling run(), and may add more requests.
  void add(TransferRequest request, std::function<void(TransferResult&&)> done);
  // Runs until nothing is queued, waiting or running and `more_to_come` (when set) says no
  // more will be; `tick`, when set, is called between rounds (at least twice a second; every
  // 20 ms while only `more_to_come` keeps the loop going), for progress and to add requests.
  void run(const std::function<void()>& tick = {}, const std::function<bool()>& more_to_come = {});
  uint64_t bytes_received() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Lower-case hex SHA-256 of a file, or empty when it cannot be read.
std::string file_sha256(const std::string& path);
// ... and of bytes in memory.
std::string sha256_hex(std::string_view bytes);

}  // namespace pep765
