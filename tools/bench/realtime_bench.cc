// The realtime benchmark of issue 7: N Socket.IO clients (default options: polling, then the
// upgrade to WebSocket) in one room on one server, default heartbeats (25 s / 20 s), one
// broadcast per second to the room, for a number of simulated minutes. Clients start over the
// first 10 s; the broadcasts run from 15 s on. Everything runs over the simulated TCP: every
// frame is real bytes through the HTTP, WebSocket, Engine.IO and Socket.IO models.
//
// Prints wall time, simulated events, events per second of wall time, events received by
// clients, and peak memory (getrusage maxrss of the process). A baseline measured in the same
// run: the same deliveries as raw 60-byte TCP writes on already-open connections (no HTTP,
// WebSocket or Engine.IO) — the ratio is the cost of the realtime stack per delivered event.
//
// With --repeat N the two runs alternate N times, and the minimum and median wall times follow:
// on a shared machine single runs vary by 5–15 %. Every repeat must simulate exactly the same
// events (a run is a pure function of its inputs); the program fails if one does not.
//
// Usage: bench_realtime [--clients N] [--minutes M] [--websocket] [--repeat N]
//                       [--no-baseline | --baseline-only]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "models/net/network.h"
#include "models/realtime/client.h"
#include "models/realtime/server.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace {

using namespace netsim;
using Clock = std::chrono::steady_clock;

struct Options {
  int clients = 10'000;
  int minutes = 10;
  bool websocket_only = false;
  bool baseline = true;
  bool realtime = true;
  int repeat = 1;
};

class RoomServer final : public realtime::ServerApp {
 public:
  void on_connection(realtime::Server& server, realtime::ServerSocket& socket,
                     sim::Time now) override {
    server.join(socket, "room");
    socket.listeners.add("chat", {now, std::nullopt});
  }
};

