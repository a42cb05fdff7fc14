#include "models/net/queue/drop_tail.h"

namespace netsim::net {

bool DropTailQueue::enqueue(PacketId id, sim::Bytes size, sim::Time) {
  const bool fits = limit_.unit == QueueLimit::Unit::Packets
                        ? static_cast<std::int64_t>(fifo_.size()) < limit_.value
                        : (bytes_ + size).count() <= limit_.value;
  if (!fits) return false;
  fifo_.push_back({id, size});
  bytes_ += size;
  return true;
}

std::optional<PacketId> DropTailQueue::dequeue(sim::Time) {
  if (fifo_.empty()) return std::nullopt;
  const Entry e = fifo_.pop_front();
  bytes_ -= e.size;
  return e.id;
}

}  // namespace netsim::net
