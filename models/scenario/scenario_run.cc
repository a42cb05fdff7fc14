#include "models/scenario/scenario_run.h"

#include <algorithm>
#include <set>

#include "sim/assert.h"

namespace netsim::scenario {

namespace {
// Source ports come from the dynamic range (RFC 6335 §6: 49152-65535), one per flow.
constexpr std::uint16_t kFirstEphemeralPort = 49152;
}  // namespace

ScenarioRun::ScenarioRun(const ScenarioConfig& config, std::uint32_t replication)
    : duration_(config.duration),
      streams_(config.seed, replication),
      network_(simulator_, streams_),
      faults_(config.faults),
      partitioned_(config.faults.size()),
      impaired_before_(config.faults.size()) {
  for (const auto& node : config.nodes) {
    net::Node& n = network_.add_node(node.name, node.kind);
    node_ids_.emplace(node.name, n.id());
    udp_.push_back(std::make_unique<udp::UdpLayer>(n));
    tcp_.push_back(std::make_unique<tcp::TcpLayer>(n, simulator_,
                                                   streams_.stream("tcp/" + node.name + "/iss")));
  }
  for (const auto& link : config.links) {
    net::Link& l = network_.add_link(link.name, node_ids_.at(link.a), node_ids_.at(link.b),
                                     link.a_to_b, link.b_to_a);
    links_.emplace(link.name, &l);
  }
  network_.set_routing(config.routing.metric, config.routing.convergence);
  network_.compute_routes();
  if (config.reports.timeseries != ReportsConfig::Timeseries::Off) {
    const bool on_change = config.reports.timeseries == ReportsConfig::Timeseries::OnChange;
    sampler_ = std::make_unique<tcp::TcpSampler>(
        simulator_, on_change ? std::nullopt : std::optional(config.reports.timeseries_interval));
    if (on_change) {
      for (auto& layer : tcp_) layer->set_flush_hook(sampler_.get());
    }
  }
  build_traffic(config);
  build_realtime(config.realtime);
  schedule_faults();
}

void ScenarioRun::build_traffic(const ScenarioConfig& config) {
  std::vector<apps::MessageLog*> by_flow;
  for (std::size_t index = 0; index < config.traffic.size(); ++index) {
    const TrafficConfig& flow = config.traffic[index];
    const auto flow_index = static_cast<std::uint32_t>(index);
    // A request/response exchange delivers the response, so goodput counts response bytes.
    const sim::Bytes delivered_size =
        flow.app == App::RequestResponse ? flow.exchange.response : flow.stream.size;
    auto& log = logs_.emplace_back(std::make_unique<apps::MessageLog>(
        flow.name, to_string(flow.transport), delivered_size, flow.stream.start, flow.stream.stop));
    by_flow.push_back(log.get());
    if (flow.transport == Transport::Tcp) {
      build_tcp_flow(flow, flow_index, *log);
      continue;
    }

    if (flow.app == App::RequestResponse) {
      build_udp_exchange(flow, flow_index, *log);
      continue;
    }
    udp::UdpLayer& receiver_udp = *udp_[node_ids_.at(flow.to)];
    auto& receiver =
        receivers_.emplace_back(std::make_unique<apps::MessageStreamReceiver>(simulator_, *log));
    const bool bound = receiver_udp.bind(flow.port, receiver.get());
    NETSIM_ASSERT(bound, "the loader let two flows share a destination port");

    auto& socket = sockets_.emplace_back(std::make_unique<udp::UdpSocket>(
        *udp_[node_ids_.at(flow.from)],
        static_cast<std::uint16_t>(kFirstEphemeralPort + index % 16384)));
    senders_.push_back(std::make_unique<apps::MessageStreamSender>(
        simulator_, *socket, network_.node(node_ids_.at(flow.to)).address(), flow.port, flow_index,
        *log, flow.stream, streams_.stream("traffic/" + flow.name + "/gaps")));
  }
  drop_tracker_ = std::make_unique<apps::MessageDropTracker>(std::move(by_flow));
  network_.set_observer(drop_tracker_.get());
}

void ScenarioRun::build_udp_exchange(const TrafficConfig& flow, std::uint32_t index,
                                     apps::MessageLog& log) {
  // The server answers from the flow's port; the client listens on its ephemeral port.
  auto& server_socket = sockets_.emplace_back(
      std::make_unique<udp::UdpSocket>(*udp_[node_ids_.at(flow.to)], flow.port));
  udp::UdpLayer& client_udp = *udp_[node_ids_.at(flow.from)];
  auto server = std::make_unique<apps::UdpRequestServer>(*server_socket, flow.exchange.response);
  const bool server_bound = udp_[node_ids_.at(flow.to)]->bind(flow.port, server.get());
  NETSIM_ASSERT(server_bound, "the loader let two flows share a destination port");
  // The flow's ephemeral port, or the next free one (a listener may have taken it).
  std::uint16_t client_port = 0;
  std::unique_ptr<apps::UdpRequestClient> client;
  for (std::uint32_t k = 0; k < 16384 && client_port == 0; ++k) {
    const auto port = static_cast<std::uint16_t>(kFirstEphemeralPort + (index + k) % 16384);
    auto& socket = sockets_.emplace_back(std::make_unique<udp::UdpSocket>(client_udp, port));
    client = std::make_unique<apps::UdpRequestClient>(
        simulator_, *socket, network_.node(node_ids_.at(flow.to)).address(), flow.port, index, log,
        flow.exchange);
    if (client_udp.bind(port, client.get())) client_port = port;
  }
  NETSIM_ASSERT(client_port != 0, "no free ephemeral UDP port");
  udp_starts_.push_back([c = client.get()] { c->start(); });
  udp_exchanges_.push_back(std::move(server));
  udp_exchanges_.push_back(std::move(client));
}

void ScenarioRun::build_tcp_flow(const TrafficConfig& flow, std::uint32_t index,
                                 apps::MessageLog& log) {
  tcp::TcpLayer& client = *tcp_[node_ids_.at(flow.from)];
  tcp::TcpLayer& server = *tcp_[node_ids_.at(flow.to)];
  const net::Ipv4Address server_address = network_.node(node_ids_.at(flow.to)).address();
  TcpFlowInfo info;
  info.flow_index = index;
  switch (flow.app) {
    case App::Bulk: {
      auto sink = std::make_unique<apps::TcpSink>();
      auto sender = std::make_unique<apps::BulkSender>(simulator_, client, server_address,
                                                       flow.port, flow.tcp, flow.bulk);
      info.client = [s = sender.get()]() -> const tcp::TcpSocket* { return s->socket(); };
      info.server = [s = sink.get()]() -> const tcp::TcpSocket* { return s->socket(); };
      server.listen(flow.port, flow.tcp, sink.get());
      tcp_starts_.push_back([s = sender.get()] { s->start(); });
      tcp_apps_.push_back(std::move(sender));
      tcp_servers_.push_back(std::move(sink));
      break;
    }
    case App::MessageStream: {
      auto sender = std::make_unique<apps::TcpMessageSender>(
          simulator_, client, server_address, flow.port, flow.tcp, log, flow.stream,
          streams_.stream("traffic/" + flow.name + "/gaps"));
      auto receiver = std::make_unique<apps::TcpMessageReceiver>(log, *sender);
      info.client = [s = sender.get()]() -> const tcp::TcpSocket* { return s->socket(); };
      info.server = [r = receiver.get()]() -> const tcp::TcpSocket* { return r->socket(); };
      server.listen(flow.port, flow.tcp, receiver.get());
      tcp_starts_.push_back([s = sender.get()] { s->start(); });
      tcp_apps_.push_back(std::move(sender));
      tcp_servers_.push_back(std::move(receiver));
      break;
    }
    case App::RequestResponse: {
      auto server_app = std::make_unique<apps::RequestResponseServer>(flow.exchange);
      auto client_app = std::make_unique<apps::RequestResponseClient>(
          simulator_, client, server_address, flow.port, flow.tcp, log, flow.exchange);
      info.client = [c = client_app.get()]() -> const tcp::TcpSocket* { return c->socket(); };
      info.server = [s = server_app.get()]() -> const tcp::TcpSocket* { return s->socket(); };
      server.listen(flow.port, flow.tcp, server_app.get());
      tcp_starts_.push_back([c = client_app.get()] { c->start(); });
      tcp_apps_.push_back(std::move(client_app));
      tcp_servers_.push_back(std::move(server_app));
      break;
    }
  }
  if (sampler_) {
    info.client_sample_source = sampler_->watch(info.client);
    info.server_sample_source = sampler_->watch(info.server);
  }
  tcp_flows_.push_back(std::move(info));
}

void ScenarioRun::build_realtime(const RealtimeConfig& config) {
  // Each Socket.IO component draws from a stream of its own (ids, WebSocket keys and masks,
  // reconnection jitter), and each emit schedule from another (Poisson gaps).
  const auto gaps = [this](const std::string& prefix, std::size_t emits) {
    std::vector<sim::Rng> out;
    for (std::size_t i = 0; i < emits; ++i) {
      out.push_back(streams_.stream(prefix + "/emit/" + std::to_string(i)));
    }
    return out;
  };
  for (const RealtimeServerConfig& s : config.servers) {
    RealtimeServerRun& run = realtime_servers_.emplace_back();
    run.name = s.name;
    run.node = s.node;
    const std::string stream = "realtime/server/" + s.name;
    run.app = std::make_unique<apps::ScriptedServer>(simulator_, s.script,
                                                     gaps(stream, s.script.emits.size()));
    run.server = std::make_unique<realtime::Server>(
        simulator_, *tcp_[node_ids_.at(s.node)], byte_streams_, streams_.stream(stream), s.spec,
        run.app.get(), &realtime_events_, &realtime_timeline_);
  }
  for (const RealtimeClientConfig& c : config.clients) {
    const net::NodeId server_node = node_ids_.at(
        std::find_if(config.servers.begin(), config.servers.end(),
                     [&c](const RealtimeServerConfig& s) { return s.name == c.server; })
            ->node);
    apps::ScriptedServer& server_app =
        *std::find_if(realtime_servers_.begin(), realtime_servers_.end(),
                      [&c](const RealtimeServerRun& s) { return s.name == c.server; })
             ->app;
    for (std::uint32_t k = 1; k <= c.count; ++k) {
      RealtimeClientRun& run = realtime_clients_.emplace_back();
      run.name = c.count == 1 ? c.name : c.name + "-" + std::to_string(k);
      run.group = c.name;
      run.node = c.node;
      run.server = c.server;
      const std::string stream = "realtime/client/" + run.name;
      run.app = std::make_unique<apps::ScriptedClient>(simulator_,
                                                       apps::shifted(c.script, c.stagger * (k - 1)),
                                                       gaps(stream, c.script.emits.size()));
      run.app->set_server_app(&server_app);  // for the rooms it keeps per client
      realtime::ClientSpec spec = c.spec;
      spec.name = run.name;
      if (c.multiplex_with) {
        // Member k of a group on the page of member k of the other (defined above: built).
        const std::string page =
            c.count == 1 ? *c.multiplex_with : *c.multiplex_with + "-" + std::to_string(k);
        realtime::Client& on =
            *std::find_if(realtime_clients_.begin(), realtime_clients_.end(),
                          [&page](const RealtimeClientRun& other) { return other.name == page; })
                 ->client;
        run.client = std::make_unique<realtime::Client>(on, std::move(spec), run.app.get());
        continue;
      }
      run.client = std::make_unique<realtime::Client>(
          simulator_, *tcp_[node_ids_.at(c.node)], byte_streams_,
          network_.node(server_node).address(), streams_.stream(stream), std::move(spec),
          run.app.get(), &realtime_events_, &realtime_timeline_, &realtime_decode_cache_);
    }
  }
}

void ScenarioRun::crash_node(const std::string& node) {
  tcp_[node_ids_.at(node)]->crash();
  // The server process dies with its host: sessions, rooms and the recovery store are gone; the
  // port listens again once the node restarts (a restarted process), so clients reconnect.
  for (RealtimeServerRun& s : realtime_servers_) {
    if (s.node == node) s.server->crash();
  }
}

void ScenarioRun::schedule_faults() {
  for (std::size_t i = 0; i < faults_.size(); ++i) {
    simulator_.schedule_at(faults_[i].at, [this, i] { apply_fault(i); });
    if (faults_[i].duration) {
      simulator_.schedule_at(faults_[i].at + *faults_[i].duration, [this, i] { undo_fault(i); });
    }
  }
}

void ScenarioRun::apply_fault(std::size_t index) {
  const FaultConfig& f = faults_[index];
  switch (f.kind) {
    case FaultConfig::Kind::LinkDown:
      network_.set_link_up(*links_.at(f.link), false);
      break;
    case FaultConfig::Kind::LinkUp:
      network_.set_link_up(*links_.at(f.link), true);
      break;
    case FaultConfig::Kind::NodeCrash:
      network_.set_node_up(node_ids_.at(f.node), false);
      crash_node(f.node);
      break;
    case FaultConfig::Kind::NodeRestart:
      network_.set_node_up(node_ids_.at(f.node), true);
      break;
    case FaultConfig::Kind::ProcessKill:
      for (RealtimeServerRun& s : realtime_servers_) {
        if (s.node == f.node) s.server->kill();
      }
      break;
    case FaultConfig::Kind::Partition: {
      // Every link with exactly one end inside the set goes down (if it was up).
      std::set<net::NodeId> inside;
      for (const auto& n : f.nodes) inside.insert(node_ids_.at(n));
      for (auto& link : network_.links()) {
        const bool a_in = inside.count(link.forward.from()) > 0;
        const bool b_in = inside.count(link.forward.to()) > 0;
        if (a_in != b_in && link.forward.is_up()) {
          network_.set_link_up(link, false);
          partitioned_[index].push_back(&link);
        }
      }
      break;
    }
    case FaultConfig::Kind::Impair: {
      net::Link& link = *links_.at(f.link);
      impaired_before_[index] = {link.forward.config(), link.reverse.config()};
      if (f.forward) link.forward.reconfigure(*f.forward);
      if (f.reverse) link.reverse.reconfigure(*f.reverse);
      break;
    }
  }
}

void ScenarioRun::undo_fault(std::size_t index) {
  const FaultConfig& f = faults_[index];
  switch (f.kind) {
    case FaultConfig::Kind::LinkDown:
      network_.set_link_up(*links_.at(f.link), true);
      break;
    case FaultConfig::Kind::LinkUp:
      network_.set_link_up(*links_.at(f.link), false);
      break;
    case FaultConfig::Kind::NodeCrash:
      network_.set_node_up(node_ids_.at(f.node), true);
      break;
    case FaultConfig::Kind::NodeRestart:
      network_.set_node_up(node_ids_.at(f.node), false);
      crash_node(f.node);
      break;
    case FaultConfig::Kind::ProcessKill:
      for (RealtimeServerRun& s : realtime_servers_) {
        if (s.node == f.node) s.server->listen();
      }
      break;
    case FaultConfig::Kind::Partition:
      for (net::Link* link : partitioned_[index]) network_.set_link_up(*link, true);
      break;
    case FaultConfig::Kind::Impair: {
      net::Link& link = *links_.at(f.link);
      link.forward.reconfigure(impaired_before_[index].first);
      link.reverse.reconfigure(impaired_before_[index].second);
      break;
    }
  }
}

bool ScenarioRun::run(RunProgress* progress) {
  for (auto& sender : senders_) sender->start();
  for (auto& start : udp_starts_) start();
  for (auto& start : tcp_starts_) start();
  for (RealtimeServerRun& s : realtime_servers_) s.app->start(*s.server);
  for (RealtimeClientRun& c : realtime_clients_) c.app->start(*c.client);
  if (sampler_) sampler_->start();
  const sim::Time end = sim::Time::zero() + duration_;
  if (progress == nullptr) {
    simulator_.run_until(end);
    return true;
  }
  constexpr std::int64_t kSlices = 256;
  for (std::int64_t slice = 1; slice <= kSlices; ++slice) {
    if (progress->cancel != nullptr && progress->cancel->load(std::memory_order_relaxed)) {
      return false;
    }
    // Integer arithmetic without overflow; the last slice ends exactly at `end`.
    const std::int64_t ns = duration_.ns();
    simulator_.run_until(
        sim::Time::zero() +
        sim::Duration::from_ns(ns / kSlices * slice + ns % kSlices * slice / kSlices));
    progress->simulated_ns.store(simulator_.now().ns(), std::memory_order_relaxed);
    progress->events.store(simulator_.events_executed(), std::memory_order_relaxed);
  }
  return true;
}

}  // namespace netsim::scenario
