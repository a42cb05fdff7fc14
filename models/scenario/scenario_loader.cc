#include "models/scenario/scenario_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "models/scenario/channel_reader.h"
#include "models/scenario/composition.h"
#include "models/scenario/reachability.h"
#include "models/scenario/realtime_reader.h"
#include "models/scenario/scenario_error.h"
#include "models/scenario/suggest.h"
#include "models/scenario/tcp_reader.h"
#include "models/scenario/topology_import.h"
#include "models/scenario/yaml_reader.h"
#include "models/udp/udp.h"

namespace netsim::scenario {

std::string to_string(Transport transport) { return transport == Transport::Tcp ? "tcp" : "udp"; }

std::string to_string(App app) {
  switch (app) {
    case App::MessageStream:
      return "message_stream";
    case App::Bulk:
      return "bulk";
    case App::RequestResponse:
      return "request_response";
  }
  return "unknown";
}

namespace {

// `extends`, `profiles` and `sweep` are also top-level keys, consumed before this reader runs
// (composition.h, study.h).
const std::vector<std::string> kTopKeys{
    "name",    "description", "seed", "replications", "duration", "nodes",   "topology", "links",
    "routing", "faults",      "tcp",  "traffic",      "realtime", "reports", "compare"};
const std::vector<std::string> kNodeKeys{"kind"};
const std::vector<std::string> kTopologyKeys{"file", "kind", "link_defaults"};
const std::vector<std::string> kRoutingKeys{"metric", "convergence"};
// Destination ports handed out to flows that do not name one: 40000, 40001, ... in file order.
// Wireshark assigns no dissector to 40000-41169 (TCP or UDP), so captures decode as plain TCP
// and UDP; at 5000 it would decode TCP payload as GSM A-bis (gsm_ipa).
constexpr std::uint16_t kFirstDefaultPort = 40000;

std::vector<std::string> with(std::vector<std::string> keys, const std::vector<std::string>& more) {
  keys.insert(keys.end(), more.begin(), more.end());
  return keys;
}

class Loader {
 public:
  ScenarioConfig load(const YamlValue& root, const std::string& source) {
    const YamlMap top = root.map();
    top.allow_only(kTopKeys);
    config_.source = source;
    config_.name = top.required("name").name();
    if (auto d = top.find("description")) config_.description = d->text();
    if (auto s = top.find("seed")) config_.seed = s->unsigned_integer(0, UINT64_MAX);
    if (auto r = top.find("replications")) {
      config_.replications = static_cast<std::uint32_t>(r->unsigned_integer(1, 1'000'000));
    }
    const YamlValue duration = top.required("duration");
    config_.duration = duration.duration();
    if (config_.duration <= sim::Duration::zero())
      duration.fail("the run must last longer than 0s");
    if (auto t = top.find("topology")) load_topology(*t);
    if (auto n = top.find("nodes")) load_nodes(*n);
    if (config_.nodes.empty())
      top.self().fail("a scenario needs nodes (under `nodes`, or from a `topology` file)");
    if (auto links = top.find("links")) load_links(*links);
    if (auto r = top.find("routing")) load_routing(*r);
    if (auto f = top.find("faults")) load_faults(*f);
    if (auto t = top.find("tcp")) tcp_defaults_ = read_tcp(*t, tcp_defaults_);
    if (auto r = top.find("reports")) load_reports(*r);
    // A scenario of Socket.IO applications alone needs no `traffic`.
    if (auto t = top.find("traffic"); t || !top.find("realtime")) {
      load_traffic(top.required("traffic"));
    }
    if (auto r = top.find("realtime")) load_realtime(*r);
    if (auto c = top.find("compare")) load_compare(*c);
    return std::move(config_);
  }

 private:
  // --- nodes and topology -------------------------------------------------------------------

  void add_node(const NodeConfig& node, const YamlValue& where) {
    if (node_index_.count(node.name) > 0) where.fail("node '" + node.name + "' is defined twice");
    node_index_.emplace(node.name, config_.nodes.size());
    node_names_.push_back(node.name);
    config_.nodes.push_back(node);
  }

  static net::NodeKind read_kind(const YamlValue& v) {
    return v.choice({"host", "router"}) == "router" ? net::NodeKind::Router : net::NodeKind::Host;
  }

  void load_nodes(const YamlValue& value) {
    const YamlMap nodes = value.map();
    for (const auto& entry : nodes.entries()) {
      NodeConfig node{entry.key.name(), net::NodeKind::Host};
      // `client:` or `client: {}` declares a host; `r1: {kind: router}` a router.
      if (!entry.value.is_null()) {
        const YamlMap map = entry.value.map();
        map.allow_only(kNodeKeys);
        if (auto k = map.find("kind")) node.kind = read_kind(*k);
      }
      add_node(node, entry.key);
    }
  }

