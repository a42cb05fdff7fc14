// A 4-ary min-heap of 16-byte event keys: the classic priority structure for event lists, kept
// as the independent baseline the engine is benchmarked and tested against (the engine itself
// uses a ladder queue: sim/event_queue.h).
//
// Why 4-ary: half the depth of a binary heap, and the four children of a node are one 64-byte
// cache line (entries are 16 bytes and the array is offset so that every sibling group starts on
// a line boundary), so a sift-down costs about one cache miss per level.
// Why not stable: no heap is. Equal keys would come out in arbitrary order, so callers make every
// key unique (the event queue puts an insertion sequence number in `order`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <utility>

#include "sim/assert.h"

namespace netsim::bench {

struct EventKey {
  std::uint64_t time;   // nanoseconds
  std::uint64_t order;  // unique tiebreak: the insertion sequence number
};

// Lexicographic (time, order) as one 128-bit comparison: branch-free on x86-64.
inline bool key_less(const EventKey& a, const EventKey& b) {
  const auto ka = (static_cast<unsigned __int128>(a.time) << 64) | a.order;
  const auto kb = (static_cast<unsigned __int128>(b.time) << 64) | b.order;
  return ka < kb;
}

class FourAryHeap {
 public:
  FourAryHeap() = default;
  FourAryHeap(const FourAryHeap&) = delete;
  FourAryHeap& operator=(const FourAryHeap&) = delete;
  ~FourAryHeap() { release(); }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const EventKey& top() const { return data_[0]; }

  void push(EventKey e) {
    if (size_ == capacity_) grow();
    std::size_t i = size_++;
    // Sift up with a hole: move parents down until e fits.
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!key_less(e, data_[parent])) break;
      data_[i] = data_[parent];
      i = parent;
    }
    data_[i] = e;
  }

  void pop() {
    NETSIM_ASSERT(size_ > 0, "pop from an empty heap");
    const EventKey last = data_[--size_];
    if (size_ == 0) return;
    // Bottom-up deletion (Floyd; Wegener 1993): walk the hole from the root down to a leaf along
    // the smallest children without comparing against `last`, then sift `last` up from there.
    // The element moved from the end is usually among the largest, so it rarely climbs, and each
    // level costs one comparison fewer than the textbook sift-down.
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= size_) break;
      std::size_t best;
      if (first + 3 < size_) {
        // Two independent comparisons, then the final: shorter dependency chain than a scan.
        const std::size_t a = key_less(data_[first + 1], data_[first]) ? first + 1 : first;
        const std::size_t b = key_less(data_[first + 3], data_[first + 2]) ? first + 3 : first + 2;
        best = key_less(data_[b], data_[a]) ? b : a;
      } else {
        best = first;
        for (std::size_t c = first + 1; c < size_; ++c) {
          if (key_less(data_[c], data_[best])) best = c;
        }
      }
      data_[i] = data_[best];
      i = best;
    }
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!key_less(last, data_[parent])) break;
      data_[i] = data_[parent];
      i = parent;
    }
    data_[i] = last;
  }

  void clear() { size_ = 0; }

 private:
  static constexpr std::size_t kLine = 64;
  // Element k lives at raw_[k + kOffset]: children 4i+1..4i+4 land at raw 4(i+1)..4(i+1)+3,
  // i.e. at byte 64(i+1) of a 64-byte-aligned block.
  static constexpr std::size_t kOffset = 3;

  void grow() {
    const std::size_t new_capacity = capacity_ == 0 ? 1024 : capacity_ * 2;
    auto* raw = static_cast<EventKey*>(
        ::operator new ((new_capacity + kOffset) * sizeof(EventKey), std::align_val_t{kLine}));
    if (size_ > 0) std::memcpy(raw + kOffset, data_, size_ * sizeof(EventKey));
    release();
    raw_ = raw;
    data_ = raw + kOffset;
    capacity_ = new_capacity;
  }

  void release() {
    if (raw_ != nullptr) ::operator delete (raw_, std::align_val_t{kLine});
    raw_ = nullptr;
    data_ = nullptr;
  }

  EventKey* raw_ = nullptr;
  EventKey* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace netsim::bench
