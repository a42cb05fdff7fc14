#include "models/realtime/event_log.h"

#include <charconv>

namespace netsim::realtime {

std::string EventLog::payload(std::uint64_t id, std::size_t bytes) {
  std::string s = "\"" + std::to_string(id) + ":";
  if (s.size() < bytes + 1) s.append(bytes + 1 - s.size(), 'x');
  s += '"';
  return s;
}

bool EventLog::parse_payload(std::string_view json, std::uint64_t& id) {
  if (json.size() < 3 || json.front() != '"') return false;
  const char* first = json.data() + 1;
  const char* last = json.data() + json.size();
  const auto [end, ec] = std::from_chars(first, last, id);
  return ec == std::errc() && end != first && end < last && *end == ':';
}

}  // namespace netsim::realtime
