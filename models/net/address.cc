#include "models/net/address.h"

namespace netsim::net {

std::string to_string(Ipv4Address address) {
  const std::uint32_t v = address.value();
  return std::to_string(v >> 24) + '.' + std::to_string((v >> 16) & 0xff) + '.' +
         std::to_string((v >> 8) & 0xff) + '.' + std::to_string(v & 0xff);
}

}  // namespace netsim::net
