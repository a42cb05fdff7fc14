// The packet FIFO shared by the disciplines: ids with their sizes and arrival times, on a ring
// buffer (no allocation in steady state).
#pragma once

#include "models/net/packet.h"
#include "models/net/queue/queue_discipline.h"
#include "sim/ring_buffer.h"
#include "sim/time.h"
#include "sim/units.h"

namespace netsim::net {

class PacketFifo {
 public:
  struct Entry {
    PacketId id = 0;
    sim::Bytes size;
    sim::Time enqueued;  // for sojourn times (CoDel)
  };

  bool empty() const { return entries_.empty(); }
  std::size_t packets() const { return entries_.size(); }
  sim::Bytes bytes() const { return bytes_; }

  void push(const Entry& e) {
    entries_.push_back(e);
    bytes_ += e.size;
  }
  Entry pop() {
    const Entry e = entries_.pop_front();
    bytes_ -= e.size;
    return e;
  }

 private:
  sim::RingBuffer<Entry> entries_;
  sim::Bytes bytes_;
};

// Whether one more packet of `size` fits under `limit`.
inline bool fits(const QueueLimit& limit, const PacketFifo& fifo, sim::Bytes size) {
  return limit.unit == QueueLimit::Unit::Packets
             ? static_cast<std::int64_t>(fifo.packets()) < limit.value
             : (fifo.bytes() + size).count() <= limit.value;
}

}  // namespace netsim::net
