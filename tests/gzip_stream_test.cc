// igzip inflation of sdists (extract/gzip_stream.h): whole streams, concatenated members,
// and every way a hostile or damaged file can end it.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "extract/gzip_stream.h"

using namespace pep765;

namespace {

std::string gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);  // 31: a gzip wrapper
  std::string out(deflateBound(&z, uLong(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = uInt(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Inflates `bytes`, handed over `chunk` bytes at a time; the error, if any, in `error`.
std::string inflate_all(const std::string& bytes, std::string& error, size_t chunk = 7) {
  size_t at = 0;
  GzipStream s([&](uint8_t* into, size_t n) -> int64_t {
    const size_t take = std::min({n, chunk, bytes.size() - at});
    std::memcpy(into, bytes.data() + at, take);
    at += take;
    return int64_t(take);
  });
  std::string out;
  for (std::string_view piece; !(piece = s.next()).empty();) out += piece;
  error = s.error();
  return out;
}

std::string text(size_t n) {
  std::string t;
  for (size_t i = 0; t.size() < n; i++) t += "line " + std::to_string(i * 7919 % 1000) + "\n";
  return t.substr(0, n);
}

}  // namespace

TEST(GzipStream, InflatesWholeStreamsInAnyChunking) {
  const std::string data = text(3 << 20);
  std::string error;
  EXPECT_EQ(inflate_all(gzip(data), error, 1 << 16), data);
  EXPECT_EQ(error, "");
  EXPECT_EQ(inflate_all(gzip("x = 1\n"), error, 1), "x = 1\n");
  EXPECT_EQ(error, "");
  EXPECT_EQ(inflate_all(gzip(""), error), "");
  EXPECT_EQ(error, "");
}

TEST(GzipStream, ConcatenatedMembersAndTrailingBytes) {
  std::string error;
  EXPECT_EQ(inflate_all(gzip("first\n") + gzip("second\n"), error), "first\nsecond\n");
  EXPECT_EQ(error, "");
  // Bytes after the last member that start no other one are ignored, as gzip(1) ignores them.
  EXPECT_EQ(inflate_all(gzip("only\n") + std::string(512, '\0'), error), "only\n");
  EXPECT_EQ(error, "");
}

TEST(GzipStream, DamageIsAnErrorNamingIt) {
  const std::string good = gzip(text(100000));
  std::string error;
  inflate_all(good.substr(0, good.size() / 2), error);
  EXPECT_EQ(error, "gzip: truncated (the compressed stream ends early)");
  std::string bad_crc = good;
  bad_crc[bad_crc.size() - 6] ^= 0x55;  // inside the CRC-32 of the trailer
  inflate_all(bad_crc, error);
  EXPECT_EQ(error, "gzip: CRC-32 or length mismatch: corrupt data");
  std::string bad_block = good;
  for (size_t i = 20; i < 60; i++) bad_block[i] = char(0xff);
  inflate_all(bad_block, error);
  EXPECT_NE(error, "");
  EXPECT_EQ(error.rfind("gzip: ", 0), 0u) << error;
  std::string bad_header = good;
  bad_header[2] = 7;  // compression method 7 is not deflate
  inflate_all(bad_header, error);
  EXPECT_NE(error, "");
}
