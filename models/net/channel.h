// One direction of a point-to-point link: a queue discipline in front of a transmitter
// (serialization at the link rate), then a pipe (propagation delay) with netem-style impairments.
// A full-duplex link is two independent channels (see link.h).
//
// A packet offered at t to an idle channel has left the transmitter at t + (size + framing)·8/rate
// (rounded up to the nanosecond) and arrives `delay` (plus jitter) later. A packet offered while
// the transmitter is busy waits in the queue; the next transmission starts the instant the
// previous one ends (back-to-back, no extra gap unless the framing adds Ethernet's).
//
// Impairments use netem's vocabulary and per-packet algorithms (see impairment/), applied where a
// real medium would apply them: on the wire, when a packet's transmission ends, in netem's order:
// duplicate decision, loss, corruption, then reorder/gap and delay per copy. So a lost or
// corrupted packet has used the link's capacity (as on a real lossy wire, and as ns-3's receive
// error model); netem itself, a queue discipline, decides them before its queue. A duplicate
// appears on the wire without taking capacity, and goes through loss, corruption and delay on its
// own (as netem's clone re-enters netem). A packet chosen for reordering skips the delay (netem:
// "sent immediately"). Jitter larger than the spacing of packets reorders them, as in netem
// without `rate`: each packet's arrival time is drawn on its own.
//
// Planned transmissions. On a channel that draws no random numbers (no loss, duplication,
// corruption, reordering or jitter) in front of a drop-tail queue, and with no packet tap, a
// packet's whole path is known the moment it is offered: it starts when the transmissions before
// it end (FIFO, back to back), ends tx later and arrives `delay` after that. The channel then
// plans it at once and needs one event per packet (its arrival) instead of two (end of
// transmission, arrival). Arrivals come in the order of the plans, so the channel keeps a single
// pending event, the arrival of the oldest plan, and schedules the next one when it runs: the
// event queue holds one event per busy link, not one per packet (a broadcast planning thousands
// of packets at once would otherwise flood it). The queue, the busy time and the counters are
// brought up to the current time from the plans whenever they are read or changed, so they
// match the event-driven path. Anything that could change a plan — reconfigure(), set_up(false),
// flush(), a tap — first hands the plans back to that path: packets in flight get their own
// arrival events, the packet being sent its end-of-transmission event, the waiting ones stay in
// the queue; so reconfiguring in the middle of a transmission draws its impairments at its end,
// as before. One difference remains, in the order of events at equal times: an arrival's event
// is scheduled when the arrival before it runs, not when its transmission ends; and a packet
// offered at the very instant the transmitter frees starts at once rather than passing through
// the queue.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "models/net/address.h"
#include "models/net/impairment/correlated_random.h"
#include "models/net/impairment/delay_distribution.h"
#include "models/net/impairment/loss_model.h"
#include "models/net/packet.h"
#include "models/net/packet_observer.h"
#include "models/net/queue/queue_discipline.h"
#include "sim/random.h"
#include "sim/ring_buffer.h"
#include "sim/simulator.h"
#include "sim/time.h"
#include "sim/units.h"

namespace netsim::net {

class Network;

// What a link layer adds to each IP datagram on the wire (counted by the transmitter).
enum class Framing : std::uint8_t {
  None,      // IP datagrams only (the default)
  Ethernet,  // 14 header + 4 FCS + 8 preamble/SFD + 12 inter-frame gap = 38 bytes (IEEE 802.3)
  Ppp,       // 2 bytes, what ns-3's PointToPointNetDevice adds
};
std::int64_t framing_bytes(Framing framing);
std::string_view to_string(Framing framing);

struct ChannelConfig {
  sim::DataRate rate = sim::DataRate::mbps(100);
  sim::Duration delay = sim::Duration::zero();   // propagation (netem `delay`)
  sim::Duration jitter = sim::Duration::zero();  // netem `delay TIME JITTER`
  double jitter_correlation = 0;
  DelayDistribution distribution = DelayDistribution::Uniform;
  LossConfig loss;
  double duplicate = 0;  // probability, netem `duplicate`
  double duplicate_correlation = 0;
  double reorder = 0;  // probability, netem `reorder` (needs delay)
  double reorder_correlation = 0;
  std::uint32_t gap = 0;  // netem `gap`: with reorder, 0 means 1 (iproute2)
  double corrupt = 0;     // probability, netem `corrupt`
  double corrupt_correlation = 0;
  std::optional<sim::Bytes> mtu;  // larger IP datagrams are dropped (no fragmentation)
  Framing framing = Framing::None;
  std::uint32_t cost = 1;  // routing weight for the `cost` metric
  QueueConfig queue;
};

// What happened to the packets offered to a channel (links.csv, documented in docs/outputs.md).
// Identities, checked by tests, with none queued, in transmission or propagating:
//   offered = too_big + queue_drops + transmitted + (link_down drops before transmission)
//   transmitted + duplicated = lost + delivered + (link_down drops in flight)
struct ChannelCounters {
  std::uint64_t offered_packets = 0;
  sim::Bytes offered_bytes;
  std::uint64_t too_big = 0;
  std::uint64_t link_down = 0;  // refused, flushed or lost in flight because the link was down
  std::uint64_t queue_drops = 0;
  sim::Bytes queue_drop_bytes;
  std::uint64_t transmitted_packets = 0;
  sim::Bytes transmitted_bytes;  // on the wire, framing included
  std::uint64_t lost_packets = 0;
  std::uint64_t corrupted_packets = 0;
  std::uint64_t duplicated_packets = 0;
  std::uint64_t reordered_packets = 0;
  std::uint64_t delivered_packets = 0;
  sim::Bytes delivered_bytes;  // IP datagram bytes
  // Bytes by layer, over transmitted packets.
  sim::Bytes link_header_bytes;
  sim::Bytes ip_header_bytes;
  sim::Bytes transport_header_bytes;
  sim::Bytes payload_bytes;
  std::size_t peak_queue_packets = 0;
  double queue_packet_ns = 0;  // ∫ queue length dt, for the mean occupancy
  sim::Duration busy_time;     // total time spent serializing
};

class Channel final : private DropSink {
 public:
  Channel(Network& network, std::string name, NodeId from, NodeId to, const ChannelConfig& config,
          sim::RandomStreams& streams, const std::string& stream_prefix);
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // Hands a packet to this channel for transmission towards `to()`.
  void send(PacketId id);

