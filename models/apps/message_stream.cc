#include "models/apps/message_stream.h"

#include <cmath>

#include "sim/assert.h"

namespace netsim::apps {

MessageStreamSender::MessageStreamSender(sim::Simulator& simulator, udp::UdpSocket& socket,
                                         net::Ipv4Address destination, std::uint16_t port,
                                         std::uint32_t flow_index, MessageLog& log,
                                         const MessageStreamConfig& config, sim::Rng gaps)
    : simulator_(simulator),
      socket_(socket),
      destination_(destination),
      port_(port),
      flow_index_(flow_index),
      log_(log),
      config_(config),
      gaps_(gaps) {
  NETSIM_ASSERT(config_.interval > sim::Duration::zero(), "message interval must be positive");
}

void MessageStreamSender::start() {
  const sim::Time first =
      config_.arrival == Arrival::Fixed ? config_.start : config_.start + next_gap();
  if (first < config_.stop) simulator_.schedule_at(first, [this] { send_message(); });
}

sim::Duration MessageStreamSender::next_gap() {
  if (config_.arrival == Arrival::Fixed) return config_.interval;
  const double gap = gaps_.exponential(static_cast<double>(config_.interval.ns()));
  return sim::ns(std::llround(gap));
}

void MessageStreamSender::send_message() {
  const sim::Time now = simulator_.now();
  const std::uint64_t sequence = log_.record_sent(now);
  const auto result =
      socket_.send_to(destination_, port_, config_.size, {flow_index_, sequence, now});
  NETSIM_ASSERT(result == udp::SendResult::Sent, "message larger than a UDP datagram");
  const sim::Time next = now + next_gap();
  if (next < config_.stop) simulator_.schedule_at(next, [this] { send_message(); });
}

void MessageStreamReceiver::on_datagram(const net::Packet& packet) {
  log_.record_received(packet.tag.sequence, simulator_.now());
}

}  // namespace netsim::apps
