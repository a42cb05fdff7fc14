// TCP sequence numbers: 32-bit and wrapping (RFC 9293 §3.4). Order is defined by the signed
// distance, so comparisons are correct across the wrap as long as the numbers compared are less
// than 2^31 apart, which the window sizes guarantee. Never compare raw integers.
#pragma once

#include <cstdint>

namespace netsim::tcp {

class SeqNum {
 public:
  constexpr SeqNum() = default;
  constexpr explicit SeqNum(std::uint32_t value) : value_(value) {}

  constexpr std::uint32_t value() const { return value_; }

  constexpr SeqNum operator+(std::uint32_t n) const { return SeqNum(value_ + n); }
  constexpr SeqNum operator-(std::uint32_t n) const { return SeqNum(value_ - n); }
  constexpr SeqNum& operator+=(std::uint32_t n) {
    value_ += n;
    return *this;
  }
  // Signed distance a − b, for numbers less than 2^31 apart.
  constexpr std::int32_t operator-(SeqNum other) const {
    return static_cast<std::int32_t>(value_ - other.value_);
  }

  constexpr bool operator==(const SeqNum&) const = default;
  constexpr bool operator<(SeqNum o) const { return *this - o < 0; }
  constexpr bool operator<=(SeqNum o) const { return *this - o <= 0; }
  constexpr bool operator>(SeqNum o) const { return *this - o > 0; }
  constexpr bool operator>=(SeqNum o) const { return *this - o >= 0; }

 private:
  std::uint32_t value_ = 0;
};

constexpr SeqNum seq_max(SeqNum a, SeqNum b) { return a < b ? b : a; }
constexpr SeqNum seq_min(SeqNum a, SeqNum b) { return a < b ? a : b; }

// Bytes from a to b (b ≥ a).
constexpr std::uint32_t seq_distance(SeqNum a, SeqNum b) { return b.value() - a.value(); }

}  // namespace netsim::tcp
