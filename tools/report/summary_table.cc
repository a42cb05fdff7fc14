#include "tools/report/summary_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace netsim::report {

namespace {
std::string ms(double ns) { return std::isnan(ns) ? "-" : fmt::format("{:.3f}", ns / 1e6); }
}  // namespace

std::string format_table(const std::vector<std::vector<std::string>>& rows,
                         std::size_t text_columns) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      // Text columns left-aligned, figures right-aligned.
      out += c < text_columns ? fmt::format("{:<{}}", row[c], width[c])
                              : fmt::format("{:>{}}", row[c], width[c]);
      out += c + 1 < row.size() ? "  " : "\n";
    }
  }
  return out;
}

std::string summary_table(const std::vector<FlowSummary>& flows) {
  std::vector<std::vector<std::string>> rows{{"flow", "transport", "sent", "delivered", "lost",
                                              "p50 ms", "p95 ms", "p99 ms", "max ms",
                                              "goodput Mbps"}};
  for (const auto& f : flows) {
    const std::uint64_t not_delivered = f.sent - f.delivered - f.in_flight;
    const std::string lost =
        f.sent == 0
            ? "-"
            : fmt::format("{} ({:.2f}%)", not_delivered,
                          100.0 * static_cast<double>(not_delivered) / static_cast<double>(f.sent));
    rows.push_back({f.flow, f.transport, fmt::format("{}", f.sent), fmt::format("{}", f.delivered),
                    lost, ms(f.latency_p50_ns), ms(f.latency_p95_ns), ms(f.latency_p99_ns),
                    ms(f.latency_max_ns), fmt::format("{:.3f}", f.goodput_mbps)});
  }
  return format_table(rows, 2);
}

}  // namespace netsim::report