  void load_topology(const YamlValue& value) {
    const YamlMap map = value.map();
    map.allow_only(kTopologyKeys);
    const YamlValue file = map.required("file");
    // Relative to the scenario file, so scenarios can be run from anywhere.
    std::filesystem::path path(file.text());
    if (path.is_relative()) path = std::filesystem::path(file.where().file).parent_path() / path;
    const net::NodeKind kind =
        map.find("kind") ? read_kind(*map.find("kind")) : net::NodeKind::Router;
    net::ChannelConfig defaults;
    bool defaults_have_rate = false;
    if (auto d = map.find("link_defaults")) {
      const YamlMap dm = d->map();
      dm.allow_only(channel_keys());
      defaults_have_rate = apply_channel_keys(dm, defaults);
      check_channel(defaults, *d);
    }
    ImportedTopology imported =
        import_topology(path.string(), file, kind, defaults, defaults_have_rate);
    for (const auto& n : imported.nodes) add_node(n, file);
    for (auto& l : imported.links) add_link(std::move(l), file);
  }

  std::string node_ref(const YamlValue& value) const {
    const std::string name = value.scalar();
    if (node_index_.count(name) == 0)
      value.fail("unknown node '" + name + "'" + did_you_mean(name, node_names_));
    return name;
  }

  // --- links --------------------------------------------------------------------------------

  void add_link(LinkConfig link, const YamlValue& where) {
    if (link_index_.count(link.name) > 0) where.fail("link '" + link.name + "' is defined twice");
    link_index_.emplace(link.name, config_.links.size());
    link_names_.push_back(link.name);
    config_.links.push_back(std::move(link));
  }

  void load_links(const YamlValue& value) {
    const YamlMap links = value.map();
    for (const auto& entry : links.entries()) {
      LinkConfig link;
      link.name = entry.key.name();
      const YamlMap map = entry.value.map();
      map.allow_only(with({"between", "forward", "reverse"}, channel_keys()));
      const YamlValue between = map.required("between");
      const auto ends = between.sequence();
      if (ends.size() != 2) between.fail("a link joins exactly two nodes, e.g. [client, server]");
      link.a = node_ref(ends[0]);
      link.b = node_ref(ends[1]);
      if (link.a == link.b) ends[1].fail("a link joins two different nodes");
      net::ChannelConfig base;
      const bool base_rate = apply_channel_keys(map, base);
      link.a_to_b = direction(map, base, base_rate, "forward");
      link.b_to_a = direction(map, base, base_rate, "reverse");
      add_link(std::move(link), entry.key);
    }
  }

  // One direction: the link's values, overridden by its `forward`/`reverse` map.
  static net::ChannelConfig direction(const YamlMap& link, const net::ChannelConfig& base,
                                      bool base_rate, const char* which) {
    net::ChannelConfig config = base;
    bool rate = base_rate;
    const auto overrides = link.find(which);
    if (overrides) {
      const YamlMap map = overrides->map();
      map.allow_only(channel_keys());
      rate = apply_channel_keys(map, config) || rate;
    }
    if (!rate) {
      throw ScenarioError(
          link.self().where(), link.self().path() + ".rate",
          std::string("missing required key (the ") + which + " direction has no rate)");
    }
    check_channel(config, overrides ? *overrides : link.self());
    return config;
  }

  // --- routing and faults -------------------------------------------------------------------

  void load_routing(const YamlValue& value) {
    const YamlMap map = value.map();
    map.allow_only(kRoutingKeys);
    if (auto m = map.find("metric")) {
      const std::string metric = m->choice({"hops", "delay", "cost"});
      config_.routing.metric = metric == "delay"  ? net::RouteMetric::Delay
                               : metric == "cost" ? net::RouteMetric::Cost
                                                  : net::RouteMetric::Hops;
    }
    if (auto c = map.find("convergence")) config_.routing.convergence = c->duration();
  }

  const LinkConfig& link_ref(const YamlValue& value) const {
    const std::string name = value.scalar();
    const auto it = link_index_.find(name);
    if (it == link_index_.end())
      value.fail("unknown link '" + name + "'" + did_you_mean(name, link_names_));
    return config_.links[it->second];
  }

  sim::Time fault_time(const YamlValue& v) const {
    const sim::Duration at = v.duration();
    if (at > config_.duration)
      v.fail("after the end of the run (" + sim::to_string(config_.duration) + ")");
    return sim::Time::zero() + at;
  }

