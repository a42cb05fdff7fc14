// Byte counts and bit rates as types, and the one place where they meet time: the
// transmission (serialization) time of a packet, computed in integer arithmetic.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

#include "sim/assert.h"
#include "sim/time.h"

namespace netsim::sim {

class Bytes {
 public:
  constexpr Bytes() = default;
  constexpr explicit Bytes(std::int64_t count) : count_(count) {}
  constexpr std::int64_t count() const { return count_; }
  constexpr std::int64_t bits() const { return count_ * 8; }

  constexpr auto operator<=>(const Bytes&) const = default;
  constexpr Bytes operator+(Bytes o) const { return Bytes(count_ + o.count_); }
  constexpr Bytes operator-(Bytes o) const { return Bytes(count_ - o.count_); }
  constexpr Bytes operator*(std::int64_t k) const { return Bytes(count_ * k); }
  constexpr Bytes& operator+=(Bytes o) {
    count_ += o.count_;
    return *this;
  }
  constexpr Bytes& operator-=(Bytes o) {
    count_ -= o.count_;
    return *this;
  }

 private:
  std::int64_t count_ = 0;
};

// Bits per second. SI prefixes (1 Mbps = 10^6 bit/s), as for line rates.
class DataRate {
 public:
  constexpr DataRate() = default;
  static constexpr DataRate bps(std::int64_t v) { return DataRate(v); }
  static constexpr DataRate kbps(std::int64_t v) { return DataRate(detail::checked_mul(v, 1'000)); }
  static constexpr DataRate mbps(std::int64_t v) {
    return DataRate(detail::checked_mul(v, 1'000'000));
  }
  static constexpr DataRate gbps(std::int64_t v) {
    return DataRate(detail::checked_mul(v, 1'000'000'000));
  }

  constexpr std::int64_t bits_per_second() const { return bps_; }
  constexpr double to_mbps() const { return static_cast<double>(bps_) * 1e-6; }
  constexpr auto operator<=>(const DataRate&) const = default;

 private:
  constexpr explicit DataRate(std::int64_t bps) : bps_(bps) {}
  std::int64_t bps_ = 0;
};

// Time to put `size` on a wire of `rate`: ceil(bits · 10^9 / rate) nanoseconds. Rounded up
// because the last bit has not left until the whole bit time has passed; a 128-bit intermediate
// keeps the product exact for any size a simulation can hold.
constexpr Duration transmission_time(Bytes size, DataRate rate) {
  NETSIM_ASSERT(rate.bits_per_second() > 0, "transmission at a zero or negative rate");
  NETSIM_ASSERT(size.count() >= 0, "transmission of a negative size");
  const unsigned __int128 numerator =
      static_cast<unsigned __int128>(size.count()) * 8u * 1'000'000'000u;
  const auto rate_bps = static_cast<unsigned __int128>(rate.bits_per_second());
  return Duration::from_ns(static_cast<std::int64_t>((numerator + rate_bps - 1) / rate_bps));
}

std::string to_string(Bytes b);
std::string to_string(DataRate r);

}  // namespace netsim::sim
