// What happened to every message of one application flow: when it was sent, when (and whether)
// it arrived, and if not, why. Reports are computed from this.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "models/net/packet_observer.h"
#include "sim/time.h"
#include "sim/units.h"

namespace netsim::apps {

enum class MessageFate : std::uint8_t {
  InFlight,   // sent, neither delivered nor dropped when the run ended
  Delivered,  // reached the receiving application
  Dropped,    // dropped in the network, for `reason`
};

struct MessageRecord {
  sim::Time sent;
  sim::Time received;  // first arrival; meaningful when fate == Delivered
  MessageFate fate = MessageFate::InFlight;
  net::DropReason reason = net::DropReason::QueueDrop;  // meaningful when fate == Dropped
  std::uint32_t copies = 0;                             // arrivals, counting duplicates
  std::uint32_t in_network = 1;  // copies neither delivered nor dropped (links may duplicate)
  // TCP: how long the message, wholly arrived, waited behind a missing earlier segment before
  // the application could read it (head-of-line blocking); zero for most.
  sim::Duration head_of_line;
};

// "delivered", "in_flight", or the drop reason ("link_loss", "queue_drop", ...).
std::string_view fate_name(const MessageRecord& record);

// Receives a flow's messages in sequence order once their fate is final, so that reports can be
// written while the run goes on instead of from a log of every message.
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  virtual void on_settled(std::uint64_t sequence, const MessageRecord& record) = 0;
};

class MessageLog {
 public:
  MessageLog(std::string flow, std::string transport, sim::Bytes message_size, sim::Time start,
             sim::Time stop)
      : flow_(std::move(flow)),
        transport_(std::move(transport)),
        message_size_(message_size),
        start_(start),
        stop_(stop) {}

  // Returns the new message's sequence number (0, 1, 2, ...).
  std::uint64_t record_sent(sim::Time now);
  void record_received(std::uint64_t sequence, sim::Time now);
  void record_dropped(std::uint64_t sequence, net::DropReason reason);
  // A link made another copy of the message's datagram.
  void record_copy(std::uint64_t sequence);
  // Before record_received: the message had wholly arrived `wait` before it could be read.
  void record_head_of_line(std::uint64_t sequence, sim::Duration wait);

  // From now on, hand each message to `sink` as soon as it and every earlier message are settled
  // (delivered, or dropped with no copy left in the network), and forget it: memory then holds
  // only unsettled messages. Without a sink every record is kept (messages()).
  void stream_to(MessageSink* sink);
  // Hands the remaining messages (in flight at the end of the run) to the sink.
  void finish();

  const std::string& flow() const { return flow_; }
  const std::string& transport() const { return transport_; }
  sim::Bytes message_size() const { return message_size_; }
  sim::Time start() const { return start_; }
  sim::Time stop() const { return stop_; }
  std::uint64_t sent_count() const { return first_ + records_.size(); }
  // Every message, when no sink was set; otherwise those not yet settled, from sequence first().
  const std::deque<MessageRecord>& messages() const { return records_; }
  std::uint64_t first() const { return first_; }
  // Extra copies that arrived after their message had been handed to the sink.
  std::uint64_t late_duplicates() const { return late_duplicates_; }

 private:
  MessageRecord* find(std::uint64_t sequence);
  void release_settled();

  std::string flow_;
  std::string transport_;
  sim::Bytes message_size_;
  sim::Time start_;
  sim::Time stop_;
  std::deque<MessageRecord> records_;  // messages first_, first_ + 1, ...
  std::uint64_t first_ = 0;
  MessageSink* sink_ = nullptr;
  std::uint64_t late_duplicates_ = 0;
};

// Routes packet drops to the log of the flow whose message the packet carried.
class MessageDropTracker final : public net::PacketObserver {
 public:
  // `logs[i]` is the log of flow index i (MessageTag::flow).
  explicit MessageDropTracker(std::vector<MessageLog*> logs) : logs_(std::move(logs)) {}
  void on_drop(const net::Packet& packet, net::DropReason reason, sim::Time now) override;
  void on_duplicate(const net::Packet& copy, sim::Time now) override;

 private:
  std::vector<MessageLog*> logs_;
};

}  // namespace netsim::apps
