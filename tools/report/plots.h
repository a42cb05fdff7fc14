// `netsim plot RESULT_DIR`: figures of a results folder, drawn by gnuplot (Debian's gnuplot-nox)
// as PNG and SVG in RESULT_DIR/plots/, next to the gnuplot scripts and data that drew them (so
// a figure can be restyled by editing its script). What is drawn depends on what is there:
//   messages.csv     latency-cdf: one-way latency CDF per flow (and so per transport);
//   timeseries.csv   tcp-cwnd and tcp-rtt: each TCP sender's cwnd and smoothed RTT over time;
//   compare_cdf.csv  latency-cdf-<point>: per sweep point, the compared flows' latency CDFs;
//   compare.csv      latency-vs-<key> (p50 and p99 per transport, 95% intervals) and
//                    loss-vs-<key> (messages lost per transport, with the theory points of
//                    compare.csv's theory_loss_ratio for UDP).
// Every figure has a title, axis labels with units and a legend.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace netsim::report {

// Draws what the folder holds; returns the image files written (relative to the folder). Throws
// std::runtime_error if gnuplot is missing or fails, or if there is nothing to draw.
std::vector<std::string> plot_results(const std::filesystem::path& results);

}  // namespace netsim::report
