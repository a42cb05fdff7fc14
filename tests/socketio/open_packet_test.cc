// The Engine.IO open packet (EIO-SPEC "Handshake"; PROTOCOLS.md §7.2).
#include "models/engineio/open_packet.h"

#include <gtest/gtest.h>

#include "models/engineio/packet.h"

namespace netsim::engineio {
namespace {

constexpr std::string_view kSpecExample =
    R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,)"
    R"("pingTimeout":20000,"maxPayload":1000000})";

Handshake spec_handshake() { return Handshake{"lv_VI97HAXpY6yYWAAAC", {"websocket"}}; }

TEST(EioSpecHandshake, ExampleIs118BytesWithTheType) {
  const std::string json = encode_handshake(spec_handshake());
  EXPECT_EQ(json, kSpecExample);
  EXPECT_EQ(encode_ws(Packet{PacketType::Open, json}).size(), 118u);
}

TEST(EioSpecHandshake, WebSocketOnlySessionAdvertisesNoUpgradesIn107Bytes) {
  Handshake handshake = spec_handshake();
  handshake.upgrades.clear();
  const std::string json = encode_handshake(handshake);
  EXPECT_NE(json.find(R"("upgrades":[],)"), std::string::npos);
  EXPECT_EQ(1 + json.size(), 107u);
}

TEST(EioHandshake, DefaultsAreTheServers) {
  const Handshake handshake;
  EXPECT_EQ(handshake.ping_interval_ms, 25000);
  EXPECT_EQ(handshake.ping_timeout_ms, 20000);
  EXPECT_EQ(handshake.max_payload, 1000000);
}

TEST(EioHandshake, ParsesTheSpecExample) {
  EXPECT_EQ(parse_handshake(kSpecExample), spec_handshake());
}

TEST(EioHandshake, ParsesAnyKeyOrderAndWhitespace) {
  const auto parsed = parse_handshake(
      R"( { "maxPayload" : 1e6 , "pingTimeout":200, "pingInterval":300.0,
            "upgrades":[ "websocket" , "webtransport" ], "sid":"a\/b" } )");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, (Handshake{"a/b", {"websocket", "webtransport"}, 300, 200, 1000000}));
}

TEST(EioHandshake, RejectsMalformedOpenPackets) {
  EXPECT_EQ(parse_handshake(""), std::nullopt);
  EXPECT_EQ(parse_handshake("[]"), std::nullopt);
  EXPECT_EQ(parse_handshake(R"({"sid":"a","upgrades":[]})"), std::nullopt);  // fields missing
  EXPECT_EQ(
      parse_handshake(R"({"sid":1,"upgrades":[],"pingInterval":1,"pingTimeout":1,"maxPayload":1})"),
      std::nullopt);
  EXPECT_EQ(parse_handshake(
                R"({"sid":"a","upgrades":[1],"pingInterval":1,"pingTimeout":1,"maxPayload":1})"),
            std::nullopt);
  EXPECT_EQ(parse_handshake(
                R"({"sid":"a","upgrades":[],"pingInterval":1.5,"pingTimeout":1,"maxPayload":1})"),
            std::nullopt);
  EXPECT_EQ(parse_handshake(
                R"({"sid":"a","upgrades":[],"pingInterval":1,"pingTimeout":1,"maxPayload":1)"),
            std::nullopt);  // unterminated
}

TEST(EioHandshake, RoundTrips) {
  const Handshake handshake{
      "AAAAAAAAAAAAAAAAAAAA", {"websocket", "webtransport"}, 300, 200, 100000000};
  EXPECT_EQ(parse_handshake(encode_handshake(handshake)), handshake);
}

}  // namespace
}  // namespace netsim::engineio
