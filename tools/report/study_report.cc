#include "tools/report/study_report.h"

#include <fmt/format.h>

#include <cmath>

#include "tools/report/csv.h"
#include "tools/report/estimate.h"
#include "tools/report/summary_table.h"

namespace netsim::report {

bool point_done(const scenario::Study& study, const std::vector<RunResult>& results,
                std::size_t p) {
  for (std::uint32_t r = 0; r < study.replications; ++r) {
    if (!results[p * study.replications + r].done) return false;
  }
  return true;
}

namespace {

// The two kinds of row a run contributes: its flows, and its Socket.IO clients and servers.
// Each has naming columns, then metric values.
struct FlowRows {
  static const std::vector<FlowMetrics>& of(const RunResult& r) { return r.flows; }
  static std::vector<std::string> columns() { return {"flow", "transport"}; }
  static std::vector<std::string> ids(const FlowMetrics& f) { return {f.flow, f.transport}; }
  static const std::vector<std::string>& names() { return metric_names(); }
  static std::size_t index(const std::string& name) { return metric_index(name); }
};

struct RealtimeRows {
  static const std::vector<RealtimeMetrics>& of(const RunResult& r) { return r.realtime; }
  static std::vector<std::string> columns() { return {"strategy", "recipient", "kind"}; }
  static std::vector<std::string> ids(const RealtimeMetrics& m) {
    return {m.strategy, m.recipient, m.kind};
  }
  static const std::vector<std::string>& names() { return realtime_metric_names(); }
  static std::size_t index(const std::string& name) { return realtime_metric_index(name); }
};

// Row `i` of one kind, metric `m`, at point `p`: one value per replication.
template <class Rows>
std::vector<double> values_across_replications(const scenario::Study& study,
                                               const std::vector<RunResult>& results, std::size_t p,
                                               std::size_t i, std::size_t m) {
  std::vector<double> values;
  for (std::uint32_t r = 0; r < study.replications; ++r) {
    values.push_back(Rows::of(results[p * study.replications + r])[i].values[m]);
  }
  return values;
}

template <class Rows>
void write_runs(std::ostream& out, const scenario::Study& study,
                const std::vector<RunResult>& results) {
  CsvRow header;
  for (const auto& key : study.keys) header.add(key);
  header.add("replication").add("seed");
  for (const auto& column : Rows::columns()) header.add(column);
  for (const auto& name : Rows::names()) header.add(name);
  header.write_to(out);
  for (std::size_t p = 0; p < study.points.size(); ++p) {
    if (!point_done(study, results, p)) continue;
    for (std::uint32_t r = 0; r < study.replications; ++r) {
      for (const auto& item : Rows::of(results[p * study.replications + r])) {
        CsvRow row;
        for (const auto& value : study.points[p].values) row.add(value);
        row.add(std::uint64_t{r}).add(study.points[p].config.seed);
        for (const auto& id : Rows::ids(item)) row.add(id);
        for (const double v : item.values) row.add_number(v);
        row.write_to(out);
      }
    }
  }
}

template <class Rows>
void write_summary(std::ostream& out, const scenario::Study& study,
                   const std::vector<RunResult>& results) {
  CsvRow header;
  for (const auto& key : study.keys) header.add(key);
  for (const auto& column : Rows::columns()) header.add(column);
  for (const char* column : {"metric", "n", "mean", "sd", "ci95_low", "ci95_high"}) {
    header.add(column);
  }
  header.write_to(out);
  const auto& names = Rows::names();
  for (std::size_t p = 0; p < study.points.size(); ++p) {
    if (!point_done(study, results, p)) continue;
    const auto& items = Rows::of(results[p * study.replications]);
    for (std::size_t i = 0; i < items.size(); ++i) {
      for (std::size_t m = 0; m < names.size(); ++m) {
        const Estimate e = estimate(values_across_replications<Rows>(study, results, p, i, m));
        if (e.n == 0) continue;  // undefined for this row (e.g. TCP columns of a UDP flow)
        CsvRow row;
        for (const auto& value : study.points[p].values) row.add(value);
        for (const auto& id : Rows::ids(items[i])) row.add(id);
        row.add(names[m])
            .add(std::uint64_t{e.n})
            .add_number(e.mean)
            .add_number(e.sd)
            .add_number(e.ci95_low)
            .add_number(e.ci95_high)
            .write_to(out);
      }
    }
  }
}

std::string plus_minus(const Estimate& e, const char* format) {
  if (std::isnan(e.mean)) return "-";
  std::string out = fmt::format(fmt::runtime(format), e.mean);
  if (e.n >= 2) out += " ± " + fmt::format(fmt::runtime(format), e.ci95_high - e.mean);
  return out;
}

struct Column {
  const char* heading;
  const char* metric;
  const char* format;
};

// Per point and row: the swept values, the two naming columns, then `columns` as mean ± half
// the 95% interval.
template <class Rows>
std::string table(const scenario::Study& study, const std::vector<RunResult>& results,
                  const std::vector<Column>& columns) {
  std::vector<std::vector<std::string>> rows(1);
  for (const auto& key : study.keys) rows[0].push_back(key);
  for (const auto& column : Rows::columns()) rows[0].push_back(column);
  for (const auto& c : columns) rows[0].emplace_back(c.heading);
  for (std::size_t p = 0; p < study.points.size(); ++p) {
    if (!point_done(study, results, p)) continue;
    const auto& items = Rows::of(results[p * study.replications]);
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::vector<std::string> row = study.points[p].values;
      for (const auto& id : Rows::ids(items[i])) row.push_back(id);
      for (const auto& c : columns) {
        row.push_back(plus_minus(
            estimate(values_across_replications<Rows>(study, results, p, i, Rows::index(c.metric))),
            c.format));
      }
      rows.push_back(std::move(row));
    }
  }
  return format_table(rows, study.keys.size() + Rows::columns().size());
}

}  // namespace

