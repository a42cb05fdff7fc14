// What became of each copy of an event a sender handed on (written, buffered, dropped,
// replayed), in the order it happened: the sender's half of the delivery accounting
// (models/realtime/delivery_accounting.h), the receiver's being EventLog::received.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

#include "sim/time.h"

namespace netsim::realtime {

// A copy of an event handed to one recipient's connection, or withheld from it.
struct Transmission {
  enum class Kind : std::uint8_t {
    Written,          // written on the transport (it may still be lost with the connection)
    Buffered,         // the client was not connected: kept in its send buffer
    VolatileDropped,  // volatile and the transport not writable: dropped
    Replayed,         // re-sent by the application's replay from the client's last event id
  };
  std::uint64_t id;
  sim::Time at;
  // The recipient socket's id (server emits) or the server's name, as EventLog::name_id gave
  // it: a broadcast records one transmission per socket, and a string each would be most of
  // the log's memory.
  std::uint32_t to;
  Kind kind;
};

// The transmissions of a run, in order, stored as runs: consecutive records of one event, time
// and kind (a broadcast's, one per recipient socket) share one header and take 4 bytes each
// (a record of its own took 24: with a ReceivedEvent, most of a large run's memory).
class TransmissionLog {
 public:
  void add(const Transmission& t) {
    if (runs_.empty() || runs_.back().id != t.id || runs_.back().at != t.at ||
        runs_.back().kind != t.kind) {
      runs_.push_back({t.id, t.at, t.kind, recipients_.size()});
    }
    recipients_.push_back(t.to);
  }
  std::size_t size() const { return recipients_.size(); }
  bool empty() const { return recipients_.empty(); }

  // A run: its records' event, time and kind; its recipients start at `first`.
  struct Run {
    std::uint64_t id;
    sim::Time at;
    Transmission::Kind kind;
    std::size_t first;
  };
  const std::deque<Run>& runs() const { return runs_; }
  // Calls f(Transmission) for each record of runs()[run], in order.
  template <class F>
  void for_each_in_run(std::size_t run, F&& f) const {
    const Run& r = runs_[run];
    const std::size_t end = run + 1 < runs_.size() ? runs_[run + 1].first : recipients_.size();
    for (std::size_t i = r.first; i < end; ++i) f(Transmission{r.id, r.at, recipients_[i], r.kind});
  }

  class Iterator {
   public:
    using value_type = Transmission;
    using difference_type = std::ptrdiff_t;
    Iterator() = default;
    Transmission operator*() const {
      const Run& r = log_->runs_[run_];
      return {r.id, r.at, log_->recipients_[index_], r.kind};
    }
    Iterator& operator++() {
      ++index_;
      if (run_ + 1 < log_->runs_.size() && log_->runs_[run_ + 1].first == index_) ++run_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const Iterator& o) const { return index_ == o.index_; }

   private:
    friend class TransmissionLog;
    Iterator(const TransmissionLog* log, std::size_t run, std::size_t index)
        : log_(log), run_(run), index_(index) {}
    const TransmissionLog* log_ = nullptr;
    std::size_t run_ = 0;
    std::size_t index_ = 0;
  };
  Iterator begin() const { return {this, 0, 0}; }
  Iterator end() const { return {this, runs_.size(), recipients_.size()}; }

 private:
  std::deque<Run> runs_;
  std::deque<std::uint32_t> recipients_;
};

}  // namespace netsim::realtime
