#include "models/scenario/composition.h"

#include <filesystem>

#include "models/scenario/suggest.h"
#include "models/scenario/yaml_reader.h"

namespace netsim::scenario {

namespace {

// Resolves `extends` for the file at `path`; `chain` holds the files above it, for cycles.
DocPtr compose_file(const std::string& path, std::vector<std::filesystem::path>& chain) {
  const DocPtr document = read_document(path);
  if (!document->is_map()) return document;  // the reader reports what a scenario must be
  const DocPtr extends = document->find("extends");
  if (!extends) return document;
  const YamlValue value(extends, "extends");
  // Relative to the file that says it, like `topology.file`.
  std::filesystem::path base(value.text());
  if (base.is_relative()) base = std::filesystem::path(path).parent_path() / base;
  std::error_code error;
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(base, error);
  if (!std::filesystem::is_regular_file(base)) {
    value.fail("cannot read '" + base.string() + "' (a path relative to this file)");
  }
  for (const auto& above : chain) {
    if (above == canonical) {
      std::string cycle;
      for (const auto& file : chain) cycle += file.filename().string() + " → ";
      value.fail("extends cycle: " + cycle + canonical.filename().string());
    }
  }
  chain.push_back(canonical);
  const DocPtr resolved_base = compose_file(base.string(), chain);
  chain.pop_back();
  return merge(resolved_base, without(document, "extends"));
}

DocPtr shift_columns(const DocPtr& node, int by) {
  auto out = std::make_shared<DocNode>(*node);
  if (out->where.line == 1) out->where.column += by;
  for (auto& item : out->items) item = shift_columns(item, by);
  for (auto& entry : out->entries) {
    entry.key = shift_columns(entry.key, by);
    entry.value = shift_columns(entry.value, by);
  }
  return out;
}

DocPtr expand_section(const DocPtr& document, const char* section, const DocPtr& profiles) {
  const DocPtr entries = document->find(section);
  if (!entries || !entries->is_map()) return document;
  auto expanded = std::make_shared<DocNode>(*entries);
  for (auto& entry : expanded->entries) {
    if (!entry.value->is_map()) continue;
    const DocPtr name = entry.value->find("profile");
    if (!name) continue;
    const std::string path = std::string(section) + "." + entry.key->scalar + ".profile";
    const YamlValue value(name, path);
    const std::string wanted = value.scalar();
    std::vector<std::string> known;
    DocPtr profile;
    if (profiles) {
      for (const auto& p : profiles->entries) {
        known.push_back(p.key->scalar);
        if (p.key->scalar == wanted) profile = p.value;
      }
    }
    if (!profile) {
      value.fail("no profile '" + wanted + "' under profiles." + section +
                 did_you_mean(wanted, known));
    }
    entry.value = merge(profile, without(entry.value, "profile"), path);
  }
  return set_path(document, section, expanded);
}

}  // namespace

Override parse_override(const std::string& assignment) {
  const std::string label = "--set " + assignment;
  const std::size_t equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw ScenarioError({label, 0, 0}, "",
                        "expected KEY=VALUE with a dotted key path, e.g. links.uplink.loss=2%");
  }
  Override out;
  out.path = assignment.substr(0, equals);
  // Columns count from the start of KEY=VALUE, so they point into what the user typed.
  out.value = shift_columns(parse_document(assignment.substr(equals + 1), label),
                            static_cast<int>(equals) + 1);
  return out;
}

DocPtr compose(const std::string& path, const std::vector<Override>& overrides) {
  std::vector<std::filesystem::path> chain;
  std::error_code error;
  chain.push_back(std::filesystem::weakly_canonical(path, error));
  DocPtr document = compose_file(path, chain);
  for (const auto& o : overrides) {
    if (!document->is_map()) break;
    document = set_path(document, o.path, o.value);
  }
  return document;
}

DocPtr expand_profiles(const DocPtr& document) {
  if (!document->is_map()) return document;
  const DocPtr profiles = document->find("profiles");
  DocPtr link_profiles;
  DocPtr traffic_profiles;
  if (profiles) {
    const YamlMap map = YamlValue(profiles, "profiles").map();
    map.allow_only({"links", "traffic"});
    for (const auto& entry : map.entries()) {
      const YamlMap section = entry.value.map();
      for (const auto& profile : section.entries()) {
        profile.key.name();
        profile.value.map();
      }
    }
    link_profiles = profiles->find("links");
    traffic_profiles = profiles->find("traffic");
  }
  DocPtr out = without(document, "profiles");
  out = expand_section(out, "links", link_profiles);
  return expand_section(out, "traffic", traffic_profiles);
}

}  // namespace netsim::scenario
