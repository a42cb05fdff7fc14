#include "models/scenario/study.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "models/scenario/scenario_loader.h"
#include "models/scenario/yaml_reader.h"

namespace netsim::scenario {

namespace {

// More points than this is almost certainly a mistake in a range's step.
constexpr std::size_t kMaxPoints = 100'000;

struct Quantity {
  double number = 0;
  std::string unit;  // e.g. "ms", "%", "Mbit/s"; empty for a plain number
};

Quantity split_quantity(const YamlValue& value) {
  const std::string text = value.scalar();
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(number)) {
    value.fail("a range bound is a number with an optional unit, e.g. 10ms or 0.5%; got '" + text +
               "'");
  }
  std::string unit(end);
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  return {number, unit};
}

std::string format_number(double x) {
  // 12 significant digits hide the binary rounding of from + i·step (0.1 + 0.2 prints 0.3).
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.12g", x);
  return buffer;
}

DocPtr scalar_at(const std::string& text, const SourceLocation& where) {
  auto node = std::make_shared<DocNode>();
  node->kind = DocNode::Kind::Scalar;
  node->scalar = text;
  node->where = where;
  return node;
}

std::vector<DocPtr> range_values(const YamlValue& value) {
  const YamlMap map = value.map();
  map.allow_only({"from", "to", "step"});
  const YamlValue from_value = map.required("from");
  const YamlValue to_value = map.required("to");
  const YamlValue step_value = map.required("step");
  const Quantity from = split_quantity(from_value);
  const Quantity to = split_quantity(to_value);
  const Quantity step = split_quantity(step_value);
  // A bare 0 takes the others' unit (from: 0, to: 5%, step: 1%).
  std::string unit = !from.unit.empty() ? from.unit : !to.unit.empty() ? to.unit : step.unit;
  for (const auto* q : {&from, &to, &step}) {
    if (q->unit != unit && !(q->unit.empty() && q->number == 0)) {
      value.fail("from, to and step need the same unit (got '" + from.unit + "', '" + to.unit +
                 "', '" + step.unit + "')");
    }
  }
  if (!(step.number > 0)) step_value.fail("the step must be greater than 0");
  if (to.number < from.number) to_value.fail("`to` must not be less than `from`");
  // Both ends included; a relative slack of 1e-9 keeps `to` despite rounding (0.1 + 0.2 + 0.3).
  const double span = (to.number - from.number) / step.number;
  if (span > static_cast<double>(kMaxPoints)) {
    step_value.fail("the range has more than " + std::to_string(kMaxPoints) + " values");
  }
  const auto count = static_cast<std::size_t>(std::floor(span * (1 + 1e-9) + 1e-9)) + 1;
  std::vector<DocPtr> out;
  for (std::size_t i = 0; i < count; ++i) {
    const double x = from.number + static_cast<double>(i) * step.number;
    out.push_back(scalar_at(format_number(x) + unit, value.where()));
  }
  return out;
}

struct Axis {
  std::string key;
  std::vector<DocPtr> values;
  DocPtr where;  // the key in the sweep block
};

std::vector<Axis> read_axes(const YamlValue& block, const std::vector<Override>& overrides,
                            const std::vector<std::string>& unswept) {
  std::vector<Axis> axes;
  const YamlMap map = block.map();
  for (const auto& entry : map.entries()) {
    const std::string key = entry.key.scalar();
    if (std::find(unswept.begin(), unswept.end(), key) != unswept.end()) continue;
    if (key == "replications" || key == "name" || key.starts_with("sweep")) {
      entry.key.fail("'" + key + "' cannot be swept");
    }
    for (const auto& o : overrides) {
      if (o.path == key) {
        entry.key.fail("also set with --set " + key +
                       "; drop one (the sweep would override it at every point)");
      }
    }
    axes.push_back({key, sweep_values(entry.value.node(), entry.value.path()), entry.key.node()});
  }
  return axes;
}

}  // namespace

std::vector<DocPtr> sweep_values(const DocPtr& entry, const std::string& key_path) {
  const YamlValue value(entry, key_path);
  std::vector<DocPtr> out;
  if (entry->kind == DocNode::Kind::Sequence) {
    out = entry->items;
  } else if (entry->is_map() && entry->find("from")) {
    out = range_values(value);
  } else {
    out.push_back(entry);
  }
  if (out.empty()) value.fail("a swept key needs at least one value");
  return out;
}

