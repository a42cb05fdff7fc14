#include "models/net/wire_format.h"

#include <algorithm>

namespace netsim::net {

namespace {

// TCP option kinds (IANA "TCP Option Kind Numbers").
constexpr std::uint8_t kOptEnd = 0;
constexpr std::uint8_t kOptNop = 1;
constexpr std::uint8_t kOptMss = 2;
constexpr std::uint8_t kOptWindowScale = 3;
constexpr std::uint8_t kOptSackPermitted = 4;
constexpr std::uint8_t kOptSack = 5;
constexpr std::uint8_t kOptTimestamps = 8;

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}

std::uint16_t get16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

std::uint32_t get32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{get16(b, at)} << 16) | get16(b, at + 2);
}

// Options in the order Linux writes them (tcp_options_write): MSS; SACK-permitted and
// timestamps together, or each padded with NOPs; window scale after a NOP; SACK blocks after
// two NOPs. Every group is a multiple of 4 bytes, so no trailing padding is needed.
void put_tcp_options(const TcpOptions& o, std::vector<std::uint8_t>& out) {
  if (o.mss) {
    out.insert(out.end(), {kOptMss, 4});
    put16(out, *o.mss);
  }
  if (o.timestamps) {
    if (o.sack_permitted) {
      out.insert(out.end(), {kOptSackPermitted, 2});
    } else {
      out.insert(out.end(), {kOptNop, kOptNop});
    }
    out.insert(out.end(), {kOptTimestamps, 10});
    put32(out, o.timestamps->value);
    put32(out, o.timestamps->echo);
  } else if (o.sack_permitted) {
    out.insert(out.end(), {kOptNop, kOptNop, kOptSackPermitted, 2});
  }
  if (o.window_scale) out.insert(out.end(), {kOptNop, kOptWindowScale, 3, *o.window_scale});
  if (o.sack_count > 0) {
    out.insert(out.end(),
               {kOptNop, kOptNop, kOptSack, static_cast<std::uint8_t>(2 + 8 * o.sack_count)});
    for (std::uint8_t i = 0; i < o.sack_count; ++i) {
      put32(out, o.sack[i].left);
      put32(out, o.sack[i].right);
    }
  }
}

bool parse_tcp_options(std::span<const std::uint8_t> b, TcpOptions& o) {
  std::size_t i = 0;
  while (i < b.size()) {
    const std::uint8_t kind = b[i];
    if (kind == kOptEnd) break;
    if (kind == kOptNop) {
      ++i;
      continue;
    }
    if (i + 1 >= b.size()) return false;
    const std::uint8_t length = b[i + 1];
    if (length < 2 || i + length > b.size()) return false;
    const auto body = b.subspan(i + 2, length - 2);
    switch (kind) {
      case kOptMss:
        if (body.size() != 2) return false;
        o.mss = get16(body, 0);
        break;
      case kOptWindowScale:
        if (body.size() != 1) return false;
        o.window_scale = body[0];
        break;
      case kOptSackPermitted:
        o.sack_permitted = true;
        break;
      case kOptSack:
        if (body.size() % 8 != 0 || body.size() / 8 > o.sack.size()) return false;
        o.sack_count = static_cast<std::uint8_t>(body.size() / 8);
        for (std::size_t k = 0; k < o.sack_count; ++k)
          o.sack[k] = {get32(body, 8 * k), get32(body, 8 * k + 4)};
        break;
      case kOptTimestamps:
        if (body.size() != 8) return false;
        o.timestamps = TcpTimestamps{get32(body, 0), get32(body, 4)};
        break;
      default:
        break;  // unknown options are skipped (RFC 9293 §3.2)
    }
    i += length;
  }
  return true;
}

// The IPv4 pseudo-header of RFC 768 / RFC 9293 §3.1, summed.
std::uint32_t pseudo_header_sum(const Ipv4Header& ip, std::uint16_t transport_length) {
  std::vector<std::uint8_t> p;
  put32(p, ip.source.value());
  put32(p, ip.destination.value());
  p.push_back(0);
  p.push_back(static_cast<std::uint8_t>(ip.protocol));
  put16(p, transport_length);
  return ones_complement_sum(p);
}

}  // namespace

std::uint8_t TcpOptions::encoded_size() const {
  std::size_t n = 0;
  if (mss) n += 4;
  if (timestamps)
    n += 12;
  else if (sack_permitted)
    n += 4;
  if (window_scale) n += 4;
  if (sack_count > 0) n += 4 + 8 * sack_count;
  return static_cast<std::uint8_t>(n);
}

std::uint32_t ones_complement_sum(std::span<const std::uint8_t> bytes, std::uint32_t partial) {
  std::uint64_t sum = partial;
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += get16(bytes, i);
  if (i < bytes.size()) sum += std::uint32_t{bytes[i]} << 8;  // odd length: pad with a zero byte
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint32_t>(sum);
}

std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t partial) {
  return static_cast<std::uint16_t>(~ones_complement_sum(bytes, partial));
}

