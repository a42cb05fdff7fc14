#include "models/net/channel.h"

#include "models/net/network.h"

namespace netsim::net {

Channel::Channel(Network& network, std::string name, NodeId from, NodeId to,
                 const ChannelConfig& config, std::unique_ptr<QueueDiscipline> queue,
                 sim::Rng loss_rng)
    : network_(network),
      name_(std::move(name)),
      from_(from),
      to_(to),
      config_(config),
      queue_(std::move(queue)),
      loss_rng_(loss_rng) {
  NETSIM_ASSERT(config_.rate.bits_per_second() > 0, "channel rate must be positive");
  NETSIM_ASSERT(config_.delay >= sim::Duration::zero(), "channel delay must not be negative");
}

void Channel::send(PacketId id) {
  const sim::Bytes size = network_.packets()[id].wire_size();
  ++counters_.offered_packets;
  counters_.offered_bytes += size;
  if (!transmitting_) {
    start_transmission(id);
    return;
  }
  if (!queue_->enqueue(id, size, network_.simulator().now())) {
    ++counters_.queue_drops;
    network_.drop(id, DropReason::QueueFull);
    return;
  }
  if (queue_->packets() > counters_.peak_queue_packets) {
    counters_.peak_queue_packets = queue_->packets();
  }
}

void Channel::start_transmission(PacketId id) {
  transmitting_ = id;
  const sim::Duration tx = sim::transmission_time(network_.packets()[id].wire_size(), config_.rate);
  counters_.busy_time += tx;
  network_.simulator().schedule(tx, [this] { finish_transmission(); });
}

void Channel::finish_transmission() {
  const PacketId id = *transmitting_;
  transmitting_.reset();
  const sim::Bytes size = network_.packets()[id].wire_size();
  ++counters_.transmitted_packets;
  counters_.transmitted_bytes += size;
  // One draw per packet whatever the outcome, so the loss pattern depends only on the
  // packet count (common random numbers across runs that differ elsewhere).
  if (loss_rng_.bernoulli(config_.loss)) {
    ++counters_.lost_packets;
    network_.drop(id, DropReason::LinkLoss);
  } else {
    network_.simulator().schedule(config_.delay, [this, id] { arrive(id); });
  }
  if (auto next = queue_->dequeue(network_.simulator().now())) start_transmission(*next);
}

void Channel::arrive(PacketId id) {
  ++counters_.delivered_packets;
  counters_.delivered_bytes += network_.packets()[id].wire_size();
  network_.node(to_).receive(id);
}

}  // namespace netsim::net
