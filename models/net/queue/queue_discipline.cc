#include "models/net/queue/queue_discipline.h"

#include "models/net/queue/codel.h"
#include "models/net/queue/drop_tail.h"
#include "models/net/queue/red.h"

namespace netsim::net {

std::string_view to_string(QueueConfig::Discipline discipline) {
  switch (discipline) {
    case QueueConfig::Discipline::DropTail:
      return "drop_tail";
    case QueueConfig::Discipline::Red:
      return "red";
    case QueueConfig::Discipline::Codel:
      return "codel";
  }
  return "unknown";
}

std::unique_ptr<QueueDiscipline> make_queue_discipline(const QueueConfig& config,
                                                       sim::DataRate link_rate, sim::Rng rng) {
  switch (config.discipline) {
    case QueueConfig::Discipline::Red:
      return std::make_unique<RedQueue>(config.limit, config.red, link_rate, rng);
    case QueueConfig::Discipline::Codel:
      return std::make_unique<CodelQueue>(config.limit, config.codel);
    case QueueConfig::Discipline::DropTail:
      break;
  }
  return std::make_unique<DropTailQueue>(config.limit);
}

}  // namespace netsim::net
