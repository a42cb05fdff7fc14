#include "models/scenario/mitigation.h"

#include "models/scenario/scenario_config.h"

namespace netsim::scenario {

namespace {

constexpr std::pair<Mitigation, std::string_view> kNames[] = {
    {Mitigation::None, "none"},
    {Mitigation::ListenersFirst, "listeners_first"},
    {Mitigation::OnAny, "on_any"},
    {Mitigation::AcksRetries, "acks_retries"},
    {Mitigation::ServerReplay, "server_replay"},
    {Mitigation::StateRecovery, "state_recovery"},
    {Mitigation::Dedup, "dedup"},
};

void apply_one(RealtimeConfig& r, Mitigation m) {
  switch (m) {
    case Mitigation::None:
      break;
    case Mitigation::ListenersFirst:
      // PROTOCOLS §12.3 (1)-(3): register synchronously, before connecting; never in `connect`;
      // on the server, before any await.
      for (RealtimeClientConfig& c : r.clients) {
        for (apps::ClientListenerScript& l : c.script.listeners) {
          l.in_connect_handler = false;
          l.at = c.script.start;
          l.remove_at.reset();
        }
      }
      for (RealtimeServerConfig& s : r.servers) {
        for (apps::ServerListenerScript& l : s.script.listeners) {
          l.after = sim::Duration::zero();
          l.remove_after.reset();
        }
      }
      break;
    case Mitigation::OnAny:
      for (RealtimeClientConfig& c : r.clients) {
        apps::ClientListenerScript any;
        any.at = c.script.start;
        c.script.listeners.push_back(any);
      }
      for (RealtimeServerConfig& s : r.servers) s.script.listeners.push_back({});
      break;
    case Mitigation::AcksRetries:
      for (RealtimeClientConfig& c : r.clients) {
        c.spec.options.retries = 3;
        c.spec.options.ack_timeout = sim::ms(5000);
      }
      break;
    case Mitigation::ServerReplay:
      for (RealtimeServerConfig& s : r.servers) s.spec.replay_missed = true;
      for (RealtimeClientConfig& c : r.clients) c.spec.send_last_event_id = true;
      break;
    case Mitigation::StateRecovery:
      for (RealtimeServerConfig& s : r.servers) {
        s.spec.options.connection_state_recovery.enabled = true;
      }
      break;
    case Mitigation::Dedup:
      for (RealtimeServerConfig& s : r.servers) s.spec.dedup = true;
      for (RealtimeClientConfig& c : r.clients) c.spec.dedup = true;
      break;
  }
}

}  // namespace

std::string_view to_string(Mitigation m) {
  for (const auto& [value, name] : kNames) {
    if (value == m) return name;
  }
  return "?";
}

std::optional<Mitigation> mitigation_from_name(std::string_view name) {
  for (const auto& [value, n] : kNames) {
    if (n == name) return value;
  }
  return std::nullopt;
}

const std::vector<std::string>& mitigation_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [value, n] : kNames) v.emplace_back(n);
    return v;
  }();
  return names;
}

std::string MitigationSet::name() const {
  std::string out;
  for (const Mitigation m : parts) out += (out.empty() ? "" : "+") + std::string(to_string(m));
  return out.empty() ? "none" : out;
}

ScenarioConfig apply_mitigation(const ScenarioConfig& config, const MitigationSet& set) {
  ScenarioConfig out = config;
  for (const Mitigation m : set.parts) apply_one(out.realtime, m);
  return out;
}

}  // namespace netsim::scenario
