// Reading the golden files the reference JavaScript code writes (tools/validate/*/generate.js):
// tab-separated fields, escaped so that a line stays one line — backslash as \\, tab \t, LF \n,
// CR \r, other control bytes as \xHH.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace netsim::testing {

inline std::string unescape_golden(std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 >= field.size()) {
      out.push_back(field[i]);
      continue;
    }
    const char e = field[++i];
    if (e == 't') {
      out.push_back('\t');
    } else if (e == 'n') {
      out.push_back('\n');
    } else if (e == 'r') {
      out.push_back('\r');
    } else if (e == 'x' && i + 2 < field.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(field.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(e);  // "\\"
    }
  }
  return out;
}

inline std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// A golden line's fields, unescaped.
inline std::vector<std::string> golden_fields(std::string_view line) {
  std::vector<std::string> fields = split(line, '\t');
  for (std::string& field : fields) field = unescape_golden(field);
  return fields;
}

// The rows of a golden file under tests/data with `fields` fields each, unescaped; lines that
// are empty or start with '#' (a generator's column header) are skipped.
inline std::vector<std::vector<std::string>> golden_rows(const std::string& file,
                                                         std::size_t fields) {
  std::ifstream in(std::string(NETSIM_SOURCE_DIR) + "/tests/data/" + file);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = golden_fields(line);
    if (f.size() == fields) rows.push_back(std::move(f));
  }
  return rows;
}

// A time the reference measured with Node's timers (in ms) against netsim's. Node's timers run
// off libuv's loop clock, cached once per loop turn: timed with performance.now() they fire up
// to 1 ms early and a few ms late (1–5 ms over repeated runs of the generators, which keep the
// least of five). So netsim's time must lie within 1 ms above and 5 ms below the reference's.
// Returns the failure, empty if within.
inline std::string node_time_mismatch(std::int64_t netsim_ms, std::int64_t reference_ms) {
  if (netsim_ms <= reference_ms + 1 && netsim_ms >= reference_ms - 5) return {};
  return "netsim " + std::to_string(netsim_ms) + " ms, reference " + std::to_string(reference_ms) +
         " ms (allowed: 5 ms below to 1 ms above)";
}

}  // namespace netsim::testing
