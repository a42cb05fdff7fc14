// Drop-tail FIFO: accept while the queue stays within its limit, refuse the arriving packet
// otherwise (Linux pfifo/bfifo; ns-3 DropTailQueue). The limit counts packets waiting, not the
// one being transmitted, as in both of those.
#pragma once

#include "models/net/queue/fifo.h"
#include "models/net/queue/queue_discipline.h"

namespace netsim::net {

class DropTailQueue final : public QueueDiscipline {
 public:
  explicit DropTailQueue(QueueLimit limit) : limit_(limit) {}

  bool enqueue(PacketId id, sim::Bytes size, sim::Time now) override;
  std::optional<PacketId> dequeue(sim::Time now, DropSink& drops) override;
  void clear(DropSink& drops) override;

  std::size_t packets() const override { return fifo_.packets(); }
  sim::Bytes bytes() const override { return fifo_.bytes(); }

 private:
  QueueLimit limit_;
  PacketFifo fifo_;
};

}  // namespace netsim::net
