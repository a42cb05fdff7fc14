// Random Early Detection (Floyd and Jacobson, "Random Early Detection Gateways for Congestion
// Avoidance", IEEE/ACM ToN 1993), as ns-3's RedQueueDisc computes it (packet mode, with its
// defaults: gentle, "wait" between drops). On each arrival:
//   avg ← avg·(1 − w)^(m+1) + w·q   (q: packets queued before it; m: packets the link could have
//                                    sent while the queue was idle, so the average decays)
//   avg < min_th                → accept
//   avg ≥ max_th (2·max_th if gentle) → drop
//   otherwise drop with probability pa, from pb = max_p·(avg − min_th)/(max_th − min_th) (or the
//   gentle ramp to 1), spread by the count of packets since the last drop:
//   pa = 0 if count·pb < 1, pb/(2 − count·pb) if < 2, else 1 ("wait" variant).
// The queue's hard limit still applies (tail drop beyond it).
#pragma once

#include "models/net/queue/fifo.h"
#include "models/net/queue/queue_discipline.h"

namespace netsim::net {

class RedQueue final : public QueueDiscipline {
 public:
  RedQueue(QueueLimit limit, const RedParams& params, sim::DataRate link_rate, sim::Rng rng);

  bool enqueue(PacketId id, sim::Bytes size, sim::Time now) override;
  std::optional<PacketId> dequeue(sim::Time now, DropSink& drops) override;
  void clear(DropSink& drops) override;

  std::size_t packets() const override { return fifo_.packets(); }
  sim::Bytes bytes() const override { return fifo_.bytes(); }
  double average() const { return average_; }

 private:
  bool drop_early();

  QueueLimit limit_;
  RedParams params_;
  double packets_per_second_;  // link rate / mean packet size: scales the idle decay
  sim::Rng rng_;
  PacketFifo fifo_;
  double average_ = 0;
  std::int64_t count_ = 0;  // packets since the last early drop
  bool above_min_ = false;  // ns-3 `old`: the previous arrival found avg ≥ min_th
  bool idle_ = true;
  sim::Time idle_since_;
};

}  // namespace netsim::net
