// Where pcap output gets payload bytes. Packets carry only a payload length (packet.h); the
// layers that do hold the bytes (a TCP byte stream's send buffer) can supply them for a packet
// about to be written, so that Wireshark decodes HTTP and WebSocket above TCP. models/net knows
// nothing of those layers: they implement this interface and are handed to the PcapWriter.
#pragma once

#include <cstdint>
#include <span>

#include "models/net/packet.h"

namespace netsim::net {

class PayloadSource {
 public:
  virtual ~PayloadSource() = default;
  // Writes the payload of `packet` (the application bytes after the transport header) into
  // `payload`, whose size is packet.payload, and returns true; or returns false without touching
  // it when the bytes are not known (they then stay zeros). Called once per captured packet:
  // implementations must not allocate.
  virtual bool fill_payload(const Packet& packet, std::span<std::uint8_t> payload) const = 0;
};

}  // namespace netsim::net
