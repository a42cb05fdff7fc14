// UTF-8 validation (RFC 3629 §4) for text messages and close reasons (RFC 6455 §5.6, §8.1).
// Streaming, so a fragmented message can fail as soon as a fragment goes wrong: a sequence may
// straddle fragments.
#pragma once

#include <cstdint>
#include <string_view>

namespace netsim::websocket {

class Utf8Validator {
 public:
  // Checks more bytes; false once the input so far cannot be the prefix of valid UTF-8.
  bool feed(std::string_view bytes);

  // No invalid byte so far (the input may end inside a sequence).
  bool valid() const { return valid_; }

  // Valid and not inside a multi-byte sequence: the input so far is complete UTF-8.
  bool complete() const { return valid_ && remaining_ == 0; }

 private:
  bool valid_ = true;
  std::uint8_t remaining_ = 0;  // continuation bytes still expected
  std::uint8_t lower_ = 0x80;   // range allowed for the next continuation byte
  std::uint8_t upper_ = 0xBF;
};

// The whole of `bytes` is well-formed UTF-8.
bool is_valid_utf8(std::string_view bytes);

}  // namespace netsim::websocket
