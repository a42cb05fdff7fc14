// UDP (RFC 768): datagrams demultiplexed by destination port; no handshake, no retransmission,
// no ordering. A datagram lost on the way is gone.
#pragma once

#include <cstdint>
#include <vector>

#include "models/net/headers.h"
#include "models/net/node.h"
#include "models/net/packet.h"
#include "sim/units.h"

namespace netsim::udp {

// Largest UDP payload in one IPv4 datagram: 65535 − 20 (IPv4) − 8 (UDP) (RFC 768, RFC 791).
inline constexpr std::int64_t kMaxPayloadBytes =
    net::kIpv4MaxTotalLength - net::kIpv4HeaderBytes - net::kUdpHeaderBytes;

// What an application implements to receive datagrams.
class DatagramSink {
 public:
  virtual ~DatagramSink() = default;
  // `packet` is valid only during the call.
  virtual void on_datagram(const net::Packet& packet) = 0;
};

enum class SendResult : std::uint8_t { Sent, TooLarge };

class UdpLayer;

class UdpSocket {
 public:
  UdpSocket(UdpLayer& layer, std::uint16_t local_port) : layer_(layer), local_port_(local_port) {}

  std::uint16_t local_port() const { return local_port_; }
  net::Node& node();

  // Sends `payload` bytes to address:port; `tag` rides along for measurement. Returns TooLarge
  // (and sends nothing) above kMaxPayloadBytes.
  SendResult send_to(net::Ipv4Address destination, std::uint16_t port, sim::Bytes payload,
                     const net::MessageTag& tag);

 private:
  UdpLayer& layer_;
  std::uint16_t local_port_;
};

// The UDP instance of one node.
class UdpLayer final : public net::ProtocolHandler {
 public:
  explicit UdpLayer(net::Node& node);

  net::Node& node() { return node_; }

  // Binds a receiver to a local port. Returns false if the port is taken.
  bool bind(std::uint16_t port, DatagramSink* sink);

  void receive(net::PacketId id) override;

 private:
  DatagramSink* find(std::uint16_t port) const;

  net::Node& node_;
  std::vector<std::pair<std::uint16_t, DatagramSink*>>
      bindings_;  // few per node: a scan is fastest
};

}  // namespace netsim::udp
