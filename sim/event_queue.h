// The pending-event set of a simulation.
//
// Order (total, documented): events run by time; events at the same time run in the order they
// were scheduled (FIFO). The insertion sequence number is what makes this so: the heap underneath
// is not stable, and equal times are common (fixed link delays put many packets in lockstep).
//
// Representation, chosen for speed (see docs/architecture.md):
// - Each event owns a slot in a table holding its callback (a function pointer and 16 bytes of
//   inline state: no allocation per event). Slots are recycled through a free list.
// - The heap orders 16-byte entries: time, and one word packing (sequence << 24 | slot).
//   Comparing that word compares the sequence first, since sequences are unique.
// - An EventId is that same word. Cancelling frees the slot; the heap entry stays and is skipped
//   when it surfaces (lazy deletion). A stale id never matches again because sequence numbers are
//   never reused, so cancelling is always safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/assert.h"
#include "sim/four_ary_heap.h"
#include "sim/time.h"

namespace netsim::sim {

class EventId {
 public:
  constexpr EventId() = default;
  constexpr bool is_null() const { return word_ == 0; }

 private:
  friend class EventQueue;
  constexpr explicit EventId(std::uint64_t word) : word_(word) {}
  std::uint64_t word_ = 0;  // (sequence << kSlotBits) | slot; 0 = never scheduled
};

// A type-erased, allocation-free event callback: any trivially copyable callable of at most
// 16 bytes, e.g. a lambda capturing `this` and one integer.
class EventCallback {
 public:
  static constexpr std::size_t kCapacity = 16;

  EventCallback() = default;

  template <class F>
  static EventCallback from(const F& f) {
    static_assert(std::is_trivially_copyable_v<F> && std::is_trivially_destructible_v<F>,
                  "event callbacks must be trivially copyable (capture pointers and ids, "
                  "not strings or containers)");
    static_assert(sizeof(F) <= kCapacity && alignof(F) <= alignof(std::max_align_t),
                  "event callbacks hold at most 16 bytes of captures");
    EventCallback cb;
    ::new (static_cast<void*>(cb.storage_)) F(f);
    cb.invoke_ = [](void* storage) { (*std::launder(static_cast<F*>(storage)))(); };
    return cb;
  }

  void operator()() { invoke_(storage_); }

 private:
  void (*invoke_)(void*) = nullptr;
  alignas(8) unsigned char storage_[kCapacity] = {};
};

class EventQueue {
 public:
  static constexpr int kSlotBits = 24;
  static constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
  static constexpr std::uint64_t kMaxSlots = kSlotMask + 1;
  static constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << (64 - kSlotBits)) - 1;

  EventQueue() = default;
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  EventId push(Time t, const EventCallback& callback) {
    NETSIM_ASSERT(t.ns() >= 0, "event scheduled before time zero");
    NETSIM_ASSERT(next_sequence_ <= kMaxSequence, "event sequence numbers exhausted");
    std::uint32_t slot;
    if (!free_slots_.empty()) {
      slot = free_slots_.back();
      free_slots_.pop_back();
    } else {
      NETSIM_ASSERT(slots_.size() < kMaxSlots, "more than 2^24 events pending at once");
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    const std::uint64_t word = (next_sequence_++ << kSlotBits) | slot;
    slots_[slot].word = word;
    slots_[slot].callback = callback;
    heap_.push({static_cast<std::uint64_t>(t.ns()), word});
    ++live_;
    return EventId(word);
  }

  // Cancels a pending event. Returns false, and does nothing, if the id is null, already ran,
  // or was already cancelled.
  bool cancel(EventId id) {
    if (!is_pending(id)) return false;
    release_slot(static_cast<std::uint32_t>(id.word_ & kSlotMask));
    return true;
  }

  bool is_pending(EventId id) const {
    const std::uint64_t slot = id.word_ & kSlotMask;
    return !id.is_null() && slot < slots_.size() && slots_[slot].word == id.word_;
  }

  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }

  // If the earliest pending event is at or before `limit`, removes it and returns true with its
  // time and callback. Cancelled entries met on the way are discarded.
  bool pop_until(Time limit, Time& when, EventCallback& callback) {
    while (!heap_.empty()) {
      const HeapEntry top = heap_.top();
      const auto slot = static_cast<std::uint32_t>(top.order & kSlotMask);
      if (slots_[slot].word != top.order) {  // cancelled: its slot is free or reused
        heap_.pop();
        continue;
      }
      if (top.time > static_cast<std::uint64_t>(limit.ns())) return false;
      heap_.pop();
      // The next event's slot is read on the next pop; start loading it now, so the miss
      // overlaps with running this event.
      if (!heap_.empty()) __builtin_prefetch(&slots_[heap_.top().order & kSlotMask]);
      when = Time::from_ns(static_cast<std::int64_t>(top.time));
      callback = slots_[slot].callback;
      release_slot(slot);
      return true;
    }
    return false;
  }

 private:
  struct alignas(32) Slot {
    std::uint64_t word = 0;  // id of the occupant, 0 when free
    EventCallback callback;
  };

  void release_slot(std::uint32_t slot) {
    slots_[slot].word = 0;
    free_slots_.push_back(slot);
    --live_;
  }

  FourAryHeap heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 1;  // 0 is reserved so that a null EventId matches nothing
  std::size_t live_ = 0;
};

}  // namespace netsim::sim
