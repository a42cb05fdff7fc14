// The pending-event set of a simulation.
//
// Order (total, documented): events run by time; events at the same time run in the order they
// were scheduled (FIFO). An insertion sequence number makes this so: no fast priority structure is
// stable by itself, and equal times are common (fixed link delays put many packets in lockstep).
//
// Structure: a ladder queue (Tang, Goh and Thng, "Ladder Queue: An O(1) Priority Queue Structure
// for Large-Scale Discrete Event Simulation", ACM TOMACS 15(3), 2005) threaded through a table of
// event nodes. Events live in three tiers, ordered by time:
//   top     unsorted: every event at or after `top_start_` (the far future);
//   rungs   arrays of equal-width buckets, each a few unsorted singly-linked lists of nodes
//           (walked side by side, see Bucket). Rung 0 spans what the top held when it was last
//           emptied; a deeper rung subdivides one bucket of the rung above that held more than
//           kThreshold events;
//   bottom  the events of one bucket, sorted: the next ones to run.
// A push goes to the top, or to the front of one bucket's list (found with a shift), or, if it is
// earlier than every bucket, into the short sorted bottom. A pop takes from the bottom; when that
// empties it (right away, so that the next event is known while this one runs), the next
// non-empty bucket of the deepest rung is sorted into it, or split into a new rung if it is large.
// Each event is handled a small, bounded number of times, so the cost per event does not grow with
// the number pending (a heap's grows with log N, with a cache miss per level). See
// docs/architecture.md for the measurements behind these choices.
//
// Exactness: tiers and buckets partition time, and the bottom is sorted by the full
// (time, sequence) key, so events come out in key order. Many events sharing one timestamp land in
// one bucket that cannot be split; it becomes the bottom whole.
//
// Memory: each event is one 48-byte node holding its callback inline (a function pointer and
// 16 bytes of captures: no allocation per event). Buckets and the bottom hold 32-bit node indices
// (a bucket, eight list heads and a count: 36 bytes). Free nodes form a LIFO stack of
// indices: the node freed by the running event is the one its successor reuses, still in cache.
//
// Cancellation: an EventId is (node, sequence). Cancelling marks the node; it stays queued and is
// discarded when it surfaces (lazy deletion). A freed node has sequence 0 and sequence numbers are
// never reused, so a stale id never matches: cancelling is always safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <vector>

#include "sim/assert.h"
#include "sim/time.h"

namespace netsim::sim {

class EventId {
 public:
  constexpr EventId() = default;
  constexpr bool is_null() const { return sequence_ == 0; }

 private:
  friend class EventQueue;
  constexpr EventId(std::uint32_t node, std::uint64_t sequence)
      : node_(node), sequence_(sequence) {}
  std::uint32_t node_ = 0;
  std::uint64_t sequence_ = 0;  // 0: never scheduled
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
    static_assert(sizeof(F) <= kCapacity && alignof(F) <= 8,
                  "event callbacks hold at most 16 bytes of captures");
    EventCallback cb;
    ::new (static_cast<void*>(cb.storage_)) F(f);
    cb.invoke_ = [](unsigned char* storage, Call call) {
      const F& callable = *std::launder(reinterpret_cast<F*>(storage));
      if (call == Call::Run) {
        callable();
      } else if constexpr (requires { callable.prefetch(); }) {
        callable.prefetch();
      } else {
        prefetch_first_word(storage);
      }
    };
    return cb;
  }

  void operator()() { invoke_(storage_, Call::Run); }

  // Asks the cache for what the callback will touch, while the event before it runs: a
  // callable with a `prefetch()` member says what (an alarm fetches its owner); otherwise the
  // first captured word, as callbacks capture their object first (`this`). A word that is not
  // an address costs nothing: a prefetch never faults. Called only for a pending event, whose
  // captured objects are alive.
  void prefetch_target() { invoke_(storage_, Call::Prefetch); }

 private:
  enum class Call : bool { Run, Prefetch };
  static void prefetch_first_word(const unsigned char* storage) {
    const void* first;
    std::memcpy(&first, storage, sizeof first);
    __builtin_prefetch(first);
  }

