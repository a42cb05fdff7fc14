#include "models/scenario/document.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace netsim::scenario {

namespace {

SourceLocation location(const YAML::Mark& mark, const std::shared_ptr<const std::string>& label) {
  // yaml-cpp counts from 0; editors count from 1.
  return {*label, mark.line < 0 ? 0 : mark.line + 1, mark.column < 0 ? 0 : mark.column + 1};
}

DocPtr convert(const YAML::Node& node, const std::shared_ptr<const std::string>& label) {
  auto out = std::make_shared<DocNode>();
  out->where = location(node.Mark(), label);
  if (node.IsScalar()) {
    out->kind = DocNode::Kind::Scalar;
    out->scalar = node.Scalar();
  } else if (node.IsSequence()) {
    out->kind = DocNode::Kind::Sequence;
    for (const auto& item : node) out->items.push_back(convert(item, label));
  } else if (node.IsMap()) {
    out->kind = DocNode::Kind::Map;
    // Every entry is kept, duplicates included: the reader reports a duplicate key where it is.
    for (auto it = node.begin(); it != node.end(); ++it) {
      out->entries.push_back({convert(it->first, label), convert(it->second, label)});
    }
  }
  return out;
}

bool is_index(std::string_view segment) {
  return !segment.empty() && segment.size() < 10 &&
         segment.find_first_not_of("0123456789") == std::string_view::npos;
}

std::vector<std::string> split(const std::string& dotted) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = dotted.find('.', start);
    out.push_back(dotted.substr(start, dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

DocPtr set_segments(const DocPtr& node, const std::vector<std::string>& segments, std::size_t first,
                    const std::string& dotted, const DocPtr& value) {
  if (first == segments.size()) return value;
  auto copy = std::make_shared<DocNode>(*node);
  if (node->kind == DocNode::Kind::Sequence && is_index(segments[first])) {
    const std::size_t index = std::stoul(segments[first]);
    if (index >= node->items.size()) {
      throw ScenarioError(value->where, dotted,
                          "index " + segments[first] + " is past the end of the list (it has " +
                              std::to_string(node->items.size()) + " items)");
    }
    copy->items[index] = set_segments(node->items[index], segments, first + 1, dotted, value);
    return copy;
  }
  if (node->kind == DocNode::Kind::Null) {
    copy->kind = DocNode::Kind::Map;
  } else if (node->kind != DocNode::Kind::Map) {
    std::string parent;
    for (std::size_t i = 0; i < first; ++i) parent += (i > 0 ? "." : "") + segments[i];
    throw ScenarioError(value->where, dotted,
                        "cannot set a key inside " + (parent.empty() ? "the scenario" : parent) +
                            ": it is a " +
                            (node->kind == DocNode::Kind::Scalar ? "single value" : "list"));
  }
  // The longest run of segments naming an existing key wins, so keys containing dots work.
  for (std::size_t last = segments.size(); last > first; --last) {
    std::string key = segments[first];
    for (std::size_t i = first + 1; i < last; ++i) key += "." + segments[i];
    for (auto& entry : copy->entries) {
      if (entry.key->scalar == key) {
        entry.value = set_segments(entry.value, segments, last, dotted, value);
        return copy;
      }
    }
  }
  auto key = std::make_shared<DocNode>();
  key->kind = DocNode::Kind::Scalar;
  key->scalar = segments[first];
  key->where = value->where;
  auto empty = std::make_shared<DocNode>();
  empty->where = value->where;
  copy->entries.push_back({key, set_segments(empty, segments, first + 1, dotted, value)});
  return copy;
}

}  // namespace

DocPtr DocNode::find(std::string_view key) const {
  for (const auto& entry : entries) {
    if (entry.key->scalar == key) return entry.value;
  }
  return nullptr;
}

DocPtr parse_document(const std::string& text, const std::string& label) {
  auto shared_label = std::make_shared<const std::string>(label);
  try {
    return convert(YAML::Load(text), shared_label);
  } catch (const YAML::ParserException& e) {
    throw ScenarioError({label, e.mark.line + 1, e.mark.column + 1}, "", "invalid YAML: " + e.msg);
  }
}

DocPtr read_document(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({path, 0, 0}, "", "cannot read the scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_document(text.str(), path);
}

DocPtr merge(const DocPtr& base, const DocPtr& over, const std::string& path) {
  if (!base->is_map() || !over->is_map()) return over;
  auto out = std::make_shared<DocNode>(*base);
  out->where = over->where;
  for (std::size_t i = 0; i < over->entries.size(); ++i) {
    const DocNode::Entry& entry = over->entries[i];
    const std::string& name = entry.key->scalar;
    const std::string child = path.empty() ? name : path + "." + name;
    // A duplicate in `over` would vanish into the merge; report it as the reader would.
    for (std::size_t j = 0; j < i; ++j) {
      if (over->entries[j].key->scalar == name) {
        throw ScenarioError(entry.key->where, child,
                            "duplicate key (first defined at line " +
                                std::to_string(over->entries[j].key->where.line) + ")");
      }
    }
    bool merged = false;
    for (auto& mine : out->entries) {
      if (mine.key->scalar == name) {
        mine.value = merge(mine.value, entry.value, child);
        merged = true;
        break;
      }
    }
    if (!merged) out->entries.push_back(entry);
  }
  return out;
}

DocPtr without(const DocPtr& map, std::string_view key) {
  auto out = std::make_shared<DocNode>(*map);
  std::erase_if(out->entries, [&](const DocNode::Entry& e) { return e.key->scalar == key; });
  return out;
}

DocPtr set_path(const DocPtr& root, const std::string& dotted_path, const DocPtr& value) {
  std::vector<std::string> segments = split(dotted_path);
  // Under sweep.grid and sweep.zip the keys are themselves dotted paths into the scenario:
  // `sweep.grid.links.uplink.loss` sets the key `links.uplink.loss` of the grid.
  if (segments.size() > 3 && segments[0] == "sweep" &&
      (segments[1] == "grid" || segments[1] == "zip")) {
    for (std::size_t i = 3; i < segments.size(); ++i) segments[2] += "." + segments[i];
    segments.resize(3);
  }
  for (const auto& segment : segments) {
    if (segment.empty()) {
      throw ScenarioError(value->where, dotted_path,
                          "empty key in the path (write keys as a.b.c, e.g. links.uplink.loss)");
    }
  }
  return set_segments(root, segments, 0, dotted_path, value);
}

}  // namespace netsim::scenario