// The server node and client hosts (1,000 clients each: a host has 16,384 ephemeral ports),
// each client host on its own 10 Gbit/s link with 5 ms each way. The interface queues hold
// 100,000 packets: a host does not drop its own TCP segments when its qdisc is full (the socket
// is throttled instead), so a broadcast to N sockets must not be tail-dropped at the sender.
struct Net {
  Net(std::uint64_t seed, int client_hosts) : streams(seed), network(simulator, streams) {
    net::ChannelConfig c;
    c.rate = sim::DataRate::mbps(10'000);
    c.delay = sim::ms(5);
    c.queue.limit = net::QueueLimit::packets(100'000);
    net::Node& server = network.add_node("server");
    tcp_server = std::make_unique<tcp::TcpLayer>(server, simulator, streams.stream("iss-server"));
    for (int h = 0; h < client_hosts; ++h) {
      const std::string name = "clients-" + std::to_string(h);
      net::Node& host = network.add_node(name);
      net::Link& link = network.add_link("l" + std::to_string(h), host.id(), server.id(), c, c);
      host.set_route(server.id(), &link.forward);
      server.set_route(host.id(), &link.reverse);
      tcp_clients.push_back(
          std::make_unique<tcp::TcpLayer>(host, simulator, streams.stream("iss-" + name)));
    }
  }
  net::Ipv4Address server_address() { return network.node(0).address(); }
  sim::Simulator simulator;
  sim::RandomStreams streams;
  net::Network network;
  tcp::StreamDirectory directory;
  std::unique_ptr<tcp::TcpLayer> tcp_server;
  std::vector<std::unique_ptr<tcp::TcpLayer>> tcp_clients;
};

int hosts_for(int clients) { return (clients + 999) / 1000; }

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

struct Result {
  double wall_s;
  std::uint64_t events;
  std::uint64_t delivered;
};

Result run_realtime(const Options& o) {
  Net net(1, hosts_for(o.clients));
  realtime::EventLog events;
  realtime::Timeline timeline;
  timeline.set_enabled(false);
  RoomServer app;
  realtime::Server server(net.simulator, *net.tcp_server, net.directory,
                          net.streams.stream("server"), realtime::ServerSpec{}, &app, &events,
                          &timeline);
  socketio::DecodeCache decode_cache;  // declared before the clients, which use it
  std::vector<std::unique_ptr<realtime::Client>> clients;
  clients.reserve(static_cast<std::size_t>(o.clients));
  for (int i = 0; i < o.clients; ++i) {
    realtime::ClientSpec spec;
    spec.name = "c-" + std::to_string(i + 1);
    if (o.websocket_only) spec.options.transports = {socketio::Transport::WebSocket};
    auto& c = *clients.emplace_back(std::make_unique<realtime::Client>(
        net.simulator, *net.tcp_clients[static_cast<std::size_t>(i / 1000)], net.directory,
        net.server_address(), net.streams.stream(spec.name), spec, nullptr, &events, &timeline,
        &decode_cache));
    c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
    // Starts spread evenly over the first 10 s.
    const sim::Time start = sim::Time::from_ns(0) + sim::us(10'000'000LL * i / o.clients);
    net.simulator.schedule_at(start, [&c] { c.connect(); });
  }
  struct Broadcast {
    realtime::Server* server;
    void operator()() const {
      realtime::Audience room;
      room.rooms = {"room"};
      server->emit(room, "news", 40);
    }
  };
  const std::int64_t end_s = 60LL * o.minutes;
  for (std::int64_t t = 15; t < end_s; ++t) {
    net.simulator.schedule_at(sim::Time::from_ns(0) + sim::sec(t), Broadcast{&server});
  }
  const auto t0 = Clock::now();
  net.simulator.run_until(sim::Time::from_ns(0) + sim::sec(end_s));
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  std::uint64_t connected = 0;
  for (const auto& c : clients) connected += c->connected() ? 1 : 0;
  std::printf("realtime: %d clients connected of %d, %zu sockets on the server\n",
              static_cast<int>(connected), o.clients, server.connected_sockets());
  return {wall, net.simulator.events_executed(), events.received().size()};
}

// The baseline: the same number of 60-byte messages per second, written on N open TCP
// connections (ByteStreams), with nothing above TCP.
class Sink final : public tcp::StreamListener, public tcp::TcpAcceptor {
 public:
  explicit Sink(tcp::StreamDirectory& d) : directory_(d) {}
  tcp::TcpObserver* on_accept(tcp::TcpSocket& socket) override {
    return &directory_.accept(socket, this);
  }
  void on_stream_open(tcp::ByteStream& s) override { open.push_back(&s); }
  void on_stream_data(tcp::ByteStream&, std::string_view) override {}
  void on_stream_closed(tcp::ByteStream&, tcp::TcpEvent::Kind) override {}
  std::vector<tcp::ByteStream*> open;  // the server's side of each connection

 private:
  tcp::StreamDirectory& directory_;
};

class Receiver final : public tcp::StreamListener {
 public:
  void on_stream_data(tcp::ByteStream&, std::string_view bytes) override {
    received += bytes.size();
  }
  void on_stream_closed(tcp::ByteStream&, tcp::TcpEvent::Kind) override {}
  std::uint64_t received = 0;
};

Result run_baseline(const Options& o) {
  Net net(1, hosts_for(o.clients));
  tcp::TcpConfig config;
  config.nagle = false;
  Sink sink(net.directory);
  net.tcp_server->listen(80, config, &sink);
  Receiver clients;
  for (int i = 0; i < o.clients; ++i) {
    net.directory.connect(*net.tcp_clients[static_cast<std::size_t>(i / 1000)],
                          net.server_address(), 80, config, &clients);
  }
  struct Write {
    Sink* sink;
    void operator()() const {
      // The server side of each connection writes one message (as a broadcast would).
      const std::string message(60, 'm');
      for (tcp::ByteStream* s : sink->open) s->write(message);
    }
  };
  const std::int64_t end_s = 60LL * o.minutes;
  for (std::int64_t t = 15; t < end_s; ++t) {
    net.simulator.schedule_at(sim::Time::from_ns(0) + sim::sec(t), Write{&sink});
  }
  const auto t0 = Clock::now();
  net.simulator.run_until(sim::Time::from_ns(0) + sim::sec(end_s));
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  return {wall, net.simulator.events_executed(), clients.received / 60};
}

}  // namespace

void print_realtime(const Options& o, const Result& r) {
  std::printf("realtime: %d clients, %d simulated minutes, %s\n", o.clients, o.minutes,
              o.websocket_only ? "websocket only" : "polling then websocket");
  std::printf(
      "  wall %.2f s, %llu events, %.2f M events/s, %llu events delivered to clients, "
      "peak RSS %.0f MiB\n",
      r.wall_s, static_cast<unsigned long long>(r.events), r.events / r.wall_s * 1e-6,
      static_cast<unsigned long long>(r.delivered), peak_rss_mib());
  std::printf("  per delivered event: %.2f us of wall time, %.2f simulator events\n",
              r.wall_s * 1e6 / static_cast<double>(r.delivered),
              static_cast<double>(r.events) / static_cast<double>(r.delivered));
}

void print_baseline(const Result& b) {
  std::printf(
      "baseline (raw TCP writes, same deliveries): wall %.2f s, %llu events, %llu "
      "messages\n",
      b.wall_s, static_cast<unsigned long long>(b.events),
      static_cast<unsigned long long>(b.delivered));
  std::printf("  per message: %.2f us of wall time, %.2f simulator events\n",
              b.wall_s * 1e6 / static_cast<double>(b.delivered),
              static_cast<double>(b.events) / static_cast<double>(b.delivered));
}

// The wall times of one kind of run, repeated: each run must have simulated what the first did.
struct Runs {
  std::vector<Result> results;
  bool add(const Result& r) {
    if (!results.empty() &&
        (r.events != results[0].events || r.delivered != results[0].delivered)) {
      std::fprintf(
          stderr, "a repeat simulated %llu events and %llu deliveries, not %llu and %llu\n",
          static_cast<unsigned long long>(r.events), static_cast<unsigned long long>(r.delivered),
          static_cast<unsigned long long>(results[0].events),
          static_cast<unsigned long long>(results[0].delivered));
      return false;
    }
    results.push_back(r);
    return true;
  }
  std::vector<double> sorted_walls() const {
    std::vector<double> walls;
    for (const Result& r : results) walls.push_back(r.wall_s);
    std::sort(walls.begin(), walls.end());
    return walls;
  }
  double min() const { return sorted_walls().front(); }
  double median() const {
    const std::vector<double> w = sorted_walls();
    const std::size_t n = w.size();
    return n % 2 == 1 ? w[n / 2] : (w[n / 2 - 1] + w[n / 2]) / 2;
  }
};

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--clients") == 0 && i + 1 < argc) {
      o.clients = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--minutes") == 0 && i + 1 < argc) {
      o.minutes = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--websocket") == 0) {
      o.websocket_only = true;
    } else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      o.repeat = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--no-baseline") == 0) {
      o.baseline = false;
    } else if (std::strcmp(argv[i], "--baseline-only") == 0) {
      o.realtime = false;
    } else {
      std::fprintf(stderr,
                   "usage: bench_realtime [--clients N] [--minutes M] [--websocket] [--repeat N] "
                   "[--no-baseline | --baseline-only]\n");
      return 2;
    }
  }
  Runs realtime;
  Runs baseline;
  for (int run = 1; run <= o.repeat; ++run) {
    if (o.repeat > 1) std::printf("run %d of %d\n", run, o.repeat);
    if (o.realtime) {
      const Result r = run_realtime(o);
      print_realtime(o, r);
      if (!realtime.add(r)) return 1;
    }
    if (o.baseline) {
      const Result b = run_baseline(o);
      print_baseline(b);
      if (!baseline.add(b)) return 1;
    }
    if (o.realtime && o.baseline) {
      const Result& r = realtime.results.back();
      const Result& b = baseline.results.back();
      std::printf("ratio realtime / baseline: wall %.2fx, events %.2fx\n", r.wall_s / b.wall_s,
                  static_cast<double>(r.events) / static_cast<double>(b.events));
    }
  }
  if (o.repeat > 1) {
    std::printf("over %d alternating runs:\n", o.repeat);
    if (o.realtime)
      std::printf("  realtime wall: min %.2f s, median %.2f s\n", realtime.min(),
                  realtime.median());
    if (o.baseline)
      std::printf("  baseline wall: min %.2f s, median %.2f s\n", baseline.min(),
                  baseline.median());
    if (o.realtime && o.baseline)
      std::printf("  ratio of the medians: %.2fx\n", realtime.median() / baseline.median());
  }
  return 0;
}
