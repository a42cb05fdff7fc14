#include "models/apps/bulk_transfer.h"

#include <limits>

namespace netsim::apps {

BulkSender::BulkSender(sim::Simulator& simulator, tcp::TcpLayer& layer, net::Ipv4Address server,
                       std::uint16_t port, const tcp::TcpConfig& config, const BulkConfig& bulk)
    : simulator_(simulator),
      layer_(layer),
      server_(server),
      port_(port),
      config_(config),
      bulk_(bulk) {}

void BulkSender::start() {
  simulator_.schedule_at(bulk_.start, [this] {
    if (!layer_.node().is_up()) return;
    socket_ = &layer_.connect(server_, port_, config_, this);
    fill();
  });
  // Without a size, writing stops at `stop` and the connection closes.
  if (!bulk_.bytes) {
    simulator_.schedule_at(bulk_.stop, [this] {
      if (socket_ != nullptr && !closed_) {
        closed_ = true;
        socket_->close();
      }
    });
  }
}

void BulkSender::fill() {
  if (socket_ == nullptr || closed_) return;
  for (;;) {
    const std::uint64_t remaining =
        bulk_.bytes ? *bulk_.bytes - written_ : std::numeric_limits<std::uint32_t>::max();
    if (remaining == 0) break;
    const std::uint64_t accepted = socket_->send(remaining);
    written_ += accepted;
    if (accepted == 0) break;
  }
  // Everything is written: close, which sends FIN after the data. Not before the connection is
  // open: a CLOSE in SYN-SENT deletes the connection, queued data and all (RFC 9293 §3.10.4),
  // so the close waits for ESTABLISHED, as an application behind a blocking connect() would.
  if (bulk_.bytes && written_ == *bulk_.bytes &&
      socket_->connection().state() != tcp::TcpState::SynSent) {
    closed_ = true;
    socket_->close();
  }
}

void BulkSender::on_tcp_event(tcp::TcpSocket&, const tcp::TcpEvent& event) {
  // Room in the send buffer appears when data is acknowledged.
  if (event.kind == tcp::TcpEvent::Kind::Established ||
      event.kind == tcp::TcpEvent::Kind::Acknowledged)
    fill();
}

tcp::TcpObserver* TcpSink::on_accept(tcp::TcpSocket& socket) {
  socket_ = &socket;
  return this;
}

void TcpSink::on_tcp_event(tcp::TcpSocket& socket, const tcp::TcpEvent& event) {
  const sim::Time now = socket.now();
  switch (event.kind) {
    case tcp::TcpEvent::Kind::Delivered:
      received_ = event.bytes;
      if (!first_byte_) first_byte_ = now;
      last_byte_ = now;
      break;
    case tcp::TcpEvent::Kind::PeerClosed:
      socket.close();
      break;
    default:
      break;
  }
}

}  // namespace netsim::apps
