#include "models/net/queue/red.h"

#include <cmath>

namespace netsim::net {

RedQueue::RedQueue(QueueLimit limit, const RedParams& params, sim::DataRate link_rate, sim::Rng rng)
    : limit_(limit),
      params_(params),
      packets_per_second_(static_cast<double>(link_rate.bits_per_second()) /
                          (8.0 * static_cast<double>(params.mean_packet_bytes))),
      rng_(rng) {}

bool RedQueue::enqueue(PacketId id, sim::Bytes size, sim::Time now) {
  const auto queued = static_cast<double>(fifo_.packets());
  double idle_packets = 0;
  if (idle_) {
    idle_packets = std::floor(packets_per_second_ * (now - idle_since_).to_seconds());
    idle_ = false;
  }
  average_ = average_ * std::pow(1 - params_.weight, idle_packets + 1) + params_.weight * queued;
  ++count_;

  bool drop = false;
  if (average_ >= params_.min_threshold && queued > 1) {
    const double hard = params_.gentle ? 2 * params_.max_threshold : params_.max_threshold;
    if (average_ >= hard) {
      drop = true;
    } else if (!above_min_) {
      // The first arrival above min_th is never dropped; counting starts here.
      count_ = 1;
      above_min_ = true;
    } else if (drop_early()) {
      drop = true;
      count_ = 0;
    }
  } else {
    above_min_ = false;
  }
  if (drop || !fits(limit_, fifo_, size)) return false;
  fifo_.push({id, size, now});
  return true;
}

bool RedQueue::drop_early() {
  const double min_th = params_.min_threshold;
  const double max_th = params_.max_threshold;
  const double max_p = params_.max_p;
  double pb = params_.gentle && average_ >= max_th
                  ? (1 - max_p) / max_th * average_ + (2 * max_p - 1)
                  : max_p * (average_ - min_th) / (max_th - min_th);
  pb = std::min(pb, 1.0);
  const double c = static_cast<double>(count_);
  const double pa = c * pb < 1 ? 0 : c * pb < 2 ? pb / (2 - c * pb) : 1;
  return rng_.uniform() < pa;
}

std::optional<PacketId> RedQueue::dequeue(sim::Time now, DropSink&) {
  if (fifo_.empty()) {
    idle_ = true;
    idle_since_ = now;
    return std::nullopt;
  }
  return fifo_.pop().id;
}

void RedQueue::clear(DropSink& drops) {
  while (!fifo_.empty()) drops.dropped_from_queue(fifo_.pop().id);
}

}  // namespace netsim::net
