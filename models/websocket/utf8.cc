// RFC 3629 §4: the UTF-8 byte-sequence grammar, which excludes overlong forms, the surrogates
// U+D800-U+DFFF and code points above U+10FFFF.
#include "models/websocket/utf8.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace netsim::websocket {

namespace {

// Whether the 8 bytes at `p` are all ASCII (their high bits clear).
bool all_ascii8(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return (word & 0x8080808080808080ULL) == 0;
}

// The index of the first byte at or after `i` that is not ASCII (or the end): 16 bytes per
// step with SSE2 (part of x86-64), then 8 at a time, then byte by byte.
std::size_t skip_ascii(std::string_view bytes, std::size_t i) {
#if defined(__SSE2__)
  while (i + 16 <= bytes.size()) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes.data() + i));
    const int high_bits = _mm_movemask_epi8(v);
    if (high_bits != 0) return i + static_cast<std::size_t>(__builtin_ctz(high_bits));
    i += 16;
  }
#endif
  while (i + 8 <= bytes.size() && all_ascii8(bytes.data() + i)) i += 8;
  while (i < bytes.size() && static_cast<std::uint8_t>(bytes[i]) <= 0x7F) ++i;
  return i;
}

}  // namespace

bool Utf8Validator::feed(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (!valid_) return false;
    // Outside a sequence, the run of ASCII bytes (UTF8-1 each) at once: most text is ASCII.
    if (remaining_ == 0) {
      i = skip_ascii(bytes, i);
      if (i == bytes.size()) break;
    }
    const char c = bytes[i++];
    const auto b = static_cast<std::uint8_t>(c);
    if (remaining_ > 0) {
      // UTF8-tail = %x80-BF, narrowed for the first tail of E0, ED, F0, F4 sequences.
      if (b < lower_ || b > upper_) {
        valid_ = false;
        break;
      }
      --remaining_;
      lower_ = 0x80;
      upper_ = 0xBF;
      continue;
    }
    if (b <= 0x7F) continue;  // UTF8-1
    if (b >= 0xC2 && b <= 0xDF) {
      remaining_ = 1;  // UTF8-2 = %xC2-DF UTF8-tail
    } else if (b >= 0xE0 && b <= 0xEF) {
      // UTF8-3 = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) / %xED %x80-9F UTF8-tail /
      //          %xEE-EF 2( UTF8-tail )
      remaining_ = 2;
      if (b == 0xE0) lower_ = 0xA0;
      if (b == 0xED) upper_ = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      // UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) /
      //          %xF4 %x80-8F 2( UTF8-tail )
      remaining_ = 3;
      if (b == 0xF0) lower_ = 0x90;
      if (b == 0xF4) upper_ = 0x8F;
    } else {
      valid_ = false;  // a stray tail byte, C0-C1 (overlong) or F5-FF
    }
  }
  return valid_;
}

bool is_valid_utf8(std::string_view bytes) {
  Utf8Validator validator;
  validator.feed(bytes);
  return validator.complete();
}

}  // namespace netsim::websocket