  void load_faults(const YamlValue& value) {
    for (const YamlValue& item : value.sequence()) {
      const YamlMap map = item.map();
      FaultConfig fault;
      fault.at = fault_time(map.required("at"));
      if (auto d = map.find("duration")) {
        fault.duration = d->duration();
        if (*fault.duration <= sim::Duration::zero()) d->fail("a duration must be longer than 0s");
      }
      if (map.find("partition")) {
        map.allow_only({"at", "partition", "duration"});
        fault.kind = FaultConfig::Kind::Partition;
        for (const YamlValue& n : map.required("partition").sequence())
          fault.nodes.push_back(node_ref(n));
        if (!fault.duration) map.self().fail("a partition needs a `duration`");
      } else if (map.find("node")) {
        map.allow_only({"at", "node", "action", "duration"});
        fault.node = node_ref(*map.find("node"));
        const std::string action = map.required("action").choice({"crash", "restart", "kill"});
        fault.kind = action == "crash"     ? FaultConfig::Kind::NodeCrash
                     : action == "restart" ? FaultConfig::Kind::NodeRestart
                                           : FaultConfig::Kind::ProcessKill;
      } else if (map.find("link")) {
        map.allow_only({"at", "link", "action", "direction", "set", "duration"});
        load_link_fault(map, fault);
      } else {
        map.self().fail("a fault names a `link`, a `node` or a `partition`");
      }
      config_.faults.push_back(std::move(fault));
    }
  }

  void load_link_fault(const YamlMap& map, FaultConfig& fault) const {
    const LinkConfig& link = link_ref(*map.find("link"));
    fault.link = link.name;
    const auto set = map.find("set");
    const auto action = map.find("action");
    if (set && action) action->fail("a link fault has either an `action` or a `set`, not both");
    if (action) {
      if (map.find("direction")) map.find("direction")->fail("`direction` goes with `set`");
      fault.kind = action->choice({"down", "up"}) == "down" ? FaultConfig::Kind::LinkDown
                                                            : FaultConfig::Kind::LinkUp;
      return;
    }
    if (!set)
      map.self().fail("a link fault needs an `action` (down or up) or a `set` of new values");
    fault.kind = FaultConfig::Kind::Impair;
    const std::string direction =
        map.find("direction") ? map.find("direction")->choice({"both", "forward", "reverse"})
                              : "both";
    const YamlMap changes = set->map();
    changes.allow_only(channel_keys());
    if (changes.find("queue"))
      changes.find("queue")->fail("the queue discipline cannot change during a run");
    const auto apply = [&](net::ChannelConfig config) {
      apply_channel_keys(changes, config);
      check_channel(config, *set);
      return config;
    };
    if (direction != "reverse") fault.forward = apply(link.a_to_b);
    if (direction != "forward") fault.reverse = apply(link.b_to_a);
  }

  // --- traffic ------------------------------------------------------------------------------

