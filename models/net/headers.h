// Protocol headers as plain structs: host-order values, no bytes. Byte layouts live in
// wire_format.h, used where bytes matter (pcap output, and later WebSocket framing).
//   Ethernet II: IEEE 802.3 / RFC 894 (14 bytes; the 4-byte FCS, preamble and gap are not here).
//   IPv4:        RFC 791 §3.1 (20 bytes without options).
//   UDP:         RFC 768 (8 bytes).
//   TCP:         RFC 9293 §3.1 (20 bytes + options: RFC 9293 MSS, RFC 7323 window scale and
//                timestamps, RFC 2018 SACK-permitted and SACK).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "models/net/address.h"

namespace netsim::net {

inline constexpr std::int64_t kEthernetHeaderBytes = 14;     // destination, source, EtherType
inline constexpr std::int64_t kIpv4HeaderBytes = 20;         // RFC 791: IHL = 5 words, no options
inline constexpr std::int64_t kUdpHeaderBytes = 8;           // RFC 768
inline constexpr std::int64_t kTcpHeaderBytes = 20;          // RFC 9293 §3.1, without options
inline constexpr std::uint16_t kIpv4MaxTotalLength = 65535;  // RFC 791: 16-bit total length
inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;      // IANA EtherType

// IANA protocol numbers carried in the IPv4 protocol field.
enum class IpProtocol : std::uint8_t { Tcp = 6, Udp = 17 };

struct MacAddress {
  std::array<std::uint8_t, 6> octets{};
  auto operator<=>(const MacAddress&) const = default;
};

struct EthernetHeader {
  MacAddress destination;
  MacAddress source;
  std::uint16_t ether_type = kEtherTypeIpv4;
};

struct Ipv4Header {
  std::uint8_t dscp_ecn = 0;          // RFC 2474 DSCP (6 bits) and RFC 3168 ECN (2 bits)
  std::uint16_t total_length = 0;     // header + payload, bytes
  std::uint16_t identification = 0;   // distinguishes datagrams for reassembly (RFC 6864)
  bool dont_fragment = false;         // DF flag
  bool more_fragments = false;        // MF flag
  std::uint16_t fragment_offset = 0;  // in 8-byte units
  std::uint8_t ttl = 64;  // hop limit; 64 is the Linux default (net.ipv4.ip_default_ttl)
  IpProtocol protocol = IpProtocol::Udp;
  Ipv4Address source;
  Ipv4Address destination;
  // The header checksum is computed when bytes are produced.
};

struct UdpHeader {
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint16_t length = 0;  // header + data, bytes (RFC 768); the checksum is computed on output
};

// TCP control bits (RFC 9293 §3.1, RFC 3168 for ECE/CWR).
namespace tcp_flags {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
inline constexpr std::uint8_t kUrg = 0x20;
inline constexpr std::uint8_t kEce = 0x40;
inline constexpr std::uint8_t kCwr = 0x80;
}  // namespace tcp_flags

struct SackBlock {
  std::uint32_t left = 0;   // first sequence number of the block
  std::uint32_t right = 0;  // sequence number just past the block
  auto operator<=>(const SackBlock&) const = default;
};

struct TcpTimestamps {
  std::uint32_t value = 0;  // TSval
  std::uint32_t echo = 0;   // TSecr
  auto operator<=>(const TcpTimestamps&) const = default;
};

struct TcpOptions {
  std::optional<std::uint16_t> mss;          // kind 2, SYN only
  std::optional<std::uint8_t> window_scale;  // kind 3, SYN only, shift ≤ 14
  bool sack_permitted = false;               // kind 4, SYN only
  std::uint8_t sack_count = 0;               // kind 5: up to 4 blocks (3 with timestamps)
  std::array<SackBlock, 4> sack{};
  std::optional<TcpTimestamps> timestamps;  // kind 8

  // Encoded length in bytes, padded to a multiple of 4 (the layout is in wire_format.cc).
  std::uint8_t encoded_size() const;
  bool operator==(const TcpOptions&) const = default;
};

struct TcpHeader {
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint32_t sequence = 0;
  std::uint32_t acknowledgment = 0;
  std::uint8_t flags = 0;  // tcp_flags
  std::uint16_t window = 0;
  std::uint16_t urgent_pointer = 0;
  TcpOptions options;

  std::uint8_t header_bytes() const {
    return static_cast<std::uint8_t>(kTcpHeaderBytes + options.encoded_size());
  }
};

}  // namespace netsim::net
