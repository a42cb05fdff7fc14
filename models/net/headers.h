// Protocol headers as plain structs. Fields are host-order values; byte layouts exist only where
// bytes matter (pcap output), next to these definitions' users.
//   IPv4: RFC 791 §3.1 (20 bytes without options).
//   UDP:  RFC 768 (8 bytes).
#pragma once

#include <cstdint>

#include "models/net/address.h"

namespace netsim::net {

inline constexpr std::int64_t kIpv4HeaderBytes = 20;         // RFC 791: IHL = 5 words, no options
inline constexpr std::int64_t kUdpHeaderBytes = 8;           // RFC 768
inline constexpr std::uint16_t kIpv4MaxTotalLength = 65535;  // RFC 791: 16-bit total length

// IANA protocol numbers carried in the IPv4 protocol field.
enum class IpProtocol : std::uint8_t { Tcp = 6, Udp = 17 };

struct Ipv4Header {
  Ipv4Address source;
  Ipv4Address destination;
  std::uint16_t total_length = 0;    // header + payload, bytes (RFC 791)
  std::uint16_t identification = 0;  // distinguishes datagrams for reassembly (RFC 791, RFC 6864)
  std::uint8_t ttl = 64;             // hop limit; 64 is the Linux default (net.ipv4.ip_default_ttl)
  IpProtocol protocol = IpProtocol::Udp;
};

struct UdpHeader {
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint16_t length = 0;    // header + data, bytes (RFC 768)
  std::uint16_t checksum = 0;  // computed only when bytes are produced (pcap)
};

}  // namespace netsim::net
