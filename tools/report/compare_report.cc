#include "tools/report/compare_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "models/analytic/markov_loss.h"
#include "tools/report/csv.h"
#include "tools/report/estimate.h"
#include "tools/report/summary_table.h"

namespace netsim::report {

namespace {

std::size_t flow_index(const RunResult& result, const std::string& flow) {
  for (std::size_t i = 0; i < result.flows.size(); ++i) {
    if (result.flows[i].flow == flow) return i;
  }
  return result.flows.size();
}

// Metric `name` of `flow` at point `p` across replications.
Estimate across(const scenario::Study& study, const std::vector<RunResult>& results, std::size_t p,
                const std::string& flow, const std::string& name) {
  // The two studies have the same flows in the same order; only their transports differ.
  return estimate(across_replications(
      study, results, p, flow_index(results[p * study.replications], flow), metric_index(name)));
}

std::string point_label(const scenario::Study& study, std::size_t p) {
  std::string out;
  for (std::size_t k = 0; k < study.keys.size(); ++k) {
    out += (k > 0 ? ", " : "") + study.keys[k] + "=" + study.points[p].values[k];
  }
  return out;
}

bool point_done(const Comparison& c, std::size_t p) {
  return report::point_done(*c.tcp, c.tcp_results, p) &&
         report::point_done(*c.udp, c.udp_results, p);
}

}  // namespace

double direct_link_loss(const scenario::ScenarioConfig& config, const std::string& from,
                        const std::string& to) {
  const net::ChannelConfig* channel = nullptr;
  for (const auto& link : config.links) {
    if (link.a == from && link.b == to) channel = &link.a_to_b;
    if (link.b == from && link.a == to) channel = &link.b_to_a;
  }
  if (channel == nullptr) return std::nan("");
  using Model = net::LossConfig::Model;
  const net::LossConfig& l = channel->loss;
  double loss = 0;
  switch (l.model) {
    case Model::None:
      break;
    case Model::Random:  // netem's correlation changes bursts, not the mean
      loss = l.probability;
      break;
    case Model::GilbertElliott:
      loss =
          analytic::MarkovLoss::gilbert_elliott(l.p, l.r, l.one_minus_h, l.one_minus_k).mean_loss();
      break;
    case Model::FourState:
      loss = analytic::MarkovLoss::four_state(l.p13, l.p31, l.p32, l.p23, l.p14).mean_loss();
      break;
  }
  // A corrupted datagram fails its checksum at the receiver: lost as well.
  return 1 - (1 - loss) * (1 - channel->corrupt);
}

const std::vector<std::string>& compared_metrics() {
  static const std::vector<std::string> names{"delivery_ratio",
                                              "loss_ratio",
                                              "latency_p50_ms",
                                              "latency_p95_ms",
                                              "latency_p99_ms",
                                              "latency_p999_ms",
                                              "latency_max_ms",
                                              "jitter_ms",
                                              "head_of_line_mean_ms",
                                              "head_of_line_max_ms",
                                              "head_of_line_blocked_ratio",
                                              "goodput_mbps",
                                              "retransmissions",
                                              "timeouts"};
  return names;
}

void write_compare_csv(std::ostream& out, const Comparison& c) {
  CsvRow header;
  for (const auto& key : c.tcp->keys) header.add(key);
  for (const char* column : {"flow", "transport", "replications"}) header.add(column);
  for (const auto& name : compared_metrics()) header.add(name).add(name + "_ci95");
  header.add("theory_loss_ratio");
  header.write_to(out);
  for (std::size_t p = 0; p < c.tcp->points.size(); ++p) {
    if (!point_done(c, p)) continue;
    for (const auto& flow : c.flows) {
      for (const bool tcp : {true, false}) {
        const scenario::Study& study = tcp ? *c.tcp : *c.udp;
        const std::vector<RunResult>& results = tcp ? c.tcp_results : c.udp_results;
        CsvRow row;
        for (const auto& value : study.points[p].values) row.add(value);
        row.add(flow).add(tcp ? "tcp" : "udp").add(std::uint64_t{study.replications});
        for (const auto& name : compared_metrics()) {
          const Estimate e = across(study, results, p, flow, name);
          row.add_number(e.mean).add_number(e.n >= 2 ? e.ci95_high - e.mean : std::nan(""));
        }
        // TCP repairs every loss; for UDP the link's loss is the message loss.
        const std::size_t f = static_cast<std::size_t>(
            std::find(c.flows.begin(), c.flows.end(), flow) - c.flows.begin());
        row.add_number(tcp ? std::nan("") : c.theory_loss.at(p).at(f));
        row.write_to(out);
      }
    }
  }
}

void write_compare_cdf_csv(std::ostream& out, const Comparison& c) {
  CsvRow header;
  for (const auto& key : c.tcp->keys) header.add(key);
  for (const char* column : {"flow", "transport", "quantile", "latency_ms"}) header.add(column);
  header.write_to(out);
  for (std::size_t p = 0; p < c.tcp->points.size(); ++p) {
    if (!point_done(c, p)) continue;
    for (const auto& flow : c.flows) {
      for (const bool tcp : {true, false}) {
        const scenario::Study& study = tcp ? *c.tcp : *c.udp;
        const std::vector<RunResult>& results = tcp ? c.tcp_results : c.udp_results;
        std::vector<double> sum(FlowSummary::kCdfLevels, 0);
        int runs = 0;
        for (std::uint32_t r = 0; r < study.replications; ++r) {
          const RunResult& result = results[p * study.replications + r];
          const auto& q = result.flows[flow_index(result, flow)].latency_quantiles_ms;
          if (q.empty()) continue;  // nothing delivered in this replication
          for (std::size_t i = 0; i < q.size(); ++i) sum[i] += q[i];
          ++runs;
        }
        if (runs == 0) continue;
        for (int i = 0; i < FlowSummary::kCdfLevels; ++i) {
          CsvRow row;
          for (const auto& value : study.points[p].values) row.add(value);
          row.add(flow)
              .add(tcp ? "tcp" : "udp")
              .add_number(static_cast<double>(i) / (FlowSummary::kCdfLevels - 1))
              .add_number(sum[static_cast<std::size_t>(i)] / runs)
              .write_to(out);
        }
      }
    }
  }
}

std::string compare_summary(const Comparison& c) {
  std::vector<std::vector<std::string>> rows{
      {"point", "flow", "UDP lost", "TCP lost", "UDP p99 ms", "TCP p99 ms", "TCP/UDP p99"}};
  std::string sentences;
  for (const auto& flow : c.flows) {
    std::optional<std::size_t> p99_crossover;
    std::optional<std::size_t> loss_crossover;
    for (std::size_t p = 0; p < c.tcp->points.size(); ++p) {
      if (!point_done(c, p)) continue;
      const double udp_lost = across(*c.udp, c.udp_results, p, flow, "loss_ratio").mean;
      const double tcp_lost = across(*c.tcp, c.tcp_results, p, flow, "loss_ratio").mean;
      const double udp_p99 = across(*c.udp, c.udp_results, p, flow, "latency_p99_ms").mean;
      const double tcp_p99 = across(*c.tcp, c.tcp_results, p, flow, "latency_p99_ms").mean;
      const double ratio = tcp_p99 / udp_p99;
      const std::string label = c.tcp->keys.empty() ? "(scenario)" : point_label(*c.tcp, p);
      rows.push_back({label, flow, fmt::format("{:.2f}%", 100 * udp_lost),
                      fmt::format("{:.2f}%", 100 * tcp_lost), fmt::format("{:.3f}", udp_p99),
                      fmt::format("{:.3f}", tcp_p99), fmt::format("{:.1f}×", ratio)});
      const double blocked =
          across(*c.tcp, c.tcp_results, p, flow, "head_of_line_blocked_ratio").mean;
      const double blocked_max = across(*c.tcp, c.tcp_results, p, flow, "head_of_line_max_ms").mean;
      sentences += fmt::format(
          "{}{}: TCP p99 is {:.1f}× UDP's ({:.1f} vs {:.1f} ms); UDP loses {:.2f}% of {}'s "
          "messages, TCP {:.2f}%{}\n",
          c.tcp->keys.empty() ? "" : "at ", c.tcp->keys.empty() ? flow : label, ratio, tcp_p99,
          udp_p99, 100 * udp_lost, flow, 100 * tcp_lost,
          blocked > 0 ? fmt::format("; {:.2f}% of TCP's messages waited behind a lost segment "
                                    "(up to {:.1f} ms)",
                                    100 * blocked, blocked_max)
                      : "");
      if (!p99_crossover && ratio >= 2) p99_crossover = p;
      if (!loss_crossover && udp_lost >= 0.01) loss_crossover = p;
    }
    if (!c.tcp->keys.empty()) {
      sentences += fmt::format(
          "{}: TCP's p99 first reaches twice UDP's {}; UDP's loss first reaches 1% {}.\n", flow,
          p99_crossover ? "at " + point_label(*c.tcp, *p99_crossover) : "nowhere in this sweep",
          loss_crossover ? "at " + point_label(*c.tcp, *loss_crossover) : "nowhere in this sweep");
    }
  }
  return format_table(rows, 2) + "\n" + sentences;
}

}  // namespace netsim::report
