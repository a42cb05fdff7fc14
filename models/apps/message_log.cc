#include "models/apps/message_log.h"

#include "sim/assert.h"

namespace netsim::apps {

std::string_view to_string(MessageFate fate) {
  switch (fate) {
    case MessageFate::InFlight:
      return "in_flight";
    case MessageFate::Delivered:
      return "delivered";
    case MessageFate::QueueDrop:
      return "queue_drop";
    case MessageFate::LinkLoss:
      return "link_loss";
    case MessageFate::NoRoute:
      return "no_route";
    case MessageFate::NoListener:
      return "no_listener";
  }
  return "unknown";
}

MessageFate fate_of(net::DropReason reason) {
  switch (reason) {
    case net::DropReason::QueueFull:
      return MessageFate::QueueDrop;
    case net::DropReason::LinkLoss:
      return MessageFate::LinkLoss;
    case net::DropReason::NoRoute:
      return MessageFate::NoRoute;
    case net::DropReason::NoListener:
      return MessageFate::NoListener;
  }
  return MessageFate::InFlight;
}

std::uint64_t MessageLog::record_sent(sim::Time now) {
  messages_.push_back({now, sim::Time::zero(), MessageFate::InFlight, 0});
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
  // A message carried by one datagram has one fate; with duplicates (later), a delivered copy wins.
  if (m.fate == MessageFate::InFlight) m.fate = fate_of(reason);
}

void MessageDropTracker::on_drop(const net::Packet& packet, net::DropReason reason, sim::Time) {
  if (packet.tag.flow < logs_.size())
    logs_[packet.tag.flow]->record_dropped(packet.tag.sequence, reason);
}

}  // namespace netsim::apps
