// Socket.IO packets (SIO-SPEC "Packet encoding"; PROTOCOLS.md §8.2 and §10.2). Wire sizes
// include the Engine.IO message type "4" that carries every Socket.IO packet.
#include <gtest/gtest.h>

#include <string>

#include "models/socketio/packet.h"

namespace netsim::socketio {
namespace {

// What goes in a WebSocket text frame: the Engine.IO message type, then the packet.
std::string on_the_wire(const Packet& packet) { return "4" + encode(packet); }

Packet make(PacketType type, std::string data = {}, std::string nsp = "/",
            std::optional<std::uint64_t> id = std::nullopt, int attachments = 0) {
  return Packet{type, std::move(nsp), id, std::move(data), attachments};
}

// Encodes, checks the wire text, and checks that decoding gives the packet back.
void expect_round_trip(const Packet& packet, std::string_view wire) {
  EXPECT_EQ(on_the_wire(packet), wire);
  EXPECT_EQ(decode(wire.substr(1)), packet) << wire;
}

// --- SIO-SPEC examples (PROTOCOLS.md §8.2 table) ------------------------------------------------

TEST(SioSpec, ClientConnect40) {
  expect_round_trip(make(PacketType::Connect), "40");
  EXPECT_EQ(on_the_wire(make(PacketType::Connect)).size(), 2u);
}

TEST(SioSpec, ServerConnectAckIs32Bytes) {
  const Packet ack = make(PacketType::Connect, server_connect_payload("wZX3oN0bSVIhsaknAAAI"));
  expect_round_trip(ack, R"(40{"sid":"wZX3oN0bSVIhsaknAAAI"})");
  EXPECT_EQ(on_the_wire(ack).size(), 32u);
}

TEST(SioSpec, ConnectAdmin) {
  expect_round_trip(make(PacketType::Connect, {}, "/admin"), "40/admin,");
  expect_round_trip(make(PacketType::Connect, R"({"sid":"wZX3oN0bSVIhsaknAAAI"})", "/admin"),
                    R"(40/admin,{"sid":"wZX3oN0bSVIhsaknAAAI"})");
}

TEST(SioSpec, ConnectErrorNotAuthorized) {
  expect_round_trip(make(PacketType::ConnectError, connect_error_payload("Not authorized")),
                    R"(44{"message":"Not authorized"})");
}

TEST(SioSpec, EmitChatHiIs15Bytes) {
  const Packet event = make(PacketType::Event, event_payload("chat", {R"("hi")"}));
  expect_round_trip(event, R"(42["chat","hi"])");
  EXPECT_EQ(on_the_wire(event).size(), 15u);
}

TEST(SioSpec, EmitHelloWorldIs19Bytes) {
  const Packet event = make(PacketType::Event, event_payload("hello", {R"("world")"}));
  EXPECT_EQ(on_the_wire(event), R"(42["hello","world"])");
  EXPECT_EQ(on_the_wire(event).size(), 19u);
}

TEST(SioSpec, EventWithAckId12) {
  expect_round_trip(make(PacketType::Event, R"(["foo"])", "/", 12), R"(4212["foo"])");
}

TEST(SioSpec, AckId13InAdmin) {
  expect_round_trip(make(PacketType::Ack, R"(["bar"])", "/admin", 13), R"(43/admin,13["bar"])");
}

TEST(SioSpec, BinaryEventWithOnePlaceholder) {
  expect_round_trip(make(PacketType::BinaryEvent, R"(["baz",{"_placeholder":true,"num":0}])", "/",
                         std::nullopt, 1),
                    R"(451-["baz",{"_placeholder":true,"num":0}])");
}

TEST(SioSpec, BinaryAckId15WithOnePlaceholder) {
  expect_round_trip(
      make(PacketType::BinaryAck, R"(["bar",{"_placeholder":true,"num":0}])", "/", 15, 1),
      R"(461-15["bar",{"_placeholder":true,"num":0}])");
}

TEST(SioSpec, Disconnect41And41Admin) {
  expect_round_trip(make(PacketType::Disconnect), "41");
  expect_round_trip(make(PacketType::Disconnect, {}, "/admin"), "41/admin,");
}

// --- Connection state recovery (PROTOCOLS.md §10.2) --------------------------------------------

TEST(SioRecovery, ConnectAckWithPidIs61Bytes) {
  const Packet ack = make(PacketType::Connect,
                          server_connect_payload("GNpWD7LbGCBNCr8GAAAB", "YHcX2sdAF1z452-HAAAW"));
  expect_round_trip(ack, R"(40{"sid":"GNpWD7LbGCBNCr8GAAAB","pid":"YHcX2sdAF1z452-HAAAW"})");
  EXPECT_EQ(on_the_wire(ack).size(), 61u);
}

TEST(SioRecovery, ClientConnectWithPidAndOffsetIs51Bytes) {
  const Packet connect =
      make(PacketType::Connect, client_connect_payload("YHcX2sdAF1z452-HAAAW", "MzUPkW0"));
  expect_round_trip(connect, R"(40{"pid":"YHcX2sdAF1z452-HAAAW","offset":"MzUPkW0"})");
  EXPECT_EQ(on_the_wire(connect).size(), 51u);
}

TEST(SioRecovery, ClientWithoutOffsetDropsTheKeyAndWithoutPidSendsNothing) {
  EXPECT_EQ(client_connect_payload("YHcX2sdAF1z452-HAAAW", std::nullopt),
            R"({"pid":"YHcX2sdAF1z452-HAAAW"})");
  EXPECT_EQ(client_connect_payload(std::nullopt, "MzUPkW0"), "");
  EXPECT_EQ(client_connect_payload("", std::nullopt), "");  // "" is falsy
}

TEST(SioRecovery, OffsetIsAppendedAsTheLastArgumentAddingTenBytes) {
  const std::string data = event_payload("foo", {});
  const std::optional<std::string> with_offset = append_offset(data, "MzUPkW0");
  EXPECT_EQ(with_offset, R"(["foo","MzUPkW0"])");
  EXPECT_EQ(with_offset->size() - data.size(), 10u);
  EXPECT_EQ(append_offset("[]", "x"), R"(["x"])");
  EXPECT_EQ(append_offset(R"( [ "a" , 1 ] )", "x"), R"(["a",1,"x"])");
  EXPECT_EQ(append_offset("{}", "x"), std::nullopt);
  // The receiver sees the offset as an extra trailing argument.
  const auto event = parse_event_payload(*with_offset);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->args, std::vector<std::string>{R"("MzUPkW0")"});
}

// --- Rejected packets: one rule each -----------------------------------------------------------

TEST(SioDecodeRejects, UnknownType) {
  for (const char* bad : {"7", "9", "x", "-", "/admin,"})
    EXPECT_EQ(decode(bad), std::nullopt) << bad;
}

TEST(SioDecodeRejects, ConnectPayloadMustBeAnObject) {
  for (const char* bad : {"0[]", "0\"x\"", "0null", "01.5"}) {
    EXPECT_EQ(decode(bad), std::nullopt) << bad;
  }
}

TEST(SioDecodeRejects, DisconnectTakesNoPayload) {
  EXPECT_EQ(decode("1{}"), std::nullopt);
  EXPECT_EQ(decode("1/admin,{}"), std::nullopt);
  EXPECT_EQ(decode("1[]"), std::nullopt);
}

TEST(SioDecodeRejects, ConnectErrorPayloadMustBeAStringOrObject) {
  EXPECT_EQ(decode("4[]"), std::nullopt);
  EXPECT_EQ(decode("4null"), std::nullopt);
  EXPECT_TRUE(decode(R"(4"plain")"));
  EXPECT_TRUE(decode("4{}"));
}

TEST(SioDecodeRejects, EventNeedsANonEmptyArrayStartingWithANameOrNumber) {
  for (const char* bad :
       {"2[]", "2{}", "2\"a\"", "2[null]", "2[true]", "2[[\"a\"]]", "2[{}]", "5-[]"}) {
    EXPECT_EQ(decode(bad), std::nullopt) << bad;
  }
  EXPECT_TRUE(decode("2[1,2]"));  // typeof payload[0] === "number" is accepted
}

TEST(SioDecodeRejects, ReservedEventNamesEvenWhenEscaped) {
  for (const char* name : {"connect", "connect_error", "disconnect", "disconnecting", "newListener",
                           "removeListener"}) {
    EXPECT_TRUE(is_reserved_event(name));
    EXPECT_EQ(decode("2" + event_payload(name, {})), std::nullopt) << name;
    EXPECT_EQ(decode("51-" + event_payload(name, {})), std::nullopt) << name;
  }
  EXPECT_EQ(decode(R"(2["\u0063onnect"])"), std::nullopt);
  EXPECT_TRUE(decode(R"(2["connected"])"));
  EXPECT_TRUE(decode(R"(2["Connect"])"));
  EXPECT_TRUE(decode(R"(3["connect"])"));  // acks carry no event name
}

TEST(SioDecodeRejects, AckNeedsAnArray) {
  EXPECT_EQ(decode("3{}"), std::nullopt);
  EXPECT_EQ(decode("3\"a\""), std::nullopt);
  EXPECT_TRUE(decode("3[]"));
}

TEST(SioDecodeRejects, MoreThanTenAttachments) {
  EXPECT_TRUE(decode(R"(510-["a"])"));
  EXPECT_EQ(decode(R"(511-["a"])"), std::nullopt);
  EXPECT_EQ(decode(R"(511-["a"])", 11)->attachments, 11);
}

TEST(SioDecodeRejects, IllegalAttachmentCount) {
  for (const char* bad : {R"(5a-["a"])", R"(5["a"])", R"(51.5-["a"])", R"(5Infinity-["a"])"}) {
    EXPECT_EQ(decode(bad), std::nullopt) << bad;
  }
}

TEST(SioDecodeRejects, PayloadThatJsonParseRejects) {
  for (const char* bad : {R"(2["a",])", R"(2["a")", "2['a']", R"(2["a\x"])", "2[\"a\tb\"]",
                          R"(2["a"]x)", "3[01]", "3[.5]", "3[1]\v"}) {
    EXPECT_EQ(decode(bad), std::nullopt) << bad;
  }
}

// --- The reference decoder's quirks, kept ------------------------------------------------------

TEST(SioDecodeQuirks, EmptyOrWhitespaceTypeIsConnect) {
  // Number("") and Number(" ") are 0.
  EXPECT_EQ(decode(""), make(PacketType::Connect));
  EXPECT_EQ(decode(" "), make(PacketType::Connect));
  EXPECT_EQ(decode(" 2"), make(PacketType::Connect, {}, "/", 2));  // then "2" is an ack id
}

TEST(SioDecodeQuirks, AttachmentCountIsReadWithNumber) {
  EXPECT_EQ(decode(R"(5-["a"])")->attachments, 0);
  EXPECT_EQ(decode(R"(51e0-["a"])")->attachments, 1);
  EXPECT_EQ(decode(R"(50x1-["a"])")->attachments, 1);
  EXPECT_EQ(decode(R"(5 2 -["a"])")->attachments, 2);
}

TEST(SioDecodeQuirks, WhitespaceStartsAnAckId) {
  EXPECT_EQ(decode(R"(2 ["a"])"), make(PacketType::Event, R"(["a"])", "/", 0));
  EXPECT_EQ(decode("2\u00a0[\"a\"]"), make(PacketType::Event, R"(["a"])", "/", 0));  // NBSP
  EXPECT_EQ(decode(R"(2 12 ["a"])"), make(PacketType::Event, R"(["a"])", "/", 12));
}

TEST(SioDecodeQuirks, NamespaceWithoutCommaRunsToTheEnd) {
  EXPECT_EQ(decode("1/admin"), make(PacketType::Disconnect, {}, "/admin"));
  EXPECT_EQ(decode("0/admin{}"), make(PacketType::Connect, {}, "/admin{}"));
}

TEST(SioDecodeQuirks, NoPayloadIsValidForEveryType) {
  EXPECT_EQ(decode("2"), make(PacketType::Event));
  EXPECT_EQ(decode("6-"), make(PacketType::BinaryAck));
}

TEST(SioDecode, PayloadIsKeptAsTrimmedRawJson) {
  EXPECT_EQ(decode("2[\"a\" , 1e5] \n")->data, R"(["a" , 1e5])");
}

TEST(SioDecode, AckIdsBeyondMaxSafeIntegerAreRejected) {
  // Divergence (packet.h): the reference would keep a rounded or NaN id.
  EXPECT_EQ(decode(R"(29007199254740991["a"])")->id, kMaxAckId);
  EXPECT_EQ(decode(R"(29007199254740992["a"])"), std::nullopt);
  EXPECT_EQ(decode(R"(21 2["a"])"), std::nullopt);
}

// --- Payload helpers ---------------------------------------------------------------------------

TEST(SioEventPayload, BuildsAndParses) {
  const std::string data = event_payload("héllo \"q\"", {R"({"a":[1,2]})", "null", "3.5"});
  EXPECT_EQ(data, R"(["héllo \"q\"",{"a":[1,2]},null,3.5])");
  const auto event = parse_event_payload(data);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->name, "héllo \"q\"");
  EXPECT_EQ(event->args, (std::vector<std::string>{R"({"a":[1,2]})", "null", "3.5"}));
  EXPECT_EQ(event_payload("foo", {}), R"(["foo"])");
}

TEST(SioEventPayload, ParseNeedsANameFirst) {
  EXPECT_EQ(parse_event_payload("[1,2]"), std::nullopt);
  EXPECT_EQ(parse_event_payload("[]"), std::nullopt);
  EXPECT_EQ(parse_event_payload("{}"), std::nullopt);
}

TEST(SioConnectError, MessageAndOptionalData) {
  EXPECT_EQ(connect_error_payload("Not authorized", R"({"code":42})"),
            R"({"message":"Not authorized","data":{"code":42}})");
}

TEST(SioPacketType, NamesAreTheReferences) {
  EXPECT_EQ(to_string(PacketType::ConnectError), "CONNECT_ERROR");
  EXPECT_EQ(to_string(PacketType::BinaryAck), "BINARY_ACK");
}

TEST(SioEncode, EmptyNamespaceIsNotWritten) {
  EXPECT_EQ(encode(make(PacketType::Event, R"(["a"])", "")), R"(2["a"])");
}

}  // namespace
}  // namespace netsim::socketio
