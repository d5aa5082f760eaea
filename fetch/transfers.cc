#include "fetch/transfers.h"

#include "common/ascii.h"
#include "common/stop.h"
#include "common/url.h"
#include "fetch/index_json.h"
#include "fetch/index_url.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace pep765 {

namespace {

using Clock = std::chrono::steady_clock;

// Keeps libcurl's global state for the life of the process (it must not be set up per use).
struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

std::string hex(const unsigned char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; i++) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return std::string(s);
}

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (size_t i = 0; i < name.size(); i++)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

// Retry-After: seconds (clamped to a day, however many digits), or an HTTP date. Negative
// when absent or unreadable.
double retry_after_seconds(const std::string& value) {
  if (value.empty()) return -1;
  if (auto seconds = parse_count(value, 86400)) return double(*seconds);
  if (value.size() > 64) return -1;  // no date is that long
  time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return -1;
  return std::max(0.0, double(when - std::time(nullptr)));
}

bool retryable_curl_error(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT: case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_OPERATION_TIMEDOUT: case CURLE_PARTIAL_FILE: case CURLE_RECV_ERROR: case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING: case CURLE_SSL_CONNECT_ERROR: case CURLE_HTTP2: case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING: case CURLE_WEIRD_SERVER_REPLY:
      return true;
    default:
      return false;
  }
}

constexpr size_t kErrorBodyCap = 4096;

// Where a file is written before it is checked: beside it, named for this process, so a
// second process writing the same file never writes into this one's.
std::string part_path(const std::string& dest) { return fmt::format("{}.{}.part", dest, getpid()); }
constexpr double kMaxRetryAfter = 600;  // seconds: Retry-After is honoured up to ten minutes

}  // namespace


struct Transfers::Impl {
  struct Job {
    TransferRequest request;
    std::function<void(TransferResult&&)> done;
    TransferResult result;
    Clock::time_point not_before;
    // Per attempt:
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    std::FILE* part = nullptr;
    EVP_MD_CTX* sha = nullptr;
    long status = 0;
    bool to_file = false;
    bool partial = false;  // a 206 answer to a ranged request: its body is the caller's
    bool too_large = false;
    bool over_declared = false;
    std::optional<uint64_t> length_mismatch;  // a Content-Length other than the declared size
    uint64_t max_page_bytes = 0;
    int write_errno = 0;  // why the .part file could not be written (0: it could)
    std::string retry_after;
  };

  TransferOptions options;
  CURLM* multi;
  std::deque<std::unique_ptr<Job>> waiting;
  std::unordered_map<CURL*, std::unique_ptr<Job>> running;
  std::mt19937_64 rng{std::random_device{}()};
  uint64_t received = 0;

