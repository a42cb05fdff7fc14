#include "tools/report/study_report.h"

#include <fmt/format.h>

#include <cmath>

#include "tools/report/csv.h"
#include "tools/report/estimate.h"
#include "tools/report/summary_table.h"

namespace netsim::report {

namespace {

std::string plus_minus(const Estimate& e, const char* format) {
  if (std::isnan(e.mean)) return "-";
  std::string out = fmt::format(fmt::runtime(format), e.mean);
  if (e.n >= 2) out += " ± " + fmt::format(fmt::runtime(format), e.ci95_high - e.mean);
  return out;
}

}  // namespace

std::vector<double> across_replications(const scenario::Study& study,
                                        const std::vector<RunResult>& results, std::size_t p,
                                        std::size_t f, std::size_t m) {
  std::vector<double> values;
  for (std::uint32_t r = 0; r < study.replications; ++r) {
    values.push_back(results[p * study.replications + r].flows[f].values[m]);
  }
  return values;
}

bool point_done(const scenario::Study& study, const std::vector<RunResult>& results,
                std::size_t p) {
  for (std::uint32_t r = 0; r < study.replications; ++r) {
    if (!results[p * study.replications + r].done) return false;
  }
  return true;
}

void write_runs_csv(std::ostream& out, const scenario::Study& study,
                    const std::vector<RunResult>& results) {
  CsvRow header;
  for (const auto& key : study.keys) header.add(key);
  for (const char* column : {"replication", "seed", "flow", "transport"}) header.add(column);
  for (const auto& name : metric_names()) header.add(name);
  header.write_to(out);
  for (std::size_t p = 0; p < study.points.size(); ++p) {
    if (!point_done(study, results, p)) continue;
    for (std::uint32_t r = 0; r < study.replications; ++r) {
      for (const FlowMetrics& flow : results[p * study.replications + r].flows) {
        CsvRow row;
        for (const auto& value : study.points[p].values) row.add(value);
        row.add(std::uint64_t{r})
            .add(study.points[p].config.seed)
            .add(flow.flow)
            .add(flow.transport);
        for (const double v : flow.values) row.add_number(v);
        row.write_to(out);
      }
    }
  }
}

void write_study_summary_csv(std::ostream& out, const scenario::Study& study,
                             const std::vector<RunResult>& results) {
  CsvRow header;
  for (const auto& key : study.keys) header.add(key);
  for (const char* column :
       {"flow", "transport", "metric", "n", "mean", "sd", "ci95_low", "ci95_high"}) {
    header.add(column);
  }
  header.write_to(out);
  const auto& names = metric_names();
  for (std::size_t p = 0; p < study.points.size(); ++p) {
    if (!point_done(study, results, p)) continue;
    const std::vector<FlowMetrics>& flows = results[p * study.replications].flows;
    for (std::size_t f = 0; f < flows.size(); ++f) {
      for (std::size_t m = 0; m < names.size(); ++m) {
        const Estimate e = estimate(across_replications(study, results, p, f, m));
        if (e.n == 0) continue;  // undefined for this flow (e.g. TCP columns of a UDP flow)
        CsvRow row;
        for (const auto& value : study.points[p].values) row.add(value);
        row.add(flows[f].flow)
            .add(flows[f].transport)
            .add(names[m])
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

std::string study_table(const scenario::Study& study, const std::vector<RunResult>& results) {
  struct Column {
    const char* heading;
    const char* metric;
    const char* format;
  };
  const Column columns[] = {{"delivered", "delivery_ratio", "{:.4f}"},
                            {"p50 ms", "latency_p50_ms", "{:.3f}"},
                            {"p99 ms", "latency_p99_ms", "{:.3f}"},
                            {"goodput Mbps", "goodput_mbps", "{:.3f}"},
                            {"retransmits", "retransmissions", "{:.1f}"}};
  std::vector<std::vector<std::string>> rows(1);
  for (const auto& key : study.keys) rows[0].push_back(key);
  rows[0].insert(rows[0].end(), {"flow", "transport"});
  for (const auto& c : columns) rows[0].emplace_back(c.heading);
  for (std::size_t p = 0; p < study.points.size(); ++p) {
    if (!point_done(study, results, p)) continue;
    const std::vector<FlowMetrics>& flows = results[p * study.replications].flows;
    for (std::size_t f = 0; f < flows.size(); ++f) {
      std::vector<std::string> row = study.points[p].values;
      row.push_back(flows[f].flow);
      row.push_back(flows[f].transport);
      for (const auto& c : columns) {
        row.push_back(plus_minus(
            estimate(across_replications(study, results, p, f, metric_index(c.metric))), c.format));
      }
      rows.push_back(std::move(row));
    }
  }
  return format_table(rows, study.keys.size() + 2);
}

}  // namespace netsim::report
