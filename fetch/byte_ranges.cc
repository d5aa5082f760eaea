#include "fetch/byte_ranges.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/ascii.h"
#include "common/printable.h"

namespace pep765 {

namespace {

std::optional<uint64_t> digits(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + uint64_t(c - '0');
  }
  return v;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The boundary parameter of a multipart Content-Type (quoted or not); "" when none or invalid
// (RFC 2046: 1 to 70 characters).
std::string boundary_of(std::string_view content_type) {
  for (size_t at = content_type.find(';'); at != std::string_view::npos; at = content_type.find(';', at + 1)) {
    std::string_view param = trimmed(content_type.substr(at + 1));
    param = param.substr(0, param.find(';'));
    if (param.size() < 9 || ascii_lower(std::string(param.substr(0, 9))) != "boundary=") continue;
    std::string_view value = trimmed(param.substr(9));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (value.empty() || value.size() > 70) return "";
    return std::string(value);
  }
  return "";
}

// Checks one part's range against what was asked and the file's size.
std::string part_problem(const ContentRange& c, const std::vector<ByteRange>& asked, uint64_t file_size,
                         uint64_t after) {
  if (c.total != file_size)
    return fmt::format("a part names a file of {} bytes, the index declared {}", c.total, file_size);
  if (c.range.first < asked.front().first || c.range.last > asked.back().last)
    return fmt::format("a part holds bytes {}-{}, outside the {}-{} asked for", c.range.first, c.range.last,
                       asked.front().first, asked.back().last);
  if (c.range.first < after) return "the parts overlap or are out of order";
  return "";
}

constexpr size_t kMaxPartHeaderBytes = 8192;

}  // namespace

std::optional<ContentRange> parse_content_range(std::string_view value) {
  value = trimmed(value);
  if (value.size() < 6 || ascii_lower(std::string(value.substr(0, 6))) != "bytes ") return std::nullopt;
  value.remove_prefix(6);
  const size_t dash = value.find('-'), slash = value.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || dash > slash) return std::nullopt;
  const auto first = digits(value.substr(0, dash)), last = digits(value.substr(dash + 1, slash - dash - 1)),
             total = digits(value.substr(slash + 1));
  if (!first || !last || !total || *first > *last || *last >= *total) return std::nullopt;
  return ContentRange{{*first, *last}, *total};
}

RangeAnswer read_range_answer(const TransferResult& r, const std::vector<ByteRange>& asked, uint64_t file_size) {
  RangeAnswer answer;
  auto fail = [&](std::string why) {
    answer.parts.clear();
    answer.error = std::move(why);
    return answer;
  };
  if (asked.empty()) return fail("no range was asked for");
  const std::string_view body = r.body;
  if (r.content_type != "multipart/byteranges") {
    const std::optional<ContentRange> c = parse_content_range(r.content_range);
    if (!c) return fail(fmt::format("the answer's Content-Range '{}' is no byte range of a known size",
                                    printable(r.content_range.substr(0, 80))));
    if (std::string why = part_problem(*c, asked, file_size, 0); !why.empty()) return fail(why);
    if (body.size() != c->range.length())
      return fail(fmt::format("the answer holds {} bytes, its Content-Range {}", body.size(), c->range.length()));
    answer.parts.push_back({c->range, body});
    return answer;
  }
  answer.multipart = true;
  const std::string boundary = boundary_of(r.content_type_header);
  if (boundary.empty()) return fail("a multipart/byteranges answer without a usable boundary");
  const std::string delimiter = "--" + boundary;
  // A preamble may come before the first delimiter (RFC 2046); each delimiter starts a line.
  size_t at = 0;
  if (body.rfind(delimiter, 0) != 0) {
    at = body.find("\r\n" + delimiter);
    if (at == std::string_view::npos) return fail("a multipart/byteranges answer without its first boundary");
    at += 2;
  }
  uint64_t after = 0;
  for (;;) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") break;  // the closing delimiter (an epilogue may follow)
    // Transport padding (spaces and tabs) may follow a delimiter, then the line ends.
    while (at < body.size() && (body[at] == ' ' || body[at] == '\t')) at++;
    if (body.substr(at, 2) != "\r\n") return fail("a multipart/byteranges boundary line is malformed");
    at += 2;
    const size_t headers_end = body.find("\r\n\r\n", at - 2);
    if (headers_end == std::string_view::npos || headers_end < at) return fail("a multipart/byteranges part without headers");
    if (headers_end - at > kMaxPartHeaderBytes)
      return fail("a multipart/byteranges part's headers do not end");
    std::optional<ContentRange> c;
    int ranges_named = 0;
    for (size_t line = at; line < headers_end + 2;) {
      const size_t end = body.find("\r\n", line);
      const std::string_view h = body.substr(line, end - line);
      const size_t colon = h.find(':');
      if (colon != std::string_view::npos && ascii_lower(std::string(trimmed(h.substr(0, colon)))) == "content-range") {
        c = parse_content_range(h.substr(colon + 1));
        ranges_named++;
      }
      line = end + 2;
    }
    if (ranges_named != 1 || !c) return fail("a multipart/byteranges part without one valid Content-Range");
    if (std::string why = part_problem(*c, asked, file_size, after); !why.empty()) return fail(why);
    at = headers_end + 4;
    if (c->range.length() > body.size() - at) return fail("a multipart/byteranges part is cut short");
    answer.parts.push_back({c->range, body.substr(at, c->range.length())});
    after = c->range.last + 1;
    at += c->range.length();
    if (body.substr(at, 2 + delimiter.size()) != "\r\n" + delimiter)
      return fail("a multipart/byteranges part is longer than its Content-Range");
    at += 2;
  }
  if (answer.parts.empty()) return fail("a multipart/byteranges answer without parts");
  return answer;
}

std::vector<ByteRange> coalesce(std::vector<ByteRange> spans, uint64_t gap) {
  std::sort(spans.begin(), spans.end(), [](const ByteRange& a, const ByteRange& b) { return a.first < b.first; });
  std::vector<ByteRange> out;
  for (const ByteRange& s : spans) {
    if (!out.empty() && s.first <= out.back().last + 1 + gap) out.back().last = std::max(out.back().last, s.last);
    else out.push_back(s);
  }
  return out;
}

std::vector<ByteRange> subtract(const std::vector<ByteRange>& wanted, const std::vector<ByteRange>& held) {
  std::vector<ByteRange> out;
  for (ByteRange w : wanted) {
    bool gone = false;
    for (const ByteRange& h : held) {
      if (h.last < w.first || h.first > w.last) continue;
      if (h.first > w.first) out.push_back({w.first, h.first - 1});
      if (h.last >= w.last) {
        gone = true;
        break;
      }
      w.first = h.last + 1;
    }
    if (!gone) out.push_back(w);
  }
  return out;
}

}  // namespace pep765
