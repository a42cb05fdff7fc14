// What `netsim compare` writes: compare.csv (per sweep point, compared flow and transport, the
// mean and 95% confidence half-width of each headline metric across replications) and the
// terminal summary that states the trade-off in words. Columns: docs/outputs.md.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "models/scenario/study.h"
#include "tools/report/study_report.h"

namespace netsim::report {

// The two studies of a comparison: the same scenario with the compared flows over TCP and over
// UDP; results laid out as a study's (point p, replication r at p·replications + r).
struct Comparison {
  const scenario::Study* tcp = nullptr;
  const scenario::Study* udp = nullptr;
  std::vector<RunResult> tcp_results;
  std::vector<RunResult> udp_results;
  std::vector<std::string> flows;  // the compared (message_stream) flows
  // theory_loss[p][f]: the share of flow f's datagrams its link loses at point p, from the loss
  // model's stationary distribution (models/analytic); NaN when the flow crosses more than one
  // link. UDP carries each message in one datagram, so this is its expected message loss.
  std::vector<std::vector<double>> theory_loss;
};

// P(a datagram from `from` to `to` is lost), when one link joins them directly: the loss
// model's mean loss (Markov models solved with Eigen) combined with corruption; NaN otherwise.
// Queue drops are not included (the scenario must not congest the link for this to hold).
double direct_link_loss(const scenario::ScenarioConfig& config, const std::string& from,
                        const std::string& to);

// The metrics compare.csv reports, in order.
const std::vector<std::string>& compared_metrics();

void write_compare_csv(std::ostream& out, const Comparison& comparison);

// compare_cdf.csv: per point, compared flow and transport, the latency distribution at 201
// quantiles, each the mean over replications of that quantile (Vincent averaging: the average
// distribution's shape, not a mixture's).
void write_compare_cdf_csv(std::ostream& out, const Comparison& comparison);

// Per point and flow, a line such as "at links.access.loss=1%: TCP p99 is 4.6× UDP's (92.1 vs
// 20.2 ms); UDP loses 1.00% of messages, TCP 0.00%", and where the crossovers lie.
std::string compare_summary(const Comparison& comparison);

}  // namespace netsim::report
