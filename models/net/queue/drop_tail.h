// Drop-tail FIFO: accept while the queue stays within its limit, refuse the arriving packet
// otherwise (Linux pfifo/bfifo; ns-3 DropTailQueue). The limit counts packets waiting, not the
// one being transmitted, as in both of those.
#pragma once

#include "models/net/queue/queue_discipline.h"
#include "sim/ring_buffer.h"

namespace netsim::net {

class DropTailQueue final : public QueueDiscipline {
 public:
  explicit DropTailQueue(QueueLimit limit) : limit_(limit) {}

  bool enqueue(PacketId id, sim::Bytes size, sim::Time now) override;
  std::optional<PacketId> dequeue(sim::Time now) override;

  std::size_t packets() const override { return fifo_.size(); }
  sim::Bytes bytes() const override { return bytes_; }

 private:
  struct Entry {
    PacketId id = 0;
    sim::Bytes size;
  };

  QueueLimit limit_;
  sim::RingBuffer<Entry> fifo_;
  sim::Bytes bytes_;
};

}  // namespace netsim::net
