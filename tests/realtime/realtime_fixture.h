// Test fixture: a Socket.IO server on node "server" and clients on node "client", joined by one
// link (10 Mbit/s, 10 ms each way), with a shared event log and timeline.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/net/network.h"
#include "models/realtime/client.h"
#include "models/realtime/server.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::realtime::testing {

// Registers a listener for `event` as each socket connects (the GOOD pattern of PROTOCOLS §12).
// With `handler_delay`, the `connection` handler awaits that long before `socket.on(...)` (the
// "delayed event handler registration" of WEB troubleshooting.md).
class ListeningServer final : public ServerApp {
 public:
  explicit ListeningServer(std::string event = "chat") : event_(std::move(event)) {}
  void on_connection(Server&, ServerSocket& socket, sim::Time now) override {
    socket.listeners.add(event_, {now + handler_delay, std::nullopt});
    sockets.push_back(&socket);
  }
  sim::Duration handler_delay = sim::Duration::zero();
  void on_disconnect(Server&, ServerSocket& socket, std::string_view reason,
                     sim::Time now) override {
    disconnects.emplace_back(now, std::string(reason));
    namespace_disconnects.push_back(socket.nsp + " " + std::string(reason));
  }
  std::vector<ServerSocket*> sockets;
  std::vector<std::pair<sim::Time, std::string>> disconnects;
  std::vector<std::string> namespace_disconnects;  // "<namespace> <reason>"

 private:
  std::string event_;
};

struct RealtimeNet {
  explicit RealtimeNet(ServerSpec spec = {}, std::uint64_t seed = 1)
      : streams(seed), network(simulator, streams) {
    net::ChannelConfig c;
    c.rate = sim::DataRate::mbps(10);
    c.delay = sim::ms(10);
    net::Node& a = network.add_node("client");
    net::Node& b = network.add_node("server");
    link = &network.add_link("l", a.id(), b.id(), c, c);
    a.set_route(b.id(), &link->forward);
    b.set_route(a.id(), &link->reverse);
    tcp_client = std::make_unique<tcp::TcpLayer>(a, simulator, streams.stream("iss-client"));
    tcp_server = std::make_unique<tcp::TcpLayer>(b, simulator, streams.stream("iss-server"));
    server = std::make_unique<Server>(simulator, *tcp_server, directory, streams.stream("server"),
                                      std::move(spec), &app, &events, &timeline);
  }

  Client& add_client(ClientSpec spec) {
    const std::string name = spec.name;
    return *clients.emplace_back(std::make_unique<Client>(
        simulator, *tcp_client, directory, network.node(1).address(), streams.stream(name),
        std::move(spec), nullptr, &events, &timeline, &decode_cache));
  }

  // io(url + spec.nsp) on the page of `page`: the same Manager, so the same connection.
  Client& add_socket(Client& page, ClientSpec spec) {
    return *clients.emplace_back(std::make_unique<Client>(page, std::move(spec), nullptr));
  }

  void run_until_ms(std::int64_t ms) { simulator.run_until(sim::Time::from_ns(0) + sim::ms(ms)); }
  void at_ms(std::int64_t ms, void (*f)(RealtimeNet&)) {
    struct Call {
      RealtimeNet* self;
      void (*f)(RealtimeNet&);
      void operator()() const { f(*self); }
    };
    simulator.schedule_at(sim::Time::from_ns(0) + sim::ms(ms), Call{this, f});
  }

  // Calls f(net, k) at start, start + period, ... while < end (k = 0, 1, ...); one such
  // schedule per fixture.
  void every_ms(std::int64_t start, std::int64_t period, std::int64_t end,
                void (*f)(RealtimeNet&, int)) {
    periodic = f;
    for (std::int64_t t = start, k = 0; t < end; t += period, ++k) {
      struct Call {
        RealtimeNet* self;
        int k;
        void operator()() const { self->periodic(*self, k); }
      };
      simulator.schedule_at(sim::Time::from_ns(0) + sim::ms(t), Call{this, static_cast<int>(k)});
    }
  }
  void (*periodic)(RealtimeNet&, int) = nullptr;

  // The timeline entries of `who` whose `what` matches, in order.
  std::vector<TimelineEntry> entries(const std::string& who, const std::string& what) const {
    std::vector<TimelineEntry> out;
    for (const TimelineEntry& e : timeline.entries())
      if (e.who == who && e.what == what) out.push_back(e);
    return out;
  }

  // The timeline as text, for failure messages.
  std::string dump() const {
    std::string out;
    for (const TimelineEntry& e : timeline.entries()) {
      out +=
          std::to_string(e.at.ns() / 1000) + " us " + e.who + " " + e.what + " " + e.detail + "\n";
    }
    return out;
  }

  sim::Simulator simulator;
  sim::RandomStreams streams;
  net::Network network;
  net::Link* link = nullptr;
  tcp::StreamDirectory directory;
  std::unique_ptr<tcp::TcpLayer> tcp_client, tcp_server;
  ListeningServer app;
  EventLog events;
  Timeline timeline;
  socketio::DecodeCache decode_cache;  // the clients' (shared, as in a scenario run)
  std::unique_ptr<Server> server;
  std::vector<std::unique_ptr<Client>> clients;
};

inline std::int64_t ms_of(sim::Time t) { return t.ns() / 1'000'000; }

// A raw HTTP client on a connection of its own: writes `request` once open, keeps what comes
// back and when, and closes its side when the server closes its own.
class RawHttp final : public tcp::StreamListener {
 public:
  RawHttp(sim::Simulator& simulator, std::string request)
      : simulator_(simulator), request_(std::move(request)) {}
  void on_stream_open(tcp::ByteStream& s) override {
    stream = &s;
    s.write(request_);
  }
  void on_stream_data(tcp::ByteStream&, std::string_view bytes) override {
    if (received.empty()) first_byte_at = simulator_.now();
    received.append(bytes);
  }
  void on_stream_peer_closed(tcp::ByteStream& s) override {
    peer_closed_at = simulator_.now();
    s.close();
  }
  void on_stream_closed(tcp::ByteStream&, tcp::TcpEvent::Kind) override {}

  tcp::ByteStream* stream = nullptr;
  std::string received;
  std::optional<sim::Time> first_byte_at;   // the first byte of the answer came
  std::optional<sim::Time> peer_closed_at;  // the server's FIN came

 private:
  sim::Simulator& simulator_;
  std::string request_;
};

}  // namespace netsim::realtime::testing
