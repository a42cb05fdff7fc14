// Close frame bodies and status codes (RFC 6455 §5.5.1, §7.4). A Close body is empty, or a
// 2-byte status code in network order followed by a UTF-8 reason; the whole body fits a control
// frame, so the reason is at most 123 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "models/websocket/frame.h"

namespace netsim::websocket {

// §7.4.1 and the IANA "WebSocket Close Code Number Registry" (§11.7).
inline constexpr std::uint16_t kNormalClosure = 1000;
inline constexpr std::uint16_t kGoingAway = 1001;
inline constexpr std::uint16_t kProtocolError = 1002;
inline constexpr std::uint16_t kUnsupportedData = 1003;
inline constexpr std::uint16_t kNoStatusReceived = 1005;  // never on the wire
inline constexpr std::uint16_t kAbnormalClosure = 1006;   // never on the wire
inline constexpr std::uint16_t kInvalidPayloadData = 1007;
inline constexpr std::uint16_t kPolicyViolation = 1008;
inline constexpr std::uint16_t kMessageTooBig = 1009;
inline constexpr std::uint16_t kMandatoryExtension = 1010;
inline constexpr std::uint16_t kInternalError = 1011;
inline constexpr std::uint16_t kTlsHandshake = 1015;  // never on the wire

// §5.5.1: the 2-byte code leaves 123 bytes of the 125 for the reason.
inline constexpr std::size_t kMaxCloseReason = kMaxControlPayload - 2;

// May this code appear in a Close frame? §7.4.1 and §7.4.2: 1000-1003, 1007-1011 and the later
// IANA registrations 1012-1014, and 3000-4999 for libraries and applications. Not 0-999, not
// 1004 (reserved), 1005, 1006, 1015 (never sent), 1016-2999 (unassigned), not 5000 and up.
bool is_valid_close_code(std::uint16_t code);

// A Close body: no code gives an empty body, which the peer reports as 1005.
std::string close_payload(std::optional<std::uint16_t> code, std::string_view reason = {});

// A received Close body. An empty body means code 1005 (§7.1.5).
struct CloseBody {
  std::uint16_t code = kNoStatusReceived;
  std::string reason;
  bool operator==(const CloseBody&) const = default;
};

// Decodes a Close body, or the error to fail the connection with: a 1-byte body or a code that
// may not be sent → 1002; a reason that is not UTF-8 → 1007 (§8.1).
std::variant<CloseBody, ProtocolError> parse_close_payload(std::string_view payload);

}  // namespace netsim::websocket
