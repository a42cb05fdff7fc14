#include "tools/report/run_report.h"

#include <sys/resource.h>

#include "tools/report/csv.h"
#include "tools/report/git_revision.h"
#include "tools/report/json.h"

namespace netsim::report {

namespace {
constexpr double kNsPerMs = 1e6;
}  // namespace

void write_summary_csv(std::ostream& out, const std::vector<FlowSummary>& flows) {
  CsvRow header;
  for (const char* column :
       {"flow", "transport", "sent", "delivered", "delivery_ratio", "latency_p50_ms",
        "latency_p95_ms", "latency_p99_ms", "latency_max_ms", "goodput_mbps"}) {
    header.add(column);
  }
  // One column per drop reason, named as in messages.csv's fate column.
  for (std::size_t r = 0; r < net::kDropReasonCount; ++r) {
    header.add(net::to_string(static_cast<net::DropReason>(r)));
  }
  for (const char* column : {"in_flight", "duplicates", "latency_min_ms", "latency_mean_ms"}) {
    header.add(column);
  }
  header.write_to(out);
  for (const auto& f : flows) {
    CsvRow row;
    // Milliseconds with 6 decimals: exact to the nanosecond.
    row.add(f.flow)
        .add(f.transport)
        .add(f.sent)
        .add(f.delivered)
        .add_fixed(f.delivery_ratio, 6)
        .add_fixed(f.latency_p50_ns / kNsPerMs, 6)
        .add_fixed(f.latency_p95_ns / kNsPerMs, 6)
        .add_fixed(f.latency_p99_ns / kNsPerMs, 6)
        .add_fixed(f.latency_max_ns / kNsPerMs, 6)
        .add_fixed(f.goodput_mbps, 6);
    for (const std::uint64_t n : f.dropped) row.add(n);
    row.add(f.in_flight)
        .add(f.duplicates)
        .add_fixed(f.latency_min_ns / kNsPerMs, 6)
        .add_fixed(f.latency_mean_ns / kNsPerMs, 6)
        .write_to(out);
  }
}

void write_messages_header(std::ostream& out) {
  CsvRow row;
  for (const char* column : {"flow", "seq", "sent_ns", "received_ns", "latency_ns", "delivered",
                             "fate", "head_of_line_ns"}) {
    row.add(column);
  }
  row.write_to(out);
}

void write_message_row(std::ostream& out, const std::string& flow, const std::string& transport,
                       std::uint64_t sequence, const apps::MessageRecord& m) {
  CsvRow row;
  const bool delivered = m.fate == apps::MessageFate::Delivered;
  row.add(flow).add(sequence).add(m.sent.ns());
  if (delivered) {
    row.add(m.received.ns()).add((m.received - m.sent).ns());
  } else {
    row.add_empty().add_empty();
  }
  row.add(delivered ? "true" : "false").add(apps::fate_name(m));
  // Head-of-line wait: TCP messages that were read; UDP messages never wait for each other.
  if (delivered && transport == "tcp") {
    row.add(m.head_of_line.ns());
  } else {
    row.add_empty();
  }
  row.write_to(out);
}

namespace {

// A scenario document as JSON: maps as objects (keys in document order), lists as arrays and
// every scalar as a string, as YAML wrote it (units included: "10Mbit/s").
std::string document_json(const scenario::DocPtr& node, int indent) {
  const std::string inner(static_cast<std::size_t>(2 * (indent + 1)), ' ');
  const std::string outer(static_cast<std::size_t>(2 * indent), ' ');
  switch (node->kind) {
    case scenario::DocNode::Kind::Null:
      return "null";
    case scenario::DocNode::Kind::Scalar:
      return json_quote(node->scalar);
    case scenario::DocNode::Kind::Sequence: {
      if (node->items.empty()) return "[]";
      std::string out = "[\n";
      for (std::size_t i = 0; i < node->items.size(); ++i) {
        out += inner + document_json(node->items[i], indent + 1);
        out += i + 1 < node->items.size() ? ",\n" : "\n";
      }
      return out + outer + "]";
    }
    case scenario::DocNode::Kind::Map: {
      if (node->entries.empty()) return "{}";
      std::string out = "{\n";
      for (std::size_t i = 0; i < node->entries.size(); ++i) {
        const auto& entry = node->entries[i];
        out +=
            inner + json_quote(entry.key->scalar) + ": " + document_json(entry.value, indent + 1);
        out += i + 1 < node->entries.size() ? ",\n" : "\n";
      }
      return out + outer + "}";
    }
  }
  return "null";
}

}  // namespace

double peak_memory_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

std::string run_json(const RunInfo& info) {
  JsonObject json;
  json.add("netsim_version", kVersion)
      .add("git_revision", git_revision())
      .add("scenario_name", info.scenario_name)
      .add("scenario_file", info.scenario_file)
      .add("scenario_sha256", info.scenario_sha256)
      .add("seed", info.seed)
      .add("replications", std::uint64_t{info.replications})
      .add("points", std::uint64_t{info.points})
      .add("partial", info.partial)
      .add("points_completed", std::uint64_t{info.points_completed})
      .add("runs_completed", std::uint64_t{info.runs_completed})
      .add("duration_ns", info.duration.ns())
      .add("simulated_ns", info.simulated.ns())
      .add("jobs", std::uint64_t{info.jobs})
      .add("events_executed", info.events_executed)
      .add("wall_time_s", info.wall_time_s)
      .add("peak_memory_mib", info.peak_memory_mib)
      .add("files", info.files);
  if (info.scenario) json.add_raw("scenario", document_json(info.scenario, 1));
  if (info.resolved) json.add_raw("resolved", document_json(info.resolved, 1));
  return json.str();
}

}  // namespace netsim::report
