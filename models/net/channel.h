// One direction of a point-to-point link: a queue discipline in front of a transmitter
// (serialization at the link rate), then a pipe (propagation delay), with Bernoulli loss.
// A full-duplex link is two independent channels (see link.h).
//
// Timing of a packet offered at t to an idle channel:
//   transmission ends at t + size·8/rate (rounded up to the nanosecond),
//   the packet arrives at the far node `delay` later.
// A packet offered while the transmitter is busy waits in the queue; the next transmission
// starts the instant the previous one ends (back-to-back, no inter-frame gap).
// Loss is decided when transmission ends: a lost packet has used the link's capacity but never
// arrives, as on a real lossy wire and as ns-3's receive error model on a point-to-point device.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "models/net/address.h"
#include "models/net/packet.h"
#include "models/net/queue/queue_discipline.h"
#include "sim/random.h"
#include "sim/time.h"
#include "sim/units.h"

namespace netsim::net {

class Network;

struct ChannelConfig {
  sim::DataRate rate = sim::DataRate::mbps(100);
  sim::Duration delay = sim::Duration::zero();  // propagation
  QueueLimit queue = QueueLimit::packets(100);  // the ns-3 point-to-point default
  double loss = 0.0;                            // probability a packet is lost on the wire
};

// Accounting identities (checked by tests):
//   offered = queue_drops + transmitted + queued + in transmission
//   transmitted = lost + delivered + propagating
struct ChannelCounters {
  std::uint64_t offered_packets = 0;
  sim::Bytes offered_bytes;
  std::uint64_t queue_drops = 0;
  std::uint64_t transmitted_packets = 0;
  sim::Bytes transmitted_bytes;
  std::uint64_t lost_packets = 0;
  std::uint64_t delivered_packets = 0;
  sim::Bytes delivered_bytes;
  std::size_t peak_queue_packets = 0;
  sim::Duration busy_time;  // total time spent serializing
};

class Channel {
 public:
  Channel(Network& network, std::string name, NodeId from, NodeId to, const ChannelConfig& config,
          std::unique_ptr<QueueDiscipline> queue, sim::Rng loss_rng);
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // Hands a packet to this channel for transmission towards `to()`.
  void send(PacketId id);

  const std::string& name() const { return name_; }
  NodeId from() const { return from_; }
  NodeId to() const { return to_; }
  const ChannelConfig& config() const { return config_; }
  const ChannelCounters& counters() const { return counters_; }
  std::size_t queued_packets() const { return queue_->packets(); }

 private:
  void start_transmission(PacketId id);
  void finish_transmission();
  void arrive(PacketId id);

  Network& network_;
  std::string name_;
  NodeId from_;
  NodeId to_;
  ChannelConfig config_;
  std::unique_ptr<QueueDiscipline> queue_;
  sim::Rng loss_rng_;
  std::optional<PacketId> transmitting_;
  ChannelCounters counters_;
};

}  // namespace netsim::net
