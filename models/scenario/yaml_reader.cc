#include "models/scenario/yaml_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "models/scenario/quantity.h"
#include "models/scenario/suggest.h"

namespace netsim::scenario {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

}  // namespace

void YamlValue::fail(const std::string& message) const {
  throw ScenarioError(where(), path_, message);
}

std::string YamlValue::scalar() const {
  if (!is_scalar()) {
    fail(is_null() ? "expected a value, found nothing"
                   : "expected a single value, not a list or map");
  }
  return node_->scalar;
}

std::string YamlValue::name() const {
  const std::string s = scalar();
  const bool valid = !s.empty() && s.front() != '.' && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
  if (!valid) {
    fail("'" + s +
         "' is not a valid name (use letters, digits, '_', '-' and '.', not starting with '.')");
  }
  return s;
}

std::uint64_t YamlValue::unsigned_integer(std::uint64_t min, std::uint64_t max) const {
  const std::string s = scalar();
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size()) {
    fail("expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
         ", got '" + s + "'");
  }
  if (value < min || value > max) {
    fail(std::to_string(value) + " is out of range (" + std::to_string(min) + " to " +
         std::to_string(max) + ")");
  }
  return value;
}

double YamlValue::fraction() const {
  const std::string s = scalar();
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(v >= 0 && v <= 1)) {
    fail("expected a number from 0 to 1, got '" + s + "'");
  }
  return v;
}

bool YamlValue::boolean() const {
  const std::string s = scalar();
  if (s == "true") return true;
  if (s == "false") return false;
  fail("expected true or false, got '" + s + "'");
}

// Quantity parsers report what is wrong; this adds where.
#define NETSIM_LOCATED_QUANTITY(method, type, parser) \
  type YamlValue::method() const {                    \
    const std::string s = scalar();                   \
    try {                                             \
      return parser(s);                               \
    } catch (const QuantityError& e) {                \
      fail(e.what());                                 \
    }                                                 \
  }
NETSIM_LOCATED_QUANTITY(duration, sim::Duration, parse_duration)
NETSIM_LOCATED_QUANTITY(rate, sim::DataRate, parse_rate)
NETSIM_LOCATED_QUANTITY(size, sim::Bytes, parse_size)
NETSIM_LOCATED_QUANTITY(percent, double, parse_percent)
NETSIM_LOCATED_QUANTITY(queue_limit, net::QueueLimit, parse_queue_limit)
#undef NETSIM_LOCATED_QUANTITY

std::string YamlValue::choice(const std::vector<std::string>& options) const {
  const std::string s = scalar();
  for (const auto& option : options) {
    if (s == option) return s;
  }
  fail("unknown value '" + s + "'" + did_you_mean(s, options) +
       "; expected one of: " + join(options));
}

YamlMap YamlValue::map() const {
  if (!node_->is_map())
    fail(is_null() ? "expected a map of keys, found nothing" : "expected a map of keys");
  return YamlMap(*this);
}

std::vector<YamlValue> YamlValue::sequence() const {
  if (node_->kind != DocNode::Kind::Sequence) fail("expected a list, e.g. [a, b]");
  std::vector<YamlValue> out;
  for (std::size_t i = 0; i < node_->items.size(); ++i) {
    out.emplace_back(node_->items[i], path_ + "[" + std::to_string(i) + "]");
  }
  return out;
}

YamlMap::YamlMap(const YamlValue& self) : self_(self) {
  for (const auto& entry : self.node()->entries) {
    if (entry.key->kind != DocNode::Kind::Scalar) {
      YamlValue(entry.key, self_.path()).fail("keys must be plain names");
    }
    const std::string& name = entry.key->scalar;
    const std::string path = child_path(self_.path(), name);
    const YamlValue key(entry.key, path);
    for (const auto& e : entries_) {
      if (e.key.scalar() == name) {
        key.fail("duplicate key (first defined at line " + std::to_string(e.key.where().line) +
                 ")");
      }
    }
    entries_.push_back({key, YamlValue(entry.value, path)});
  }
}

void YamlMap::allow_only(const std::vector<std::string>& allowed) const {
  for (const auto& e : entries_) {
    const std::string name = e.key.scalar();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      e.key.fail(
          "unknown key" + did_you_mean(name, allowed) +
          (allowed.empty() ? "; nothing may be set here" : "; allowed here: " + join(allowed)));
    }
  }
}

std::optional<YamlValue> YamlMap::find(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.key.scalar() == key) return e.value;
  }
  return std::nullopt;
}

YamlValue YamlMap::required(std::string_view key) const {
  if (auto value = find(key)) return *value;
  throw ScenarioError(self_.where(), child_path(self_.path(), key), "missing required key");
}

}  // namespace netsim::scenario
