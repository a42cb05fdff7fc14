#include "models/net/channel.h"

#include <algorithm>

#include "models/net/network.h"
#include "sim/prefetch.h"

namespace netsim::net {

std::int64_t framing_bytes(Framing framing) {
  switch (framing) {
    case Framing::None:
      return 0;
    case Framing::Ethernet:
      return 38;
    case Framing::Ppp:
      return 2;
  }
  return 0;
}

std::string_view to_string(Framing framing) {
  switch (framing) {
    case Framing::None:
      return "none";
    case Framing::Ethernet:
      return "ethernet";
    case Framing::Ppp:
      return "ppp";
  }
  return "unknown";
}

Channel::Channel(Network& network, std::string name, NodeId from, NodeId to,
                 const ChannelConfig& config, sim::RandomStreams& streams,
                 const std::string& stream_prefix)
    : network_(network),
      name_(std::move(name)),
      from_(from),
      to_(to),
      to_host_(network.node(to).kind() == NodeKind::Host),
      config_(config),
      queue_(make_queue_discipline(config.queue, config.rate,
                                   streams.stream(stream_prefix + "/queue"))),
      loss_rng_(streams.stream(stream_prefix + "/loss")),
      delay_rng_(streams.stream(stream_prefix + "/delay")),
      duplicate_rng_(streams.stream(stream_prefix + "/duplicate")),
      reorder_rng_(streams.stream(stream_prefix + "/reorder")),
      corrupt_rng_(streams.stream(stream_prefix + "/corrupt")) {
  reconfigure(config);
}

bool Channel::draws_nothing(const ChannelConfig& config) {
  // The tests the impairments make with these settings take no random number (a zero
  // probability draws nothing, as in netem) and change nothing but netem's reorder counter.
  const bool no_loss = config.loss.model == LossConfig::Model::None ||
                       (config.loss.model == LossConfig::Model::Random &&
                        netem_probability(config.loss.probability) == 0);
  return no_loss && netem_probability(config.duplicate) == 0 &&
         netem_probability(config.corrupt) == 0 && netem_probability(config.reorder) == 0 &&
         config.jitter == sim::Duration::zero();
}

void Channel::reconfigure(const ChannelConfig& config) {
  NETSIM_ASSERT(config.rate.bits_per_second() > 0, "channel rate must be positive");
  NETSIM_ASSERT(config.delay >= sim::Duration::zero(), "channel delay must not be negative");
  // Plans made with the old rate and delay: the packet in transmission ends as planned and then
  // meets the new settings; the waiting ones are sent at the new rate.
  unplan();
  // Generators whose parameters change restart from their initial state.
  const bool first = !configured_;
  if (first || config.loss != config_.loss) loss_ = LossModel(config.loss, loss_rng_);
  if (first || config.jitter_correlation != config_.jitter_correlation) {
    delay_cor_ = CorrelatedUniform(config.jitter_correlation, delay_rng_);
  }
  if (first || config.duplicate_correlation != config_.duplicate_correlation) {
    duplicate_cor_ = CorrelatedUniform(config.duplicate_correlation, duplicate_rng_);
  }
  if (first || config.reorder_correlation != config_.reorder_correlation) {
    reorder_cor_ = CorrelatedUniform(config.reorder_correlation, reorder_rng_);
  }
  if (first || config.corrupt_correlation != config_.corrupt_correlation) {
    corrupt_cor_ = CorrelatedUniform(config.corrupt_correlation, corrupt_rng_);
  }
  config_ = config;
  configured_ = true;
  plannable_ =
      draws_nothing(config) && config.queue.discipline == QueueConfig::Discipline::DropTail;
}

sim::Bytes Channel::wire_size(const Packet& p) const {
  return p.wire_size() + sim::Bytes(framing_bytes(config_.framing));
}

void Channel::note_queue_length() { note_queue_length(network_.simulator().now()); }

void Channel::note_queue_length(sim::Time at) {
  counters_.queue_packet_ns +=
      static_cast<double>(queue_->packets()) * static_cast<double>((at - queue_changed_).ns());
  queue_changed_ = at;
}

const ChannelCounters& Channel::counters() {
  settle(network_.simulator().now());
  note_queue_length();
  return counters_;
}

std::size_t Channel::queued_packets() {
  settle(network_.simulator().now());
  return queue_->packets();
}

void Channel::send(PacketId id) {
  const Packet& packet = network_.packets()[id];
  ++counters_.offered_packets;
  counters_.offered_bytes += packet.wire_size();
  if (!up_) {
    ++counters_.link_down;
    network_.drop(id, DropReason::LinkDown);
    return;
  }
  if (config_.mtu && packet.wire_size() > *config_.mtu) {
    ++counters_.too_big;
    network_.drop(id, DropReason::TooBig);
    return;
  }
  if (plannable_ && !transmitting_ && network_.tap() == nullptr) {
    plan(id, packet);
    return;
  }
  if (!transmitting_) {
    start_transmission(id);
    return;
  }
  enqueue(id, packet);
}

bool Channel::enqueue(PacketId id, const Packet& packet) {
  note_queue_length();
  if (!queue_->enqueue(id, packet.wire_size(), network_.simulator().now())) {
    ++counters_.queue_drops;
    counters_.queue_drop_bytes += packet.wire_size();
    network_.drop(id, DropReason::QueueDrop);
    return false;
  }
  counters_.peak_queue_packets = std::max(counters_.peak_queue_packets, queue_->packets());
  return true;
}

void Channel::plan(PacketId id, const Packet& packet) {
  const sim::Time now = network_.simulator().now();
  settle(now);
  const sim::Duration tx = sim::transmission_time(wire_size(packet), config_.rate);
  // The transmitter is busy until the last plan ends: wait in the queue (or be refused) as on
  // the event-driven path, and start when that plan ends.
  const sim::Time busy_until = plans_.empty() ? now : plans_.back().end;
  if (busy_until > now) {
    if (!enqueue(id, packet)) return;
    plans_.push_back({.id = id, .started = false, .start = busy_until, .end = busy_until + tx});
  } else {
    counters_.busy_time += tx;
    plans_.push_back({.id = id, .started = true, .start = now, .end = now + tx});
  }
  if (plans_.size() == 1) schedule_planned_arrival();
}

void Channel::settle(sim::Time now) {
  while (ended_plans_ < plans_.size()) {
    Plan& p = plans_[ended_plans_];
    if (!p.started) {
      if (p.start > now) return;
      // It leaves the queue the instant the transmission before it ends.
      note_queue_length(p.start);
      const std::optional<PacketId> next = queue_->dequeue(p.start, *this);
      NETSIM_ASSERT(next && *next == p.id, "a planned packet leaves the queue in its turn");
      counters_.busy_time += p.end - p.start;
      p.started = true;
    }
    if (p.end > now) return;
    count_transmitted(network_.packets()[p.id]);
    ++reorder_counter_;  // impair_and_propagate's delay branch, the only one taken here
    ++ended_plans_;
  }
}

void Channel::schedule_planned_arrival() {
  next_arrival_ = network_.simulator().schedule_at(plans_.front().end + config_.delay,
                                                   [this] { planned_arrival(); });
}

void Channel::planned_arrival() {
  settle(network_.simulator().now());  // the arriving packet's transmission has ended
  NETSIM_ASSERT(ended_plans_ > 0, "a planned packet arrives after its transmission ends");
  const PacketId id = plans_.pop_front().id;
  --ended_plans_;
  if (!plans_.empty()) {
    schedule_planned_arrival();
    if (to_host_) prefetch_arrivals(id);
  }
  arrive(id, epoch_);
}

void Channel::prefetch_arrivals(PacketId arriving) const {
  // A burst over many connections (a broadcast's segments, their ACKs) makes each arrival a
  // chain of cache misses: the packet, the receiving socket, its stream, the application
  // above. The packet carries where its receiver lists all of that (Packet::receiver_state), so
  // the fetches run as a pipeline, one stage per arrival: while packet i arrives, packet i + 3
  // is fetched, the list of packet i + 2 (in packet i + 2, fetched one arrival ago), and what
  // the list of packet i + 1 names (fetched one arrival ago). One connection's own burst (a
  // bulk transfer) needs none of it: its state is in use.
  const PacketPool& pool = network_.packets();
  const ReceiveState* const current = pool[arriving].receiver_state;
  if (plans_.size() > 2) sim::prefetch_object(&pool[plans_[2].id]);
  if (plans_.size() > 1) {
    const ReceiveState* later = pool[plans_[1].id].receiver_state;
    if (later != nullptr && later != current) sim::prefetch_object(later);
  }
  const ReceiveState* next = pool[plans_[0].id].receiver_state;
  if (next != nullptr && next != current) next->prefetch();
}

void Channel::unplan() {
  if (plans_.empty()) return;
  const sim::Time now = network_.simulator().now();
  settle(now);
  network_.simulator().cancel(next_arrival_);
  // In flight: each gets its own arrival (with the epoch of now, so that a link going down
  // after this loses them).
  for (; ended_plans_ > 0; --ended_plans_) {
    const Plan p = plans_.pop_front();
    const std::uint32_t epoch = epoch_;
    network_.simulator().schedule_at(p.end + config_.delay,
                                     [this, id = p.id, epoch] { arrive(id, epoch); });
  }
  if (plans_.empty()) return;
  // In transmission (plans run back to back); the ones after it wait in the queue already.
  transmitting_ = plans_.front().id;
  transmission_end_ =
      network_.simulator().schedule_at(plans_.front().end, [this] { finish_transmission(); });
  plans_.clear();
}

void Channel::dropped_from_queue(PacketId id) {
  const sim::Bytes size = network_.packets()[id].wire_size();
  if (flush_reason_ == DropReason::QueueDrop) {
    ++counters_.queue_drops;
    counters_.queue_drop_bytes += size;
  } else {
    ++counters_.link_down;
  }
  network_.drop(id, flush_reason_);
}

void Channel::start_transmission(PacketId id) {
  transmitting_ = id;
  if (PacketTap* tap = network_.tap())
    tap->on_transmit(*this, network_.packets()[id], network_.simulator().now());
  const sim::Duration tx = sim::transmission_time(wire_size(network_.packets()[id]), config_.rate);
  counters_.busy_time += tx;
  transmission_end_ = network_.simulator().schedule(tx, [this] { finish_transmission(); });
}

void Channel::finish_transmission() {
  const PacketId id = *transmitting_;
  transmitting_.reset();
  count_transmitted(network_.packets()[id]);

  // netem_enqueue order: duplicate decision, then loss (which removes one copy).
  int copies = 1;
  if (duplicate_cor_.event(netem_probability(config_.duplicate), duplicate_rng_)) ++copies;
  if (loss_.lose(loss_rng_)) --copies;
  if (copies == 0) {
    ++counters_.lost_packets;
    network_.drop(id, DropReason::LinkLoss);
  } else {
    if (copies == 2) {
      ++counters_.duplicated_packets;
      const PacketId clone = network_.packets().allocate();
      network_.packets()[clone] = network_.packets()[id];
      network_.note_duplicate(clone);
      // The clone is taken before the original's corruption and goes through the rest alone.
      impair_and_propagate(clone, true);
    }
    impair_and_propagate(id, false);
  }

  note_queue_length();
  if (auto next = queue_->dequeue(network_.simulator().now(), *this)) start_transmission(*next);
}

void Channel::count_transmitted(const Packet& packet) {
  ++counters_.transmitted_packets;
  counters_.transmitted_bytes += wire_size(packet);
  counters_.link_header_bytes += sim::Bytes(framing_bytes(config_.framing));
  counters_.ip_header_bytes += sim::Bytes(kIpv4HeaderBytes);
  const std::int64_t transport_header =
      packet.ip.protocol == IpProtocol::Udp ? kUdpHeaderBytes : packet.tcp.header_bytes();
  counters_.transport_header_bytes += sim::Bytes(transport_header);
  counters_.payload_bytes += packet.payload;
}

void Channel::impair_and_propagate(PacketId id, bool is_duplicate) {
  Packet& packet = network_.packets()[id];
  // A duplicate draws its own loss; the original's was drawn already.
  if (is_duplicate && loss_.lose(loss_rng_)) {
    ++counters_.lost_packets;
    network_.drop(id, DropReason::LinkLoss);
    return;
  }
  if (corrupt_cor_.event(netem_probability(config_.corrupt), corrupt_rng_)) {
    // One random bit of the datagram (netem flips one bit of one random byte).
    ++counters_.corrupted_packets;
    packet.corrupted_bit = static_cast<std::int32_t>(
        corrupt_rng_.below(static_cast<std::uint64_t>(packet.wire_size().bits())));
  }
  // netem's reorder/gap rule (q->counter): with gap N, packets 1..N−1 are delayed, the Nth may
  // be sent at once with probability `reorder`. iproute2 turns reorder without gap into gap 1.
  const std::uint32_t gap = config_.reorder > 0 && config_.gap == 0 ? 1 : config_.gap;
  sim::Duration delay;
  if (gap == 0 || reorder_counter_ + 1 < gap ||
      !reorder_cor_.event(netem_probability(config_.reorder), reorder_rng_)) {
    const std::uint32_t rnd =
        config_.jitter > sim::Duration::zero() ? delay_cor_.next(delay_rng_) : 0;
    delay = sim::ns(std::max<std::int64_t>(
        0, tabledist(config_.delay.ns(), config_.jitter.ns(), rnd, config_.distribution)));
    ++reorder_counter_;
  } else {
    ++counters_.reordered_packets;
    reorder_counter_ = 0;
    delay = sim::Duration::zero();
  }
  const std::uint32_t epoch = epoch_;
  network_.simulator().schedule(delay, [this, id, epoch] { arrive(id, epoch); });
}

void Channel::arrive(PacketId id, std::uint32_t epoch) {
  if (epoch != epoch_) {
    ++counters_.link_down;
    network_.drop(id, DropReason::LinkDown);
    return;
  }
  ++counters_.delivered_packets;
  counters_.delivered_bytes += network_.packets()[id].wire_size();
  if (PacketTap* tap = network_.tap())
    tap->on_arrive(*this, network_.packets()[id], network_.simulator().now());
  network_.node(to_).receive(id);
}

void Channel::flush(DropReason reason) {
  // Planned packets not yet sent are dropped below like queued ones.
  unplan();
  note_queue_length();
  flush_reason_ = reason;
  queue_->clear(*this);
  flush_reason_ = DropReason::QueueDrop;
  if (transmitting_) {
    network_.simulator().cancel(transmission_end_);
    const PacketId id = *transmitting_;
    transmitting_.reset();
    ++counters_.link_down;
    network_.drop(id, reason);
  }
}

void Channel::set_up(bool up) {
  if (up == up_) return;
  up_ = up;
  if (!up) {
    unplan();  // before the epoch changes: what is in flight then is lost
    ++epoch_;  // packets propagating now will find the link gone
    flush(DropReason::LinkDown);
  }
}

}  // namespace netsim::net
