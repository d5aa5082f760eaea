#include "extract/gzip_stream.h"

#include <fmt/format.h>

namespace pep765 {

const char* isal_inflate_problem(int rc) {
  switch (rc) {
    case ISAL_INVALID_BLOCK: return "invalid deflate block";
    case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK: return "invalid back-reference distance";
    case ISAL_INVALID_WRAPPER: return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM: return "CRC-32 or length mismatch: corrupt data";
    case ISAL_NEED_DICT: return "needs a preset dictionary";
    default: return "corrupt data";
  }
}

namespace {

constexpr size_t kInput = 1 << 18, kOutput = 1 << 18;

}  // namespace

GzipStream::GzipStream(Source source)
    // Not zeroed: isal_inflate_init sets what the state needs, and the buffers are written
    // before they are read (zeroing them cost a memset of half a megabyte per archive).
    : source_(std::move(source)),
      state_(new inflate_state),
      in_(new uint8_t[kInput]),
      out_(new uint8_t[kOutput]) {
  start_member();
}

void GzipStream::start_member() {
  // isal_inflate_init resets the whole state; the input still to read is kept.
  const uint8_t* next_in = state_->next_in;
  const uint32_t avail_in = state_->avail_in;
  const bool first = !member_started_;
  isal_inflate_init(state_.get());
  state_->crc_flag = ISAL_GZIP;
  if (!first) {
    state_->next_in = const_cast<uint8_t*>(next_in);
    state_->avail_in = avail_in;
  }
  member_started_ = true;
}

bool GzipStream::refill() {
  if (state_->avail_in > 0 || input_done_) return state_->avail_in > 0;
  const int64_t got = source_(in_.get(), kInput);
  if (got < 0) {
    error_ = "gzip: the archive cannot be read";
    return false;
  }
  if (got == 0) {
    input_done_ = true;
    return false;
  }
  state_->next_in = in_.get();
  state_->avail_in = uint32_t(got);
  return true;
}

std::string_view GzipStream::next() {
  if (finished_ || !error_.empty()) return {};
  for (;;) {
    const bool more = refill();
    if (!error_.empty()) return {};
    if (state_->block_state == ISAL_BLOCK_FINISH) {
      // A member ended; another may follow (concatenated gzip), else the stream is done.
      if (!more) {
        finished_ = true;
        return {};
      }
      if (state_->avail_in >= 2 && !(state_->next_in[0] == 0x1f && state_->next_in[1] == 0x8b)) {
        finished_ = true;  // trailing bytes that start no member: ignored, as gzip(1) does
        return {};
      }
      if (state_->avail_in < 2 && state_->next_in[0] != 0x1f) {
        finished_ = true;
        return {};
      }
      start_member();
    }
    state_->next_out = out_.get();
    state_->avail_out = uint32_t(kOutput);
    const int rc = isal_inflate(state_.get());
    if (rc < 0) {
      error_ = fmt::format("gzip: {}", isal_inflate_problem(rc));
      return {};
    }
    const size_t produced = kOutput - state_->avail_out;
    if (produced > 0) return std::string_view(reinterpret_cast<const char*>(out_.get()), produced);
    if (state_->block_state != ISAL_BLOCK_FINISH && state_->avail_in == 0 && input_done_) {
      error_ = "gzip: truncated (the compressed stream ends early)";
      return {};
    }
  }
}

}  // namespace pep765
