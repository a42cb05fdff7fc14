// RFC 6455 §5.5.1 (Close body), §7.1.5 (1005 for an empty body), §7.4 (status codes), §8.1
// (the reason is UTF-8).
#include "models/websocket/close_status.h"

#include "models/websocket/utf8.h"

namespace netsim::websocket {

bool is_valid_close_code(std::uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code != 1004 && code != kNoStatusReceived &&
         code != kAbnormalClosure;
}

std::string close_payload(std::optional<std::uint16_t> code, std::string_view reason) {
  std::string body;
  if (!code) return body;
  body += static_cast<char>(*code >> 8);
  body += static_cast<char>(*code & 0xFF);
  body += reason;
  return body;
}

std::variant<CloseBody, ProtocolError> parse_close_payload(std::string_view payload) {
  if (payload.empty()) return CloseBody{};
  if (payload.size() == 1) return ProtocolError{kProtocolError, "close body of 1 byte"};
  const auto code = static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                               static_cast<std::uint8_t>(payload[1]));
  if (!is_valid_close_code(code)) return ProtocolError{kProtocolError, "invalid close code"};
  const std::string_view reason = payload.substr(2);
  if (!is_valid_utf8(reason)) {
    return ProtocolError{kInvalidPayloadData, "close reason is not UTF-8"};
  }
  return CloseBody{code, std::string(reason)};
}

}  // namespace netsim::websocket
