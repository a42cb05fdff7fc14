#include "tools/report/run_report.h"

#include "tools/report/csv.h"
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

void write_messages_csv(std::ostream& out,
                        const std::vector<std::unique_ptr<apps::MessageLog>>& logs) {
  CsvRow row;
  for (const char* column :
       {"flow", "seq", "sent_ns", "received_ns", "latency_ns", "delivered", "fate"}) {
    row.add(column);
  }
  row.write_to(out);
  for (const auto& log : logs) {
    std::uint64_t seq = 0;
    for (const auto& m : log->messages()) {
      const bool delivered = m.fate == apps::MessageFate::Delivered;
      row.add(log->flow()).add(seq++).add(m.sent.ns());
      if (delivered) {
        row.add(m.received.ns()).add((m.received - m.sent).ns());
      } else {
        row.add_empty().add_empty();
      }
      row.add(delivered ? "true" : "false").add(apps::fate_name(m)).write_to(out);
    }
  }
}

std::string run_json(const RunInfo& info) {
  JsonObject json;
  json.add("netsim_version", kVersion)
      .add("scenario_name", info.scenario_name)
      .add("scenario_file", info.scenario_file)
      .add("scenario_sha256", info.scenario_sha256)
      .add("seed", info.seed)
      .add("duration_ns", info.duration.ns())
      .add("events_executed", info.events_executed)
      .add("wall_time_s", info.wall_time_s)
      .add("files", info.files);
  return json.str();
}

}  // namespace netsim::report
