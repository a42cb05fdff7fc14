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
  records_.push_back(
      {now, sim::Time::zero(), MessageFate::InFlight, net::DropReason::QueueDrop, 0, 1, {}});
  return sent_count() - 1;
}

MessageRecord* MessageLog::find(std::uint64_t sequence) {
  NETSIM_ASSERT(sequence < sent_count(), "a message that was never sent");
  return sequence < first_ ? nullptr : &records_[sequence - first_];
}

void MessageLog::record_received(std::uint64_t sequence, sim::Time now) {
  MessageRecord* m = find(sequence);
  if (m == nullptr) {
    // Settled, so delivered already: this is a duplicate.
    ++late_duplicates_;
    return;
  }
  if (m->in_network > 0) --m->in_network;
  if (m->copies++ == 0) {
    m->received = now;
    m->fate = MessageFate::Delivered;
  }
  release_settled();
}

void MessageLog::record_dropped(std::uint64_t sequence, net::DropReason reason) {
  MessageRecord* m = find(sequence);
  if (m == nullptr) return;  // a copy of a message delivered already
  if (m->in_network > 0) --m->in_network;
  // A message carried by one datagram has one fate; with duplicates, a delivered copy wins and
  // the first drop is the one reported.
  if (m->fate == MessageFate::InFlight) {
    m->fate = MessageFate::Dropped;
    m->reason = reason;
  }
  release_settled();
}

void MessageLog::record_head_of_line(std::uint64_t sequence, sim::Duration wait) {
  if (MessageRecord* m = find(sequence)) m->head_of_line = wait;
}

void MessageLog::record_copy(std::uint64_t sequence) {
  if (MessageRecord* m = find(sequence)) ++m->in_network;
}

void MessageLog::stream_to(MessageSink* sink) {
  sink_ = sink;
  release_settled();
}

void MessageLog::release_settled() {
  if (sink_ == nullptr) return;
  while (!records_.empty()) {
    const MessageRecord& m = records_.front();
    const bool settled =
        m.fate == MessageFate::Delivered || (m.fate == MessageFate::Dropped && m.in_network == 0);
    if (!settled) return;
    sink_->on_settled(first_++, m);
    records_.pop_front();
  }
}

void MessageLog::finish() {
  if (sink_ == nullptr) return;
  while (!records_.empty()) {
    sink_->on_settled(first_++, records_.front());
    records_.pop_front();
  }
}

void MessageDropTracker::on_drop(const net::Packet& packet, net::DropReason reason, sim::Time) {
  if (packet.tag.flow < logs_.size())
    logs_[packet.tag.flow]->record_dropped(packet.tag.sequence, reason);
}

void MessageDropTracker::on_duplicate(const net::Packet& copy, sim::Time) {
  if (copy.tag.flow < logs_.size()) logs_[copy.tag.flow]->record_copy(copy.tag.sequence);
}

}  // namespace netsim::apps
