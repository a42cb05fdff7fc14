// A typed trace sink for packet fates: reports subscribe to it instead of parsing logs.
#pragma once

#include <cstdint>
#include <string_view>

#include "models/net/packet.h"
#include "sim/time.h"

namespace netsim::net {

enum class DropReason : std::uint8_t {
  QueueDrop,   // refused (or, for CoDel/RED, dropped) by the egress queue discipline
  LinkLoss,    // lost on the wire (the link's loss model)
  Corrupted,   // bits flipped on the wire; the next checksum check discarded it
  TooBig,      // larger than the link MTU (IPv4 fragmentation is not modelled)
  LinkDown,    // sent on, queued on, or travelling over a link that went down
  NodeDown,    // sent by, or arriving at, a crashed node
  NoRoute,     // no route to the destination (or a host asked to forward)
  TtlExpired,  // TTL reached zero at a router
  NoListener,  // arrived, but no socket is bound to the destination port
};

inline constexpr std::size_t kDropReasonCount = 9;

std::string_view to_string(DropReason reason);

class PacketObserver {
 public:
  virtual ~PacketObserver() = default;
  // Called just before a dropped packet is released; `packet` is valid only during the call.
  virtual void on_drop(const Packet& packet, DropReason reason, sim::Time now) = 0;
  // Called when a link duplicates a packet (netem `duplicate`): `copy` is the new packet, which
  // will in turn be delivered or dropped.
  virtual void on_duplicate(const Packet& copy, sim::Time now) = 0;
};

}  // namespace netsim::net
