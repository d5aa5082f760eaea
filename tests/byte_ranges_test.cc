// Range answers as a hostile server may send them: each part must lie inside what was asked,
// name the declared size and be exactly as long as its Content-Range; multipart boundaries are
// checked. And the ranges asked: joined under the gap, less what is held.
#include <gtest/gtest.h>

#include "fetch/byte_ranges.h"

using namespace pep765;

namespace {

TransferResult single(const std::string& content_range, const std::string& body) {
  TransferResult r;
  r.status = 206;
  r.content_range = content_range;
  r.body = body;
  return r;
}

TransferResult multipart(const std::string& body, const std::string& boundary = "B0undary") {
  TransferResult r;
  r.status = 206;
  r.content_type = "multipart/byteranges";
  r.content_type_header = "multipart/byteranges; boundary=" + boundary;
  r.body = body;
  return r;
}

std::string part(uint64_t first, uint64_t last, uint64_t total, const std::string& bytes) {
  return "\r\n--B0undary\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes " + std::to_string(first) +
         "-" + std::to_string(last) + "/" + std::to_string(total) + "\r\n\r\n" + bytes;
}

const std::string kEnd = "\r\n--B0undary--\r\n";

}  // namespace

TEST(ContentRange, ReadsOnlyWellFormedRanges) {
  const auto c = parse_content_range("bytes 10-19/100");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->range, (ByteRange{10, 19}));
  EXPECT_EQ(c->total, 100u);
  for (const char* bad : {"bytes 10-19/*", "bytes 19-10/100", "bytes 10-100/100", "items 1-2/3", "bytes -5/100",
                          "bytes 1-2/99999999999999999999", "bytes 1-2"})
    EXPECT_FALSE(parse_content_range(bad)) << bad;
}

TEST(RangeAnswer, ASinglePartMustBeWhatWasAskedOfTheDeclaredSize) {
  const std::vector<ByteRange> asked = {{10, 19}};
  const RangeAnswer ok = read_range_answer(single("bytes 10-19/100", "0123456789"), asked, 100);
  ASSERT_EQ(ok.error, "");
  ASSERT_EQ(ok.parts.size(), 1u);
  EXPECT_EQ(ok.parts[0].bytes, "0123456789");
  EXPECT_NE(read_range_answer(single("bytes 10-19/101", "0123456789"), asked, 100).error.find("101 bytes"),
            std::string::npos);
  EXPECT_NE(read_range_answer(single("bytes 5-14/100", "0123456789"), asked, 100).error.find("outside"),
            std::string::npos);
  EXPECT_NE(read_range_answer(single("bytes 10-19/100", "012345678"), asked, 100).error.find("9 bytes"),
            std::string::npos);
  EXPECT_NE(read_range_answer(single("", "0123456789"), asked, 100).error, "");
}

TEST(RangeAnswer, MultipartPartsAreCheckedOneByOne) {
  const std::vector<ByteRange> asked = {{0, 3}, {10, 13}};
  const RangeAnswer ok = read_range_answer(multipart(part(0, 3, 50, "abcd") + part(10, 13, 50, "wxyz") + kEnd), asked, 50);
  ASSERT_EQ(ok.error, "");
  ASSERT_EQ(ok.parts.size(), 2u);
  EXPECT_TRUE(ok.multipart);
  EXPECT_EQ(ok.parts[1].range, (ByteRange{10, 13}));
  EXPECT_EQ(ok.parts[1].bytes, "wxyz");
  // A part longer than its Content-Range says, cut short, outside what was asked, of another
  // size, out of order; no closing boundary; another boundary than the header's.
  for (const std::string& bad :
       {part(0, 3, 50, "abcde") + part(10, 13, 50, "wxyz") + kEnd, part(0, 3, 50, "abcd") + part(10, 13, 50, "wx"),
        part(0, 3, 50, "abcd") + part(20, 23, 50, "wxyz") + kEnd, part(0, 3, 51, "abcd") + kEnd,
        part(10, 13, 50, "wxyz") + part(0, 3, 50, "abcd") + kEnd, part(0, 3, 50, "abcd")})
    EXPECT_NE(read_range_answer(multipart(bad), asked, 50).error, "") << bad;
  EXPECT_NE(read_range_answer(multipart(part(0, 3, 50, "abcd") + kEnd, "other"), asked, 50).error, "");
  EXPECT_NE(read_range_answer(multipart(part(0, 3, 50, "abcd") + kEnd, ""), asked, 50).error, "");
  // A part without its Content-Range, or with two.
  EXPECT_NE(read_range_answer(multipart("\r\n--B0undary\r\nContent-Type: x\r\n\r\nabcd" + kEnd), asked, 50).error, "");
  EXPECT_NE(read_range_answer(multipart("\r\n--B0undary\r\nContent-Range: bytes 0-3/50\r\nContent-Range: bytes 0-3/50"
                                        "\r\n\r\nabcd" + kEnd),
                              asked, 50).error,
            "");
}

TEST(Ranges, JoinedUnderTheGapLessWhatIsHeld) {
  EXPECT_EQ(coalesce({{50, 60}, {0, 9}, {12, 20}}, 2), (std::vector<ByteRange>{{0, 20}, {50, 60}}));
  EXPECT_EQ(coalesce({{0, 9}, {12, 20}}, 1), (std::vector<ByteRange>{{0, 9}, {12, 20}}));
  EXPECT_EQ(subtract({{0, 100}}, {{10, 19}, {50, 200}}), (std::vector<ByteRange>{{0, 9}, {20, 49}}));
  EXPECT_EQ(subtract({{0, 9}, {20, 29}}, {{0, 29}}), (std::vector<ByteRange>{}));
}
