#include "models/scenario/scenario_loader.h"

#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "models/scenario/scenario_error.h"
#include "models/scenario/suggest.h"
#include "models/scenario/yaml_reader.h"
#include "models/udp/udp.h"

namespace netsim::scenario {

std::string to_string(Transport transport) {
  switch (transport) {
    case Transport::Udp:
      return "udp";
  }
  return "unknown";
}

namespace {

const std::vector<std::string> kTopKeys{"name",  "description", "seed",   "duration",
                                        "nodes", "links",       "traffic"};
const std::vector<std::string> kLinkKeys{"between", "rate",    "delay",  "queue",
                                         "loss",    "forward", "reverse"};
const std::vector<std::string> kDirectionKeys{"rate", "delay", "queue", "loss"};
const std::vector<std::string> kTrafficKeys{"app",  "transport", "from",    "to",    "port",
                                            "size", "interval",  "arrival", "start", "stop"};
// Destination ports handed out to flows that do not name one: 5000, 5001, ... in file order.
constexpr std::uint16_t kFirstDefaultPort = 5000;

// Link parameters as written: a link-level value, overridden per direction.
struct PartialChannel {
  std::optional<sim::DataRate> rate;
  std::optional<sim::Duration> delay;
  std::optional<net::QueueLimit> queue;
  std::optional<double> loss;
};

class Loader {
 public:
  explicit Loader(const std::string* file) : file_(file) {}

  ScenarioConfig load(const YamlValue& root) {
    const YamlMap top = root.map();
    top.allow_only(kTopKeys);
    config_.source = *file_;
    config_.name = top.required("name").name();
    if (auto d = top.find("description")) config_.description = d->text();
    if (auto s = top.find("seed")) config_.seed = s->unsigned_integer(0, UINT64_MAX);
    const YamlValue duration = top.required("duration");
    config_.duration = duration.duration();
    if (config_.duration <= sim::Duration::zero())
      duration.fail("the run must last longer than 0s");
    load_nodes(top.required("nodes"));
    if (auto links = top.find("links")) load_links(*links);
    load_traffic(top.required("traffic"));
    return std::move(config_);
  }

 private:
  void load_nodes(const YamlValue& value) {
    const YamlMap nodes = value.map();
    for (const auto& entry : nodes.entries()) {
      const std::string name = entry.key.name();
      // A node has no settings yet; `client:` or `client: {}` declares it.
      if (!entry.value.is_null()) entry.value.map().allow_only({});
      node_names_.push_back(name);
      config_.nodes.push_back({name});
    }
  }

  std::string node_ref(const YamlValue& value) const {
    const std::string name = value.scalar();
    if (std::find(node_names_.begin(), node_names_.end(), name) == node_names_.end()) {
      value.fail("unknown node '" + name + "'" + did_you_mean(name, node_names_));
    }
    return name;
  }

  static void read_channel(const YamlMap& map, PartialChannel& out) {
    if (auto v = map.find("rate")) out.rate = v->rate();
    if (auto v = map.find("delay")) out.delay = v->duration();
    if (auto v = map.find("queue")) {
      out.queue = v->queue_limit();
      if (out.queue->value == 0) v->fail("a queue must hold at least one packet or byte");
    }
    if (auto v = map.find("loss")) out.loss = v->percent();
  }

  static net::ChannelConfig resolve(const YamlMap& link, const PartialChannel& base,
                                    const std::optional<YamlMap>& direction_map,
                                    const char* direction) {
    PartialChannel merged = base;
    if (direction_map) read_channel(*direction_map, merged);
    if (!merged.rate) {
      throw ScenarioError(
          link.self().where(), link.self().path() + ".rate",
          std::string("missing required key (the ") + direction + " direction has no rate)");
    }
    net::ChannelConfig out;
    out.rate = *merged.rate;
    out.delay = merged.delay.value_or(sim::Duration::zero());
    out.queue = merged.queue.value_or(net::QueueLimit::packets(100));
    out.loss = merged.loss.value_or(0.0);
    return out;
  }

