// The eleven connection states of RFC 9293 §3.3.2, printed with the RFC's names.
#pragma once

#include <cstdint>
#include <string_view>

namespace netsim::tcp {

enum class TcpState : std::uint8_t {
  Closed,
  Listen,
  SynSent,
  SynReceived,
  Established,
  FinWait1,
  FinWait2,
  CloseWait,
  Closing,
  LastAck,
  TimeWait,
};

std::string_view to_string(TcpState state);  // "SYN-SENT", ...

}  // namespace netsim::tcp
