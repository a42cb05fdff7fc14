// The client's reconnection delay (PROTOCOLS.md §11.2; socket.io-client 4.8.3
// lib/contrib/backo2.ts, a copy of the backo2 npm package), reproduced with JavaScript's number
// semantics:
//
//   ms = this.ms * Math.pow(this.factor, this.attempts++)
//   if (jitter) { deviation = Math.floor(rand * jitter * ms)
//                 ms = (Math.floor(rand * 10) & 1) == 0 ? ms - deviation : ms + deviation }
//   return Math.min(ms, this.max) | 0
//
// One random number sets both the size and the sign of the jitter. With the Manager's values
// (1000, 5000, factor 2, jitter 0.5) attempt 1 waits 551-1499 ms, 2: 1101-2999, 3: 2201-5000,
// 4: 4401-5000, and later attempts 5000 ms...
//
// ...until ms overflows. Math.pow(2, attempts) · 1000 is Infinity from attempts = 1015 on (the
// 1016th call since reset()). Then the deviation is Infinity (or NaN when rand is 0), the even
// branch computes Infinity − Infinity = NaN, and NaN | 0 = 0: after about 1015 failed attempts
// (~85 minutes at 5 s each) every call whose floor(10·rand) is even returns 0 ms, so the client
// retries at once about half of the time. The Manager bounds attempts only by
// reconnectionAttempts (Infinity by default), so a client that keeps failing gets there. This
// class returns what backo2 returns, 0 included.
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace netsim::socketio {

class Backoff {
 public:
  // backo2's options {min: ms, max, factor, jitter}, with its fallbacks: `opts.min || 100`,
  // `opts.max || 10000`, `opts.factor || 2`, and jitter used only if 0 < jitter ≤ 1 (else 0).
  // The defaults are what socket.io-client's Manager passes (reconnectionDelay 1000,
  // reconnectionDelayMax 5000, randomizationFactor 0.5; it never sets factor).
  explicit Backoff(std::int64_t ms = 1000, std::int64_t max = 5000, double factor = 2,
                   double jitter = 0.5);

  // The next delay. `rand` stands for Math.random(), uniform in [0, 1); it is ignored when
  // jitter is 0 (the reference does not draw then).
  sim::Duration duration(double rand);

  // Back to the first attempt (Manager calls it on close and on successful reconnect).
  void reset() { attempts_ = 0; }

  // Calls to duration() since construction or reset().
  int attempts() const { return attempts_; }

 private:
  double ms_;      // initial delay, ms
  double max_;     // cap, ms
  double factor_;  // growth per attempt
  double jitter_;  // 0 < jitter ≤ 1, or 0 for none
  int attempts_ = 0;
};

// ECMA-262 ToInt32 (what `x | 0` does): NaN and ±Infinity give 0, others are truncated and
// wrapped modulo 2^32 into [−2^31, 2^31).
std::int32_t to_int32(double x);

}  // namespace netsim::socketio