std::string flow_text(const DocPtr& node) {
  switch (node->kind) {
    case DocNode::Kind::Null:
      return "";
    case DocNode::Kind::Scalar:
      return node->scalar;
    case DocNode::Kind::Sequence: {
      std::string out = "[";
      for (std::size_t i = 0; i < node->items.size(); ++i) {
        out += (i > 0 ? ", " : "") + flow_text(node->items[i]);
      }
      return out + "]";
    }
    case DocNode::Kind::Map: {
      std::string out = "{";
      for (std::size_t i = 0; i < node->entries.size(); ++i) {
        out += (i > 0 ? ", " : "") + node->entries[i].key->scalar + ": " +
               flow_text(node->entries[i].value);
      }
      return out + "}";
    }
  }
  return "";
}

Study load_study(const std::string& path, const std::vector<Override>& overrides,
                 const std::vector<std::string>& unswept) {
  Study study;
  study.source = path;
  study.document = compose(path, overrides);
  const DocPtr base = without_sweep(study.document);

  std::vector<Axis> grid;
  std::vector<Axis> zip;
  if (study.document->is_map()) {
    // `sweep:` with nothing (as `--set sweep=` leaves it) turns a file's sweep off.
    const DocPtr sweep = study.document->find("sweep");
    if (sweep && sweep->kind != DocNode::Kind::Null) {
      const YamlMap map = YamlValue(sweep, "sweep").map();
      map.allow_only({"grid", "zip"});
      if (auto g = map.find("grid")) grid = read_axes(*g, overrides, unswept);
      if (auto z = map.find("zip")) zip = read_axes(*z, overrides, unswept);
      if (grid.empty() && zip.empty()) map.self().fail("a sweep needs keys under grid or zip");
      for (const auto& axis : zip) {
        if (axis.values.size() != zip.front().values.size()) {
          YamlValue(axis.where, "sweep.zip." + axis.key)
              .fail("zipped keys need lists of the same length (" +
                    std::to_string(axis.values.size()) + " here, " +
                    std::to_string(zip.front().values.size()) + " for " + zip.front().key + ")");
        }
      }
      for (const auto* axes : {&grid, &zip}) {
        for (const auto& axis : *axes) {
          for (const auto& key : study.keys) {
            if (key == axis.key) {
              YamlValue(axis.where, "sweep." + axis.key).fail("swept twice");
            }
          }
          study.keys.push_back(axis.key);
        }
      }
    }
  }

  // Points in order: grid keys like nested loops in file order (last varies fastest), then zip.
  std::size_t count = zip.empty() ? 1 : zip.front().values.size();
  for (const auto& axis : grid) {
    count *= axis.values.size();
    if (count > kMaxPoints) {
      YamlValue(axis.where, "sweep.grid." + axis.key)
          .fail("the sweep has more than " + std::to_string(kMaxPoints) + " points");
    }
  }
  for (std::size_t index = 0; index < count; ++index) {
    DocPtr document = base;
    StudyPoint point;
    std::size_t rest = index;
    const std::size_t zip_rows = zip.empty() ? 1 : zip.front().values.size();
    const std::size_t zip_row = rest % zip_rows;
    rest /= zip_rows;
    std::vector<std::size_t> grid_at(grid.size());
    for (std::size_t g = grid.size(); g-- > 0;) {
      grid_at[g] = rest % grid[g].values.size();
      rest /= grid[g].values.size();
    }
    for (std::size_t g = 0; g < grid.size(); ++g) {
      const DocPtr& value = grid[g].values[grid_at[g]];
      document = set_path(document, grid[g].key, value);
      point.values.push_back(flow_text(value));
    }
    for (const auto& axis : zip) {
      document = set_path(document, axis.key, axis.values[zip_row]);
      point.values.push_back(flow_text(axis.values[zip_row]));
    }
    point.config = load_scenario(expand_profiles(document), path);
    study.points.push_back(std::move(point));
  }
  study.replications = study.points.front().config.replications;
  study.seed = study.points.front().config.seed;
  study.name = study.points.front().config.name;
  return study;
}

}  // namespace netsim::scenario
