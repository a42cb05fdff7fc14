// A typed trace sink for packet fates: reports subscribe to it instead of parsing logs.
#pragma once

#include <cstdint>
#include <string_view>

#include "models/net/packet.h"
#include "sim/time.h"

namespace netsim::net {

enum class DropReason : std::uint8_t {
  QueueFull,   // refused by the egress queue discipline
  LinkLoss,    // lost on the wire (the link's loss model)
  NoRoute,     // the sending node has no route to the destination
  NoListener,  // arrived, but no socket is bound to the destination port
};

std::string_view to_string(DropReason reason);

class PacketObserver {
 public:
  virtual ~PacketObserver() = default;
  // Called just before a dropped packet is released; `packet` is valid only during the call.
  virtual void on_drop(const Packet& packet, DropReason reason, sim::Time now) = 0;
};

}  // namespace netsim::net
