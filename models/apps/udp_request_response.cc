#include "models/apps/udp_request_response.h"

#include "sim/assert.h"

namespace netsim::apps {

UdpRequestClient::UdpRequestClient(sim::Simulator& simulator, udp::UdpSocket& socket,
                                   net::Ipv4Address server, std::uint16_t port,
                                   std::uint32_t flow_index, MessageLog& log,
                                   const RequestResponseConfig& exchange)
    : simulator_(simulator),
      socket_(socket),
      server_(server),
      port_(port),
      flow_index_(flow_index),
      log_(log),
      exchange_(exchange) {
  NETSIM_ASSERT(exchange_.interval && *exchange_.interval > sim::Duration::zero(),
                "UDP request/response needs an interval (the loader requires one)");
}

void UdpRequestClient::start() {
  if (exchange_.start < exchange_.stop) {
    simulator_.schedule_at(exchange_.start, [this] { send_request(); });
  }
}

void UdpRequestClient::send_request() {
  const sim::Time now = simulator_.now();
  const std::uint64_t sequence = log_.record_sent(now);
  const auto result =
      socket_.send_to(server_, port_, exchange_.request, {flow_index_, sequence, now});
  NETSIM_ASSERT(result == udp::SendResult::Sent, "request larger than a UDP datagram");
  const sim::Time next = now + *exchange_.interval;
  if (next < exchange_.stop) simulator_.schedule_at(next, [this] { send_request(); });
}

void UdpRequestClient::on_datagram(const net::Packet& packet) {
  log_.record_received(packet.tag.sequence, simulator_.now());
}

void UdpRequestServer::on_datagram(const net::Packet& packet) {
  // One datagram in, one out: the exchange's count of datagrams in the network stays one, so a
  // message log settles it exactly when the response arrives or one of the two is dropped.
  const auto result =
      socket_.send_to(packet.ip.source, packet.udp.source_port, response_, packet.tag);
  NETSIM_ASSERT(result == udp::SendResult::Sent, "response larger than a UDP datagram");
}

}  // namespace netsim::apps
