// What happened to every message of one application flow: when it was sent, when (and whether)
// it arrived, and if not, why. Reports are computed from this.
#pragma once

#include <cstdint>
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
};

// "delivered", "in_flight", or the drop reason ("link_loss", "queue_drop", ...).
std::string_view fate_name(const MessageRecord& record);

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

  const std::string& flow() const { return flow_; }
  const std::string& transport() const { return transport_; }
  sim::Bytes message_size() const { return message_size_; }
  sim::Time start() const { return start_; }
  sim::Time stop() const { return stop_; }
  const std::vector<MessageRecord>& messages() const { return messages_; }

 private:
  std::string flow_;
  std::string transport_;
  sim::Bytes message_size_;
  sim::Time start_;
  sim::Time stop_;
  std::vector<MessageRecord> messages_;
};

// Routes packet drops to the log of the flow whose message the packet carried.
class MessageDropTracker final : public net::PacketObserver {
 public:
  // `logs[i]` is the log of flow index i (MessageTag::flow).
  explicit MessageDropTracker(std::vector<MessageLog*> logs) : logs_(std::move(logs)) {}
  void on_drop(const net::Packet& packet, net::DropReason reason, sim::Time now) override;

 private:
  std::vector<MessageLog*> logs_;
};

}  // namespace netsim::apps
