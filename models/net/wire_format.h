// Headers to bytes and back, for pcap output (and, later, protocols whose bytes matter). Network
// byte order; checksums per RFC 1071 (IPv4 header), RFC 768 (UDP) and RFC 9293 §3.1 (TCP), both
// transport checksums over the IPv4 pseudo-header. Payload bytes are zeros: the simulator carries
// only their count.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "models/net/headers.h"
#include "models/net/packet.h"

namespace netsim::net {

// RFC 1071: one's complement of the one's-complement sum of 16-bit words. `partial` continues a
// sum (e.g. over a pseudo-header); the result is folded and complemented.
std::uint32_t ones_complement_sum(std::span<const std::uint8_t> bytes, std::uint32_t partial = 0);
std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t partial = 0);

// Appends the IPv4 datagram (header, UDP or TCP header, zero payload) to `out`.
void serialize_ipv4(const Packet& packet, std::vector<std::uint8_t>& out);
// Appends an Ethernet II frame carrying the datagram.
void serialize_frame(const EthernetHeader& ethernet, const Packet& packet,
                     std::vector<std::uint8_t>& out);

struct ParsedFrame {
  EthernetHeader ethernet;
  Packet packet;
  bool ipv4_checksum_ok = false;
  bool transport_checksum_ok = false;
};

// Parses what serialize_frame() writes. nullopt if the bytes are not an Ethernet II / IPv4 /
// UDP-or-TCP frame, or are truncated.
std::optional<ParsedFrame> parse_frame(std::span<const std::uint8_t> bytes);

}  // namespace netsim::net