  void (*invoke_)(unsigned char*, Call) = nullptr;
  alignas(8) unsigned char storage_[kCapacity] = {};  // zeroed: a first word is always there
};

class EventQueue {
 public:
  EventQueue() = default;
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  // `t` must not be earlier than the last event taken out (the Simulator checks causality).
  EventId push(Time t, const EventCallback& callback) {
    std::uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      index = new_node();
    }
    const auto time = static_cast<std::uint64_t>(t.ns());
    Node& node = nodes_[index];
    node.time = time;
    node.sequence = next_sequence_++;
    node.callback = callback;
    node.cancelled = false;
    ++queued_;
    ++pending_;
    place(index, time);
    return EventId(index, nodes_[index].sequence);
  }

  // Cancels a pending event. Returns false, and does nothing, if the id is null, already ran,
  // or was already cancelled.
  bool cancel(EventId id) {
    if (!is_pending(id)) return false;
    nodes_[id.node_].cancelled = true;
    --pending_;
    return true;
  }

  // Where the event's node is, for a cache hint: a cancel, or a later push that finds the event
  // still pending, reads it. Null for a null id. Valid until the next push (the table may grow);
  // a stale address is harmless to a prefetch.
  const void* node_address(EventId id) const {
    return id.is_null() || id.node_ >= nodes_.size() ? nullptr : &nodes_[id.node_];
  }
  static constexpr std::size_t kNodeBytes = 48;

  bool is_pending(EventId id) const {
    return !id.is_null() && id.node_ < nodes_.size() && nodes_[id.node_].sequence == id.sequence_ &&
           !nodes_[id.node_].cancelled;
  }

  std::size_t size() const { return pending_; }
  bool empty() const { return pending_ == 0; }

  // If the earliest pending event is at or before `limit`, removes it and returns true with its
  // time and callback. Cancelled events met on the way are discarded.
  bool pop_until(Time limit, Time& when, EventCallback& callback) {
    while (queued_ > 0) {
      if (bottom_head_ == bottom_.size()) refill_bottom();
      const std::uint32_t index = bottom_[bottom_head_].node;
      Node& node = nodes_[index];
      if (!node.cancelled && node.time > static_cast<std::uint64_t>(limit.ns())) return false;
      ++bottom_head_;
      --queued_;
      const bool run = !node.cancelled;
      if (run) {
        --pending_;
        when = Time::from_ns(static_cast<std::int64_t>(node.time));
        callback = node.callback;
      }
      free_node(index);
      // Two events ahead, the node; one ahead (its node fetched during this event), what its
      // callback will read. At a large scale every event starts on state that has long left the
      // cache (a connection among thousands): this overlaps those misses with the work of the
      // event before it. Buckets hold about one event, so the next bucket is sorted into the
      // bottom now rather than when it is needed: the next event is known one event early. (An
      // event scheduled meanwhile that is earlier still goes into the bottom, in order.)
      if (bottom_head_ == bottom_.size() && queued_ > 0) refill_bottom();
      if (bottom_head_ + 1 < bottom_.size())
        __builtin_prefetch(&nodes_[bottom_[bottom_head_ + 1].node]);
      if (bottom_head_ < bottom_.size()) {
        Node& next = nodes_[bottom_[bottom_head_].node];
        if (!next.cancelled) next.callback.prefetch_target();
      }
      if (run) return true;
    }
    return false;
  }

 private:
  static constexpr std::uint32_t kNil = 0xffffffff;
  // A bucket with more events than this is split into a finer rung rather than sorted (the
  // paper's THRES); the bottom likewise, when insertions make it grow.
  static constexpr std::uint32_t kThreshold = 50;
  static constexpr int kMaxRungs = 8;

  struct Node {
    std::uint64_t time;      // nanoseconds
    std::uint64_t sequence;  // insertion order; 0 while the node is free
    EventCallback callback;
    std::uint32_t next;  // next node on its list in a bucket
    bool cancelled;      // cancelled but still queued (lazy deletion)
  };

  static_assert(sizeof(Node) == kNodeBytes);

  // A bucket's nodes are on kLists singly-linked lists through Node::next, newest first: the
  // p-th event placed in the bucket (from 0) goes on list p % kLists. A list is a chain of
  // dependent loads, each a cache miss once the nodes have left the cache (a bucket of timers
  // armed long ago); walking kLists lists side by side keeps that many misses in flight.
  static constexpr std::uint32_t kLists = 8;
  static constexpr std::array<std::uint32_t, kLists> kEmptyLists = [] {
    std::array<std::uint32_t, kLists> heads{};
    heads.fill(kNil);
    return heads;
  }();
  struct Bucket {
    std::array<std::uint32_t, kLists> head = kEmptyLists;
    std::uint32_t count = 0;
  };
  void link(Bucket& bucket, std::uint32_t index) {
    std::uint32_t& head = bucket.head[bucket.count % kLists];
    nodes_[index].next = head;
    head = index;
    ++bucket.count;
  }

  struct Rung {
    std::uint64_t start = 0;          // time at which bucket 0 begins
    int width_log2 = 0;               // buckets are 2^width_log2 ns wide: indexing is a shift
    std::size_t current = 0;          // next bucket to take; earlier ones are empty
    std::uint64_t current_start = 0;  // start + current · width: earlier events go deeper
    std::size_t bucket_count = 0;
    std::vector<Bucket> buckets;

    std::uint64_t width() const { return std::uint64_t{1} << width_log2; }
    std::uint64_t end() const { return start + bucket_count * width(); }
  };

  // An event in the top or the bottom, or on its way into a rung, with its time at hand:
  // reading it from the node would cost a cache miss per event.
  struct Placement {
    std::uint64_t time;
    std::uint32_t node;
  };

  // Event order. Sequence numbers break ties; they are read from the nodes only then.
  bool before(const Placement& a, const Placement& b) const {
    return a.time < b.time ||
           (a.time == b.time && nodes_[a.node].sequence < nodes_[b.node].sequence);
  }

  void place(std::uint32_t index, std::uint64_t time) {
    if (time >= top_start_) {
      top_.push_back({time, index});
      if (time < top_min_) top_min_ = time;
      if (time > top_max_) top_max_ = time;
      return;
    }
    for (int r = 0; r < rung_count_; ++r) {
      Rung& rung = rungs_[r];
      if (time >= rung.current_start) {
        const std::uint64_t b = (time - rung.start) >> rung.width_log2;
        NETSIM_ASSERT(b < rung.bucket_count, "event queue: event beyond its rung");
        link(rung.buckets[b], index);
        return;
      }
    }
    insert_into_bottom({time, index});
  }

  std::uint32_t new_node();
  void insert_into_bottom(const Placement& event);
  void refill_bottom();
  // Spreads `events` (then cleared; same-time events oldest first) over `rung`, covering
  // [start, end).
  void distribute(Rung& rung, std::vector<Placement>& events, std::uint64_t start,
                  std::uint64_t end);
  void free_node(std::uint32_t index) {
    nodes_[index].sequence = 0;
    free_.push_back(index);
  }

  std::vector<Node> nodes_;
  // Free nodes, the last freed on top. A stack of its own, not a list through the nodes: taking
  // a node then reads nothing from the node below it (with events that schedule two or more,
  // that read was a cache miss).
  std::vector<std::uint32_t> free_;

  std::vector<Placement> top_;
  std::uint64_t top_start_ = 0;  // events at or after this time go to the top
  std::uint64_t top_min_ = UINT64_MAX;
  std::uint64_t top_max_ = 0;

  std::array<Rung, kMaxRungs> rungs_;
  int rung_count_ = 0;

  std::vector<Placement> bottom_;  // sorted ascending from bottom_head_
  std::size_t bottom_head_ = 0;

  std::vector<Placement> scratch_;  // reused when a bucket or the bottom is split

  std::uint64_t next_sequence_ = 1;  // 0 marks free nodes and the null EventId
  std::size_t queued_ = 0;           // nodes in the tiers, cancelled ones included
  std::size_t pending_ = 0;          // queued and not cancelled
};

}  // namespace netsim::sim