  explicit Impl(TransferOptions o) : options(std::move(o)) {
    static CurlGlobal global;
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, long(options.parallel));
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, long(CURLPIPE_MULTIPLEX));
  }

  ~Impl() {
    for (auto& [easy, job] : running) {
      EVP_MD_CTX_free(job->sha);
      finish_attempt(*job, true);
    }
    curl_multi_cleanup(multi);
  }

  static size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* job = static_cast<Job*>(user);
    std::string_view line(data, size * n);
    if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect or 100): start over
      job->result.etag.clear();
      job->result.last_modified.clear();
      job->result.content_type.clear();
      job->result.content_type_header.clear();
      job->result.content_range.clear();
      job->result.accepts_byte_ranges = false;
      job->retry_after.clear();
    } else if (header_is(line, "etag")) {
      job->result.etag = trim(line.substr(5));
    } else if (header_is(line, "last-modified")) {
      job->result.last_modified = trim(line.substr(14));
    } else if (header_is(line, "retry-after")) {
      job->retry_after = trim(line.substr(12));
    } else if (header_is(line, "content-type")) {
      std::string type = trim(line.substr(13));
      job->result.content_type = trim(ascii_lower(type.substr(0, type.find(';'))));
      job->result.content_type_header = type;
    } else if (header_is(line, "content-range")) {
      job->result.content_range = trim(line.substr(14));
    } else if (header_is(line, "accept-ranges")) {
      job->result.accepts_byte_ranges = ascii_lower(trim(line.substr(14))) == "bytes";
    }
    return size * n;
  }

  static size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* job = static_cast<Job*>(user);
    const size_t len = size * n;
    if (job->status == 0) {
      curl_easy_getinfo(job->easy, CURLINFO_RESPONSE_CODE, &job->status);
      // Only a successful body goes to the file; an error page is kept (capped) for the message,
      // and the ranges of a 206 answer for the caller.
      job->partial = job->status == 206 && !job->request.ranges.empty();
      job->to_file = !job->request.dest.empty() && job->status >= 200 && job->status < 300 && !job->partial;
      curl_off_t length = -1;
      curl_easy_getinfo(job->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
      if (job->to_file && job->request.expected_bytes && length >= 0 &&
          uint64_t(length) != *job->request.expected_bytes) {
        // A Content-Length other than the declared size: stop now, which also closes the
        // connection (a short length leaves the rest of the file on it for the next request).
        job->length_mismatch = uint64_t(length);
        return 0;
      }
      if (job->to_file) {
        job->part = std::fopen(part_path(job->request.dest).c_str(), "wb");
        if (!job->part) {
          job->write_errno = errno;
          return 0;
        }
      }
    }
    job->result.bytes += len;
    // Bytes as delivered (decompressed): what memory and disk would take.
    // A ranged answer held in memory (the ranges, or a whole file where no dest takes one) is
    // capped at what was asked.
    const bool ranged_in_memory = !job->request.ranges.empty() && (job->partial || job->request.dest.empty());
    const uint64_t cap = ranged_in_memory         ? job->request.max_partial_bytes
                         : job->request.max_bytes ? job->request.max_bytes
                         : job->request.dest.empty() ? job->max_page_bytes : 0;
    if (cap && job->result.bytes > cap) {
      job->too_large = true;
      return 0;
    }
    if (job->to_file && job->request.expected_bytes && job->result.bytes > *job->request.expected_bytes) {
      job->over_declared = true;
      return 0;
    }
    if (job->to_file) {
      if (std::fwrite(data, 1, len, job->part) != len) {
        job->write_errno = errno ? errno : EIO;
        return 0;
      }
      EVP_DigestUpdate(job->sha, data, len);
    } else if (job->request.dest.empty() || job->partial || job->result.body.size() < kErrorBodyCap) {
      job->result.body.append(data, len);
    }
    return len;
  }

  void start(std::unique_ptr<Job> job) {
    Job& j = *job;
    j.result.attempts++;
    j.result.body.clear();
    j.result.bytes = 0;
    j.status = 0;
    j.to_file = j.partial = j.too_large = j.over_declared = false;
    j.write_errno = 0;
    j.length_mismatch.reset();
    j.max_page_bytes = options.max_page_bytes;
    j.easy = curl_easy_init();
    j.sha = EVP_MD_CTX_new();
    EVP_DigestInit_ex(j.sha, EVP_sha256(), nullptr);
    CURL* e = j.easy;
    curl_easy_setopt(e, CURLOPT_URL, j.request.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, &j);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Impl::on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &j);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Impl::on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &j);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_s);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, options.low_speed_time_s);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    // A retry starts on a new connection: the one that failed may hold the rest of a bad answer.
    if (j.result.attempts > 1) curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
    if (j.request.dest.empty()) curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // gzip for index pages
    if (!j.request.if_none_match.empty())
      j.headers = curl_slist_append(j.headers, ("If-None-Match: " + j.request.if_none_match).c_str());
    if (!j.request.if_modified_since.empty())
      j.headers = curl_slist_append(j.headers, ("If-Modified-Since: " + j.request.if_modified_since).c_str());
    if (!options.user.empty() && origin_of(j.request.url) == options.auth_origin) {
      curl_easy_setopt(e, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
      curl_easy_setopt(e, CURLOPT_USERNAME, options.user.c_str());
      curl_easy_setopt(e, CURLOPT_PASSWORD, options.password.c_str());
    }
    std::string range;
    for (const ByteRange& b : j.request.ranges) range += fmt::format("{}{}-{}", range.empty() ? "" : ",", b.first, b.last);
    if (!range.empty()) curl_easy_setopt(e, CURLOPT_RANGE, range.c_str());  // copied by libcurl
    if (!j.request.accept.empty()) j.headers = curl_slist_append(j.headers, ("Accept: " + j.request.accept).c_str());
    if (j.headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, j.headers);
    curl_multi_add_handle(multi, e);
    running.emplace(e, std::move(job));
  }

  // Releases an attempt's handle and file; `discard` removes the partial file. The errno of
  // a close that failed (the last buffered bytes not written), or 0.
  int finish_attempt(Job& j, bool discard) {
    curl_multi_remove_handle(multi, j.easy);
    curl_easy_cleanup(j.easy);
    j.easy = nullptr;
    curl_slist_free_all(j.headers);
    j.headers = nullptr;
    int close_errno = 0;
    if (j.part) {
      if (std::fclose(j.part) != 0) close_errno = errno ? errno : EIO;
      j.part = nullptr;
    }
    if ((discard || close_errno) && !j.request.dest.empty()) {
      std::error_code ec;
      std::filesystem::remove(part_path(j.request.dest), ec);
    }
    return close_errno;
  }

  // The message for a .part file that could not be written, with the system's reason; a full
  // disk is marked, for the caller to stop rather than fail every file after.
  std::string write_error(Job& j, int err) {
    j.result.disk_full = err == ENOSPC || err == EDQUOT;
    return fmt::format("cannot write {}: {}", part_path(j.request.dest), std::strerror(err));
  }

  void complete(CURL* easy, CURLcode code) {
    auto node = running.extract(easy);
    std::unique_ptr<Job> job = std::move(node.mapped());
    Job& j = *job;
    TransferResult& r = j.result;
    if (j.status == 0) curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &j.status);
    r.status = j.status;
    if (const char* answered = nullptr; curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &answered) == CURLE_OK && answered)
      r.effective_url = answered;
    bool retry = false, sha_mismatch = false;
    std::string error;
    r.over_limit = j.too_large;
    const bool range_refused = !j.request.ranges.empty() && (j.status == 416 || j.status == 501);
    if (j.too_large && !j.request.ranges.empty() && (j.partial || j.request.dest.empty())) {
      error = fmt::format("HTTP {}: the answer to a range request is larger than the {} bytes asked for", j.status,
                          j.request.max_partial_bytes);
    } else if (j.too_large) {
      error = j.request.max_bytes ? fmt::format("larger than the limit of {} bytes", j.request.max_bytes)
                                  : fmt::format("larger than --max-page-bytes ({} bytes) once decompressed",
                                                options.max_page_bytes);
    } else if (j.length_mismatch) {
      error = fmt::format("the server announces {} bytes, the index declared {}", *j.length_mismatch,
                          *j.request.expected_bytes);
      retry = true;
    } else if (j.over_declared) {
      error = fmt::format("larger than the {} bytes the index declared", *j.request.expected_bytes);
    } else if (j.write_errno) {
      error = write_error(j, j.write_errno);
    } else if (code != CURLE_OK) {
      error = fmt::format("{} (curl {})", curl_easy_strerror(code), int(code));
      retry = retryable_curl_error(code);
    } else if (range_refused) {
      error = fmt::format("HTTP {} to a range request", j.status);
    } else if (j.status == 429 || j.status >= 500) {
      error = fmt::format("HTTP {}", j.status);
      retry = true;
    } else if (j.status == 304) {
      // not modified: the caller's cached copy stands
    } else if (j.status < 200 || j.status >= 300) {
      error = fmt::format("HTTP {}", j.status);
    } else if (j.partial) {
      // the ranges are the caller's to check, against what it asked
    } else if (j.request.dest.empty()) {
      if (!j.request.sha256.empty() && sha256_hex(r.body) != j.request.sha256) {
        error = fmt::format("sha256 mismatch: expected {}, got {}", j.request.sha256, sha256_hex(r.body));
        retry = sha_mismatch = true;
      }
    } else {
      if (!j.part) {  // an empty body: write the empty file
        j.part = std::fopen(part_path(j.request.dest).c_str(), "wb");
        if (!j.part) error = write_error(j, errno);
      }
      unsigned char digest[EVP_MAX_MD_SIZE];
      unsigned int len = 0;
      EVP_DigestFinal_ex(j.sha, digest, &len);
      std::string got = hex(digest, len);
      if (!error.empty()) {
        // the empty file could not be made
      } else if (j.request.expected_bytes && r.bytes != *j.request.expected_bytes) {
        // A short body (a Content-Length shorter than the file): never `done`.
        error = fmt::format("{} bytes received, the index declared {}", r.bytes, *j.request.expected_bytes);
        retry = true;
      } else if (!j.request.sha256.empty() && got != j.request.sha256) {
        error = fmt::format("sha256 mismatch: expected {}, got {}", j.request.sha256, got);
        retry = sha_mismatch = true;
      } else if (j.part && std::fflush(j.part) != 0) {
        error = write_error(j, errno);
      }
    }
    EVP_MD_CTX_free(j.sha);
    j.sha = nullptr;
    if (const int close_errno = finish_attempt(j, !error.empty()); close_errno && error.empty())
      error = write_error(j, close_errno);
    if (error.empty() && !j.request.dest.empty() && j.status != 304 && !j.partial) {
      std::error_code ec;
      std::filesystem::rename(part_path(j.request.dest), j.request.dest, ec);
      if (ec) error = fmt::format("cannot rename {} to {}: {}", part_path(j.request.dest), j.request.dest, ec.message());
    }
    if (error.empty()) received += r.bytes;
    // A digest mismatch is retried once: a second one means the index's digest is wrong.
    const int attempts_allowed = sha_mismatch ? std::min(2, options.max_attempts) : options.max_attempts;
    // A server asking for more than kMaxRetryAfter is not coming back within this run: say so.
    const double asked = retry && !error.empty() ? retry_after_seconds(j.retry_after) : -1;
    if (asked > kMaxRetryAfter) {
      error += fmt::format("; the server asks to retry after {:.0f} s, over {:.0f} s: not retried", asked, kMaxRetryAfter);
      retry = false;
    }
    if (!error.empty() && retry && r.attempts < attempts_allowed) {
      double delay = asked;
      if (delay < 0) {
        double base = std::min(options.backoff_max_s, options.backoff_base_s * std::pow(2.0, r.attempts - 1));
        delay = base * std::uniform_real_distribution<double>(0.5, 1.0)(rng);  // jitter
      }
      j.not_before = Clock::now() + std::chrono::milliseconds(int64_t(delay * 1000));
      waiting.push_back(std::move(job));
      return;
    }
    r.error = std::move(error);
    auto done = std::move(j.done);
    done(std::move(r));
  }

  void run(const std::function<void()>& tick, const std::function<bool()>& more_to_come) {
    auto more = [&] { return more_to_come && more_to_come(); };
    while (!waiting.empty() || !running.empty() || more()) {
      if (stop_requested()) {  // abandon what is under way: no partial file stays behind
        for (auto& [easy, job] : running) {
          EVP_MD_CTX_free(job->sha);
          job->sha = nullptr;
          finish_attempt(*job, true);
        }
        running.clear();
        waiting.clear();
        return;
      }
      if (tick) tick();
      // Start what may start: in queue order, skipping retries whose time has not come.
      const auto now = Clock::now();
      auto next_due = Clock::time_point::max();
      for (auto it = waiting.begin(); it != waiting.end() && running.size() < options.parallel;) {
        if ((*it)->not_before <= now) {
          auto job = std::move(*it);
          it = waiting.erase(it);
          start(std::move(job));
        } else {
          next_due = std::min(next_due, (*it)->not_before);
          ++it;
        }
      }
      // Only a retry whose time has not come sets the wait: one that is due but waits for a free
      // slot must not make the loop spin (the poll wakes when a transfer finishes).
      for (const auto& job : waiting)
        if (job->not_before > now) next_due = std::min(next_due, job->not_before);
      int still_running = 0;
      curl_multi_perform(multi, &still_running);
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi, &queued))
        if (msg->msg == CURLMSG_DONE) complete(msg->easy_handle, msg->data.result);
      if (running.empty() && waiting.empty() && !more()) break;
      long wait_ms = running.empty() && waiting.empty() ? 20 : 500;
      if (next_due != Clock::time_point::max())
        wait_ms = std::clamp<long>(
            long(std::chrono::duration_cast<std::chrono::milliseconds>(next_due - Clock::now()).count()), 0, 500);
      if (!running.empty()) curl_multi_poll(multi, nullptr, 0, int(wait_ms), nullptr);
      else if (wait_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    }
  }
};

Transfers::Transfers(TransferOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Transfers::~Transfers() = default;

void Transfers::add(TransferRequest request, std::function<void(TransferResult&&)> done) {
  if (!is_http_url(request.url)) {  // never contacted: the reason goes straight back
    TransferResult r;
    r.error = fmt::format("not an http(s) URL, so not fetched: {}", request.url.substr(0, 200));
    done(std::move(r));
    return;
  }
  auto job = std::make_unique<Impl::Job>();
  job->request = std::move(request);
  job->done = std::move(done);
  job->not_before = Clock::now();
  impl_->waiting.push_back(std::move(job));
}

void Transfers::run(const std::function<void()>& tick, const std::function<bool()>& more_to_come) {
  impl_->run(tick, more_to_come);
}
uint64_t Transfers::bytes_received() const { return impl_->received; }

std::string file_sha256(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return "";
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::vector<char> buf(1 << 20);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) EVP_DigestUpdate(ctx, buf.data(), n);
  const bool failed = std::ferror(f);
  std::fclose(f);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  return failed ? "" : hex(digest, len);
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  return hex(digest, len);
}

}  // namespace pep765
