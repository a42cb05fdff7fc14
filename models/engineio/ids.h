// Session ids: the Engine.IO sid (PROTOCOLS.md §7.2) and the Socket.IO socket id and pid (§8.4,
// §10.2) all come from base64id's generateId() (engine.io 6.6.9 lib/contrib/base64id.ts for the
// sid, the base64id 2.0.0 npm package for socket.io 4.8.3's id and pid; the code is the same).
//
// generateId() fills 15 bytes (base64 of 15 bytes = 20 characters, no padding): bytes 0..11
// are random, bytes 12..14 are the low 24 bits of a per-generator int32 sequence number
// (writeInt32BE(seq, 11) writes bytes 11..14, then the 12 random bytes overwrite byte 11). The
// base64 is made URL-safe by '/' → '_' and '+' → '-'. So the last 4 characters of successive ids
// count up: "...AAAA", "...AAAB", ... (PROTOCOLS's example sid "lv_VI97HAXpY6yYWAAAC" is the
// server's third).
//
// A server has two independent generators: engine.io's own copy for sids and the base64id
// package socket.io uses for socket ids and pids, each starting at sequence 0.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/random.h"

namespace netsim::engineio {

inline constexpr std::size_t kIdLength = 20;

// The id for 12 random bytes and a sequence number (only its low 24 bits show).
std::string encode_id(const std::array<std::uint8_t, 12>& random, std::int32_t sequence);

// An id whose random bytes come from `rng`: the 8 bytes of one next_u64() (least significant
// first) and the 4 low bytes of a second.
std::string generate_id(sim::Rng& rng, std::int32_t sequence);

// One base64id instance: the sequence number starts at 0 ((undefined + 1) | 0 in the reference)
// and wraps like an int32.
class IdGenerator {
 public:
  std::string next(sim::Rng& rng);
  // The sequence number the next id will carry.
  std::int32_t next_sequence() const { return static_cast<std::int32_t>(next_sequence_); }

 private:
  std::uint32_t next_sequence_ = 0;  // unsigned so that the int32 wrap is defined behaviour
};

}  // namespace netsim::engineio
