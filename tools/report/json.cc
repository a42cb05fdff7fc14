#include "tools/report/json.h"

#include <fmt/format.h>

#include <cmath>

namespace netsim::report {

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

JsonObject& JsonObject::add(std::string_view key, std::string_view value) {
  members_.emplace_back(std::string(key), json_quote(value));
  return *this;
}

JsonObject& JsonObject::add(std::string_view key, std::int64_t value) {
  members_.emplace_back(std::string(key), fmt::format("{}", value));
  return *this;
}

JsonObject& JsonObject::add(std::string_view key, std::uint64_t value) {
  members_.emplace_back(std::string(key), fmt::format("{}", value));
  return *this;
}

JsonObject& JsonObject::add(std::string_view key, double value) {
  // JSON has no NaN or infinity: an undefined figure is null.
  members_.emplace_back(std::string(key), std::isfinite(value) ? fmt::format("{}", value) : "null");
  return *this;
}

JsonObject& JsonObject::add(std::string_view key, bool value) {
  members_.emplace_back(std::string(key), value ? "true" : "false");
  return *this;
}

JsonObject& JsonObject::add(std::string_view key, const std::vector<std::string>& values) {
  std::string rendered = "[";
  for (std::size_t i = 0; i < values.size(); ++i)
    rendered += (i ? ", " : "") + json_quote(values[i]);
  members_.emplace_back(std::string(key), rendered + "]");
  return *this;
}

JsonObject& JsonObject::add(std::string_view key, const JsonObject& nested) {
  members_.emplace_back(std::string(key), nested.str(1));
  return *this;
}

JsonObject& JsonObject::add_raw(std::string_view key, std::string rendered) {
  members_.emplace_back(std::string(key), std::move(rendered));
  return *this;
}

std::string JsonObject::str(int indent) const {
  const std::string inner(static_cast<std::size_t>(2 * (indent + 1)), ' ');
  const std::string outer(static_cast<std::size_t>(2 * indent), ' ');
  std::string out = "{\n";
  for (std::size_t i = 0; i < members_.size(); ++i) {
    out += inner + json_quote(members_[i].first) + ": " + members_[i].second;
    out += i + 1 < members_.size() ? ",\n" : "\n";
  }
  out += outer + "}";
  if (indent == 0) out += "\n";
  return out;
}

}  // namespace netsim::report
