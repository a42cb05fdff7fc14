#include "tools/report/plots.h"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace netsim::report {

namespace fs = std::filesystem;

namespace {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::size_t column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    throw std::runtime_error("a CSV file lacks the column '" + name + "'");
  }
};

// The CSV files netsim writes: RFC 4180 quoting, LF line ends.
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

Table read_table(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  Table t;
  std::string line;
  if (std::getline(in, line)) t.header = split_csv(line);
  while (std::getline(in, line)) t.rows.push_back(split_csv(line));
  return t;
}

// "1%" → 1, "20ms" → 20, "10Mbps" → 10: the number a swept value starts with, and its unit.
bool leading_number(const std::string& text, double& number, std::string& unit) {
  char* end = nullptr;
  number = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return false;
  unit = end;
  return true;
}

std::string quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Runs gnuplot on `script` inside `folder`.
void run_gnuplot(const fs::path& folder, const std::string& script) {
  const pid_t child = fork();
  if (child < 0) throw std::runtime_error("cannot start gnuplot");
  if (child == 0) {
    if (chdir(folder.c_str()) != 0) _exit(126);
    execlp("gnuplot", "gnuplot", script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    throw std::runtime_error(
        "gnuplot is not installed (Debian: apt-get install gnuplot-nox, or tools/deps.sh)");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("gnuplot failed on " + (folder / script).string());
  }
}

// A script drawing `body` (gnuplot commands ending in a plot command) to NAME.png and NAME.svg.
void draw(const fs::path& folder, const std::string& name, const std::string& body,
          std::vector<std::string>& files) {
  std::ofstream gp(folder / (name + ".gp"));
  gp << "# Drawn by netsim plot; rerun with: gnuplot " << name << ".gp\n"
     << "set datafile separator ','\n"
     << "set terminal pngcairo size 960,600 enhanced font 'DejaVu Sans,11'\n"
     << "set output '" << name << ".png'\n"
     << "set grid\nset key outside top center horizontal\n"
     << body << "\n"
     << "set terminal svg size 960,600 enhanced font 'DejaVu Sans,11' background '#ffffff'\n"
     << "set output '" << name << ".svg'\nreplot\n";
  gp.close();
  run_gnuplot(folder, name + ".gp");
  files.push_back("plots/" + name + ".png");
  files.push_back("plots/" + name + ".svg");
}

void latency_cdf(const fs::path& results, const fs::path& folder, std::vector<std::string>& files) {
  const Table t = read_table(results / "messages.csv");
  const std::size_t flow = t.column("flow");
  const std::size_t latency = t.column("latency_ns");
  std::map<std::string, std::vector<double>> by_flow;
  std::vector<std::string> order;
  for (const auto& row : t.rows) {
    if (by_flow.find(row[flow]) == by_flow.end()) order.push_back(row[flow]);
    auto& v = by_flow[row[flow]];
    if (!row[latency].empty()) v.push_back(std::stod(row[latency]) / 1e6);
  }
  // Transports from summary.csv, for the legend.
  std::map<std::string, std::string> transport;
  if (fs::exists(results / "summary.csv")) {
    const Table s = read_table(results / "summary.csv");
    for (const auto& row : s.rows) transport[row[s.column("flow")]] = row[s.column("transport")];
  }
  std::ofstream data(folder / "latency-cdf.dat");
  std::string plot = "plot ";
  int block = 0;
  for (const auto& name : order) {
    auto& v = by_flow[name];
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    // At most ~2000 points per curve: the empirical CDF at evenly spaced ranks, ends included.
    const std::size_t step = std::max<std::size_t>(1, v.size() / 2000);
    for (std::size_t i = 0; i < v.size(); i += step) {
      data << v[i] << ',' << static_cast<double>(i + 1) / static_cast<double>(v.size()) << '\n';
    }
    data << v.back() << ",1\n\n\n";
    const std::string label = transport.count(name) ? name + " (" + transport[name] + ")" : name;
    plot += fmt::format("{}'latency-cdf.dat' index {} using 1:2 with steps lw 2 title {}",
                        block > 0 ? ", " : "", block, quote(label));
    ++block;
  }
  data.close();
  if (block == 0) return;
  draw(folder, "latency-cdf",
       "set title 'One-way latency of delivered messages'\n"
       "set xlabel 'latency (ms, log scale)'\nset ylabel 'fraction of delivered messages'\n"
       "set logscale x\nset yrange [0:1.02]\n" +
           plot,
       files);
}

void tcp_series(const fs::path& results, const fs::path& folder, std::vector<std::string>& files) {
  const Table t = read_table(results / "timeseries.csv");
  if (t.rows.empty()) return;
  const std::size_t time = t.column("time_ns");
  const std::size_t flow = t.column("flow");
  const std::size_t role = t.column("role");
  const std::size_t cwnd = t.column("cwnd");
  const std::size_t srtt = t.column("srtt_ms");
  std::map<std::string, std::ostringstream> blocks;
  std::vector<std::string> order;
  for (const auto& row : t.rows) {
    if (row[role] != "client") continue;  // the senders of bulk and message flows
    if (blocks.find(row[flow]) == blocks.end()) order.push_back(row[flow]);
    blocks[row[flow]] << std::stod(row[time]) / 1e9 << ',' << std::stod(row[cwnd]) / 1000 << ','
                      << row[srtt] << '\n';
  }
  if (order.empty()) return;
  std::ofstream data(folder / "tcp.dat");
  std::string cwnd_plot = "plot ";
  std::string rtt_plot = "plot ";
  for (std::size_t i = 0; i < order.size(); ++i) {
    data << blocks[order[i]].str() << "\n\n";
    cwnd_plot += fmt::format("{}'tcp.dat' index {} using 1:2 with steps lw 1.5 title {}",
                             i > 0 ? ", " : "", i, quote(order[i]));
    rtt_plot += fmt::format("{}'tcp.dat' index {} using 1:3 with lines lw 1.5 title {}",
                            i > 0 ? ", " : "", i, quote(order[i]));
  }
  data.close();
  draw(folder, "tcp-cwnd",
       "set title 'TCP congestion window of each sender'\n"
       "set xlabel 'time (s)'\nset ylabel 'cwnd (kB)'\nset yrange [0:*]\n" +
           cwnd_plot,
       files);
  draw(folder, "tcp-rtt",
       "set title 'TCP smoothed round-trip time (SRTT) of each sender'\n"
       "set xlabel 'time (s)'\nset ylabel 'SRTT (ms)'\nset yrange [0:*]\n" +
           rtt_plot,
       files);
}

void compare_plots(const fs::path& results, const fs::path& folder,
                   std::vector<std::string>& files) {
  const Table t = read_table(results / "compare.csv");
  const std::size_t flow_col = t.column("flow");
  if (flow_col == 0 || t.rows.empty()) return;  // no swept key: nothing to draw against
  const std::string key = t.header[0];
  const std::size_t transport = t.column("transport");
  const std::size_t p50 = t.column("latency_p50_ms");
  const std::size_t p50_ci = t.column("latency_p50_ms_ci95");
  const std::size_t p99 = t.column("latency_p99_ms");
  const std::size_t p99_ci = t.column("latency_p99_ms_ci95");
  const std::size_t lost = t.column("loss_ratio");
  const std::size_t lost_ci = t.column("loss_ratio_ci95");
  const std::size_t theory = t.column("theory_loss_ratio");
  // A numeric key (0.5%, 20ms) is an axis; anything else (wired, wifi) a category per point,
  // placed at 0, 1, 2, ... and labelled with its name.
  bool numeric = true;
  std::string unit;
  for (const auto& row : t.rows) {
    double x = 0;
    numeric = numeric && leading_number(row[0], x, unit);
  }
  if (!numeric) unit.clear();
  std::map<std::string, double> category;
  std::map<std::string, std::ostringstream> blocks;  // flow + transport
  std::vector<std::string> order;
  const auto value = [](const std::string& s) { return s.empty() ? std::string("0") : s; };
  for (const auto& row : t.rows) {
    double x = 0;
    std::string ignored;
    if (numeric) {
      leading_number(row[0], x, ignored);
    } else {
      x = category.emplace(row[0], static_cast<double>(category.size())).first->second;
    }
    const std::string series = row[flow_col] + " over " + row[transport];
    if (blocks.find(series) == blocks.end()) order.push_back(series);
    blocks[series] << x << ',' << value(row[p50]) << ',' << value(row[p50_ci]) << ','
                   << value(row[p99]) << ',' << value(row[p99_ci]) << ','
                   << std::stod(value(row[lost])) * 100 << ','
                   << std::stod(value(row[lost_ci])) * 100 << ',' << row[0] << ','
                   << (row[theory].empty() ? std::string("NaN")
                                           : fmt::format("{}", std::stod(row[theory]) * 100))
                   << '\n';
  }
  std::ofstream data(folder / "compare.dat");
  std::string latency_plot = "plot ";
  std::string loss_plot = "plot ";
  std::string theory_plot;                             // the UDP series' expected loss, as points
  const std::string tics = numeric ? "" : ":xtic(8)";  // category names under the axis
  for (std::size_t i = 0; i < order.size(); ++i) {
    data << blocks[order[i]].str() << "\n\n";
    const std::string sep = i > 0 ? ", " : "";
    latency_plot += fmt::format(
        "{}'compare.dat' index {} using 1:2:3{} with yerrorlines lw 1.5 title {}, "
        "'compare.dat' index {} using 1:4:5{} with yerrorlines lw 1.5 dt 2 title {}",
        sep, i, tics, quote(order[i] + ", p50"), i, tics, quote(order[i] + ", p99"));
    loss_plot +=
        fmt::format("{}'compare.dat' index {} using 1:6:7{} with yerrorlines lw 1.5 title {}", sep,
                    i, tics, quote(order[i]));
    if (order[i].ends_with(" over udp")) {
      theory_plot += fmt::format(
          ", 'compare.dat' index {} using 1:9 with points pt 6 ps 2 lc rgb 'black' title {}", i,
          quote(theory_plot.empty() ? "theory: the link's loss (Markov model)" : ""));
    }
  }
  data.close();
  const std::string x_label = unit.empty() ? key : key + " (" + unit + ")";
  const std::string x_range =
      numeric ? ""
              : fmt::format("set xrange [-0.5:{}]\n", static_cast<double>(category.size()) - 0.5);
  const std::string name = "vs-" + key;
  draw(folder, "latency-" + name,
       "set title 'Message latency, TCP against UDP (mean of replications, 95% intervals)'\n"
       "set xlabel " +
           quote(x_label) +
           "\nset ylabel 'one-way latency (ms, log scale)'\n"
           "set logscale y\n" +
           x_range + latency_plot,
       files);
  // UDP sends each message as one datagram: its expected loss is the link's (compare.csv's
  // theory_loss_ratio, where one link joins the ends).
  loss_plot += theory_plot;
  draw(folder, "loss-" + name,
       "set title 'Messages lost in the network, TCP against UDP'\n"
       "set xlabel " +
           quote(x_label) + "\nset ylabel 'messages lost (%)'\nset yrange [0:*]\n" + x_range +
           loss_plot,
       files);
}

// One figure per sweep point: each compared flow's latency CDF over TCP and over UDP.
void compare_cdfs(const fs::path& results, const fs::path& folder,
                  std::vector<std::string>& files) {
  const Table t = read_table(results / "compare_cdf.csv");
  const std::size_t flow = t.column("flow");
  const std::size_t transport = t.column("transport");
  const std::size_t quantile_col = t.column("quantile");
  const std::size_t latency = t.column("latency_ms");
  // Points in order of appearance, identified by their swept values.
  std::vector<std::string> points;
  std::map<std::string, std::map<std::string, std::ostringstream>> series;  // point → series
  std::map<std::string, std::vector<std::string>> series_order;
  for (const auto& row : t.rows) {
    std::string point;
    for (std::size_t k = 0; k < flow; ++k)
      point += (k > 0 ? ", " : "") + t.header[k] + "=" + row[k];
    if (series.find(point) == series.end()) points.push_back(point);
    const std::string name = row[flow] + " over " + row[transport];
    auto& by_name = series[point];
    if (by_name.find(name) == by_name.end()) series_order[point].push_back(name);
    by_name[name] << row[latency] << ',' << row[quantile_col] << '\n';
  }
  for (std::size_t p = 0; p < points.size(); ++p) {
    const std::string& point = points[p];
    std::string file = "latency-cdf";
    if (!point.empty()) {
      file += "-";
      for (const char ch : point.substr(point.find('=') + 1)) {
        file += std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' ? ch : '_';
      }
      if (points.size() > 1 && flow > 1) file += "-" + std::to_string(p);
    }
    std::ofstream data(folder / (file + ".dat"));
    std::string plot = "plot ";
    const auto& names = series_order[point];
    for (std::size_t i = 0; i < names.size(); ++i) {
      data << series[point][names[i]].str() << "\n\n";
      plot +=
          fmt::format("{}'{}.dat' index {} using 1:2 with lines lw 2{} title {}", i > 0 ? ", " : "",
                      file, i, names[i].ends_with("udp") ? "" : " dt 2", quote(names[i]));
    }
    data.close();
    draw(folder, file,
         "set title " +
             quote("One-way latency" + (point.empty() ? "" : " at " + point) +
                   " (mean of the replications' quantiles)") +
             "\nset xlabel 'latency (ms, log scale)'\nset ylabel 'fraction of delivered "
             "messages'\nset logscale x\nset yrange [0:1.02]\n" +
             plot,
         files);
  }
}

}  // namespace

std::vector<std::string> plot_results(const fs::path& results) {
  if (!fs::is_directory(results)) {
    throw std::runtime_error(results.string() + " is not a results folder");
  }
  const fs::path folder = results / "plots";
  fs::create_directories(folder);
  std::vector<std::string> files;
  if (fs::exists(results / "messages.csv")) latency_cdf(results, folder, files);
  if (fs::exists(results / "timeseries.csv")) tcp_series(results, folder, files);
  if (fs::exists(results / "compare.csv")) compare_plots(results, folder, files);
  if (fs::exists(results / "compare_cdf.csv")) compare_cdfs(results, folder, files);
  if (files.empty()) {
    throw std::runtime_error("nothing to draw in " + results.string() +
                             " (it needs messages.csv, timeseries.csv or compare.csv)");
  }
  return files;
}

}  // namespace netsim::report
