#include "fetch/ranged_wheel.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

#include "common/ascii.h"
#include "common/python_names.h"
#include "fetch/byte_ranges.h"

namespace pep765 {

namespace {

// Ranges asked for in one request where the server answers multipart: a Range header of a few
// kB, under every server's header limit.
constexpr size_t kMaxRangesPerRequest = 64;
// Requests for the central directory after the tail: the directory, and zip64's records.
constexpr int kMaxDirectoryRequests = 2;
// A multipart answer's part headers, per part, beyond the bytes asked.
constexpr uint64_t kPartOverheadBytes = 512;

std::string part_path_of(const std::string& dest) { return fmt::format("{}.{}.part", dest, getpid()); }

struct WheelState {
  Transfers* transfers = nullptr;
  RangedWheel wheel;
  std::function<void(WheelRead&&)> done;
  WheelRead result;
  int fd = -1;
  std::map<uint64_t, std::string> held;  // bytes kept in memory for the directory, by offset
  std::vector<ByteRange> written;        // every range in the part file, sorted, joined
  std::vector<ByteRange> needed;         // the members' ranges: all must be written
  std::optional<bool> multipart;         // the server answers several ranges in one (known after one try)
  std::deque<std::vector<ByteRange>> queue;  // requests not yet made
  size_t in_flight = 0;
  int directory_requests = 0;
  bool reading_members = false;  // the directory is read: the members' ranges are under way
  std::string abandon;  // set: the ranges are given up for this reason, once nothing is in flight
  bool finished = false;

