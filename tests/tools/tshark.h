// Runs Wireshark's tshark on a capture and returns the requested fields, one row per frame, so
// that tests check netsim's pcap files with dissectors nobody here wrote.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/tools/csv_reader.h"

namespace netsim::testing {

struct Tshark {
  int status = -1;
  std::vector<std::vector<std::string>> rows;  // one per frame, the requested fields
  std::string errors;                          // stderr, without tshark's "running as root" notice
};

// The fields of a row from `first` on, rejoined: the last requested field may hold the
// separator (a WebSocket text with a comma), which splits it.
inline std::string fields_from(const std::vector<std::string>& row, std::size_t first) {
  std::string out;
  for (std::size_t i = first; i < row.size(); ++i) out += (i > first ? "," : "") + row[i];
  return out;
}

inline Tshark tshark(const std::filesystem::path& file, const std::vector<std::string>& fields) {
  const std::filesystem::path err = file.string() + ".err";
  std::string command =
      "tshark -r " + file.string() +
      " -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE -T fields"
      " -E separator=,";
  for (const auto& f : fields) command += " -e " + f;
  command += " 2>" + err.string();
  Tshark t;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return t;
  std::string out;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int raw = ::pclose(pipe);
  t.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) t.rows.push_back(split_csv_line(line));
  std::istringstream err_lines(read_file(err.string()));
  while (std::getline(err_lines, line)) {
    if (line.find("Running as user") == std::string::npos) t.errors += line + "\n";
  }
  return t;
}

}  // namespace netsim::testing
