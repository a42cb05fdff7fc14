// Request/response over one TCP connection (HTTP/1.1 keep-alive style): the client sends a
// `request`-byte request every `interval` (or, without one, the next as soon as the previous
// response is complete), the server answers each complete request with `response` bytes, and the
// client logs each exchange from the request's write to the response's last byte.
#pragma once

#include <cstdint>
#include <optional>

#include "models/apps/message_log.h"
#include "models/tcp/tcp_layer.h"
#include "sim/simulator.h"

namespace netsim::apps {

struct RequestResponseConfig {
  sim::Bytes request;
  sim::Bytes response;
  std::optional<sim::Duration> interval;  // none: back to back
  sim::Time start;
  sim::Time stop;  // no request is sent at or after stop
};

class RequestResponseClient final : public tcp::TcpObserver {
 public:
  RequestResponseClient(sim::Simulator& simulator, tcp::TcpLayer& layer, net::Ipv4Address server,
                        std::uint16_t port, const tcp::TcpConfig& config, MessageLog& log,
                        const RequestResponseConfig& exchange);
  void start();
  void on_tcp_event(tcp::TcpSocket& socket, const tcp::TcpEvent& event) override;
  tcp::TcpSocket* socket() const { return socket_; }

 private:
  void send_request();

  sim::Simulator& simulator_;
  tcp::TcpLayer& layer_;
  net::Ipv4Address server_;
  std::uint16_t port_;
  tcp::TcpConfig config_;
  MessageLog& log_;
  RequestResponseConfig exchange_;
  tcp::TcpSocket* socket_ = nullptr;
  std::uint64_t queued_ = 0;
  std::uint64_t completed_ = 0;
};

class RequestResponseServer final : public tcp::TcpAcceptor, public tcp::TcpObserver {
 public:
  explicit RequestResponseServer(const RequestResponseConfig& exchange) : exchange_(exchange) {}
  tcp::TcpObserver* on_accept(tcp::TcpSocket& socket) override;
  void on_tcp_event(tcp::TcpSocket& socket, const tcp::TcpEvent& event) override;
  tcp::TcpSocket* socket() const { return socket_; }

 private:
  RequestResponseConfig exchange_;
  tcp::TcpSocket* socket_ = nullptr;
  std::uint64_t answered_ = 0;
  std::uint64_t queued_ = 0;
};

}  // namespace netsim::apps
