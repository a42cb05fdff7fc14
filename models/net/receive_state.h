// Where a transport endpoint's receive path will read, listed by the objects on that path (the
// socket, its stream, the application above), so that a link can fetch all of it a few
// packets ahead of an arrival (Channel::prefetch_arrivals, docs/architecture.md). For speed
// only: the addresses are never dereferenced, so a stale one costs a useless prefetch, which
// never faults, and a full list drops what comes last.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "sim/prefetch.h"

namespace netsim::net {

// Two cache lines (128 bytes): what a link fetches ahead to read the list.
class ReceiveState {
 public:
  static constexpr std::size_t kRanges = 12;

  // Lists [at, at + bytes) once and returns its entry, or kRanges when the list is full (an
  // address listed already is not listed again: its entry is returned).
  std::size_t add(const void* at, std::size_t bytes) {
    for (std::size_t i = 0; i < count_; ++i) {
      if (at_[i] == at) return i;
    }
    if (count_ == kRanges) return kRanges;
    set(count_, at, bytes);
    return count_++;
  }
  // Points entry `i` (from add) elsewhere: what it named has moved.
  void set(std::size_t i, const void* at, std::size_t bytes) {
    at_[i] = at;
    bytes_[i] = static_cast<std::uint16_t>(bytes < kMaxBytes ? bytes : kMaxBytes);
  }
  // An entry that follows something which moves (a buffer that grows, a table slot).
  struct Listing {
    const void* at = nullptr;
    std::size_t entry = kRanges;  // not yet listed
  };
  // Lists [at, at + bytes) in `listing`'s entry, added the first time. Unmoved, it reads
  // nothing but `listing`: the list's own lines are not touched.
  void relist(Listing& listing, const void* at, std::size_t bytes) {
    if (at == listing.at && listing.entry != kRanges) return;
    if (listing.entry == kRanges) {
      listing.entry = add(at, bytes);
    } else {
      set(listing.entry, at, bytes);
    }
    listing.at = at;
  }

  template <typename T>
  std::size_t add_object(const T* object) {
    return add(object, sizeof(T));
  }
  // Lists [begin, end): a run of an object's members, from one member (or the object) to the
  // next one not listed (or the object's end).
  std::size_t add_span(const void* begin, const void* end) {
    return add(begin, static_cast<std::size_t>(static_cast<const char*>(end) -
                                               static_cast<const char*>(begin)));
  }

  void prefetch() const {
    for (std::size_t i = 0; i < count_; ++i) sim::prefetch_lines(at_[i], bytes_[i]);
  }

  std::size_t size() const { return count_; }
  const void* address(std::size_t i) const { return at_[i]; }
  std::size_t bytes(std::size_t i) const { return bytes_[i]; }

 private:
  static constexpr std::size_t kMaxBytes = 0xffff;
  std::array<const void*, kRanges> at_{};
  std::array<std::uint16_t, kRanges> bytes_{};
  std::uint8_t count_ = 0;
};

}  // namespace netsim::net
