// The interface every queue discipline implements (drop-tail, RED, CoDel): the buffer in front of
// a link's transmitter. The discipline decides what to keep, what to drop and in which order; the
// channel owns timing and counts what the discipline drops.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "models/net/packet.h"
#include "sim/random.h"
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

// Random Early Detection (Floyd and Jacobson 1993), thresholds in packets. Defaults are ns-3
// 3.37's RedQueueDisc (MinTh 5, MaxTh 15, QW 0.002, LInterm 50 → max_p 1/50).
struct RedParams {
  double min_threshold = 5;   // average queue (packets) below which nothing is dropped
  double max_threshold = 15;  // average above which everything is dropped (or, gentle, ramps)
  double max_p = 0.02;        // drop probability as the average reaches max_threshold
  double weight = 0.002;      // w_q, the EWMA weight of the average queue
  bool gentle = true;         // between max_th and 2·max_th, ramp max_p → 1 instead of jumping
  std::int64_t mean_packet_bytes = 500;  // sizes the idle-time decay (ns-3 MeanPktSize)
};

// CoDel (RFC 8289 §4): defaults are the RFC's (target 5 ms, interval 100 ms).
struct CodelParams {
  sim::Duration target = sim::ms(5);
  sim::Duration interval = sim::ms(100);
  std::int64_t mtu_bytes = 1500;  // a queue holding less than this never drops (RFC 8289 §5.3)
};

struct QueueConfig {
  enum class Discipline : std::uint8_t { DropTail, Red, Codel };
  Discipline discipline = Discipline::DropTail;
  QueueLimit limit = QueueLimit::packets(100);  // hard limit for every discipline
  RedParams red;
  CodelParams codel;
};

// Receives packets a discipline drops while dequeuing (CoDel drops at the head).
class DropSink {
 public:
  virtual ~DropSink() = default;
  virtual void dropped_from_queue(PacketId id) = 0;
};

class QueueDiscipline {
 public:
  virtual ~QueueDiscipline() = default;

  // Offers a packet of `size` bytes. Returns false if the discipline refuses it (limit, or an
  // early drop); the caller then drops and counts it.
  virtual bool enqueue(PacketId id, sim::Bytes size, sim::Time now) = 0;
  // The next packet to transmit, if any. Packets dropped on the way go to `drops`.
  virtual std::optional<PacketId> dequeue(sim::Time now, DropSink& drops) = 0;
  // Removes every packet (the link or node failed); each goes to `drops`.
  virtual void clear(DropSink& drops) = 0;

  virtual std::size_t packets() const = 0;
  virtual sim::Bytes bytes() const = 0;
};

std::string_view to_string(QueueConfig::Discipline discipline);

// `link_rate` sizes RED's idle-time decay; `rng` is used only by disciplines that draw random
// numbers (RED).
std::unique_ptr<QueueDiscipline> make_queue_discipline(const QueueConfig& config,
                                                       sim::DataRate link_rate, sim::Rng rng);

}  // namespace netsim::net
