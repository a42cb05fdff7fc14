#include "models/scenario/reachability.h"

#include <map>
#include <queue>
#include <set>
#include <vector>

namespace netsim::scenario {

bool reachable(const ScenarioConfig& config, const std::string& from, const std::string& to) {
  std::map<std::string, std::vector<std::string>> adjacent;
  for (const LinkConfig& l : config.links) {
    adjacent[l.a].push_back(l.b);
    adjacent[l.b].push_back(l.a);
  }
  std::map<std::string, net::NodeKind> kind;
  for (const NodeConfig& n : config.nodes) kind[n.name] = n.kind;
  // Breadth-first from `from`; a node other than the start is passed through only if it routes.
  std::set<std::string> seen{from};
  std::queue<std::string> frontier;
  frontier.push(from);
  while (!frontier.empty()) {
    const std::string n = frontier.front();
    frontier.pop();
    if (n == to) return true;
    if (n != from && kind[n] != net::NodeKind::Router) continue;
    for (const std::string& m : adjacent[n]) {
      if (seen.insert(m).second) frontier.push(m);
    }
  }
  return false;
}

}  // namespace netsim::scenario
