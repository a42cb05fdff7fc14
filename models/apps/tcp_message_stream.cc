#include "models/apps/tcp_message_stream.h"

#include <algorithm>
#include <cmath>

namespace netsim::apps {

TcpMessageSender::TcpMessageSender(sim::Simulator& simulator, tcp::TcpLayer& layer,
                                   net::Ipv4Address server, std::uint16_t port,
                                   const tcp::TcpConfig& config, MessageLog& log,
                                   const MessageStreamConfig& stream, sim::Rng gaps)
    : simulator_(simulator),
      layer_(layer),
      server_(server),
      port_(port),
      config_(config),
      log_(log),
      stream_(stream),
      gaps_(gaps) {}

sim::Duration TcpMessageSender::next_gap() {
  if (stream_.arrival == Arrival::Fixed) return stream_.interval;
  return sim::ns(std::llround(gaps_.exponential(static_cast<double>(stream_.interval.ns()))));
}

void TcpMessageSender::start() {
  simulator_.schedule_at(stream_.start,
                         [this] { socket_ = &layer_.connect(server_, port_, config_, this); });
  const sim::Time first =
      stream_.arrival == Arrival::Fixed ? stream_.start : stream_.start + next_gap();
  if (first < stream_.stop) simulator_.schedule_at(first, [this] { send_message(); });
}

void TcpMessageSender::send_message() {
  const sim::Time now = simulator_.now();
  if (layer_.node().is_up()) {
    log_.record_sent(now);
    const std::uint64_t end =
        (ends_.empty() ? 0 : ends_.back()) + static_cast<std::uint64_t>(stream_.size.count());
    ends_.push_back(end);
    queued_ += static_cast<std::uint64_t>(stream_.size.count());
    push();
  }
  const sim::Time next = now + next_gap();
  if (next < stream_.stop) simulator_.schedule_at(next, [this] { send_message(); });
}

void TcpMessageSender::push() {
  if (socket_ == nullptr || queued_ == 0) return;
  queued_ -= socket_->send(queued_);
}

void TcpMessageSender::on_tcp_event(tcp::TcpSocket&, const tcp::TcpEvent& event) {
  if (event.kind == tcp::TcpEvent::Kind::Established ||
      event.kind == tcp::TcpEvent::Kind::Acknowledged)
    push();
}

tcp::TcpObserver* TcpMessageReceiver::on_accept(tcp::TcpSocket& socket) {
  socket_ = &socket;
  return this;
}

void TcpMessageReceiver::buffer(std::uint64_t from, std::uint64_t to, sim::Time now) {
  // Keep only bytes not seen before: a byte's first arrival is when it was there.
  std::uint64_t cursor = from;
  for (std::size_t i = 0; i < buffered_.size() && cursor < to; ++i) {
    const Piece& p = buffered_[i];
    if (p.to <= cursor) continue;
    if (p.from > cursor) {
      const std::uint64_t end = std::min(p.from, to);
      buffered_.insert(buffered_.begin() + static_cast<std::ptrdiff_t>(i), {cursor, end, now});
      ++i;
    }
    cursor = std::max(cursor, buffered_[i].to);
  }
  if (cursor < to) buffered_.push_back({cursor, to, now});
}

sim::Time TcpMessageReceiver::arrived(std::uint64_t from, std::uint64_t to, sim::Time now) const {
  // The latest first arrival among pieces covering [from, to) without a gap; a gap means some
  // bytes come with the segment being delivered now.
  std::uint64_t reach = from;
  sim::Time latest = sim::Time::zero();
  for (const Piece& p : buffered_) {
    if (p.to <= reach) continue;
    if (p.from > reach) return now;
    latest = std::max(latest, p.at);
    reach = p.to;
    if (reach >= to) return latest;
  }
  return now;
}

void TcpMessageReceiver::on_tcp_event(tcp::TcpSocket& socket, const tcp::TcpEvent& event) {
  if (event.kind == tcp::TcpEvent::Kind::PeerClosed) socket.close();
  const sim::Time now = socket.now();
  if (event.kind == tcp::TcpEvent::Kind::Buffered) {
    buffer(event.from, event.bytes, now);
    return;
  }
  if (event.kind != tcp::TcpEvent::Kind::Delivered) return;
  const auto& ends = sender_.message_ends();
  while (next_ < ends.size() && ends[next_] <= event.bytes) {
    const std::uint64_t start = next_ == 0 ? 0 : ends[next_ - 1];
    // A message that began in what was read before met the hole with its own bytes: those
    // arrive now. One wholly past it may have been complete for a while.
    if (start >= delivered_)
      log_.record_head_of_line(next_, now - arrived(start, ends[next_], now));
    log_.record_received(next_++, now);
  }
  delivered_ = event.bytes;
  std::erase_if(buffered_, [&](const Piece& p) { return p.to <= delivered_; });
}

}  // namespace netsim::apps
