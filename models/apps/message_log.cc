#include "models/apps/message_log.h"

#include "sim/assert.h"

namespace netsim::apps {

std::string_view fate_name(const MessageRecord& record) {
  switch (record.fate) {
    case MessageFate::InFlight:
      return "in_flight";
    case MessageFate::Delivered:
      return "delivered";
    case MessageFate::Dropped:
      return net::to_string(record.reason);
  }
  return "unknown";
}

std::uint64_t MessageLog::record_sent(sim::Time now) {
  messages_.push_back(
      {now, sim::Time::zero(), MessageFate::InFlight, net::DropReason::QueueDrop, 0});
  return messages_.size() - 1;
}

void MessageLog::record_received(std::uint64_t sequence, sim::Time now) {
  NETSIM_ASSERT(sequence < messages_.size(), "arrival of a message that was never sent");
  MessageRecord& m = messages_[sequence];
  if (m.copies++ == 0) {
    m.received = now;
    m.fate = MessageFate::Delivered;
  }
}

void MessageLog::record_dropped(std::uint64_t sequence, net::DropReason reason) {
  NETSIM_ASSERT(sequence < messages_.size(), "drop of a message that was never sent");
  MessageRecord& m = messages_[sequence];
  // A message carried by one datagram has one fate; with duplicates, a delivered copy wins and
  // the first drop is the one reported.
  if (m.fate == MessageFate::InFlight) {
    m.fate = MessageFate::Dropped;
    m.reason = reason;
  }
}

void MessageDropTracker::on_drop(const net::Packet& packet, net::DropReason reason, sim::Time) {
  if (packet.tag.flow < logs_.size())
    logs_[packet.tag.flow]->record_dropped(packet.tag.sequence, reason);
}

}  // namespace netsim::apps
