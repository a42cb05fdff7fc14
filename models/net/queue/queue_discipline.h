// The interface every queue discipline (drop-tail, RED, CoDel, ...) implements: the buffer in
// front of a link's transmitter. The discipline decides what to keep and in which order; the
// channel owns timing and counts what the discipline refuses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "models/net/packet.h"
#include "sim/time.h"
#include "sim/units.h"

namespace netsim::net {

// Capacity of a queue, in packets or in bytes (both forms exist in practice: Linux pfifo vs
// bfifo, ns-3 DropTail "100p" vs "64000B").
struct QueueLimit {
  enum class Unit : std::uint8_t { Packets, Bytes };
  Unit unit = Unit::Packets;
  std::int64_t value = 100;

  static constexpr QueueLimit packets(std::int64_t n) { return {Unit::Packets, n}; }
  static constexpr QueueLimit bytes(std::int64_t n) { return {Unit::Bytes, n}; }
};

class QueueDiscipline {
 public:
  virtual ~QueueDiscipline() = default;

  // Offers a packet of `size` bytes. Returns false if the discipline refuses it; the caller then
  // drops and counts it.
  virtual bool enqueue(PacketId id, sim::Bytes size, sim::Time now) = 0;
  // The next packet to transmit, if any.
  virtual std::optional<PacketId> dequeue(sim::Time now) = 0;

  virtual std::size_t packets() const = 0;
  virtual sim::Bytes bytes() const = 0;
};

}  // namespace netsim::net
