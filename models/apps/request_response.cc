#include "models/apps/request_response.h"

namespace netsim::apps {

RequestResponseClient::RequestResponseClient(sim::Simulator& simulator, tcp::TcpLayer& layer,
                                             net::Ipv4Address server, std::uint16_t port,
                                             const tcp::TcpConfig& config, MessageLog& log,
                                             const RequestResponseConfig& exchange)
    : simulator_(simulator),
      layer_(layer),
      server_(server),
      port_(port),
      config_(config),
      log_(log),
      exchange_(exchange) {}

void RequestResponseClient::start() {
  simulator_.schedule_at(exchange_.start, [this] {
    socket_ = &layer_.connect(server_, port_, config_, this);
    send_request();
  });
}

void RequestResponseClient::send_request() {
  const sim::Time now = simulator_.now();
  if (now >= exchange_.stop || socket_ == nullptr) return;
  if (layer_.node().is_up()) {
    log_.record_sent(now);
    queued_ += static_cast<std::uint64_t>(exchange_.request.count());
    queued_ -= socket_->send(queued_);
  }
  if (exchange_.interval) simulator_.schedule(*exchange_.interval, [this] { send_request(); });
}

void RequestResponseClient::on_tcp_event(tcp::TcpSocket& socket, const tcp::TcpEvent& event) {
  if (event.kind == tcp::TcpEvent::Kind::Acknowledged && queued_ > 0)
    queued_ -= socket.send(queued_);
  if (event.kind != tcp::TcpEvent::Kind::Delivered) return;
  const sim::Time now = simulator_.now();
  const auto response = static_cast<std::uint64_t>(exchange_.response.count());
  while (completed_ < log_.sent_count() && (completed_ + 1) * response <= event.bytes) {
    log_.record_received(completed_++, now);
    if (!exchange_.interval) send_request();  // back to back
  }
}

tcp::TcpObserver* RequestResponseServer::on_accept(tcp::TcpSocket& socket) {
  socket_ = &socket;
  return this;
}

void RequestResponseServer::on_tcp_event(tcp::TcpSocket& socket, const tcp::TcpEvent& event) {
  if (event.kind == tcp::TcpEvent::Kind::PeerClosed) socket.close();
  if (event.kind == tcp::TcpEvent::Kind::Acknowledged && queued_ > 0)
    queued_ -= socket.send(queued_);
  if (event.kind != tcp::TcpEvent::Kind::Delivered) return;
  const auto request = static_cast<std::uint64_t>(exchange_.request.count());
  const std::uint64_t complete = request == 0 ? answered_ : event.bytes / request;
  for (; answered_ < complete; ++answered_)
    queued_ += static_cast<std::uint64_t>(exchange_.response.count());
  if (queued_ > 0) queued_ -= socket.send(queued_);
}

}  // namespace netsim::apps