  ~WheelState() {
    if (fd >= 0) ::close(fd);
  }
};
using State = std::shared_ptr<WheelState>;

void finish(const State& s) {
  if (s->finished) return;
  s->finished = true;
  auto done = std::move(s->done);
  done(std::move(s->result));
}

void remove_part(const State& s) {
  if (s->fd >= 0) ::close(s->fd);
  s->fd = -1;
  std::error_code ec;
  std::filesystem::remove(part_path_of(s->wheel.dest), ec);
}

// The ranges cannot be used: the caller reads the file whole.
void read_whole(const State& s, std::string why) {
  remove_part(s);
  s->result.how = WheelRead::How::ReadWhole;
  s->result.note = std::move(why);
  finish(s);
}

void failed(const State& s, std::string error, bool disk_full = false) {
  remove_part(s);
  s->result.how = WheelRead::How::Failed;
  s->result.error = std::move(error);
  s->result.disk_full = disk_full;
  finish(s);
}

void mark_written(const State& s, ByteRange r) {
  s->written.push_back(r);
  s->written = coalesce(std::move(s->written), 0);
}

// Writes a checked part at its offset. False (the state failed) when the disk refuses it.
bool write_part(const State& s, const RangePart& part) {
  if (s->fd < 0) {
    const std::string part_path = part_path_of(s->wheel.dest);
    s->fd = ::open(part_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (s->fd < 0 || ::ftruncate(s->fd, off_t(s->wheel.size)) != 0) {
      const int err = errno;
      failed(s, fmt::format("cannot write {}: {}", part_path, std::strerror(err)), err == ENOSPC || err == EDQUOT);
      return false;
    }
  }
  size_t done = 0;
  while (done < part.bytes.size()) {
    const ssize_t n = ::pwrite(s->fd, part.bytes.data() + done, part.bytes.size() - done, off_t(part.range.first + done));
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      failed(s, fmt::format("cannot write {}: {}", part_path_of(s->wheel.dest), std::strerror(err)),
             err == ENOSPC || err == EDQUOT);
      return false;
    }
    done += size_t(n);
  }
  mark_written(s, part.range);
  return true;
}

void ask(const State& s, std::vector<ByteRange> ranges, std::function<void(const State&, TransferResult&&,
                                                                          const std::vector<ByteRange>&)> then);
void read_directory(const State& s);
void read_members(const State& s, const ZipDirectory& dir);
void send_queued(const State& s);

// The checked parts of a 206 answer, written and (for the directory) kept in memory; false
// when the answer cannot be used (the state has been given up or failed).
bool take_answer(const State& s, const TransferResult& r, const std::vector<ByteRange>& asked, bool keep,
                 RangeAnswer& answer) {
  if (!r.accepts_byte_ranges) {
    read_whole(s, "the server answers ranges without Accept-Ranges: bytes");
    return false;
  }
  answer = read_range_answer(r, asked, s->wheel.size);
  if (!answer.error.empty()) {
    read_whole(s, "the server's ranged answer cannot be used: " + answer.error);
    return false;
  }
  for (const RangePart& part : answer.parts) {
    if (!write_part(s, part)) return false;
    if (keep) s->held[part.range.first] = std::string(part.bytes);
  }
  return true;
}

// Why a range request's failed answer ends the ranges, in words; the error itself for a fault
// a whole download would meet too.
std::string refusal(const TransferResult& r) {
  if (r.status == 416 || r.status == 501) return fmt::format("the server refused a range (HTTP {})", r.status);
  if (r.status == 200) return "the server answered a range with the whole file (HTTP 200)";
  return "";
}

void tail_answered(const State& s, TransferResult&& r) {
  s->result.requests += r.attempts;
  s->result.bytes_read += r.bytes;
  if (r.ok() && r.status == 200) {
    // The whole file, streamed to DEST and checked against the sha256 as any download.
    s->result.how = WheelRead::How::Whole;
    s->result.note = "the server answered a range with the whole file (HTTP 200)";
    return finish(s);
  }
  if (!r.ok()) {
    if (r.status == 416 || r.status == 501) return read_whole(s, refusal(r));
    return failed(s, r.error, r.disk_full);
  }
  const ByteRange tail{s->wheel.size - std::min(s->wheel.size, kWheelTailBytes), s->wheel.size - 1};
  RangeAnswer answer;
  if (!take_answer(s, r, {tail}, true, answer)) return;
  read_directory(s);
}

// The central directory from the bytes held; a range more when it lies before them.
void read_directory(const State& s) {
  std::optional<ByteRange> missing;
  const ZipDirectory dir = read_zip_directory(
      [&](uint64_t offset, size_t n, char* into) {
        auto it = s->held.upper_bound(offset);
        if (it != s->held.begin()) {
          --it;
          if (offset - it->first <= it->second.size() && n <= it->second.size() - (offset - it->first)) {
            std::memcpy(into, it->second.data() + (offset - it->first), n);
            return true;
          }
        }
        if (!missing && n > 0 && offset < s->wheel.size) missing = ByteRange{offset, std::min(offset + n, s->wheel.size) - 1};
        return false;
      },
      s->wheel.size);
  if (dir.error.empty()) {
    s->held.clear();
    return read_members(s, dir);
  }
  if (!missing || s->directory_requests >= kMaxDirectoryRequests)
    return read_whole(s, "the central directory cannot be read from the ranges: " + dir.error);
  s->directory_requests++;
  // What is missing, with the bytes up to what is held (the directory runs on into the tail).
  ByteRange want = *missing;
  if (!s->held.empty() && s->held.begin()->first > want.last) want.last = s->held.begin()->first - 1;
  ask(s, {want}, [](const State& s, TransferResult&& r, const std::vector<ByteRange>& asked) {
    if (!r.ok() || r.status != 206) {
      const std::string why = refusal(r);
      return read_whole(s, why.empty() ? "the central directory's range failed: " + r.error : why);
    }
    RangeAnswer answer;
    if (!take_answer(s, r, asked, true, answer)) return;
    // Pieces next to each other are joined, so a directory across two reads is one.
    for (auto it = s->held.begin(); it != s->held.end() && std::next(it) != s->held.end();) {
      auto next = std::next(it);
      if (it->first + it->second.size() >= next->first) {
        const uint64_t overlap = it->first + it->second.size() - next->first;
        if (overlap < next->second.size()) it->second += next->second.substr(overlap);
        s->held.erase(next);
      } else {
        it = next;
      }
    }
    read_directory(s);
  });
}

void read_members(const State& s, const ZipDirectory& dir) {
  s->reading_members = true;
  std::vector<ByteRange> spans, left_out_spans;
  std::vector<size_t> left_out;
  for (size_t k : members_to_read(dir, s->wheel.sdist_gave, left_out)) {
    const ZipSpan span = zip_member_span(dir, k);
    if (!span.error.empty())
      return read_whole(s, fmt::format("the central directory places {} where it cannot be: {}", dir.entries[k].name,
                                       span.error));
    if (span.end > span.begin) spans.push_back({span.begin, std::min(span.end, s->wheel.size) - 1});
  }
  for (size_t k : left_out) {
    const ZipSpan span = zip_member_span(dir, k);
    if (span.error.empty() && span.end > span.begin)
      left_out_spans.push_back({span.begin, std::min(span.end, s->wheel.size) - 1});
  }
  s->needed = coalesce(spans, 0);
  const std::vector<ByteRange> to_read = subtract(coalesce(spans, s->wheel.range_gap), s->written);
  s->result.members_left_out = left_out.size();
  std::vector<ByteRange> read_at_all = s->written;
  read_at_all.insert(read_at_all.end(), to_read.begin(), to_read.end());
  for (const ByteRange& r : subtract(coalesce(left_out_spans, 0), coalesce(read_at_all, 0)))
    s->result.bytes_left_out += r.last - r.first + 1;
  if (to_read.size() == 1 || s->multipart == std::optional<bool>(false)) {
    for (const ByteRange& r : to_read) s->queue.push_back({r});
  } else {
    for (size_t i = 0; i < to_read.size(); i += kMaxRangesPerRequest)
      s->queue.emplace_back(to_read.begin() + long(i), to_read.begin() + long(std::min(to_read.size(), i + kMaxRangesPerRequest)));
  }
  send_queued(s);
}

// Every member's bytes written: the part file goes into place.
void complete(const State& s) {
  if (!subtract(s->needed, s->written).empty())
    return read_whole(s, "the server's answers left some members' bytes unread");
  const std::string part_path = part_path_of(s->wheel.dest);
  const int fd = s->fd;
  s->fd = -1;
  if (fd < 0) {  // no member to read and nothing written (an empty wheel): the tail was
    return read_whole(s, "nothing was read");
  }
  if (::close(fd) != 0) {
    const int err = errno;
    return failed(s, fmt::format("cannot write {}: {}", part_path, std::strerror(err)), err == ENOSPC || err == EDQUOT);
  }
  std::error_code ec;
  std::filesystem::rename(part_path, s->wheel.dest, ec);
  if (ec) return failed(s, fmt::format("cannot rename {} to {}: {}", part_path, s->wheel.dest, ec.message()));
  s->result.how = WheelRead::How::Ranges;
  finish(s);
}

void member_answered(const State& s, TransferResult&& r, const std::vector<ByteRange>& asked) {
  if (!s->abandon.empty()) return;
  const bool several = asked.size() > 1;
  if (several && !s->multipart && (r.status == 200 || (r.ok() && r.status == 206 && r.content_type != "multipart/byteranges"))) {
    // Several ranges answered with the whole file, or with one part: this server reads one
    // range a request. What it answered is taken; the rest is asked again, a range at a time.
    s->multipart = false;
    std::vector<ByteRange> rest = asked;
    if (r.ok() && r.status == 206) {
      RangeAnswer answer;
      if (!take_answer(s, r, asked, false, answer)) return;
      rest = subtract(asked, s->written);
    }
    for (const ByteRange& b : rest) s->queue.push_back({b});
    return;
  }
  if (!r.ok() || r.status != 206) {
    const std::string why = refusal(r);
    s->abandon = why.empty() ? "a member's range failed: " + r.error : why;
    return;
  }
  RangeAnswer answer;
  if (!take_answer(s, r, asked, false, answer)) return;
  if (several) s->multipart = answer.multipart;
  if (!subtract(asked, s->written).empty()) s->abandon = "the server's answer left some asked ranges out";
}

void send_queued(const State& s) {
  if (s->finished || !s->reading_members) return;
  // Until the server has answered several ranges once, one request at a time: its answer
  // says how to ask for the rest.
  const bool learning = !s->multipart && !s->queue.empty() && s->queue.front().size() > 1;
  while (!s->queue.empty() && s->abandon.empty() && !(learning && s->in_flight)) {
    std::vector<ByteRange> ranges = std::move(s->queue.front());
    s->queue.pop_front();
    if (s->multipart == std::optional<bool>(false) && ranges.size() > 1) {
      for (const ByteRange& b : ranges) s->queue.push_back({b});
      continue;
    }
    ask(s, std::move(ranges), [](const State& s, TransferResult&& r, const std::vector<ByteRange>& asked) {
      member_answered(s, std::move(r), asked);
    });
    if (learning) break;
  }
  if (s->in_flight == 0 && !s->finished) {
    if (!s->abandon.empty()) return read_whole(s, s->abandon);
    if (s->queue.empty()) return complete(s);
  }
}

void ask(const State& s, std::vector<ByteRange> ranges,
         std::function<void(const State&, TransferResult&&, const std::vector<ByteRange>&)> then) {
  TransferRequest req;
  req.url = s->wheel.url;
  req.ranges = ranges;
  uint64_t asked = 0;
  for (const ByteRange& b : ranges) asked += b.length() + kPartOverheadBytes;
  req.max_partial_bytes = asked + 4096;
  s->in_flight++;
  s->transfers->add(std::move(req), [s, ranges = std::move(ranges), then = std::move(then)](TransferResult&& r) {
    s->in_flight--;
    s->result.requests += r.attempts;
    s->result.bytes_read += r.bytes;
    if (s->finished) return;
    then(s, std::move(r), ranges);
    send_queued(s);
  });
}

}  // namespace

bool is_pure_wheel_name(const std::string& filename) { return ascii_lower(filename).ends_with("-any.whl"); }

std::vector<size_t> members_to_read(const ZipDirectory& dir, const std::vector<SdistGave>& sdist_gave,
                                    std::vector<size_t>& left_out) {
  std::unordered_multimap<uint64_t, const std::string*> by_crc_and_size;
  for (const SdistGave& m : sdist_gave) by_crc_and_size.emplace((uint64_t(m.crc32) << 32) ^ m.size, &m.path);
  auto given = [&](const ZipDirectory::Entry& e) {
    const uint64_t key = (uint64_t(e.crc32) << 32) ^ e.size;
    for (auto [it, end] = by_crc_and_size.equal_range(key); it != end; ++it) {
      const std::string& path = *it->second;
      if (path == e.name || (path.size() > e.name.size() && path.ends_with(e.name) &&
                             path[path.size() - e.name.size() - 1] == '/'))
        return true;
    }
    return false;
  };
  std::vector<size_t> members;
  for (size_t k = 0; k < dir.entries.size(); k++) {
    const ZipDirectory::Entry& e = dir.entries[k];
    if (!e.regular || !is_python_name(e.name)) continue;
    // CRC-32 and size are compared as the directory declares them; the key mixes both, and a
    // key's match is checked on each value.
    if (!sdist_gave.empty() && given(e)) {
      left_out.push_back(k);
      continue;
    }
    members.push_back(k);
  }
  return members;
}

void read_wheel_ranges(Transfers& transfers, RangedWheel wheel, std::function<void(WheelRead&&)> done) {
  auto s = std::make_shared<WheelState>();
  s->wheel = std::move(wheel);
  s->done = std::move(done);
  s->transfers = &transfers;
  TransferRequest req;
  req.url = s->wheel.url;
  req.dest = s->wheel.dest;  // a 200 answer is the whole file, checked and put in place
  req.sha256 = s->wheel.sha256;
  req.expected_bytes = s->wheel.size;
  req.ranges = {{s->wheel.size - std::min(s->wheel.size, kWheelTailBytes), s->wheel.size - 1}};
  req.max_partial_bytes = kWheelTailBytes + 4096;
  transfers.add(std::move(req), [s](TransferResult&& r) { tail_answered(s, std::move(r)); });
}

}  // namespace pep765
