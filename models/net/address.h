// Node identities and IPv4 addresses. Nodes are numbered densely from 0 so that per-node tables
// are arrays indexed by id.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace netsim::net {

using NodeId = std::uint32_t;

class Ipv4Address {
 public:
  constexpr Ipv4Address() = default;
  constexpr explicit Ipv4Address(std::uint32_t value) : value_(value) {}
  constexpr Ipv4Address(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d)
      : value_((std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) | d) {}

  constexpr std::uint32_t value() const { return value_; }
  constexpr auto operator<=>(const Ipv4Address&) const = default;

 private:
  std::uint32_t value_ = 0;
};

// Dotted-quad text, e.g. "10.0.0.1".
std::string to_string(Ipv4Address address);

}  // namespace netsim::net
