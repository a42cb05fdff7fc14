#include "models/net/pcap_writer.h"

#include <pcap/pcap.h>

#include <span>
#include <stdexcept>

#include "models/net/wire_format.h"

namespace netsim::net {

// libpcap handles: one "dead" capture handle (the link type and precision) and a dumper per file.
struct PcapWriter::Handle {
  pcap_t* dead = nullptr;
  std::vector<pcap_dumper_t*> dumpers;
};

namespace {

// Where the transport checksum sits in its header (RFC 768; RFC 9293 §3.1).
constexpr std::size_t kUdpChecksumOffset = 6;
constexpr std::size_t kTcpChecksumOffset = 16;

// Recomputes the UDP or TCP checksum of `transport` (header and payload, as in the frame) over
// the IPv4 pseudo-header of RFC 768 / RFC 9293 §3.1.
void refresh_transport_checksum(const Ipv4Header& ip, std::span<std::uint8_t> transport) {
  const bool udp = ip.protocol == IpProtocol::Udp;
  const std::size_t at = udp ? kUdpChecksumOffset : kTcpChecksumOffset;
  const std::uint32_t src = ip.source.value();
  const std::uint32_t dst = ip.destination.value();
  const auto length = static_cast<std::uint32_t>(transport.size());
  // The pseudo-header's 16-bit words: addresses, zero and protocol, transport length.
  const std::uint32_t pseudo = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
                               static_cast<std::uint32_t>(ip.protocol) + length;
  transport[at] = 0;
  transport[at + 1] = 0;
  std::uint16_t sum = internet_checksum(transport, pseudo);
  // RFC 768: a computed UDP checksum of zero is sent as all ones (zero means "none").
  if (sum == 0 && udp) sum = 0xffff;
  transport[at] = static_cast<std::uint8_t>(sum >> 8);
  transport[at + 1] = static_cast<std::uint8_t>(sum);
}

}  // namespace

MacAddress interface_mac(NodeId node, std::size_t link_index) {
  // 02: locally administered, unicast (IEEE 802 U/L bit).
  return MacAddress{{0x02, 0x00, static_cast<std::uint8_t>(node >> 8),
                     static_cast<std::uint8_t>(node), static_cast<std::uint8_t>(link_index >> 8),
                     static_cast<std::uint8_t>(link_index)}};
}

PcapWriter::PcapWriter(const Network& network, const std::filesystem::path& directory)
    : handle_(std::make_unique<Handle>()) {
  handle_->dead =
      pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_NANO);
  if (handle_->dead == nullptr) throw std::runtime_error("libpcap: cannot create a capture handle");
  const auto open = [&](NodeId node, const std::string& link) {
    const std::filesystem::path path =
        directory / (network.node(node).name() + "-" + link + ".pcap");
    pcap_dumper_t* d = pcap_dump_open(handle_->dead, path.c_str());
    if (d == nullptr)
      throw std::runtime_error("cannot write " + path.string() + ": " + pcap_geterr(handle_->dead));
    handle_->dumpers.push_back(d);
    paths_.push_back(path);
    return handle_->dumpers.size() - 1;
  };
  std::size_t index = 0;
  for (const Link& link : network.links()) {
    const NodeId a = link.forward.from();
    const NodeId b = link.forward.to();
    const std::size_t file_a = open(a, link.name);
    const std::size_t file_b = open(b, link.name);
    EthernetHeader a_to_b{interface_mac(b, index), interface_mac(a, index), kEtherTypeIpv4};
    EthernetHeader b_to_a{interface_mac(a, index), interface_mac(b, index), kEtherTypeIpv4};
    ends_.emplace(&link.forward, Ends{file_a, file_b, a_to_b});
    ends_.emplace(&link.reverse, Ends{file_b, file_a, b_to_a});
    ++index;
  }
}

PcapWriter::~PcapWriter() {
  if (handle_ == nullptr) return;
  for (pcap_dumper_t* d : handle_->dumpers) {
    if (d != nullptr) pcap_dump_close(d);
  }
  if (handle_->dead != nullptr) pcap_close(handle_->dead);
}

void PcapWriter::close() {
  for (pcap_dumper_t*& d : handle_->dumpers) {
    const bool ok = pcap_dump_flush(d) == 0 && !std::ferror(pcap_dump_file(d));
    pcap_dump_close(d);
    d = nullptr;
    if (!ok) throw std::runtime_error("writing a pcap file failed (disk full?)");
  }
}

void PcapWriter::write(std::size_t file, const EthernetHeader& ethernet, const Packet& packet,
                       sim::Time now, bool apply_corruption) {
  frame_.clear();
  serialize_frame(ethernet, packet, frame_);
  // Payload and checksum first, then the flipped bit, so a corrupted packet fails its checksum
  // in the capture as it did in the simulation.
  if (payload_source_ != nullptr && packet.payload.count() > 0) fill_payload(packet);
  if (apply_corruption && packet.corrupted_bit >= 0) {
    const std::size_t bit =
        static_cast<std::size_t>(kEthernetHeaderBytes * 8 + packet.corrupted_bit);
    frame_[bit / 8] ^= static_cast<std::uint8_t>(0x80u >> (bit % 8));
  }
  pcap_pkthdr header{};
  header.ts.tv_sec = static_cast<time_t>(now.ns() / 1'000'000'000);
  header.ts.tv_usec = static_cast<suseconds_t>(now.ns() % 1'000'000'000);  // nanoseconds here
  header.caplen = static_cast<bpf_u_int32>(frame_.size());
  header.len = header.caplen;
  pcap_dump(reinterpret_cast<u_char*>(handle_->dumpers[file]), &header, frame_.data());
}

void PcapWriter::fill_payload(const Packet& packet) {
  const auto transport_start = static_cast<std::size_t>(kEthernetHeaderBytes + kIpv4HeaderBytes);
  const std::size_t header = packet.ip.protocol == IpProtocol::Udp
                                 ? static_cast<std::size_t>(kUdpHeaderBytes)
                                 : std::size_t{packet.tcp.header_bytes()};
  const auto payload = static_cast<std::size_t>(packet.payload.count());
  // A packet whose lengths disagree (not one a transport built) keeps its zeros.
  if (transport_start + header + payload != frame_.size()) return;
  const std::span<std::uint8_t> transport = std::span(frame_).subspan(transport_start);
  if (!payload_source_->fill_payload(packet, transport.subspan(header))) return;
  refresh_transport_checksum(packet.ip, transport);
}

void PcapWriter::on_transmit(const Channel& channel, const Packet& packet, sim::Time now) {
  const Ends& e = ends_.at(&channel);
  write(e.sender_file, e.ethernet, packet, now, false);
}

void PcapWriter::on_arrive(const Channel& channel, const Packet& packet, sim::Time now) {
  const Ends& e = ends_.at(&channel);
  write(e.receiver_file, e.ethernet, packet, now, true);
}

}  // namespace netsim::net
