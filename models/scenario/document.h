// A scenario as a YAML tree whose every node remembers where it was written. Scenarios are
// composed before they are read: `extends:` lays a file over its base, `--set` and sweep points
// replace single keys, profiles are merged into the links and flows that name them. A composed
// tree mixes nodes from several files and from the command line, so the location lives in each
// node, and an error about any value still points at the file, line and column it came from.
//
// Nodes are immutable and shared: composing copies only the path from the root to what changes.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/scenario/scenario_error.h"

namespace netsim::scenario {

struct DocNode;
using DocPtr = std::shared_ptr<const DocNode>;

struct DocNode {
  enum class Kind : std::uint8_t { Null, Scalar, Sequence, Map };
  struct Entry {
    DocPtr key;  // always a scalar
    DocPtr value;
  };

  Kind kind = Kind::Null;
  std::string scalar;          // Scalar
  std::vector<DocPtr> items;   // Sequence
  std::vector<Entry> entries;  // Map, in document order
  SourceLocation where;

  bool is_map() const { return kind == Kind::Map; }
  // The value of `key` in a map, or null.
  DocPtr find(std::string_view key) const;
};

// Parses YAML text; a syntax error becomes a ScenarioError at its position in `label`.
DocPtr parse_document(const std::string& text, const std::string& label);
// Reads and parses a file; `label` names it in errors (default: the path as given).
DocPtr read_document(const std::string& path);

// `over` laid on `base`: maps merge key by key (recursively, `base`'s keys first, in order);
// anything else in `over` replaces what `base` has.
// `path` is `over`'s key path, for errors (a duplicate key in `over`).
DocPtr merge(const DocPtr& base, const DocPtr& over, const std::string& path = "");

// A copy of `map` without `key`.
DocPtr without(const DocPtr& map, std::string_view key);

// `root` with the value at a dotted key path replaced by (or set to) `value`. A path segment
// matches the longest run of segments that is an existing key, so names containing dots work
// ("links.r1.lan.rate" finds the link "r1.lan"); a number indexes a list. Missing keys are
// created; the reader then judges them like keys written in the file. Throws a ScenarioError at
// `value` if the path runs into a value that is not a map or list.
DocPtr set_path(const DocPtr& root, const std::string& dotted_path, const DocPtr& value);

}  // namespace netsim::scenario
