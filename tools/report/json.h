// A small JSON object writer for run metadata (RFC 8259 string escaping). Keys keep the order
// they are added in, so the file is stable across runs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace netsim::report {

class JsonObject {
 public:
  JsonObject& add(std::string_view key, std::string_view value);
  JsonObject& add(std::string_view key, const char* value) {
    return add(key, std::string_view(value));
  }
  JsonObject& add(std::string_view key, std::int64_t value);
  JsonObject& add(std::string_view key, std::uint64_t value);
  JsonObject& add(std::string_view key, double value);
  JsonObject& add(std::string_view key, bool value);
  JsonObject& add(std::string_view key, const std::vector<std::string>& values);
  JsonObject& add(std::string_view key, const JsonObject& nested);
  // A value already rendered as JSON (for nesting at depth 1: two-space indent).
  JsonObject& add_raw(std::string_view key, std::string rendered);

  // Pretty-printed with two-space indentation, ending in a newline at the top level.
  std::string str(int indent = 0) const;

 private:
  std::vector<std::pair<std::string, std::string>> members_;  // key → rendered value
};

std::string json_quote(std::string_view text);

}  // namespace netsim::report
