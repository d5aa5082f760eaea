// A gzip stream inflated with ISA-L's igzip, which inflates about twice as fast as zlib. An
// sdist (.tar.gz) is read through it and handed to libarchive as a plain tar stream, so
// libarchive still reads the archive format (extract/sources.cc). Concatenated gzip members
// are read one after another, as gzip(1) and Python's gzip module read them; each member's
// CRC-32 and length are checked; bytes after the last member that do not start another one
// are ignored, as gzip(1) ignores trailing garbage.
#pragma once
#include <isa-l/igzip_lib.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pep765 {

// What an igzip inflate error (a negative isal_inflate return) means, in words.
const char* isal_inflate_problem(int rc);

class GzipStream {
 public:
  // `read_more(into, n)`: up to n more compressed bytes; 0 at the end; -1 on a read error.
  using Source = std::function<int64_t(uint8_t* into, size_t n)>;
  explicit GzipStream(Source source);
  // The next inflated bytes (valid until the next call); empty at the end or on an error.
  std::string_view next();
  const std::string& error() const { return error_; }

  // Whether `bytes` start like a gzip stream (its magic number).
  static bool looks_like_gzip(std::string_view bytes) {
    return bytes.size() >= 2 && uint8_t(bytes[0]) == 0x1f && uint8_t(bytes[1]) == 0x8b;
  }

 private:
  bool refill();
  void start_member();

  Source source_;
  std::unique_ptr<inflate_state> state_;
  std::unique_ptr<uint8_t[]> in_, out_;
  bool input_done_ = false, finished_ = false, member_started_ = false;
  std::string error_;
};

}  // namespace pep765
