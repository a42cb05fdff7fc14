// The connection-state-recovery offset generator (PROTOCOLS.md §10.2; socket.io-adapter 2.5.8
// lib/contrib/yeast.ts, imported from unshiftio/yeast). An offset is the current time in
// milliseconds written in base 64 with the alphabet 0-9 A-Z a-z - _ (most significant digit
// first); a second call in the same millisecond appends "." and a per-millisecond counter
// (also base 64) starting at 0: "PjssgW1", "PjssgW1.0", "PjssgW1.1", ...
//
// The reference reads Date.now(); the caller maps simulated time to a wall-clock time, by
// default kDefaultEpochUnixMs + elapsed simulated milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace netsim::socketio {

// 2026-01-01T00:00:00Z in Unix milliseconds ("PjssgW0"). Times from 1972 (64^6 ms) to 2109
// (64^7 ms) encode in 7 digits, like the offsets Socket.IO writes today.
inline constexpr std::int64_t kDefaultEpochUnixMs = 1767225600000;

// yeast's encode(): `num` in base 64 ("0" for 0). num must be ≥ 0.
std::string yeast_encode(std::int64_t num);

// One yeast instance (in the reference, module state shared by every adapter of a process).
class Yeast {
 public:
  // yeast() at wall-clock time `unix_ms` (≥ 0).
  std::string next(std::int64_t unix_ms);

 private:
  std::optional<std::string> prev_;  // the last timestamp issued bare (`prev`)
  std::int64_t seed_ = 0;            // counter within that millisecond (`seed`)
};

}  // namespace netsim::socketio
