#include "models/udp/udp.h"

#include "models/net/network.h"

namespace netsim::udp {

net::Node& UdpSocket::node() { return layer_.node(); }

SendResult UdpSocket::send_to(net::Ipv4Address destination, std::uint16_t port, sim::Bytes payload,
                              const net::MessageTag& tag) {
  if (payload.count() < 0 || payload.count() > kMaxPayloadBytes) return SendResult::TooLarge;
  net::Node& node = layer_.node();
  net::PacketPool& pool = node.network().packets();
  const net::PacketId id = pool.allocate();
  net::Packet& p = pool[id];
  const auto udp_length = static_cast<std::uint16_t>(net::kUdpHeaderBytes + payload.count());
  p.ip.source = node.address();
  p.ip.destination = destination;
  p.ip.protocol = net::IpProtocol::Udp;
  p.ip.total_length = static_cast<std::uint16_t>(net::kIpv4HeaderBytes + udp_length);
  p.ip.identification = node.next_identification();
  p.udp.source_port = local_port_;
  p.udp.destination_port = port;
  p.udp.length = udp_length;
  p.payload = payload;
  p.tag = tag;
  node.send(id);
  return SendResult::Sent;
}

UdpLayer::UdpLayer(net::Node& node) : node_(node) { node.attach(net::IpProtocol::Udp, this); }

bool UdpLayer::bind(std::uint16_t port, DatagramSink* sink) {
  if (find(port) != nullptr) return false;
  bindings_.emplace_back(port, sink);
  return true;
}

DatagramSink* UdpLayer::find(std::uint16_t port) const {
  for (const auto& [bound, sink] : bindings_) {
    if (bound == port) return sink;
  }
  return nullptr;
}

void UdpLayer::receive(net::PacketId id) {
  net::Network& network = node_.network();
  const net::Packet& packet = network.packets()[id];
  DatagramSink* sink = find(packet.udp.destination_port);
  // RFC 1122 §4.1.3.1 would answer ICMP Port Unreachable; ICMP is not modelled, the datagram is
  // dropped and counted.
  if (sink == nullptr) {
    network.drop(id, net::DropReason::NoListener);
    return;
  }
  sink->on_datagram(packet);
  network.packets().release(id);
}

}  // namespace netsim::udp
