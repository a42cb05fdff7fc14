#include "models/net/queue/drop_tail.h"

namespace netsim::net {

bool DropTailQueue::enqueue(PacketId id, sim::Bytes size, sim::Time now) {
  if (!fits(limit_, fifo_, size)) return false;
  fifo_.push({id, size, now});
  return true;
}

std::optional<PacketId> DropTailQueue::dequeue(sim::Time, DropSink&) {
  if (fifo_.empty()) return std::nullopt;
  return fifo_.pop().id;
}

void DropTailQueue::clear(DropSink& drops) {
  while (!fifo_.empty()) drops.dropped_from_queue(fifo_.pop().id);
}

}  // namespace netsim::net
