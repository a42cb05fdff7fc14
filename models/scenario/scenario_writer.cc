#include "models/scenario/scenario_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netsim::scenario {

namespace {

// Errors found when the description is loaded again point here rather than at a file.
SourceLocation written() { return {"(resolved scenario)", 0, 0}; }

std::shared_ptr<DocNode> make(DocNode::Kind kind) {
  auto node = std::make_shared<DocNode>();
  node->kind = kind;
  node->where = written();
  return node;
}

DocPtr scalar(std::string_view text) {
  auto node = make(DocNode::Kind::Scalar);
  node->scalar = text;
  return node;
}

DocPtr sequence(std::vector<DocPtr> items) {
  auto node = make(DocNode::Kind::Sequence);
  node->items = std::move(items);
  return node;
}

DocPtr names(const std::vector<std::string>& items) {
  std::vector<DocPtr> out;
  for (const auto& item : items) out.push_back(scalar(item));
  return sequence(std::move(out));
}

// A map being written, keys in the order they are added.
class Map {
 public:
  Map& add(std::string_view key, DocPtr value) {
    map_->entries.push_back({scalar(key), std::move(value)});
    return *this;
  }
  Map& add(std::string_view key, std::string_view value) { return add(key, scalar(value)); }

  bool empty() const { return map_->entries.empty(); }
  const std::vector<DocNode::Entry>& entries() const { return map_->entries; }
  DocPtr value(std::string_view key) const { return map_->find(key); }
  // A copy: nodes are immutable once handed out (document.h), and this map may grow on.
  DocPtr node() const { return std::make_shared<const DocNode>(*map_); }

