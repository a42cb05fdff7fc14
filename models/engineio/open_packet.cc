#include "models/engineio/open_packet.h"

#include <utility>

#include "models/engineio/json.h"

namespace netsim::engineio {

std::string encode_handshake(const Handshake& handshake) {
  // Key order as in engine.io's onOpen(). Integers print the same in JavaScript and C++.
  std::string out = "{\"sid\":" + json::quote(handshake.sid) + ",\"upgrades\":[";
  for (std::size_t i = 0; i < handshake.upgrades.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += json::quote(handshake.upgrades[i]);
  }
  out += "],\"pingInterval\":" + std::to_string(handshake.ping_interval_ms);
  out += ",\"pingTimeout\":" + std::to_string(handshake.ping_timeout_ms);
  out += ",\"maxPayload\":" + std::to_string(handshake.max_payload) + "}";
  return out;
}

std::optional<Handshake> parse_handshake(std::string_view json_text) {
  const std::optional<std::vector<json::Member>> members = json::object_members(json_text);
  if (!members) return std::nullopt;
  const auto member = [&](std::string_view key) { return json::find_member(*members, key); };

  Handshake handshake;
  const std::optional<std::string_view> sid = member("sid");
  if (!sid) return std::nullopt;
  std::optional<std::string> sid_text = json::read_string(*sid);
  if (!sid_text) return std::nullopt;
  handshake.sid = std::move(*sid_text);

  const std::optional<std::string_view> upgrades = member("upgrades");
  if (!upgrades) return std::nullopt;
  const std::optional<std::vector<std::string_view>> items = json::split_array(*upgrades);
  if (!items) return std::nullopt;
  for (const std::string_view item : *items) {
    std::optional<std::string> name = json::read_string(item);
    if (!name) return std::nullopt;
    handshake.upgrades.push_back(std::move(*name));
  }

  const auto integer = [&](std::string_view key, std::int64_t& out) {
    const std::optional<std::string_view> value = member(key);
    const std::optional<std::int64_t> number = value ? json::read_integer(*value) : std::nullopt;
    if (number) out = *number;
    return number.has_value();
  };
  if (!integer("pingInterval", handshake.ping_interval_ms) ||
      !integer("pingTimeout", handshake.ping_timeout_ms) ||
      !integer("maxPayload", handshake.max_payload)) {
    return std::nullopt;
  }
  return handshake;
}

}  // namespace netsim::engineio
