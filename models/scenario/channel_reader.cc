#include "models/scenario/channel_reader.h"

#include <algorithm>
#include <optional>

namespace netsim::scenario {

namespace {

using net::ChannelConfig;
using net::LossConfig;
using net::QueueConfig;

const std::vector<std::string> kEventKeys{"probability", "correlation"};
const std::vector<std::string> kReorderKeys{"probability", "correlation", "gap"};
const std::vector<std::string> kQueueKeys{
    "discipline", "limit",  "min_threshold",    "max_threshold", "max_p",
    "weight",     "gentle", "mean_packet_size", "target",        "interval",
    "mtu"};

double percent_of(const YamlValue& v) { return v.percent(); }

// `loss: 1%`, or a map naming the model (netem: loss random | gemodel | state).
LossConfig read_loss(const YamlValue& value) {
  LossConfig loss;
  if (value.is_scalar()) {
    loss.probability = percent_of(value);
    loss.model = loss.probability > 0 ? LossConfig::Model::Random : LossConfig::Model::None;
    return loss;
  }
  const YamlMap map = value.map();
  const std::string model = map.required("model").choice({"random", "gemodel", "state"});
  const auto get = [&](const char* key) -> std::optional<double> {
    if (auto v = map.find(key)) return v->percent();
    return std::nullopt;
  };
  if (model == "random") {
    map.allow_only({"model", "probability", "correlation"});
    loss.model = LossConfig::Model::Random;
    loss.probability = percent_of(map.required("probability"));
    loss.correlation = get("correlation").value_or(0);
  } else if (model == "gemodel") {
    // iproute2 tc/q_netem.c defaults: r = 1 − p, 1−h = 100%, 1−k = 0%.
    map.allow_only({"model", "p", "r", "1-h", "1-k"});
    loss.model = LossConfig::Model::GilbertElliott;
    loss.p = percent_of(map.required("p"));
    loss.r = get("r").value_or(1 - loss.p);
    loss.one_minus_h = get("1-h").value_or(1);
    loss.one_minus_k = get("1-k").value_or(0);
  } else {
    // iproute2 defaults: p31 = 1 − p13, p32 = 0, p23 = 100%, p14 = 0.
    map.allow_only({"model", "p13", "p31", "p32", "p23", "p14"});
    loss.model = LossConfig::Model::FourState;
    loss.p13 = percent_of(map.required("p13"));
    loss.p31 = get("p31").value_or(1 - loss.p13);
    loss.p32 = get("p32").value_or(0);
    loss.p23 = get("p23").value_or(1);
    loss.p14 = get("p14").value_or(0);
    if (loss.p13 + loss.p14 > 1)
      map.self().fail("p13 + p14 must not exceed 100% (they leave state 1)");
    if (loss.p31 + loss.p32 > 1)
      map.self().fail("p31 + p32 must not exceed 100% (they leave state 3)");
  }
  return loss;
}

// `duplicate: 1%` or `{probability: 1%, correlation: 25%}`; same for corrupt.
void read_event(const YamlValue& value, double& probability, double& correlation) {
  if (value.is_scalar()) {
    probability = percent_of(value);
    return;
  }
  const YamlMap map = value.map();
  map.allow_only(kEventKeys);
  probability = percent_of(map.required("probability"));
  if (auto c = map.find("correlation")) correlation = percent_of(*c);
}

void read_reorder(const YamlValue& value, ChannelConfig& config) {
  if (value.is_scalar()) {
    config.reorder = percent_of(value);
    return;
  }
  const YamlMap map = value.map();
  map.allow_only(kReorderKeys);
  config.reorder = percent_of(map.required("probability"));
  if (auto c = map.find("correlation")) config.reorder_correlation = percent_of(*c);
  if (auto g = map.find("gap"))
    config.gap = static_cast<std::uint32_t>(g->unsigned_integer(1, 1'000'000));
}

// `queue: 100 packets` (drop-tail) or a map with a discipline and its parameters.
QueueConfig read_queue(const YamlValue& value, QueueConfig queue) {
  if (value.is_scalar()) {
    queue.discipline = QueueConfig::Discipline::DropTail;
    queue.limit = value.queue_limit();
    if (queue.limit.value == 0) value.fail("a queue must hold at least one packet or byte");
    return queue;
  }
  const YamlMap map = value.map();
  map.allow_only(kQueueKeys);
  const std::string discipline = map.required("discipline").choice({"drop_tail", "red", "codel"});
  queue.discipline = discipline == "red"     ? QueueConfig::Discipline::Red
                     : discipline == "codel" ? QueueConfig::Discipline::Codel
                                             : QueueConfig::Discipline::DropTail;
  const std::vector<std::string> red_keys{"min_threshold", "max_threshold", "max_p",
                                          "weight",        "gentle",        "mean_packet_size"};
  const std::vector<std::string> codel_keys{"target", "interval", "mtu"};
  for (const auto& e : map.entries()) {
    const std::string k = e.key.scalar();
    const bool red_key = std::find(red_keys.begin(), red_keys.end(), k) != red_keys.end();
    const bool codel_key = std::find(codel_keys.begin(), codel_keys.end(), k) != codel_keys.end();
    if ((red_key && discipline != "red") || (codel_key && discipline != "codel")) {
      e.key.fail("not a parameter of the '" + discipline + "' discipline");
    }
  }
  if (auto v = map.find("limit")) {
    queue.limit = v->queue_limit();
    if (queue.limit.value == 0) v->fail("a queue must hold at least one packet or byte");
  } else if (discipline == "red") {
    queue.limit = net::QueueLimit::packets(25);  // ns-3 RedQueueDisc MaxSize
  } else if (discipline == "codel") {
    queue.limit = net::QueueLimit::packets(1000);  // Linux sch_codel DEFAULT_CODEL_LIMIT
  }
  auto& red = queue.red;
  if (auto v = map.find("min_threshold"))
    red.min_threshold = static_cast<double>(v->unsigned_integer(0, 1'000'000));
  if (auto v = map.find("max_threshold"))
    red.max_threshold = static_cast<double>(v->unsigned_integer(1, 1'000'000));
  if (auto v = map.find("max_p")) red.max_p = v->percent();
  if (auto v = map.find("weight")) red.weight = v->fraction();
  if (auto v = map.find("gentle")) red.gentle = v->boolean();
  if (auto v = map.find("mean_packet_size")) red.mean_packet_bytes = v->size().count();
  if (discipline == "red" && red.min_threshold >= red.max_threshold) {
    map.self().fail("RED needs min_threshold < max_threshold");
  }
  auto& codel = queue.codel;
  if (auto v = map.find("target")) codel.target = v->duration();
  if (auto v = map.find("interval")) codel.interval = v->duration();
  if (auto v = map.find("mtu")) codel.mtu_bytes = v->size().count();
  if (discipline == "codel" && codel.interval <= sim::Duration::zero()) {
    map.self().fail("CoDel needs an interval longer than 0s");
  }
  return queue;
}

}  // namespace

const std::vector<std::string>& channel_keys() {
  static const std::vector<std::string> keys{
      "rate",         "delay", "jitter",    "jitter_correlation",
      "distribution", "loss",  "duplicate", "reorder",
      "corrupt",      "mtu",   "framing",   "cost",
      "queue"};
  return keys;
}

bool apply_channel_keys(const YamlMap& map, ChannelConfig& config) {
  bool rate = false;
  if (auto v = map.find("rate")) {
    config.rate = v->rate();
    rate = true;
  }
  if (auto v = map.find("delay")) config.delay = v->duration();
  if (auto v = map.find("jitter")) config.jitter = v->duration();
  if (auto v = map.find("jitter_correlation")) config.jitter_correlation = v->percent();
  if (auto v = map.find("distribution")) {
    const std::string d = v->choice({"uniform", "normal", "pareto", "paretonormal"});
    config.distribution = d == "normal"         ? net::DelayDistribution::Normal
                          : d == "pareto"       ? net::DelayDistribution::Pareto
                          : d == "paretonormal" ? net::DelayDistribution::ParetoNormal
                                                : net::DelayDistribution::Uniform;
  }
  if (auto v = map.find("loss")) config.loss = read_loss(*v);
  if (auto v = map.find("duplicate"))
    read_event(*v, config.duplicate, config.duplicate_correlation);
  if (auto v = map.find("reorder")) read_reorder(*v, config);
  if (auto v = map.find("corrupt")) read_event(*v, config.corrupt, config.corrupt_correlation);
  if (auto v = map.find("mtu")) {
    config.mtu = v->size();
    if (config.mtu->count() < 68) v->fail("an IPv4 link MTU is at least 68 bytes (RFC 791)");
  }
  if (auto v = map.find("framing")) {
    const std::string f = v->choice({"none", "ethernet", "ppp"});
    config.framing = f == "ethernet" ? net::Framing::Ethernet
                     : f == "ppp"    ? net::Framing::Ppp
                                     : net::Framing::None;
  }
  if (auto v = map.find("cost"))
    config.cost = static_cast<std::uint32_t>(v->unsigned_integer(1, 1'000'000'000));
  if (auto v = map.find("queue")) config.queue = read_queue(*v, config.queue);
  return rate;
}

void check_channel(const ChannelConfig& config, const YamlValue& where) {
  // iproute2 tc/q_netem.c refuses these combinations; so do we, with the same reasons.
  if (config.reorder > 0 && config.delay == sim::Duration::zero()) {
    where.fail("reordering needs a delay (reordered packets are the ones sent without it)");
  }
  if (config.distribution != net::DelayDistribution::Uniform &&
      (config.jitter == sim::Duration::zero() || config.delay == sim::Duration::zero())) {
    where.fail("a delay distribution needs both a delay and a jitter");
  }
  if (config.jitter > sim::Duration::zero() && config.jitter.ns() > 0x7fffffff) {
    where.fail("jitter above 2.147s is not supported (netem keeps it in 32 bits)");
  }
}

}  // namespace netsim::scenario
