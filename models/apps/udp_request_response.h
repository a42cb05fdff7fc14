// Request/response over UDP, as DNS or CoAP's non-confirmable messages use it: the client sends a
// `request`-byte datagram every `interval`; the server answers each request it receives with one
// `response`-byte datagram to the address and port it came from. No retries: an exchange whose
// request or response is lost is lost (counted with the drop's reason), which is what `netsim
// compare` sets against TCP's retransmissions. Each side is one datagram (no IP fragmentation is
// modelled), so both are at most 65,507 bytes (RFC 768 over IPv4).
#pragma once

#include <cstdint>

#include "models/apps/message_log.h"
#include "models/apps/request_response.h"
#include "models/udp/udp.h"
#include "sim/simulator.h"

namespace netsim::apps {

class UdpRequestClient final : public udp::DatagramSink {
 public:
  UdpRequestClient(sim::Simulator& simulator, udp::UdpSocket& socket, net::Ipv4Address server,
                   std::uint16_t port, std::uint32_t flow_index, MessageLog& log,
                   const RequestResponseConfig& exchange);
  void start();
  // A response: its tag carries the exchange's sequence number.
  void on_datagram(const net::Packet& packet) override;

 private:
  void send_request();

  sim::Simulator& simulator_;
  udp::UdpSocket& socket_;
  net::Ipv4Address server_;
  std::uint16_t port_;
  std::uint32_t flow_index_;
  MessageLog& log_;
  RequestResponseConfig exchange_;
};

class UdpRequestServer final : public udp::DatagramSink {
 public:
  UdpRequestServer(udp::UdpSocket& socket, sim::Bytes response)
      : socket_(socket), response_(response) {}
  // A request: answered at once, with the request's tag (so a lost response is charged to its
  // exchange).
  void on_datagram(const net::Packet& packet) override;

 private:
  udp::UdpSocket& socket_;
  sim::Bytes response_;
};

}  // namespace netsim::apps
