// Header bytes: checksums against RFC 1071's worked example, and serialize → parse round trips.
#include "models/net/wire_format.h"

#include <gtest/gtest.h>

namespace netsim::net {
namespace {

// RFC 1071 §3: the example words 0001 f203 f4f5 f6f7 sum (one's complement) to ddf2.
TEST(Checksum, Rfc1071Example) {
  const std::vector<std::uint8_t> bytes{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(ones_complement_sum(bytes), 0xddf2u);
  EXPECT_EQ(internet_checksum(bytes), static_cast<std::uint16_t>(~0xddf2));
}

// A well-known IPv4 header (from the Wikipedia IPv4 checksum example): 4500 0073 0000 4000 4011
// [b861] c0a8 0001 c0a8 00c7 — checksum b861.
TEST(Checksum, KnownIpv4Header) {
  Packet p;
  p.ip.total_length = 0x73;
  p.ip.identification = 0;
  p.ip.dont_fragment = true;
  p.ip.ttl = 0x40;
  p.ip.protocol = IpProtocol::Udp;
  p.ip.source = Ipv4Address(192, 168, 0, 1);
  p.ip.destination = Ipv4Address(192, 168, 0, 199);
  p.udp.length = 0x73 - 20;
  std::vector<std::uint8_t> out;
  serialize_ipv4(p, out);
  ASSERT_EQ(out.size(), 0x73u);
  EXPECT_EQ(out[10], 0xb8);
  EXPECT_EQ(out[11], 0x61);
}

EthernetHeader ethernet() {
  EthernetHeader e;
  e.source.octets = {0x02, 0, 0, 0, 0, 1};
  e.destination.octets = {0x02, 0, 0, 0, 0, 2};
  return e;
}

TEST(WireFormat, UdpRoundTrip) {
  Packet p;
  p.ip.total_length = 20 + 8 + 200;
  p.ip.identification = 4242;
  p.ip.ttl = 61;
  p.ip.protocol = IpProtocol::Udp;
  p.ip.source = Ipv4Address(10, 0, 0, 1);
  p.ip.destination = Ipv4Address(10, 0, 0, 2);
  p.udp = {49152, 9000, 208};
  std::vector<std::uint8_t> bytes;
  serialize_frame(ethernet(), p, bytes);
  ASSERT_EQ(bytes.size(), 14u + 228u);
  const auto parsed = parse_frame(bytes);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->ipv4_checksum_ok);
  EXPECT_TRUE(parsed->transport_checksum_ok);
  EXPECT_EQ(parsed->ethernet.source, ethernet().source);
  EXPECT_EQ(parsed->packet.ip.identification, 4242);
  EXPECT_EQ(parsed->packet.ip.ttl, 61);
  EXPECT_EQ(parsed->packet.ip.source, p.ip.source);
  EXPECT_EQ(parsed->packet.ip.destination, p.ip.destination);
  EXPECT_EQ(parsed->packet.udp.source_port, 49152);
  EXPECT_EQ(parsed->packet.udp.destination_port, 9000);
  EXPECT_EQ(parsed->packet.udp.length, 208);
  EXPECT_EQ(parsed->packet.payload, sim::Bytes(200));
}

TEST(WireFormat, TcpRoundTripWithEveryOption) {
  Packet p;
  p.ip.protocol = IpProtocol::Tcp;
  p.ip.source = Ipv4Address(10, 0, 0, 1);
  p.ip.destination = Ipv4Address(10, 0, 0, 2);
  TcpHeader& t = p.tcp;
  t.source_port = 40000;
  t.destination_port = 80;
  t.sequence = 0xfffffff0;
  t.acknowledgment = 12345;
  t.flags = tcp_flags::kSyn | tcp_flags::kAck;
  t.window = 65535;
  t.options.mss = 1460;
  t.options.window_scale = 7;
  t.options.sack_permitted = true;
  t.options.timestamps = TcpTimestamps{111, 222};
  EXPECT_EQ(t.header_bytes(), 40);  // 20 + MSS 4 + SACK-perm/TS 12 + WS 4: the Linux SYN-ACK
  p.ip.total_length = static_cast<std::uint16_t>(20 + t.header_bytes() + 10);
  std::vector<std::uint8_t> bytes;
  serialize_frame(ethernet(), p, bytes);
  const auto parsed = parse_frame(bytes);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->transport_checksum_ok);
  EXPECT_EQ(parsed->packet.tcp.sequence, 0xfffffff0u);
  EXPECT_EQ(parsed->packet.tcp.acknowledgment, 12345u);
  EXPECT_EQ(parsed->packet.tcp.flags, t.flags);
  EXPECT_EQ(parsed->packet.tcp.window, 65535);
  EXPECT_EQ(parsed->packet.tcp.options, t.options);
  EXPECT_EQ(parsed->packet.payload, sim::Bytes(10));

  // A data segment with timestamps and three SACK blocks: 20 + 12 + 4 + 24 = 60 bytes, the
  // largest TCP header.
  TcpOptions o;
  o.timestamps = TcpTimestamps{1, 2};
  o.sack_count = 3;
  o.sack = {SackBlock{100, 200}, SackBlock{300, 400}, SackBlock{500, 600}, SackBlock{}};
  t.options = o;
  t.flags = tcp_flags::kAck;
  EXPECT_EQ(t.header_bytes(), 60);
  p.ip.total_length = static_cast<std::uint16_t>(20 + 60);
  bytes.clear();
  serialize_frame(ethernet(), p, bytes);
  const auto parsed2 = parse_frame(bytes);
  ASSERT_TRUE(parsed2);
  EXPECT_EQ(parsed2->packet.tcp.options, o);
  EXPECT_TRUE(parsed2->transport_checksum_ok);
}

TEST(WireFormat, AFlippedBitFailsAChecksum) {
  Packet p;
  p.ip.total_length = 20 + 8 + 50;
  p.ip.source = Ipv4Address(10, 0, 0, 1);
  p.ip.destination = Ipv4Address(10, 0, 0, 2);
  p.udp = {1, 2, 58};
  std::vector<std::uint8_t> bytes;
  serialize_frame(ethernet(), p, bytes);
  for (std::size_t bit = 14 * 8; bit < bytes.size() * 8; bit += 37) {
    std::vector<std::uint8_t> flipped = bytes;
    flipped[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    const auto parsed = parse_frame(flipped);
    if (!parsed) continue;  // e.g. the version or length field no longer parses
    EXPECT_FALSE(parsed->ipv4_checksum_ok && parsed->transport_checksum_ok) << "bit " << bit;
  }
}

TEST(WireFormat, RejectsTruncatedAndForeignFrames) {
  EXPECT_FALSE(parse_frame(std::vector<std::uint8_t>(10, 0)));
  Packet p;
  p.ip.total_length = 28;
  p.udp.length = 8;
  std::vector<std::uint8_t> bytes;
  serialize_frame(ethernet(), p, bytes);
  bytes[12] = 0x86;  // EtherType IPv6
  bytes[13] = 0xdd;
  EXPECT_FALSE(parse_frame(bytes));
}

}  // namespace
}  // namespace netsim::net