std::vector<double> across_replications(const scenario::Study& study,
                                        const std::vector<RunResult>& results, std::size_t p,
                                        std::size_t f, std::size_t m) {
  return values_across_replications<FlowRows>(study, results, p, f, m);
}

void write_runs_csv(std::ostream& out, const scenario::Study& study,
                    const std::vector<RunResult>& results) {
  write_runs<FlowRows>(out, study, results);
}

void write_study_summary_csv(std::ostream& out, const scenario::Study& study,
                             const std::vector<RunResult>& results) {
  write_summary<FlowRows>(out, study, results);
}

void write_realtime_runs_csv(std::ostream& out, const scenario::Study& study,
                             const std::vector<RunResult>& results) {
  write_runs<RealtimeRows>(out, study, results);
}

void write_realtime_summary_csv(std::ostream& out, const scenario::Study& study,
                                const std::vector<RunResult>& results) {
  write_summary<RealtimeRows>(out, study, results);
}

std::string study_table(const scenario::Study& study, const std::vector<RunResult>& results) {
  return table<FlowRows>(study, results,
                         {{"delivered", "delivery_ratio", "{:.4f}"},
                          {"p50 ms", "latency_p50_ms", "{:.3f}"},
                          {"p99 ms", "latency_p99_ms", "{:.3f}"},
                          {"goodput Mbps", "goodput_mbps", "{:.3f}"},
                          {"retransmits", "retransmissions", "{:.1f}"}});
}

std::string realtime_study_table(const scenario::Study& study,
                                 const std::vector<RunResult>& results) {
  return table<RealtimeRows>(study, results,
                             {{"intended", "intended", "{:.1f}"},
                              {"missed", "missed", "{:.1f}"},
                              {"not sent", "not_sent_disconnected", "{:.1f}"},
                              {"lost", "lost_in_flight", "{:.1f}"},
                              {"unhandled", "unhandled", "{:.1f}"},
                              {"p99 ms", "latency_p99_ms", "{:.3f}"},
                              {"reconnections", "reconnections", "{:.1f}"}});
}

}  // namespace netsim::report
