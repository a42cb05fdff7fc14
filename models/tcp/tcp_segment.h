// A TCP segment as the connection state machine sees it: the header (ports are the adapter's
// business) and the payload length. Payload bytes are not represented; the byte stream is
// identified by sequence numbers.
#pragma once

#include <cstdint>
#include <string>

#include "models/net/headers.h"
#include "models/tcp/seq.h"

namespace netsim::tcp {

struct TcpSegment {
  net::TcpHeader header;
  std::uint32_t length = 0;  // payload bytes

  SeqNum seq() const { return SeqNum(header.sequence); }
  SeqNum ack() const { return SeqNum(header.acknowledgment); }
  bool has(std::uint8_t flag) const { return (header.flags & flag) != 0; }
  // Sequence space the segment occupies: payload plus one for each of SYN and FIN.
  std::uint32_t seq_length() const {
    return length + (has(net::tcp_flags::kSyn) ? 1 : 0) + (has(net::tcp_flags::kFin) ? 1 : 0);
  }
};

// Readable form for test failures: "SYN,ACK seq=100 ack=201 win=65535 len=0 <mss 1460,ws 7>".
std::string to_string(const TcpSegment& segment);

}  // namespace netsim::tcp
