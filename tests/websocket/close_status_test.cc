// Close bodies and status codes (RFC 6455 §5.5.1, §7.1.5, §7.4).
#include "models/websocket/close_status.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/websocket/bytes.h"

namespace netsim::websocket {
namespace {

using testing::from_hex;
using testing::to_hex;

TEST(CloseStatus, rfc6455_7_4_codes_that_may_be_sent) {
  for (const std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013,
                                   1014, 3000, 3999, 4000, 4999}) {
    EXPECT_TRUE(is_valid_close_code(code)) << code;
  }
}

TEST(CloseStatus, rfc6455_7_4_codes_that_may_not_be_sent) {
  for (const std::uint16_t code :
       {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    EXPECT_FALSE(is_valid_close_code(code)) << code;
  }
}

TEST(CloseStatus, rfc6455_5_5_1_body_is_code_in_network_order_then_reason) {
  EXPECT_EQ(to_hex(close_payload(kNormalClosure)), "03 e8");
  EXPECT_EQ(to_hex(close_payload(kGoingAway, "bye")), "03 e9 62 79 65");
  EXPECT_EQ(to_hex(close_payload(4999)), "13 87");
  EXPECT_EQ(close_payload(std::nullopt), "");
}

TEST(CloseStatus, rfc6455_7_1_5_empty_body_means_1005) {
  const auto parsed = parse_close_payload("");
  ASSERT_TRUE(std::holds_alternative<CloseBody>(parsed));
  EXPECT_EQ(std::get<CloseBody>(parsed), (CloseBody{kNoStatusReceived, ""}));
}

TEST(CloseStatus, body_round_trips) {
  const std::string reason(kMaxCloseReason, 'r');
  const auto parsed = parse_close_payload(close_payload(3000, reason));
  ASSERT_TRUE(std::holds_alternative<CloseBody>(parsed));
  EXPECT_EQ(std::get<CloseBody>(parsed), (CloseBody{3000, reason}));
}

TEST(CloseStatus, one_byte_body_fails_with_1002) {
  const auto parsed = parse_close_payload(from_hex("03"));
  ASSERT_TRUE(std::holds_alternative<ProtocolError>(parsed));
  EXPECT_EQ(std::get<ProtocolError>(parsed).close_code, kProtocolError);
}

TEST(CloseStatus, codes_never_sent_fail_with_1002) {
  for (const std::uint16_t code : {999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
    const auto parsed = parse_close_payload(close_payload(code));
    ASSERT_TRUE(std::holds_alternative<ProtocolError>(parsed)) << code;
    EXPECT_EQ(std::get<ProtocolError>(parsed).close_code, kProtocolError) << code;
  }
}

TEST(CloseStatus, rfc6455_8_1_reason_not_utf8_fails_with_1007) {
  const auto parsed = parse_close_payload(close_payload(kNormalClosure, "\xff"));
  ASSERT_TRUE(std::holds_alternative<ProtocolError>(parsed));
  EXPECT_EQ(std::get<ProtocolError>(parsed).close_code, kInvalidPayloadData);
}

}  // namespace
}  // namespace netsim::websocket
