// Typed, located access to a scenario document. Every value remembers its key path
// ("links.uplink.rate") and its node its position, so any mistake is reported where it is, in
// the form FILE:LINE:COLUMN: key.path: message.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/net/queue/queue_discipline.h"
#include "models/scenario/document.h"
#include "models/scenario/scenario_error.h"
#include "sim/time.h"
#include "sim/units.h"

namespace netsim::scenario {

class YamlMap;

class YamlValue {
 public:
  YamlValue(DocPtr node, std::string path) : node_(std::move(node)), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  const DocPtr& node() const { return node_; }
  const SourceLocation& where() const { return node_->where; }
  [[noreturn]] void fail(const std::string& message) const;

  bool is_null() const { return node_->kind == DocNode::Kind::Null; }
  bool is_scalar() const { return node_->kind == DocNode::Kind::Scalar; }

  std::string scalar() const;
  // An identifier usable in file names and key paths: letters, digits, '_', '-', '.'; not
  // starting with '.'.
  std::string name() const;
  std::string text() const { return scalar(); }
  std::uint64_t unsigned_integer(std::uint64_t min, std::uint64_t max) const;
  // A plain number in [0, 1], e.g. an averaging weight (probabilities use percent()).
  double fraction() const;
  bool boolean() const;
  sim::Duration duration() const;
  sim::DataRate rate() const;
  sim::Bytes size() const;
  double percent() const;
  net::QueueLimit queue_limit() const;
  // One of `options`, with a suggestion when it is a near miss.
  std::string choice(const std::vector<std::string>& options) const;

  YamlMap map() const;
  std::vector<YamlValue> sequence() const;

 private:
  DocPtr node_;
  std::string path_;
};

// A mapping whose keys are plain scalars, each appearing once.
class YamlMap {
 public:
  // Fails on a duplicate or non-scalar key (YAML forbids duplicates; yaml-cpp keeps one silently).
  explicit YamlMap(const YamlValue& self);

  // Fails on the first key not in `allowed`, suggesting the nearest allowed key.
  void allow_only(const std::vector<std::string>& allowed) const;

  std::optional<YamlValue> find(std::string_view key) const;
  // Fails, at the map, if the key is missing.
  YamlValue required(std::string_view key) const;

  struct Entry {
    YamlValue key;
    YamlValue value;
  };
  // In document order.
  const std::vector<Entry>& entries() const { return entries_; }
  const YamlValue& self() const { return self_; }

 private:
  YamlValue self_;
  std::vector<Entry> entries_;
};

}  // namespace netsim::scenario