  void load_traffic(const YamlValue& value) {
    const YamlMap traffic = value.map();
    // (destination node, transport, port) → flow that listens there
    std::map<std::tuple<std::string, Transport, std::uint16_t>, std::string> listeners;
    for (std::size_t index = 0; index < traffic.entries().size(); ++index) {
      const auto& entry = traffic.entries()[index];
      TrafficConfig flow;
      flow.name = entry.key.name();
      const YamlMap map = entry.value.map();
      const auto transport = map.find("transport");
      flow.transport =
          transport && transport->choice({"udp", "tcp"}) == "tcp" ? Transport::Tcp : Transport::Udp;
      const auto app = map.find("app");
      const std::string app_name =
          app ? app->choice({"message_stream", "bulk", "request_response"}) : "message_stream";
      flow.app = app_name == "bulk"               ? App::Bulk
                 : app_name == "request_response" ? App::RequestResponse
                                                  : App::MessageStream;
      if (flow.app == App::Bulk && flow.transport == Transport::Udp) {
        app->fail("'bulk' runs over TCP (UDP has no rate to send at): add `transport: tcp`");
      }
      std::vector<std::string> allowed{"app", "transport", "from", "to", "port", "start", "stop"};
      const std::vector<std::string> app_keys =
          flow.app == App::Bulk ? std::vector<std::string>{"bytes"}
          : flow.app == App::RequestResponse
              ? std::vector<std::string>{"request", "response", "interval"}
              : std::vector<std::string>{"size", "interval", "arrival"};
      allowed.insert(allowed.end(), app_keys.begin(), app_keys.end());
      if (flow.transport == Transport::Tcp) allowed.push_back("tcp");
      map.allow_only(allowed);
      load_endpoints(map, entry.key, flow, index, listeners);
      flow.tcp = tcp_defaults_;
      if (auto t = map.find("tcp")) flow.tcp = read_tcp(*t, tcp_defaults_);
      const auto [start, stop] = load_window(map);
      switch (flow.app) {
        case App::MessageStream:
          load_stream(map, flow.transport, flow.stream);
          break;
        case App::Bulk:
          if (auto b = map.find("bytes")) {
            flow.bulk.bytes = static_cast<std::uint64_t>(b->size().count());
            if (*flow.bulk.bytes == 0) b->fail("a bulk transfer sends at least one byte");
          }
          break;
        case App::RequestResponse: {
          flow.exchange.request = map.required("request").size();
          flow.exchange.response = map.required("response").size();
          if (flow.exchange.request.count() == 0)
            map.find("request")->fail("a request has at least one byte");
          if (auto i = map.find("interval")) {
            flow.exchange.interval = i->duration();
            if (*flow.exchange.interval <= sim::Duration::zero())
              i->fail("the interval must be longer than 0s");
          }
          if (flow.transport == Transport::Udp) {
            // One datagram each way, never retried (models/apps/udp_request_response.h).
            if (!flow.exchange.interval) {
              map.self().fail(
                  "request_response over UDP needs an interval: back to back, a lost datagram "
                  "would stop the exchanges");
            }
            for (const char* key : {"request", "response"}) {
              const YamlValue v = map.required(key);
              if (v.size().count() > udp::kMaxPayloadBytes) {
                v.fail("over UDP a " + std::string(key) + " is one datagram: at most " +
                       std::to_string(udp::kMaxPayloadBytes) + "B");
              }
            }
          }
          break;
        }
      }
      flow.stream.start = flow.bulk.start = flow.exchange.start = start;
      flow.stream.stop = flow.bulk.stop = flow.exchange.stop = stop;
      config_.traffic.push_back(std::move(flow));
    }
  }

  void load_endpoints(
      const YamlMap& map, const YamlValue& key, TrafficConfig& flow, std::size_t index,
      std::map<std::tuple<std::string, Transport, std::uint16_t>, std::string>& listeners) const {
    const YamlValue from = map.required("from");
    flow.from = node_ref(from);
    const YamlValue to = map.required("to");
    flow.to = node_ref(to);
    for (const auto* end : {&from, &to}) {
      const std::string& n = end == &from ? flow.from : flow.to;
      if (config_.nodes[node_index_.at(n)].kind != net::NodeKind::Host) {
        end->fail("'" + n + "' is a router; applications run on hosts");
      }
    }
    if (flow.to == flow.from) to.fail("a flow goes to a different node than it comes from");
    if (!reachable(config_, flow.from, flow.to)) {
      to.fail("'" + flow.to + "' cannot be reached from '" + flow.from +
              "' (hosts do not forward; connect them through routers)");
    }
    const auto port = map.find("port");
    flow.port = port ? static_cast<std::uint16_t>(port->unsigned_integer(1, 65535))
                     : static_cast<std::uint16_t>(kFirstDefaultPort + index);
    const auto [it, fresh] =
        listeners.emplace(std::tuple{flow.to, flow.transport, flow.port}, flow.name);
    if (!fresh) {
      const YamlValue& where = port ? *port : key;
      where.fail("port " + std::to_string(flow.port) + " on '" + flow.to +
                 "' is already used by flow '" + it->second + "'");
    }
  }

  std::pair<sim::Time, sim::Time> load_window(const YamlMap& map) const {
    const auto start = map.find("start");
    const auto stop = map.find("stop");
    const sim::Time begin = sim::Time::zero() + (start ? start->duration() : sim::Duration::zero());
    const sim::Time end = sim::Time::zero() + (stop ? stop->duration() : config_.duration);
    if (stop && end.since_start() > config_.duration) {
      stop->fail("stop (" + sim::to_string(end) + ") is after the end of the run (" +
                 sim::to_string(config_.duration) + ")");
    }
    if (begin >= end) {
      (start ? *start : map.self())
          .fail("start (" + sim::to_string(begin) + ") must be before stop (" +
                sim::to_string(end) + ")");
    }
    return {begin, end};
  }

