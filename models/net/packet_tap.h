// A typed hook on packets crossing links, for capture (pcap) and tracing. A channel reports a
// packet when its transmission starts (the sending interface) and when it arrives (the receiving
// interface); what a link loses is seen leaving and never arriving, as on a real wire.
#pragma once

#include "models/net/packet.h"
#include "sim/time.h"

namespace netsim::net {

class Channel;

class PacketTap {
 public:
  virtual ~PacketTap() = default;
  virtual void on_transmit(const Channel& channel, const Packet& packet, sim::Time now) = 0;
  virtual void on_arrive(const Channel& channel, const Packet& packet, sim::Time now) = 0;
};

}  // namespace netsim::net