void serialize_ipv4(const Packet& packet, std::vector<std::uint8_t>& out) {
  const Ipv4Header& ip = packet.ip;
  const std::size_t start = out.size();
  out.push_back(0x45);  // version 4, IHL 5
  out.push_back(ip.dscp_ecn);
  put16(out, ip.total_length);
  put16(out, ip.identification);
  put16(out, static_cast<std::uint16_t>((ip.dont_fragment ? 0x4000 : 0) |
                                        (ip.more_fragments ? 0x2000 : 0) |
                                        (ip.fragment_offset & 0x1fff)));
  out.push_back(ip.ttl);
  out.push_back(static_cast<std::uint8_t>(ip.protocol));
  put16(out, 0);  // checksum, filled below
  put32(out, ip.source.value());
  put32(out, ip.destination.value());
  const std::uint16_t ip_sum = internet_checksum(std::span(out).subspan(start, kIpv4HeaderBytes));
  out[start + 10] = static_cast<std::uint8_t>(ip_sum >> 8);
  out[start + 11] = static_cast<std::uint8_t>(ip_sum);

  const std::size_t transport = out.size();
  const std::size_t transport_length = ip.total_length - kIpv4HeaderBytes;
  std::size_t checksum_at = 0;
  if (ip.protocol == IpProtocol::Udp) {
    put16(out, packet.udp.source_port);
    put16(out, packet.udp.destination_port);
    put16(out, packet.udp.length);
    checksum_at = out.size();
    put16(out, 0);
  } else {
    const TcpHeader& tcp = packet.tcp;
    put16(out, tcp.source_port);
    put16(out, tcp.destination_port);
    put32(out, tcp.sequence);
    put32(out, tcp.acknowledgment);
    out.push_back(static_cast<std::uint8_t>((tcp.header_bytes() / 4) << 4));  // data offset
    out.push_back(tcp.flags);
    put16(out, tcp.window);
    checksum_at = out.size();
    put16(out, 0);
    put16(out, tcp.urgent_pointer);
    put_tcp_options(tcp.options, out);
  }
  out.resize(transport + transport_length, 0);  // zero payload
  std::uint16_t sum =
      internet_checksum(std::span(out).subspan(transport),
                        pseudo_header_sum(ip, static_cast<std::uint16_t>(transport_length)));
  // RFC 768: a computed UDP checksum of zero is sent as all ones (zero means "none").
  if (sum == 0 && ip.protocol == IpProtocol::Udp) sum = 0xffff;
  out[checksum_at] = static_cast<std::uint8_t>(sum >> 8);
  out[checksum_at + 1] = static_cast<std::uint8_t>(sum);
}

void serialize_frame(const EthernetHeader& ethernet, const Packet& packet,
                     std::vector<std::uint8_t>& out) {
  out.insert(out.end(), ethernet.destination.octets.begin(), ethernet.destination.octets.end());
  out.insert(out.end(), ethernet.source.octets.begin(), ethernet.source.octets.end());
  put16(out, ethernet.ether_type);
  serialize_ipv4(packet, out);
}

std::optional<ParsedFrame> parse_frame(std::span<const std::uint8_t> b) {
  ParsedFrame f;
  if (b.size() < kEthernetHeaderBytes + kIpv4HeaderBytes) return std::nullopt;
  std::copy_n(b.begin(), 6, f.ethernet.destination.octets.begin());
  std::copy_n(b.begin() + 6, 6, f.ethernet.source.octets.begin());
  f.ethernet.ether_type = get16(b, 12);
  if (f.ethernet.ether_type != kEtherTypeIpv4) return std::nullopt;
  const auto ipb = b.subspan(kEthernetHeaderBytes);
  if (ipb[0] != 0x45) return std::nullopt;
  Ipv4Header& ip = f.packet.ip;
  ip.dscp_ecn = ipb[1];
  ip.total_length = get16(ipb, 2);
  if (ip.total_length > ipb.size() || ip.total_length < kIpv4HeaderBytes) return std::nullopt;
  ip.identification = get16(ipb, 4);
  const std::uint16_t flags = get16(ipb, 6);
  ip.dont_fragment = (flags & 0x4000) != 0;
  ip.more_fragments = (flags & 0x2000) != 0;
  ip.fragment_offset = flags & 0x1fff;
  ip.ttl = ipb[8];
  ip.protocol = static_cast<IpProtocol>(ipb[9]);
  ip.source = Ipv4Address(get32(ipb, 12));
  ip.destination = Ipv4Address(get32(ipb, 16));
  f.ipv4_checksum_ok = internet_checksum(ipb.subspan(0, kIpv4HeaderBytes)) == 0;

  const auto t = ipb.subspan(kIpv4HeaderBytes, ip.total_length - kIpv4HeaderBytes);
  const std::uint32_t pseudo = pseudo_header_sum(ip, static_cast<std::uint16_t>(t.size()));
  if (ip.protocol == IpProtocol::Udp) {
    if (t.size() < kUdpHeaderBytes) return std::nullopt;
    f.packet.udp = {get16(t, 0), get16(t, 2), get16(t, 4)};
    f.packet.payload = sim::Bytes(static_cast<std::int64_t>(t.size() - kUdpHeaderBytes));
  } else if (ip.protocol == IpProtocol::Tcp) {
    if (t.size() < kTcpHeaderBytes) return std::nullopt;
    TcpHeader& tcp = f.packet.tcp;
    tcp.source_port = get16(t, 0);
    tcp.destination_port = get16(t, 2);
    tcp.sequence = get32(t, 4);
    tcp.acknowledgment = get32(t, 8);
    const std::size_t header = (t[12] >> 4) * 4u;
    if (header < kTcpHeaderBytes || header > t.size()) return std::nullopt;
    tcp.flags = t[13];
    tcp.window = get16(t, 14);
    tcp.urgent_pointer = get16(t, 18);
    if (!parse_tcp_options(t.subspan(kTcpHeaderBytes, header - kTcpHeaderBytes), tcp.options))
      return std::nullopt;
    f.packet.payload = sim::Bytes(static_cast<std::int64_t>(t.size() - header));
  } else {
    return std::nullopt;
  }
  f.transport_checksum_ok = internet_checksum(t, pseudo) == 0;
  return f;
}

}  // namespace netsim::net