  void load_stream(const YamlMap& map, Transport transport, apps::MessageStreamConfig& s) const {
    const YamlValue size = map.required("size");
    s.size = size.size();
    if (transport == Transport::Udp && s.size.count() > udp::kMaxPayloadBytes) {
      size.fail("a UDP message carries at most " + std::to_string(udp::kMaxPayloadBytes) +
                " bytes (65535 minus the IPv4 and UDP headers)");
    }
    if (s.size.count() == 0 && transport == Transport::Tcp)
      size.fail("a TCP message has at least one byte");
    const YamlValue interval = map.required("interval");
    s.interval = interval.duration();
    if (s.interval <= sim::Duration::zero()) interval.fail("the interval must be longer than 0s");
    s.arrival = apps::Arrival::Fixed;
    if (auto v = map.find("arrival")) {
      s.arrival = v->choice({"fixed", "poisson"}) == "poisson" ? apps::Arrival::Poisson
                                                               : apps::Arrival::Fixed;
    }
  }

  void load_realtime(const YamlValue& value) {
    RealtimeScope scope;
    scope.duration = config_.duration;
    scope.tcp_defaults = tcp_defaults_;
    scope.host = [this](const YamlValue& v) {
      const std::string name = node_ref(v);
      if (config_.nodes[node_index_.at(name)].kind != net::NodeKind::Host) {
        v.fail("'" + name + "' is a router; applications run on hosts");
      }
      return name;
    };
    scope.reachable = [this](const std::string& from, const std::string& to) {
      return reachable(config_, from, to);
    };
    scope.tcp_listener = [this](const std::string& node,
                                std::uint16_t port) -> std::optional<std::string> {
      for (const TrafficConfig& flow : config_.traffic) {
        if (flow.transport == Transport::Tcp && flow.to == node && flow.port == port) {
          return flow.name;
        }
      }
      return std::nullopt;
    };
    config_.realtime = read_realtime(value, scope);
  }

  void load_compare(const YamlValue& value) {
    CompareConfig compare;
    if (!value.is_null()) {
      const YamlMap map = value.map();
      map.allow_only({"flows", "plots"});
      if (auto p = map.find("plots")) compare.plots = p->boolean();
      if (auto f = map.find("flows")) {
        std::vector<std::string> names;
        for (const auto& flow : config_.traffic) names.push_back(flow.name);
        for (const auto& item : f->sequence()) {
          const std::string name = item.scalar();
          const auto it = std::find_if(config_.traffic.begin(), config_.traffic.end(),
                                       [&](const TrafficConfig& t) { return t.name == name; });
          if (it == config_.traffic.end()) {
            item.fail("unknown flow '" + name + "'" + did_you_mean(name, names));
          }
          if (it->app == App::Bulk) {
            item.fail(
                "a bulk transfer runs over TCP only; compare message streams and "
                "request/response flows");
          }
          compare.flows.push_back(name);
        }
      }
    }
    config_.compare = compare;
  }

  void load_reports(const YamlValue& value) {
    const YamlMap map = value.map();
    map.allow_only({"timeseries", "messages"});
    if (auto m = map.find("messages")) config_.reports.messages = m->boolean();
    if (auto t = map.find("timeseries")) {
      const std::string text = t->scalar();
      if (text == "off") {
        config_.reports.timeseries = ReportsConfig::Timeseries::Off;
      } else if (text == "on_change") {
        config_.reports.timeseries = ReportsConfig::Timeseries::OnChange;
      } else {
        config_.reports.timeseries_interval = t->duration();
        if (config_.reports.timeseries_interval <= sim::Duration::zero()) {
          t->fail("expected off, on_change or an interval longer than 0s");
        }
      }
    }
  }

  tcp::TcpConfig tcp_defaults_ = *tcp::tcp_preset("rfc");
  ScenarioConfig config_;
  std::vector<std::string> node_names_;
  std::map<std::string, std::size_t> node_index_;
  std::vector<std::string> link_names_;
  std::map<std::string, std::size_t> link_index_;
};

}  // namespace

DocPtr without_sweep(const DocPtr& document) {
  return document->is_map() ? without(document, "sweep") : document;
}

ScenarioConfig load_scenario(const DocPtr& document, const std::string& source) {
  return Loader().load(YamlValue(document, ""), source);
}

ScenarioConfig load_scenario_text(const std::string& text, const std::string& label) {
  const DocPtr document = parse_document(text, label);
  if (document->is_map() && document->find("extends")) {
    YamlValue(document->find("extends"), "extends").fail("extends needs a scenario file");
  }
  return load_scenario(without_sweep(expand_profiles(document)), label);
}

ScenarioConfig load_scenario_file(const std::string& path) {
  return load_scenario(without_sweep(expand_profiles(compose(path, {}))), path);
}

}  // namespace netsim::scenario