  // Changes impairments, rate or delay from now on (scheduled faults). The queue discipline is
  // kept; a changed loss model restarts in its initial state.
  void reconfigure(const ChannelConfig& config);
  // A channel that goes down loses what it holds: its queue, the packet being sent, and packets
  // propagating (they arrive nowhere). While down it drops what it is offered.
  void set_up(bool up);
  bool is_up() const { return up_; }
  // Drops the queue and the packet in transmission (the sending node crashed).
  void flush(DropReason reason);

  const std::string& name() const { return name_; }
  NodeId from() const { return from_; }
  NodeId to() const { return to_; }
  const ChannelConfig& config() const { return config_; }
  // Counters up to now (the queue integral is brought up to date).
  const ChannelCounters& counters();
  std::size_t queued_packets();
  // Hands the planned transmissions back to the event-driven path (see the header comment); the
  // network calls it when a tap is attached.
  void unplan();

 private:
  void dropped_from_queue(PacketId id) override;
  // A transmission planned when its packet was offered (see the header comment).
  struct Plan {
    PacketId id = 0;
    bool started = false;  // else it waits in the queue, which it leaves at `start`
    sim::Time start;
    sim::Time end;  // it arrives at end + config_.delay
  };

  static bool draws_nothing(const ChannelConfig& config);
  // Queues a packet the transmitter cannot take now, or refuses it (counted, dropped).
  bool enqueue(PacketId id, const Packet& packet);
  void plan(PacketId id, const Packet& packet);
  // Applies what the plans did up to `now`: starts (leaving the queue) and ends (counted as
  // transmitted), in time order.
  void settle(sim::Time now);
  void schedule_planned_arrival();
  void planned_arrival();
  // Warms the cache for the packets planned to arrive after `arriving` (software pipelining);
  // plans_ is not empty.
  void prefetch_arrivals(PacketId arriving) const;
  void count_transmitted(const Packet& packet);
  void note_queue_length();
  void note_queue_length(sim::Time at);
  void start_transmission(PacketId id);
  void finish_transmission();
  void impair_and_propagate(PacketId id, bool is_duplicate);
  void arrive(PacketId id, std::uint32_t epoch);
  sim::Bytes wire_size(const Packet& p) const;

  Network& network_;
  std::string name_;
  NodeId from_;
  NodeId to_;
  bool to_host_;  // a router has no per-connection state to prefetch (prefetch_arrivals)
  ChannelConfig config_;
  std::unique_ptr<QueueDiscipline> queue_;
  DropReason flush_reason_ = DropReason::QueueDrop;  // why dropped_from_queue() is called

  // One random stream per purpose, so changing one impairment leaves the others' draws alone.
  sim::Rng loss_rng_;
  sim::Rng delay_rng_;
  sim::Rng duplicate_rng_;
  sim::Rng reorder_rng_;
  sim::Rng corrupt_rng_;
  LossModel loss_;
  CorrelatedUniform delay_cor_;
  CorrelatedUniform duplicate_cor_;
  CorrelatedUniform reorder_cor_;
  CorrelatedUniform corrupt_cor_;
  std::uint32_t reorder_counter_ = 0;  // netem q->counter

  bool configured_ = false;  // reconfigure() has run (it initializes the generators)
  bool up_ = true;
  std::uint32_t epoch_ =
      0;  // incremented when the link goes down: older packets in flight are lost
  std::optional<PacketId> transmitting_;  // on the event-driven path
  sim::EventId transmission_end_;
  bool plannable_ = false;  // draws_nothing(config_) behind a drop-tail queue
  // In order: ended ones (in flight), at most one started and not ended, then queued ones.
  sim::RingBuffer<Plan> plans_;
  std::size_t ended_plans_ = 0;  // the first ones, counted as transmitted
  sim::EventId next_arrival_;    // of plans_.front()
  sim::Time queue_changed_;      // when the queue length last changed (for the integral)
  ChannelCounters counters_;
};

}  // namespace netsim::net
