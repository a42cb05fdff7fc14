// CoDel, "Controlled Delay" (RFC 8289): drops at the head of the queue when packets have spent
// at least `target` in it for at least `interval`, then at intervals shrinking as
// interval/√count until the sojourn time falls below target again. Follows the RFC's
// pseudocode (§5): ok-to-drop after the sojourn stayed above target for a whole interval; on
// re-entering the dropping state soon after leaving it, count resumes from count − lastcount;
// a queue holding no more than one MTU never drops.
#pragma once

#include <optional>

#include "models/net/queue/fifo.h"
#include "models/net/queue/queue_discipline.h"

namespace netsim::net {

class CodelQueue final : public QueueDiscipline {
 public:
  CodelQueue(QueueLimit limit, const CodelParams& params);

  bool enqueue(PacketId id, sim::Bytes size, sim::Time now) override;
  std::optional<PacketId> dequeue(sim::Time now, DropSink& drops) override;
  void clear(DropSink& drops) override;

  std::size_t packets() const override { return fifo_.packets(); }
  sim::Bytes bytes() const override { return fifo_.bytes(); }
  bool dropping() const { return dropping_; }

 private:
  struct Head {
    std::optional<PacketId> id;
    bool ok_to_drop = false;
  };
  Head dodequeue(sim::Time now);
  sim::Time control_law(sim::Time t) const;

  QueueLimit limit_;
  CodelParams params_;
  PacketFifo fifo_;
  std::optional<sim::Time>
      first_above_time_;     // when the sojourn will have been above target for an interval
  sim::Time drop_next_;      // next drop, while dropping
  std::uint32_t count_ = 0;  // drops since entering the dropping state
  std::uint32_t last_count_ = 0;
  bool dropping_ = false;
};

}  // namespace netsim::net