  void load_links(const YamlValue& value) {
    const YamlMap links = value.map();
    for (const auto& entry : links.entries()) {
      LinkConfig link;
      link.name = entry.key.name();
      const YamlMap map = entry.value.map();
      map.allow_only(kLinkKeys);
      const YamlValue between = map.required("between");
      const auto ends = between.sequence();
      if (ends.size() != 2) between.fail("a link joins exactly two nodes, e.g. [client, server]");
      link.a = node_ref(ends[0]);
      link.b = node_ref(ends[1]);
      if (link.a == link.b) ends[1].fail("a link joins two different nodes");
      for (const auto& other : config_.links) {
        if ((other.a == link.a && other.b == link.b) || (other.a == link.b && other.b == link.a)) {
          between.fail("link '" + other.name + "' already joins '" + link.a + "' and '" + link.b +
                       "'");
        }
      }
      PartialChannel base;
      read_channel(map, base);
      std::optional<YamlMap> forward;
      std::optional<YamlMap> reverse;
      if (auto v = map.find("forward")) forward.emplace(v->map());
      if (auto v = map.find("reverse")) reverse.emplace(v->map());
      if (forward) forward->allow_only(kDirectionKeys);
      if (reverse) reverse->allow_only(kDirectionKeys);
      link.a_to_b = resolve(map, base, forward, "forward");
      link.b_to_a = resolve(map, base, reverse, "reverse");
      config_.links.push_back(std::move(link));
    }
  }

  bool linked(const std::string& x, const std::string& y) const {
    for (const auto& l : config_.links) {
      if ((l.a == x && l.b == y) || (l.a == y && l.b == x)) return true;
    }
    return false;
  }

  void load_traffic(const YamlValue& value) {
    const YamlMap traffic = value.map();
    // (destination node, port) → flow that listens there
    std::map<std::pair<std::string, std::uint16_t>, std::string> listeners;
    for (std::size_t index = 0; index < traffic.entries().size(); ++index) {
      const auto& entry = traffic.entries()[index];
      TrafficConfig flow;
      flow.name = entry.key.name();
      const YamlMap map = entry.value.map();
      map.allow_only(kTrafficKeys);
      if (auto v = map.find("app")) v->choice({"message_stream"});
      if (auto v = map.find("transport")) v->choice({"udp"});
      flow.transport = Transport::Udp;
      flow.from = node_ref(map.required("from"));
      const YamlValue to = map.required("to");
      flow.to = node_ref(to);
      if (flow.to == flow.from) to.fail("a flow goes to a different node than it comes from");
      if (!linked(flow.from, flow.to)) {
        to.fail("no link joins '" + flow.from + "' and '" + flow.to +
                "'; flows run between directly linked nodes (multi-hop routing is not "
                "available yet)");
      }
      const auto port = map.find("port");
      flow.port = port ? static_cast<std::uint16_t>(port->unsigned_integer(1, 65535))
                       : static_cast<std::uint16_t>(kFirstDefaultPort + index);
      const auto [it, fresh] = listeners.emplace(std::pair{flow.to, flow.port}, flow.name);
      if (!fresh) {
        const YamlValue& where = port ? *port : entry.key;
        where.fail("port " + std::to_string(flow.port) + " on '" + flow.to +
                   "' is already used by flow '" + it->second + "'");
      }

      auto& s = flow.stream;
      const YamlValue size = map.required("size");
      s.size = size.size();
      if (s.size.count() > udp::kMaxPayloadBytes) {
        size.fail("a UDP message carries at most " + std::to_string(udp::kMaxPayloadBytes) +
                  " bytes (65535 minus the IPv4 and UDP headers)");
      }
      const YamlValue interval = map.required("interval");
      s.interval = interval.duration();
      if (s.interval <= sim::Duration::zero()) interval.fail("the interval must be longer than 0s");
      s.arrival = Arrival::Fixed;
      if (auto v = map.find("arrival")) {
        s.arrival = v->choice({"fixed", "poisson"}) == "poisson" ? apps::Arrival::Poisson
                                                                 : apps::Arrival::Fixed;
      }
      const auto start = map.find("start");
      const auto stop = map.find("stop");
      s.start = sim::Time::zero() + (start ? start->duration() : sim::Duration::zero());
      s.stop = sim::Time::zero() + (stop ? stop->duration() : config_.duration);
      if (stop && s.stop.since_start() > config_.duration) {
        stop->fail("stop (" + sim::to_string(s.stop) + ") is after the end of the run (" +
                   sim::to_string(config_.duration) + ")");
      }
      if (s.start >= s.stop) {
        (start ? *start : map.self())
            .fail("start (" + sim::to_string(s.start) + ") must be before stop (" +
                  sim::to_string(s.stop) + ")");
      }
      config_.traffic.push_back(std::move(flow));
    }
  }

  using Arrival = apps::Arrival;

  const std::string* file_;
  ScenarioConfig config_;
  std::vector<std::string> node_names_;
};

}  // namespace

ScenarioConfig load_scenario_text(const std::string& text, const std::string& label) {
  const YamlValue root = parse_yaml(text, &label);
  return Loader(&label).load(root);
}

ScenarioConfig load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({path, 0, 0}, "", "cannot read the scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path);
}

}  // namespace netsim::scenario
