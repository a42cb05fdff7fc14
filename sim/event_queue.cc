#include "sim/event_queue.h"

#include <algorithm>

namespace netsim::sim {

std::uint32_t EventQueue::new_node() {
  NETSIM_ASSERT(nodes_.size() < kNil, "more than 2^32 - 1 events pending at once");
  nodes_.emplace_back();
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

void EventQueue::insert_into_bottom(const Placement& event) {
  // New events are usually later than most of the bottom: look a few places from the end
  // first. But the bottom can hold thousands of events at one time (a bucket of timers that a
  // broadcast armed on every connection at once) while events earlier than them keep arriving:
  // then find the place by binary search, and shift whichever side of it is shorter.
  auto first = bottom_.begin() + static_cast<std::ptrdiff_t>(bottom_head_);
  auto it = bottom_.end();
  for (int step = 0; step < 8 && it != first && before(event, *(it - 1)); ++step) --it;
  if (it != first && before(event, *(it - 1))) {
    it = std::upper_bound(first, it, event,
                          [this](const Placement& a, const Placement& b) { return before(a, b); });
  }
  const auto ahead = static_cast<std::size_t>(it - first);
  if (ahead < static_cast<std::size_t>(bottom_.end() - it)) {
    if (bottom_head_ == 0) {
      // Room in front, made once for many insertions.
      const std::size_t room = std::max<std::size_t>(kThreshold, bottom_.size() / 4);
      bottom_.insert(bottom_.begin(), room, Placement{});
      bottom_head_ = room;
      first = bottom_.begin() + static_cast<std::ptrdiff_t>(room);
      it = first + static_cast<std::ptrdiff_t>(ahead);
    }
    std::move(first, it, first - 1);
    --bottom_head_;
    *(it - 1) = event;
  } else {
    bottom_.insert(it, event);
  }

  // A bottom that keeps growing (many events landing before the first bucket, e.g. when buckets
  // are wide) would make each insertion linear: spread it over a new, finer rung instead, as the
  // paper does. Events at the bottom's last time do not count: a run of them (a single
  // timestamp) cannot be split, would come back as one bucket, and events appended at that time
  // cost nothing.
  if (bottom_.size() - bottom_head_ <= kThreshold || rung_count_ == kMaxRungs) return;
  first = bottom_.begin() + static_cast<std::ptrdiff_t>(bottom_head_);
  const std::uint64_t last = bottom_.back().time;
  const auto run = std::lower_bound(first, bottom_.end(), last,
                                    [](const Placement& p, std::uint64_t t) { return p.time < t; });
  if (static_cast<std::size_t>(run - first) <= kThreshold) return;
  const std::uint64_t lo = first->time;
  const std::uint64_t end = rung_count_ > 0 ? rungs_[rung_count_ - 1].current_start : top_start_;
  scratch_.assign(first, bottom_.end());
  bottom_.clear();
  bottom_head_ = 0;
  distribute(rungs_[rung_count_++], scratch_, lo, end);
}

void EventQueue::distribute(Rung& rung, std::vector<Placement>& events, std::uint64_t start,
                            std::uint64_t end) {
  // `events` lists same-time events oldest first; placing them in that order keeps the
  // invariant refill_bottom() relies on (a bucket's placements are in insertion order within a
  // time).
  // About one bucket per event (the paper's choice). The width is rounded up to a power of two
  // so that finding a bucket is a shift, not a division: between one half and one bucket per
  // event.
  const std::uint64_t span = end - start;
  const std::uint64_t wanted = (span + events.size() - 1) / events.size();
  rung.width_log2 = wanted <= 1 ? 0 : 64 - __builtin_clzll(wanted - 1);
  rung.start = start;
  rung.bucket_count = static_cast<std::size_t>((span + rung.width() - 1) >> rung.width_log2);
  rung.current = 0;
  rung.current_start = start;
  rung.buckets.assign(rung.bucket_count, Bucket{});
  for (const Placement& e : events) {
    link(rung.buckets[(e.time - start) >> rung.width_log2], e.node);
  }
  events.clear();
}

void EventQueue::refill_bottom() {
  bottom_.clear();
  bottom_head_ = 0;
  for (;;) {
    if (rung_count_ == 0) {
      // Rung 0 spans [min, max] of the top; later events keep going to the top.
      NETSIM_ASSERT(!top_.empty(), "event queue lost track of its events");
      const std::uint64_t start = top_min_;
      const std::uint64_t end = top_max_ + 1;
      rung_count_ = 1;
      distribute(rungs_[0], top_, start, end);
      top_start_ = rungs_[0].end();
      top_min_ = UINT64_MAX;
      top_max_ = 0;
    }
    Rung& rung = rungs_[rung_count_ - 1];
    while (rung.current < rung.bucket_count && rung.buckets[rung.current].count == 0)
      ++rung.current;
    if (rung.current == rung.bucket_count) {
      --rung_count_;  // exhausted: later events for its range go to the bottom or the rung above
      continue;
    }
    const Bucket bucket = rung.buckets[rung.current];
    rung.buckets[rung.current] = Bucket{};
    ++rung.current;
    rung.current_start = rung.start + (rung.current << rung.width_log2);

    // Gather the bucket in the order its events were placed, which among events of equal time
    // is insertion order (distribute() receives them oldest first): list l holds placements l,
    // l + kLists, ..., newest first.
    std::uint64_t lo = UINT64_MAX;
    std::uint64_t hi = 0;
    bottom_.resize(bucket.count);
    std::array<std::uint32_t, kLists> at = bucket.head;
    std::array<std::size_t, kLists> slot{};
    for (std::uint32_t l = 0; l < kLists; ++l) {
      if (l < bucket.count) slot[l] = l + (bucket.count - 1 - l) / kLists * kLists;
    }
    for (std::uint32_t left = bucket.count; left > 0;) {
      for (std::uint32_t l = 0; l < kLists; ++l) {
        if (at[l] == kNil) continue;
        const Node& node = nodes_[at[l]];
        bottom_[slot[l]] = {node.time, at[l]};
        lo = std::min(lo, node.time);
        hi = std::max(hi, node.time);
        at[l] = node.next;
        slot[l] -= kLists;
        --left;
      }
    }
    if (bucket.count > kThreshold && lo != hi && rung_count_ < kMaxRungs) {
      // Split into a finer rung spanning [earliest event, end of the bucket).
      distribute(rungs_[rung_count_++], bottom_, lo, rung.current_start);
      continue;
    }
    // The bucket becomes the bottom, sorted. When all its events share one time (fixed delays
    // make large such buckets), insertion order is the whole order.
    if (lo == hi) return;
    const auto less = [this](const Placement& a, const Placement& b) { return before(a, b); };
    if (bottom_.size() <= 16) {
      // Insertion sort: buckets hold about ten events, where it beats std::sort.
      for (std::size_t i = 1; i < bottom_.size(); ++i) {
        const Placement e = bottom_[i];
        std::size_t j = i;
        for (; j > 0 && less(e, bottom_[j - 1]); --j) bottom_[j] = bottom_[j - 1];
        bottom_[j] = e;
      }
    } else {
      std::sort(bottom_.begin(), bottom_.end(), less);
    }
    return;
  }
}

}  // namespace netsim::sim
