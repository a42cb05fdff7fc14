// A study: every point of a scenario's sweep, each run `replications` times. A scenario without a
// `sweep` block is a study of one point.
//
//   sweep:
//     grid:                                  # every combination, first key varying slowest
//       links.uplink.loss: [0, 0.1%, 1%, 5%]
//       traffic.stream.transport: [tcp, udp]
//     zip:                                   # varied together: the i-th values form one row,
//       links.uplink.delay: [5ms, 50ms]      #   crossed with the grid
//       links.uplink.rate: {from: 10Mbit/s, to: 20Mbit/s, step: 10Mbit/s}
//
// Keys are dotted paths as for `--set`; a value is any YAML value, or a range {from, to, step}
// of numbers sharing a unit (both ends included). Every point is composed and checked before
// anything runs, so a bad value is reported at its line in the sweep and no run starts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/scenario/composition.h"
#include "models/scenario/document.h"
#include "models/scenario/scenario_config.h"

namespace netsim::scenario {

struct StudyPoint {
  std::vector<std::string> values;  // per swept key, as text (sweep.csv's first columns)
  ScenarioConfig config;
};

struct Study {
  std::string source;              // the scenario file
  DocPtr document;                 // after extends and --set, before the sweep is applied
  std::vector<std::string> keys;   // swept key paths, in order; empty without a sweep
  std::vector<StudyPoint> points;  // at least one
  std::uint32_t replications = 1;  // per point (the same for every point)
  std::uint64_t seed = 1;
  std::string name;

  bool is_single_run() const { return keys.empty() && replications == 1; }
};

// Composes the file (extends, overrides), expands the sweep and loads every point. A `--set` of
// a swept key is an error: the sweep would silently win or lose. Keys in `unswept` are taken out
// of the sweep first (netsim compare sets each flow's transport itself).
Study load_study(const std::string& path, const std::vector<Override>& overrides,
                 const std::vector<std::string>& unswept = {});

// The values a sweep entry stands for: a list's items, a range's steps, or a single value.
std::vector<DocPtr> sweep_values(const DocPtr& entry, const std::string& key_path);

// A value as one line of text: scalars as written, lists and maps in YAML flow style.
std::string flow_text(const DocPtr& node);

}  // namespace netsim::scenario
