#include "models/net/queue/codel.h"

#include <cmath>

namespace netsim::net {

CodelQueue::CodelQueue(QueueLimit limit, const CodelParams& params)
    : limit_(limit), params_(params) {}

bool CodelQueue::enqueue(PacketId id, sim::Bytes size, sim::Time now) {
  if (!fits(limit_, fifo_, size)) return false;
  fifo_.push({id, size, now});
  return true;
}

sim::Time CodelQueue::control_law(sim::Time t) const {
  // RFC 8289 §5.6: t + interval / sqrt(count).
  const double step =
      static_cast<double>(params_.interval.ns()) / std::sqrt(static_cast<double>(count_));
  return t + sim::ns(std::llround(step));
}

CodelQueue::Head CodelQueue::dodequeue(sim::Time now) {
  if (fifo_.empty()) {
    first_above_time_.reset();
    return {};
  }
  const PacketFifo::Entry e = fifo_.pop();
  Head head{e.id, false};
  const sim::Duration sojourn = now - e.enqueued;
  // RFC 8289 §5.4: below target, or too little left to keep the link busy: leave drop mode.
  if (sojourn < params_.target || fifo_.bytes().count() <= params_.mtu_bytes) {
    first_above_time_.reset();
  } else if (!first_above_time_) {
    first_above_time_ = now + params_.interval;
  } else if (now >= *first_above_time_) {
    head.ok_to_drop = true;
  }
  return head;
}

std::optional<PacketId> CodelQueue::dequeue(sim::Time now, DropSink& drops) {
  Head r = dodequeue(now);
  if (dropping_) {
    if (!r.ok_to_drop) {
      dropping_ = false;
    }
    while (dropping_ && now >= drop_next_) {
      drops.dropped_from_queue(*r.id);
      ++count_;
      r = dodequeue(now);
      if (!r.ok_to_drop) {
        dropping_ = false;
      } else {
        drop_next_ = control_law(drop_next_);
      }
    }
  } else if (r.ok_to_drop) {
    drops.dropped_from_queue(*r.id);
    r = dodequeue(now);
    dropping_ = true;
    // RFC 8289 §5.5: if we were dropping recently, resume near the previous drop rate.
    const std::uint32_t delta = count_ - last_count_;
    count_ = 1;
    if (delta > 1 && now - drop_next_ < params_.interval * 16) count_ = delta;
    drop_next_ = control_law(now);
    last_count_ = count_;
  }
  return r.id;
}

void CodelQueue::clear(DropSink& drops) {
  while (!fifo_.empty()) drops.dropped_from_queue(fifo_.pop().id);
  first_above_time_.reset();
  dropping_ = false;
}

}  // namespace netsim::net