 private:
  std::shared_ptr<DocNode> map_ = make(DocNode::Kind::Map);
};

bool same(const DocPtr& a, const DocPtr& b) {
  if (!a || !b) return a == b;
  if (a->kind != b->kind || a->scalar != b->scalar || a->items.size() != b->items.size() ||
      a->entries.size() != b->entries.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a->items.size(); ++i) {
    if (!same(a->items[i], b->items[i])) return false;
  }
  for (std::size_t i = 0; i < a->entries.size(); ++i) {
    if (a->entries[i].key->scalar != b->entries[i].key->scalar ||
        !same(a->entries[i].value, b->entries[i].value)) {
      return false;
    }
  }
  return true;
}

// --- values, in the units quantity.cc reads back exactly ---------------------------------------

std::string text(sim::Duration d) { return sim::to_string(d); }
std::string text(sim::Time t) { return sim::to_string(t); }
std::string text(sim::Bytes b) { return sim::to_string(b); }
std::string bytes(std::int64_t count) { return sim::to_string(sim::Bytes(count)); }
std::string flag(bool value) { return value ? "true" : "false"; }
std::string number(std::uint64_t value) { return std::to_string(value); }

// The loader reads a percentage as a whole number of 10^-12 divided once by 10^12, so writing
// that number with all ten decimals of a percent gives back the same double for every value it
// can produce.
std::int64_t parts_per_trillion(double p) { return std::llround(p * 1e12); }
bool exact_percent(double p) { return static_cast<double>(parts_per_trillion(p)) / 1e12 == p; }
std::string percent(double p) {
  constexpr std::int64_t kPerPercent = 10'000'000'000;
  const std::int64_t ppt = parts_per_trillion(p);
  std::string decimals = std::to_string(ppt % kPerPercent + kPerPercent).substr(1);
  while (!decimals.empty() && decimals.back() == '0') decimals.pop_back();
  return std::to_string(ppt / kPerPercent) + (decimals.empty() ? "" : "." + decimals) + "%";
}

// Shortest form strtod reads back as the same double.
std::string real(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string limit(const net::QueueLimit& l) {
  return l.unit == net::QueueLimit::Unit::Packets ? std::to_string(l.value) + " packets"
                                                  : bytes(l.value);
}

// --- links ---------------------------------------------------------------------------------------

DocPtr loss(const net::LossConfig& l) {
  using Model = net::LossConfig::Model;
  if (l.model == Model::None) return scalar("0%");
  Map m;
  m.add("model", net::to_string(l.model));
  // `r` and `p31` default to 1 − p in the loader; when that double is off the percentage grid,
  // leaving the key out is the only way to get it back exactly.
  const auto derived = [&](const char* key, double value, double other) {
    if (exact_percent(value) || value != 1 - other) m.add(key, percent(value));
  };
  switch (l.model) {
    case Model::Random:
      m.add("probability", percent(l.probability)).add("correlation", percent(l.correlation));
      break;
    case Model::GilbertElliott:
      m.add("p", percent(l.p));
      derived("r", l.r, l.p);
      m.add("1-h", percent(l.one_minus_h)).add("1-k", percent(l.one_minus_k));
      break;
    case Model::FourState:
      m.add("p13", percent(l.p13));
      derived("p31", l.p31, l.p13);
      m.add("p32", percent(l.p32)).add("p23", percent(l.p23)).add("p14", percent(l.p14));
      break;
    case Model::None:
      break;
  }
  return m.node();
}

DocPtr event(double probability, double correlation) {
  return Map()
      .add("probability", percent(probability))
      .add("correlation", percent(correlation))
      .node();
}

// Only the chosen discipline's parameters: the loader refuses the others' keys.
DocPtr queue(const net::QueueConfig& q) {
  using Discipline = net::QueueConfig::Discipline;
  Map m;
  m.add("discipline", net::to_string(q.discipline)).add("limit", limit(q.limit));
  if (q.discipline == Discipline::Red) {
    m.add("min_threshold", number(static_cast<std::uint64_t>(q.red.min_threshold)))
        .add("max_threshold", number(static_cast<std::uint64_t>(q.red.max_threshold)))
        .add("max_p", percent(q.red.max_p))
        .add("weight", real(q.red.weight))
        .add("gentle", flag(q.red.gentle))
        .add("mean_packet_size", bytes(q.red.mean_packet_bytes));
  } else if (q.discipline == Discipline::Codel) {
    m.add("target", text(q.codel.target))
        .add("interval", text(q.codel.interval))
        .add("mtu", bytes(q.codel.mtu_bytes));
  }
  return m.node();
}

// Every channel key; `queue` only where it may be written (not in a fault's `set`).
Map channel(const net::ChannelConfig& c, bool with_queue) {
  Map m;
  m.add("rate", sim::to_string(c.rate))
      .add("delay", text(c.delay))
      .add("jitter", text(c.jitter))
      .add("jitter_correlation", percent(c.jitter_correlation))
      .add("distribution", net::to_string(c.distribution))
      .add("loss", loss(c.loss))
      .add("duplicate", event(c.duplicate, c.duplicate_correlation))
      .add("corrupt", event(c.corrupt, c.corrupt_correlation));
  Map reorder;
  reorder.add("probability", percent(c.reorder)).add("correlation", percent(c.reorder_correlation));
  if (c.gap > 0) reorder.add("gap", number(c.gap));  // the loader reads 1 and up; 0 is its default
  m.add("reorder", reorder.node());
  if (c.mtu) m.add("mtu", text(*c.mtu));
  m.add("framing", net::to_string(c.framing)).add("cost", number(c.cost));
  if (with_queue) m.add("queue", queue(c.queue));
  return m;
}

// What both directions share goes on the link; the rest under `forward` and `reverse`. Each
// direction starts from the link's keys, so a key written under a direction always overrides.
DocPtr link(const LinkConfig& l) {
  Map m, forward, reverse;
  m.add("between", names({l.a, l.b}));
  const Map a = channel(l.a_to_b, true);
  const Map b = channel(l.b_to_a, true);
  for (const auto& e : a.entries()) {
    (same(e.value, b.value(e.key->scalar)) ? m : forward).add(e.key->scalar, e.value);
  }
  for (const auto& e : b.entries()) {
    if (!same(e.value, a.value(e.key->scalar))) reverse.add(e.key->scalar, e.value);
  }
  if (!forward.empty()) m.add("forward", forward.node());
  if (!reverse.empty()) m.add("reverse", reverse.node());
  return m.node();
}

// --- faults --------------------------------------------------------------------------------------

// A `set` that turns the link's configuration into the fault's. One `set` applies to every
// direction it names, so for both it holds the keys on which the two new configurations agree;
// keys on which they differ were left unchanged (a `set` can only make them agree).
DocPtr impairment(const FaultConfig& f) {
  if (!f.forward || !f.reverse) return channel(f.forward ? *f.forward : *f.reverse, false).node();
  const Map a = channel(*f.forward, false);
  const Map b = channel(*f.reverse, false);
  Map set;
  for (const auto& e : a.entries()) {
    if (same(e.value, b.value(e.key->scalar))) set.add(e.key->scalar, e.value);
  }
  return set.node();
}

DocPtr fault(const FaultConfig& f) {
  using Kind = FaultConfig::Kind;
  Map m;
  m.add("at", text(f.at));
  switch (f.kind) {
    case Kind::LinkDown:
    case Kind::LinkUp:
      m.add("link", f.link).add("action", f.kind == Kind::LinkDown ? "down" : "up");
      break;
    case Kind::NodeCrash:
    case Kind::NodeRestart:
    case Kind::ProcessKill:
      m.add("node", f.node)
          .add("action", f.kind == Kind::NodeCrash     ? "crash"
                         : f.kind == Kind::NodeRestart ? "restart"
                                                       : "kill");
      break;
    case Kind::Partition:
      m.add("partition", names(f.nodes));
      break;
    case Kind::Impair: {
      const char* direction = !f.reverse ? "forward" : !f.forward ? "reverse" : "both";
      m.add("link", f.link).add("direction", direction).add("set", impairment(f));
      break;
    }
  }
  if (f.duration) m.add("duration", text(*f.duration));
  return m.node();
}

// --- TCP and traffic -----------------------------------------------------------------------------

DocPtr tcp_map(const tcp::TcpConfig& c) {
  Map m;
  m.add("mss", bytes(c.mss))
      .add("window_scaling", flag(c.window_scaling))
      .add("timestamps", flag(c.timestamps))
      .add("sack", flag(c.sack))
      .add("send_buffer", bytes(c.send_buffer))
      .add("receive_buffer", bytes(c.receive_buffer))
      .add("initial_rto", text(c.initial_rto))
      .add("syn_rto", text(c.syn_rto))
      .add("min_rto", text(c.min_rto))
      .add("max_rto", text(c.max_rto))
      .add("clock_granularity", text(c.clock_granularity))
      .add("syn_retries", number(static_cast<std::uint64_t>(c.syn_retries)))
      .add("data_retries", number(static_cast<std::uint64_t>(c.data_retries)))
      .add("congestion", tcp::to_string(c.congestion))
      .add("initial_window", number(c.initial_window))
      .add("dupack_threshold", number(c.dupack_threshold))
      .add("limited_transmit", flag(c.limited_transmit))
      .add("grow_cwnd_when_rate_limited", flag(c.grow_cwnd_when_rate_limited))
      .add("ssthresh_from_pipe", flag(c.ssthresh_from_pipe))
      .add("recover_inclusive", flag(c.recover_inclusive))
      .add("delayed_ack", flag(c.delayed_ack))
      .add("delayed_ack_count", number(c.delayed_ack_count))
      .add("delayed_ack_timeout", text(c.delayed_ack_timeout))
      .add("nagle", flag(c.nagle))
      .add("msl", text(c.msl));
  // Unset means 2·MSL; no value says that, and the base (the rfc preset) leaves it unset.
  if (c.time_wait) m.add("time_wait", text(*c.time_wait));
  return m.node();
}

DocPtr flow(const TrafficConfig& t) {
  Map m;
  m.add("app", to_string(t.app))
      .add("transport", to_string(t.transport))
      .add("from", t.from)
      .add("to", t.to)
      .add("port", number(t.port));
  switch (t.app) {
    case App::MessageStream:
      m.add("start", text(t.stream.start))
          .add("stop", text(t.stream.stop))
          .add("size", text(t.stream.size))
          .add("interval", text(t.stream.interval))
          .add("arrival", t.stream.arrival == apps::Arrival::Poisson ? "poisson" : "fixed");
      break;
    case App::Bulk:
      m.add("start", text(t.bulk.start)).add("stop", text(t.bulk.stop));
      if (t.bulk.bytes) m.add("bytes", bytes(static_cast<std::int64_t>(*t.bulk.bytes)));
      break;
    case App::RequestResponse:
      m.add("start", text(t.exchange.start))
          .add("stop", text(t.exchange.stop))
          .add("request", text(t.exchange.request))
          .add("response", text(t.exchange.response));
      if (t.exchange.interval) m.add("interval", text(*t.exchange.interval));
      break;
  }
  if (t.transport == Transport::Tcp) m.add("tcp", tcp_map(t.tcp));
  return m.node();
}

// --- realtime --------------------------------------------------------------------------------

DocPtr transports(const std::vector<socketio::Transport>& list) {
  std::vector<std::string> out;
  for (const socketio::Transport t : list) {
    out.push_back(t == socketio::Transport::Polling ? "polling" : "websocket");
  }
  return names(out);
}

// `at`, or `interval` with `arrival`, `start` and `stop`.
void schedule(Map& m, const apps::EmitSchedule& s) {
  if (s.at) {
    m.add("at", text(*s.at));
    return;
  }
  m.add("interval", text(s.interval))
      .add("arrival", s.arrival == apps::Arrival::Poisson ? "poisson" : "fixed")
      .add("start", text(s.start))
      .add("stop", text(s.stop));
}

// An onAny listener is `any: true` instead of an `event`.
void listener_target(Map& m, const std::string& event) {
  if (event.empty()) {
    m.add("any", "true");
  } else {
    m.add("event", event);
  }
}

std::string script_size(const RealtimeServerConfig& s, http::ContentCoding coding) {
  return bytes(static_cast<std::int64_t>(s.spec.client_script.size(coding)));
}

DocPtr realtime_server(const RealtimeServerConfig& s) {
  const socketio::ServerOptions& o = s.spec.options;
  const auto& csr = o.connection_state_recovery;
  Map m;
  m.add("node", s.node)
      .add("port", number(s.spec.port))
      .add("path", s.spec.path)
      .add("ping_interval", text(o.ping_interval))
      .add("ping_timeout", text(o.ping_timeout))
      .add("upgrade_timeout", text(o.upgrade_timeout))
      .add("max_http_buffer_size", bytes(o.max_http_buffer_size))
      .add("transports", transports(o.transports))
      .add("allow_upgrades", flag(o.allow_upgrades))
      .add("per_message_deflate", flag(o.per_message_deflate))
      .add("http_compression_threshold", bytes(o.http_compression_threshold))
      .add("connect_timeout", text(o.connect_timeout))
      .add("connection_state_recovery",
           Map()
               .add("enabled", flag(csr.enabled))
               .add("max_disconnection_duration", text(csr.max_disconnection_duration))
               .add("skip_middlewares", flag(csr.skip_middlewares))
               .node())
      .add("epoch_unix_ms", number(static_cast<std::uint64_t>(s.spec.epoch_unix_ms)))
      .add("client_script_size", script_size(s, http::ContentCoding::Identity))
      .add("client_script_gzip_size", script_size(s, http::ContentCoding::Gzip))
      .add("client_script_br_size", script_size(s, http::ContentCoding::Br))
      .add("keep_alive_timeout", text(s.spec.keep_alive_timeout))
      .add("tcp", tcp_map(s.spec.tcp))
      .add("rooms", names(s.script.rooms))
      .add("rooms_after", text(s.script.rooms_after));
  std::vector<DocPtr> listeners;
  for (const apps::ServerListenerScript& l : s.script.listeners) {
    Map lm;
    listener_target(lm, l.event);
    lm.add("after", text(l.after));
    if (l.remove_after) lm.add("remove_after", text(*l.remove_after));
    listeners.push_back(lm.node());
  }
  m.add("listeners", sequence(std::move(listeners)));
  std::vector<DocPtr> emits;
  for (const apps::ServerEmitScript& e : s.script.emits) {
    Map em;
    em.add("event", e.event).add("size", text(e.size));
    schedule(em, e.when);
    em.add("to", names(e.audience.rooms))
        .add("except", names(e.audience.except))
        .add("namespace", e.audience.nsp)
        .add("volatile", flag(e.is_volatile))
        .add("ack", flag(e.ack));
    emits.push_back(em.node());
  }
  m.add("emits", sequence(std::move(emits)));
  std::vector<DocPtr> joins;
  for (const apps::RoomJoinScript& j : s.script.joins) {
    Map jm;
    jm.add("client", j.client).add("room", j.room).add("at", text(j.at));
    if (j.leave_at) jm.add("leave_at", text(*j.leave_at));
    joins.push_back(jm.node());
  }
  m.add("joins", sequence(std::move(joins)));
  return m.node();
}

// A client's Manager: the page's connection options.
void connection(Map& m, const RealtimeClientConfig& c) {
  const socketio::ClientOptions& o = c.spec.options;
  m.add("fetch_script", flag(c.spec.fetch_script))
      .add("user_agent", c.spec.user_agent)
      .add("accept_encoding", c.spec.accept_encoding)
      .add("epoch_unix_ms", number(static_cast<std::uint64_t>(c.spec.epoch_unix_ms)))
      .add("transports", transports(o.transports))
      .add("upgrade", flag(o.upgrade))
      .add("remember_upgrade", flag(o.remember_upgrade))
      .add("timestamp_requests", flag(o.timestamp_requests))
      .add("reconnection", flag(o.reconnection))
      .add("reconnection_attempts",
           o.reconnection_attempts ? number(static_cast<std::uint64_t>(*o.reconnection_attempts))
                                   : std::string("infinity"))
      .add("reconnection_delay", text(o.reconnection_delay))
      .add("reconnection_delay_max", text(o.reconnection_delay_max))
      .add("randomization_factor", real(o.randomization_factor))
      .add("timeout", text(o.timeout));
  m.add("tcp", tcp_map(c.spec.tcp));
}

DocPtr realtime_client(const RealtimeClientConfig& c) {
  const socketio::ClientOptions& o = c.spec.options;
  Map m;
  if (c.multiplex_with) {
    // The connection's keys are the other client's.
    m.add("multiplex_with", *c.multiplex_with)
        .add("count", number(c.count))
        .add("stagger", text(c.stagger))
        .add("start", text(c.script.start))
        .add("namespace", c.spec.nsp);
  } else {
    m.add("node", c.node)
        .add("server", c.server)
        .add("count", number(c.count))
        .add("stagger", text(c.stagger))
        .add("start", text(c.script.start))
        .add("namespace", c.spec.nsp);
    connection(m, c);
  }
  // Unset by default (socket.io-client 4.6+): no retry queue, no default ack timeout.
  if (o.retries) m.add("retries", number(static_cast<std::uint64_t>(*o.retries)));
  if (o.ack_timeout) m.add("ack_timeout", text(*o.ack_timeout));
  std::vector<DocPtr> listeners;
  for (const apps::ClientListenerScript& l : c.script.listeners) {
    Map lm;
    listener_target(lm, l.event);
    lm.add("in_connect_handler", flag(l.in_connect_handler));
    if (!l.in_connect_handler) {
      lm.add("at", text(l.at));
      if (l.remove_at) lm.add("remove_at", text(*l.remove_at));
    }
    listeners.push_back(lm.node());
  }
  m.add("listeners", sequence(std::move(listeners)));
  std::vector<DocPtr> emits;
  for (const apps::ClientEmitScript& e : c.script.emits) {
    Map em;
    em.add("event", e.event).add("size", text(e.size));
    schedule(em, e.when);
    em.add("volatile", flag(e.options.is_volatile)).add("ack", flag(e.options.ack));
    // Without one, the `ack_timeout` option applies (or none).
    if (e.options.timeout) em.add("timeout", text(*e.options.timeout));
    emits.push_back(em.node());
  }
  m.add("emits", sequence(std::move(emits)));
  if (c.script.disconnect_at) m.add("disconnect_at", text(*c.script.disconnect_at));
  std::vector<DocPtr> again;
  for (const apps::ConnectAgainScript& a : c.script.connect_again) {
    Map am;
    am.add("at", text(a.at));
    if (a.disconnect_at) am.add("disconnect_at", text(*a.disconnect_at));
    again.push_back(am.node());
  }
  m.add("connect_again", sequence(std::move(again)));
  return m.node();
}

DocPtr realtime(const RealtimeConfig& r) {
  Map servers, clients;
  for (const RealtimeServerConfig& s : r.servers) servers.add(s.name, realtime_server(s));
  for (const RealtimeClientConfig& c : r.clients) clients.add(c.name, realtime_client(c));
  Map out;
  out.add("servers", servers.node()).add("clients", clients.node());
  if (!r.mitigations.empty()) {
    std::vector<DocPtr> sets;
    for (const MitigationSet& set : r.mitigations) {
      if (set.parts.size() == 1) {
        sets.push_back(scalar(std::string(to_string(set.parts.front()))));
      } else {
        std::vector<DocPtr> parts;
        for (const Mitigation m : set.parts) parts.push_back(scalar(std::string(to_string(m))));
        sets.push_back(sequence(std::move(parts)));
      }
    }
    out.add("mitigations", sequence(std::move(sets)));
  }
  return out.node();
}

DocPtr reports(const ReportsConfig& r) {
  using Timeseries = ReportsConfig::Timeseries;
  // Off and on_change take the key's place, so their sampling interval cannot be written.
  const std::string timeseries = r.timeseries == Timeseries::Off ? "off"
                                 : r.timeseries == Timeseries::OnChange
                                     ? "on_change"
                                     : text(r.timeseries_interval);
  return Map().add("timeseries", timeseries).add("messages", flag(r.messages)).node();
}

}  // namespace

DocPtr describe(const ScenarioConfig& config) {
  Map top;
  top.add("name", config.name)
      .add("description", config.description)
      .add("seed", number(config.seed))
      .add("replications", number(config.replications))
      .add("duration", text(config.duration));
  Map nodes;
  for (const auto& n : config.nodes) {
    nodes.add(n.name,
              Map().add("kind", n.kind == net::NodeKind::Router ? "router" : "host").node());
  }
  top.add("nodes", nodes.node());
  Map links;
  for (const auto& l : config.links) links.add(l.name, link(l));
  top.add("links", links.node());
  top.add("routing", Map()
                         .add("metric", net::to_string(config.routing.metric))
                         .add("convergence", text(config.routing.convergence))
                         .node());
  std::vector<DocPtr> faults;
  for (const auto& f : config.faults) faults.push_back(fault(f));
  top.add("faults", sequence(std::move(faults)));
  // UDP flows carry the scenario's TCP defaults unused; a top-level `tcp` gives them back, and is
  // needed only when they are not the rfc preset the loader starts from. TCP flows override it
  // key by key.
  for (const auto& t : config.traffic) {
    if (t.transport == Transport::Udp && t.tcp != *tcp::tcp_preset("rfc")) {
      top.add("tcp", tcp_map(t.tcp));
      break;
    }
  }
  Map traffic;
  for (const auto& t : config.traffic) traffic.add(t.name, flow(t));
  top.add("traffic", traffic.node());
  if (!config.realtime.empty()) top.add("realtime", realtime(config.realtime));
  top.add("reports", reports(config.reports));
  if (config.compare) {
    top.add("compare", Map()
                           .add("flows", names(config.compare->flows))
                           .add("plots", flag(config.compare->plots))
                           .node());
  }
  return top.node();
}

}  // namespace netsim::scenario
