// A full-duplex point-to-point link: two independent channels, one per direction, each with its
// own rate, delay, queue and loss (asymmetric links such as ADSL or a mobile uplink are common).
#pragma once

#include <string>

#include "models/net/channel.h"

namespace netsim::net {

struct Link {
  std::string name;
  Channel& forward;  // first node → second node
  Channel& reverse;  // second node → first node
};

}  // namespace netsim::net
