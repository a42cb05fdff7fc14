// Engine.IO packets (EIO-SPEC "Packet encoding"; PROTOCOLS.md §7.1).
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "models/engineio/base64.h"
#include "models/engineio/packet.h"
#include "sim/random.h"

namespace netsim::engineio {
namespace {

Packet text(PacketType type, std::string data = {}) { return Packet{type, std::move(data), false}; }
Packet binary(std::string bytes) { return Packet{PacketType::Message, std::move(bytes), true}; }

// Parts joined with the record separator (written out, "\x1e4" would be one hex escape).
std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (const std::string_view part : parts) {
    if (!first) out.push_back(kRecordSeparator);
    first = false;
    out += part;
  }
  return out;
}

// --- WebSocket --------------------------------------------------------------------------------

TEST(EioSpecWebSocket, Message4hello) {
  const Packet hello = text(PacketType::Message, "hello");
  EXPECT_EQ(encode_ws(hello), "4hello");
  EXPECT_EQ(ws_frame_kind(hello), FrameKind::Text);
  EXPECT_EQ(decode_ws("4hello", false), hello);
}

TEST(EioSpecWebSocket, BinaryMessageIsSentRawWithoutTypePrefix) {
  const Packet packet = binary(std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(encode_ws(packet), std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(ws_frame_kind(packet), FrameKind::Binary);
  EXPECT_EQ(decode_ws(std::string("\x01\x02\x03\x04", 4), true), packet);
}

TEST(EioSpecWebSocket, UpgradeProbe2probe3probe5) {
  EXPECT_EQ(encode_ws(text(PacketType::Ping, "probe")), "2probe");
  EXPECT_EQ(encode_ws(text(PacketType::Pong, "probe")), "3probe");
  EXPECT_EQ(encode_ws(text(PacketType::Upgrade)), "5");
  EXPECT_EQ(encode_ws(text(PacketType::Noop)), "6");
  EXPECT_EQ(decode_ws("2probe", false), text(PacketType::Ping, "probe"));
  EXPECT_EQ(decode_ws("3", false), text(PacketType::Pong));
}

TEST(EioSpecWebSocket, TextFrameStartingWithBIsBase64Binary) {
  // decodePacket does not know the transport: 'b' means base64 everywhere.
  EXPECT_EQ(decode_ws("bAQIDBA==", false), binary(std::string("\x01\x02\x03\x04", 4)));
}

TEST(EioSpecWebSocket, EmptyFrameOrUnknownTypeIsAParserError) {
  EXPECT_EQ(decode_ws("", false), std::nullopt);
  EXPECT_EQ(decode_ws("7", false), std::nullopt);
  EXPECT_EQ(decode_ws("x", false), std::nullopt);
  // An empty binary frame is an empty binary message.
  EXPECT_EQ(decode_ws("", true), binary(""));
}

TEST(EioPacket, BinaryDataDropsTheType) {
  // encodePacket writes binary data as it is, whatever the type; it comes back as a message.
  const Packet ping{PacketType::Ping, "\x0a", true};
  EXPECT_EQ(encode_ws(ping), "\x0a");
  EXPECT_EQ(decode_ws(encode_ws(ping), true), binary("\x0a"));
}

TEST(EioPacket, TypeNamesAreTheReferences) {
  EXPECT_EQ(to_string(PacketType::Open), "open");
  EXPECT_EQ(to_string(PacketType::Noop), "noop");
  EXPECT_EQ(packet_type_from_char('4'), PacketType::Message);
  EXPECT_EQ(packet_type_from_char('7'), std::nullopt);
}

// --- Polling ----------------------------------------------------------------------------------

TEST(EioSpecPolling, Payload4helloRs2Rs4world) {
  const std::vector<Packet> packets = {text(PacketType::Message, "hello"), text(PacketType::Ping),
                                       text(PacketType::Message, "world")};
  EXPECT_EQ(encode_payload(packets), join({"4hello", "2", "4world"}));
  EXPECT_EQ(decode_payload(join({"4hello", "2", "4world"})), packets);
}

TEST(EioSpecPolling, BinaryIsBPlusBase64bAQIDBA) {
  const std::vector<Packet> packets = {binary(std::string("\x01\x02\x03\x04", 4))};
  EXPECT_EQ(encode_payload(packets), "bAQIDBA==");
  EXPECT_EQ(decode_payload("bAQIDBA=="), packets);
}

TEST(EioSpecPolling, SocketIoBatchExample) {
  // SIO-SPEC sample session: emit('hello'); emit('world') in one POST.
  const std::vector<Packet> packets = {text(PacketType::Message, "2[\"hello\"]"),
                                       text(PacketType::Message, "2[\"world\"]")};
  EXPECT_EQ(encode_payload(packets), join({R"(42["hello"])", R"(42["world"])"}));
}

TEST(EioPolling, InvalidPartRejectsThePayload) {
  EXPECT_EQ(decode_payload(""), std::nullopt);
  EXPECT_EQ(decode_payload(join({"4a", "", "4b"})), std::nullopt);  // empty part
  EXPECT_EQ(decode_payload(join({"4a", ""})), std::nullopt);        // trailing separator
  EXPECT_EQ(decode_payload(join({"4a", "9"})), std::nullopt);       // unknown type
  EXPECT_EQ(encode_payload({}), "");
}

TEST(EioPolling, Base64IsDecodedAsLenientlyAsNode) {
  const std::string bytes("\x01\x02\x03\x04", 4);
  EXPECT_EQ(decode_payload("bAQIDBA")->front().data, bytes);     // no padding
  EXPECT_EQ(decode_payload("bAQID BA==")->front().data, bytes);  // junk skipped
  EXPECT_EQ(decode_payload("bAQ=IDBA")->front().data, "\x01");   // stops at '='
  EXPECT_EQ(decode_payload("b-_8")->front().data, "\xfb\xff");   // URL-safe alphabet
  EXPECT_EQ(decode_payload("b!!!!")->front().data, "");
  EXPECT_EQ(decode_payload("b")->front(), binary(""));
}

TEST(EioBase64, RoundTripsEveryLength) {
  sim::Rng rng(7);
  for (std::size_t n = 0; n < 40; ++n) {
    std::string bytes;
    for (std::size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>(rng.next_u64()));
    const std::string encoded = base64_encode(bytes);
    EXPECT_EQ(encoded.size(), 4 * ((n + 2) / 3));
    EXPECT_EQ(base64_decode_lenient(encoded), bytes) << n;
  }
}

// --- engine.io-client _getWritablePackets ------------------------------------------------------

TEST(EioWritablePackets, SecondPacketOverMaxPayloadWaits) {
  // 1 (type) + 5 + 2 (separator, type) + 5 = 13 bytes counted.
  const std::vector<Packet> buffer = {text(PacketType::Message, "hello"),
                                      text(PacketType::Message, "world")};
  EXPECT_EQ(writable_packet_count(buffer, 13), 2u);
  EXPECT_EQ(writable_packet_count(buffer, 12), 1u);
}

TEST(EioWritablePackets, FirstPacketAlwaysGoes) {
  const std::vector<Packet> buffer = {text(PacketType::Message, std::string(100, 'x')),
                                      text(PacketType::Message, "y")};
  EXPECT_EQ(writable_packet_count(buffer, 10), 1u);
  EXPECT_EQ(writable_packet_count(std::span(buffer).first(1), 10), 1u);
}

TEST(EioWritablePackets, CountsUtf8BytesAndEstimatesBase64) {
  // "€€" is 6 bytes: 1 + 6 + 2 + 3 = 12 > 10.
  EXPECT_EQ(
      writable_packet_count(
          std::vector<Packet>{text(PacketType::Message, "€€"), text(PacketType::Message, "€")}, 10),
      1u);
  // 10 binary bytes count ceil(13.3) = 14: 1 + 1 + 2 + 14 = 18.
  const std::vector<Packet> buffer = {text(PacketType::Message, "a"),
                                      binary(std::string(10, '\0'))};
  EXPECT_EQ(writable_packet_count(buffer, 18), 2u);
  EXPECT_EQ(writable_packet_count(buffer, 17), 1u);
}

TEST(EioWritablePackets, UnknownMaxPayloadSendsEverything) {
  const std::vector<Packet> buffer = {text(PacketType::Message, std::string(100, 'x')),
                                      text(PacketType::Message, "y")};
  EXPECT_EQ(writable_packet_count(buffer, 0), 2u);
  EXPECT_EQ(writable_packet_count({}, 10), 0u);
}

}  // namespace
}  // namespace netsim::engineio
